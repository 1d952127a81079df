package scheduler_test

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/warranty"
)

func cst(y int, m time.Month, d, h int) time.Time {
	return time.Date(y, m, d, h, 0, 0, 0, calendar.CST())
}

// clock is a movable clock, safe for concurrent use.
type clock = testclock.Clock

// recorder is a Notifier that records what it is sent; fail, if set,
// decides which notifications fail.
type recorder struct {
	mu   sync.Mutex
	got  []scheduler.Notification
	fail func(scheduler.Notification) bool
}

func (r *recorder) Notify(_ context.Context, n scheduler.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil && r.fail(n) {
		return fmt.Errorf("receiver down for %s", n.Key)
	}
	r.got = append(r.got, n)
	return nil
}

func (r *recorder) all() []scheduler.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]scheduler.Notification(nil), r.got...)
}

// byKey counts the notifications per key.
func (r *recorder) byKey() map[string]int {
	out := map[string]int{}
	for _, n := range r.all() {
		out[n.Key]++
	}
	return out
}

func (r *recorder) kinds() []string {
	seen := map[string]bool{}
	for _, n := range r.all() {
		seen[n.Kind] = true
	}
	var out []string
	for k := range seen {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func (r *recorder) find(t *testing.T, kind, clause, subject string) scheduler.Notification {
	t.Helper()
	for _, n := range r.all() {
		if n.Kind == kind && n.Clause == clause && n.Subject == subject {
			return n
		}
	}
	t.Fatalf("no %s %s notification for %s in %v", kind, clause, subject, r.byKey())
	return scheduler.Notification{}
}

var (
	staff    = aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	site     = aftersales.Actor{ID: "u-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	manager  = aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	customer = aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}
)

// fixture is the library's real services over their MemStores, on one
// movable clock.
type fixture struct {
	ctx        context.Context
	clock      *clock
	requests   *aftersales.Service
	complaints *complaint.Service
	warranties *warranty.Service
	claims     *scheduler.MemClaims
}

func newFixture(t *testing.T, now time.Time) *fixture {
	t.Helper()
	f := &fixture{ctx: context.Background(), clock: testclock.New(now), claims: scheduler.NewMemClaims()}
	var asN, tsN atomic.Int64
	var err error
	f.requests, err = aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: f.clock,
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-001", Name: "滨江花园", Kind: aftersales.Residential, DepartmentID: "项目一部"}),
		NewID:     func() string { return fmt.Sprintf("AS-%d", asN.Add(1)) }})
	require.NoError(t, err)
	f.complaints, err = complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Clock: f.clock,
		NewID: func() string { return fmt.Sprintf("TS-%d", tsN.Add(1)) }})
	require.NoError(t, err)
	f.warranties, err = warranty.NewService(warranty.Config{Store: warranty.NewMemStore(), Clock: f.clock})
	require.NoError(t, err)
	return f
}

// scheduler returns a Scheduler named owner over the fixture, sharing its
// claims.
func (f *fixture) scheduler(t *testing.T, owner string, n scheduler.Notifier, tweak ...func(*scheduler.Config)) *scheduler.Scheduler {
	t.Helper()
	cfg := scheduler.Config{Requests: f.requests, Complaints: f.complaints, Warranties: f.warranties, Notifier: n,
		Claims: f.claims, Clock: f.clock, Owner: owner, ReportsSince: complaint.Month{Year: 2026, Month: time.October}}
	for _, fn := range tweak {
		fn(&cfg)
	}
	s, err := scheduler.New(cfg)
	require.NoError(t, err)
	return s
}

// handlingRequest registers, forwards and plans a simple request at
// received: its P3.2 deadline is 5 working days later.
func (f *fixture) handlingRequest(t *testing.T, received time.Time) *aftersales.Request {
	t.Helper()
	f.clock.Set(received)
	r, err := f.requests.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-1", Name: "张先生"}, ProjectID: "P-001", Description: "卫生间顶棚渗水",
		Channel: aftersales.ChannelPhone, ReceivedAt: received, Cause: aftersales.CauseConstruction}})
	require.NoError(t, err)
	_, err = f.requests.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Actor: staff})
	require.NoError(t, err)
	f.clock.Set(received.Add(time.Hour))
	r, err = f.requests.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: "项目一部", Actor: site, Plan: aftersales.Plan{
		Measures: "修补防水层", ScheduledAt: received.Add(24 * time.Hour), Owner: "周工", Complexity: aftersales.Simple}})
	require.NoError(t, err)
	return r
}

// unansweredComplaint registers a complaint at received, forwards and plans it:
// its C4.1 result is due 7 working days later and never given.
func (f *fixture) unansweredComplaint(t *testing.T, received time.Time) *complaint.Complaint {
	t.Helper()
	f.clock.Set(received)
	c, err := f.complaints.Register(f.ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, Type: complaint.TypeDelay,
		Description: "报修一周无人上门", Channel: aftersales.ChannelPhone, ReceivedAt: received}})
	require.NoError(t, err)
	_, err = f.complaints.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: staff})
	require.NoError(t, err)
	c, err = f.complaints.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{Findings: "工单积压", Measures: "次日上门", Owner: "周工"}})
	require.NoError(t, err)
	return c
}

// populate builds one item of every kind, as of 2026-11-20 10:00:
//
//	AS-1  P3.2 due 11-10 00:00, missed: overdue and escalated (P3.3)
//	AS-2  urgent, P1.3 due 11-20 12:00: reminder
//	TS-1  C4.1 due 11-12 00:00, missed: escalated (C4.2) to the after-sales head
//	TS-2  not forwarded, C2.1 due 11-20 00:00: overdue
//	2026-10 complaint report due 11-07 00:00, not delivered: complaint_report
//	P-1   planned start 12-10, W2.1 notice due 11-11 00:00, not sent: warranty_notice
//	P-2   started 2024-06-03, inspections every 18 months: none made (2 × inspection),
//	      no notice (warranty_notice), no summary (warranty_summary)
func (f *fixture) populate(t *testing.T) time.Time {
	t.Helper()
	f.handlingRequest(t, cst(2026, 11, 2, 9))
	f.unansweredComplaint(t, cst(2026, 11, 2, 9))
	f.clock.Set(cst(2026, 11, 18, 9))
	_, err := f.complaints.Register(f.ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{Name: "李女士"}, Type: complaint.TypeService, Description: "客服态度差",
		Channel: aftersales.ChannelWeChat, ReceivedAt: f.clock.Now()}})
	require.NoError(t, err)

	f.clock.Set(cst(2026, 11, 20, 8))
	_, err = f.requests.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Customer: aftersales.Customer{Name: "王先生"}, ProjectID: "P-001", Description: "燃气管道接口漏气",
		Channel: aftersales.ChannelPhone, ReceivedAt: f.clock.Now(), Urgent: true}})
	require.NoError(t, err)

	_, err = f.warranties.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-1", PlannedStart: calendar.D(2026, 12, 10), Actor: manager})
	require.NoError(t, err)
	_, err = f.warranties.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-2", InspectionEvery: 18, Actor: manager})
	require.NoError(t, err)
	_, err = f.warranties.RecordStart(f.ctx, "P-2", warranty.StartCommand{Actor: manager, Start: warranty.Start{
		Basis: warranty.BasisAcceptance, Date: calendar.D(2024, 6, 3), Evidence: "竣工验收记录 2024-018"}})
	require.NoError(t, err)

	now := cst(2026, 11, 20, 10)
	f.clock.Set(now)
	return now
}

// allKinds is every kind populate produces.
var allKinds = []string{scheduler.KindComplaintReport, scheduler.KindEscalated, scheduler.KindInspection, scheduler.KindOverdue,
	scheduler.KindReminder, scheduler.KindWarrantyNotice, scheduler.KindWarrantySummary}

// populatedItems is how many notifications populate's data gives: 2
// escalated, 2 overdue, 1 reminder, 1 report, 2 notices, 2 inspections, 1
// summary.
const populatedItems = 11

// overdueRequestItems is how many of them come from overdue after-sales
// deadlines (AS-1's P3.2 and its P3.3 escalation): a tick after a clean
// scan reads these again only at a sweep (Config.SweepEvery).
const overdueRequestItems = 2
