package complaint

import (
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
	// EventRecomputed records open deadlines recounted after a new or
	// revised notice year was loaded.
	EventRecomputed EventType = "deadlines_recomputed"
)

// Event is one entry of a complaint's append-only history. Deadlines holds
// the deadlines it opens, so that replay needs no calendar.
type Event struct {
	ComplaintID string           `json:"complaint_id"`
	Seq         int              `json:"seq"`
	Type        EventType        `json:"type"`
	At          time.Time        `json:"at"`
	RecordedAt  time.Time        `json:"recorded_at,omitzero"`
	Actor       aftersales.Actor `json:"actor"`

	Registration *Registration         `json:"registration,omitempty"`
	Major        *Major                `json:"major,omitempty"`
	Department   string                `json:"department,omitempty"`
	Plan         *Plan                 `json:"plan,omitempty"`
	Text         string                `json:"text,omitempty"`
	ThirdParty   *ThirdParty           `json:"third_party,omitempty"`
	Deadlines    []aftersales.Deadline `json:"deadlines,omitempty"`
	Recomputed   []aftersales.Deadline `json:"recomputed,omitempty"` // EventRecomputed: the moved deadlines
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

// admits checks that e's payload is present.
func (c *Complaint) admits(e Event) error {
	missing := (e.Type == EventRegistered && e.Registration == nil) || (e.Type == EventDeclaredMajor && e.Major == nil) ||
		(e.Type == EventPlanned && e.Plan == nil) || (e.Type == EventThirdParty && e.ThirdParty == nil) ||
		(e.Type == EventThirdPartyReport && (e.ThirdParty == nil || c.ThirdParty == nil))
	if missing {
		return invalid("history_inconsistent", "历史记录第 %d 条（%s）缺少内容", e.Seq, e.Type)
	}
	return nil
}

// apply folds one event into the complaint.
func apply(c *Complaint, e Event) {
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
		c.Department, c.ForwardedAt = e.Department, &at
		c.markDone(ClauseC2_1, "", at)
		c.Status = StatusInvestigating
	case EventPlanned:
		p := *e.Plan
		c.Plan = &p
		c.markDone(ClauseC3_1, "", at)
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
		for _, nd := range e.Recomputed {
			for i := range c.Deadlines {
				d := &c.Deadlines[i]
				if d.Pending() && d.Clause == nd.Clause && d.Department == nd.Department && d.Round == nd.Round &&
					d.Event == nd.Event && d.From.Equal(nd.From) {
					d.Due, d.Provisional = nd.Due, nd.Provisional
				}
			}
		}
	case EventWithdrawn:
		c.Withdrawal = &Entry{At: at, By: e.Actor.ID, Level: c.Level, Text: e.Text}
		for i := range c.Deadlines {
			if c.Deadlines[i].Pending() {
				c.Deadlines[i].Cancelled = true
			}
		}
		c.Status = StatusWithdrawn
	}
	c.Deadlines = append(c.Deadlines, e.Deadlines...)
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
