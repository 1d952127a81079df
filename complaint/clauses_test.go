package complaint_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// cf is the clause tests' fixture: a Service over a MemStore and a clock.
type cf struct {
	t   *testing.T
	ctx context.Context
	now time.Time
	svc *complaint.Service
	n   int
}

var (
	asStaff = aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	asHead  = aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	gm      = aftersales.Actor{ID: "u-gm", Role: aftersales.RoleGeneralManager}
	site    = aftersales.Actor{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	owner   = aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}
	other   = aftersales.Actor{ID: "c-2", Role: aftersales.RoleCustomer}
)

func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.CST())
}

func newCf(t *testing.T, now time.Time) *cf {
	f := &cf{t: t, ctx: context.Background(), now: now}
	svc, err := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return f.now }),
		NewID: func() string { f.n++; return fmt.Sprintf("TS-%04d", f.n) }})
	require.NoError(t, err)
	f.svc = svc
	return f
}

func (f *cf) register(received time.Time, major bool) *complaint.Complaint {
	f.t.Helper()
	cmd := complaint.RegisterCommand{Actor: asStaff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: owner.ID, Name: "张先生", Phone: "13800000000"}, ProjectID: "P-001",
		RequestID: "AS-0001", Type: complaint.TypeDelay, Cause: aftersales.CauseConstruction,
		Description: "报修一周无人上门", Channel: aftersales.ChannelPhone, ReceivedAt: received}}
	if major {
		cmd.Major, cmd.Criteria, cmd.Actor = true, []string{"safety"}, asHead
	}
	c, err := f.svc.Register(f.ctx, cmd)
	require.NoError(f.t, err)
	return c
}

func (f *cf) investigated(received time.Time) *complaint.Complaint {
	f.t.Helper()
	c := f.register(received, false)
	_, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(f.t, err)
	c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{
		Findings: "维修工单积压", Measures: "次日上门维修并致歉", Owner: "周工"}})
	require.NoError(f.t, err)
	return c
}

func dl(t *testing.T, c *complaint.Complaint, clause aftersales.Clause, event string, round int) aftersales.Deadline {
	t.Helper()
	for _, d := range c.Deadlines {
		if d.Clause == clause && (event == "" || d.Event == event) && d.Round == round {
			return d
		}
	}
	t.Fatalf("no %s %s round %d in %+v", clause, event, round, c.Deadlines)
	return aftersales.Deadline{}
}

func TestC1_ReceivedByAfterSalesOrTheGeneralManager(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	require.Equal(t, complaint.ToAfterSales, c.ReceivedBy)
	byGM, err := f.svc.Register(f.ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
		Complainant: aftersales.Customer{Name: "张先生"}, Type: complaint.TypeService, Description: "维修人员态度恶劣", Channel: aftersales.ChannelWeChat, ReceivedAt: cst(2026, 11, 2, 9, 30)}})
	require.NoError(t, err)
	require.Equal(t, complaint.ToGeneralManager, byGM.ReceivedBy)
	_, err = f.svc.Register(f.ctx, complaint.RegisterCommand{Actor: site, Registration: complaint.Registration{
		Type: complaint.TypeService, Description: "x", Channel: aftersales.ChannelWeChat, ReceivedAt: cst(2026, 11, 2, 9, 30)}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "register_forbidden"})
}

func TestC2_1_ForwardWithinOneWorkday(t *testing.T) {
	f := newCf(t, cst(2026, 9, 30, 18, 0))
	c := f.register(cst(2026, 9, 30, 17, 0), false)
	d := dl(t, c, complaint.ClauseC2_1, "", 0)
	require.Equal(t, cst(2026, 10, 9, 0, 0), d.Due, "National Day: the one working day is 10-08")
	f.now = cst(2026, 10, 8, 9, 0)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusInvestigating, c.Status)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC2_1, "", 0).State(f.now))
	require.Equal(t, []string{"项目一部"}, c.Departments())
}

func TestC2_2_MajorComplaintEmergencyAndFeedback(t *testing.T) {
	f := newCf(t, cst(2026, 11, 6, 20, 0)) // a Friday evening
	c := f.register(cst(2026, 11, 6, 19, 0), true)
	require.NotNil(t, c.Major)
	require.Equal(t, []string{"safety"}, c.Major.Criteria)
	require.Equal(t, asHead.ID, c.Major.DeclaredBy)
	emergency := dl(t, c, complaint.ClauseC2_2, "declared_major", 0)
	require.Equal(t, cst(2026, 11, 6, 21, 0), emergency.Due, "2 clock hours, through the night")
	feedback := dl(t, c, complaint.ClauseC2_2, "declared_major_feedback", 0)
	require.Equal(t, cst(2026, 11, 11, 0, 0), feedback.Due, "2 working days: 11-09 and 11-10")

	f.now = cst(2026, 11, 6, 20, 30)
	c, err := f.svc.StartEmergency(f.ctx, c.ID, complaint.StepCommand{Text: "启动结构安全应急预案，疏散住户", Actor: asHead})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC2_2, "declared_major", 0).State(f.now))
	require.Equal(t, aftersales.DeadlineOpen, dl(t, c, complaint.ClauseC2_2, "declared_major_feedback", 0).State(f.now))
	f.now = cst(2026, 11, 9, 10, 0)
	c, err = f.svc.GiveMajorFeedback(f.ctx, c.ID, complaint.StepCommand{Text: "已加固，正在检测", Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC2_2, "declared_major_feedback", 0).State(f.now))
}

func TestC2_2_WhoDeclaresAndOnWhatCriteria(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	_, err := f.svc.DeclareMajor(f.ctx, c.ID, complaint.DeclareMajorCommand{Criteria: []string{"media"}, Actor: asStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "declare_major_forbidden"})
	_, err = f.svc.DeclareMajor(f.ctx, c.ID, complaint.DeclareMajorCommand{Actor: gm})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "criteria_required"})
	_, err = f.svc.DeclareMajor(f.ctx, c.ID, complaint.DeclareMajorCommand{Criteria: []string{"weather"}, Actor: gm})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "criterion_unknown"})
	_, err = f.svc.StartEmergency(f.ctx, c.ID, complaint.StepCommand{Text: "x", Actor: gm})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_major"})
	c, err = f.svc.DeclareMajor(f.ctx, c.ID, complaint.DeclareMajorCommand{Criteria: []string{"media", "group"}, Note: "业主群发帖", Actor: gm})
	require.NoError(t, err)
	require.Equal(t, "业主群发帖", c.Major.Note)

	// A company may document its own criteria and declarers.
	p := complaint.DefaultPolicy()
	p.MajorCriteria = []complaint.Criterion{{ID: "vip", Label: "重点客户"}}
	p.MajorDeclarers = []aftersales.Role{aftersales.RoleAfterSalesStaff}
	svc, err := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Policy: &p,
		Clock: aftersales.ClockFunc(func() time.Time { return f.now })})
	require.NoError(t, err)
	c2, err := svc.Register(f.ctx, complaint.RegisterCommand{Major: true, Criteria: []string{"vip"}, Actor: asStaff,
		Registration: complaint.Registration{Complainant: aftersales.Customer{Name: "张先生"}, Type: complaint.TypeQuality, Description: "x", Channel: aftersales.ChannelPhone, ReceivedAt: f.now}})
	require.NoError(t, err)
	require.NotNil(t, c2.Major)
}

func TestC3_1_InvestigateWithAPlanWithinThreeWorkdays(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, cst(2026, 11, 6, 0, 0), dl(t, c, complaint.ClauseC3_1, "", 0).Due, "11-03, 04, 05")
	require.Equal(t, cst(2026, 11, 12, 0, 0), dl(t, c, complaint.ClauseC4_1, "", 0).Due, "7 working days: 11-03..11-11")

	_, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: aftersales.Actor{ID: "u-x", Role: aftersales.RoleDepartmentStaff, DepartmentID: "设计部"},
		Plan: complaint.Plan{Findings: "x", Measures: "x", Owner: "x"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "level_forbidden"})
	_, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{Measures: "x", Owner: "x"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "findings_required"})

	f.now = cst(2026, 11, 5, 17, 0)
	c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{Findings: "工单积压", Measures: "上门维修", Owner: "周工"}})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC3_1, "", 0).State(f.now))
}

func TestC3_2_CustomerStatementsAreRecorded(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.investigated(cst(2026, 11, 2, 9, 0))
	c, err := f.svc.RecordStatement(f.ctx, c.ID, complaint.StepCommand{Text: "希望固定上门时间", Actor: site})
	require.NoError(t, err)
	c, err = f.svc.RecordStatement(f.ctx, c.ID, complaint.StepCommand{Text: "要求书面道歉", Actor: owner})
	require.NoError(t, err)
	require.Len(t, c.Statements, 2)
	require.Equal(t, owner.ID, c.Statements[1].By)
	_, err = f.svc.RecordStatement(f.ctx, c.ID, complaint.StepCommand{Text: "冒充", Actor: other})
	require.ErrorIs(t, err, aftersales.ErrForbidden)
}

func TestC3_3_ThirdPartyInvestigation(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.investigated(cst(2026, 11, 2, 9, 0))
	_, err := f.svc.RecordThirdPartyReport(f.ctx, c.ID, complaint.ThirdPartyReportCommand{ReportRef: "r.pdf", Conclusion: "x", Actor: site})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "no_third_party"})
	c, err = f.svc.CommissionThirdParty(f.ctx, c.ID, complaint.ThirdPartyCommand{Agency: "市建设工程质量检测中心", Scope: "外墙渗漏原因", Actor: site})
	require.NoError(t, err)
	f.now = cst(2026, 11, 4, 10, 0)
	c, err = f.svc.RecordThirdPartyReport(f.ctx, c.ID, complaint.ThirdPartyReportCommand{ReportRef: "JC-2026-118.pdf", Conclusion: "施工缺陷", Actor: site})
	require.NoError(t, err)
	require.Equal(t, "市建设工程质量检测中心", c.ThirdParty.Agency)
	require.Equal(t, "施工缺陷", c.ThirdParty.Conclusion)
	require.Equal(t, f.now, *c.ThirdParty.ReportedAt)
}

func TestC4_1_ResultWithinSevenWorkdaysAndNotBeforeInvestigation(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(t, err)
	_, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已处理", Actor: site})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_investigated"})
	after, _ := f.svc.Get(f.ctx, c.ID)
	require.Equal(t, c, after, "nothing written")

	_, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{Findings: "x", Measures: "y", Owner: "z"}})
	require.NoError(t, err)
	f.now = cst(2026, 11, 12, 0, 0) // 24:00 of 11-11: late
	c, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已上门维修并道歉", Actor: site})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusAnswered, c.Status)
	require.Equal(t, aftersales.DeadlineMissed, dl(t, c, complaint.ClauseC4_1, "", 0).State(f.now))
}

func TestC4_2_EscalationUpTheChainUntilSatisfied(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.investigated(cst(2026, 11, 2, 9, 0))
	c, err := f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已维修", Actor: site})
	require.NoError(t, err)

	// Not satisfied: one level up, with the C4.1 clock restarted for it.
	f.now = cst(2026, 11, 3, 10, 0)
	c, err = f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "仍然渗水", Actor: owner})
	require.NoError(t, err)
	require.Equal(t, 1, c.Level)
	require.Equal(t, complaint.StatusInvestigating, c.Status)
	d := dl(t, c, complaint.ClauseC4_1, "escalated", 1)
	require.Equal(t, "after_sales_head", d.Department)
	require.Equal(t, cst(2026, 11, 13, 0, 0), d.Due, "7 working days from the escalation")
	_, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "x", Actor: site})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "level_forbidden"}, "the department no longer owns it")
	c, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "部长督办，重做防水", Actor: asHead})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC4_1, "escalated", 1).State(f.now))

	// Up to the general manager, then past the top: open and flagged.
	c, err = f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "要求赔偿", Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, 2, c.Level)
	c, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "总经理约谈，提出补偿方案", Actor: gm})
	require.NoError(t, err)
	c, err = f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "补偿不足", Actor: owner})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusUnresolved, c.Status)
	require.True(t, c.Flagged)
	require.False(t, c.Status.Closed(), "never silently closed")
	require.Len(t, c.Escalations, 3)

	_, err = f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "再升级", Actor: owner})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "escalation_past_chain"})

	// The top level may answer again; then the customer is satisfied.
	c, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "追加补偿", Actor: gm})
	require.NoError(t, err)
	c, err = f.svc.Satisfied(f.ctx, c.ID, complaint.StepCommand{Actor: owner})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusResolved, c.Status)
	require.True(t, c.Flagged, "the flag stays in the record")

	h, err := f.svc.History(f.ctx, c.ID)
	require.NoError(t, err)
	replayed, err := complaint.Replay(h)
	require.NoError(t, err)
	require.Equal(t, c, replayed)
}

func TestC4_2_ConfigurableChain(t *testing.T) {
	p := complaint.DefaultPolicy()
	p.Chain = p.Chain[:2] // department → after-sales head
	now := cst(2026, 11, 2, 10, 0)
	svc, err := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Policy: &p,
		Clock: aftersales.ClockFunc(func() time.Time { return now })})
	require.NoError(t, err)
	ctx := context.Background()
	c, err := svc.Register(ctx, complaint.RegisterCommand{Actor: asStaff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: owner.ID, Name: "张先生"}, Type: complaint.TypeQuality, Description: "x",
		Channel: aftersales.ChannelPhone, ReceivedAt: now}})
	require.NoError(t, err)
	svc.Forward(ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	svc.Plan(ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{Findings: "x", Measures: "y", Owner: "z"}})
	svc.Answer(ctx, c.ID, complaint.StepCommand{Text: "r", Actor: site})
	svc.NotSatisfied(ctx, c.ID, complaint.StepCommand{Text: "no", Actor: owner})
	svc.Answer(ctx, c.ID, complaint.StepCommand{Text: "r2", Actor: asHead})
	c, err = svc.NotSatisfied(ctx, c.ID, complaint.StepCommand{Text: "no", Actor: owner})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusUnresolved, c.Status, "the after-sales head is the top of this chain")

	bad := complaint.DefaultPolicy()
	bad.Chain = []complaint.Level{{ID: "x", Role: aftersales.RoleGeneralManager}}
	_, err = complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Policy: &bad})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "policy_chain_invalid"})
}

func TestWithdrawCancelsOpenDeadlines(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.investigated(cst(2026, 11, 2, 9, 0))
	c, err := f.svc.Withdraw(f.ctx, c.ID, complaint.StepCommand{Text: "已协商解决", Actor: owner})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusWithdrawn, c.Status)
	for _, d := range c.Deadlines {
		require.False(t, d.Pending(), "%s", d.Clause)
	}
}

func TestBadRegistrationWritesNothing(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	good := complaint.Registration{Complainant: aftersales.Customer{Name: "张先生"}, Type: complaint.TypeQuality, Description: "x", Channel: aftersales.ChannelPhone, ReceivedAt: cst(2026, 11, 2, 9, 0)}
	for code, mutate := range map[string]func(*complaint.Registration){
		"description_required": func(r *complaint.Registration) { r.Description = "" },
		"channel_invalid":      func(r *complaint.Registration) { r.Channel = "fax" },
		"type_invalid":         func(r *complaint.Registration) { r.Type = "noise" },
		"cause_invalid":        func(r *complaint.Registration) { r.Cause = "bad luck" },
		"received_by_invalid":  func(r *complaint.Registration) { r.ReceivedBy = "mayor" },
		"received_at_required": func(r *complaint.Registration) { r.ReceivedAt = time.Time{} },
		"time_in_future":       func(r *complaint.Registration) { r.ReceivedAt = cst(2026, 11, 3, 9, 0) },
		// C2.1: the person taking the complaint records who complains.
		"complainant_name_required": func(r *complaint.Registration) { r.Complainant.Name = "" },
		// IDs are IDs: the complainant's is what their data is exported and
		// erased by.
		"complainant_id_too_long": func(r *complaint.Registration) { r.Complainant.ID = strings.Repeat("c", aftersales.MaxIDLength+1) },
		"complainant_id_invalid":  func(r *complaint.Registration) { r.Complainant.ID = "c\x00" },
		"project_id_invalid":      func(r *complaint.Registration) { r.ProjectID = "P\n1" },
		"request_id_too_long":     func(r *complaint.Registration) { r.RequestID = strings.Repeat("A", aftersales.MaxIDLength+1) },
	} {
		r := good
		mutate(&r)
		_, err := f.svc.Register(f.ctx, complaint.RegisterCommand{Registration: r, Actor: asStaff})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	// Every problem at once, so the form can show each next to its field.
	_, err := f.svc.Register(f.ctx, complaint.RegisterCommand{Actor: asStaff, Registration: complaint.Registration{
		Type: "noise", Channel: aftersales.ChannelPhone, ReceivedAt: cst(2026, 11, 2, 9, 0)}})
	var codes []string
	for _, e := range aftersales.AllErrors(err) {
		codes = append(codes, e.Code)
	}
	require.Equal(t, []string{"description_required", "type_invalid", "complainant_name_required"}, codes)
	all, err := f.svc.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	require.Empty(t, all)
}
