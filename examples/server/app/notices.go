package app

import (
	"context"
	"fmt"
	"sync"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/warranty"
)

// calendarLoader loads notice years into the running server: the notice is
// stored, every service switches to the new calendar, and the open
// deadlines of every request and complaint are recomputed, each change
// recorded in its history.
type calendarLoader struct {
	mu         sync.Mutex // one load at a time
	notices    *sqlstore.Notices
	requests   *aftersales.Service
	complaints *complaint.Service
	warranties *warranty.Service
	clock      aftersales.Clock
}

var systemCalendar = aftersales.Actor{ID: "calendar", Name: "日历更新", Role: aftersales.RoleSystem}

// Calendar implements api.CalendarLoader.
func (l *calendarLoader) Calendar() *calendar.Calendar { return l.requests.Calendar() }

// restore applies the notices saved by earlier runs, at start-up.
func (l *calendarLoader) restore(ctx context.Context) (*calendar.Calendar, error) {
	saved, err := l.notices.All(ctx)
	if err != nil {
		return nil, err
	}
	c := calendar.China()
	for _, s := range saved {
		n, err := calendar.ParseNotice(fmt.Sprintf("已保存的 %d 年通知", s.Year), s.JSON)
		if err != nil {
			return nil, err
		}
		if c, err = c.WithNotices(n); err != nil {
			return nil, err
		}
	}
	return c, nil
}

// Load implements api.CalendarLoader.
func (l *calendarLoader) Load(ctx context.Context, data []byte, by aftersales.Actor) (api.LoadResult, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	n, err := calendar.ParseNotice("上传的通知", data)
	if err != nil {
		return api.LoadResult{}, aftersales.Errorf(aftersales.KindInvalid, "notice_invalid", "%v", err)
	}
	next, err := l.Calendar().WithNotices(n)
	if err != nil {
		return api.LoadResult{}, aftersales.Errorf(aftersales.KindInvalid, "notice_invalid", "%v", err)
	}
	if err := l.notices.Save(ctx, sqlstore.Notice{Year: n.Year, JSON: data, LoadedBy: by.ID, LoadedAt: l.clock.Now()}); err != nil {
		return api.LoadResult{}, err
	}
	l.requests.SetCalendar(next)
	l.complaints.SetCalendar(next)
	l.warranties.SetCalendar(next)
	res := api.LoadResult{Year: n.Year, Source: n.Source.String(), Recomputed: []string{}}
	moved, err := l.recompute(ctx)
	res.Recomputed = append(res.Recomputed, moved...)
	return res, err
}

// recompute recounts every open request's and complaint's deadlines, a
// page of them at a time (eachListed).
func (l *calendarLoader) recompute(ctx context.Context) ([]string, error) {
	var moved []string
	err := eachListed(ctx, func(ctx context.Context, after string, limit int) ([]*aftersales.Request, error) {
		return l.requests.List(ctx, aftersales.Query{Statuses: aftersales.OpenStatuses(), AfterID: after, Limit: limit})
	}, func(r *aftersales.Request) string { return r.ID }, func(r *aftersales.Request) error {
		_, changed, err := l.requests.Recompute(ctx, r.ID, systemCalendar)
		if err != nil {
			return fmt.Errorf("recompute %s: %w", r.ID, err)
		}
		if changed {
			moved = append(moved, r.ID)
		}
		return nil
	})
	if err != nil {
		return moved, err
	}
	err = eachListed(ctx, func(ctx context.Context, after string, limit int) ([]*complaint.Complaint, error) {
		return l.complaints.List(ctx, complaint.Query{Statuses: complaint.OpenStatuses(), AfterID: after, Limit: limit})
	}, func(c *complaint.Complaint) string { return c.ID }, func(c *complaint.Complaint) error {
		_, changed, err := l.complaints.Recompute(ctx, c.ID, systemCalendar)
		if err != nil {
			return fmt.Errorf("recompute %s: %w", c.ID, err)
		}
		if changed {
			moved = append(moved, c.ID)
		}
		return nil
	})
	return moved, err
}
