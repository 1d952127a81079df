package scheduler_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// A complaint's paused clocks are never overdue; a pause that outlives its
// limit is reported to the after-sales department like any other overdue
// deadline (G3.3), once.
func TestG3_3_ComplaintPauseOutlivingItsLimitIsReported(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	c, err := f.complaints.Register(f.ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, Type: complaint.TypeQuality,
		Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: f.clock.Now()}})
	require.NoError(t, err)
	_, err = f.complaints.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: staff})
	require.NoError(t, err)
	f.clock.Set(cst(2026, 11, 2, 10))
	c, err = f.complaints.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出国，无法入户", Actor: site})
	require.NoError(t, err)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.ReportsSince = complaint.Month{} })

	// C3.1 (due 11-06) and C4.1 (due 11-12) have passed, but stand still.
	f.clock.Set(cst(2026, 11, 16, 23))
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{}, res, "nothing overdue while paused")

	// Ten working days after the pause: the limit has passed.
	f.clock.Set(cst(2026, 11, 17, 0))
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1}, res)
	n := rec.find(t, scheduler.KindOverdue, "G3.3", c.ID)
	require.Equal(t, aftersales.DeptAfterSales, n.Owner)
	require.Equal(t, cst(2026, 11, 17, 0), n.Due)
	require.Contains(t, n.Message, "无法入户")
	require.Equal(t, "overdue:G3.3:"+c.ID+":after_sales:0:"+unix(cst(2026, 11, 17, 0))+":pause_limit", n.Key)
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Skipped: 1}, res, "reported once: found again, already claimed")

	// Resumed: the clocks run again from where they stood, nothing is owed
	// yet.
	_, err = f.complaints.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: staff})
	require.NoError(t, err)
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{}, res)
}

// Each department's missed investigation (C3.1) goes to that department.
func TestC3_1_EachDepartmentsMissedInvestigationGoesToIt(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	c, err := f.complaints.Register(f.ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, Type: complaint.TypeQuality,
		Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: f.clock.Now()}})
	require.NoError(t, err)
	_, err = f.complaints.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{"项目一部", "设计部"}, Actor: staff})
	require.NoError(t, err)
	_, err = f.complaints.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{Findings: "打胶老化", Measures: "重新打胶", Owner: "周工"}})
	require.NoError(t, err)
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.ReportsSince = complaint.Month{} })
	f.clock.Set(cst(2026, 11, 6, 9))
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1}, res)
	n := rec.find(t, scheduler.KindOverdue, "C3.1", c.ID)
	require.Equal(t, "设计部", n.Owner)
	require.Contains(t, n.Message, "设计部")
}

// countingClaims counts the claims taken: each is a write to the claims
// table.
type countingClaims struct {
	*scheduler.MemClaims
	claims int
}

func (c *countingClaims) Claim(ctx context.Context, key, owner string, at time.Time, lease time.Duration) (bool, error) {
	c.claims++
	return c.MemClaims.Claim(ctx, key, owner, at, lease)
}

// TestOverdueBacklogCostsNoWritesAfterItsNotice: a complaint step that
// stays overdue is met again at every tick; once its notice is sent, a
// tick reads that it is done and writes nothing (no claim), so that a
// backlog of overdue complaints costs reads, not a write each per minute.
func TestOverdueBacklogCostsNoWritesAfterItsNotice(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	for range 3 {
		_, err := f.complaints.Register(f.ctx, complaint.RegisterCommand{Actor: staff, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, Type: complaint.TypeQuality,
			Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: f.clock.Now()}})
		require.NoError(t, err)
	}
	claims := &countingClaims{MemClaims: scheduler.NewMemClaims()}
	rec := &recorder{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.Claims, c.ReportsSince = claims, complaint.Month{} })
	f.clock.Set(cst(2026, 11, 9, 9)) // C2.1 (forward within a working day) long past
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, 3, res.Sent, "%+v", res)
	require.Equal(t, 3, claims.claims)
	for range 3 {
		f.clock.Set(f.clock.Now().Add(time.Minute))
		res, err = s.Tick(f.ctx)
		require.NoError(t, err)
		require.Equal(t, scheduler.Result{Skipped: 3}, res, "found again, already done")
	}
	require.Equal(t, 3, claims.claims, "no claim written after the notices")
}
