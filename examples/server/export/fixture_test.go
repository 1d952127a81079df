package export_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// world is a company's records built by driving the library's services
// over their MemStores with a fixed clock that the fixture moves forward.
type world struct {
	now        time.Time
	requests   *aftersales.Service
	warranties *warranty.Service
	complaints *complaint.Service
	staff      *staff.Service

	request    *aftersales.Request // the full lifecycle: urgent, escalated, rejected once, accepted, visited
	unsigned   *aftersales.Request // forwarded, not yet accepted
	warranty   *warranty.Warranty  // started 2024-11-20, inspected once with two findings
	complaint  *complaint.Complaint
	major      *complaint.Complaint
	report     complaint.Report
	summary    warranty.Summary
	org        *staff.Organisation
	session    *staff.Session
	assessment *staff.Assessment
}

// cst is a time in China Standard Time.
func cst(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.CST())
}

// Actors.
var (
	desk  = aftersales.Actor{ID: "u-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	head  = aftersales.Actor{ID: "u-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	gm    = aftersales.Actor{ID: "u-gm", Name: "孙总", Role: aftersales.RoleGeneralManager}
	site  = aftersales.Actor{ID: "u-site", Name: "周工", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	owner = aftersales.Actor{ID: "c-001", Role: aftersales.RoleCustomer}
	wang  = aftersales.Actor{ID: "c-002", Role: aftersales.RoleCustomer}
)

// cases is a CaseData stub: the same figures for everyone.
type cases struct{ f staff.Figures }

func (c cases) Figures(context.Context, string, staff.Period) (staff.Figures, error) { return c.f, nil }

func seq(prefix string) func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("%s-%04d", prefix, n) }
}

// newWorld builds the records, in the order they happened.
func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	w := &world{}
	clock := aftersales.ClockFunc(func() time.Time { return w.now })
	ok := func(err error) { t.Helper(); require.NoError(t, err) }

	var err error
	project := aftersales.Project{ID: "P-001", Name: "滨江花园", Kind: aftersales.Residential, DepartmentID: "项目一部"}
	w.warranties, err = warranty.NewService(warranty.Config{Store: warranty.NewMemStore(), Clock: clock, Directory: aftersales.NewProjects(project)})
	ok(err)
	w.requests, err = aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: clock,
		Directory: aftersales.NewProjects(project), Coverage: w.warranties, NewID: seq("AS")})
	ok(err)
	w.warranties = w.warranties.WithRequests(w.requests)
	w.complaints, err = complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Clock: clock, NewID: seq("TS")})
	ok(err)

	// W1.1, W2.2, W2.3: the warranty starts; an inspection finds two
	// problems, which become AS-0001 and AS-0002.
	w.now = cst(2025, 3, 16, 9, 0)
	_, err = w.warranties.SetUp(ctx, warranty.SetUpCommand{ProjectID: "P-001", DesignLifeYears: 50, Actor: head})
	ok(err)
	_, err = w.warranties.RecordStart(ctx, "P-001", warranty.StartCommand{Actor: head,
		Start: warranty.Start{Basis: warranty.BasisAcceptance, Date: calendar.D(2024, 11, 20), Evidence: "竣工验收报告 YS-2024-031"}})
	ok(err)
	w.warranty, err = w.warranties.RecordInspection(ctx, "P-001", warranty.InspectionCommand{Actor: site, Inspection: warranty.Inspection{
		Date: calendar.D(2025, 3, 15), Inspector: "李工", Areas: []string{"屋面", "地下车库"},
		Findings: []warranty.Finding{
			{Description: "地下车库顶板渗水", Class: warranty.Waterproofing, Location: "B1-023 车位上方", Photos: []string{"ins/0315-1.jpg", "ins/0315-2.jpg"}},
			{Description: "屋面女儿墙泛水开裂", Class: warranty.Waterproofing, Location: "3号楼屋面"},
		}}})
	ok(err)

	// P1–P4: AS-0003, the full lifecycle.
	w.now = cst(2026, 9, 30, 16, 30)
	r, err := w.requests.Register(ctx, aftersales.RegisterCommand{Actor: desk, Registration: aftersales.Registration{
		Customer:  aftersales.Customer{ID: "c-001", Name: "张先生", Phone: "13800000000", Contact: "微信 zhang501"},
		ProjectID: "P-001", Location: "3号楼2单元501", Description: "卫生间顶棚渗水，吊顶发霉",
		Attachments: []string{"photos/AS-0003-1.jpg", "photos/AS-0003-2.jpg"}, Channel: aftersales.ChannelPhone,
		ReceivedAt: cst(2026, 9, 30, 16, 20), Cause: aftersales.CauseConstruction, Component: "waterproofing", Urgent: true}})
	ok(err)
	w.now = cst(2026, 9, 30, 17, 30)
	_, err = w.requests.HandleUrgent(ctx, r.ID, aftersales.UrgentCommand{Measures: "关闭楼上给水阀门，临时接水", Actor: desk})
	ok(err)
	w.now = cst(2026, 10, 8, 9, 0)
	_, err = w.requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: desk})
	ok(err)
	w.now = cst(2026, 10, 8, 12, 0)
	_, err = w.requests.Plan(ctx, r.ID, aftersales.PlanCommand{Department: "项目一部", Actor: site, Plan: aftersales.Plan{
		Measures: "拆除吊顶，修补防水层", ScheduledAt: cst(2026, 10, 9, 9, 0), Owner: "周工", Complexity: aftersales.Simple}})
	ok(err)
	w.now = cst(2026, 10, 9, 10, 0)
	_, err = w.requests.Escalate(ctx, r.ID, aftersales.EscalateCommand{Department: "项目一部", Reason: "楼上住户不配合入户", Actor: site})
	ok(err)
	w.now = cst(2026, 10, 12, 17, 0)
	_, err = w.requests.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: "项目一部", Result: "更换防水层，闭水试验合格", Actor: site})
	ok(err)
	w.now = cst(2026, 10, 13, 9, 0)
	_, err = w.requests.Reject(ctx, r.ID, aftersales.RejectCommand{Reason: "吊顶仍有水渍", Actor: owner})
	ok(err)
	w.now = cst(2026, 10, 15, 16, 0)
	_, err = w.requests.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: "项目一部", Result: "重做吊顶并复查，无渗漏", Actor: site})
	ok(err)
	w.now = cst(2026, 10, 16, 10, 0)
	_, err = w.requests.Accept(ctx, r.ID, aftersales.AcceptCommand{Actor: owner,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "sig/AS-0003.png"}})
	ok(err)
	w.now = cst(2026, 10, 19, 10, 0)
	w.request, err = w.requests.Visit(ctx, r.ID, aftersales.VisitCommand{Actor: desk,
		Visit: aftersales.Visit{Satisfaction: 4, Suggestions: "希望维修前提前电话告知", VisitedBy: "赵敏"}})
	ok(err)

	// AS-0004: registered and forwarded; the customer has not signed.
	w.now = cst(2026, 10, 19, 14, 0)
	u, err := w.requests.Register(ctx, aftersales.RegisterCommand{Actor: desk, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-002", Name: "王女士", Email: "wang@example.com"}, ProjectID: "P-001",
		Location: "5号楼1单元302", Description: "入户门变形关不严", Channel: aftersales.ChannelWeChat,
		ReceivedAt: cst(2026, 10, 19, 13, 45), Cause: aftersales.CauseMaterial, Component: "decoration"}})
	ok(err)
	w.now = cst(2026, 10, 20, 9, 0)
	w.unsigned, err = w.requests.Forward(ctx, u.ID, aftersales.ForwardCommand{Actor: desk})
	ok(err)

	// C: TS-0001 in October, withdrawn; TS-0002 escalated once, then
	// resolved; TS-0003 major, by the same complainant.
	w.now = cst(2026, 10, 21, 9, 0)
	c0, err := w.complaints.Register(ctx, complaint.RegisterCommand{Actor: desk, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-009", Name: "刘先生"}, Type: complaint.TypeService,
		Description: "客服电话无人接听", Channel: aftersales.ChannelPhone, ReceivedAt: cst(2026, 10, 21, 8, 30)}})
	ok(err)
	_, err = w.complaints.Withdraw(ctx, c0.ID, complaint.StepCommand{Text: "已联系上", Actor: desk})
	ok(err)

	w.now = cst(2026, 11, 2, 9, 0)
	c, err := w.complaints.Register(ctx, complaint.RegisterCommand{Actor: desk, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-002", Name: "王女士", Phone: "13900000000"}, ProjectID: "P-001", RequestID: u.ID,
		Type: complaint.TypeDelay, Cause: aftersales.CauseMaterial, Description: "报修两周无人上门",
		Channel: aftersales.ChannelPhone, ReceivedAt: cst(2026, 11, 2, 8, 40)}})
	ok(err)
	w.now = cst(2026, 11, 2, 10, 0)
	_, err = w.complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: desk})
	ok(err)
	w.now = cst(2026, 11, 3, 15, 0)
	_, err = w.complaints.Plan(ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{
		Findings: "门框供货延误，工单积压", Measures: "次日上门更换门框", Owner: "周工"}})
	ok(err)
	_, err = w.complaints.RecordStatement(ctx, c.ID, complaint.StepCommand{Text: "要求周末上门", Actor: desk})
	ok(err)
	w.now = cst(2026, 11, 5, 17, 0)
	_, err = w.complaints.Answer(ctx, c.ID, complaint.StepCommand{Text: "已更换门框", Actor: site})
	ok(err)
	w.now = cst(2026, 11, 6, 9, 0)
	_, err = w.complaints.NotSatisfied(ctx, c.ID, complaint.StepCommand{Text: "门缝仍漏风", Actor: wang})
	ok(err)
	w.now = cst(2026, 11, 10, 16, 0)
	_, err = w.complaints.Answer(ctx, c.ID, complaint.StepCommand{Text: "部长督办，重新调校并加装密封条", Actor: head})
	ok(err)
	w.now = cst(2026, 11, 11, 9, 0)
	w.complaint, err = w.complaints.Satisfied(ctx, c.ID, complaint.StepCommand{Text: "满意", Actor: wang})
	ok(err)

	w.now = cst(2026, 11, 20, 9, 0)
	m, err := w.complaints.Register(ctx, complaint.RegisterCommand{Actor: head, Major: true, Criteria: []string{"safety", "group"},
		Registration: complaint.Registration{Complainant: aftersales.Customer{ID: "c-002", Name: "王女士"}, ProjectID: "P-001",
			Type: complaint.TypeQuality, Description: "楼道墙皮大面积脱落", Channel: aftersales.ChannelOnSite,
			ReceivedAt: cst(2026, 11, 20, 8, 30)}})
	ok(err)
	w.now = cst(2026, 11, 20, 9, 30)
	w.major, err = w.complaints.StartEmergency(ctx, m.ID, complaint.StepCommand{Text: "封闭楼道，设置警示", Actor: head})
	ok(err)

	// C5.1, W3.2: the November report and the warranty summary.
	w.now = cst(2026, 12, 2, 10, 0)
	w.report, err = w.complaints.Report(ctx, complaint.Month{Year: 2026, Month: time.November})
	ok(err)
	w.summary, err = w.warranties.Summary(ctx, "P-001")
	ok(err)

	// S1, S2: the organisation, a training session and an assessment.
	w.now = cst(2026, 12, 3, 9, 0)
	w.staff, err = staff.NewService(staff.Config{Store: staff.NewMemStore(), Clock: clock, NewID: seq("S"),
		Cases: cases{staff.Figures{Met: 9, Missed: 1, Accepted: 2, FirstTime: 1, Visits: 2, SatisfactionSum: 9, Complaints: 1, Rework: 1}}})
	ok(err)
	for _, p := range []staff.Person{
		{ID: "u-gm", Name: "孙总", Role: aftersales.RoleGeneralManager, Active: true},
		{ID: "u-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "u-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "u-spec", Name: "吴静", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部", Active: true},
	} {
		_, err = w.staff.PutPerson(ctx, p, gm)
		ok(err)
	}
	_, err = w.staff.PutDepartment(ctx, staff.Department{Department: aftersales.Department{ID: aftersales.DeptAfterSales,
		Name: "售后管理部", Kind: aftersales.DeptKindAfterSales}, HeadID: "u-head"}, gm)
	ok(err)
	_, err = w.staff.PutDepartment(ctx, staff.Department{Department: aftersales.Department{ID: "项目一部",
		Name: "滨江花园项目部", Kind: aftersales.DeptKindProject}}, gm)
	ok(err)
	w.session, err = w.staff.RecordSession(ctx, staff.Session{Date: calendar.D(2026, 12, 1), Topic: staff.TopicCommunication,
		Title: "投诉接待与情绪安抚", Trainer: "外聘讲师 陈老师", Hours: decimal.RequireFromString("3.5"),
		Attendees: []string{"u-staff", "u-spec"}}, head)
	ok(err)
	w.assessment, err = w.staff.Assess(ctx, staff.AssessCommand{PersonID: "u-spec", ServiceQuality: decimal.NewFromInt(85),
		RatedBy: "钱部长", Actor: head, Period: staff.Period{From: calendar.D(2026, 10, 1), To: calendar.D(2026, 12, 31)}})
	ok(err)
	w.org, err = w.staff.Organisation(ctx)
	ok(err)
	return w
}
