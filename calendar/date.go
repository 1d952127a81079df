package calendar

import (
	"fmt"
	"time"
)

// cstZone is China Standard Time; CST returns it.
var cstZone = time.FixedZone("CST", 8*60*60)

// CST returns China Standard Time, UTC+8 with no daylight saving: the same
// *time.Location every time. Every date in this package is a date in CST.
func CST() *time.Location { return cstZone }

const (
	secondsPerDay = 24 * 60 * 60
	cstOffset     = 8 * 60 * 60
	// minYear and maxYear bound the dates that period arithmetic returns.
	minYear = 1
	maxYear = 9999
)

// Date is a calendar day in China Standard Time, with no time of day.
//
// The zero Date is not a valid day; IsZero reports it. Use D, DateOf or
// ParseDate to make one.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// D returns the date y-m-d, normalised the way time.Date normalises
// (D(2025, 2, 29) is 2025-03-01).
func D(y int, m time.Month, d int) Date {
	return fromDays(daysFromCivil(y, m, 1) + int64(d) - 1)
}

// DateOf returns t's date in China Standard Time, whatever t's location.
func DateOf(t time.Time) Date {
	return fromDays(dayOf(t))
}

// ParseDate parses a date in the form 2006-01-02.
func ParseDate(s string) (Date, error) {
	t, err := time.ParseInLocation(time.DateOnly, s, cstZone)
	if err != nil {
		return Date{}, fmt.Errorf("calendar: 日期格式错误 %q（应为 YYYY-MM-DD）: %w", s, err)
	}
	return DateOf(t), nil
}

// MustParseDate is like ParseDate but panics on a malformed date. It is
// meant for constants in tests and examples.
func MustParseDate(s string) Date {
	d, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == Date{} }

// String returns d as 2006-01-02.
func (d Date) String() string {
	if d.Year >= 0 && d.Year <= 9999 {
		return fmt.Sprintf("%04d-%02d-%02d", d.Year, int(d.Month), d.Day)
	}
	return fmt.Sprintf("%d-%02d-%02d", d.Year, int(d.Month), d.Day)
}

// Start returns 00:00 CST of d.
func (d Date) Start() time.Time {
	return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, cstZone)
}

// End returns 24:00 CST of d, which is 00:00 CST of the next day. A period
// that ends on d has this instant as its deadline.
func (d Date) End() time.Time { return d.AddDays(1).Start() }

// AddDays returns the date n calendar days after d (before it when n < 0).
func (d Date) AddDays(n int) Date { return fromDays(d.days() + int64(n)) }

// DaysUntil returns the number of calendar days from d to e (negative when e
// is before d).
func (d Date) DaysUntil(e Date) int { return int(e.days() - d.days()) }

// Weekday returns the day of the week of d.
func (d Date) Weekday() time.Weekday { return weekdayOf(d.days()) }

// Compare returns -1, 0 or +1 as d is before, equal to or after e.
func (d Date) Compare(e Date) int {
	a, b := d.days(), e.days()
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// Before reports whether d is before e.
func (d Date) Before(e Date) bool { return d.days() < e.days() }

// After reports whether d is after e.
func (d Date) After(e Date) bool { return d.days() > e.days() }

// MarshalText encodes d as 2006-01-02, and the zero Date as empty text.
func (d Date) MarshalText() ([]byte, error) {
	if d.IsZero() {
		return []byte{}, nil
	}
	return []byte(d.String()), nil
}

// UnmarshalText decodes a date in the form 2006-01-02; empty text is the
// zero Date.
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// days returns the number of days from 1970-01-01 to d.
func (d Date) days() int64 { return daysFromCivil(d.Year, d.Month, d.Day) }

// dayOf returns the number of days from 1970-01-01 to t's CST date.
func dayOf(t time.Time) int64 { return floorDiv(t.Unix()+cstOffset, secondsPerDay) }

// startOfDay returns 00:00 CST of day number n.
func startOfDay(n int64) time.Time {
	return time.Unix(n*secondsPerDay-cstOffset, 0).In(cstZone)
}

func weekdayOf(n int64) time.Weekday {
	// 1970-01-01 was a Thursday.
	return time.Weekday(floorMod(n+4, 7))
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// daysFromCivil is Howard Hinnant's days_from_civil: the day number of a
// proleptic Gregorian date, counted from 1970-01-01. Out-of-range months and
// days are normalised first.
func daysFromCivil(y int, m time.Month, d int) int64 {
	yy, mm := int64(y), int64(m)-1
	yy += floorDiv(mm, 12)
	mm = floorMod(mm, 12) + 1
	if mm <= 2 {
		yy--
	}
	era := floorDiv(yy, 400)
	yoe := yy - era*400
	mp := (mm + 9) % 12
	doy := (153*mp+2)/5 + int64(d) - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// fromDays is the inverse of daysFromCivil.
func fromDays(z int64) Date {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return Date{Year: int(y), Month: time.Month(m), Day: int(d)}
}
