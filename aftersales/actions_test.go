package aftersales_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// runAction takes one well-formed step as actor.
func runAction(f *fx, id string, o aftersales.Offer, a aftersales.Actor) error {
	ctx, s := f.ctx, f.svc
	var err error
	switch o.Action {
	case aftersales.ActionForward:
		_, err = s.Forward(ctx, id, aftersales.ForwardCommand{Departments: []string{aftersales.DeptDesign}, Actor: a})
	case aftersales.ActionUrgent:
		_, err = s.HandleUrgent(ctx, id, aftersales.UrgentCommand{Measures: "关阀", Actor: a})
	case aftersales.ActionPlan:
		_, err = s.Plan(ctx, id, aftersales.PlanCommand{Department: o.Department, Actor: a,
			Plan: aftersales.Plan{Measures: "修补", ScheduledAt: f.now, Owner: "周工", Complexity: aftersales.Simple}})
	case aftersales.ActionReclassify:
		_, err = s.Reclassify(ctx, id, aftersales.ReclassifyCommand{Department: o.Department, Complexity: aftersales.Complex, Reason: "复杂", Actor: a})
	case aftersales.ActionEscalate:
		_, err = s.Escalate(ctx, id, aftersales.EscalateCommand{Department: o.Department, Reason: "缺材料", Actor: a})
	case aftersales.ActionCoordinate:
		_, err = s.Coordinate(ctx, id, aftersales.CoordinateCommand{Department: o.Department, Coordinator: head.ID, Measures: "协调", Actor: a})
	case aftersales.ActionComplete:
		_, err = s.Complete(ctx, id, aftersales.CompleteCommand{Department: o.Department, Result: "已修复", Actor: a})
	case aftersales.ActionFeedback:
		_, err = s.Feedback(ctx, id, aftersales.FeedbackCommand{Kind: o.Kind, Department: o.Department, Channel: aftersales.ChannelPhone, Summary: "已告知", Actor: a})
	case aftersales.ActionAccept:
		sig := aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignPaper, Ref: "scan.pdf"}
		if a.Role == aftersales.RoleCustomer {
			sig.Method = aftersales.SignScreen
		}
		_, err = s.Accept(ctx, id, aftersales.AcceptCommand{Signature: sig, Actor: a})
	case aftersales.ActionReject:
		_, err = s.Reject(ctx, id, aftersales.RejectCommand{Reason: "不合格", Actor: a})
	case aftersales.ActionVisit:
		_, err = s.Visit(ctx, id, aftersales.VisitCommand{Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}, Actor: a})
	case aftersales.ActionPause:
		_, err = s.Pause(ctx, id, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "无法入户", Actor: a})
	case aftersales.ActionResume:
		_, err = s.Resume(ctx, id, aftersales.ResumeCommand{Actor: a})
	case aftersales.ActionWithdraw:
		_, err = s.Withdraw(ctx, id, aftersales.WithdrawCommand{Reason: "不需要了", Actor: a})
	}
	return err
}

// everyOffer lists every step one could think of taking on r: each action,
// per part and feedback kind where it applies.
func everyOffer(r *aftersales.Request) []aftersales.Offer {
	var out []aftersales.Offer
	for _, a := range []aftersales.Action{aftersales.ActionForward, aftersales.ActionUrgent, aftersales.ActionAccept, aftersales.ActionReject,
		aftersales.ActionVisit, aftersales.ActionPause, aftersales.ActionResume, aftersales.ActionWithdraw} {
		out = append(out, aftersales.Offer{Action: a})
	}
	out = append(out, aftersales.Offer{Action: aftersales.ActionFeedback, Kind: aftersales.FeedbackUrgent})
	for _, p := range r.Parts {
		for _, a := range []aftersales.Action{aftersales.ActionPlan, aftersales.ActionReclassify, aftersales.ActionEscalate,
			aftersales.ActionCoordinate, aftersales.ActionComplete} {
			out = append(out, aftersales.Offer{Action: a, Department: p.Department})
		}
		for _, k := range []aftersales.FeedbackKind{aftersales.FeedbackProgress, aftersales.FeedbackResult} {
			out = append(out, aftersales.Offer{Action: aftersales.ActionFeedback, Department: p.Department, Kind: k})
		}
	}
	return out
}

// TestActionsOfferExactlyTheStepsTheRulesAccept walks every role × every
// status (and a paused and an escalated request) × every step: a step is
// offered exactly when taking it succeeds.
func TestActionsOfferExactlyTheStepsTheRulesAccept(t *testing.T) {
	type setup struct {
		name  string
		build func(t *testing.T) (*fx, *aftersales.Request)
	}
	var setups []setup
	for _, s := range []aftersales.Status{aftersales.StatusRegistered, aftersales.StatusInProgress, aftersales.StatusAwaitingAcceptance,
		aftersales.StatusAccepted, aftersales.StatusClosed, aftersales.StatusWithdrawn} {
		setups = append(setups, setup{string(s), func(t *testing.T) (*fx, *aftersales.Request) { return inStatus(t, s) }})
	}
	setups = append(setups,
		setup{"paused", func(t *testing.T) (*fx, *aftersales.Request) { return paused(t) }},
		setup{"escalated", func(t *testing.T) (*fx, *aftersales.Request) {
			f, r := inStatus(t, aftersales.StatusInProgress)
			r, err := f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "缺材料", Actor: projStaff})
			require.NoError(t, err)
			return f, r
		}},
	)
	actors := []aftersales.Actor{staff, head, specialist, projStaff, procStaff, customer, stranger}
	offered := 0
	for _, s := range setups {
		for _, a := range actors {
			t.Run(s.name+"/"+a.ID, func(t *testing.T) {
				f, r := s.build(t)
				offers, err := f.svc.Actions(f.ctx, r, a)
				require.NoError(t, err)
				for _, o := range everyOffer(r) {
					g, fresh := s.build(t)
					err := runAction(g, fresh.ID, o, a)
					if contains(offers, o) {
						offered++
						require.NoError(t, err, "offered %+v to %s but refused", o, a.ID)
					} else {
						require.Error(t, err, "not offered %+v to %s but accepted", o, a.ID)
					}
				}
			})
		}
	}
	require.Greater(t, offered, 50, "the walk takes many steps")
}

func contains(offers []aftersales.Offer, o aftersales.Offer) bool {
	for _, x := range offers {
		if x == o {
			return true
		}
	}
	return false
}
