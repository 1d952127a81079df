package aftersales

import "time"

// DeadlineState is where a deadline stands at a given instant.
type DeadlineState string

// The deadline states.
const (
	// DeadlineOpen: not yet done and not yet due.
	DeadlineOpen DeadlineState = "open"
	// DeadlineMet: done before it was due.
	DeadlineMet DeadlineState = "met"
	// DeadlineMissed: done late, or still not done once due.
	DeadlineMissed DeadlineState = "missed"
	// DeadlineCancelled: no longer owed, because the request was withdrawn
	// or the step was superseded (a reclassification, a rework round).
	DeadlineCancelled DeadlineState = "cancelled"
)

// Deadline is one period the regulation sets: its clause, the event it runs
// from, the instant it is due, and whether and when it was met.
type Deadline struct {
	Clause     Clause    `json:"clause"`
	Department string    `json:"department,omitempty"` // the part it belongs to, for per-department steps
	Round      int       `json:"round,omitempty"`      // rework round, for P3.2 after a rejection (P4.1)
	Event      string    `json:"event"`                // what it runs from: received, forwarded, accepted, rejected…
	From       time.Time `json:"from"`                 // when that event happened
	Due        time.Time `json:"due"`                  // the act is on time before this instant
	Workdays   int       `json:"workdays,omitempty"`   // the period in working days, or
	Hours      int       `json:"hours,omitempty"`      // in clock hours
	// Provisional is true when the period crossed a calendar day with no
	// confirmed notice: recompute when the notice is published.
	Provisional bool       `json:"provisional,omitempty"`
	DoneAt      *time.Time `json:"done_at,omitempty"`
	Cancelled   bool       `json:"cancelled,omitempty"`
}

// State returns the deadline's state at now.
func (d Deadline) State(now time.Time) DeadlineState {
	switch {
	case d.Cancelled:
		return DeadlineCancelled
	case d.DoneAt != nil && d.DoneAt.Before(d.Due):
		return DeadlineMet
	case d.DoneAt != nil:
		return DeadlineMissed
	case !now.Before(d.Due):
		return DeadlineMissed
	}
	return DeadlineOpen
}

// Pending reports whether the deadline is still owed: neither done nor
// cancelled. A pending deadline may already be overdue.
func (d Deadline) Pending() bool { return d.DoneAt == nil && !d.Cancelled }

// Overdue reports whether the deadline is still owed at now and already due.
func (d Deadline) Overdue(now time.Time) bool { return d.Pending() && !now.Before(d.Due) }

// key identifies the step a deadline belongs to.
func (d Deadline) key() string { return string(d.Clause) + "|" + d.Department }
