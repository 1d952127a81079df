package aftersales

import (
	"context"
	"time"
)

// DeadlineItem is one pending deadline of one request, as the queue and
// the scheduler see it.
type DeadlineItem struct {
	RequestID string `json:"request_id"`
	// Number is the request's readable number (SH-2026-000123), what a
	// notice or a queue shows a person; empty for a request without one.
	Number    string        `json:"number,omitempty"`
	ProjectID string        `json:"project_id,omitempty"`
	Status    Status        `json:"status"`
	Owner     string        `json:"owner"` // the department that owes the step
	Deadline  Deadline      `json:"deadline"`
	Index     int           `json:"index"` // its place in the request's Deadlines
	State     DeadlineState `json:"state"` // open or missed, at the query's instant
}

// DeadlineQuery selects pending deadlines. Empty fields do not restrict.
type DeadlineQuery struct {
	Department   string    // deadlines this department owes
	SpecialistID string    // deadlines of the projects this specialist is appointed to (G4.3)
	ProjectID    string    //
	DueFrom      time.Time // due at or after
	DueTo        time.Time // due before
	OverdueOnly  bool      // only deadlines already due and still owed
	// After pages: only the deadlines after this one in the queue's order
	// (the Cursor of the last item of the page before).
	After *DeadlineCursor
	Limit int // at most this many; 0: no limit
}

// Owner returns the department that owes a deadline's step: the part's
// department, or the after-sales department for the request-level steps
// (P1.2 forwarding, P1.3 urgent measures, P4.2 the visit, a pause's limit)
// and for the coordination of a part's reported difficulty (P3.3).
func (d Deadline) Owner() string {
	if d.Department != "" && d.Step != StepCoordination {
		return d.Department
	}
	return DeptAfterSales
}

// Deadlines returns the pending deadlines that match q, soonest due first
// (the order of DeadlineCursor), with their state at the service clock's
// now. A Store that is a DeadlineIndex answers from its index; any other is
// read request by request (ScanDeadlines).
func (s *Service) Deadlines(ctx context.Context, q DeadlineQuery) ([]DeadlineItem, error) {
	now := s.clock.Now()
	f := DeadlineFilter{Owner: q.Department, DueFrom: q.DueFrom, DueBefore: q.DueTo, After: q.After, Limit: q.Limit}
	if q.OverdueOnly {
		// Overdue: due at or before now, owed, and its clock running.
		if end := now.Add(time.Nanosecond); f.DueBefore.IsZero() || end.Before(f.DueBefore) {
			f.DueBefore = end
		}
		f.Running = true
	}
	switch {
	case q.SpecialistID != "":
		ps, err := s.dir.ProjectsOf(ctx, q.SpecialistID)
		if err != nil {
			return nil, storeErr(err)
		}
		for _, p := range ps {
			if q.ProjectID == "" || p.ID == q.ProjectID {
				f.ProjectIDs = append(f.ProjectIDs, p.ID)
			}
		}
		if len(f.ProjectIDs) == 0 {
			return nil, nil // the specialist has no (such) project
		}
	case q.ProjectID != "":
		f.ProjectIDs = []string{q.ProjectID}
	}
	var out []DeadlineItem
	if idx, ok := s.store.(DeadlineIndex); ok {
		items, err := idx.PendingDeadlines(ctx, f)
		if err != nil {
			return nil, storeErr(err)
		}
		out = items
	} else {
		rs, err := s.store.List(ctx, Query{Statuses: OpenStatuses(), ProjectIDs: f.ProjectIDs, PendingDueBefore: f.DueBefore})
		if err != nil {
			return nil, storeErr(err)
		}
		out = ScanDeadlines(rs, f)
	}
	for i := range out {
		out[i].State = out[i].Deadline.State(now)
	}
	return out, nil
}

// Overdue returns every deadline already due and still owed (P1.2, P1.3,
// P3.1, P3.2, P4.2), most overdue first.
func (s *Service) Overdue(ctx context.Context) ([]DeadlineItem, error) {
	return s.Deadlines(ctx, DeadlineQuery{OverdueOnly: true})
}

// DueWithin returns the pending deadlines due in [from, to), soonest first.
func (s *Service) DueWithin(ctx context.Context, from, to time.Time) ([]DeadlineItem, error) {
	return s.Deadlines(ctx, DeadlineQuery{DueFrom: from, DueTo: to})
}

// List returns the requests that match q.
func (s *Service) List(ctx context.Context, q Query) ([]*Request, error) {
	rs, err := s.store.List(ctx, q)
	return rs, storeErr(err)
}
