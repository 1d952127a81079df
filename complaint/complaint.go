package complaint

import (
	"encoding/json"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Status is where a complaint stands (C1–C4).
type Status string

// The complaint statuses.
const (
	// StatusRegistered: on the 客户投诉登记表, not yet forwarded (C2.1).
	StatusRegistered Status = "registered"
	// StatusInvestigating: with the level that owns it, being investigated
	// and handled (C3, C4.1).
	StatusInvestigating Status = "investigating"
	// StatusAnswered: the result was given to the customer (C4.1); waiting
	// to hear whether they are satisfied.
	StatusAnswered Status = "answered"
	// StatusResolved: the customer is satisfied. Closed.
	StatusResolved Status = "resolved"
	// StatusUnresolved: the customer is not satisfied even at the top of the
	// escalation chain (C4.2). The complaint stays open and flagged; the top
	// level may answer again.
	StatusUnresolved Status = "unresolved"
	// StatusWithdrawn: withdrawn by the customer. Closed.
	StatusWithdrawn Status = "withdrawn"
)

// Statuses returns every complaint status in the order of its handling,
// as a filter offers them.
func Statuses() []Status {
	return []Status{StatusRegistered, StatusInvestigating, StatusAnswered, StatusUnresolved, StatusResolved, StatusWithdrawn}
}

// Closed reports whether nothing more happens to a complaint in s.
func (s Status) Closed() bool { return s == StatusResolved || s == StatusWithdrawn }

// OpenStatuses returns the statuses of a complaint that is not Closed:
// registered, investigating, answered, unresolved (C2–C4). Queues and
// scans of the complaints that may still owe a step ask for these.
func OpenStatuses() []Status {
	return []Status{StatusRegistered, StatusInvestigating, StatusAnswered, StatusUnresolved}
}

// Label returns the status's Chinese name.
func (s Status) Label() string {
	return map[Status]string{StatusRegistered: "已登记", StatusInvestigating: "调查处理中", StatusAnswered: "已反馈待确认",
		StatusResolved: "已解决", StatusUnresolved: "未解决（已升至最高一级）", StatusWithdrawn: "已撤回"}[s]
}

// Type is what a complaint is about.
type Type string

// The complaint types.
const (
	TypeQuality Type = "quality" // 工程质量
	TypeService Type = "service" // 服务态度
	TypeDelay   Type = "delay"   // 响应或处理不及时
	TypeCharge  Type = "charge"  // 收费
	TypeOther   Type = "other"
)

// Valid reports whether t is one of the types.
func (t Type) Valid() bool {
	switch t {
	case TypeQuality, TypeService, TypeDelay, TypeCharge, TypeOther:
		return true
	}
	return false
}

// Label returns the type's Chinese name.
func (t Type) Label() string {
	return map[Type]string{TypeQuality: "工程质量", TypeService: "服务态度", TypeDelay: "响应或处理不及时",
		TypeCharge: "收费", TypeOther: "其他"}[t]
}

// Receiver is who received the complaint (C1).
type Receiver string

// The receivers of C1.
const (
	ToAfterSales     Receiver = "after_sales"     // 售后管理部
	ToGeneralManager Receiver = "general_manager" // 公司总经理
)

// Label returns who received the complaint, in Chinese.
func (r Receiver) Label() string {
	switch r {
	case ToAfterSales:
		return "售后管理部"
	case ToGeneralManager:
		return "公司总经理"
	}
	return string(r)
}

// Registration is the content of the 客户投诉登记表 (C2.1).
type Registration struct {
	// Number is the complaint's readable number (TS-2026-000045), given by
	// the Service's Numberer when it is registered; what a caller puts
	// here is not taken. Empty for a complaint registered without one.
	Number      string              `json:"number,omitempty"`
	Complainant aftersales.Customer `json:"complainant"`
	ProjectID   string              `json:"project_id,omitempty"`
	RequestID   string              `json:"request_id,omitempty"` // the after-sales request complained about
	Type        Type                `json:"type"`
	Cause       aftersales.Cause    `json:"cause,omitempty"`
	Description string              `json:"description"`
	Channel     aftersales.Channel  `json:"channel"`
	ReceivedAt  time.Time           `json:"received_at"`
	ReceivedBy  Receiver            `json:"received_by"`
}

// Major records a complaint declared major (C2.2).
type Major struct {
	DeclaredBy string    `json:"declared_by"`
	At         time.Time `json:"at"`
	Criteria   []string  `json:"criteria"` // IDs of Policy.MajorCriteria
	Note       string    `json:"note,omitempty"`
}

// Plan is the investigation's handling plan (C3.1).
type Plan struct {
	Findings string    `json:"findings"` // what the investigation established
	Measures string    `json:"measures"`
	Owner    string    `json:"owner"`
	At       time.Time `json:"at"`
}

// Part is one responsible department's share of a complaint: C2.1 forwards
// a complaint to the departments concerned ("转达给相关责任部门或人员"), several
// when several are concerned (as P2.2 allows for requests), and each
// investigates and writes its plan within its own C3.1 period, counted
// from its own forwarding.
type Part struct {
	Department  string    `json:"department"`
	ForwardedAt time.Time `json:"forwarded_at"` // C3.1 runs from here
	Plan        *Plan     `json:"plan,omitempty"`
}

// Entry is a dated text with its author: a customer statement (C3.2), a
// result (C4.1), an escalation reason (C4.2).
type Entry struct {
	At    time.Time `json:"at"`
	By    string    `json:"by"`
	Level int       `json:"level,omitempty"` // the chain level at the time
	Text  string    `json:"text"`
}

// ThirdParty is a third-party investigation (C3.3).
type ThirdParty struct {
	Agency       string     `json:"agency"`
	Scope        string     `json:"scope"`
	Commissioned time.Time  `json:"commissioned"`
	ReportRef    string     `json:"report_ref,omitempty"`
	Conclusion   string     `json:"conclusion,omitempty"`
	ReportedAt   *time.Time `json:"reported_at,omitempty"`
}

// Complaint is a customer complaint (投诉), the aggregate of this package,
// derived from its history (Replay).
type Complaint struct {
	ID      string `json:"id"`
	Version int    `json:"version"`
	Registration
	RegisteredBy aftersales.Actor `json:"registered_by"`
	Status       Status           `json:"status"`
	Major        *Major           `json:"major,omitempty"`
	EmergencyAt  *time.Time       `json:"emergency_at,omitempty"` // the emergency plan started (C2.2)
	Emergency    string           `json:"emergency,omitempty"`
	FeedbackAt   *time.Time       `json:"feedback_at,omitempty"` // a major complaint's customer heard back (C2.2)
	// ForwardedAt is the first forwarding (C2.1): C4.1 runs from it.
	ForwardedAt *time.Time `json:"forwarded_at,omitempty"`
	// Parts are the responsible departments' shares, in forwarding order
	// (C2.1, C3.1).
	Parts       []Part      `json:"parts,omitempty"`
	Statements  []Entry     `json:"statements,omitempty"`
	ThirdParty  *ThirdParty `json:"third_party,omitempty"`
	Level       int         `json:"level"` // the chain level that owns it now
	Results     []Entry     `json:"results,omitempty"`
	Escalations []Entry     `json:"escalations,omitempty"`
	Flagged     bool        `json:"flagged,omitempty"` // not satisfied at the top of the chain
	ResolvedAt  *time.Time  `json:"resolved_at,omitempty"`
	Resolution  string      `json:"resolution,omitempty"` // the customer's remark when satisfied
	Withdrawal  *Entry      `json:"withdrawal,omitempty"`
	// Pauses are the stops of the C3 and C4 clocks while the company
	// waited on the customer; the last one is open while paused.
	Pauses    []aftersales.Pause    `json:"pauses,omitempty"`
	Deadlines []aftersales.Deadline `json:"deadlines"`
	UpdatedAt time.Time             `json:"updated_at"`
}

// Part returns the part of department dept.
func (c *Complaint) Part(dept string) (*Part, bool) {
	for i := range c.Parts {
		if c.Parts[i].Department == dept {
			return &c.Parts[i], true
		}
	}
	return nil, false
}

// Departments returns the departments the complaint was forwarded to, in
// forwarding order.
func (c *Complaint) Departments() []string {
	out := make([]string, len(c.Parts))
	for i, p := range c.Parts {
		out[i] = p.Department
	}
	return out
}

// Planned reports whether every part has its plan (C3.1): the complaint
// was forwarded, and each department investigated.
func (c *Complaint) Planned() bool {
	for _, p := range c.Parts {
		if p.Plan == nil {
			return false
		}
	}
	return len(c.Parts) > 0
}

// CurrentPause returns the open pause while the complaint's clocks stand
// still.
func (c *Complaint) CurrentPause() (aftersales.Pause, bool) {
	if n := len(c.Pauses); n > 0 && c.Pauses[n-1].ResumedAt == nil {
		return c.Pauses[n-1], true
	}
	return aftersales.Pause{}, false
}

// Paused reports whether the complaint's C3 and C4 clocks stand still.
func (c *Complaint) Paused() bool {
	_, ok := c.CurrentPause()
	return ok
}

// UnmarshalJSON reads a complaint, in its current shape or as it was
// stored before a complaint could go to several departments: a single
// "department" with its "plan" becomes the one part, forwarded at
// "forwarded_at".
func (c *Complaint) UnmarshalJSON(b []byte) error {
	type current Complaint
	var x struct {
		current
		Department string `json:"department"`
		Plan       *Plan  `json:"plan"`
	}
	if err := json.Unmarshal(b, &x); err != nil {
		return err
	}
	*c = Complaint(x.current)
	if len(c.Parts) == 0 && x.Department != "" {
		p := Part{Department: x.Department, Plan: x.Plan}
		if c.ForwardedAt != nil {
			p.ForwardedAt = *c.ForwardedAt
		}
		c.Parts = []Part{p}
	}
	return nil
}

// Clone returns a deep copy of c.
func (c *Complaint) Clone() *Complaint {
	x := *c
	x.Complainant = c.Complainant
	if c.Major != nil {
		m := *c.Major
		m.Criteria = slices.Clone(m.Criteria)
		x.Major = &m
	}
	x.EmergencyAt = clonePtr(c.EmergencyAt)
	x.FeedbackAt = clonePtr(c.FeedbackAt)
	x.ForwardedAt = clonePtr(c.ForwardedAt)
	x.Parts = slices.Clone(c.Parts)
	for i := range x.Parts {
		x.Parts[i].Plan = clonePtr(x.Parts[i].Plan)
	}
	x.Statements = slices.Clone(c.Statements)
	if c.ThirdParty != nil {
		tp := *c.ThirdParty
		tp.ReportedAt = clonePtr(tp.ReportedAt)
		x.ThirdParty = &tp
	}
	x.Results = slices.Clone(c.Results)
	x.Escalations = slices.Clone(c.Escalations)
	x.ResolvedAt = clonePtr(c.ResolvedAt)
	x.Withdrawal = clonePtr(c.Withdrawal)
	x.Pauses = clonePauses(c.Pauses)
	x.Deadlines = cloneDeadlines(c.Deadlines)
	return &x
}

func clonePauses(ps []aftersales.Pause) []aftersales.Pause {
	out := slices.Clone(ps)
	for i := range out {
		out[i].Evidence = slices.Clone(out[i].Evidence)
		out[i].ResumedAt = clonePtr(out[i].ResumedAt)
	}
	return out
}

func cloneDeadlines(ds []aftersales.Deadline) []aftersales.Deadline {
	out := slices.Clone(ds)
	for i := range out {
		out[i].DoneAt = clonePtr(out[i].DoneAt)
		out[i].PausedAt = clonePtr(out[i].PausedAt)
	}
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}

// Types returns the complaint types, in the order forms list them.
func Types() []Type { return []Type{TypeQuality, TypeService, TypeDelay, TypeCharge, TypeOther} }
