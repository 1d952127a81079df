package complaint

import (
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

// Closed reports whether nothing more happens to a complaint in s.
func (s Status) Closed() bool { return s == StatusResolved || s == StatusWithdrawn }

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

// Registration is the content of the 客户投诉登记表 (C2.1).
type Registration struct {
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
	RegisteredBy aftersales.Actor      `json:"registered_by"`
	Status       Status                `json:"status"`
	Major        *Major                `json:"major,omitempty"`
	EmergencyAt  *time.Time            `json:"emergency_at,omitempty"` // the emergency plan started (C2.2)
	Emergency    string                `json:"emergency,omitempty"`
	FeedbackAt   *time.Time            `json:"feedback_at,omitempty"` // a major complaint's customer heard back (C2.2)
	Department   string                `json:"department,omitempty"`
	ForwardedAt  *time.Time            `json:"forwarded_at,omitempty"`
	Plan         *Plan                 `json:"plan,omitempty"`
	Statements   []Entry               `json:"statements,omitempty"`
	ThirdParty   *ThirdParty           `json:"third_party,omitempty"`
	Level        int                   `json:"level"` // the chain level that owns it now
	Results      []Entry               `json:"results,omitempty"`
	Escalations  []Entry               `json:"escalations,omitempty"`
	Flagged      bool                  `json:"flagged,omitempty"` // not satisfied at the top of the chain
	ResolvedAt   *time.Time            `json:"resolved_at,omitempty"`
	Resolution   string                `json:"resolution,omitempty"` // the customer's remark when satisfied
	Withdrawal   *Entry                `json:"withdrawal,omitempty"`
	Deadlines    []aftersales.Deadline `json:"deadlines"`
	UpdatedAt    time.Time             `json:"updated_at"`
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
	x.Plan = clonePtr(c.Plan)
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
	x.Deadlines = slices.Clone(c.Deadlines)
	for i := range x.Deadlines {
		x.Deadlines[i].DoneAt = clonePtr(x.Deadlines[i].DoneAt)
	}
	return &x
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
