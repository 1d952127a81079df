package staff_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
)

// An assessment from real case data: the specialist's requests come from
// aftersales, the complaints attributed to them from complaint, through
// CaseIndicators.
func ExampleService_Assess() {
	ctx := context.Background()
	now := time.Date(2026, 11, 5, 9, 0, 0, 0, calendar.CST())
	clock := aftersales.ClockFunc(func() time.Time { return now })
	requests, _ := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: clock})
	complaints, _ := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Clock: clock})

	// One request handled on time and accepted first time; rated 5.
	desk := aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff}
	owner := aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}
	r, _ := requests.Register(ctx, aftersales.RegisterCommand{Actor: desk, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-1", Name: "王女士"}, ProjectID: "", Description: "门窗渗水", Channel: aftersales.ChannelPhone,
		ReceivedAt: now.Add(-time.Hour)}})
	requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Departments: []string{"项目一部"}, Actor: desk})
	requests.Plan(ctx, r.ID, aftersales.PlanCommand{Department: "项目一部", Actor: desk, Plan: aftersales.Plan{Measures: "打胶", Owner: "周工", ScheduledAt: now, Complexity: aftersales.Simple}})
	requests.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: "项目一部", Result: "已修复", Actor: desk})
	requests.Accept(ctx, r.ID, aftersales.AcceptCommand{Actor: owner, Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "s.png"}})
	requests.Visit(ctx, r.ID, aftersales.VisitCommand{Actor: desk, Visit: aftersales.Visit{Satisfaction: 5, VisitedBy: "赵敏"}})

	cases := staff.CaseIndicators{
		Requests: func(ctx context.Context, _ string, _ staff.Period) ([]*aftersales.Request, error) {
			return requests.List(ctx, aftersales.Query{})
		},
		Complaints: func(ctx context.Context, _ string, _ staff.Period) (int, error) {
			cs, err := complaints.List(ctx, complaint.Query{})
			return len(cs), err
		},
		AsOf: clock.Now,
	}
	svc, _ := staff.NewService(staff.Config{Store: staff.NewMemStore(), Cases: cases, Clock: clock})
	gm := aftersales.Actor{ID: "p-gm", Role: aftersales.RoleGeneralManager}
	svc.PutPerson(ctx, staff.Person{ID: "p-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, Active: true}, gm)

	a, err := svc.Assess(ctx, staff.AssessCommand{PersonID: "p-staff", ServiceQuality: decimal.NewFromInt(88), RatedBy: "钱部长", Actor: gm,
		Period: staff.Period{From: calendar.D(2026, 10, 1), To: calendar.D(2026, 12, 31)}})
	if err != nil {
		panic(err)
	}
	for _, l := range a.Lines {
		fmt.Printf("%s：%s → %s 分 × %s = %s\n", l.Label, l.Measured, l.Score, l.Weight, l.Points)
	}
	fmt.Println("总分", a.Total, a.Band, "薪酬系数", a.Pay, "可晋升", a.Promotable)
	// Output:
	// 按期完成率：按期 5 / 5 → 100 分 × 0.3 = 30
	// 一次验收合格率：一次验收合格 1 / 1 → 100 分 × 0.15 = 15
	// 回访满意度：1 次回访平均 5 分（满分 5） → 100 分 × 0.2 = 20
	// 被投诉次数：被投诉 0 次，每次扣 20 分 → 100 分 × 0.1 = 10
	// 返工次数：返工 0 次，每次扣 10 分 → 100 分 × 0.05 = 5
	// 培训学时：培训 0 学时，目标 16 学时 → 0 分 × 0.05 = 0
	// 服务质量（主管评分）：主管评分 → 88 分 × 0.15 = 13.2
	// 总分 93.2 优秀 薪酬系数 1.2 可晋升 true
}
