package complaint

import (
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Action names a step of the complaint lifecycle an actor may take, as
// forms and API paths name it.
type Action string

// The actions, one per command.
const (
	ActionDeclareMajor     Action = "declare-major"
	ActionEmergency        Action = "emergency"
	ActionMajorFeedback    Action = "major-feedback"
	ActionForward          Action = "forward"
	ActionPlan             Action = "plan"
	ActionStatement        Action = "statement"
	ActionThirdParty       Action = "third-party"
	ActionThirdPartyReport Action = "third-party-report"
	ActionAnswer           Action = "answer"
	ActionSatisfied        Action = "satisfied"
	ActionNotSatisfied     Action = "not-satisfied"
	ActionPause            Action = "pause"
	ActionResume           Action = "resume"
	ActionWithdraw         Action = "withdraw"
)

// Label returns the action's Chinese name, as a form's title.
func (a Action) Label() string {
	switch a {
	case ActionDeclareMajor:
		return "认定为重大投诉（C2.2）"
	case ActionEmergency:
		return "启动应急预案（C2.2）"
	case ActionMajorFeedback:
		return "向客户反馈处理情况（C2.2）"
	case ActionForward:
		return "转达责任部门（C2.1）"
	case ActionPlan:
		return "调查核实并制定处理方案（C3.1）"
	case ActionStatement:
		return "记录客户意见（C3.2）"
	case ActionThirdParty:
		return "委托第三方调查（C3.3）"
	case ActionThirdPartyReport:
		return "登记第三方调查报告（C3.3）"
	case ActionAnswer:
		return "向客户反馈处理结果（C4.1）"
	case ActionSatisfied:
		return "客户满意，投诉解决（C4.2）"
	case ActionNotSatisfied:
		return "客户不满意，升级处理（C4.2）"
	case ActionPause:
		return "暂停计时（等待客户）"
	case ActionResume:
		return "恢复计时"
	case ActionWithdraw:
		return "撤回投诉"
	}
	return string(a)
}

// Offer is one step an actor may take now: the action, and for a
// department's plan (C3.1) the department.
type Offer struct {
	Action     Action `json:"action"`
	Department string `json:"department,omitempty"`
}

// probeDept is a department ID no complaint has, for asking whether a
// forwarding would be taken.
const probeDept = "\u2063probe"

// Actions returns the steps a may take on c now, in lifecycle order. It
// asks the same rules that decide each step, with a well-formed command of
// the step at the service clock's now: a step is offered exactly when a
// well-formed command for it would be accepted (a forwarding, to a
// department the complaint does not have yet), so a form built from the
// offers never invites a refusal for the actor's role or the complaint's
// state.
func (s *Service) Actions(c *Complaint, a aftersales.Actor) []Offer {
	v := s.env()
	if c.UpdatedAt.After(v.now) {
		v.now = c.UpdatedAt // a back-dated history ahead of the clock
	}
	return actions(v, c, a)
}

func actions(v env, c *Complaint, a aftersales.Actor) []Offer {
	var out []Offer
	ok := func(_ Event, err error) bool { return err == nil }
	add := func(o Offer, allowed bool) {
		if allowed {
			out = append(out, o)
		}
	}
	step := StepCommand{Text: "-", Actor: a}
	criteria := []string{}
	if len(v.policy.MajorCriteria) > 0 {
		criteria = []string{v.policy.MajorCriteria[0].ID}
	}
	add(Offer{Action: ActionDeclareMajor}, ok(decideMajor(v, c, DeclareMajorCommand{Criteria: criteria, Actor: a})))
	add(Offer{Action: ActionEmergency}, ok(decideMajorStep(v, c, EventEmergency, step)))
	add(Offer{Action: ActionMajorFeedback}, ok(decideMajorStep(v, c, EventMajorFeedback, step)))
	add(Offer{Action: ActionForward}, ok(decideForward(v, c, ForwardCommand{Departments: []string{probeDept}, Actor: a}, nil)))
	for _, p := range c.Parts {
		add(Offer{Action: ActionPlan, Department: p.Department}, ok(decidePlan(v, c, PlanCommand{Department: p.Department,
			Plan: Plan{Findings: "-", Measures: "-", Owner: "-", At: probeAt(v, p.ForwardedAt)}, Actor: a})))
	}
	add(Offer{Action: ActionStatement}, ok(decideStatement(v, c, step)))
	add(Offer{Action: ActionThirdParty}, ok(decideThirdParty(v, c, ThirdPartyCommand{Agency: "-", Scope: "-", Actor: a})))
	add(Offer{Action: ActionThirdPartyReport}, ok(decideThirdPartyReport(v, c, ThirdPartyReportCommand{ReportRef: "-", Conclusion: "-", Actor: a})))
	add(Offer{Action: ActionAnswer}, ok(decideAnswer(v, c, step)))
	add(Offer{Action: ActionSatisfied}, ok(decideSatisfied(v, c, step)))
	add(Offer{Action: ActionNotSatisfied}, ok(decideNotSatisfied(v, c, step)))
	add(Offer{Action: ActionPause}, ok(decidePause(v, c, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "-", Actor: a})))
	add(Offer{Action: ActionResume}, ok(decideResume(v, c, aftersales.ResumeCommand{Actor: a})))
	add(Offer{Action: ActionWithdraw}, ok(decideWithdraw(v, c, step)))
	return out
}

// probeAt is the time a probing plan carries: now, unless the part was
// forwarded later (a back-dated history).
func probeAt(v env, forwarded time.Time) time.Time {
	if forwarded.After(v.now) {
		return forwarded
	}
	return v.now
}
