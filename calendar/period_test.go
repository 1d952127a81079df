package calendar_test

import (
	"errors"
	"math"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
)

func cst(y int, m time.Month, day, h, min int) time.Time {
	return time.Date(y, m, day, h, min, 0, 0, calendar.CST())
}

func TestAddWorkdaysAndDeadline(t *testing.T) {
	c := calendar.China()
	tests := []struct {
		from time.Time
		n    int
		want calendar.Date // the n-th working day
	}{
		{cst(2026, 9, 30, 10, 0), 3, d(2026, 10, 10)}, // 10-01..07 off; 10-10 makeup Saturday counts
		{cst(2026, 9, 30, 10, 0), 1, d(2026, 10, 8)},  //
		{cst(2026, 10, 3, 9, 0), 1, d(2026, 10, 8)},   // an event on a holiday: counting starts the next day
		{cst(2026, 2, 13, 18, 0), 1, d(2026, 2, 14)},  // makeup Saturday 2026-02-14
		{cst(2026, 2, 14, 18, 0), 1, d(2026, 2, 24)},  // 春节 2026-02-15..23
		{cst(2026, 11, 27, 9, 0), 0, d(2026, 11, 27)}, // n == 0: the start date
		{cst(2026, 11, 28, 9, 0), 0, d(2026, 11, 28)}, // n == 0 on a Saturday too
		{cst(2026, 10, 8, 9, 0), -1, d(2026, 9, 30)},  // counting back over the holiday
		{cst(2026, 10, 10, 9, 0), -3, d(2026, 9, 30)}, // back from the makeup Saturday
		{cst(2026, 1, 5, 9, 0), -1, d(2026, 1, 4)},    // 2026-01-04 Sunday is a makeup day
		{cst(2028, 1, 24, 9, 0), 1, d(2028, 1, 31)},   // projected 春节 2028-01-25..28 (除夕 to 初三)
		{cst(2101, 1, 1, 9, 0), 1, d(2101, 1, 3)},     // Saturday 2101-01-01 past the table: plain rule → Monday
		{cst(2006, 11, 30, 9, 0), 1, d(2006, 12, 1)},  // entering the table from before it
		{cst(2006, 12, 1, 9, 0), -1, d(2006, 11, 30)}, // leaving it backwards
		{cst(2100, 12, 31, 9, 0), 1, d(2101, 1, 3)},   // leaving it forwards (2101-01-03 is a Monday)
		{cst(2000, 1, 3, 9, 0), 5, d(2000, 1, 10)},    // Unscheduled: Monday–Friday only
	}
	for _, tt := range tests {
		got := c.AddWorkdays(tt.from, tt.n)
		require.Equal(t, tt.want.Start(), got, "AddWorkdays(%s, %d)", tt.from, tt.n)
		require.Equal(t, calendar.CST(), got.Location())
		require.Equal(t, tt.want.End(), c.Deadline(tt.from, tt.n), "Deadline(%s, %d)", tt.from, tt.n)
	}
}

func TestTimeZoneEdges(t *testing.T) {
	c := calendar.China()
	// 2026-02-13 20:00 UTC is 2026-02-14 04:00 CST, a makeup Saturday.
	utc := time.Date(2026, 2, 13, 20, 0, 0, 0, time.UTC)
	require.Equal(t, d(2026, 2, 14), calendar.DateOf(utc))
	require.True(t, c.IsWorkday(utc))
	require.Equal(t, d(2026, 2, 24).End(), c.Deadline(utc, 1), "counting starts after 02-14")
	// 15:59:59 UTC is still the same CST day; 16:00 UTC is the next.
	require.Equal(t, d(2026, 2, 13), calendar.DateOf(time.Date(2026, 2, 13, 15, 59, 59, 0, time.UTC)))
	require.Equal(t, d(2026, 2, 14), calendar.DateOf(time.Date(2026, 2, 13, 16, 0, 0, 0, time.UTC)))
	// A zone west of UTC: 2026-09-30 12:00 in New York is 10-01 00:00 CST.
	ny := time.FixedZone("EDT", -4*60*60)
	require.False(t, c.IsWorkday(time.Date(2026, 9, 30, 12, 0, 0, 0, ny)))
	require.True(t, c.IsWorkday(time.Date(2026, 9, 30, 11, 59, 0, 0, ny)))
	// 24:00 of a day is 00:00 of the next, whatever zone the input had.
	require.Equal(t, "2026-10-11T00:00:00+08:00", c.Deadline(time.Date(2026, 9, 30, 1, 0, 0, 0, time.UTC), 3).Format(time.RFC3339))
}

func TestWorkdayPeriod(t *testing.T) {
	c := calendar.China()
	p, err := c.WorkdayPeriod(cst(2026, 9, 30, 15, 0), 3)
	require.NoError(t, err)
	require.Equal(t, d(2026, 9, 30), p.From)
	require.Equal(t, d(2026, 10, 10), p.LastDay)
	require.Equal(t, p.LastDay, p.Nominal)
	require.False(t, p.Rolled())
	require.Equal(t, d(2026, 10, 11).Start(), p.Due)
	require.Equal(t, calendar.Official, p.Certainty)
	require.False(t, p.Provisional())

	// Across 2026-12-25..31 and into the single-source 2027.
	p, err = c.WorkdayPeriod(cst(2026, 12, 22, 9, 0), 5)
	require.NoError(t, err)
	require.Equal(t, calendar.SingleSource, p.Certainty)
	require.False(t, p.Provisional())

	// A deadline computed across a provisional day says so.
	p, err = c.WorkdayPeriod(cst(2027, 12, 20, 9, 0), 10)
	require.NoError(t, err)
	require.True(t, p.Provisional())
	require.Equal(t, calendar.Provisional, p.Certainty)
}

func TestMonthPeriodCivilCode(t *testing.T) {
	c := calendar.China()
	tests := []struct {
		name             string
		start            calendar.Date
		months           int
		nominal, lastDay calendar.Date
	}{
		// 第二百零二条: no corresponding day → the month's last day.
		{"leap day plus a year", d(2024, 2, 29), 12, d(2025, 2, 28), d(2025, 2, 28)},
		{"leap day plus four years", d(2024, 2, 29), 48, d(2028, 2, 29), d(2028, 2, 29)},
		{"month end to a shorter month", d(2025, 1, 31), 1, d(2025, 2, 28), d(2025, 2, 28)},
		{"month end onto a makeup Saturday", d(2026, 1, 31), 1, d(2026, 2, 28), d(2026, 2, 28)},
		{"onto a Saturday rolls", d(2026, 8, 31), 2, d(2026, 10, 31), d(2026, 11, 2)},
		{"month end to a 30-day month", d(2025, 8, 31), 1, d(2025, 9, 30), d(2025, 9, 30)},
		// 第二百零三条: a last day that is a rest day moves to the next working day.
		{"last day in the National Day block", d(2025, 9, 1), 1, d(2025, 10, 1), d(2025, 10, 9)},
		{"warranty expiring in the National Day block", d(2024, 10, 3), 24, d(2026, 10, 3), d(2026, 10, 8)},
		{"last day a makeup Saturday stays", d(2026, 1, 14), 1, d(2026, 2, 14), d(2026, 2, 14)},
		{"last day a Sunday", d(2026, 10, 22), 1, d(2026, 11, 22), d(2026, 11, 23)},
		{"two years", d(2026, 11, 27), 24, d(2028, 11, 27), d(2028, 11, 27)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := c.MonthPeriod(tt.start, tt.months)
			require.NoError(t, err)
			require.Equal(t, tt.start, p.From)
			require.Equal(t, tt.nominal, p.Nominal)
			require.Equal(t, tt.lastDay, p.LastDay)
			require.Equal(t, tt.nominal != tt.lastDay, p.Rolled())
			require.Equal(t, tt.lastDay.End(), p.Due)
		})
	}
}

func TestAddMonths(t *testing.T) {
	tests := []struct {
		from   calendar.Date
		months int
		want   calendar.Date
	}{
		{d(2024, 2, 29), 12, d(2025, 2, 28)},
		{d(2024, 3, 31), -1, d(2024, 2, 29)},
		{d(2026, 12, 15), 1, d(2027, 1, 15)},
		{d(2027, 1, 15), -1, d(2026, 12, 15)},
		{d(2026, 5, 31), -13, d(2025, 4, 30)},
		{d(1, 3, 31), -2, d(1, 1, 31)},
	}
	for _, tt := range tests {
		require.Equal(t, tt.want, calendar.AddMonths(tt.from, tt.months), "%s %+d", tt.from, tt.months)
	}
}

func TestAddHoursRunsThroughHolidays(t *testing.T) {
	// P1.3 / C2.2: an "immediately" target is clock hours, not working days.
	start := cst(2026, 9, 30, 22, 0)
	require.Equal(t, cst(2026, 10, 1, 22, 0), calendar.AddHours(start, 24))
	require.Equal(t, cst(2026, 10, 1, 2, 0), calendar.AddHours(start.UTC(), 4))
	require.NotPanics(t, func() { calendar.AddHours(start, math.MaxInt) })
}

func TestBadInputNeverPanicsOrHangs(t *testing.T) {
	c := calendar.China()
	var zero time.Time
	// Documented answers of the fixed API.
	require.Equal(t, calendar.D(1, 1, 1), calendar.DateOf(zero))
	require.NotPanics(t, func() { c.IsWorkday(zero) })
	for _, n := range []int{math.MaxInt, math.MinInt, 5_000_000, -5_000_000, 1_000_000} {
		got := c.AddWorkdays(cst(2026, 1, 1, 0, 0), n)
		require.True(t, got.Year() >= 1 && got.Year() <= 9999, "n=%d gave %s", n, got)
		c.Deadline(zero, n)
	}
	require.Equal(t, 9999, c.AddWorkdays(cst(2026, 1, 1, 0, 0), math.MaxInt).Year(), "saturates at the last day")
	// A million working days is about 3,800 years: answered, not walked.
	got := c.AddWorkdays(cst(2026, 1, 1, 0, 0), 1_000_000)
	require.Equal(t, 1_000_000, c.WorkdaysBetween(cst(2026, 1, 1, 0, 0), got))

	// The checked API refuses what it cannot honestly answer.
	_, err := c.WorkdayPeriod(zero, 3)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	_, err = c.WorkdayPeriod(cst(2026, 1, 1, 0, 0), 0)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	_, err = c.WorkdayPeriod(cst(2026, 1, 1, 0, 0), 50_000_000)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	_, err = c.WorkdayPeriod(cst(9999, 12, 30, 0, 0), 5)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	_, err = c.MonthPeriod(calendar.Date{}, 1)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	_, err = c.MonthPeriod(d(2026, 1, 1), 0)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	_, err = c.MonthPeriod(d(9999, 1, 1), 12)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	_, err = c.MonthPeriod(d(2026, 1, 1), math.MaxInt)
	require.ErrorIs(t, err, calendar.ErrOutOfRange)
	require.False(t, errors.Is(err, calendar.ErrBadNotice))
}

func TestConcurrentUse(t *testing.T) {
	c := calendar.China()
	var wg sync.WaitGroup
	for g := range 16 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start := cst(2020, 1, 1, 9, 0)
			for i := range 2000 {
				from := start.AddDate(0, 0, (g*131+i)%3000)
				due := c.AddWorkdays(from, i%30+1)
				if c.WorkdaysBetween(from, due) != i%30+1 || !c.IsWorkday(due) {
					t.Errorf("inconsistent answer from %s", from)
					return
				}
				// Building new calendars concurrently leaves China() alone.
				if i%500 == 0 {
					if _, err := calendar.China().WithOverlay(calendar.Overlay{Name: "并发", Days: []calendar.OverlayDay{{Date: d(2026, 3, 3), Rest: true}}}); err != nil {
						t.Error(err)
					}
				}
			}
		}()
	}
	wg.Wait()
	require.True(t, c.IsWorkday(d(2026, 3, 3).Start()))
}
