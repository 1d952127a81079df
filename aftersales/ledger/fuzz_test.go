package ledger_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
)

// FuzzParseTime: no input panics; what is read is in CST, a date-only
// stamp is at 00:00, and writing it back out reads the same instant.
func FuzzParseTime(f *testing.F) {
	for _, s := range []string{"2026/9/30 15:00", "2026年9月30日", "2026年9月30日下午3点半", "46295.625", "20260930",
		"2026-09-30T15:00:00+08:00", "２０２６／９／３０", "2026.9.30 8:05:07", "2026/2/30", "9/30/2026", "", "1.", "2026年"} {
		f.Add(s, false)
	}
	f.Add("44833.625", true)
	f.Fuzz(func(t *testing.T, s string, date1904 bool) {
		st, err := ledger.ParseTime(s, date1904)
		if err != nil {
			if !errors.Is(err, ledger.ErrTimeFormat) {
				t.Fatalf("ParseTime(%q) error %v does not wrap ErrTimeFormat", s, err)
			}
			return
		}
		if st.Time.Location() != calendar.CST() {
			t.Fatalf("ParseTime(%q) in %v, want CST", s, st.Time.Location())
		}
		if st.DateOnly && (st.Time.Hour() != 0 || st.Time.Minute() != 0 || st.Time.Second() != 0) {
			t.Fatalf("ParseTime(%q) date-only at %v", s, st.Time)
		}
		if st.Time.Year() < 1 || st.Time.Year() > 9999 {
			return
		}
		again, err := ledger.ParseTime(st.Time.Format("2006/1/2 15:04:05"), false)
		if err != nil || !again.Time.Equal(st.Time) {
			t.Fatalf("ParseTime(%q) = %v does not read back: %v, %v", s, st.Time, again.Time, err)
		}
	})
}

// FuzzAuditCSV: whatever the bytes, an audit returns a *ledger.Error or
// records, never panics, and every refused row names its row.
func FuzzAuditCSV(f *testing.F) {
	f.Add([]byte("登记编号,接收时间,责任部门,转达时间\nB-1,2026-09-30 16:20,项目一部,2026-10-08 09:00\n"))
	f.Add([]byte("\ufeff接收时间,转达时间,完成时间,回访时间\n2026/9/30,2026/9/29,,\n2026/13/1,,,\n"))
	f.Add([]byte("投诉编号,接收时间,重大投诉,应急预案启动时间,转达时间\nK,2026/5/6 9:00,是,2026/5/6,2026/5/7\n"))
	f.Add([]byte("\"接收时间\n2026/9/30"))
	f.Add([]byte("接收时间;转达时间\n46295.5;46296\n"))
	f.Add([]byte{0xbd, 0xd3, 0xca, 0xd5, 0xca, 0xb1, 0xbc, 0xe4, '\n', '2', '0', '2', '6', '/', '1', '/', '5', '\n'})
	f.Add([]byte("PK\x03\x04garbage"))
	f.Fuzz(func(t *testing.T, data []byte) {
		_, err := ledger.Audit(context.Background(), "fuzz.csv", bytes.NewReader(data), ledger.Options{Now: now},
			func(r ledger.Record) error {
				if r.Row < 1 {
					t.Fatalf("record at row %d", r.Row)
				}
				if r.Err != nil && (r.Err.Row != r.Row || r.Err.Code == "" || r.Err.Message == "") {
					t.Fatalf("refusal %+v does not name its row", r.Err)
				}
				return nil
			})
		var le *ledger.Error
		if err != nil && !errors.As(err, &le) {
			t.Fatalf("Audit error %v is not a *ledger.Error", err)
		}
	})
}

// FuzzAuditRow: any cells in a row of an .xlsx with the default headers
// are either audited or refused with a code.
func FuzzAuditRow(f *testing.F) {
	f.Add("2026/9/30 16:20", "2026/10/9 9:00", "简单", "2026/10/16 17:00", "电话")
	f.Add("2026年3月2日", "2026/3/1", "", "", "传真")
	f.Add("46295", "46296.4", "复杂", "2027/1/1", "")
	f.Fuzz(func(t *testing.T, received, forwarded, complexity, completed, channel string) {
		data := workbook(t, sheet{name: "客户反馈登记表", rows: [][]any{
			{"登记编号", "接收时间", "转达时间", "方案制定时间", "问题类别", "完成时间", "反馈方式"},
			{"Z", received, forwarded, forwarded, complexity, completed, channel},
		}})
		_, err := ledger.Audit(context.Background(), "row.xlsx", bytes.NewReader(data), ledger.Options{Now: now},
			func(r ledger.Record) error {
				if r.Err == nil && len(r.Request) == 0 {
					t.Fatalf("row neither refused nor audited: %+v", r)
				}
				return nil
			})
		var le *ledger.Error
		if err != nil && !errors.As(err, &le) {
			t.Fatalf("Audit error %v is not a *ledger.Error", err)
		}
	})
}
