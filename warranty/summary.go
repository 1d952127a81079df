package warranty

import (
	"context"
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Summary is the 质保期总结报告 (W3.2): the after-sales work of one project's
// warranty period, generated from the data and addressed to the general
// manager. The same data gives the same summary.
type Summary struct {
	ProjectID   string          `json:"project_id"`
	To          string          `json:"to"`
	Period      calendar.Period `json:"period"` // the W1.1 warranty period
	Due         time.Time       `json:"due"`    // W3.2: one month after expiry
	GeneratedAt time.Time       `json:"generated_at"`

	Requests  int                `json:"requests"`
	ByCause   []aftersales.Count `json:"by_cause"`
	ByClass   []aftersales.Count `json:"by_class"`
	Free      int                `json:"free"`
	Paid      int                `json:"paid"`
	Excluded  int                `json:"excluded"`
	Undecided int                `json:"undecided"`

	OnTime       []aftersales.ClauseRate `json:"on_time"`
	Visits       int                     `json:"visits"`
	Satisfaction *decimal.Decimal        `json:"satisfaction,omitempty"` // average of 1–5, 2 places
	StillOpen    []string                `json:"still_open"`             // requests not closed or withdrawn

	Inspections       int `json:"inspections"`
	Findings          int `json:"findings"`
	MissedInspections int `json:"missed_inspections"`
}

// Summarize builds the W3.2 summary of w from the project's after-sales
// requests, counting those received inside the warranty period.
func Summarize(w *Warranty, cal *calendar.Calendar, requests []*aftersales.Request, now time.Time) (Summary, error) {
	g, err := w.General(cal)
	if err != nil {
		return Summary{}, err
	}
	if w.Start == nil {
		return Summary{}, aftersales.Errorf(aftersales.KindNotAllowed, "warranty_not_started", "质保期尚未开始，无法总结")
	}
	due, err := cal.MonthPeriod(g.LastDay, 1)
	if err != nil {
		return Summary{}, err
	}
	s := Summary{ProjectID: w.ProjectID, To: "公司总经理", Period: g, Due: due.Due, GeneratedAt: now, StillOpen: []string{}}
	causes, classes := map[string]int{}, map[string]int{}
	rates := map[aftersales.Clause]*aftersales.ClauseRate{}
	var satisfaction int64
	for _, r := range requests {
		if r.ProjectID != w.ProjectID || r.ReceivedAt.Before(w.Start.Date.Start()) || !r.ReceivedAt.Before(g.Due) {
			continue
		}
		s.Requests++
		causes[string(r.Cause)]++
		classes[r.Component]++
		switch {
		case r.Coverage == nil || r.Coverage.Outcome == aftersales.CoverageUndecided:
			s.Undecided++
		case r.Coverage.Outcome == aftersales.CoverageFree:
			s.Free++
		case r.Coverage.Outcome == aftersales.CoveragePaid:
			s.Paid++
		default:
			s.Excluded++
		}
		for _, d := range r.Deadlines {
			cr := rates[d.Clause]
			if cr == nil {
				cr = &aftersales.ClauseRate{Clause: d.Clause}
				rates[d.Clause] = cr
			}
			cr.Add(d, now)
		}
		if r.Visit != nil {
			s.Visits++
			satisfaction += int64(r.Visit.Satisfaction)
		}
		if !r.Status.Terminal() {
			s.StillOpen = append(s.StillOpen, r.ID)
		}
	}
	s.ByCause = aftersales.Counts(causes, func(k string) string {
		if k == "" {
			return "原因未定"
		}
		return aftersales.Cause(k).Label()
	})
	s.ByClass = aftersales.Counts(classes, func(k string) string {
		if k == "" {
			return "部位未指明"
		}
		if c, err := ParseClass(k); err == nil {
			return c.Label()
		}
		return k
	})
	for _, cr := range rates {
		if n := cr.Met + cr.Missed; n > 0 {
			r := decimal.NewFromInt(int64(cr.Met)*100).DivRound(decimal.NewFromInt(int64(n)), 2)
			cr.Rate = &r
		}
		s.OnTime = append(s.OnTime, *cr)
	}
	sort.Slice(s.OnTime, func(i, j int) bool { return s.OnTime[i].Clause < s.OnTime[j].Clause })
	if s.Visits > 0 {
		avg := decimal.NewFromInt(satisfaction).DivRound(decimal.NewFromInt(int64(s.Visits)), 2)
		s.Satisfaction = &avg
	}
	sort.Strings(s.StillOpen)
	s.Inspections = len(w.Inspections)
	for _, in := range w.Inspections {
		s.Findings += len(in.Findings)
	}
	for _, d := range w.Duties(cal, now) {
		if d.Clause == "W2.2" && d.State == aftersales.DeadlineMissed && d.DoneAt.IsZero() {
			s.MissedInspections++
		}
	}
	return s, nil
}

// Summary generates the W3.2 summary of a project from the aftersales
// Service's requests.
func (s *Service) Summary(ctx context.Context, projectID string) (Summary, error) {
	if s.requests == nil {
		return Summary{}, aftersales.Errorf(aftersales.KindNotAllowed, "requests_unavailable", "未配置售后需求服务，无法生成总结报告")
	}
	w, err := s.Get(ctx, projectID)
	if err != nil {
		return Summary{}, err
	}
	// The requests of the period only (Summarize counts those), asked of
	// the store, not every request of the project ever.
	q := aftersales.Query{ProjectIDs: []string{projectID}}
	if g, err := w.General(s.cal.Load()); err == nil && w.Start != nil {
		q.ReceivedFrom, q.ReceivedTo = w.Start.Date.Start(), g.Due
	}
	rs, err := s.requests.List(ctx, q)
	if err != nil {
		return Summary{}, err
	}
	return Summarize(w, s.cal.Load(), rs, s.clock.Now())
}
