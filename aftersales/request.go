package aftersales

import (
	"slices"
	"time"
)

// Status is where a request stands in the lifecycle (P1–P4).
type Status string

// The request statuses, in lifecycle order.
const (
	// StatusRegistered: on the 客户反馈登记表, not yet forwarded (P1.2).
	StatusRegistered Status = "registered"
	// StatusInProgress: forwarded to the responsible departments, which plan
	// and handle it (P2, P3), or rework it after a rejection (P4.1).
	StatusInProgress Status = "in_progress"
	// StatusAwaitingAcceptance: every department's part is done; the
	// customer is to accept or reject (P4.1).
	// The follow-up visit may already be made (P4.2 runs from the
	// completion of handling, not from acceptance).
	StatusAwaitingAcceptance Status = "awaiting_acceptance"
	// StatusAccepted: accepted and signed (P4.1); the follow-up visit, due
	// since handling was complete (P4.2), is still to be made.
	StatusAccepted Status = "accepted"
	// StatusClosed: accepted (P4.1) and visited (P4.2), in either order.
	StatusClosed Status = "closed"
	// StatusWithdrawn: withdrawn by the customer, with a reason.
	StatusWithdrawn Status = "withdrawn"
)

// Statuses returns every request status in lifecycle order, as a filter
// offers them.
func Statuses() []Status {
	return []Status{StatusRegistered, StatusInProgress, StatusAwaitingAcceptance, StatusAccepted, StatusClosed, StatusWithdrawn}
}

// Terminal reports whether no command but reading applies any more.
func (s Status) Terminal() bool { return s == StatusClosed || s == StatusWithdrawn }

// Label returns the status's Chinese name.
func (s Status) Label() string {
	return map[Status]string{StatusRegistered: "已登记", StatusInProgress: "处理中", StatusAwaitingAcceptance: "待验收",
		StatusAccepted: "已验收待回访", StatusClosed: "已关闭", StatusWithdrawn: "已撤回"}[s]
}

// Customer is who raised the request and how to reach them.
type Customer struct {
	ID      string `json:"id,omitempty"`
	Name    string `json:"name"`
	Phone   string `json:"phone,omitempty"`
	Email   string `json:"email,omitempty"`
	Contact string `json:"contact,omitempty"` // any other way: a WeChat ID, an address
}

// Registration is the content of the 客户反馈登记表 (P1.2).
type Registration struct {
	// Number is the request's readable number (SH-2026-000123), given by
	// the Service's Numberer when it is registered; what a caller puts here
	// is not taken. Empty for a request registered without one.
	Number      string    `json:"number,omitempty"`
	Customer    Customer  `json:"customer"`
	ProjectID   string    `json:"project_id,omitempty"`
	Location    string    `json:"location,omitempty"` // unit or location, such as 3号楼2单元501
	Description string    `json:"description"`
	Attachments []string  `json:"attachments,omitempty"` // references to photos and files
	Channel     Channel   `json:"channel"`
	ReceivedAt  time.Time `json:"received_at"` // when the feedback reached the company: P1.2 runs from here
	Cause       Cause     `json:"cause,omitempty"`
	Component   string    `json:"component,omitempty"` // the building component, for the warranty decision
	Urgent      bool      `json:"urgent,omitempty"`    // P1.3
}

// Part is one responsible department's share of a request (P2.2).
type Part struct {
	Department   string     `json:"department"`
	ReceivedAt   time.Time  `json:"received_at"` // forwarded to the department: P3.1 and P3.2 run from here
	Plan         *Plan      `json:"plan,omitempty"`
	PlannedAt    *time.Time `json:"planned_at,omitempty"`
	Complexity   Complexity `json:"complexity,omitempty"`
	ClassifiedBy string     `json:"classified_by,omitempty"`
	Round        int        `json:"round,omitempty"`       // rework rounds after rejections (P4.1)
	RoundStart   *time.Time `json:"round_start,omitempty"` // the rejection that opened the current round
	DoneAt       *time.Time `json:"done_at,omitempty"`
	Result       string     `json:"result,omitempty"`
	Escalated    bool       `json:"escalated,omitempty"` // reported to the after-sales department (P3.3)
	// Assignee is the person the request was forwarded to in this
	// department, when one was named (P1.2 "转达给相关责任部门或人员").
	Assignee string `json:"assignee,omitempty"`
}

// Assignee names the person of a department a request is forwarded to
// (P1.2).
type Assignee struct {
	Department string `json:"department"`
	Person     string `json:"person"`
}

// Plan is a department's handling plan (P3.1): measures, scheduled time,
// owner, and the complexity it classifies the problem as (P3.2).
type Plan struct {
	Measures    string     `json:"measures"`
	ScheduledAt time.Time  `json:"scheduled_at"`
	Owner       string     `json:"owner"`
	Complexity  Complexity `json:"complexity"`
}

// SignMethod is how a customer signed an acceptance (P4.1).
type SignMethod string

// The signature methods.
const (
	SignPaper  SignMethod = "paper"  // signed on the paper form, scanned
	SignScreen SignMethod = "screen" // drawn on screen by the customer
)

// Label returns how the customer signed, in Chinese.
func (m SignMethod) Label() string {
	switch m {
	case SignPaper:
		return "纸质签字"
	case SignScreen:
		return "屏幕签字"
	}
	return string(m)
}

// Signature is the customer's signature on the 客户反馈登记表 (P4.1).
type Signature struct {
	SignedBy string     `json:"signed_by"`
	Method   SignMethod `json:"method"`
	Ref      string     `json:"ref"` // the scan or the drawn image
}

// Visit is the 客户回访记录表 (P4.2).
type Visit struct {
	Satisfaction int    `json:"satisfaction"` // 1 (很不满意) to 5 (很满意)
	Suggestions  string `json:"suggestions,omitempty"`
	VisitedBy    string `json:"visited_by"`
}

// SatisfactionLabel returns the words of a satisfaction rating of the
// 客户回访记录表 (P4.2), from 1 很不满意 to 5 很满意, or "" for any other
// number.
func SatisfactionLabel(n int) string {
	switch n {
	case 1:
		return "很不满意"
	case 2:
		return "不满意"
	case 3:
		return "一般"
	case 4:
		return "满意"
	case 5:
		return "很满意"
	}
	return ""
}

// Note is a dated remark with its author: an escalation, a rejection, a
// withdrawal.
type Note struct {
	At         time.Time `json:"at"`
	By         string    `json:"by"`
	Department string    `json:"department,omitempty"`
	Reason     string    `json:"reason"`
}

// Request is an after-sales request (售后需求), the aggregate of this
// package. It is derived from its history: Replay of its events gives it
// back exactly.
type Request struct {
	ID      string `json:"id"`
	Version int    `json:"version"` // the number of events in its history
	Registration
	RegisteredBy Actor  `json:"registered_by"`
	Status       Status `json:"status"`
	// Coordinator is the after-sales department when several departments
	// share the request (P2.2).
	Coordinator     string     `json:"coordinator,omitempty"`
	Parts           []Part     `json:"parts,omitempty"`
	UrgentMeasures  string     `json:"urgent_measures,omitempty"`
	UrgentHandledAt *time.Time `json:"urgent_handled_at,omitempty"`
	Escalations     []Note     `json:"escalations,omitempty"`
	Acceptance      *Signature `json:"acceptance,omitempty"`
	AcceptedAt      *time.Time `json:"accepted_at,omitempty"`
	Rejections      []Note     `json:"rejections,omitempty"`
	Visit           *Visit     `json:"visit,omitempty"`
	VisitedAt       *time.Time `json:"visited_at,omitempty"`
	Withdrawal      *Note      `json:"withdrawal,omitempty"`
	// Feedbacks are what the customer was told and when (P1.3, P3.2).
	Feedbacks []Feedback `json:"feedbacks,omitempty"`
	// Coordinations are the after-sales department's answers to reported
	// difficulties (P3.3).
	Coordinations []Coordination `json:"coordinations,omitempty"`
	// Pauses are the stops of the clocks while the company waited on the
	// customer; the last one is still open while the request is paused.
	Pauses    []Pause           `json:"pauses,omitempty"`
	Coverage  *CoverageDecision `json:"coverage,omitempty"`
	Deadlines []Deadline        `json:"deadlines"`
	UpdatedAt time.Time         `json:"updated_at"` // when the last event happened
}

// Part returns the part of department dept.
func (r *Request) Part(dept string) (*Part, bool) {
	for i := range r.Parts {
		if r.Parts[i].Department == dept {
			return &r.Parts[i], true
		}
	}
	return nil, false
}

// CurrentPause returns the pause in force, if the request's clocks stand
// still now.
func (r *Request) CurrentPause() (Pause, bool) {
	if n := len(r.Pauses); n > 0 && r.Pauses[n-1].ResumedAt == nil {
		return r.Pauses[n-1], true
	}
	return Pause{}, false
}

// Paused reports whether the request's clocks stand still now.
func (r *Request) Paused() bool {
	_, ok := r.CurrentPause()
	return ok
}

// HandlingDone returns when handling was complete (处理完毕, P4.1, P4.2):
// the last completion of the current round, once every part is done.
func (r *Request) HandlingDone() (time.Time, bool) {
	if !r.allPartsDone() {
		return time.Time{}, false
	}
	return r.lastDone(), true
}

// PendingDeadlines returns the deadlines still owed, overdue or not.
func (r *Request) PendingDeadlines() []Deadline {
	var out []Deadline
	for _, d := range r.Deadlines {
		if d.Pending() {
			out = append(out, d)
		}
	}
	return out
}

// Clone returns a deep copy of r.
func (r *Request) Clone() *Request {
	c := *r
	c.Attachments = slices.Clone(r.Attachments)
	c.Parts = slices.Clone(r.Parts)
	for i := range c.Parts {
		c.Parts[i].Plan = clonePtr(c.Parts[i].Plan)
		c.Parts[i].PlannedAt = clonePtr(c.Parts[i].PlannedAt)
		c.Parts[i].RoundStart = clonePtr(c.Parts[i].RoundStart)
		c.Parts[i].DoneAt = clonePtr(c.Parts[i].DoneAt)
	}
	c.UrgentHandledAt = clonePtr(r.UrgentHandledAt)
	c.Escalations = slices.Clone(r.Escalations)
	c.Acceptance = clonePtr(r.Acceptance)
	c.AcceptedAt = clonePtr(r.AcceptedAt)
	c.Rejections = slices.Clone(r.Rejections)
	c.Visit = clonePtr(r.Visit)
	c.VisitedAt = clonePtr(r.VisitedAt)
	c.Withdrawal = clonePtr(r.Withdrawal)
	c.Feedbacks = slices.Clone(r.Feedbacks)
	c.Coordinations = slices.Clone(r.Coordinations)
	for i := range c.Coordinations {
		c.Coordinations[i].Departments = slices.Clone(c.Coordinations[i].Departments)
	}
	c.Pauses = slices.Clone(r.Pauses)
	for i := range c.Pauses {
		c.Pauses[i] = clonePause(c.Pauses[i])
	}
	c.Coverage = clonePtr(r.Coverage)
	c.Deadlines = cloneDeadlines(r.Deadlines)
	return &c
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// handlingSince returns the earliest time a part's completion may carry:
// after its plan and after the rejection that opened its current round.
func (p *Part) handlingSince() time.Time {
	t := p.ReceivedAt
	for _, x := range []*time.Time{p.PlannedAt, p.RoundStart} {
		if x != nil && x.After(t) {
			t = *x
		}
	}
	return t
}
