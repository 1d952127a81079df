package warranty

import (
	"context"
	"fmt"
	"sort"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Duty is a dated obligation around a warranty period: the notice (W2.1),
// an inspection window (W2.2) or the summary report (W3.2).
type Duty struct {
	ProjectID string                   `json:"project_id"`
	Clause    string                   `json:"clause"`        // W2.1, W2.2 or W3.2
	From      calendar.Date            `json:"from,omitzero"` // for an inspection window: its first day
	Due       time.Time                `json:"due"`
	State     aftersales.DeadlineState `json:"state"` // open, met or missed at the instant asked
	DoneAt    time.Time                `json:"done_at,omitzero"`
	What      string                   `json:"what"`
}

// Duties returns w's duties at now: the notice, every inspection window
// that has begun, and the summary report. A project with no start date
// (planned or actual) has none yet.
func (w *Warranty) Duties(cal *calendar.Calendar, now time.Time) []Duty {
	var out []Duty
	duty := func(clause string, from calendar.Date, due time.Time, done *time.Time, what string) Duty {
		d := Duty{ProjectID: w.ProjectID, Clause: clause, From: from, Due: due, What: what,
			State: aftersales.Deadline{Due: due, DoneAt: done}.State(now)}
		if done != nil {
			d.DoneAt = *done
		}
		return d
	}
	if due, ok := w.NoticeDue(); ok {
		var done *time.Time
		if w.Notice != nil {
			done = &w.Notice.At
		}
		out = append(out, duty("W2.1", calendar.Date{}, due, done, "质保期开始前 1 个月通知各项目部和相关责任部门质保期售后工作安排"))
	}
	if w.Start == nil {
		return out
	}
	g, err := w.General(cal)
	if err != nil {
		return out
	}
	today := calendar.DateOf(now)
	for k := 0; ; k++ {
		from := calendar.AddMonths(w.Start.Date, k*w.InspectionEvery)
		if from.After(g.LastDay) || from.After(today) {
			break
		}
		to := calendar.AddMonths(w.Start.Date, (k+1)*w.InspectionEvery)
		last := !to.Before(g.LastDay)
		if last {
			to = g.LastDay.AddDays(1) // the last window runs to the end of the period
		}
		var done *time.Time
		for _, in := range w.Inspections {
			if !in.Date.Before(from) && in.Date.Before(to) {
				t := in.Date.Start()
				done = &t
				break
			}
		}
		out = append(out, duty("W2.2", from, to.Start(), done, fmt.Sprintf("%s 至 %s 期间巡查一次，记入《项目巡查记录表》", from, to.AddDays(-1))))
		if last {
			break
		}
	}
	if p, err := cal.MonthPeriod(g.LastDay, 1); err == nil {
		var done *time.Time
		if w.Summary != nil {
			done = &w.Summary.At
		}
		out = append(out, duty("W3.2", calendar.Date{}, p.Due, done, fmt.Sprintf("质保期于 %s 届满后 1 个月内形成总结报告报公司总经理", g.LastDay)))
	}
	return out
}

// Duties returns the duties of every project at the service clock's now,
// soonest due first. With overdueOnly it returns only the missed ones still
// owed (a notice never sent, an inspection window passed without an
// inspection, a summary not delivered).
func (s *Service) Duties(ctx context.Context, overdueOnly bool) ([]Duty, error) {
	ws, err := s.store.List(ctx)
	if err != nil {
		return nil, storeErr(err)
	}
	now := s.clock.Now()
	var out []Duty
	for _, w := range ws {
		for _, d := range w.Duties(s.cal.Load(), now) {
			if overdueOnly && (d.State != aftersales.DeadlineMissed || !d.DoneAt.IsZero()) {
				continue
			}
			out = append(out, d)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	return out, nil
}
