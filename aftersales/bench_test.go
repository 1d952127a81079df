package aftersales_test

import (
	"context"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// The benchmarks of this file use the prefix bn for every helper, so that
// they do not collide with the package's other external tests.

const bnID = "AS-bench"

var (
	bnStaff    = aftersales.Actor{ID: "as-1", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	bnDeptA    = aftersales.Actor{ID: "a-1", Role: aftersales.RoleDepartmentStaff, DepartmentID: "proj-1-dept"}
	bnCustomer = aftersales.Actor{ID: "cust-1", Role: aftersales.RoleCustomer}
	// bnStart is an ordinary Monday morning: every step below is on time.
	bnStart = time.Date(2026, 11, 16, 9, 0, 0, 0, calendar.CST())
)

// bnClock is a clock the benchmark sets before each command.
type bnClock struct{ t time.Time }

func (c *bnClock) Now() time.Time { return c.t }

func bnService(tb testing.TB, clock *bnClock) *aftersales.Service {
	svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: clock, NewID: func() string { return bnID }})
	if err != nil {
		tb.Fatal(err)
	}
	return svc
}

// bnLifecycle runs a request through its lifecycle on svc: Register,
// (HandleUrgent,) Forward, Plan, Complete, (Reject, Complete,) Accept,
// Visit. clock is moved forward before each step.
func bnLifecycle(tb testing.TB, svc *aftersales.Service, clock *bnClock, urgentAndRework bool) {
	ctx := context.Background()
	clock.t = bnStart
	at := func(d time.Duration) { clock.t = clock.t.Add(d) }
	must := func(_ *aftersales.Request, err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	const dept = "proj-1-dept"
	must(svc.Register(ctx, aftersales.RegisterCommand{Actor: bnStaff, Registration: aftersales.Registration{
		Customer:    aftersales.Customer{ID: "cust-1", Name: "张先生", Phone: "13800000000"},
		Location:    "3号楼2单元501",
		Description: "卫生间渗水",
		Channel:     aftersales.ChannelPhone,
		ReceivedAt:  bnStart.Add(-30 * time.Minute),
		Urgent:      urgentAndRework,
	}}))
	if urgentAndRework {
		at(time.Hour)
		must(svc.HandleUrgent(ctx, bnID, aftersales.UrgentCommand{Measures: "关闭总阀，临时封堵", Actor: bnStaff}))
	}
	at(time.Hour)
	must(svc.Forward(ctx, bnID, aftersales.ForwardCommand{Departments: []string{dept}, Actor: bnStaff}))
	at(3 * time.Hour)
	must(svc.Plan(ctx, bnID, aftersales.PlanCommand{Department: dept, Actor: bnDeptA, Plan: aftersales.Plan{
		Measures: "更换防水层", Owner: "王工", ScheduledAt: clock.t.Add(24 * time.Hour), Complexity: aftersales.Simple}}))
	at(48 * time.Hour)
	must(svc.Complete(ctx, bnID, aftersales.CompleteCommand{Department: dept, Result: "已修复", Actor: bnDeptA}))
	if urgentAndRework {
		at(20 * time.Hour)
		must(svc.Reject(ctx, bnID, aftersales.RejectCommand{Reason: "仍有渗水", Actor: bnCustomer}))
		at(24 * time.Hour)
		must(svc.Complete(ctx, bnID, aftersales.CompleteCommand{Department: dept, Result: "重做防水层，闭水试验合格", Actor: bnDeptA}))
	}
	at(20 * time.Hour)
	must(svc.Accept(ctx, bnID, aftersales.AcceptCommand{Actor: bnCustomer,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "sig/1.png"}}))
	at(24 * time.Hour)
	must(svc.Visit(ctx, bnID, aftersales.VisitCommand{Actor: bnStaff, Visit: aftersales.Visit{Satisfaction: 5, VisitedBy: "李四"}}))
}

// bnTypicalHistory returns the history of a typical request: urgent, one
// rejection and rework, 9 events. It is audited at now.
func bnTypicalHistory(tb testing.TB) (history []aftersales.Event, now time.Time) {
	clock := &bnClock{}
	svc := bnService(tb, clock)
	bnLifecycle(tb, svc, clock, true)
	history, err := svc.History(context.Background(), bnID)
	if err != nil {
		tb.Fatal(err)
	}
	if len(history) != 9 {
		tb.Fatalf("typical history has %d events, want 9", len(history))
	}
	return history, clock.t.Add(24 * time.Hour)
}

// BenchmarkLifecycle runs Register, Forward, Plan, Complete, Accept and Visit
// through a Service over a fresh MemStore.
func BenchmarkLifecycle(b *testing.B) {
	clock := &bnClock{}
	b.ReportAllocs()
	for b.Loop() {
		bnLifecycle(b, bnService(b, clock), clock, false)
	}
}

// BenchmarkAuditTypicalHistory audits a typical 9-event history. Target:
// at most 5 µs an audit.
func BenchmarkAuditTypicalHistory(b *testing.B) {
	history, now := bnTypicalHistory(b)
	cal, policy := calendar.China(), aftersales.DefaultPolicy()
	b.ReportAllocs()
	for b.Loop() {
		_ = aftersales.Audit(history, cal, policy, now)
	}
}

// BenchmarkReplay replays the same typical history.
func BenchmarkReplay(b *testing.B) {
	history, _ := bnTypicalHistory(b)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := aftersales.Replay(history); err != nil {
			b.Fatal(err)
		}
	}
}
