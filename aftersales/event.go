package aftersales

import (
	"fmt"
	"time"
)

// EventType names what happened to a request.
type EventType string

// The event types. Each is one step of the lifecycle and one line of the
// request's history (the 客户反馈登记表 and 客户回访记录表 are views of it).
const (
	EventRegistered    EventType = "registered"     // P1.2
	EventForwarded     EventType = "forwarded"      // P1.2, P2.1, P2.2
	EventUrgentHandled EventType = "urgent_handled" // P1.3
	EventPlanned       EventType = "planned"        // P3.1
	EventReclassified  EventType = "reclassified"   // P3.2
	EventEscalated     EventType = "escalated"      // P3.3
	EventCompleted     EventType = "completed"      // P3.2
	EventAccepted      EventType = "accepted"       // P4.1
	EventRejected      EventType = "rejected"       // P4.1
	EventVisited       EventType = "visited"        // P4.2
	EventWithdrawn     EventType = "withdrawn"
	EventCoverage      EventType = "coverage_decided" // W1.2, W3.1
	// EventRecomputed records open deadlines recounted after a new or
	// revised notice year was loaded into the calendar.
	EventRecomputed EventType = "deadlines_recomputed"
	// EventClosed closes a request without the steps this package requires
	// before closing. The Service never writes it; it appears in histories
	// imported from other systems, for the audit to judge.
	EventClosed EventType = "closed"
)

// Event is one entry of a request's append-only history. Which payload
// fields are set depends on Type. Deadlines holds the deadlines the event
// opens, computed when it happened, so that replay needs no calendar.
type Event struct {
	RequestID  string    `json:"request_id"`
	Seq        int       `json:"seq"` // 1, 2, …: the request's version after this event
	Type       EventType `json:"type"`
	At         time.Time `json:"at"`                   // when it happened in the world
	RecordedAt time.Time `json:"recorded_at,omitzero"` // when it was entered
	Actor      Actor     `json:"actor"`

	Registration *Registration     `json:"registration,omitempty"`
	Cause        Cause             `json:"cause,omitempty"`
	Departments  []string          `json:"departments,omitempty"`
	Department   string            `json:"department,omitempty"`
	Plan         *Plan             `json:"plan,omitempty"`
	Complexity   Complexity        `json:"complexity,omitempty"`
	Measures     string            `json:"measures,omitempty"`
	Result       string            `json:"result,omitempty"`
	Reason       string            `json:"reason,omitempty"`
	Signature    *Signature        `json:"signature,omitempty"`
	Visit        *Visit            `json:"visit,omitempty"`
	Coverage     *CoverageDecision `json:"coverage,omitempty"`
	Deadlines    []Deadline        `json:"deadlines,omitempty"`
	// Recomputed holds the pending deadlines whose due instant a calendar
	// change moved, with their new values (EventRecomputed).
	Recomputed []Deadline `json:"recomputed,omitempty"`
}

// Replay rebuilds a request from its history. It is how the history is the
// record: Replay(history) equals the stored request.
func Replay(events []Event) (*Request, error) {
	r := &Request{}
	for i, e := range events {
		if e.Seq != i+1 {
			return nil, invalid("history_out_of_order", "历史记录第 %d 条的序号为 %d", i+1, e.Seq)
		}
		if (i == 0) != (e.Type == EventRegistered) {
			return nil, invalid("history_without_registration", "历史记录必须以且只以一条登记开始")
		}
		if err := r.admits(e); err != nil {
			return nil, err
		}
		apply(r, e)
	}
	return r, nil
}

// admits checks that e can be folded into r: its payload is present and the
// department it names has a part. Events this package decided always pass;
// a history from elsewhere may not.
func (r *Request) admits(e Event) error {
	bad := func(what string) error {
		return invalid("history_inconsistent", "历史记录第 %d 条（%s）%s", e.Seq, e.Type, what)
	}
	switch e.Type {
	case EventRegistered:
		if e.Registration == nil {
			return bad("缺少登记内容")
		}
	case EventPlanned, EventReclassified, EventEscalated, EventCompleted:
		if _, ok := r.Part(e.Department); !ok {
			return bad(fmt.Sprintf("涉及的部门 %q 未经转达", e.Department))
		}
		if e.Type == EventPlanned && e.Plan == nil {
			return bad("缺少处理方案")
		}
	case EventCoverage:
		if e.Coverage == nil {
			return bad("缺少质保判定")
		}
	case EventForwarded, EventUrgentHandled, EventAccepted, EventRejected, EventVisited, EventWithdrawn, EventClosed, EventRecomputed:
	default:
		return bad("的类型未知")
	}
	return nil
}

// apply folds one event into the request. Events the Service decided are
// always admitted; Replay checks others with admits first.
func apply(r *Request, e Event) {
	r.Version = e.Seq
	r.UpdatedAt = e.At
	at := e.At
	switch e.Type {
	case EventRegistered:
		r.ID = e.RequestID
		r.Registration = *e.Registration
		r.RegisteredBy = e.Actor
		r.Status = StatusRegistered
	case EventCoverage:
		r.Coverage = e.Coverage
	case EventForwarded:
		if e.Cause != "" {
			r.Cause = e.Cause
		}
		first := r.Status == StatusRegistered
		for _, d := range e.Departments {
			r.Parts = append(r.Parts, Part{Department: d, ReceivedAt: at})
		}
		if len(r.Parts) > 1 {
			r.Coordinator = DeptAfterSales // P2.2
		}
		if first {
			r.markDone(ClauseP1_2, "", at)
		}
		r.Status = StatusInProgress
	case EventUrgentHandled:
		r.UrgentMeasures = e.Measures
		r.UrgentHandledAt = &at
		r.markDone(ClauseP1_3, "", at)
	case EventPlanned:
		p, _ := r.Part(e.Department)
		p.Plan, p.PlannedAt = e.Plan, &at
		p.Complexity = e.Plan.Complexity
		p.ClassifiedBy = e.Actor.ID
		r.markDone(ClauseP3_1, e.Department, at)
	case EventReclassified:
		p, _ := r.Part(e.Department)
		p.Complexity = e.Complexity
		p.ClassifiedBy = e.Actor.ID
		r.cancel(ClauseP3_2, e.Department)
	case EventEscalated:
		p, _ := r.Part(e.Department)
		p.Escalated = true
		r.Escalations = append(r.Escalations, Note{At: at, By: e.Actor.ID, Department: e.Department, Reason: e.Reason})
	case EventCompleted:
		p, _ := r.Part(e.Department)
		p.DoneAt = &at
		p.Result = e.Result
		r.markDone(ClauseP3_2, e.Department, at)
		if r.allPartsDone() {
			r.Status = StatusAwaitingAcceptance
		}
	case EventAccepted:
		r.Acceptance = e.Signature
		r.AcceptedAt = &at
		r.Status = StatusAccepted
	case EventRejected:
		r.Rejections = append(r.Rejections, Note{At: at, By: e.Actor.ID, Reason: e.Reason})
		for i := range r.Parts {
			r.Parts[i].DoneAt = nil
			r.Parts[i].Round++
			r.Parts[i].RoundStart = &at
			r.Parts[i].Escalated = false // a new round may be escalated again (P3.3)
		}
		r.Status = StatusInProgress
	case EventVisited:
		r.Visit = e.Visit
		r.VisitedAt = &at
		r.markDone(ClauseP4_2, "", at)
		r.Status = StatusClosed
	case EventRecomputed:
		for _, nd := range e.Recomputed {
			for i := range r.Deadlines {
				if d := &r.Deadlines[i]; d.Pending() && d.SameStep(nd) {
					d.Due, d.Provisional = nd.Due, nd.Provisional
				}
			}
		}
	case EventWithdrawn:
		r.Withdrawal = &Note{At: at, By: e.Actor.ID, Reason: e.Reason}
		for i := range r.Deadlines {
			if r.Deadlines[i].Pending() {
				r.Deadlines[i].Cancelled = true
			}
		}
		r.Status = StatusWithdrawn
	}
	r.Deadlines = append(r.Deadlines, e.Deadlines...)
}

// markDone records that the pending deadline of clause (and department)
// was acted on at at.
func (r *Request) markDone(c Clause, dept string, at time.Time) {
	for i := range r.Deadlines {
		d := &r.Deadlines[i]
		if d.Clause == c && d.Department == dept && d.Pending() {
			d.DoneAt = &at
		}
	}
}

// cancel marks the pending deadlines of clause (and department) as no
// longer owed.
func (r *Request) cancel(c Clause, dept string) {
	for i := range r.Deadlines {
		d := &r.Deadlines[i]
		if d.Clause == c && d.Department == dept && d.Pending() {
			d.Cancelled = true
		}
	}
}

func (r *Request) allPartsDone() bool {
	for _, p := range r.Parts {
		if p.DoneAt == nil {
			return false
		}
	}
	return len(r.Parts) > 0
}
