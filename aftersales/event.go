package aftersales

import (
	"fmt"
	"slices"
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
	EventFeedback      EventType = "feedback"       // P1.3, P3.2: the customer told how it went
	EventCoordinated   EventType = "coordinated"    // P3.3: the after-sales department took up a difficulty
	EventPaused        EventType = "paused"         // clocks stopped while waiting on the customer
	EventResumed       EventType = "resumed"        // clocks running again
	EventWithdrawn     EventType = "withdrawn"
	EventMessage       EventType = "message_received" // P1.1: a message about the request, after its registration
	EventCoverage      EventType = "coverage_decided" // W1.2, W3.1
	// EventRecomputed records open deadlines recounted after a new or
	// revised notice year was loaded into the calendar.
	EventRecomputed EventType = "deadlines_recomputed"
	// EventClosed closes a request without the steps this package requires
	// before closing. The Service never writes it; it appears in histories
	// imported from other systems, for the audit to judge.
	EventClosed EventType = "closed"
	// EventPseudonymised records that the customer's personal data in the
	// whole history was replaced by a pseudonym (个人信息保护法 第十九条,
	// 第四十七条): by the retention job after the retention period, or at
	// the customer's request. Reason says which. It changes no case fact.
	EventPseudonymised EventType = "pseudonymised"
	// EventDataExported records that the customer's data was given to them
	// at their request (个人信息保护法 第四十五条). It changes no case fact.
	EventDataExported EventType = "personal_data_exported"
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
	Assignees    []Assignee        `json:"assignees,omitempty"` // EventForwarded: the people named (P1.2)
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
	// change moved, with their new values (EventRecomputed), or that a
	// resumed pause moved (EventResumed).
	Recomputed []Deadline `json:"recomputed,omitempty"`
	// Replaced holds pending deadlines a changed reading of the regulation
	// replaced (EventRecomputed): each is cancelled, and Deadlines holds
	// its replacement.
	Replaced     []Deadline    `json:"replaced,omitempty"`
	Feedback     *Feedback     `json:"feedback,omitempty"`
	Coordination *Coordination `json:"coordination,omitempty"`
	Pause        *Pause        `json:"pause,omitempty"`
	Message      *Message      `json:"message,omitempty"` // EventMessage
	// IdempotencyKey is the key of the command that wrote the event, when
	// it was run with one (WithIdempotencyKey).
	IdempotencyKey string `json:"idempotency_key,omitempty"`
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
	case EventPlanned, EventReclassified, EventEscalated, EventCompleted, EventCoordinated:
		if _, ok := r.Part(e.Department); !ok {
			return bad(fmt.Sprintf("涉及的部门 %q 未经转达", e.Department))
		}
		if e.Type == EventPlanned && e.Plan == nil {
			return bad("缺少处理方案")
		}
		if e.Type == EventCoordinated && e.Coordination == nil {
			return bad("缺少协调内容")
		}
	case EventFeedback:
		if e.Feedback == nil {
			return bad("缺少反馈内容")
		}
	case EventMessage:
		if e.Message == nil {
			return bad("缺少来信内容")
		}
	case EventPaused:
		if e.Pause == nil {
			return bad("缺少暂停内容")
		}
		if r.Paused() {
			return bad("在暂停期间再次暂停")
		}
	case EventResumed:
		if !r.Paused() {
			return bad("没有暂停可以恢复")
		}
	case EventCoverage:
		if e.Coverage == nil {
			return bad("缺少质保判定")
		}
	case EventForwarded, EventUrgentHandled, EventAccepted, EventRejected, EventVisited, EventWithdrawn, EventClosed, EventRecomputed,
		EventPseudonymised, EventDataExported:
	default:
		return bad("的类型未知")
	}
	return nil
}

// apply folds one event into the request. Events the Service decided are
// always admitted; Replay checks others with admits first.
func apply(r *Request, e Event) {
	r.Version = e.Seq
	if e.Type.Personal() || e.Type == EventMessage {
		return // no case fact changes, not even when the case last moved
	}
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
		r.addParts(e.Departments, e.Assignees, at)
		if first {
			r.markDone(ClauseP1_2, "", "", at)
		}
		r.Status = StatusInProgress
	case EventUrgentHandled:
		r.UrgentMeasures = e.Measures
		r.UrgentHandledAt = &at
		r.markDone(ClauseP1_3, "", "", at)
	case EventPlanned:
		p, _ := r.Part(e.Department)
		p.Plan, p.PlannedAt = e.Plan, &at
		p.Complexity = e.Plan.Complexity
		p.ClassifiedBy = e.Actor.ID
		r.markDone(ClauseP3_1, "", e.Department, at)
	case EventReclassified:
		p, _ := r.Part(e.Department)
		p.Complexity = e.Complexity
		p.ClassifiedBy = e.Actor.ID
		r.cancel(ClauseP3_2, "", e.Department)
		if e.Complexity != Complex {
			r.cancel(ClauseP3_2, StepProgress, e.Department)
		}
	case EventEscalated:
		p, _ := r.Part(e.Department)
		p.Escalated = true
		r.Escalations = append(r.Escalations, Note{At: at, By: e.Actor.ID, Department: e.Department, Reason: e.Reason})
	case EventCoordinated:
		c := *e.Coordination
		c.Departments = slices.Clone(c.Departments)
		r.Coordinations = append(r.Coordinations, c)
		r.markDone(ClauseP3_3, StepCoordination, e.Department, at)
		r.addParts(c.Departments, nil, at)
	case EventCompleted:
		p, _ := r.Part(e.Department)
		p.DoneAt = &at
		p.Result = e.Result
		r.markDone(ClauseP3_2, "", e.Department, at)
		// Handling ends the progress feedback: on time if the next one was
		// not yet due, missed if it was (P3.2).
		r.markDone(ClauseP3_2, StepProgress, e.Department, at)
		if r.allPartsDone() {
			r.Status = StatusAwaitingAcceptance
		}
	case EventFeedback:
		f := *e.Feedback
		r.Feedbacks = append(r.Feedbacks, f)
		clause, step := f.Kind.step()
		r.markDone(clause, step, f.Department, at)
	case EventAccepted:
		r.Acceptance = e.Signature
		r.AcceptedAt = &at
		r.resultSeen(at)
		r.Status = StatusAccepted
		if r.Visit != nil {
			r.Status = StatusClosed // visited after handling, before this acceptance (P4.2)
		}
	case EventRejected:
		r.Rejections = append(r.Rejections, Note{At: at, By: e.Actor.ID, Reason: e.Reason})
		for i := range r.Parts {
			r.Parts[i].DoneAt = nil
			r.Parts[i].Round++
			r.Parts[i].RoundStart = &at
			r.Parts[i].Escalated = false // a new round may be escalated again (P3.3)
		}
		r.resultSeen(at)
		// P4.2: the visit runs from the completion the customer accepts; a
		// rejection cancels it, and a visit already made belongs to the
		// rejected round (it stays in the history).
		r.cancel(ClauseP4_2, "", "")
		r.Visit, r.VisitedAt = nil, nil
		r.Status = StatusInProgress
	case EventVisited:
		r.Visit = e.Visit
		r.VisitedAt = &at
		r.markDone(ClauseP4_2, "", "", at)
		if r.AcceptedAt != nil || r.Status == StatusAccepted {
			r.Status = StatusClosed
		}
	case EventPaused:
		r.Pauses = append(r.Pauses, *e.Pause)
		PauseDeadlines(r.Deadlines, at, requestClockPauses)
	case EventResumed:
		r.Pauses[len(r.Pauses)-1] = *e.Pause
		MoveDeadlines(r.Deadlines, e.Recomputed)
		r.markDone(ClauseG3_3, StepPauseLimit, "", at)
	case EventRecomputed:
		MoveDeadlines(r.Deadlines, e.Recomputed)
		for _, old := range e.Replaced {
			for i := range r.Deadlines {
				if d := &r.Deadlines[i]; d.Pending() && d.SameStep(old) {
					d.Cancelled = true
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
	opened := slices.Clone(e.Deadlines)
	if e.Type != EventPaused {
		if p, ok := r.CurrentPause(); ok {
			// Clocks opened while paused stand still from their start.
			PauseDeadlines(opened, p.At, requestClockPauses)
		}
	}
	r.Deadlines = append(r.Deadlines, opened...)
}

// addParts adds a part for each department, naming its assignee when one
// of assignees is for it, and makes the after-sales department coordinate
// when several share the request (P2.2).
func (r *Request) addParts(depts []string, assignees []Assignee, at time.Time) {
	for _, d := range depts {
		p := Part{Department: d, ReceivedAt: at}
		for _, a := range assignees {
			if a.Department == d {
				p.Assignee = a.Person
			}
		}
		r.Parts = append(r.Parts, p)
	}
	if len(r.Parts) > 1 {
		r.Coordinator = DeptAfterSales // P2.2
	}
}

// resultSeen records that the customer judged the result themselves at
// at, by accepting or rejecting it (P4.1): every result feedback still owed
// (P3.2) is answered by that.
func (r *Request) resultSeen(at time.Time) {
	for i := range r.Deadlines {
		if d := &r.Deadlines[i]; d.Clause == ClauseP3_2 && d.Step == StepFeedback && d.Pending() {
			d.DoneAt = &at
		}
	}
}

// markDone records that the pending deadline of clause, step and
// department was acted on at at.
func (r *Request) markDone(c Clause, step, dept string, at time.Time) {
	for i := range r.Deadlines {
		d := &r.Deadlines[i]
		if d.Clause == c && d.Step == step && d.Department == dept && d.Pending() {
			d.DoneAt = &at
		}
	}
}

// cancel marks the pending deadlines of clause, step and department as no
// longer owed.
func (r *Request) cancel(c Clause, step, dept string) {
	for i := range r.Deadlines {
		d := &r.Deadlines[i]
		if d.Clause == c && d.Step == step && d.Department == dept && d.Pending() {
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

// Label returns the event type's Chinese name, as a history line.
func (t EventType) Label() string {
	switch t {
	case EventRegistered:
		return "登记（客户反馈登记表）"
	case EventForwarded:
		return "转达责任部门"
	case EventUrgentHandled:
		return "紧急处理"
	case EventPlanned:
		return "制定处理方案"
	case EventReclassified:
		return "调整复杂程度"
	case EventEscalated:
		return "上报困难"
	case EventCoordinated:
		return "售后管理部协调"
	case EventCompleted:
		return "完成处理"
	case EventFeedback:
		return "反馈客户"
	case EventMessage:
		return "收到来信"
	case EventAccepted:
		return "客户验收签字"
	case EventRejected:
		return "验收不合格"
	case EventVisited:
		return "回访（客户回访记录表）"
	case EventPaused:
		return "暂停计时"
	case EventResumed:
		return "恢复计时"
	case EventWithdrawn:
		return "撤回"
	case EventCoverage:
		return "质保判定"
	case EventRecomputed:
		return "期限重新计算"
	case EventClosed:
		return "关闭"
	case EventPseudonymised:
		return "个人信息去标识化"
	case EventDataExported:
		return "导出个人信息"
	}
	return string(t)
}

// What says in Chinese what a request deadline asks for: its clause and
// step, and for a handling deadline whether it is a rework round.
func (d Deadline) What() string {
	switch {
	case d.Step == StepFeedback && d.Clause == ClauseP1_3:
		return "向客户反馈紧急处理情况"
	case d.Step == StepFeedback:
		return "向客户反馈处理结果"
	case d.Step == StepProgress:
		return "向客户反馈处理进展"
	case d.Step == StepCoordination:
		return "售后管理部协调上报的困难"
	case d.Step == StepPauseLimit:
		return "暂停计时的时限"
	}
	switch d.Clause {
	case ClauseP1_2:
		return "转达责任部门"
	case ClauseP1_3:
		return "紧急处理措施"
	case ClauseP3_1:
		return "调查核实并制定处理方案"
	case ClauseP3_2:
		if d.Round > 0 {
			return "验收不合格后重新处理"
		}
		return "完成处理"
	case ClauseP4_2:
		return "客户回访"
	}
	return string(d.Clause)
}
