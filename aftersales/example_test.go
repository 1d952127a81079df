package aftersales_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// The main flow: a leak reported by phone on the eve of National Day 2026 is
// registered, forwarded to the project department, planned, repaired, the
// customer told the result (P3.2), accepted with the customer's signature
// and visited; every deadline is met. The visit is due 3 working days from
// the completion of handling (P4.2), not from the acceptance.
func ExampleService() {
	ctx := context.Background()
	now := time.Date(2026, 9, 30, 16, 30, 0, 0, calendar.CST())
	svc, _ := aftersales.NewService(aftersales.Config{
		Store:     aftersales.NewMemStore(),
		Clock:     aftersales.ClockFunc(func() time.Time { return now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-001", Name: "滨江花园", Kind: aftersales.Residential, DepartmentID: "项目一部"}),
		NewID:     func() string { return "AS-0001" },
	})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	site := aftersales.Actor{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	owner := aftersales.Actor{ID: "c-001", Role: aftersales.RoleCustomer}

	r, _ := svc.Register(ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-001", Name: "张先生"}, ProjectID: "P-001", Location: "3号楼2单元501",
		Description: "卫生间顶棚渗水", Channel: aftersales.ChannelPhone, ReceivedAt: now.Add(-10 * time.Minute),
		Cause: aftersales.CauseConstruction}})
	fmt.Println(r.Status, "P1.2 due", r.Deadlines[0].Due.Format("01-02 15:04"))

	now = time.Date(2026, 10, 8, 9, 0, 0, 0, calendar.CST())
	r, _ = svc.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: staff})
	fmt.Println(r.Status, "to", r.Parts[0].Department)

	now = now.Add(3 * time.Hour)
	r, _ = svc.Plan(ctx, r.ID, aftersales.PlanCommand{Department: "项目一部", Actor: site, Plan: aftersales.Plan{
		Measures: "拆除吊顶，修补防水层", ScheduledAt: now.Add(24 * time.Hour), Owner: "周工", Complexity: aftersales.Simple}})
	now = time.Date(2026, 10, 12, 17, 0, 0, 0, calendar.CST())
	r, _ = svc.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: "项目一部", Result: "闭水试验合格", Actor: site})
	r, _ = svc.Feedback(ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: "项目一部",
		Channel: aftersales.ChannelPhone, Summary: "已修复，闭水试验合格，请验收", Actor: site})
	now = now.Add(16 * time.Hour)
	r, _ = svc.Accept(ctx, r.ID, aftersales.AcceptCommand{Actor: owner,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "sig/AS-0001.png"}})
	now = now.Add(24 * time.Hour)
	r, _ = svc.Visit(ctx, r.ID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 5, VisitedBy: "赵敏"}})

	for _, d := range r.Deadlines {
		fmt.Println(d.Clause, d.Step, d.Department, d.Event, d.State(now), "due", d.Due.Format("01-02 15:04"))
	}
	fmt.Println(r.Status)
	// Output:
	// registered P1.2 due 10-09 00:00
	// in_progress to 项目一部
	// P1.2   received met due 10-09 00:00
	// P3.1  项目一部 forwarded met due 10-11 00:00
	// P3.2  项目一部 forwarded met due 10-15 00:00
	// P3.2 feedback 项目一部 completed met due 10-14 00:00
	// P4.2   completed met due 10-16 00:00
	// closed
}

// Audit is what a test suite checking real case histories calls: here a
// history exported from another system, in the documented JSON form.
func ExampleAudit() {
	history, err := aftersales.ParseHistory([]byte(`{"request_id": "ERP-1001", "events": [
	 {"type": "registered", "at": "2026-09-30T16:20:00+08:00",
	  "registration": {"channel": "phone", "description": "卫生间渗水"}},
	 {"type": "forwarded", "at": "2026-10-09T09:00:00+08:00", "departments": ["项目一部"]},
	 {"type": "planned", "at": "2026-10-09T15:00:00+08:00", "department": "项目一部",
	  "plan": {"measures": "修补", "owner": "周工", "complexity": "simple", "scheduled_at": "2026-10-12T09:00:00+08:00"}},
	 {"type": "completed", "at": "2026-10-14T17:00:00+08:00", "department": "项目一部", "result": "已修复"},
	 {"type": "accepted", "at": "2026-10-15T10:00:00+08:00"},
	 {"type": "closed", "at": "2026-10-30T10:00:00+08:00"}]}`))
	if err != nil {
		panic(err)
	}
	now := time.Date(2026, 12, 1, 0, 0, 0, 0, calendar.CST())
	for _, f := range aftersales.Audit(history, calendar.China(), aftersales.DefaultPolicy(), now) {
		fmt.Println(f.Clause, f.Kind, f.What)
	}
	// Output:
	// P1.2 late 转达责任部门于 2026-10-09 09:00 完成，期限为 2026-10-09 00:00
	// P4.1 missing 客户验收没有签字确认
	// P4.2 missing 未回访即关闭
}

// Overdue lists every deadline already due and still owed: the after-sales
// desk's morning queue.
func ExampleService_Overdue() {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	svc, _ := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now }), NewID: func() string { return "AS-0002" }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	svc.Register(ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		Description: "地库渗水", Channel: aftersales.ChannelEmail, ReceivedAt: now}})

	now = time.Date(2026, 11, 4, 8, 0, 0, 0, calendar.CST())
	items, _ := svc.Overdue(ctx)
	for _, it := range items {
		fmt.Println(it.RequestID, it.Deadline.Clause, it.Owner, it.State, "due", it.Deadline.Due.Format("2006-01-02 15:04"))
	}
	// Output:
	// AS-0002 P1.2 after_sales missed due 2026-11-04 00:00
}

// Actions tells a desk which forms to show: here, once the project
// department has completed its part, the customer may sign or reject, and
// the after-sales department may already visit (P4.2 runs from the
// completion) or record the result feedback (P3.2).
func ExampleService_Actions() {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	svc, _ := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now }), NewID: func() string { return "AS-0003" }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	owner := aftersales.Actor{ID: "c-001", Role: aftersales.RoleCustomer}
	r, _ := svc.Register(ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-001", Name: "张先生"}, Description: "门锁损坏", Channel: aftersales.ChannelPhone,
		ReceivedAt: now, Cause: aftersales.CauseOther}})
	r, _ = svc.Forward(ctx, r.ID, aftersales.ForwardCommand{Departments: []string{"物业部"}, Actor: staff})
	r, _ = svc.Plan(ctx, r.ID, aftersales.PlanCommand{Department: "物业部", Actor: staff, Plan: aftersales.Plan{
		Measures: "更换门锁", ScheduledAt: now, Owner: "刘师傅", Complexity: aftersales.Simple}})
	r, _ = svc.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: "物业部", Result: "已更换", Actor: staff})

	for _, who := range []aftersales.Actor{owner, staff} {
		offers, _ := svc.Actions(ctx, r, who)
		fmt.Print(who.Role, ":")
		for _, o := range offers {
			fmt.Print(" ", o.Action)
			if o.Kind != "" {
				fmt.Print("(", o.Kind, ")")
			}
		}
		fmt.Println()
	}
	// Output:
	// customer: accept reject withdraw
	// after_sales_staff: feedback(result) accept reject visit pause withdraw
}

// Deadlines pages the queue: soonest due first (ties by request ID), a page
// at a time, each page after the Cursor of the last item of the one before.
// A request received on a Friday, a Saturday or a Sunday is due to be
// forwarded by the end of the next working day (P1.2).
func ExampleService_Deadlines() {
	ctx := context.Background()
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	n := 0
	svc, _ := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now }),
		NewID: func() string { n++; return fmt.Sprintf("AS-%04d", n) }})
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	for day := range 5 { // received on five days: five P1.2 deadlines, due on different days
		svc.Register(ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
			Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: now.AddDate(0, 0, -day)}})
	}
	var after *aftersales.DeadlineCursor
	for page := 1; ; page++ {
		items, _ := svc.Deadlines(ctx, aftersales.DeadlineQuery{After: after, Limit: 2})
		if len(items) == 0 {
			break
		}
		for _, it := range items {
			fmt.Println(page, it.RequestID, it.Deadline.Clause, it.Deadline.Due.Format("01-02 15:04"), it.State)
		}
		c := items[len(items)-1].Cursor()
		after = &c
	}
	// Output:
	// 1 AS-0005 P1.2 10-31 00:00 missed
	// 1 AS-0002 P1.2 11-03 00:00 open
	// 2 AS-0003 P1.2 11-03 00:00 open
	// 2 AS-0004 P1.2 11-03 00:00 open
	// 3 AS-0001 P1.2 11-04 00:00 open
}

// A refused registration names every problem of the form at once; a form
// shows each one next to its field.
func ExampleAllErrors() {
	now := time.Date(2026, 11, 2, 10, 0, 0, 0, calendar.CST())
	svc, _ := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now })})
	staff := aftersales.Actor{ID: "u-1", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	err := svc.CheckRegistration(context.Background(), aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Channel: "fax", ReceivedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())}})
	for _, e := range aftersales.AllErrors(err) {
		fmt.Println(e.Code, e.Message)
	}
	// Output:
	// description_required 问题描述不能为空
	// channel_invalid 反馈方式 "fax" 无效，应为电话（phone）、邮件（email）、微信（wechat）或现场（onsite）（P1.1）
	// customer_name_required 客户姓名不能为空
}
