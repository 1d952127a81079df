package aftersales

import (
	"time"

	"github.com/shouhou/shouhou/calendar"
)

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

// Label returns the state's Chinese name.
func (s DeadlineState) Label() string {
	switch s {
	case DeadlineOpen:
		return "未到期"
	case DeadlineMet:
		return "按期"
	case DeadlineMissed:
		return "逾期"
	case DeadlineCancelled:
		return "已取消"
	}
	return string(s)
}

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
	// Step names which of the clause's obligations this is when the clause
	// sets more than one: empty for its main step, or StepFeedback,
	// StepProgress, StepCoordination, StepPauseLimit.
	Step string `json:"step,omitempty"`
	// PausedAt is when the clock was paused, while it is (see Pause); a
	// deadline done during a pause keeps it and counts as met.
	PausedAt *time.Time `json:"paused_at,omitempty"`
	// PausedDays is the number of working days earlier pauses added to the
	// period: Due is Workdays + PausedDays working days from From.
	PausedDays int `json:"paused_days,omitempty"`
}

// The steps of a clause that sets more than one obligation (Deadline.Step).
const (
	// StepFeedback is telling the customer how it went: after urgent
	// measures (P1.3) or a department's result (P3.2).
	StepFeedback = "feedback"
	// StepProgress is telling the customer how a complex problem is going,
	// while it is handled (P3.2 "处理过程…及时反馈").
	StepProgress = "progress"
	// StepCoordination is the after-sales department taking up a reported
	// difficulty (P3.3).
	StepCoordination = "coordination"
	// StepPauseLimit is the longest a clock may stay paused before the
	// pause is escalated (G3.3, timely response).
	StepPauseLimit = "pause_limit"
)

// State returns the deadline's state at now.
func (d Deadline) State(now time.Time) DeadlineState {
	switch {
	case d.Cancelled:
		return DeadlineCancelled
	case d.DoneAt != nil && d.PausedAt != nil:
		// Done while its clock stood still: it was paused before it was due.
		return DeadlineMet
	case d.DoneAt != nil && d.DoneAt.Before(d.Due):
		return DeadlineMet
	case d.DoneAt != nil:
		return DeadlineMissed
	case d.PausedAt != nil:
		return DeadlineOpen // paused: its clock stands still
	case !now.Before(d.Due):
		return DeadlineMissed
	}
	return DeadlineOpen
}

// Pending reports whether the deadline is still owed: neither done nor
// cancelled. A pending deadline may already be overdue.
func (d Deadline) Pending() bool { return d.DoneAt == nil && !d.Cancelled }

// Overdue reports whether the deadline is still owed at now and already
// due. A paused deadline is never overdue: its clock stands still.
func (d Deadline) Overdue(now time.Time) bool {
	return d.Pending() && d.PausedAt == nil && !now.Before(d.Due)
}

// Paused reports whether the deadline's clock stands still now.
func (d Deadline) Paused() bool { return d.Pending() && d.PausedAt != nil }

// NewWorkdayDeadline opens a deadline of n working days from the event at
// from (民法典 第二百零一、二百零三条, through the calendar): dept and round
// are for per-department and rework steps. It fails with an invalid-kind
// error when the period cannot be computed.
func NewWorkdayDeadline(cal *calendar.Calendar, clause Clause, event, dept string, round int, from time.Time, n int) (Deadline, error) {
	p, err := cal.WorkdayPeriod(from, n)
	if err != nil {
		return Deadline{}, invalid("time_out_of_range", "无法计算%s的期限：%v", clause, err)
	}
	return Deadline{Clause: clause, Event: event, Department: dept, Round: round,
		From: from, Due: p.Due, Workdays: n, Provisional: p.Provisional()}, nil
}

// NewHourDeadline opens a clock-hour deadline, for "immediately" targets
// (P1.3, C2.2): it runs through nights, weekends and holidays.
func NewHourDeadline(clause Clause, event string, from time.Time, hours int) Deadline {
	return Deadline{Clause: clause, Event: event, From: from, Due: calendar.AddHours(from, hours), Hours: hours}
}

// SameStep reports whether d and o are the same obligation: clause, step,
// department, round, starting event and instant. Events that move or
// replace deadlines name them this way.
func (d Deadline) SameStep(o Deadline) bool {
	return d.Clause == o.Clause && d.Step == o.Step && d.Department == o.Department && d.Round == o.Round &&
		d.Event == o.Event && d.From.Equal(o.From)
}

// Recount returns d counted again with cal: a working-day deadline gets the
// due instant and provisional mark cal gives it now (Workdays + PausedDays
// working days from From); a clock-hour one is unchanged.
func (d Deadline) Recount(cal *calendar.Calendar) (Deadline, error) {
	if d.Workdays == 0 {
		return d, nil
	}
	p, err := cal.WorkdayPeriod(d.From, d.Workdays+d.PausedDays)
	if err != nil {
		return d, invalid("time_out_of_range", "无法重新计算%s的期限：%v", d.Clause, err)
	}
	d.Due, d.Provisional = p.Due, p.Provisional()
	return d, nil
}
