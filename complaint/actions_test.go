package complaint_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// cxTry runs the well-formed command of offer o by a on c, and reports
// whether the Service accepted it.
func cxTry(f *cxFx, c *complaint.Complaint, o complaint.Offer, a aftersales.Actor) bool {
	svc, ctx, id := f.svc, f.ctx, c.ID
	step := complaint.StepCommand{Text: "内容", Actor: a, Version: c.Version}
	var err error
	switch o.Action {
	case complaint.ActionDeclareMajor:
		_, err = svc.DeclareMajor(ctx, id, complaint.DeclareMajorCommand{Criteria: []string{"group"}, Actor: a, Version: c.Version})
	case complaint.ActionEmergency:
		_, err = svc.StartEmergency(ctx, id, step)
	case complaint.ActionMajorFeedback:
		_, err = svc.GiveMajorFeedback(ctx, id, step)
	case complaint.ActionForward:
		_, err = svc.Forward(ctx, id, complaint.ForwardCommand{Departments: []string{"安装部"}, Actor: a, Version: c.Version})
	case complaint.ActionPlan:
		_, err = svc.Plan(ctx, id, complaint.PlanCommand{Department: o.Department, Actor: a, Version: c.Version,
			Plan: complaint.Plan{Findings: "核实", Measures: "返工", Owner: "周工"}})
	case complaint.ActionStatement:
		_, err = svc.RecordStatement(ctx, id, step)
	case complaint.ActionThirdParty:
		_, err = svc.CommissionThirdParty(ctx, id, complaint.ThirdPartyCommand{Agency: "检测中心", Scope: "渗漏", Actor: a, Version: c.Version})
	case complaint.ActionThirdPartyReport:
		_, err = svc.RecordThirdPartyReport(ctx, id, complaint.ThirdPartyReportCommand{ReportRef: "R-1", Conclusion: "施工缺陷", Actor: a, Version: c.Version})
	case complaint.ActionAnswer:
		_, err = svc.Answer(ctx, id, step)
	case complaint.ActionSatisfied:
		_, err = svc.Satisfied(ctx, id, step)
	case complaint.ActionNotSatisfied:
		_, err = svc.NotSatisfied(ctx, id, step)
	case complaint.ActionPause:
		_, err = svc.Pause(ctx, id, aftersales.PauseCommand{Reason: aftersales.PauseCustomerAsked, Note: "客户要求暂缓", Actor: a, Version: c.Version})
	case complaint.ActionResume:
		_, err = svc.Resume(ctx, id, aftersales.ResumeCommand{Actor: a, Version: c.Version})
	case complaint.ActionWithdraw:
		_, err = svc.Withdraw(ctx, id, step)
	default:
		panic(o.Action)
	}
	return err == nil
}

// TestActionsAreWhatTheRulesAccept checks, in every row of the matrix and
// for every kind of actor, that Service.Actions offers exactly the steps
// whose well-formed command the Service then accepts: the desk's forms come
// from the library's rules, not from a copy of them.
func TestActionsAreWhatTheRulesAccept(t *testing.T) {
	actors := []aftersales.Actor{cxStaff, cxHead, cxGM, cxDeptStaff, cxCustomer,
		{ID: "u-design", Role: aftersales.RoleDepartmentStaff, DepartmentID: cxOtherDept},
		{ID: "c-999", Role: aftersales.RoleCustomer}}
	for variant := range cxWant {
		for row := range cxRowStatus {
			for _, a := range actors {
				t.Run(variant+"/"+row+"/"+a.ID, func(t *testing.T) {
					f0, c := cxInStatus(t, row, variant == "major")
					offers := f0.svc.Actions(c, a)
					offered := map[complaint.Offer]bool{}
					for _, o := range offers {
						require.False(t, offered[o], "offered twice: %+v", o)
						offered[o] = true
						require.NotEmpty(t, o.Action.Label())
					}
					candidates := []complaint.Offer{}
					for _, act := range []complaint.Action{complaint.ActionDeclareMajor, complaint.ActionEmergency,
						complaint.ActionMajorFeedback, complaint.ActionForward, complaint.ActionStatement, complaint.ActionThirdParty,
						complaint.ActionThirdPartyReport, complaint.ActionAnswer, complaint.ActionSatisfied, complaint.ActionNotSatisfied,
						complaint.ActionPause, complaint.ActionResume, complaint.ActionWithdraw} {
						candidates = append(candidates, complaint.Offer{Action: act})
					}
					for _, p := range c.Parts {
						candidates = append(candidates, complaint.Offer{Action: complaint.ActionPlan, Department: p.Department})
					}
					for _, o := range candidates {
						f, fresh := cxInStatus(t, row, variant == "major")
						require.Equal(t, offered[o], cxTry(f, fresh, o, a), "%+v", o)
					}
				})
			}
		}
	}
}
