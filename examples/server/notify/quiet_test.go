package notify_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

func cstAt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.CST())
}

// TestHoursNextOpen: inside working hours a notice goes now; before them
// it waits for 08:00; after them, on a weekend or through a holiday block
// it waits for the next working morning of the official calendar, a
// makeup Saturday (调休上班) included.
func TestHoursNextOpen(t *testing.T) {
	cal := calendar.China()
	nine30 := notify.Hours{Start: 9*time.Hour + 30*time.Minute, End: 18 * time.Hour}
	for _, c := range []struct {
		name      string
		hours     notify.Hours
		now, want time.Time
	}{
		{"Friday morning", notify.DefaultHours(), cstAt(2026, 11, 20, 10, 0), cstAt(2026, 11, 20, 10, 0)},
		{"Friday 08:00 sharp", notify.DefaultHours(), cstAt(2026, 11, 20, 8, 0), cstAt(2026, 11, 20, 8, 0)},
		{"Friday before work", notify.DefaultHours(), cstAt(2026, 11, 20, 7, 30), cstAt(2026, 11, 20, 8, 0)},
		{"Friday 20:00: closed", notify.DefaultHours(), cstAt(2026, 11, 20, 20, 0), cstAt(2026, 11, 23, 8, 0)},
		{"Saturday", notify.DefaultHours(), cstAt(2026, 11, 21, 12, 0), cstAt(2026, 11, 23, 8, 0)},
		{"the eve of National Day", notify.DefaultHours(), cstAt(2026, 9, 30, 21, 0), cstAt(2026, 10, 8, 8, 0)},
		{"inside the holiday", notify.DefaultHours(), cstAt(2026, 10, 3, 10, 0), cstAt(2026, 10, 8, 8, 0)},
		{"before a makeup Saturday", notify.DefaultHours(), cstAt(2026, 10, 9, 22, 0), cstAt(2026, 10, 10, 8, 0)},
		{"the company's own hours", nine30, cstAt(2026, 11, 23, 18, 0), cstAt(2026, 11, 24, 9, 30)},
		{"an instant in UTC", notify.DefaultHours(), time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC), time.Date(2026, 11, 20, 1, 0, 0, 0, time.UTC)},
	} {
		require.True(t, c.want.Equal(c.hours.NextOpen(cal, c.now)), "%s: got %v", c.name, c.hours.NextOpen(cal, c.now))
	}
}

// TestQuietDefersUntilTheMorningButNotUrgentNotices: at a Saturday noon
// a P3.2 notice is deferred until Monday 08:00 and not passed on; P1.3
// and a major complaint's C2.2 go at once; on Monday morning the P3.2
// notice goes.
func TestQuietDefersUntilTheMorningButNotUrgentNotices(t *testing.T) {
	rec := &recorder{}
	q := &notify.Quiet{Next: rec, Calendar: calendar.China}
	saturday := cstAt(2026, 11, 21, 12, 0)
	n := overdue
	n.At = saturday
	err := q.Notify(context.Background(), n)
	until, ok := scheduler.IsDeferred(err)
	require.True(t, ok, "%v", err)
	require.True(t, cstAt(2026, 11, 23, 8, 0).Equal(until), "%v", until)
	require.Contains(t, err.Error(), "非工作时间")
	require.Empty(t, rec.all())

	for _, clause := range []string{"P1.3", "C2.2"} {
		u := n
		u.Clause, u.Key = clause, "overdue:"+clause+":X"
		require.NoError(t, q.Notify(context.Background(), u), clause)
	}
	require.Len(t, rec.all(), 2)

	n.At = until
	require.NoError(t, q.Notify(context.Background(), n))
	require.Len(t, rec.all(), 3)
}

func TestParseQuiet(t *testing.T) {
	_, on, err := notify.ParseQuiet("off")
	require.NoError(t, err)
	require.False(t, on)
	h, on, err := notify.ParseQuiet("08:00-20:00")
	require.NoError(t, err)
	require.True(t, on)
	require.Equal(t, notify.DefaultHours(), h)
	h, _, err = notify.ParseQuiet(" 9:30-18:00 ")
	require.NoError(t, err)
	require.Equal(t, notify.Hours{Start: 9*time.Hour + 30*time.Minute, End: 18 * time.Hour}, h)
	require.Equal(t, "09:30-18:00", h.String())
	for _, bad := range []string{"", "on", "20:00-08:00", "08:00-08:00", "8-20", "08:00-25:00", "08:00"} {
		_, _, err := notify.ParseQuiet(bad)
		require.ErrorContains(t, err, "-quiet", bad)
	}
}
