package calendar_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
)

func d(y int, m time.Month, day int) calendar.Date { return calendar.D(y, m, day) }

// refDay is what the reference JSON says of a listed date.
type refDay struct {
	name string
	off  bool
	year int // notice year
}

type refNotice struct {
	Year   int      `json:"year"`
	Papers []string `json:"papers"`
	Days   []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay bool   `json:"isOffDay"`
	} `json:"days"`
}

// readReference decodes testdata/cn-holidays independently of the package's
// loader and merges the notice years: a later notice wins for its dates.
func readReference(t *testing.T) (map[calendar.Date]refDay, []refNotice) {
	t.Helper()
	files, err := filepath.Glob("testdata/cn-holidays/*.json")
	require.NoError(t, err)
	require.Len(t, files, 21, "one file per notice year 2007–2027")
	sort.Strings(files)
	days := map[calendar.Date]refDay{}
	var notices []refNotice
	for _, f := range files {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		var n refNotice
		require.NoError(t, json.Unmarshal(data, &n), f)
		for _, x := range n.Days {
			date, err := time.Parse(time.DateOnly, x.Date)
			require.NoError(t, err)
			days[d(date.Year(), date.Month(), date.Day())] = refDay{name: x.Name, off: x.IsOffDay, year: n.Year}
		}
		notices = append(notices, n)
	}
	return days, notices
}

func TestEveryDay2007To2027MatchesReference(t *testing.T) {
	ref, _ := readReference(t)
	c := calendar.China()
	for day := d(2006, 12, 30); !day.After(d(2027, 12, 31)); day = day.AddDays(1) {
		wd := day.Weekday()
		want := wd != time.Saturday && wd != time.Sunday
		r, listed := ref[day]
		if listed {
			want = !r.off
		}
		got := c.Day(day)
		require.Equal(t, want, c.IsWorkday(day.Start()), "IsWorkday(%s)", day)
		require.Equal(t, want, got.IsWorkday(), "Day(%s)", day)
		switch {
		case listed && r.off:
			require.Equal(t, calendar.Holiday, got.Kind, "%s", day)
			require.Equal(t, r.name, got.Name, "%s", day)
		case listed && (wd == time.Saturday || wd == time.Sunday):
			require.Equal(t, calendar.Makeup, got.Kind, "%s", day)
			require.Equal(t, r.name, got.Name, "%s", day)
		case want:
			require.Equal(t, calendar.Workday, got.Kind, "%s", day)
		default:
			require.Equal(t, calendar.Weekend, got.Kind, "%s", day)
		}
	}
}

func TestEmbeddedDataEqualsReferenceFiles(t *testing.T) {
	parsed, err := calendar.ParseNotices(os.DirFS("testdata"), "cn-holidays")
	require.NoError(t, err)
	fromFiles, err := calendar.New(parsed)
	require.NoError(t, err)
	require.Equal(t, fromFiles.Notices(), calendar.China().Notices(),
		"schedule_data.go is stale: run go generate ./calendar")
}

func TestWorkingDaysPerYear(t *testing.T) {
	// The counts in the reference README.
	want := map[int]int{2020: 249, 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248}
	c := calendar.China()
	for y, n := range want {
		require.Equal(t, n, c.WorkdaysIn(d(y, 1, 1), d(y, 12, 31)), "%d", y)
		require.Equal(t, n, c.WorkdaysBetween(d(y-1, 12, 31).Start(), d(y, 12, 31).Start()), "%d", y)
	}
}

func TestStatutoryHolidayDaysPerNoticeYear(t *testing.T) {
	// (days off on Monday–Friday) − (makeup days on Saturday/Sunday) equals
	// the statutory number of holiday days of each notice year.
	want := map[int]int{2007: 10, 2015: 12, 2020: 13}
	for y := 2008; y <= 2024; y++ {
		if y != 2015 && y != 2020 {
			want[y] = 11
		}
	}
	for y := 2025; y <= 2027; y++ {
		want[y] = 13
	}
	for _, n := range calendar.China().Notices() {
		got := 0
		for _, day := range n.Days {
			weekend := day.Date.Weekday() == time.Saturday || day.Date.Weekday() == time.Sunday
			switch {
			case day.Off && !weekend:
				got++
			case !day.Off && weekend:
				got--
			}
		}
		require.Equal(t, want[n.Year], got, "notice %d", n.Year)
	}
}

func TestReferenceTraps(t *testing.T) {
	c := calendar.China()
	// 2020-02-03 is listed as working but is an ordinary Monday.
	require.Equal(t, calendar.Workday, c.Day(d(2020, 2, 3)).Kind)
	// The 2020 COVID extension: 02-02 off; the 02-01 makeup day cancelled.
	require.Equal(t, calendar.Holiday, c.Day(d(2020, 2, 2)).Kind)
	require.False(t, c.IsWorkday(d(2020, 2, 1).Start()))
	// 2015 revision: 09-03..05 off, Sunday 09-06 a makeup day.
	require.Equal(t, calendar.Holiday, c.Day(d(2015, 9, 3)).Kind)
	require.Equal(t, calendar.Makeup, c.Day(d(2015, 9, 6)).Kind)
	// 2019 revision: Labour Day 05-01..04.
	require.Equal(t, calendar.Holiday, c.Day(d(2019, 5, 4)).Kind)
	// The 2013 makeup days that lunar libraries miss.
	require.Equal(t, calendar.Makeup, c.Day(d(2013, 4, 7)).Kind)
	require.Equal(t, calendar.Makeup, c.Day(d(2013, 10, 12)).Kind)
	// Late-December dates in the next year's notice.
	require.Equal(t, calendar.Makeup, c.Day(d(2006, 12, 30)).Kind)
	require.Equal(t, calendar.Holiday, c.Day(d(2007, 12, 31)).Kind)
	require.Equal(t, calendar.Makeup, c.Day(d(2011, 12, 31)).Kind)
	require.Equal(t, calendar.Holiday, c.Day(d(2018, 12, 31)).Kind)
	require.Equal(t, calendar.Holiday, c.Day(d(2022, 12, 31)).Kind)
	// Both days of one weekend as makeup days.
	require.Equal(t, calendar.Makeup, c.Day(d(2022, 1, 29)).Kind)
	require.Equal(t, calendar.Makeup, c.Day(d(2022, 1, 30)).Kind)
}

func TestStatusOfEveryYear(t *testing.T) {
	c := calendar.China()
	require.Equal(t, calendar.Unscheduled, c.Day(d(2006, 6, 1)).Status)
	require.Equal(t, calendar.Official, c.Day(d(2006, 12, 30)).Status, "listed by the 2007 notice")
	require.Equal(t, calendar.Official, c.Day(d(2016, 7, 1)).Status)
	require.Equal(t, calendar.Official, c.Day(d(2026, 12, 24)).Status)
	// December's last week depends on next year's notice too.
	require.Equal(t, calendar.SingleSource, c.Day(d(2026, 12, 28)).Status)
	require.Equal(t, calendar.SingleSource, c.Day(d(2027, 3, 1)).Status)
	require.Equal(t, calendar.Provisional, c.Day(d(2027, 12, 28)).Status)
	require.Equal(t, calendar.Provisional, c.Day(d(2050, 3, 1)).Status)
	require.Equal(t, calendar.Unscheduled, c.Day(d(2101, 3, 1)).Status)
	require.Len(t, c.Notices(), 21)
	require.Equal(t, calendar.SingleSource, c.Notices()[20].Source)
	require.Empty(t, c.Notices()[20].Papers)
	require.NotEmpty(t, c.Notices()[20].Note)
	for _, n := range c.Notices()[:20] {
		require.Equal(t, calendar.Official, n.Source, "%d", n.Year)
		require.NotEmpty(t, n.Papers, "%d keeps its notice URL", n.Year)
	}
}

func TestDateJSONRoundTrip(t *testing.T) {
	for _, x := range []calendar.Date{{}, d(2026, 10, 1), d(1, 1, 1)} {
		b, err := json.Marshal(x)
		require.NoError(t, err)
		var back calendar.Date
		require.NoError(t, json.Unmarshal(b, &back), string(b))
		require.Equal(t, x, back)
	}
	var bad calendar.Date
	require.Error(t, json.Unmarshal([]byte(`"2026-02-30"`), &bad))
}
