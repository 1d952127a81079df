package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// forwarded returns a request forwarded to the project department on
// Monday 2026-11-02 at 09:00.
func forwarded(t *testing.T) (*fx, *aftersales.Request) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), false)
	return f, f.forward(r.ID, time.Time{})
}

func TestP3_1_PlanWithinTwoWorkdaysOfReceipt(t *testing.T) {
	f, r := forwarded(t)
	d := deadline(t, r, aftersales.ClauseP3_1, projDept, 0)
	require.Equal(t, at(2026, 11, 5, 0, 0), d.Due, "11-03 and 11-04")
	require.Equal(t, "forwarded", d.Event)

	f.now = at(2026, 11, 3, 16, 0)
	r = f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP3_1, projDept, 0).State(f.now))
	p, _ := r.Part(projDept)
	require.Equal(t, "周工", p.Plan.Owner)
	require.Equal(t, aftersales.Simple, p.Complexity)
	require.Equal(t, staff.ID, p.ClassifiedBy)

	_, err := f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: projDept, Actor: staff,
		Plan: aftersales.Plan{Measures: "再来", Owner: "x", ScheduledAt: f.now, Complexity: aftersales.Simple}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "already_planned"})
}

func TestP3_1_PlanMustNameMeasuresTimeAndOwner(t *testing.T) {
	f, r := forwarded(t)
	good := aftersales.Plan{Measures: "修补", ScheduledAt: at(2026, 11, 3, 9, 0), Owner: "周工", Complexity: aftersales.Simple}
	for code, mutate := range map[string]func(*aftersales.Plan){
		"measures_required":     func(p *aftersales.Plan) { p.Measures = "  " },
		"owner_required":        func(p *aftersales.Plan) { p.Owner = "" },
		"scheduled_at_required": func(p *aftersales.Plan) { p.ScheduledAt = time.Time{} },
		"complexity_invalid":    func(p *aftersales.Plan) { p.Complexity = "medium" },
	} {
		p := good
		mutate(&p)
		_, err := f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: projDept, Plan: p, Actor: projStaff})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
		f.requireUnchanged(r)
	}
}

func TestP3_2_SimpleFiveAndComplexTenWorkdays(t *testing.T) {
	// Received by the department on Monday 11-02: simple due before 11-10
	// 00:00 (11-03..06, 11-09), complex before 11-17 00:00.
	for c, want := range map[aftersales.Complexity]time.Time{
		aftersales.Simple:  at(2026, 11, 10, 0, 0),
		aftersales.Complex: at(2026, 11, 17, 0, 0),
	} {
		f, r := forwarded(t)
		r = f.plan(r.ID, projDept, c, time.Time{})
		d := deadline(t, r, aftersales.ClauseP3_2, projDept, 0)
		require.Equal(t, want, d.Due, c)
		require.Equal(t, at(2026, 11, 2, 9, 0), d.From)

		f.now = want.Add(-time.Minute)
		r = f.complete(r.ID, projDept, time.Time{})
		require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP3_2, projDept, 0).State(f.now))
		require.Equal(t, aftersales.StatusAwaitingAcceptance, r.Status)
	}
}

func TestP3_2_CompletionAfterDeadlineIsMissed(t *testing.T) {
	f, r := forwarded(t)
	f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	f.now = at(2026, 11, 10, 0, 0) // exactly 24:00 of the 5th working day: late
	r = f.complete(r.ID, projDept, time.Time{})
	require.Equal(t, aftersales.DeadlineMissed, deadline(t, r, aftersales.ClauseP3_2, projDept, 0).State(f.now))
}

func TestP3_2_ReclassificationRecomputesTheDeadline(t *testing.T) {
	f, r := forwarded(t)
	r = f.plan(r.ID, projDept, aftersales.Simple, time.Time{})

	// Only the after-sales head (or the general manager) reclassifies.
	_, err := f.svc.Reclassify(f.ctx, r.ID, aftersales.ReclassifyCommand{Department: projDept, Complexity: aftersales.Complex, Reason: "需拆改管线", Actor: projStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "reclassify_forbidden"})
	f.requireUnchanged(r)

	f.now = at(2026, 11, 6, 10, 0)
	r, err = f.svc.Reclassify(f.ctx, r.ID, aftersales.ReclassifyCommand{Department: projDept, Complexity: aftersales.Complex, Reason: "需拆改管线", Actor: head})
	require.NoError(t, err)
	d := deadline(t, r, aftersales.ClauseP3_2, projDept, 0)
	require.Equal(t, at(2026, 11, 17, 0, 0), d.Due, "simple → complex: 10 working days from the same receipt")
	require.Equal(t, at(2026, 11, 2, 9, 0), d.From)
	cancelled := 0
	for _, x := range r.Deadlines {
		if x.Clause == aftersales.ClauseP3_2 && x.Cancelled {
			cancelled++
			require.Equal(t, aftersales.DeadlineCancelled, x.State(f.now))
		}
	}
	require.Equal(t, 1, cancelled, "the superseded deadline stays in the record, cancelled")
	p, _ := r.Part(projDept)
	require.Equal(t, head.ID, p.ClassifiedBy)

	// Complex → simple after the simple deadline passed: missed at once.
	f.now = at(2026, 11, 12, 10, 0)
	r, err = f.svc.Reclassify(f.ctx, r.ID, aftersales.ReclassifyCommand{Department: projDept, Complexity: aftersales.Simple, Reason: "复核后属简单问题", Actor: head})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMissed, deadline(t, r, aftersales.ClauseP3_2, projDept, 0).State(f.now))

	_, err = f.svc.Reclassify(f.ctx, r.ID, aftersales.ReclassifyCommand{Department: projDept, Complexity: aftersales.Simple, Reason: "x", Actor: head})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "complexity_unchanged"})
	_, err = f.svc.Reclassify(f.ctx, r.ID, aftersales.ReclassifyCommand{Department: projDept, Complexity: aftersales.Complex, Actor: head})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "reason_required"})
}

func TestP3_3_EscalationToAfterSalesDepartment(t *testing.T) {
	f, r := forwarded(t)
	r, err := f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "需设计部出具变更方案", Actor: projStaff})
	require.NoError(t, err)
	p, _ := r.Part(projDept)
	require.True(t, p.Escalated)
	require.Len(t, r.Escalations, 1)
	require.Equal(t, "需设计部出具变更方案", r.Escalations[0].Reason)
	require.Equal(t, projStaff.ID, r.Escalations[0].By)

	// The after-sales department coordinates: it may bring in another
	// department (P2.2).
	r, err = f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Departments: []string{aftersales.DeptDesign}, Actor: head})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeptAfterSales, r.Coordinator)

	// A second report while the first waits for coordination is refused.
	_, err = f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "再次上报", Actor: projStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "escalation_pending"})
	_, err = f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: aftersales.DeptDesign, Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "reason_required"})
	_, err = f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "x", Actor: procStaff})
	require.ErrorIs(t, err, aftersales.ErrForbidden)
}

func TestG4_DepartmentsActOnlyOnTheirOwnPart(t *testing.T) {
	f, r := forwarded(t)
	plan := aftersales.Plan{Measures: "修补", ScheduledAt: at(2026, 11, 3, 9, 0), Owner: "吴", Complexity: aftersales.Simple}
	_, err := f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: projDept, Plan: plan, Actor: procStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "department_forbidden"})
	_, err = f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: projDept, Plan: plan, Actor: customer})
	require.ErrorIs(t, err, aftersales.ErrForbidden)
	_, err = f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: aftersales.DeptDesign, Plan: plan, Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "part_unknown"})
	_, err = f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Departments: []string{"x"}, Actor: customer})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "forward_forbidden"})
	_, err = f.svc.Complete(f.ctx, r.ID, aftersales.CompleteCommand{Department: projDept, Result: "x", Actor: projStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_planned"})
	f.requireUnchanged(r)

	_, err = f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: projDept, Plan: plan, Actor: projStaff})
	require.NoError(t, err)
}
