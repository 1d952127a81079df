package complaint

import (
	"fmt"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// EventType names what happened to a complaint.
type EventType string

// The event types, one per step of C1–C4.
const (
	EventRegistered       EventType = "registered"         // C1, C2.1
	EventDeclaredMajor    EventType = "declared_major"     // C2.2
	EventEmergency        EventType = "emergency"          // C2.2: the emergency plan started
	EventMajorFeedback    EventType = "major_feedback"     // C2.2: the customer heard back
	EventForwarded        EventType = "forwarded"          // C2.1
	EventPlanned          EventType = "planned"            // C3.1
	EventStatement        EventType = "statement"          // C3.2
	EventThirdParty       EventType = "third_party"        // C3.3: commissioned
	EventThirdPartyReport EventType = "third_party_report" // C3.3: reported
	EventAnswered         EventType = "answered"           // C4.1
	EventSatisfied        EventType = "satisfied"          // C4.2: resolved
	EventEscalated        EventType = "escalated"          // C4.2: one level up
	EventFlagged          EventType = "flagged"            // C4.2: not satisfied at the top
	EventWithdrawn        EventType = "withdrawn"
	EventMessage          EventType = "message_received" // C1: a message about the complaint, after its registration
	// EventPaused stops the C3 and C4 working-day clocks while the company
	// waits on the customer, and opens the G3.3 limit of the pause.
	EventPaused EventType = "paused"
	// EventResumed starts the paused clocks again, each moved by the working
	// days it stood still.
	EventResumed EventType = "resumed"
	// EventRecomputed records open deadlines recounted after a new or
	// revised notice year was loaded.
	EventRecomputed EventType = "deadlines_recomputed"
	// EventPseudonymised records that the complainant's personal data in
	// the whole history was replaced by a pseudonym, as
	// aftersales.EventPseudonymised. It changes no case fact.
	EventPseudonymised EventType = "pseudonymised"
	// EventDataExported records that the complainant's data was given to
	// them at their request, as aftersales.EventDataExported.
	EventDataExported EventType = "personal_data_exported"
)

// Label returns the event type's Chinese name, as a history lists it.
func (t EventType) Label() string {
	switch t {
	case EventRegistered:
		return "登记（客户投诉登记表）"
	case EventDeclaredMajor:
		return "认定为重大投诉"
	case EventEmergency:
		return "启动应急预案"
	case EventMajorFeedback:
		return "向客户反馈处理情况"
	case EventForwarded:
		return "转达责任部门"
	case EventPlanned:
		return "调查核实并制定处理方案"
	case EventStatement:
		return "记录客户意见"
	case EventThirdParty:
		return "委托第三方调查"
	case EventThirdPartyReport:
		return "第三方调查报告"
	case EventAnswered:
		return "反馈处理结果"
	case EventSatisfied:
		return "客户满意，已解决"
	case EventEscalated:
		return "客户不满意，升级处理"
	case EventFlagged:
		return "客户仍不满意（已至最高一级）"
	case EventWithdrawn:
		return "撤回"
	case EventMessage:
		return "收到来信"
	case EventPaused:
		return "暂停计时"
	case EventResumed:
		return "恢复计时"
	case EventRecomputed:
		return "期限重新计算"
	case EventPseudonymised:
		return "个人信息去标识化"
	case EventDataExported:
		return "导出个人信息"
	}
	return string(t)
}

// Event is one entry of a complaint's append-only history. Deadlines holds
// the deadlines it opens, so that replay needs no calendar.
//
// EventForwarded names the departments it adds in Departments; a history
// written before a complaint could go to several departments names its one
// department in Department, and replays to the same record. EventPlanned
// names the part planned in Department (empty in such an older history: the
// one part).
type Event struct {
	ComplaintID string           `json:"complaint_id"`
	Seq         int              `json:"seq"`
	Type        EventType        `json:"type"`
	At          time.Time        `json:"at"`
	RecordedAt  time.Time        `json:"recorded_at,omitzero"`
	Actor       aftersales.Actor `json:"actor"`

	Registration *Registration `json:"registration,omitempty"`
	Major        *Major        `json:"major,omitempty"`
	Departments  []string      `json:"departments,omitempty"` // EventForwarded: the departments added
	Department   string        `json:"department,omitempty"`  // EventPlanned: the part; EventForwarded of an older history
	Plan         *Plan         `json:"plan,omitempty"`
	Text         string        `json:"text,omitempty"`
	ThirdParty   *ThirdParty   `json:"third_party,omitempty"`
	// Pause is the pause EventPaused starts, or the pause as it ended:
	// EventResumed, and EventSatisfied or EventWithdrawn while paused.
	Pause     *aftersales.Pause     `json:"pause,omitempty"`
	Message   *aftersales.Message   `json:"message,omitempty"` // EventMessage
	Deadlines []aftersales.Deadline `json:"deadlines,omitempty"`
	// Recomputed holds the pending deadlines a calendar change moved
	// (EventRecomputed) or a resumed pause moved (EventResumed), with their
	// new values.
	Recomputed []aftersales.Deadline `json:"recomputed,omitempty"`
	// IdempotencyKey is the key of the command that wrote the event, when
	// it was run with one (aftersales.WithIdempotencyKey).
	IdempotencyKey string `json:"idempotency_key,omitempty"`
}

// forwardedTo returns the departments an EventForwarded adds.
func (e Event) forwardedTo() []string {
	if len(e.Departments) == 0 && e.Department != "" {
		return []string{e.Department}
	}
	return e.Departments
}

// Replay rebuilds a complaint from its history.
func Replay(events []Event) (*Complaint, error) {
	c := &Complaint{}
	for i, e := range events {
		if e.Seq != i+1 {
			return nil, invalid("history_out_of_order", "历史记录第 %d 条的序号为 %d", i+1, e.Seq)
		}
		if (i == 0) != (e.Type == EventRegistered) {
			return nil, invalid("history_without_registration", "历史记录必须以且只以一条登记开始")
		}
		if err := c.admits(e); err != nil {
			return nil, err
		}
		apply(c, e)
	}
	return c, nil
}

// admits checks that e's payload is present and fits the complaint: a plan
// names a part that was forwarded, a resume follows a pause.
func (c *Complaint) admits(e Event) error {
	missing := (e.Type == EventRegistered && e.Registration == nil) || (e.Type == EventDeclaredMajor && e.Major == nil) ||
		(e.Type == EventPlanned && e.Plan == nil) || (e.Type == EventThirdParty && e.ThirdParty == nil) ||
		(e.Type == EventThirdPartyReport && (e.ThirdParty == nil || c.ThirdParty == nil)) ||
		(e.Type == EventForwarded && len(e.forwardedTo()) == 0) ||
		((e.Type == EventPaused || e.Type == EventResumed) && e.Pause == nil) ||
		(e.Type == EventMessage && e.Message == nil)
	if missing {
		return invalid("history_inconsistent", "历史记录第 %d 条（%s）缺少内容", e.Seq, e.Type)
	}
	bad := func(what string) error {
		return invalid("history_inconsistent", "历史记录第 %d 条（%s）%s", e.Seq, e.Type, what)
	}
	switch e.Type {
	case EventPlanned:
		if c.plannedPart(e) == nil {
			return bad(fmt.Sprintf("涉及的部门 %q 未经转达", e.Department))
		}
	case EventForwarded:
		for _, d := range e.forwardedTo() {
			if _, dup := c.Part(d); dup {
				return bad(fmt.Sprintf("重复转达部门 %q", d))
			}
		}
	case EventPaused:
		if c.Paused() {
			return bad("在暂停期间再次暂停")
		}
	case EventResumed:
		if !c.Paused() {
			return bad("没有暂停可以恢复")
		}
	}
	return nil
}

// plannedPart returns the part an EventPlanned plans: the one it names, or
// in a history from before several departments, the one part.
func (c *Complaint) plannedPart(e Event) *Part {
	if e.Department == "" && len(c.Parts) == 1 {
		return &c.Parts[0]
	}
	p, _ := c.Part(e.Department)
	return p
}

// apply folds one event into the complaint.
func apply(c *Complaint, e Event) {
	if e.Type == EventPseudonymised || e.Type == EventDataExported || e.Type == EventMessage {
		c.Version = e.Seq // no case fact changes, not even when the case last moved
		return
	}
	c.Version, c.UpdatedAt = e.Seq, e.At
	at := e.At
	switch e.Type {
	case EventRegistered:
		c.ID = e.ComplaintID
		c.Registration = *e.Registration
		c.RegisteredBy = e.Actor
		c.Status = StatusRegistered
	case EventDeclaredMajor:
		m := *e.Major
		m.Criteria = slices.Clone(m.Criteria)
		c.Major = &m
	case EventEmergency:
		c.EmergencyAt, c.Emergency = &at, e.Text
		c.markDone(ClauseC2_2, eventEmergency, at)
	case EventMajorFeedback:
		c.FeedbackAt = &at
		c.markDone(ClauseC2_2, eventFeedback, at)
	case EventForwarded:
		for _, d := range e.forwardedTo() {
			c.Parts = append(c.Parts, Part{Department: d, ForwardedAt: at})
		}
		if c.ForwardedAt == nil {
			c.ForwardedAt = &at
			c.markDone(ClauseC2_1, "", at)
		}
		if c.Status == StatusRegistered {
			c.Status = StatusInvestigating
		}
	case EventPlanned:
		part := c.plannedPart(e)
		p := *e.Plan
		part.Plan = &p
		c.markPartDone(ClauseC3_1, part.Department, at)
	case EventStatement:
		c.Statements = append(c.Statements, Entry{At: at, By: e.Actor.ID, Level: c.Level, Text: e.Text})
	case EventThirdParty:
		tp := *e.ThirdParty
		c.ThirdParty = &tp
	case EventThirdPartyReport:
		c.ThirdParty.ReportRef, c.ThirdParty.Conclusion, c.ThirdParty.ReportedAt = e.ThirdParty.ReportRef, e.ThirdParty.Conclusion, &at
	case EventAnswered:
		c.Results = append(c.Results, Entry{At: at, By: e.Actor.ID, Level: c.Level, Text: e.Text})
		c.markDone(ClauseC4_1, "", at)
		c.Status = StatusAnswered
	case EventSatisfied:
		c.ResolvedAt, c.Resolution = &at, e.Text
		c.endPause(e)
		c.Status = StatusResolved
	case EventEscalated:
		c.Escalations = append(c.Escalations, Entry{At: at, By: e.Actor.ID, Level: c.Level, Text: e.Text})
		c.Level++
		c.Status = StatusInvestigating
	case EventFlagged:
		c.Escalations = append(c.Escalations, Entry{At: at, By: e.Actor.ID, Level: c.Level, Text: e.Text})
		c.Flagged = true
		c.Status = StatusUnresolved
	case EventRecomputed:
		aftersales.MoveDeadlines(c.Deadlines, e.Recomputed)
	case EventPaused:
		p := *e.Pause
		p.Evidence = slices.Clone(p.Evidence)
		c.Pauses = append(c.Pauses, p)
		aftersales.PauseDeadlines(c.Deadlines, at, clockPauses)
	case EventResumed:
		c.endPause(e)
	case EventWithdrawn:
		c.Withdrawal = &Entry{At: at, By: e.Actor.ID, Level: c.Level, Text: e.Text}
		c.endPause(e)
		for i := range c.Deadlines {
			if c.Deadlines[i].Pending() {
				c.Deadlines[i].Cancelled = true
			}
		}
		c.Status = StatusWithdrawn
	}
	opened := slices.Clone(e.Deadlines)
	if p, ok := c.CurrentPause(); ok && e.Type != EventPaused {
		// Clocks opened while paused stand still from their start.
		aftersales.PauseDeadlines(opened, p.At, clockPauses)
	}
	c.Deadlines = append(c.Deadlines, opened...)
}

// endPause closes the open pause as e records it ended (EventResumed, or a
// complaint resolved or withdrawn while paused): the paused deadlines move
// as e.Recomputed says, and the G3.3 limit of the pause is met.
func (c *Complaint) endPause(e Event) {
	n := len(c.Pauses)
	if e.Pause == nil || n == 0 || c.Pauses[n-1].ResumedAt != nil {
		return
	}
	p := *e.Pause
	p.Evidence = slices.Clone(p.Evidence)
	p.ResumedAt = clonePtr(p.ResumedAt)
	c.Pauses[n-1] = p
	aftersales.MoveDeadlines(c.Deadlines, e.Recomputed)
	for i := range c.Deadlines {
		if d := &c.Deadlines[i]; d.Clause == aftersales.ClauseG3_3 && d.Step == aftersales.StepPauseLimit && d.Pending() {
			done := e.At
			if p.ResumedAt != nil {
				done = *p.ResumedAt // never before the pause began
			}
			d.DoneAt = &done
		}
	}
}

// markPartDone records that the pending deadline of clause for the part of
// dept was met at at.
func (c *Complaint) markPartDone(clause aftersales.Clause, dept string, at time.Time) {
	for i := range c.Deadlines {
		if d := &c.Deadlines[i]; d.Clause == clause && d.Department == dept && d.Pending() {
			d.DoneAt = &at
		}
	}
}

// markDone records that the pending deadline of clause (and, for C2.2, the
// event it runs from) was met at at.
func (c *Complaint) markDone(clause aftersales.Clause, event string, at time.Time) {
	for i := range c.Deadlines {
		d := &c.Deadlines[i]
		if d.Clause == clause && (event == "" || d.Event == event) && d.Pending() {
			d.DoneAt = &at
		}
	}
}
