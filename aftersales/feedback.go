package aftersales

import "time"

// FeedbackKind says which feedback to the customer a Feedback is.
type FeedbackKind string

// The feedback kinds.
const (
	// FeedbackUrgent: how the urgent measures went (P1.3 "处理完毕后及时将
	// 处理情况反馈给客户").
	FeedbackUrgent FeedbackKind = "urgent"
	// FeedbackProgress: how a complex problem is going while it is handled
	// (P3.2 "将处理过程和结果及时反馈给客户").
	FeedbackProgress FeedbackKind = "progress"
	// FeedbackResult: a department's result (P3.2 "将处理结果反馈给客户").
	FeedbackResult FeedbackKind = "result"
)

// FeedbackKinds returns every feedback kind, in the order forms list them.
func FeedbackKinds() []FeedbackKind {
	return []FeedbackKind{FeedbackUrgent, FeedbackProgress, FeedbackResult}
}

// Valid reports whether k is one of FeedbackKinds.
func (k FeedbackKind) Valid() bool {
	return k == FeedbackUrgent || k == FeedbackProgress || k == FeedbackResult
}

// Label returns the kind's Chinese name.
func (k FeedbackKind) Label() string {
	switch k {
	case FeedbackUrgent:
		return "紧急处理情况反馈"
	case FeedbackProgress:
		return "处理进展反馈"
	case FeedbackResult:
		return "处理结果反馈"
	}
	return string(k)
}

// Clause returns the clause that asks for this feedback.
func (k FeedbackKind) Clause() Clause {
	c, _ := k.step()
	return c
}

// step returns the clause and Deadline.Step of the kind's deadline.
func (k FeedbackKind) step() (Clause, string) {
	switch k {
	case FeedbackUrgent:
		return ClauseP1_3, StepFeedback
	case FeedbackProgress:
		return ClauseP3_2, StepProgress
	}
	return ClauseP3_2, StepFeedback
}

// Feedback is one time the customer was told how their request goes
// (P1.3, P3.2): who told them, when, by which channel and what was said.
type Feedback struct {
	Kind       FeedbackKind `json:"kind"`
	Department string       `json:"department,omitempty"` // the part reported on (progress, result)
	Channel    Channel      `json:"channel"`              // how the customer was reached
	Summary    string       `json:"summary"`              // what was said
	At         time.Time    `json:"at"`
	By         string       `json:"by"`
}

// FeedbackCommand records a feedback to the customer (P1.3, P3.2). Urgent
// feedback follows the urgent measures; result feedback follows the
// department's completion; progress feedback is given while a planned part
// is being handled.
type FeedbackCommand struct {
	Kind       FeedbackKind
	Department string // the part reported on; empty for urgent feedback
	Channel    Channel
	Summary    string
	At         time.Time
	Actor      Actor
	Version    int // if not 0, the version the caller read: a different current version is a conflict
}

// decideFeedback records a feedback, refusing one before the step it
// reports on, and opens the next progress deadline of a complex part still
// being handled.
func decideFeedback(v env, r *Request, cmd FeedbackCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if cmd.Actor.Role == RoleCustomer {
		return Event{}, forbidden("feedback_forbidden", "反馈由公司向客户作出，客户不能登记反馈")
	}
	if r.Status.Terminal() {
		return Event{}, notAllowed("not_allowed_in_status", "需求当前状态为“%s”，不能登记反馈", r.Status.Label())
	}
	if !cmd.Kind.Valid() {
		return Event{}, invalid("feedback_kind_invalid", "反馈类型 %q 无效，应为%s（P1.3、P3.2）", cmd.Kind, Choices(FeedbackKinds()...))
	}
	if !cmd.Channel.Valid() {
		return Event{}, invalid("channel_invalid", "反馈方式 %q 无效，应为%s", cmd.Channel, Choices(Channels()...))
	}
	summary, err := text(cmd.Summary, true, maxLongText, "summary", "反馈内容")
	if err != nil {
		return Event{}, err
	}
	since, err := feedbackSince(r, cmd)
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, since, "反馈客户")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventFeedback, cmd.Actor, at)
	e.Feedback = &Feedback{Kind: cmd.Kind, Department: cmd.Department, Channel: cmd.Channel, Summary: summary, At: at, By: cmd.Actor.ID}
	if p, ok := r.Part(cmd.Department); ok && cmd.Kind == FeedbackProgress && p.Complexity == Complex {
		d, err := progressDeadline(v, p, at)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = []Deadline{d}
	}
	return e, nil
}

// feedbackSince checks that the step a feedback reports on happened, and
// returns when: a feedback cannot come before it.
func feedbackSince(r *Request, cmd FeedbackCommand) (time.Time, error) {
	if cmd.Kind == FeedbackUrgent {
		if cmd.Department != "" {
			return time.Time{}, invalid("feedback_department_unexpected", "紧急处理情况反馈不属于某个部门，请不要指定部门")
		}
		if r.UrgentHandledAt == nil {
			return time.Time{}, notAllowed("feedback_before_step", "紧急处理措施尚未登记，不能反馈处理情况（P1.3）")
		}
		return *r.UrgentHandledAt, nil
	}
	p, ok := r.Part(cmd.Department)
	if !ok {
		return time.Time{}, invalid("part_unknown", "部门 %q 不是该需求的责任部门", cmd.Department)
	}
	if !mayActFor(cmd.Actor, p.Department) && cmd.Actor.Role != RoleSpecialist {
		return time.Time{}, forbidden("department_forbidden", "只有责任部门 %q、项目售后专员或售后管理部可以登记该部门的反馈", p.Department)
	}
	if cmd.Kind == FeedbackResult {
		if p.DoneAt == nil {
			return time.Time{}, notAllowed("feedback_before_step", "部门 %q 尚未完成处理，不能反馈处理结果（P3.2）", p.Department)
		}
		return *p.DoneAt, nil
	}
	if p.Plan == nil || p.DoneAt != nil {
		return time.Time{}, notAllowed("feedback_before_step", "部门 %q 不在处理中（已制定方案、尚未完成），不能反馈处理进展（P3.2）", p.Department)
	}
	return p.handlingSince(), nil
}

// progressDeadline opens the next progress feedback of a complex part
// (P3.2), ProgressDays working days from from.
func progressDeadline(v env, p *Part, from time.Time) (Deadline, error) {
	d, err := NewWorkdayDeadline(v.cal, ClauseP3_2, "progress", p.Department, p.Round, from, v.policy.ProgressDays)
	d.Step = StepProgress
	return d, err
}

// resultFeedbackDeadline opens the feedback of a department's result
// (P3.2), FeedbackDays working days from its completion.
func resultFeedbackDeadline(v env, p *Part, at time.Time) (Deadline, error) {
	d, err := NewWorkdayDeadline(v.cal, ClauseP3_2, "completed", p.Department, p.Round, at, v.policy.FeedbackDays)
	d.Step = StepFeedback
	return d, err
}
