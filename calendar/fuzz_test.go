package calendar_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// FuzzParseNotice feeds arbitrary bytes to the JSON loader: it never
// panics, and whatever it accepts builds a calendar that knows the notice.
func FuzzParseNotice(f *testing.F) {
	files, _ := filepath.Glob("testdata/cn-holidays/*.json")
	for _, file := range files {
		if data, err := os.ReadFile(file); err == nil {
			f.Add(data)
		}
	}
	f.Add([]byte(notice2028))
	f.Add([]byte(`{"year": 2028, "papers": [], "days": []}`))
	f.Add([]byte(`{"year": 2028, "days": [{"date": "2028-02-30", "isOffDay": true}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, data []byte) {
		n, err := calendar.ParseNotice("fuzz.json", data)
		if err != nil {
			return
		}
		c, err := calendar.China().WithNotices(n)
		if err != nil {
			t.Fatalf("accepted notice refused by WithNotices: %v", err)
		}
		for _, day := range n.Days {
			if got := c.Day(day.Date).IsWorkday(); got == day.Off {
				t.Fatalf("%s: notice says off=%t, calendar says workday=%t", day.Date, day.Off, got)
			}
		}
	})
}

// FuzzAddWorkdays checks the working-day arithmetic against its own
// definition: the n-th working day after a date is a working day, exactly n
// working days lie between, n+1 lands later (monotonic in n), a later start
// never gives an earlier result (monotonic in t), and counting back from a
// working day returns to it.
func FuzzAddWorkdays(f *testing.F) {
	f.Add(int64(0), 3, int64(1))
	f.Add(int64(7212), 10, int64(3))     // 2026-09-30 + 10
	f.Add(int64(-4200), 250, int64(100)) // before the table
	f.Add(int64(47000), 1000, int64(5))  // across the table's end
	f.Add(int64(13000), -40, int64(400))
	f.Fuzz(func(t *testing.T, off int64, n int, later int64) {
		c := calendar.China()
		base := calendar.D(2007, 1, 1)
		off %= 60_000 // about 1843 to 2171
		later = (later%3000 + 3000) % 3000
		n %= 5000
		start := base.AddDays(int(off)).Start().Add(13 * time.Hour)
		got := c.AddWorkdays(start, n)
		if n == 0 {
			if !got.Equal(calendar.DateOf(start).Start()) {
				t.Fatalf("n=0 moved %s to %s", start, got)
			}
			return
		}
		if !c.IsWorkday(got) {
			t.Fatalf("AddWorkdays(%s, %d) = %s is not a working day", start, n, got)
		}
		if n > 0 {
			if between := c.WorkdaysBetween(start, got); between != n {
				t.Fatalf("AddWorkdays(%s, %d) = %s, but %d working days between", start, n, got, between)
			}
			if next := c.AddWorkdays(start, n+1); !next.After(got) {
				t.Fatalf("not monotonic in n at %s, %d", start, n)
			}
			if back := c.AddWorkdays(got, -n); c.IsWorkday(start) && !back.Equal(calendar.DateOf(start).Start()) {
				t.Fatalf("round trip from %s by %d came back to %s", start, n, back)
			}
			if lateStart := start.AddDate(0, 0, int(later)); c.AddWorkdays(lateStart, n).Before(got) {
				t.Fatalf("not monotonic in t: %s + %d before %s + %d", lateStart, n, start, n)
			}
			if due := c.Deadline(start, n); !due.Equal(got.AddDate(0, 0, 1)) {
				t.Fatalf("Deadline %s is not 24:00 of %s", due, got)
			}
		} else {
			if between := c.WorkdaysIn(calendar.DateOf(got), calendar.DateOf(start).AddDays(-1)); between != -n {
				t.Fatalf("AddWorkdays(%s, %d) = %s, but %d working days between", start, n, got, between)
			}
		}
	})
}
