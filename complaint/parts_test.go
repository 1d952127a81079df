package complaint_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// Departments of the tests in this file.
const (
	ptSite   = "项目一部"
	ptDesign = "设计部"
	ptBuy    = "物资采购部"
)

var (
	ptDesigner = aftersales.Actor{ID: "u-design", Role: aftersales.RoleDepartmentStaff, DepartmentID: ptDesign}
	ptBuyer    = aftersales.Actor{ID: "u-buy", Role: aftersales.RoleDepartmentStaff, DepartmentID: ptBuy}
)

// ptDeadlines returns c's deadlines of clause for dept, in order.
func ptDeadlines(c *complaint.Complaint, clause aftersales.Clause, dept string) []aftersales.Deadline {
	var out []aftersales.Deadline
	for _, d := range c.Deadlines {
		if d.Clause == clause && d.Department == dept {
			out = append(out, d)
		}
	}
	return out
}

func ptPlan(findings string) complaint.Plan {
	return complaint.Plan{Findings: findings, Measures: "返工并致歉", Owner: "责任人"}
}

// requireReplays checks that c is the replay of its stored history.
func (f *cf) requireReplays(c *complaint.Complaint) {
	f.t.Helper()
	h, err := f.svc.History(f.ctx, c.ID)
	require.NoError(f.t, err)
	r, err := complaint.Replay(h)
	require.NoError(f.t, err)
	require.Equal(f.t, c, r)
}

// requireRefusedUnchanged checks that err is the domain error kind/code and
// that c is still what is stored, with its history.
func (f *cf) requireRefusedUnchanged(c *complaint.Complaint, err error, kind aftersales.ErrorKind, code string) {
	f.t.Helper()
	require.ErrorIs(f.t, err, &aftersales.Error{Kind: kind, Code: code}, "%v", err)
	var de *aftersales.Error
	require.ErrorAs(f.t, err, &de)
	require.NotEmpty(f.t, de.Message)
	stored, gerr := f.svc.Get(f.ctx, c.ID)
	require.NoError(f.t, gerr)
	require.Equal(f.t, c, stored, "nothing written")
	h, herr := f.svc.History(f.ctx, c.ID)
	require.NoError(f.t, herr)
	require.Len(f.t, h, c.Version)
}

func TestC2_1_SeveralDepartments(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{ptSite, ptDesign}, Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusInvestigating, c.Status)
	require.Equal(t, []string{ptSite, ptDesign}, c.Departments())
	require.Equal(t, f.now, c.Parts[1].ForwardedAt)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC2_1, "", 0).State(f.now))
	for _, dept := range []string{ptSite, ptDesign} {
		ds := ptDeadlines(c, complaint.ClauseC3_1, dept)
		require.Len(t, ds, 1, "each department has its own C3.1 clock")
		require.Equal(t, cst(2026, 11, 6, 0, 0), ds[0].Due)
	}
	// C4.1 is one clock of the complaint, owned by the after-sales
	// department that coordinates several departments (P2.2 by analogy).
	res := ptDeadlines(c, complaint.ClauseC4_1, "")
	require.Len(t, res, 1)
	require.Equal(t, cst(2026, 11, 12, 0, 0), res[0].Due)

	// Either department sees it as its own.
	got, err := f.svc.List(f.ctx, complaint.Query{Department: ptDesign})
	require.NoError(t, err)
	require.Len(t, got, 1)
	f.requireReplays(c)

	// The same department twice in one forwarding, or no department, is
	// refused and writes nothing.
	c2 := f.register(cst(2026, 11, 2, 9, 30), false)
	_, err = f.svc.Forward(f.ctx, c2.ID, complaint.ForwardCommand{Department: ptSite, Departments: []string{ptSite}, Actor: asStaff})
	f.requireRefusedUnchanged(c2, err, aftersales.KindInvalid, "department_duplicate")
	_, err = f.svc.Forward(f.ctx, c2.ID, complaint.ForwardCommand{Departments: []string{" "}, Actor: asStaff})
	f.requireRefusedUnchanged(c2, err, aftersales.KindInvalid, "department_required")
	_, err = f.svc.Forward(f.ctx, c2.ID, complaint.ForwardCommand{Actor: asStaff})
	f.requireRefusedUnchanged(c2, err, aftersales.KindInvalid, "department_required")
	many := make([]string, 21)
	for i := range many {
		many[i] = string(rune('A' + i))
	}
	_, err = f.svc.Forward(f.ctx, c2.ID, complaint.ForwardCommand{Departments: many, Actor: asStaff})
	f.requireRefusedUnchanged(c2, err, aftersales.KindInvalid, "departments_too_many")
}

func TestC2_1_ForwardingAgainAddsDepartments(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: ptSite, Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, ptSite, dl(t, c, complaint.ClauseC4_1, "", 0).Department, "one department owns the result clock")

	f.now = cst(2026, 11, 4, 15, 0)
	c, err = f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{ptDesign, ptBuy}, Actor: asHead})
	require.NoError(t, err)
	require.Equal(t, []string{ptSite, ptDesign, ptBuy}, c.Departments())
	require.Equal(t, cst(2026, 11, 2, 10, 0), *c.ForwardedAt, "the first forwarding stays the complaint's")
	for _, dept := range []string{ptDesign, ptBuy} {
		ds := ptDeadlines(c, complaint.ClauseC3_1, dept)
		require.Len(t, ds, 1)
		require.Equal(t, f.now, ds[0].From, "C3.1 runs from the department's own forwarding")
		require.Equal(t, cst(2026, 11, 10, 0, 0), ds[0].Due, "11-05, 06, 09")
	}
	var results int
	for _, d := range c.Deadlines {
		if d.Clause == complaint.ClauseC4_1 {
			results++
		}
	}
	require.Equal(t, 1, results, "forwarding again does not restart C4.1")
	require.Len(t, ptDeadlines(c, complaint.ClauseC2_1, ""), 1)
	f.requireReplays(c)

	// A department that already has its part is refused.
	_, err = f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{ptDesign}, Actor: asStaff})
	f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, "department_duplicate")
	// Department staff do not forward.
	_, err = f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{"安装部"}, Actor: site})
	f.requireRefusedUnchanged(c, err, aftersales.KindForbidden, "forward_forbidden")
	// Nor before the first forwarding.
	_, err = f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{"安装部"}, At: cst(2026, 11, 2, 9, 30), Actor: asStaff})
	f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, "time_before_previous_step")

	// Once answered, the customer is asked, not another department.
	for _, a := range []aftersales.Actor{site, ptDesigner, ptBuyer} {
		c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: a, Plan: ptPlan("核实")})
		require.NoError(t, err)
	}
	c, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已处理", Actor: asStaff})
	require.NoError(t, err)
	_, err = f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{"安装部"}, Actor: asStaff})
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "not_allowed_in_status")

	// Escalated, the level above may bring in another department.
	c, err = f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "不满意", Actor: owner})
	require.NoError(t, err)
	c, err = f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{"安装部"}, Actor: asHead})
	require.NoError(t, err)
	require.Len(t, c.Parts, 4)
	_, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "部长答复", Actor: asHead})
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "not_investigated")
	f.requireReplays(c)
}

func TestC3_1_EachDepartmentWithinThreeWorkdaysOfItsOwnForwarding(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{ptSite, ptDesign}, Actor: asStaff})
	require.NoError(t, err)

	// The site department plans its own part on time; the design
	// department's clock keeps running.
	f.now = cst(2026, 11, 5, 16, 0)
	c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: ptPlan("工单积压")})
	require.NoError(t, err)
	site1, _ := c.Part(ptSite)
	require.NotNil(t, site1.Plan)
	require.Equal(t, aftersales.DeadlineMet, ptDeadlines(c, complaint.ClauseC3_1, ptSite)[0].State(f.now))
	require.Equal(t, aftersales.DeadlineOpen, ptDeadlines(c, complaint.ClauseC3_1, ptDesign)[0].State(f.now))
	require.False(t, c.Planned())

	// A department plans its own part only, and once.
	_, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Department: ptDesign, Actor: site, Plan: ptPlan("x")})
	f.requireRefusedUnchanged(c, err, aftersales.KindForbidden, "department_forbidden")
	_, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: ptPlan("x")})
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "already_planned")
	// The after-sales department records for a department, but must say
	// which when there are several.
	_, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: asStaff, Plan: ptPlan("x")})
	f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, "department_required")
	_, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Department: ptBuy, Actor: asStaff, Plan: ptPlan("x")})
	f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, "department_not_forwarded")

	// No result before every department has investigated (C3.1 before
	// C4.1); the refusal names the one missing.
	_, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已处理", Actor: site})
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "not_investigated")
	require.Contains(t, err.Error(), ptDesign)

	// The design department is late: its own clock is missed, the site
	// department's stays met.
	f.now = cst(2026, 11, 6, 9, 0)
	c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Department: ptDesign, Actor: asStaff, Plan: ptPlan("节点设计缺陷")})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMissed, ptDeadlines(c, complaint.ClauseC3_1, ptDesign)[0].State(f.now))
	require.Equal(t, aftersales.DeadlineMet, ptDeadlines(c, complaint.ClauseC3_1, ptSite)[0].State(f.now))
	require.True(t, c.Planned())

	// The result follows the last plan.
	_, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "x", At: cst(2026, 11, 5, 17, 0), Actor: ptDesigner})
	f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, "time_before_previous_step")
	c, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "两部门共同返工", Actor: ptDesigner})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC4_1, "", 0).State(f.now))
	f.requireReplays(c)
}

// ptOrg is an Organisation of fixed departments.
type ptOrg map[string]aftersales.Department

func (o ptOrg) Department(_ context.Context, id string) (aftersales.Department, error) {
	d, ok := o[id]
	if !ok {
		return aftersales.Department{}, aftersales.Errorf(aftersales.KindNotFound, "department_not_found", "部门 %s 不存在", id)
	}
	return d, nil
}

func (o ptOrg) DepartmentsOfKind(context.Context, aftersales.DepartmentKind) ([]aftersales.Department, error) {
	return nil, nil
}

func (o ptOrg) Person(_ context.Context, id string) (aftersales.Actor, error) {
	return aftersales.Actor{}, aftersales.Errorf(aftersales.KindNotFound, "person_not_found", "人员 %s 不存在", id)
}

func TestC2_1_ForwardOnlyToADepartmentThatWorks(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	org := ptOrg{ptSite: {ID: ptSite, Name: "项目一部"}, ptDesign: {ID: ptDesign, Name: "设计部", Closed: true}}
	svc, err := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Organisation: org,
		Clock: aftersales.ClockFunc(func() time.Time { return f.now })})
	require.NoError(t, err)
	f.svc = svc
	c := f.register(cst(2026, 11, 2, 9, 0), false)

	_, err = svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{ptSite, "工程部"}, Actor: asStaff})
	f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, "department_unknown")
	require.Contains(t, err.Error(), "工程部")
	_, err = svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{ptDesign}, Actor: asStaff})
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "department_closed")
	require.Contains(t, err.Error(), "设计部")

	c, err = svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{ptSite}, Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, []string{ptSite}, c.Departments())

	// Without an Organisation the Service trusts the IDs it is given.
	g := newCf(t, f.now)
	c2 := g.register(cst(2026, 11, 2, 9, 0), false)
	_, err = g.svc.Forward(g.ctx, c2.ID, complaint.ForwardCommand{Departments: []string{"工程部"}, Actor: asStaff})
	require.NoError(t, err)
}

// An older store holds complaints recorded before a complaint could go to
// several departments: the history's forwarding names one "department",
// its plan names none, and the record has "department" and "plan". Both
// are read as the same complaint with one part, and it goes on from there.
func TestC2_1_SingleDepartmentHistoryReplaysAsBefore(t *testing.T) {
	var h []complaint.Event
	b, err := os.ReadFile("testdata/single_department_history.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &h))
	require.Empty(t, h[1].Departments, "the forwarding is in the old shape")
	require.Equal(t, ptSite, h[1].Department)
	require.Empty(t, h[2].Department, "the plan is in the old shape")

	c, err := complaint.Replay(h)
	require.NoError(t, err)
	require.Len(t, c.Parts, 1)
	p := c.Parts[0]
	require.Equal(t, ptSite, p.Department)
	require.Equal(t, *c.ForwardedAt, p.ForwardedAt)
	require.NotNil(t, p.Plan)
	require.Equal(t, "工单积压", p.Plan.Findings)
	require.True(t, c.Planned())
	require.Equal(t, aftersales.DeadlineMet, ptDeadlines(c, complaint.ClauseC3_1, ptSite)[0].State(c.UpdatedAt))

	var stored complaint.Complaint
	b, err = os.ReadFile("testdata/single_department_record.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &stored))
	require.Equal(t, normalizedJSON(t, c), normalizedJSON(t, &stored), "the stored record reads as its replay")

	// The record written back is in the new shape and reads the same.
	out, err := json.Marshal(&stored)
	require.NoError(t, err)
	var keys map[string]json.RawMessage
	require.NoError(t, json.Unmarshal(out, &keys))
	require.Contains(t, keys, "parts")
	require.NotContains(t, keys, "department")
	require.NotContains(t, keys, "plan")
	var again complaint.Complaint
	require.NoError(t, json.Unmarshal(out, &again))
	require.Equal(t, normalizedJSON(t, &stored), normalizedJSON(t, &again))

	// Loaded into a store, the complaint goes on: the level above answers,
	// a pause and a resume work on it.
	f := newCf(t, cst(2026, 11, 5, 10, 0))
	store := complaint.NewMemStore()
	require.NoError(t, store.Save(f.ctx, c, h))
	svc, err := complaint.NewService(complaint.Config{Store: store, Clock: aftersales.ClockFunc(func() time.Time { return f.now })})
	require.NoError(t, err)
	f.svc = svc
	paused, err := svc.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户外出", Actor: asHead})
	require.NoError(t, err)
	require.NotEmpty(t, paused.Pauses)
	require.Nil(t, paused.Pauses[len(paused.Pauses)-1].ResumedAt, "the pause is open")
	f.now = cst(2026, 11, 6, 10, 0)
	resumed, err := svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asHead})
	require.NoError(t, err)
	require.NotNil(t, resumed.Pauses[len(resumed.Pauses)-1].ResumedAt, "the pause is over")
	next, err := svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "部长督办", Actor: asHead})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusAnswered, next.Status)
	f.requireReplays(next)
}

// normalizedJSON is v as JSON decoded into generic values, so that
// records compare by content whatever their times' locations.
func normalizedJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}
