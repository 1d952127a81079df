package aftersales

import (
	"fmt"
	"strings"
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
	// FindingUnjustified: a pause of the clocks without a reason from the
	// list or without evidence (G3.3).
	FindingUnjustified FindingKind = "unjustified"
)

// Label returns the kind's Chinese name.
func (k FindingKind) Label() string {
	switch k {
	case FindingLate:
		return "逾期完成"
	case FindingMissed:
		return "逾期未完成"
	case FindingMissing:
		return "缺少步骤"
	case FindingUnjustified:
		return "暂停依据不足"
	}
	return string(k)
}

// Finding is one breach of the regulation found in a request's history.
type Finding struct {
	Clause     Clause      `json:"clause"`
	Step       string      `json:"step,omitempty"` // the clause's step, as Deadline.Step
	Kind       FindingKind `json:"kind"`
	Department string      `json:"department,omitempty"`
	Due        time.Time   `json:"due,omitzero"`     // the deadline net of pauses, when the clause has one
	DoneAt     time.Time   `json:"done_at,omitzero"` // when the step was done, if it was
	// RawDue is the deadline the clause gives without pauses; it differs
	// from Due when pauses stopped the clock for PausedWorkdays.
	RawDue         time.Time `json:"raw_due,omitzero"`
	PausedWorkdays int       `json:"paused_workdays,omitempty"`
	What           string    `json:"what"` // what happened, in Chinese
}

// Audit checks a request's history against the regulation and returns
// every clause whose deadline was missed or whose step is missing, soonest
// due first. It recomputes every deadline from the events' own times with
// cal and policy, so it works as well on a history imported from another
// system (see ParseHistory) as on one this package wrote. Deadlines not
// yet due at now are not findings. A withdrawn request owes nothing after
// its withdrawal.
//
// Each clock runs from the event the clause names:
//
//	clause        runs from                                     period
//	P1.2          receipt of the feedback (received_at)          ForwardDays
//	P1.3          receipt                                        UrgentHours (clock hours)
//	P1.3 feedback the urgent measures                            FeedbackDays
//	P3.1          the department's receipt (forwarding)          PlanDays
//	P3.2          the department's receipt; a rework round from  SimpleDays / ComplexDays
//	              the rejection that opened it
//	P3.2 progress the plan of a complex part, then each progress ProgressDays
//	P3.2 feedback the department's completion                    FeedbackDays
//	P3.3          the report of a difficulty                     CoordinateDays
//	P4.2          处理完毕: the last completion of the round the  VisitDays
//	              customer accepts (a rejection cancels it)
//	G3.3          a pause of the clocks                          PauseLimitDays
//
// The customer's acceptance or rejection answers a result feedback still
// owed: the customer judged the result themselves (P4.1). Pauses stop P3.1
// and P3.2 clocks, as the Service does: a finding gives the deadline net of
// pauses (Due) and without them (RawDue). Where a history completes a part
// that was never planned, P3.2 is judged by the complex period, the more
// lenient, and the missing plan is reported under P3.1.
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
	dept         string
	received     time.Time
	roundStart   time.Time
	round        int
	planned      bool
	complexity   Complexity
	done         bool
	doneAt       time.Time
	feedbackFrom *time.Time // a result feedback owed since this completion
	progressFrom *time.Time // a progress feedback owed since then
	reportedAt   *time.Time // a reported difficulty awaiting coordination
}

type auditPause struct {
	at, end   time.Time // end is zero while open
	justified bool
}

type auditor struct {
	cal      *calendar.Calendar
	policy   Policy
	now      time.Time
	findings []Finding

	registered, urgent       bool
	received                 time.Time
	forwarded, urgentHandled *time.Time
	urgentFeedback           *time.Time // urgent feedback owed since
	handled, visited         *time.Time // 处理完毕 of the current round; its visit
	accepted                 *time.Time
	parts                    map[string]*auditPart
	order                    []string
	pauses                   []auditPause
	ended                    bool // withdrawn or closed
	endAt                    time.Time
}

func (a *auditor) due(from time.Time, n int) time.Time { return a.cal.Deadline(from, n) }

// check records a step done at at, late when not before due.
func (a *auditor) check(c Clause, dept string, due, at time.Time, what string) {
	a.checkStep(c, "", dept, due, time.Time{}, 0, at, what)
}

func (a *auditor) checkStep(c Clause, step, dept string, due, raw time.Time, paused int, at time.Time, what string) {
	if !at.Before(due) {
		a.findings = append(a.findings, Finding{Clause: c, Step: step, Kind: FindingLate, Department: dept, Due: due, DoneAt: at,
			RawDue: raw, PausedWorkdays: paused, What: fmt.Sprintf("%s于 %s 完成，期限为 %s%s", what, cstText(at), cstText(due), pausedText(paused))})
	}
}

func (a *auditor) missing(c Clause, dept string, at time.Time, what string) {
	a.findings = append(a.findings, Finding{Clause: c, Kind: FindingMissing, Department: dept, DoneAt: at, What: what})
}

// netDue returns the due instant of a P3.1 or P3.2 step of n working days
// from from, net of the pauses that stopped it, with the raw due instant
// and the working days paused; frozen is true when its clock stood still
// at the end: the step was done (doneAt not zero) while paused, or is
// still paused.
func (a *auditor) netDue(from time.Time, n int, doneAt time.Time) (due, raw time.Time, paused int, frozen bool) {
	raw = a.due(from, n)
	due = raw
	for _, p := range a.pauses {
		since := p.at
		if from.After(since) {
			since = from
		}
		if !since.Before(due) || (!doneAt.IsZero() && doneAt.Before(since)) {
			continue
		}
		end := p.end
		if end.IsZero() || (!doneAt.IsZero() && doneAt.Before(end)) {
			return due, raw, paused, true // still paused, or done while paused
		}
		paused += PausedWorkdays(a.cal, since, end)
		due = a.due(from, n+paused)
	}
	return due, raw, paused, false
}

// pausedNow reports whether a clock that pauses stands still at the end of
// the audit.
func (a *auditor) pausedNow() bool {
	return len(a.pauses) > 0 && a.pauses[len(a.pauses)-1].end.IsZero()
}

func pausedText(paused int) string {
	if paused == 0 {
		return ""
	}
	return fmt.Sprintf("（已扣除暂停的 %d 个工作日）", paused)
}

// pausable checks a P3.1 or P3.2 step done at at against its period of n
// working days from from, net of pauses.
func (a *auditor) pausable(c Clause, step, dept string, from time.Time, n int, at time.Time, what string) {
	due, raw, paused, frozen := a.netDue(from, n, at)
	if !frozen {
		a.checkStep(c, step, dept, due, raw, paused, at, what)
	}
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
		a.addParts(e.Departments, at)
	case EventUrgentHandled:
		if a.urgentHandled == nil {
			a.urgentHandled = &at
			a.urgentFeedback = &at
			a.check(ClauseP1_3, "", calendar.AddHours(a.received, a.policy.UrgentHours), at, "紧急处理措施")
		}
	case EventPlanned:
		p := a.part(e.Department, at)
		if !p.planned {
			p.planned = true
			a.pausable(ClauseP3_1, "", e.Department, p.received, a.policy.PlanDays, at, "制定处理方案")
		}
		if e.Plan != nil {
			p.complexity = e.Plan.Complexity
		}
		if p.complexity == Complex && p.progressFrom == nil {
			p.progressFrom = &at
		}
	case EventReclassified:
		p := a.part(e.Department, at)
		p.complexity = e.Complexity
		if p.complexity == Complex && p.progressFrom == nil && !p.done {
			p.progressFrom = &at
		} else if p.complexity != Complex {
			p.progressFrom = nil
		}
	case EventEscalated:
		p := a.part(e.Department, at)
		if p.reportedAt == nil {
			p.reportedAt = &at
		}
	case EventCoordinated:
		p := a.part(e.Department, at)
		if p.reportedAt == nil {
			a.missing(ClauseP3_3, e.Department, at, "没有困难上报却登记了协调")
		} else {
			a.check(ClauseP3_3, e.Department, a.due(*p.reportedAt, a.policy.CoordinateDays), at, "售后管理部协调上报的困难")
			p.reportedAt = nil
		}
		if e.Coordination != nil {
			a.addParts(e.Coordination.Departments, at)
		}
	case EventCompleted:
		a.completed(e, at)
	case EventFeedback:
		a.feedback(e, at)
	case EventRejected:
		a.customerJudged(at)
		for _, d := range a.order {
			p := a.parts[d]
			p.round++
			p.roundStart, p.done = at, false
			if p.complexity == Complex {
				p.progressFrom = &at
			}
		}
		a.handled, a.visited = nil, nil
	case EventAccepted:
		a.customerJudged(at)
		if a.accepted == nil {
			a.accepted = &at
			if e.Signature == nil || e.Signature.SignedBy == "" {
				a.missing(ClauseP4_1, "", at, "客户验收没有签字确认")
			}
			if !a.allDone() {
				a.missing(ClauseP4_1, "", at, "处理尚未完毕即登记验收")
			}
		}
		if a.visited != nil {
			a.end(at)
		}
	case EventVisited:
		if a.visited == nil {
			a.visited = &at
			if a.handled == nil {
				a.missing(ClauseP4_2, "", at, "售后问题处理完毕前即回访")
			} else {
				a.check(ClauseP4_2, "", a.due(*a.handled, a.policy.VisitDays), at, "回访")
			}
		}
		if a.accepted != nil {
			a.end(at)
		}
	case EventPaused:
		a.paused(e, at)
	case EventResumed:
		if a.pausedNow() {
			p := &a.pauses[len(a.pauses)-1]
			p.end = at
			a.check(ClauseG3_3, "", a.due(p.at, a.policy.PauseLimitDays), at, "暂停后恢复计时")
		}
	case EventClosed:
		a.closed(at)
	case EventWithdrawn:
		a.end(at)
	}
}

func (a *auditor) addParts(depts []string, at time.Time) {
	for _, d := range depts {
		if _, ok := a.parts[d]; !ok {
			a.parts[d] = &auditPart{dept: d, received: at, roundStart: at}
			a.order = append(a.order, d)
		}
	}
}

func (a *auditor) completed(e Event, at time.Time) {
	p := a.part(e.Department, at)
	if !p.planned {
		a.missing(ClauseP3_1, e.Department, at, "未制定处理方案即完成处理")
		p.planned = true
	}
	if p.done {
		return
	}
	p.done, p.doneAt = true, at
	if p.progressFrom != nil {
		// Handling ends the progress feedback; one already due was missed.
		a.pausable(ClauseP3_2, StepProgress, e.Department, *p.progressFrom, a.policy.ProgressDays, at, "反馈处理进展")
	}
	p.feedbackFrom, p.progressFrom = &at, nil
	n := a.handlingDays(p)
	a.pausable(ClauseP3_2, "", e.Department, p.roundStart, n, at, handlingWhat(p))
	if a.allDone() {
		done := at
		for _, q := range a.parts {
			if q.doneAt.After(done) {
				done = q.doneAt
			}
		}
		a.handled = &done
	}
}

func (a *auditor) feedback(e Event, at time.Time) {
	if e.Feedback == nil {
		return
	}
	switch e.Feedback.Kind {
	case FeedbackUrgent:
		if a.urgentFeedback == nil {
			a.missing(ClauseP1_3, "", at, "紧急处理措施登记前即反馈处理情况")
			return
		}
		a.checkStep(ClauseP1_3, StepFeedback, "", a.due(*a.urgentFeedback, a.policy.FeedbackDays), time.Time{}, 0, at, "反馈紧急处理情况")
		a.urgentFeedback = nil
	case FeedbackResult:
		p := a.part(e.Feedback.Department, at)
		if p.feedbackFrom == nil {
			return // nothing owed: given again, or the customer already judged the result
		}
		a.pausable(ClauseP3_2, StepFeedback, p.dept, *p.feedbackFrom, a.policy.FeedbackDays, at, "反馈处理结果")
		p.feedbackFrom = nil
	case FeedbackProgress:
		p := a.part(e.Feedback.Department, at)
		if p.progressFrom != nil {
			a.pausable(ClauseP3_2, StepProgress, p.dept, *p.progressFrom, a.policy.ProgressDays, at, "反馈处理进展")
			p.progressFrom = &at
		}
	}
}

// customerJudged settles the result feedbacks still owed: the customer
// accepted or rejected the result, so they know it (P4.1).
func (a *auditor) customerJudged(at time.Time) {
	for _, d := range a.order {
		if p := a.parts[d]; p.feedbackFrom != nil {
			a.pausable(ClauseP3_2, StepFeedback, d, *p.feedbackFrom, a.policy.FeedbackDays, at, "反馈处理结果")
			p.feedbackFrom = nil
		}
	}
}

func (a *auditor) paused(e Event, at time.Time) {
	if a.pausedNow() {
		return
	}
	justified := e.Pause != nil && e.Pause.Reason.Valid() && (strings.TrimSpace(e.Pause.Note) != "" || len(e.Pause.Evidence) > 0)
	a.pauses = append(a.pauses, auditPause{at: at, justified: justified})
	if !justified {
		a.findings = append(a.findings, Finding{Clause: ClauseG3_3, Step: StepPauseLimit, Kind: FindingUnjustified, DoneAt: at,
			What: fmt.Sprintf("%s 暂停计时，但没有列明的暂停原因或证据", cstText(at))})
	}
}

func (a *auditor) closed(at time.Time) {
	if a.accepted == nil {
		a.missing(ClauseP4_1, "", at, "未经客户验收签字即关闭")
	}
	if a.visited == nil {
		f := Finding{Clause: ClauseP4_2, Kind: FindingMissing, DoneAt: at, What: "未回访即关闭"}
		if a.handled != nil {
			f.Due = a.due(*a.handled, a.policy.VisitDays)
		}
		a.findings = append(a.findings, f)
		a.visited = &at // reported here, not again as missed
	}
	a.end(at)
}

func (a *auditor) end(at time.Time) { a.ended, a.endAt = true, at }

// part returns a department's part, creating it for a history that acts
// for a department it never forwarded to.
func (a *auditor) part(dept string, at time.Time) *auditPart {
	p, ok := a.parts[dept]
	if !ok {
		p = &auditPart{dept: dept, received: at, roundStart: at}
		a.parts[dept] = p
		a.order = append(a.order, dept)
		if a.forwarded == nil {
			a.missing(ClauseP1_2, dept, at, fmt.Sprintf("部门 %s 未经转达即开始处理", dept))
			a.forwarded = &at
		}
	}
	return p
}

func (a *auditor) handlingDays(p *auditPart) int {
	if p.complexity == Simple {
		return a.policy.SimpleDays
	}
	return a.policy.ComplexDays
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
