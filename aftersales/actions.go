package aftersales

import (
	"context"
	"time"
)

// Action names a step of the lifecycle an actor may take on a request.
type Action string

// The actions, one per command.
const (
	ActionForward    Action = "forward"
	ActionUrgent     Action = "urgent"
	ActionPlan       Action = "plan"
	ActionReclassify Action = "reclassify"
	ActionEscalate   Action = "escalate"
	ActionCoordinate Action = "coordinate"
	ActionComplete   Action = "complete"
	ActionFeedback   Action = "feedback"
	ActionAccept     Action = "accept"
	ActionReject     Action = "reject"
	ActionVisit      Action = "visit"
	ActionPause      Action = "pause"
	ActionResume     Action = "resume"
	ActionWithdraw   Action = "withdraw"
)

// Label returns the action's Chinese name, as a form's title.
func (a Action) Label() string {
	switch a {
	case ActionForward:
		return "转达责任部门（P1.2、P2.1）"
	case ActionUrgent:
		return "紧急处理措施（P1.3）"
	case ActionPlan:
		return "处理方案（P3.1）"
	case ActionReclassify:
		return "调整复杂程度（P3.2）"
	case ActionEscalate:
		return "上报困难（P3.3）"
	case ActionCoordinate:
		return "协调上报的困难（P3.3）"
	case ActionComplete:
		return "完成处理（P3.2）"
	case ActionFeedback:
		return "反馈客户（P1.3、P3.2）"
	case ActionAccept:
		return "客户验收签字（P4.1）"
	case ActionReject:
		return "验收不合格（P4.1）"
	case ActionVisit:
		return "客户回访（P4.2）"
	case ActionPause:
		return "暂停计时"
	case ActionResume:
		return "恢复计时"
	case ActionWithdraw:
		return "撤回"
	}
	return string(a)
}

// Offer is one step an actor may take now: the action, and for the steps
// of one department's part its department, for a feedback its kind.
type Offer struct {
	Action     Action       `json:"action"`
	Department string       `json:"department,omitempty"`
	Kind       FeedbackKind `json:"kind,omitempty"`
}

// Actions returns the steps a may take on r now, in lifecycle order. It
// asks the same rules that decide each step, with a well-formed command of
// the step at the service clock's now: a step is offered exactly when a
// well-formed command for it would be accepted, so a form built from the
// offers never invites a refusal for the actor's role or the request's
// state.
func (s *Service) Actions(ctx context.Context, r *Request, a Actor) ([]Offer, error) {
	project, err := s.project(ctx, r.ProjectID)
	if err != nil {
		return nil, err
	}
	v := s.env()
	v.now = probeNow(v.now, r)
	return actions(v, r, a, project), nil
}

// probeDept is a department ID no request has, for asking whether a
// forward or coordination would be taken.
const probeDept = "\u2063probe"

func actions(v env, r *Request, a Actor, project *Project) []Offer {
	var out []Offer
	ok := func(e Event, err error) bool { return err == nil }
	add := func(o Offer, allowed bool) {
		if allowed {
			out = append(out, o)
		}
	}
	add(Offer{Action: ActionForward}, ok(decideForward(v, r, ForwardCommand{Departments: []string{probeDept}, Actor: a}, project)))
	add(Offer{Action: ActionUrgent}, ok(decideUrgent(v, r, UrgentCommand{Measures: "-", Actor: a})))
	add(Offer{Action: ActionFeedback, Kind: FeedbackUrgent}, ok(decideFeedback(v, r, FeedbackCommand{Kind: FeedbackUrgent,
		Channel: ChannelPhone, Summary: "-", Actor: a})))
	plan := Plan{Measures: "-", Owner: "-", ScheduledAt: v.now, Complexity: Simple}
	for _, p := range r.Parts {
		d := p.Department
		add(Offer{Action: ActionPlan, Department: d}, ok(decidePlan(v, r, PlanCommand{Department: d, Plan: plan, Actor: a})))
		other := Complex
		if p.Complexity == Complex {
			other = Simple
		}
		add(Offer{Action: ActionReclassify, Department: d}, ok(decideReclassify(v, r, ReclassifyCommand{Department: d, Complexity: other, Reason: "-", Actor: a})))
		add(Offer{Action: ActionEscalate, Department: d}, ok(decideEscalate(v, r, EscalateCommand{Department: d, Reason: "-", Actor: a})))
		add(Offer{Action: ActionCoordinate, Department: d}, ok(decideCoordinate(v, r, CoordinateCommand{Department: d, Coordinator: a.ID, Measures: "-", Actor: a})))
		add(Offer{Action: ActionComplete, Department: d}, ok(decideComplete(v, r, CompleteCommand{Department: d, Result: "-", Actor: a})))
		for _, k := range []FeedbackKind{FeedbackProgress, FeedbackResult} {
			add(Offer{Action: ActionFeedback, Department: d, Kind: k}, ok(decideFeedback(v, r, FeedbackCommand{Kind: k, Department: d,
				Channel: ChannelPhone, Summary: "-", Actor: a})))
		}
	}
	sig := Signature{SignedBy: "-", Method: SignPaper, Ref: "-"}
	if isOwnCustomer(a, r) {
		sig.Method = SignScreen
	}
	add(Offer{Action: ActionAccept}, ok(decideAccept(v, r, AcceptCommand{Signature: sig, Actor: a})))
	add(Offer{Action: ActionReject}, ok(decideReject(v, r, RejectCommand{Reason: "-", Actor: a})))
	add(Offer{Action: ActionVisit}, ok(decideVisit(v, r, VisitCommand{Visit: Visit{Satisfaction: 5, VisitedBy: "-"}, Actor: a})))
	add(Offer{Action: ActionPause}, ok(decidePause(v, r, PauseCommand{Reason: PauseNoAccess, Note: "-", Actor: a})))
	add(Offer{Action: ActionResume}, ok(decideResume(v, r, ResumeCommand{Actor: a})))
	add(Offer{Action: ActionWithdraw}, ok(decideWithdraw(v, r, WithdrawCommand{Reason: "-", Actor: a})))
	return out
}

// probeNow is the instant a probe runs at: the service's now, or the
// request's last step when a back-dated history lies ahead of the clock.
func probeNow(now time.Time, r *Request) time.Time {
	if r.UpdatedAt.After(now) {
		return r.UpdatedAt
	}
	return now
}
