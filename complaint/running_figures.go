package complaint

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Figures are the running figures of the complaints, as the desk's
// dashboard shows them at an instant: how many are open, which deadlines
// are overdue (C2.1, C2.2, C3.1, C4.1, G3.3) and each clause's on-time
// record.
type Figures struct {
	AsOf time.Time // the instant the figures are of
	Open int       // complaints neither resolved nor withdrawn (Status.Closed)
	// Overdue counts the deadlines already due and still owed
	// (aftersales.Deadline.Overdue), by the department they are set for
	// (aftersales.Deadline.Department; "" for the after-sales desk).
	Overdue map[string]int
	// Rates holds each clause's deadlines by their state at AsOf; their
	// Rate is not computed (aftersales.ClauseRate.ComputeRate).
	Rates map[aftersales.Clause]*aftersales.ClauseRate
}

func newFigures(asOf time.Time) Figures {
	return Figures{AsOf: asOf, Overdue: map[string]int{}, Rates: map[aftersales.Clause]*aftersales.ClauseRate{}}
}

// add counts d by its state at asOf; a cancelled deadline counts nowhere.
func (f Figures) add(d aftersales.Deadline, asOf time.Time) {
	if d.State(asOf) == aftersales.DeadlineCancelled {
		return
	}
	r := f.Rates[d.Clause]
	if r == nil {
		r = &aftersales.ClauseRate{Clause: d.Clause}
		f.Rates[d.Clause] = r
	}
	r.Add(d, asOf)
	if d.Overdue(asOf) {
		f.Overdue[d.Department]++
	}
}

// FiguresOf computes the figures of cs at asOf, reading every deadline of
// every complaint. It is the reading a TallyStore's figures must agree
// with, and what Service.Figures does for any other Store.
func FiguresOf(cs []*Complaint, asOf time.Time) Figures {
	f := newFigures(asOf)
	for _, c := range cs {
		if !c.Status.Closed() {
			f.Open++
		}
		for _, d := range c.Deadlines {
			f.add(d, asOf)
		}
	}
	return f
}

// tallyOpen is the key of FigureTally that counts open complaints; the
// deadlines done are under aftersales.TallyDone's keys.
const tallyOpen = "open"

// FigureTally is what c adds to the figures whatever the instant asked
// about: whether it is open and its deadlines already done (met or missed,
// by clause: aftersales.TallyDone), as counts under string keys. A
// TallyStore keeps the sum of the tallies of the complaints it saves,
// replacing a complaint's tally with each save; the pending deadlines,
// whose state depends on the instant, are read from the complaints that
// owe one (TallyStore.Owing, CombineFigures).
func FigureTally(c *Complaint) map[string]int {
	t := map[string]int{}
	if !c.Status.Closed() {
		t[tallyOpen] = 1
	}
	aftersales.TallyDone(t, c.Deadlines)
	return t
}

// Owes reports whether c owes a deadline (one of them is pending): the
// complaints TallyStore.Owing reads. A resolved complaint may still owe
// one, such as its C4.1 feedback.
func Owes(c *Complaint) bool {
	for _, d := range c.Deadlines {
		if d.Pending() {
			return true
		}
	}
	return false
}

// CombineFigures returns the figures at asOf of a store whose complaints'
// FigureTally sum to tally and of which owing are those that owe a
// deadline (TallyStore.Owing).
func CombineFigures(tally map[string]int, owing []*Complaint, asOf time.Time) Figures {
	f := newFigures(asOf)
	f.Open = tally[tallyOpen]
	aftersales.AddDoneRates(f.Rates, tally)
	for _, c := range owing {
		for _, d := range c.Deadlines {
			if d.Pending() {
				f.add(d, asOf)
			}
		}
	}
	return f
}

// TallyStore is implemented by a Store that keeps the sum of FigureTally
// over the complaints it saves and finds the complaints that owe a
// deadline, so that the dashboard's figures cost one aggregate query and
// a read of the complaints still owing something, not a read of every
// complaint ever received. Service.Figures uses it; storetest.Run checks
// it against FiguresOf.
type TallyStore interface {
	// FigureTally returns the sum, key by key, of FigureTally over every
	// stored complaint.
	FigureTally(ctx context.Context) (map[string]int, error)
	// Owing calls fn for every stored complaint that owes a deadline
	// (Owes), in ID order, and stops at fn's first error, returning it.
	Owing(ctx context.Context, fn func(*Complaint) error) error
}

// Figures returns the running figures of every complaint at the service
// clock's now: from the Store's tally and the complaints owing a deadline
// when it keeps them (TallyStore), else by reading every complaint.
func (s *Service) Figures(ctx context.Context) (Figures, error) {
	now := s.clock.Now()
	ts, ok := s.store.(TallyStore)
	if !ok {
		cs, err := s.store.List(ctx, Query{})
		if err != nil {
			return Figures{}, storeErr(err)
		}
		return FiguresOf(cs, now), nil
	}
	tally, err := ts.FigureTally(ctx)
	if err != nil {
		return Figures{}, storeErr(err)
	}
	var owing []*Complaint
	if err := ts.Owing(ctx, func(c *Complaint) error {
		owing = append(owing, c)
		return nil
	}); err != nil {
		return Figures{}, storeErr(err)
	}
	return CombineFigures(tally, owing, now), nil
}
