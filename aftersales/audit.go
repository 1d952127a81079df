package aftersales

import (
	"fmt"
	"sort"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// FindingKind says how a clause was not complied with.
type FindingKind string

// The finding kinds.
const (
	// FindingLate: the step was done, after its deadline.
	FindingLate FindingKind = "late"
	// FindingMissed: the step was never done and its deadline has passed.
	FindingMissed FindingKind = "missed"
	// FindingMissing: a step the regulation requires is absent or incomplete
	// (closed without a visit, accepted without a signature).
	FindingMissing FindingKind = "missing"
)

// Finding is one breach of the regulation found in a request's history.
type Finding struct {
	Clause     Clause      `json:"clause"`
	Kind       FindingKind `json:"kind"`
	Department string      `json:"department,omitempty"`
	Due        time.Time   `json:"due,omitzero"`     // the deadline, when the clause has one
	DoneAt     time.Time   `json:"done_at,omitzero"` // when the step was done, if it was
	What       string      `json:"what"`             // what happened, in Chinese
}

// Audit checks a request's history against the regulation and returns
// every clause whose deadline was missed or whose step is missing, soonest
// due first. It recomputes every deadline from the events' own times with
// cal and policy, so it works as well on a history imported from another
// system (see ParseHistory) as on one this package wrote. Deadlines not
// yet due at now are not findings. A withdrawn request owes nothing after
// its withdrawal.
//
// Where a history completes a part that was never planned, P3.2 is judged
// by the complex period, the more lenient, and the missing plan is reported
// under P3.1.
func Audit(history []Event, cal *calendar.Calendar, policy Policy, now time.Time) []Finding {
	a := auditor{cal: cal, policy: policy, now: now, parts: map[string]*auditPart{}}
	for _, e := range history {
		if a.ended {
			break
		}
		a.step(e)
	}
	return a.finish()
}

type auditPart struct {
	received   time.Time
	roundStart time.Time
	round      int
	planned    bool
	complexity Complexity
	done       bool
	doneAt     time.Time
}

type auditor struct {
	cal      *calendar.Calendar
	policy   Policy
	now      time.Time
	findings []Finding

	registered, urgent                bool
	received                          time.Time
	forwarded, urgentHandled, visited *time.Time
	accepted                          *time.Time
	parts                             map[string]*auditPart
	order                             []string
	ended                             bool // withdrawn or closed
	endAt                             time.Time
}

func (a *auditor) due(from time.Time, n int) time.Time { return a.cal.Deadline(from, n) }

// check records a late step.
func (a *auditor) check(c Clause, dept string, due, at time.Time, what string) {
	if !at.Before(due) {
		a.findings = append(a.findings, Finding{Clause: c, Kind: FindingLate, Department: dept, Due: due, DoneAt: at,
			What: fmt.Sprintf("%s于 %s 完成，期限为 %s", what, cstText(at), cstText(due))})
	}
}

func (a *auditor) missing(c Clause, dept string, at time.Time, what string) {
	a.findings = append(a.findings, Finding{Clause: c, Kind: FindingMissing, Department: dept, DoneAt: at, What: what})
}

func (a *auditor) step(e Event) {
	at := e.At
	switch e.Type {
	case EventRegistered:
		a.registered = true
		if e.Registration != nil {
			a.received = e.Registration.ReceivedAt
			a.urgent = e.Registration.Urgent
		}
		if a.received.IsZero() {
			a.received = at
		}
	case EventForwarded:
		if a.forwarded == nil {
			a.forwarded = &at
			a.check(ClauseP1_2, "", a.due(a.received, a.policy.ForwardDays), at, "转达责任部门")
		}
		for _, d := range e.Departments {
			if _, ok := a.parts[d]; !ok {
				a.parts[d] = &auditPart{received: at, roundStart: at}
				a.order = append(a.order, d)
			}
		}
	case EventUrgentHandled:
		if a.urgentHandled == nil {
			a.urgentHandled = &at
			a.check(ClauseP1_3, "", calendar.AddHours(a.received, a.policy.UrgentHours), at, "紧急处理措施")
		}
	case EventPlanned:
		p := a.part(e.Department, at)
		if !p.planned {
			p.planned = true
			a.check(ClauseP3_1, e.Department, a.due(p.received, a.policy.PlanDays), at, "制定处理方案")
		}
		if e.Plan != nil {
			p.complexity = e.Plan.Complexity
		}
	case EventReclassified:
		a.part(e.Department, at).complexity = e.Complexity
	case EventCompleted:
		p := a.part(e.Department, at)
		if !p.planned {
			a.missing(ClauseP3_1, e.Department, at, "未制定处理方案即完成处理")
			p.planned = true
		}
		if !p.done {
			p.done, p.doneAt = true, at
			a.check(ClauseP3_2, e.Department, a.handlingDue(p), at, handlingWhat(p))
		}
	case EventRejected:
		for _, d := range a.order {
			p := a.parts[d]
			p.round++
			p.roundStart, p.done = at, false
		}
	case EventAccepted:
		if a.accepted == nil {
			a.accepted = &at
			if e.Signature == nil || e.Signature.SignedBy == "" {
				a.missing(ClauseP4_1, "", at, "客户验收没有签字确认")
			}
			if !a.allDone() {
				a.missing(ClauseP4_1, "", at, "处理尚未完毕即登记验收")
			}
		}
	case EventVisited:
		if a.visited == nil {
			a.visited = &at
			if a.accepted == nil {
				a.missing(ClauseP4_1, "", at, "未经客户验收即回访")
			} else {
				a.check(ClauseP4_2, "", a.due(*a.accepted, a.policy.VisitDays), at, "回访")
			}
		}
		a.end(at)
	case EventClosed:
		if a.accepted == nil {
			a.missing(ClauseP4_1, "", at, "未经客户验收签字即关闭")
		}
		if a.visited == nil {
			f := Finding{Clause: ClauseP4_2, Kind: FindingMissing, DoneAt: at, What: "未回访即关闭"}
			if a.accepted != nil {
				f.Due = a.due(*a.accepted, a.policy.VisitDays)
			}
			a.findings = append(a.findings, f)
			a.visited = &at // reported here, not again as missed
		}
		a.end(at)
	case EventWithdrawn:
		a.end(at)
	}
}

func (a *auditor) end(at time.Time) { a.ended, a.endAt = true, at }

// part returns a department's part, creating it for a history that acts
// for a department it never forwarded to.
func (a *auditor) part(dept string, at time.Time) *auditPart {
	p, ok := a.parts[dept]
	if !ok {
		p = &auditPart{received: at, roundStart: at}
		a.parts[dept] = p
		a.order = append(a.order, dept)
		if a.forwarded == nil {
			a.missing(ClauseP1_2, dept, at, fmt.Sprintf("部门 %s 未经转达即开始处理", dept))
			a.forwarded = &at
		}
	}
	return p
}

func (a *auditor) handlingDue(p *auditPart) time.Time {
	n := a.policy.SimpleDays
	if p.complexity != Simple {
		n = a.policy.ComplexDays
	}
	return a.due(p.roundStart, n)
}

func handlingWhat(p *auditPart) string {
	if p.round > 0 {
		return fmt.Sprintf("第 %d 次返工处理", p.round)
	}
	return "处理"
}

func (a *auditor) allDone() bool {
	for _, p := range a.parts {
		if !p.done {
			return false
		}
	}
	return len(a.parts) > 0
}

// finish reports the steps still owed whose deadline passed before now (or
// before the request ended).
func (a *auditor) finish() []Finding {
	if !a.registered {
		a.missing(ClauseP1_2, "", time.Time{}, "历史记录中没有登记（《客户反馈登记表》）")
		return a.findings
	}
	until := a.now
	if a.ended && a.endAt.Before(until) {
		until = a.endAt
	}
	missed := func(c Clause, dept string, due time.Time, what string) {
		if !until.Before(due) {
			a.findings = append(a.findings, Finding{Clause: c, Kind: FindingMissed, Department: dept, Due: due,
				What: fmt.Sprintf("%s，期限 %s 已过", what, cstText(due))})
		}
	}
	if a.forwarded == nil {
		missed(ClauseP1_2, "", a.due(a.received, a.policy.ForwardDays), "从未转达责任部门")
	}
	if a.urgent && a.urgentHandled == nil {
		missed(ClauseP1_3, "", calendar.AddHours(a.received, a.policy.UrgentHours), "紧急需求未登记紧急处理措施")
	}
	for _, d := range a.order {
		p := a.parts[d]
		if !p.planned {
			missed(ClauseP3_1, d, a.due(p.received, a.policy.PlanDays), "未制定处理方案")
		}
		if !p.done {
			missed(ClauseP3_2, d, a.handlingDue(p), handlingWhat(p)+"未完成")
		}
	}
	if a.accepted != nil && a.visited == nil {
		missed(ClauseP4_2, "", a.due(*a.accepted, a.policy.VisitDays), "验收后未回访")
	}
	sort.SliceStable(a.findings, func(i, j int) bool {
		fi, fj := a.findings[i], a.findings[j]
		ti, tj := fi.Due, fj.Due
		if ti.IsZero() {
			ti = fi.DoneAt
		}
		if tj.IsZero() {
			tj = fj.DoneAt
		}
		return ti.Before(tj)
	})
	return a.findings
}

func cstText(t time.Time) string { return t.In(calendar.CST).Format("2006-01-02 15:04") }
