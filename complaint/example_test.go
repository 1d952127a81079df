package complaint_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// A complaint about a slow repair, escalated once and then resolved.
func ExampleService() {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	svc, _ := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now }), NewID: func() string { return "TS-0001" }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	head := aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead}
	dept := aftersales.Actor{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	customer := aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}

	c, _ := svc.Register(ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, RequestID: "AS-0001", Type: complaint.TypeDelay,
		Description: "报修一周无人上门", Channel: aftersales.ChannelPhone, ReceivedAt: now}})
	c, _ = svc.Forward(ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: staff})
	c, _ = svc.Plan(ctx, c.ID, complaint.PlanCommand{Actor: dept, Plan: complaint.Plan{Findings: "工单积压", Measures: "次日上门", Owner: "周工"}})
	c, _ = svc.Answer(ctx, c.ID, complaint.StepCommand{Text: "已上门维修", Actor: dept})
	c, _ = svc.NotSatisfied(ctx, c.ID, complaint.StepCommand{Text: "仍有渗水", Actor: customer})
	fmt.Println(c.Status, "level", c.Level, "owned by", svc.Policy().Chain[c.Level].Label)
	c, _ = svc.Answer(ctx, c.ID, complaint.StepCommand{Text: "部长督办，重做防水", Actor: head})
	c, _ = svc.Satisfied(ctx, c.ID, complaint.StepCommand{Actor: customer})
	fmt.Println(c.Status)
	for _, d := range c.Deadlines {
		fmt.Println(d.Clause, d.Department, d.State(now), d.Due.Format("01-02 15:04"))
	}
	// Output:
	// investigating level 1 owned by 售后管理部部长
	// resolved
	// C2.1  met 11-04 00:00
	// C3.1 项目一部 met 11-06 00:00
	// C4.1 项目一部 met 11-12 00:00
	// C4.1 after_sales_head met 11-12 00:00
}

// A whole month's analysis report (C5.1, C5.2), built from the month's
// complaints and the previous month's.
func ExampleBuildReport() {
	at := func(d, h int) time.Time { return time.Date(2026, 10, d, h, 0, 0, 0, calendar.CST()) }
	done := func(t time.Time) *time.Time { return &t }
	mk := func(id, who string, typ complaint.Type, status complaint.Status, received time.Time, forwarded *time.Time) *complaint.Complaint {
		return &complaint.Complaint{ID: id, Status: status, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: who}, Type: typ, Cause: aftersales.CauseConstruction, ReceivedAt: received},
			Deadlines: []aftersales.Deadline{{Clause: complaint.ClauseC2_1, Due: calendar.China().Deadline(received, 1), DoneAt: forwarded}}}
	}
	october := []*complaint.Complaint{
		mk("TS-1", "c-1", complaint.TypeQuality, complaint.StatusResolved, at(8, 9), done(at(8, 15))),
		mk("TS-2", "c-1", complaint.TypeDelay, complaint.StatusAnswered, at(12, 9), done(at(14, 9))),
		mk("TS-3", "c-2", complaint.TypeQuality, complaint.StatusInvestigating, at(20, 9), done(at(20, 10))),
		mk("TS-4", "c-3", complaint.TypeService, complaint.StatusRegistered, at(29, 9), nil),
	}
	september := []*complaint.Complaint{mk("TS-0", "c-9", complaint.TypeQuality, complaint.StatusResolved, at(1, 9).AddDate(0, -1, 0), done(at(1, 10).AddDate(0, -1, 0)))}

	asOf := time.Date(2026, 11, 3, 9, 0, 0, 0, calendar.CST())
	r := complaint.BuildReport(complaint.Month{Year: 2026, Month: 10}, october, september, asOf, calendar.China(), complaint.DefaultPolicy())
	fmt.Println("月份", r.Month, "投诉", r.Total, "件，报送截止", r.Due.Format("2006-01-02 15:04"))
	for _, c := range r.ByType {
		fmt.Println(" 类型", c.Label, c.N)
	}
	for _, c := range r.ByOutcome {
		fmt.Println(" 结果", c.Label, c.N)
	}
	fmt.Printf(" C2.1 按期率 %s%%（按期 %d，逾期 %d）\n", r.OnTime[0].Rate, r.OnTime[0].Met, r.OnTime[0].Missed)
	fmt.Println(" 重复投诉人", r.Repeats[0].Complainant, r.Repeats[0].Complaints)
	fmt.Println(" 环比", r.VsPrevious.Delta, r.VsPrevious.Percent.String()+"%")
	// Output:
	// 月份 2026-10 投诉 4 件，报送截止 2026-11-07 00:00
	//  类型 工程质量 2
	//  类型 响应或处理不及时 1
	//  类型 服务态度 1
	//  结果 已反馈待确认 1
	//  结果 调查处理中 1
	//  结果 已登记 1
	//  结果 已解决 1
	//  C2.1 按期率 50%（按期 2，逾期 2）
	//  重复投诉人 c-1 [TS-1 TS-2]
	//  环比 3 300%
}

// A complaint forwarded to two departments, whose clocks stood still while
// the customer could not be reached (G3.3).
func ExampleService_Pause() {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, calendar.CST())
	svc, _ := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now }), NewID: func() string { return "TS-0001" }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}

	c, _ := svc.Register(ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{Name: "张先生"}, Type: complaint.TypeQuality,
		Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: now.Add(-time.Hour)}})
	c, _ = svc.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: []string{"项目一部", "设计部"}, Actor: staff})
	now = now.AddDate(0, 0, 1)
	c, _ = svc.Pause(ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户", Actor: staff})
	now = now.AddDate(0, 0, 3)
	c, _ = svc.Resume(ctx, c.ID, aftersales.ResumeCommand{Actor: staff})
	fmt.Println("paused", c.Pauses[0].Workdays, "working days:", c.Pauses[0].Reason.Label())
	for _, d := range c.Deadlines {
		fmt.Println(d.Clause, d.Department, d.Due.Format("01-02"), d.PausedDays)
	}
	// Output:
	// paused 3 working days: 无法入户
	// C2.1  11-04 0
	// C3.1 项目一部 11-11 3
	// C3.1 设计部 11-11 3
	// C4.1  11-17 3
	// G3.3  11-18 0
}

// The dashboard's complaint figures: an open complaint whose C2.1
// forwarding is overdue a week after it was received.
func ExampleService_Figures() {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	svc, _ := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now }), NewID: func() string { return "TS-0001" }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	_, _ = svc.Register(ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, Type: complaint.TypeDelay,
		Description: "报修一周无人上门", Channel: aftersales.ChannelPhone, ReceivedAt: now}})

	now = now.AddDate(0, 0, 7)
	fig, _ := svc.Figures(ctx)
	c21 := fig.Rates[complaint.ClauseC2_1]
	fmt.Println("open", fig.Open, "overdue at the desk", fig.Overdue[""])
	fmt.Println("C2.1 met", c21.Met, "missed", c21.Missed, "open", c21.Open)
	// Output:
	// open 1 overdue at the desk 1
	// C2.1 met 0 missed 1 open 0
}

// The scheduler's question: which complaints have a deadline overdue now?
// NextDue passes over a paused clock, which is never due; a Store answers
// Query.DueBefore from it (here the in-memory one).
func ExampleNextDue() {
	ctx := context.Background()
	received := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	now := received
	store := complaint.NewMemStore()
	ids := []string{"TS-0001", "TS-0002"}
	svc, _ := complaint.NewService(complaint.Config{Store: store, Clock: aftersales.ClockFunc(func() time.Time { return now }),
		NewID: func() string { id := ids[0]; ids = ids[1:]; return id }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	for range 2 {
		_, _ = svc.Register(ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, Type: complaint.TypeDelay,
			Description: "报修一周无人上门", Channel: aftersales.ChannelPhone, ReceivedAt: received}})
	}
	// TS-0001 is forwarded at once, then waits for its customer.
	_, _ = svc.Forward(ctx, "TS-0001", complaint.ForwardCommand{Department: "项目一部", Actor: staff})
	_, _ = svc.Pause(ctx, "TS-0001", aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户", Actor: staff})

	now = time.Date(2026, 11, 9, 9, 0, 0, 0, calendar.CST()) // a week on
	for _, id := range []string{"TS-0001", "TS-0002"} {
		c, _ := store.Get(ctx, id)
		due, _ := complaint.NextDue(c)
		fmt.Println(id, "next due", due.Format("01-02 15:04")) // the end of the day before
	}
	overdue, _ := svc.List(ctx, complaint.Query{DueBefore: now.Add(time.Nanosecond)})
	for _, c := range overdue {
		fmt.Println("overdue:", c.ID)
	}
	// Output:
	// TS-0001 next due 11-17 00:00
	// TS-0002 next due 11-04 00:00
	// overdue: TS-0002
}
