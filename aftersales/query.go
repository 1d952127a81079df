package aftersales

import (
	"context"
	"sort"
	"time"
)

// DeadlineItem is one pending deadline of one request, as the queue and
// the scheduler see it.
type DeadlineItem struct {
	RequestID string        `json:"request_id"`
	ProjectID string        `json:"project_id,omitempty"`
	Status    Status        `json:"status"`
	Owner     string        `json:"owner"` // the department that owes the step
	Deadline  Deadline      `json:"deadline"`
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

// Deadlines returns the pending deadlines that match q, soonest due first,
// with their state at the service clock's now.
func (s *Service) Deadlines(ctx context.Context, q DeadlineQuery) ([]DeadlineItem, error) {
	now := s.clock.Now()
	sq := Query{Statuses: []Status{StatusRegistered, StatusInProgress, StatusAwaitingAcceptance, StatusAccepted}}
	if q.OverdueOnly {
		sq.PendingDueBefore = now.Add(time.Nanosecond)
	} else if !q.DueTo.IsZero() {
		sq.PendingDueBefore = q.DueTo
	}
	switch {
	case q.SpecialistID != "":
		ps, err := s.dir.ProjectsOf(ctx, q.SpecialistID)
		if err != nil {
			return nil, storeErr(err)
		}
		for _, p := range ps {
			if q.ProjectID == "" || p.ID == q.ProjectID {
				sq.ProjectIDs = append(sq.ProjectIDs, p.ID)
			}
		}
		if len(sq.ProjectIDs) == 0 {
			return nil, nil // the specialist has no (such) project
		}
	case q.ProjectID != "":
		sq.ProjectIDs = []string{q.ProjectID}
	}
	rs, err := s.store.List(ctx, sq)
	if err != nil {
		return nil, storeErr(err)
	}
	var out []DeadlineItem
	for _, r := range rs {
		for _, d := range r.Deadlines {
			switch {
			case !d.Pending(),
				q.Department != "" && d.Owner() != q.Department,
				!q.DueFrom.IsZero() && d.Due.Before(q.DueFrom),
				!q.DueTo.IsZero() && !d.Due.Before(q.DueTo),
				q.OverdueOnly && !d.Overdue(now):
				continue
			}
			out = append(out, DeadlineItem{RequestID: r.ID, ProjectID: r.ProjectID, Status: r.Status,
				Owner: d.Owner(), Deadline: d, State: d.State(now)})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Deadline.Due.Before(out[j].Deadline.Due) })
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
