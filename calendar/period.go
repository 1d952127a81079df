package calendar

import (
	"errors"
	"fmt"
	"time"
)

// ErrOutOfRange is wrapped by errors about inputs the calendar cannot
// reckon with: the zero time, or a period ending outside the years 1–9999.
var ErrOutOfRange = errors.New("calendar: out of range")

// Period is a legal period computed by the calendar: where it starts, its
// last day, the deadline instant and how trustworthy the days it crossed
// are.
type Period struct {
	From    Date      `json:"from"`     // the date of the event the period runs from; not counted
	Nominal Date      `json:"nominal"`  // the last day before any roll-forward (民法典 第二百零三条)
	LastDay Date      `json:"last_day"` // the last day of the period
	Due     time.Time `json:"due"`      // 24:00 CST of LastDay: an act is on time before it
	// Certainty says how far the days the period crossed can be trusted:
	// the weakest status of any day from the day after From to LastDay.
	// Anything but Official means the period may move when a notice is
	// published or confirmed. (Whether a repair is free or paid is the
	// warranty's coverage, another matter.)
	Certainty Status `json:"certainty"`
}

// Provisional reports whether the period crossed a day whose status is
// Provisional or weaker, so that it must be recomputed once that year's
// notice is published.
func (p Period) Provisional() bool { return p.Certainty >= Provisional }

// Rolled reports whether the last day was moved forward off a rest day.
func (p Period) Rolled() bool { return p.LastDay != p.Nominal }

// WorkdayPeriod computes "within n working days of t" (民法典 第二百零一条:
// the day of t is not counted; 第二百零三条: the period ends at 24:00 of its
// last day). n must be at least 1. It fails for the zero time and for
// periods ending outside the years 1–9999.
func (c *Calendar) WorkdayPeriod(t time.Time, n int) (Period, error) {
	if t.IsZero() {
		return Period{}, fmt.Errorf("%w: 起算时间为空", ErrOutOfRange)
	}
	if n < 1 {
		return Period{}, fmt.Errorf("%w: 工作日数必须至少为 1，收到 %d", ErrOutOfRange, n)
	}
	from := dayOf(t)
	if n > maxSteps || from < minDay || from > maxDay {
		return Period{}, fmt.Errorf("%w: %d 个工作日超出可计算范围", ErrOutOfRange, n)
	}
	last := c.addWorkdays(from, n)
	if last >= maxDay {
		return Period{}, fmt.Errorf("%w: %d 个工作日超出可计算范围", ErrOutOfRange, n)
	}
	return c.period(from, last, last), nil
}

// MonthPeriod computes a period of the given number of months from start,
// the event date (民法典 第二百零一、二百零二、二百零三条): counting starts the
// next day; the last day is the day of the final month that corresponds to
// start, or that month's last day when it has none (2024-02-29 + 12 months
// ends 2025-02-28); a last day that is a rest day moves to the first working
// day after it. months must be at least 1; use 12·years for years.
func (c *Calendar) MonthPeriod(start Date, months int) (Period, error) {
	if start.IsZero() {
		return Period{}, fmt.Errorf("%w: 起始日期为空", ErrOutOfRange)
	}
	if months < 1 || months > 12*(maxYear-minYear) {
		return Period{}, fmt.Errorf("%w: 月数必须在 1 至 %d 之间，收到 %d", ErrOutOfRange, 12*(maxYear-minYear), months)
	}
	nominal := AddMonths(start, months)
	if nominal.Year > maxYear || start.Year < minYear {
		return Period{}, fmt.Errorf("%w: %s 起 %d 个月超出可计算范围", ErrOutOfRange, start, months)
	}
	n := nominal.days()
	last := n
	if !c.isWorkday(n) {
		last = c.addWorkdays(n, 1)
	}
	return c.period(start.days(), n, last), nil
}

func (c *Calendar) period(from, nominal, last int64) Period {
	return Period{
		From:      fromDays(from),
		Nominal:   fromDays(nominal),
		LastDay:   fromDays(last),
		Due:       startOfDay(last + 1),
		Certainty: c.certainty(from+1, last),
	}
}

// AddMonths returns the day that corresponds to d in the month months later
// (earlier when months < 0), or that month's last day when it has none
// (民法典 第二百零二条). It does not roll off rest days; MonthPeriod does.
func AddMonths(d Date, months int) Date {
	total := d.Year*12 + int(d.Month) - 1 + months
	y, m := total/12, time.Month(total%12+1)
	if total < 0 {
		y, m = (total-11)/12, time.Month((total%12+12)%12+1)
	}
	last := D(y, m+1, 1).AddDays(-1).Day
	return Date{Year: y, Month: m, Day: min(d.Day, last)}
}

// AddHours returns the instant hours clock hours after t. It is the
// arithmetic of "immediately" targets (P1.3 urgent requests, C2.2 major
// complaints): a clock that runs through nights, weekends and holidays, so
// it needs no calendar. The result is in CST. hours is clamped to
// ±1,000,000 (more than a century), so that it never overflows.
func AddHours(t time.Time, hours int) time.Time {
	hours = max(-1_000_000, min(hours, 1_000_000))
	return t.Add(time.Duration(hours) * time.Hour).In(cstZone)
}
