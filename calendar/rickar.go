package calendar

import (
	"time"

	"github.com/rickar/cal/v2"
)

// WorkdayFunc returns the calendar's weekly pattern in rickar/cal's terms:
// a cal.WorkdayFn that says true for Monday–Friday and for makeup and company
// working days, false otherwise. Official days off are not in it: they come
// as Holidays, so that a cal.BusinessCalendar sees them as holidays.
//
// Like rickar/cal's holiday lookup, it reads the wall-clock date of the time
// it is given, in that time's own location: pass times in CST (see
// calendar.CST) so that the date is China's. (The Calendar's own methods
// convert any time to CST first.)
func (c *Calendar) WorkdayFunc() cal.WorkdayFn {
	return func(date time.Time) bool {
		n := D(date.Date()).days()
		if c.isWorkday(n) {
			return true
		}
		k := c.Day(fromDays(n)).Kind
		return k == Holiday || k == CompanyRest
	}
}

// Holidays returns every official day off and company rest day of year y as
// a rickar/cal Holiday (one per date, observed on that date).
func (c *Calendar) Holidays(y int) []*cal.Holiday {
	var out []*cal.Holiday
	for d := D(y, 1, 1); d.Year == y; d = d.AddDays(1) {
		day := c.Day(d)
		if day.Kind != Holiday && day.Kind != CompanyRest {
			continue
		}
		date := d
		typ := cal.ObservancePublic
		if day.Kind == CompanyRest {
			typ = cal.ObservanceOther
		}
		out = append(out, &cal.Holiday{
			Name:      day.Name,
			Type:      typ,
			StartYear: y,
			EndYear:   y,
			Func: func(*cal.Holiday, int) time.Time {
				return date.Start()
			},
		})
	}
	return out
}

// BusinessCalendar returns a rickar/cal BusinessCalendar that agrees with c
// on every date of the years from to to: c's Holidays for those years and
// its WorkdayFunc. Its cache is off (rickar/cal's cache is not safe for
// concurrent use). It answers in day steps; c answers in constant time.
func (c *Calendar) BusinessCalendar(from, to int) *cal.BusinessCalendar {
	bc := cal.NewBusinessCalendar()
	bc.Name = "CN"
	bc.Description = "中国法定工作日（shouhou/calendar）"
	bc.Cacheable = false
	bc.WorkdayFunc = c.WorkdayFunc()
	for y := from; y <= to; y++ {
		bc.AddHoliday(c.Holidays(y)...)
	}
	return bc
}
