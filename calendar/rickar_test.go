package calendar_test

import (
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
)

// TestRickarAgreesEveryDay2007To2027 checks that the rickar/cal
// BusinessCalendar built from China() gives the same answer as China() on
// every date of the official schedule, and that rickar's day-stepping
// WorkdaysFrom lands on the same date as the constant-time AddWorkdays.
func TestRickarAgreesEveryDay2007To2027(t *testing.T) {
	cn := calendar.China()
	bc := cn.BusinessCalendar(2006, 2028)

	first, last := calendar.D(2007, 1, 1), calendar.D(2027, 12, 31)
	days := first.DaysUntil(last) + 1
	require.Equal(t, 7670, days)

	for i := range days {
		d := first.AddDays(i)
		want := cn.IsWorkday(d.Start())
		require.Equal(t, want, cn.Day(d).IsWorkday(), "%s: IsWorkday and Day disagree", d)

		times := []time.Time{
			d.Start(), // 00:00 CST
			d.Start().Add(23*time.Hour + 30*time.Minute), // 23:30 CST
			// 12:00 CST is 04:00 UTC of the same date.
			d.Start().Add(12 * time.Hour).UTC(),
		}
		for _, tm := range times {
			require.Equal(t, d, calendar.DateOf(tm), "test setup: %s is not on %s", tm, d)
			require.Equal(t, want, bc.IsWorkday(tm),
				"%s (%s, %s): rickar BusinessCalendar.IsWorkday=%v, China().IsWorkday=%v",
				d, d.Weekday(), tm.Format(time.RFC3339), !want, want)
		}
		// rickar/cal reads the wall-clock date in the time's own zone, and
		// so does WorkdayFunc: 02:00 UTC of d is d for both halves.
		wall := time.Date(d.Year, d.Month, d.Day, 2, 0, 0, 0, time.UTC)
		require.Equal(t, want, bc.IsWorkday(wall), "%s at 02:00 UTC wall time", d)
	}

	ns := []int{1, 2, 3, 5, 7, 10, -1, -3}
	for i := 0; i < days; i += 7 {
		start := first.AddDays(i).Start() // 00:00 CST: rickar steps with AddDate from here
		for _, n := range ns {
			got := calendar.DateOf(bc.WorkdaysFrom(start, n))
			want := calendar.DateOf(cn.AddWorkdays(start, n))
			require.Equal(t, want, got, "from %s, n=%d: rickar WorkdaysFrom=%s, China().AddWorkdays=%s",
				calendar.DateOf(start), n, got, want)
		}
	}
}

// TestRickarHolidaysNamed checks Holidays(2026) against the 2026 notice in
// testdata: every day off of 2026 is there once, under its name, and no
// makeup working day is.
func TestRickarHolidaysNamed(t *testing.T) {
	// Days off dated 2026 from the 2026 notice and, for late December, the
	// 2027 notice.
	want := map[calendar.Date]string{}
	makeup := map[calendar.Date]bool{}
	for _, f := range []string{"testdata/cn-holidays/2026.json", "testdata/cn-holidays/2027.json"} {
		data, err := os.ReadFile(f)
		require.NoError(t, err)
		n, err := calendar.ParseNotice(f, data)
		require.NoError(t, err)
		for _, d := range n.Days {
			if d.Date.Year != 2026 {
				continue
			}
			if d.Off {
				want[d.Date] = d.Name
			} else {
				makeup[d.Date] = true
			}
		}
	}
	require.Equal(t, "国庆节", want[calendar.D(2026, 10, 1)], "testdata changed?")
	require.True(t, makeup[calendar.D(2026, 10, 10)], "testdata changed?")

	hs := calendar.China().Holidays(2026)
	got := map[calendar.Date]string{}
	for _, h := range hs {
		act, obs := h.Calc(2026)
		require.False(t, act.IsZero(), "holiday %q has no date in 2026", h.Name)
		require.Equal(t, act, obs, "holiday %q: observed differs from actual", h.Name)
		d := calendar.DateOf(act)
		require.Equal(t, 2026, d.Year, "holiday %q dated %s", h.Name, d)
		_, dup := got[d]
		require.False(t, dup, "%s listed twice", d)
		got[d] = h.Name
		require.False(t, makeup[d], "makeup working day %s listed as holiday %q", d, h.Name)
		require.NotEqual(t, calendar.Makeup, calendar.China().Day(d).Kind, "%s is a makeup day", d)

		// Outside its year the holiday does not occur.
		a25, _ := h.Calc(2025)
		a27, _ := h.Calc(2027)
		require.True(t, a25.IsZero() && a27.IsZero(), "holiday %q (%s) recurs in other years", h.Name, d)
	}
	require.Equal(t, "国庆节", got[calendar.D(2026, 10, 1)])
	require.Equal(t, want, got)
	require.Len(t, hs, 33)

	// A rickar calendar of just these holidays sees the makeup days as
	// working days and 10-01 as a public holiday.
	bc := calendar.China().BusinessCalendar(2026, 2026)
	for d := range makeup {
		require.True(t, bc.IsWorkday(d.Start()), "makeup day %s", d)
	}
	act, obs, h := bc.IsHoliday(calendar.D(2026, 10, 1).Start())
	require.True(t, act && obs)
	require.Equal(t, "国庆节", h.Name)
}
