package calendar

import "time"

// The working-day arithmetic rests on one ordinal: ord(n) is the number of
// working days from the start of the table up to (not including) day n,
// negative before the table. Inside the table it is a lookup in cum; outside,
// where only the Monday–Friday rule applies, it is closed-form week
// arithmetic. Its inverse, day(k), gives the working day with ordinal k. So
// every query is O(1), whatever n, with no allocation.

// monday is a Monday's day number (1970-01-05), the origin of weekday
// ordinals.
const monday = 4

// maxSteps bounds n in AddWorkdays: more working days than lie between year
// 1 and year 9999. Larger requests saturate.
const maxSteps = 3_000_000

var (
	minDay = daysFromCivil(minYear, 1, 1)
	maxDay = daysFromCivil(maxYear, 12, 31)
)

// weekdayOrd is the number of Monday–Friday days in [monday, n) (negative
// before it).
func weekdayOrd(n int64) int64 {
	x := n - monday
	w := floorDiv(x, 7)
	return 5*w + min(x-7*w, 5)
}

// weekdayDay is the inverse of weekdayOrd on Monday–Friday days.
func weekdayDay(k int64) int64 {
	w := floorDiv(k, 5)
	return monday + 7*w + (k - 5*w)
}

func (c *Calendar) ord(n int64) int64 {
	switch {
	case n < tableLo:
		return weekdayOrd(n) - weekdayOrd(tableLo)
	case n <= tableHi+1:
		return int64(c.cum[n-tableLo])
	default:
		return int64(c.cum[len(c.cum)-1]) + weekdayOrd(n) - weekdayOrd(tableHi+1)
	}
}

func (c *Calendar) day(k int64) int64 {
	total := int64(len(c.nth))
	switch {
	case k < 0:
		return weekdayDay(weekdayOrd(tableLo) + k)
	case k < total:
		return tableLo + int64(c.nth[k])
	default:
		return weekdayDay(weekdayOrd(tableHi+1) + k - total)
	}
}

func (c *Calendar) isWorkday(n int64) bool {
	if i := n - tableLo; i >= 0 && i < int64(len(c.days)) {
		return Kind(c.days[i] & 0x0f).IsWorkday()
	}
	wd := weekdayOf(n)
	return wd != time.Saturday && wd != time.Sunday
}

// addWorkdays returns the day number of the n-th working day after day d
// (before it when n < 0; d itself when n == 0), clamped to years 1–9999.
func (c *Calendar) addWorkdays(d int64, n int) int64 {
	n = max(-maxSteps, min(n, maxSteps))
	var e int64
	switch {
	case n > 0:
		e = c.day(c.ord(d+1) + int64(n) - 1)
	case n < 0:
		e = c.day(c.ord(d) + int64(n))
	default:
		e = d
	}
	return max(minDay, min(e, maxDay))
}

// IsWorkday reports whether t's date in China Standard Time is a working
// day.
func (c *Calendar) IsWorkday(t time.Time) bool { return c.isWorkday(dayOf(t)) }

// AddWorkdays returns 00:00 CST of the n-th working day after t's CST date.
// The start day is not counted, whatever its kind; n < 0 counts back; n == 0
// returns 00:00 CST of t's date. Results are clamped to the years 1–9999;
// WorkdayPeriod reports that as an error instead.
func (c *Calendar) AddWorkdays(t time.Time, n int) time.Time {
	return startOfDay(c.addWorkdays(dayOf(t), n))
}

// Deadline returns the end of a period of n working days running from t
// (民法典 第二百零一条, 第二百零三条): 24:00 of the n-th working day after t's
// CST date, which is 00:00 CST of the calendar day after it. An act is on
// time when it happens before the deadline. Like AddWorkdays it clamps: the
// latest deadline is 24:00 of 9999-12-31 (10000-01-01 00:00 CST).
func (c *Calendar) Deadline(t time.Time, n int) time.Time {
	return startOfDay(c.addWorkdays(dayOf(t), n) + 1)
}

// WorkdaysBetween returns the number of working days after a's CST date up
// to and including b's, negative when b is before a. For n ≥ 0,
// WorkdaysBetween(t, AddWorkdays(t, n)) == n.
func (c *Calendar) WorkdaysBetween(a, b time.Time) int {
	return int(c.ord(dayOf(b)+1) - c.ord(dayOf(a)+1))
}

// WorkdaysIn returns the number of working days from a to b inclusive, 0 when
// b is before a.
func (c *Calendar) WorkdaysIn(a, b Date) int {
	if b.Before(a) {
		return 0
	}
	return int(c.ord(b.days()+1) - c.ord(a.days()))
}

// NextWorkday returns d when it is a working day, else the first working day
// after it.
func (c *Calendar) NextWorkday(d Date) Date {
	n := d.days()
	if c.isWorkday(n) {
		return d
	}
	return fromDays(c.addWorkdays(n, 1))
}
