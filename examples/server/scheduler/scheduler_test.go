package scheduler_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/warranty"
)

func TestTick_EachItemOnceAcrossTicks(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	now := f.populate(t)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec)

	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: populatedItems, Escalated: 1}, res)
	require.Equal(t, allKinds, rec.kinds())
	for range 3 {
		res, err = s.Tick(f.ctx)
		require.NoError(t, err)
		require.Equal(t, scheduler.Result{Skipped: populatedItems - overdueRequestItems}, res,
			"everything handled already; the overdue deadlines handled are not read again before the next sweep")
	}
	f.clock.Set(now.Add(90 * time.Minute)) // still before AS-2's P1.3 is due
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Zero(t, res.Sent)
	for key, n := range rec.byKey() {
		require.Equal(t, 1, n, key)
	}
	for _, n := range rec.all() {
		require.Equal(t, now, n.At)
		require.NotEmpty(t, n.Message)
		require.False(t, n.Due.IsZero(), n.Key)
		require.True(t, strings.HasPrefix(n.Key, n.Kind+":"+n.Clause+":"+n.Subject+":"), n.Key)
	}

	overdue := rec.find(t, scheduler.KindOverdue, "P3.2", "AS-1")
	require.Equal(t, "项目一部", overdue.Owner)
	require.Equal(t, cst(2026, 11, 10, 0), overdue.Due)
	require.Equal(t, "overdue:P3.2:AS-1:项目一部:0:"+unix(cst(2026, 11, 10, 0)), overdue.Key)
	require.Equal(t, "P1.3", rec.find(t, scheduler.KindReminder, "P1.3", "AS-2").Clause)
	require.Equal(t, aftersales.DeptAfterSales, rec.find(t, scheduler.KindOverdue, "C2.1", "TS-2").Owner)
	report := rec.find(t, scheduler.KindComplaintReport, "C5.1", "2026-10")
	require.Equal(t, cst(2026, 11, 7, 0), report.Due)
	require.Contains(t, report.Message, "2026-10 客户投诉分析报告")
	require.Equal(t, cst(2026, 11, 11, 0), rec.find(t, scheduler.KindWarrantyNotice, "W2.1", "P-1").Due)
	require.Equal(t, "W3.2", rec.find(t, scheduler.KindWarrantySummary, "W3.2", "P-2").Clause)
	require.Equal(t, "W2.2", rec.find(t, scheduler.KindInspection, "W2.2", "P-2").Clause)
}

func unix(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

func TestTick_TwoInstancesNotifyEachItemOnce(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	rec := &recorder{}
	a, b := f.scheduler(t, "instance-a", rec), f.scheduler(t, "instance-b", rec)

	var wg sync.WaitGroup
	var mu sync.Mutex
	var total scheduler.Result
	for _, s := range []*scheduler.Scheduler{a, b} {
		wg.Go(func() {
			for range 20 {
				res, err := s.Tick(f.ctx)
				require.NoError(t, err)
				mu.Lock()
				total.Sent += res.Sent
				total.Skipped += res.Skipped
				total.Failed += res.Failed
				total.Escalated += res.Escalated
				mu.Unlock()
			}
		})
	}
	wg.Wait()

	require.Len(t, rec.all(), populatedItems)
	for key, n := range rec.byKey() {
		require.Equal(t, 1, n, key)
	}
	// Each instance reads everything at its first tick (a sweep), then
	// all but the overdue deadlines it handled; and those again at the
	// next tick when the other held one, not yet done (ClaimReader).
	reads := 2 * (populatedItems + 19*(populatedItems-overdueRequestItems))
	require.Equal(t, scheduler.Result{Sent: populatedItems, Escalated: 1}, scheduler.Result{Sent: total.Sent, Escalated: total.Escalated, Failed: total.Failed})
	require.GreaterOrEqual(t, total.Skipped, reads-populatedItems)
	require.LessOrEqual(t, total.Skipped, reads-populatedItems+2*19*overdueRequestItems)
	h, err := f.requests.History(f.ctx, "AS-1")
	require.NoError(t, err)
	require.Equal(t, 1, countEvents(h, aftersales.EventEscalated), "escalated once")
}

func countEvents(h []aftersales.Event, typ aftersales.EventType) int {
	n := 0
	for _, e := range h {
		if e.Type == typ {
			n++
		}
	}
	return n
}

func TestTick_FailedNotificationIsReleasedAndRetried(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	down := true
	rec := &recorder{fail: func(n scheduler.Notification) bool {
		return down && (n.Kind == scheduler.KindEscalated || n.Kind == scheduler.KindInspection)
	}}
	s := f.scheduler(t, "a", rec)

	res, err := s.Tick(f.ctx)
	require.Error(t, err)
	require.Contains(t, err.Error(), "receiver down")
	require.Equal(t, scheduler.Result{Sent: populatedItems - 4, Failed: 4, Escalated: 1}, res, "2 escalated, 2 inspections failed")

	// Another instance may take the released items at once, without
	// waiting for the lease.
	other := f.scheduler(t, "b", rec)
	res, err = other.Tick(f.ctx)
	require.Error(t, err)
	require.Equal(t, scheduler.Result{Skipped: populatedItems - 4, Failed: 4}, res, "the escalation is not made twice")

	// The instance that failed backs off for one interval (a minute).
	down = false
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Deferred: 4, Skipped: populatedItems - 4}, res, "backing off")
	f.clock.Set(f.clock.Now().Add(time.Minute))
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 4, Skipped: populatedItems - 4}, res)
	for key, n := range rec.byKey() {
		require.Equal(t, 1, n, key)
	}
	esc := rec.find(t, scheduler.KindEscalated, "P3.3", "AS-1")
	require.Equal(t, aftersales.DeptAfterSales, esc.Owner)
	h, err := f.requests.History(f.ctx, "AS-1")
	require.NoError(t, err)
	require.Equal(t, 1, countEvents(h, aftersales.EventEscalated))
}

// TestTick_FailuresBackOff: a notification that keeps failing is tried
// again after one interval, then two, four, … at most an hour apart; the
// first success ends the back-off.
func TestTick_FailuresBackOff(t *testing.T) {
	start := cst(2026, 11, 2, 9)
	f := newFixture(t, start)
	f.populate(t)
	down := true
	rec := &recorder{fail: func(n scheduler.Notification) bool { return down && n.Kind == scheduler.KindInspection }}
	s := f.scheduler(t, "a", rec)
	tries := 0
	at := start
	var gaps []time.Duration
	last := start
	for at.Before(start.Add(5 * time.Hour)) {
		f.clock.Set(at)
		res, _ := s.Tick(f.ctx)
		if res.Failed > 0 {
			tries++
			if tries > 1 {
				gaps = append(gaps, at.Sub(last))
			}
			last = at
		}
		at = at.Add(time.Minute)
	}
	require.Equal(t, []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute,
		32 * time.Minute, time.Hour, time.Hour, time.Hour}[:len(gaps)], gaps)
	require.GreaterOrEqual(t, len(gaps), 8, "tried at 0, 1, 3, 7, 15, 31, 63, 123, 183 … minutes")
	down = false
	f.clock.Set(last.Add(time.Hour))
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Positive(t, res.Sent)
}

func TestP3_3_MissedHandlingDeadlineEscalatesOnce(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.handlingRequest(t, cst(2026, 11, 2, 9))
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.Complaints, c.Warranties = nil, nil })

	f.clock.Set(cst(2026, 11, 9, 23)) // P3.2 due 11-10 00:00: a reminder, no escalation yet
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1}, res)
	require.Equal(t, scheduler.KindReminder, rec.all()[0].Kind)

	f.clock.Set(cst(2026, 11, 10, 0))
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 2, Skipped: 0, Escalated: 1}, res, "overdue and escalated")
	for range 3 {
		f.clock.Set(f.clock.Now().Add(time.Hour))
		res, err = s.Tick(f.ctx)
		require.NoError(t, err)
		require.Equal(t, scheduler.Result{Skipped: 2}, res)
	}

	r, err := f.requests.Get(f.ctx, "AS-1")
	require.NoError(t, err)
	p, _ := r.Part("项目一部")
	require.True(t, p.Escalated)
	require.Len(t, r.Escalations, 1)
	require.Contains(t, r.Escalations[0].Reason, "P3.2")
	require.Contains(t, r.Escalations[0].Reason, "2026-11-10 00:00")
	h, err := f.requests.History(f.ctx, "AS-1")
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, aftersales.EventEscalated, last.Type)
	require.Equal(t, "scheduler", last.Actor.ID)
	require.Equal(t, aftersales.RoleSystem, last.Actor.Role)
	require.Equal(t, "项目一部", last.Department)
	require.Equal(t, cst(2026, 11, 10, 0), last.At)

	esc := rec.find(t, scheduler.KindEscalated, "P3.3", "AS-1")
	require.Equal(t, "escalated:P3.3:AS-1:after_sales:0:"+unix(cst(2026, 11, 10, 0))+":项目一部", esc.Key)
	require.Contains(t, esc.Message, "项目一部")
}

func TestP3_3_PartEscalatedByAPersonIsLeftAlone(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	r := f.handlingRequest(t, cst(2026, 11, 2, 9))
	f.clock.Set(cst(2026, 11, 5, 9))
	_, err := f.requests.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: "项目一部", Reason: "需设计部配合", Actor: site})
	require.NoError(t, err)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.ReportsSince = complaint.Month{} })

	f.clock.Set(cst(2026, 11, 12, 9))
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 2}, res, "only overdue notices: the handling (P3.2), and the coordination the desk owes since the report (P3.3)")
	for _, n := range rec.all() {
		require.Equal(t, scheduler.KindOverdue, n.Kind)
	}
	coord := rec.find(t, scheduler.KindOverdue, "P3.3", r.ID)
	require.Equal(t, aftersales.DeptAfterSales, coord.Owner)
	require.Contains(t, coord.Message, "售后管理部协调上报的困难")
	require.Contains(t, coord.Key, ":coordination", "a step's key names the step")
	h, err := f.requests.History(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, 1, countEvents(h, aftersales.EventEscalated))
}

func TestP3_3_CompletedBeforeTheClaimIsNotEscalated(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	r := f.handlingRequest(t, cst(2026, 11, 2, 9))
	f.clock.Set(cst(2026, 11, 12, 9))
	// Complete while the scheduler scans: a notifier that completes the
	// part when it hears of the overdue deadline, before the escalation.
	rec := &recorder{}
	completing := scheduler.NotifierFunc(func(ctx context.Context, n scheduler.Notification) error {
		if n.Kind == scheduler.KindOverdue {
			_, err := f.requests.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: "项目一部", Result: "已修复", Actor: site})
			require.NoError(t, err)
		}
		return rec.Notify(ctx, n)
	})
	s := f.scheduler(t, "a", completing, func(c *scheduler.Config) { c.ReportsSince = complaint.Month{} })
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1, Skipped: 1}, res)
	h, err := f.requests.History(f.ctx, r.ID)
	require.NoError(t, err)
	require.Zero(t, countEvents(h, aftersales.EventEscalated))
}

func TestC4_2_MissedResultAlertsTheLevelAbove(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	c := f.unansweredComplaint(t, cst(2026, 11, 2, 9))
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.ReportsSince = complaint.Month{} })

	f.clock.Set(cst(2026, 11, 12, 0))
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1}, res)
	n := rec.find(t, scheduler.KindEscalated, "C4.2", c.ID)
	require.Equal(t, "after_sales_head", n.Owner)
	require.Equal(t, cst(2026, 11, 12, 0), n.Due)
	require.Contains(t, n.Message, "售后管理部部长")
	require.Contains(t, n.Message, "责任部门（项目一部）")
	got, err := f.complaints.Get(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, c.Version, got.Version, "the complaint itself is not changed")

	// Escalated by the customer twice, the general manager owns it: an
	// unanswered result there alerts the top level itself.
	head := aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead}
	f.clock.Set(cst(2026, 11, 13, 9))
	_, err = f.complaints.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已上门维修", Actor: site})
	require.NoError(t, err)
	_, err = f.complaints.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "仍渗水", Actor: customer})
	require.NoError(t, err)
	_, err = f.complaints.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "部长督办", Actor: head})
	require.NoError(t, err)
	c, err = f.complaints.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "还是渗水", Actor: customer})
	require.NoError(t, err)
	require.Equal(t, 2, c.Level)
	f.clock.Set(cst(2026, 12, 1, 9))
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1}, res, "the earlier results were given: only the top level's is owed")
	var top scheduler.Notification
	for _, n := range rec.all() {
		if n.Owner == "general_manager" {
			top = n
		}
	}
	require.Equal(t, "C4.2", top.Clause)
	require.Contains(t, top.Message, "公司总经理")
	require.True(t, strings.HasPrefix(top.Key, "escalated:C4.2:"+c.ID+":general_manager:2:"), top.Key)
}

func TestC2_2_MajorComplaintStepsOverdue(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	head := aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead}
	c, err := f.complaints.Register(f.ctx, complaint.RegisterCommand{Actor: head, Major: true, Criteria: []string{"safety"},
		Registration: complaint.Registration{Complainant: aftersales.Customer{Name: "业委会"}, Type: complaint.TypeQuality,
			Description: "外墙瓷砖脱落砸坏车辆", Channel: aftersales.ChannelOnSite, ReceivedAt: f.clock.Now()}})
	require.NoError(t, err)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.ReportsSince = complaint.Month{} })
	f.clock.Set(cst(2026, 11, 5, 9)) // C2.1, both C2.2 steps and nothing else missed
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 3}, res)
	keys := rec.byKey()
	require.Contains(t, keys, "overdue:C2.2:"+c.ID+":after_sales:0:"+unix(cst(2026, 11, 2, 11))+":declared_major")
	require.Contains(t, keys, "overdue:C2.2:"+c.ID+":after_sales:0:"+unix(cst(2026, 11, 5, 0))+":declared_major_feedback")
}

func TestWarranty_DueSoonThenMissed(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 20, 10))
	_, err := f.warranties.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-3", PlannedStart: calendar.D(2026, 12, 20), Actor: manager})
	require.NoError(t, err)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.RemindBefore = 24 * time.Hour })

	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 2}, res, "the notice due soon, and October's complaint report")
	soon := rec.find(t, scheduler.KindWarrantyNotice, "W2.1", "P-3")
	require.True(t, strings.HasSuffix(soon.Key, ":soon"), soon.Key)
	require.Contains(t, soon.Message, "即将到期")

	f.clock.Set(cst(2026, 11, 21, 0))
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1, Skipped: 1}, res, "missed is told again")
	require.Len(t, rec.byKey(), 3)

	// Once sent, nothing more.
	_, err = f.warranties.RecordNotice(f.ctx, "P-3", warranty.NoticeCommand{To: []string{"项目一部"}, Actor: manager})
	require.NoError(t, err)
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Skipped: 1}, res)
}

func TestTick_ReportsSinceZeroTracksNoReport(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 20, 10))
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.ReportsSince = complaint.Month{} })
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Zero(t, res)
}

func TestTick_DeliveredReportIsNotReported(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 20, 10))
	_, err := f.complaints.DeliverReport(f.ctx, complaint.Month{Year: 2026, Month: time.October}, complaint.DeliverCommand{To: "公司总经理", Actor: staff})
	require.NoError(t, err)
	rec := &recorder{}
	res, err := f.scheduler(t, "a", rec).Tick(f.ctx)
	require.NoError(t, err)
	require.Zero(t, res)
}

// failingClaims fails every call.
type failingClaims struct{}

func (failingClaims) Claim(context.Context, string, string, time.Time, time.Duration) (bool, error) {
	return false, errors.New("claims down")
}
func (failingClaims) Done(context.Context, string, time.Time) error { return errors.New("claims down") }
func (failingClaims) Release(context.Context, string, string) error { return errors.New("claims down") }

func TestTick_ClaimsFailureSendsNothing(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.Claims = failingClaims{} })
	res, err := s.Tick(f.ctx)
	require.ErrorContains(t, err, "claims down")
	require.Equal(t, scheduler.Result{Failed: populatedItems}, res)
	require.Empty(t, rec.all())
}

func TestNew_Validates(t *testing.T) {
	_, err := scheduler.New(scheduler.Config{})
	require.Error(t, err, "no notifier")
	_, err = scheduler.New(scheduler.Config{Notifier: &recorder{}, Lease: -time.Second})
	require.Error(t, err)
	_, err = scheduler.New(scheduler.Config{Notifier: &recorder{}, ReportsSince: complaint.Month{Year: 2026, Month: 13}})
	require.Error(t, err)
	s, err := scheduler.New(scheduler.Config{Notifier: &recorder{}})
	require.NoError(t, err)
	res, err := s.Tick(context.Background())
	require.NoError(t, err, "no service: nothing to scan")
	require.Zero(t, res)
}

func TestRun_StopsOnCancel(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.Interval = 5 * time.Millisecond })
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx) }()
	require.Eventually(t, func() bool { return len(rec.all()) == populatedItems }, 5*time.Second, 5*time.Millisecond)
	time.Sleep(30 * time.Millisecond) // a few more ticks
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(5 * time.Second):
		t.Fatal("Run did not stop")
	}
	require.Len(t, rec.all(), populatedItems, "each item once over many ticks")
}

func TestTick_CancelledContext(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	rec := &recorder{}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := f.scheduler(t, "a", rec).Tick(ctx)
	require.ErrorIs(t, err, context.Canceled)
	require.Zero(t, res.Sent)
	require.Empty(t, rec.all())
}
