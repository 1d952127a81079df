package complaint

import (
	"fmt"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// Month is a calendar month in China Standard Time, the period of the
// analysis report (C5.1).
type Month struct {
	Year  int
	Month time.Month
}

// MonthOf returns the CST month of t.
func MonthOf(t time.Time) Month {
	d := calendar.DateOf(t)
	return Month{d.Year, d.Month}
}

// ParseMonth parses "2006-01".
func ParseMonth(s string) (Month, error) {
	t, err := time.ParseInLocation("2006-01", s, calendar.CST())
	if err != nil {
		return Month{}, invalid("month_invalid", "月份 %q 格式错误，应为 YYYY-MM", s)
	}
	return Month{t.Year(), t.Month()}, nil
}

// String returns "2006-01".
func (m Month) String() string { return fmt.Sprintf("%04d-%02d", m.Year, int(m.Month)) }

// Start returns 00:00 CST of the month's first day.
func (m Month) Start() time.Time { return time.Date(m.Year, m.Month, 1, 0, 0, 0, 0, calendar.CST()) }

// End returns 00:00 CST of the next month's first day: 24:00 of the month's
// last day.
func (m Month) End() time.Time { return m.Start().AddDate(0, 1, 0) }

// LastDay returns the month's last day.
func (m Month) LastDay() calendar.Date { return calendar.DateOf(m.End().Add(-time.Hour)) }

// Prev returns the month before.
func (m Month) Prev() Month { return MonthOf(m.Start().Add(-time.Hour)) }

// Next returns the month after.
func (m Month) Next() Month { return MonthOf(m.End()) }

// Before reports whether m is before o.
func (m Month) Before(o Month) bool { return m.Start().Before(o.Start()) }

// MarshalText encodes the month as "2006-01", and the zero Month as empty
// text.
func (m Month) MarshalText() ([]byte, error) {
	if m == (Month{}) {
		return []byte{}, nil
	}
	return []byte(m.String()), nil
}

// UnmarshalText decodes "2006-01"; empty text is the zero Month.
func (m *Month) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*m = Month{}
		return nil
	}
	p, err := ParseMonth(string(b))
	if err != nil {
		return err
	}
	*m = p
	return nil
}

// validate refuses months outside 2000-01 to 9999-12 and month numbers
// outside 1–12.
func (m Month) validate() error {
	if m.Month < 1 || m.Month > 12 || m.Year < 2000 || m.Year > 9999 {
		return invalid("month_invalid", "月份 %d-%02d 无效", m.Year, int(m.Month))
	}
	return nil
}
