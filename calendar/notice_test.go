package calendar_test

import (
	"errors"
	"os"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
)

const notice2028 = `{"year": 2028, "papers": ["https://www.gov.cn/zhengce/zhengceku/2028.htm"],
 "days": [
  {"name": "春节", "date": "2028-01-24", "isOffDay": true},
  {"name": "春节", "date": "2028-01-29", "isOffDay": false},
  {"name": "春节", "date": "2028-01-31", "isOffDay": true}
 ]}`

func TestParseNoticeErrorsNameFileDateAndFault(t *testing.T) {
	tests := []struct {
		name, json, date, fault string
	}{
		{"malformed date", `{"year": 2028, "papers": ["u"], "days": [{"name": "元旦", "date": "2028-13-01", "isOffDay": true}]}`, "2028-13-01", "日期格式错误"},
		{"short date", `{"year": 2028, "papers": ["u"], "days": [{"name": "元旦", "date": "2028-1-1", "isOffDay": true}]}`, "2028-1-1", "日期格式错误"},
		{"both off and working", `{"year": 2028, "papers": ["u"], "days": [
			{"name": "元旦", "date": "2028-01-03", "isOffDay": true},
			{"name": "元旦", "date": "2028-01-03", "isOffDay": false}]}`, "2028-01-03", "既是休息日又是上班日"},
		{"empty year", `{"year": 2028, "papers": ["u"], "days": []}`, "", "没有任何日期"},
		{"date outside the notice", `{"year": 2028, "papers": ["u"], "days": [{"name": "国庆", "date": "2026-10-01", "isOffDay": true}]}`, "2026-10-01", "不在 2028 年通知的范围内"},
		{"year out of range", `{"year": 2200, "papers": ["u"], "days": [{"name": "元旦", "date": "2200-01-01", "isOffDay": true}]}`, "", "超出支持范围"},
		{"missing isOffDay", `{"year": 2028, "papers": ["u"], "days": [{"name": "元旦", "date": "2028-01-01"}]}`, "2028-01-01", "缺少 isOffDay"},
		{"not JSON", `{"year": 2028,`, "", "不是有效的 JSON"},
		{"trailing data", `{"year": 2028, "papers": ["u"], "days": [{"name": "元旦", "date": "2028-01-01", "isOffDay": true}]} {}`, "", "多余内容"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := calendar.ParseNotice("2028.json", []byte(tt.json))
			require.ErrorIs(t, err, calendar.ErrBadNotice)
			var ne *calendar.NoticeError
			require.True(t, errors.As(err, &ne))
			require.Equal(t, "2028.json", ne.File)
			require.Equal(t, tt.date, ne.Date)
			require.Contains(t, ne.Fault, tt.fault)
			require.Contains(t, err.Error(), "2028.json")
		})
	}
}

func TestLoadNewNoticeYearAtRunTime(t *testing.T) {
	base := calendar.China()
	before := base.Day(d(2028, 1, 24))
	n, err := calendar.ParseNotice("2028.json", []byte(notice2028))
	require.NoError(t, err)
	require.Equal(t, calendar.Official, n.Source)

	next, err := base.WithNotices(n)
	require.NoError(t, err)
	require.NotSame(t, base, next)

	// The new calendar follows the notice…
	require.Equal(t, calendar.Holiday, next.Day(d(2028, 1, 24)).Kind)
	require.Equal(t, calendar.Makeup, next.Day(d(2028, 1, 29)).Kind)
	require.Equal(t, calendar.Official, next.Day(d(2028, 6, 1)).Status)
	// …and no longer projects 2028: 除夕 2028-01-25 is a working day now.
	require.True(t, next.IsWorkday(d(2028, 1, 25).Start()))
	// 2027-12-25..31 now depends on a single-source and an official notice.
	require.Equal(t, calendar.SingleSource, next.Day(d(2027, 12, 28)).Status)

	// The calendar it came from is unchanged.
	require.Equal(t, before, base.Day(d(2028, 1, 24)))
	require.Equal(t, calendar.Provisional, base.Day(d(2028, 6, 1)).Status)
	require.Equal(t, calendar.China(), base)
}

func TestRevisedNoticeReplacesItsYear(t *testing.T) {
	// A revision of 2027 confirmed from the notice text: now official, and
	// 2027-06-11 (a Friday) an extra day off.
	old := calendar.China().Notices()[20]
	revised := calendar.Notice{Year: 2027, Papers: []string{"https://www.gov.cn/2027"}, Source: calendar.Official,
		Days: append(old.Days, calendar.NoticeDay{Date: d(2027, 6, 11), Name: "端午节", Off: true})}
	c, err := calendar.China().WithNotices(revised)
	require.NoError(t, err)
	require.Len(t, c.Notices(), 21)
	require.Equal(t, calendar.Official, c.Day(d(2027, 3, 1)).Status)
	require.False(t, c.IsWorkday(d(2027, 6, 11).Start()))
	require.True(t, calendar.China().IsWorkday(d(2027, 6, 11).Start()))
}

func TestBadNoticeLeavesCalendarAsItWas(t *testing.T) {
	base := calendar.China()
	bad := calendar.Notice{Year: 2028, Papers: []string{"u"}, Source: calendar.Official,
		Days: []calendar.NoticeDay{{Date: d(2028, 1, 3), Off: true}, {Date: d(2028, 1, 3), Off: false}}}
	c, err := base.WithNotices(bad)
	require.ErrorIs(t, err, calendar.ErrBadNotice)
	require.Nil(t, c)
	require.Len(t, base.Notices(), 21)
	require.Equal(t, calendar.Provisional, base.Day(d(2028, 1, 3)).Status)

	_, err = base.WithNotices(calendar.Notice{Year: 2028, Source: calendar.Official})
	require.ErrorIs(t, err, calendar.ErrBadNotice)
	_, err = base.WithNotices(bad, bad)
	require.ErrorIs(t, err, calendar.ErrBadNotice)
}

func TestParseNoticesFolder(t *testing.T) {
	fsys := fstest.MapFS{
		"n/2028.json": {Data: []byte(notice2028)},
		"n/readme.md": {Data: []byte("not a notice")},
	}
	ns, err := calendar.ParseNotices(fsys, "n")
	require.NoError(t, err)
	require.Len(t, ns, 1)

	fsys["n/2028b.json"] = &fstest.MapFile{Data: []byte(notice2028)}
	_, err = calendar.ParseNotices(fsys, "n")
	require.ErrorContains(t, err, "重复")

	fsys["n/2028b.json"] = &fstest.MapFile{Data: []byte(`{"year": 2029, "days": [{"date": "2029-02-30", "isOffDay": true}]}`)}
	_, err = calendar.ParseNotices(fsys, "n")
	require.ErrorContains(t, err, "2028b.json: 2029-02-30")
}

func TestSingleSourceNoticeFromJSON(t *testing.T) {
	data, err := os.ReadFile("testdata/cn-holidays/2027.json")
	require.NoError(t, err)
	n, err := calendar.ParseNotice("2027.json", data)
	require.NoError(t, err)
	require.Equal(t, calendar.SingleSource, n.Source)
	require.Contains(t, n.Note, "single source")
}

func TestOverlayComposesOntoNationalCalendar(t *testing.T) {
	// Regional rest days in the manner of 广西 三月三 and a company working
	// Saturday.
	gx := calendar.Overlay{Name: "广西壮族自治区", Days: []calendar.OverlayDay{
		{Date: d(2026, 4, 20), Name: "三月三", Rest: true},
		{Date: d(2026, 4, 21), Name: "三月三", Rest: true},
		{Date: d(2026, 4, 25), Name: "公司盘点", Rest: false},
	}}
	c, err := calendar.China().WithOverlay(gx)
	require.NoError(t, err)
	day := c.Day(d(2026, 4, 20))
	require.Equal(t, calendar.CompanyRest, day.Kind)
	require.Equal(t, "三月三", day.Name)
	require.Equal(t, calendar.Official, day.Status)
	require.Equal(t, calendar.CompanyWork, c.Day(d(2026, 4, 25)).Kind)
	// 04-17 (Fri) + 1 working day: 04-20/21 rest → 04-22.
	require.Equal(t, d(2026, 4, 22).Start(), c.AddWorkdays(d(2026, 4, 17).Start(), 1))
	require.Equal(t, d(2026, 4, 20).Start(), calendar.China().AddWorkdays(d(2026, 4, 17).Start(), 1))
	// Overlays survive a notice reload.
	n, err := calendar.ParseNotice("2028.json", []byte(notice2028))
	require.NoError(t, err)
	c2, err := c.WithNotices(n)
	require.NoError(t, err)
	require.Equal(t, calendar.CompanyRest, c2.Day(d(2026, 4, 20)).Kind)
	require.Len(t, c2.Overlays(), 1)

	_, err = calendar.China().WithOverlay(calendar.Overlay{Name: "x", Days: []calendar.OverlayDay{{Date: d(2026, 4, 20), Rest: true}, {Date: d(2026, 4, 20)}}})
	require.ErrorContains(t, err, "既是休息日又是上班日")
	_, err = calendar.China().WithOverlay(calendar.Overlay{Name: "x", Days: []calendar.OverlayDay{{Date: d(2200, 1, 1), Rest: true}}})
	require.ErrorContains(t, err, "超出支持范围")
	_, err = calendar.China().WithOverlay(calendar.Overlay{})
	require.ErrorIs(t, err, calendar.ErrBadNotice)
}

func TestProjectionMatchesOfficialYearsUnderTheSameLaw(t *testing.T) {
	// The 2025 放假办法 applies to the notices of 2025 and 2026: every
	// projected holiday is an official day off, and the projection has 13
	// days.
	c := calendar.China()
	for _, y := range []int{2025, 2026} {
		days, ok := calendar.ProjectedHolidays(y)
		require.True(t, ok)
		require.Len(t, days, 13)
		for _, p := range days {
			require.Equal(t, calendar.Holiday, c.Day(p.Date).Kind, "%d: projected %s %s", y, p.Name, p.Date)
		}
	}
	// A projected year: 2028's 春节 runs from 除夕 2028-01-25 to 初三 01-28.
	for day := d(2028, 1, 25); !day.After(d(2028, 1, 28)); day = day.AddDays(1) {
		got := c.Day(day)
		require.Equal(t, calendar.Holiday, got.Kind, "%s", day)
		require.Equal(t, "春节", got.Name)
		require.Equal(t, calendar.Provisional, got.Status)
	}
	require.False(t, c.IsWorkday(d(2028, 1, 29).Start()), "a Saturday: no makeup days are projected")
	_, ok := calendar.ProjectedHolidays(2101)
	require.False(t, ok)
}
