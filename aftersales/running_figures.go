package aftersales

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// Figures are the running figures of the requests, as the desk's dashboard
// shows them at an instant: how many are open, which deadlines are
// overdue, each clause's on-time record and the visits' satisfaction by
// month (P4.2).
type Figures struct {
	AsOf time.Time
	Open int // requests neither closed nor withdrawn
	// Overdue counts the deadlines already due and still owed, by the
	// department that owes them (Deadline.Owner).
	Overdue map[string]int
	// Rates holds each clause's deadlines by their state at AsOf; their
	// Rate is not computed (ClauseRate.ComputeRate).
	Rates map[Clause]*ClauseRate
	// Visits holds the visits' satisfaction by the month of the visit in
	// CST ("2026-11").
	Visits map[string]VisitTally
}

// VisitTally sums the satisfaction (1–5) of n visits.
type VisitTally struct{ Sum, N int }

func newFigures(asOf time.Time) Figures {
	return Figures{AsOf: asOf, Overdue: map[string]int{}, Rates: map[Clause]*ClauseRate{}, Visits: map[string]VisitTally{}}
}

func (f Figures) rate(c Clause) *ClauseRate {
	r := f.Rates[c]
	if r == nil {
		r = &ClauseRate{Clause: c}
		f.Rates[c] = r
	}
	return r
}

// FiguresOf computes the figures of rs at asOf, reading every deadline of
// every request (a pending deadline only of an open request, as
// PendingItems). It is the reading a TallyStore's figures must agree
// with, and what Service.Figures does for any other Store.
func FiguresOf(rs []*Request, asOf time.Time) Figures {
	f := newFigures(asOf)
	for _, r := range rs {
		if !r.Status.Terminal() {
			f.Open++
		}
		for _, d := range r.Deadlines {
			if d.Pending() && !contains(OpenStatuses(), r.Status) {
				continue // a closed or withdrawn request owes nothing (PendingItems)
			}
			f.add(d, asOf)
		}
		if m, sat, ok := visitOf(r); ok {
			v := f.Visits[m]
			f.Visits[m] = VisitTally{Sum: v.Sum + sat, N: v.N + 1}
		}
	}
	return f
}

func (f Figures) add(d Deadline, asOf time.Time) {
	switch d.State(asOf) {
	case DeadlineCancelled:
		return
	case DeadlineMissed:
		if d.Pending() {
			f.Overdue[d.Owner()]++
		}
	}
	f.rate(d.Clause).Add(d, asOf)
}

func visitOf(r *Request) (month string, satisfaction int, ok bool) {
	if r.Visit == nil || r.VisitedAt == nil {
		return "", 0, false
	}
	d := calendar.DateOf(*r.VisitedAt)
	return fmt.Sprintf("%04d-%02d", d.Year, int(d.Month)), r.Visit.Satisfaction, true
}

// The keys of a FigureTally.
const (
	tallyOpen     = "open"       // 1 for a request neither closed nor withdrawn
	tallyMet      = "met:"       // + clause: deadlines done on time
	tallyMissed   = "missed:"    // + clause: deadlines done late
	tallyVisitSum = "visit_sum:" // + month: the visit's satisfaction
	tallyVisitN   = "visit_n:"   // + month: 1 for the visit
)

// FigureTally is what r adds to the figures whatever the instant asked
// about: whether it is open, its deadlines already done (met or missed, by
// clause) and its visit, as counts under string keys. A TallyStore keeps
// the sum of the tallies of the requests it saves, replacing a request's
// tally with each save; its pending deadlines, whose state depends on the
// instant, are counted at the instant asked about (TallyStore.PendingCounts,
// CombineFigures).
func FigureTally(r *Request) map[string]int {
	t := map[string]int{}
	if !r.Status.Terminal() {
		t[tallyOpen] = 1
	}
	TallyDone(t, r.Deadlines)
	if m, sat, ok := visitOf(r); ok {
		t[tallyVisitSum+m] += sat
		t[tallyVisitN+m]++
	}
	return t
}

// TallyDone adds to the tally t the deadlines of ds already done, met or
// missed, by clause: what the deadlines add to a chapter's FigureTally
// whatever the instant (a pending deadline's state depends on it; a
// cancelled one counts nowhere). AddDoneRates reads them back.
func TallyDone(t map[string]int, ds []Deadline) {
	for _, d := range ds {
		if d.Pending() {
			continue
		}
		switch d.State(time.Time{}) { // done or cancelled: the same at any instant
		case DeadlineMet:
			t[tallyMet+string(d.Clause)]++
		case DeadlineMissed:
			t[tallyMissed+string(d.Clause)]++
		}
	}
}

// AddDoneRates adds the met and missed deadlines TallyDone counted in
// tally to rates, by clause, creating a clause's rate when it has some.
func AddDoneRates(rates map[Clause]*ClauseRate, tally map[string]int) {
	rate := func(c Clause) *ClauseRate {
		r := rates[c]
		if r == nil {
			r = &ClauseRate{Clause: c}
			rates[c] = r
		}
		return r
	}
	for k, n := range tally {
		switch {
		case n == 0:
		case strings.HasPrefix(k, tallyMet):
			rate(Clause(strings.TrimPrefix(k, tallyMet))).Met += n
		case strings.HasPrefix(k, tallyMissed):
			rate(Clause(strings.TrimPrefix(k, tallyMissed))).Missed += n
		}
	}
}

// PendingCount counts the pending deadlines of open requests that one
// department owes under one clause, overdue (due and their clock running)
// or not, at an instant.
type PendingCount struct {
	Owner   string `json:"owner"`
	Clause  Clause `json:"clause"`
	Overdue bool   `json:"overdue"`
	N       int    `json:"n"`
}

// CountPending counts items (pending deadlines) at asOf by owner, clause
// and whether overdue: what TallyStore.PendingCounts answers, for a store
// that counts in Go.
func CountPending(items []DeadlineItem, asOf time.Time) []PendingCount {
	type key struct {
		owner   string
		clause  Clause
		overdue bool
	}
	n := map[key]int{}
	var order []key
	for _, it := range items {
		k := key{it.Owner, it.Deadline.Clause, it.Deadline.Overdue(asOf)}
		if n[k] == 0 {
			order = append(order, k)
		}
		n[k]++
	}
	out := make([]PendingCount, len(order))
	for i, k := range order {
		out[i] = PendingCount{Owner: k.owner, Clause: k.clause, Overdue: k.overdue, N: n[k]}
	}
	return out
}

// CombineFigures returns the figures at asOf of a store whose requests'
// FigureTally sum to tally and whose pending deadlines count as pending
// (TallyStore.PendingCounts at asOf).
func CombineFigures(tally map[string]int, pending []PendingCount, asOf time.Time) Figures {
	f := newFigures(asOf)
	f.Open = tally[tallyOpen]
	AddDoneRates(f.Rates, tally)
	for k, n := range tally {
		switch {
		case strings.HasPrefix(k, tallyVisitSum):
			m := strings.TrimPrefix(k, tallyVisitSum)
			v := f.Visits[m]
			f.Visits[m] = VisitTally{Sum: v.Sum + n, N: v.N}
		case strings.HasPrefix(k, tallyVisitN):
			m := strings.TrimPrefix(k, tallyVisitN)
			v := f.Visits[m]
			f.Visits[m] = VisitTally{Sum: v.Sum, N: v.N + n}
		}
	}
	for k, v := range f.Visits {
		if v.N == 0 {
			delete(f.Visits, k)
		}
	}
	for _, rc := range f.Rates {
		if rc.Met == 0 && rc.Missed == 0 && rc.Open == 0 {
			delete(f.Rates, rc.Clause)
		}
	}
	for _, c := range pending {
		if c.N == 0 {
			continue
		}
		if c.Overdue {
			f.Overdue[c.Owner] += c.N
			f.rate(c.Clause).Missed += c.N
		} else {
			f.rate(c.Clause).Open += c.N
		}
	}
	return f
}

// TallyStore is implemented by a Store that keeps the sum of FigureTally
// over the requests it saves and counts the pending deadlines of its open
// requests, so that the dashboard's figures cost two aggregate queries,
// not a read of every request ever registered. Service.Figures uses it;
// storetest.Run checks it against FiguresOf.
type TallyStore interface {
	// FigureTally returns the sum, key by key, of FigureTally over every
	// stored request.
	FigureTally(ctx context.Context) (map[string]int, error)
	// PendingCounts counts the pending deadlines of the open requests
	// (PendingItems) at asOf by owner, clause and whether overdue, as
	// CountPending does.
	PendingCounts(ctx context.Context, asOf time.Time) ([]PendingCount, error)
}

// Figures returns the running figures of every request at the service
// clock's now: from the Store's tally and counts when it keeps them
// (TallyStore), else by reading every request.
func (s *Service) Figures(ctx context.Context) (Figures, error) {
	now := s.clock.Now()
	if ts, ok := s.store.(TallyStore); ok {
		tally, err := ts.FigureTally(ctx)
		if err != nil {
			return Figures{}, storeErr(err)
		}
		pending, err := ts.PendingCounts(ctx, now)
		if err != nil {
			return Figures{}, storeErr(err)
		}
		return CombineFigures(tally, pending, now), nil
	}
	rs, err := s.store.List(ctx, Query{})
	if err != nil {
		return Figures{}, storeErr(err)
	}
	return FiguresOf(rs, now), nil
}

// PendingCounts counts the pending deadlines of the open requests at the
// service clock's now, by owner, clause and whether overdue: from the
// Store's counts when it keeps them (TallyStore: one aggregate query),
// else from every pending deadline listed (CountPending).
func (s *Service) PendingCounts(ctx context.Context) ([]PendingCount, error) {
	now := s.clock.Now()
	if ts, ok := s.store.(TallyStore); ok {
		counts, err := ts.PendingCounts(ctx, now)
		return counts, storeErr(err)
	}
	items, err := s.Deadlines(ctx, DeadlineQuery{})
	if err != nil {
		return nil, err
	}
	return CountPending(items, now), nil
}

// CountOverdue returns how many deadlines match q with OverdueOnly set
// (q's own OverdueOnly, After and Limit are ignored), counting at most max
// when max is above 0. For a query by department, or of every department,
// a TallyStore answers with one aggregate query; any other is counted from
// the deadlines listed.
func (s *Service) CountOverdue(ctx context.Context, q DeadlineQuery, max int) (int, error) {
	capped := func(n int) int {
		if max > 0 && n > max {
			return max
		}
		return n
	}
	if ts, ok := s.store.(TallyStore); ok && q.SpecialistID == "" && q.ProjectID == "" && q.DueFrom.IsZero() && q.DueTo.IsZero() {
		counts, err := ts.PendingCounts(ctx, s.clock.Now())
		if err != nil {
			return 0, storeErr(err)
		}
		n := 0
		for _, c := range counts {
			if c.Overdue && (q.Department == "" || c.Owner == q.Department) {
				n += c.N
			}
		}
		return capped(n), nil
	}
	q.OverdueOnly, q.After, q.Limit = true, nil, max
	items, err := s.Deadlines(ctx, q)
	return capped(len(items)), err
}
