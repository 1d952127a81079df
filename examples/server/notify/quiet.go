package notify

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// Hours are working hours in China Standard Time: from Start to End after
// midnight, on the working days of the official calendar.
type Hours struct{ Start, End time.Duration }

// DefaultHours returns the working hours a Quiet keeps by default: 08:00
// to 20:00.
func DefaultHours() Hours { return Hours{Start: 8 * time.Hour, End: 20 * time.Hour} }

// String writes h as the -quiet flag does: 08:00-20:00.
func (h Hours) String() string {
	f := func(d time.Duration) string { return fmt.Sprintf("%02d:%02d", int(d.Hours()), int(d.Minutes())%60) }
	return f(h.Start) + "-" + f(h.End)
}

// ParseQuiet reads the -quiet flag: "off" (quiet hours off: on is false)
// or the working hours as HH:MM-HH:MM, such as 08:00-20:00, start before
// end on the same day.
func ParseQuiet(s string) (h Hours, on bool, err error) {
	s = strings.TrimSpace(s)
	if strings.EqualFold(s, "off") {
		return Hours{}, false, nil
	}
	a, b, ok := strings.Cut(s, "-")
	if !ok {
		return Hours{}, false, fmt.Errorf("-quiet 应为 off 或工作时间 HH:MM-HH:MM（例如 08:00-20:00），而不是 %q", s)
	}
	start, err1 := clockTime(a)
	end, err2 := clockTime(b)
	if err1 != nil || err2 != nil || start >= end {
		return Hours{}, false, fmt.Errorf("-quiet 的工作时间 %q 无效：应为同一天内的 HH:MM-HH:MM，开始早于结束（例如 08:00-20:00）", s)
	}
	return Hours{Start: start, End: end}, true, nil
}

func clockTime(s string) (time.Duration, error) {
	t, err := time.Parse("15:04", strings.TrimSpace(s))
	if err != nil {
		if strings.TrimSpace(s) == "24:00" {
			return 24 * time.Hour, nil
		}
		return 0, err
	}
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute, nil
}

// NextOpen returns now when it falls within working hours on a working
// day of cal, or else when working hours next begin: the next working
// morning.
func (h Hours) NextOpen(cal *calendar.Calendar, now time.Time) time.Time {
	d := calendar.DateOf(now)
	for i := 0; i < 400; i++ {
		day := d.AddDays(i)
		if !cal.Day(day).IsWorkday() {
			continue
		}
		open, closing := day.Start().Add(h.Start), day.Start().Add(h.End)
		if !now.Before(open) && now.Before(closing) {
			return now
		}
		if now.Before(open) {
			return open
		}
	}
	return now // no working day within a year: never hold a notice back
}

// Quiet holds back notices to staff outside working hours: a notice that
// falls on a rest day of the calendar, or outside Hours on a working day,
// is deferred (scheduler.Defer) until the next working morning, except an
// urgent one (P1.3, a major complaint's C2.2; Notification.Urgent), which
// goes at once. The scheduler notifies a deferred notice again when its
// time comes, so nothing is lost. The time of a notice is its At, when the
// scheduler produced it (time.Now if unset).
type Quiet struct {
	Next  scheduler.Notifier
	Hours Hours // zero: DefaultHours()
	// Calendar returns the calendar in force (the services' calendar,
	// which the server reloads when a notice year is loaded). Nil:
	// calendar.China().
	Calendar func() *calendar.Calendar
}

// Notify passes n to Next now, or defers it; see Quiet.
func (q *Quiet) Notify(ctx context.Context, n scheduler.Notification) error {
	if n.Urgent() {
		return q.Next.Notify(ctx, n)
	}
	now := n.At
	if now.IsZero() {
		now = time.Now()
	}
	h := q.Hours
	if h == (Hours{}) {
		h = DefaultHours()
	}
	cal := calendar.China()
	if q.Calendar != nil {
		cal = q.Calendar()
	}
	if open := h.NextOpen(cal, now); open.After(now) {
		return scheduler.Defer(open, fmt.Sprintf("非工作时间（工作日 %s 以外），通知于 %s 发出",
			h, open.In(calendar.CST()).Format("2006-01-02 15:04")))
	}
	return q.Next.Notify(ctx, n)
}
