package scheduler_test

import (
	"context"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

func TestMemClaims_Lifecycle(t *testing.T) {
	ctx := context.Background()
	m := scheduler.NewMemClaims()
	t0 := cst(2026, 11, 20, 10)
	lease := 5 * time.Minute
	claim := func(owner string, at time.Time) bool {
		t.Helper()
		ok, err := m.Claim(ctx, "k", owner, at, lease)
		require.NoError(t, err)
		return ok
	}

	require.True(t, claim("a", t0), "first claim")
	require.False(t, claim("b", t0.Add(time.Minute)), "held by a")
	require.False(t, claim("a", t0.Add(time.Minute)), "not even a takes it twice within the lease")
	require.True(t, claim("b", t0.Add(lease)), "a's lease passed: b takes over")
	require.False(t, claim("a", t0.Add(lease+time.Minute)), "b's claim is fresh")

	require.NoError(t, m.Release(ctx, "k", "a"), "not a's any more: no effect")
	require.False(t, claim("c", t0.Add(lease+time.Minute)))
	require.NoError(t, m.Release(ctx, "k", "b"))
	require.True(t, claim("c", t0.Add(lease+time.Minute)), "released: free at once")

	require.NoError(t, m.Done(ctx, "k", t0.Add(lease+2*time.Minute)))
	require.False(t, claim("d", t0.Add(24*time.Hour)), "done is for good")
	require.NoError(t, m.Release(ctx, "k", "c"), "releasing a done claim changes nothing")
	require.False(t, claim("c", t0.Add(48*time.Hour)))

	require.NoError(t, m.Release(ctx, "unknown", "a"))
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err := m.Claim(cancelled, "x", "a", t0, lease)
	require.ErrorIs(t, err, context.Canceled)
}

func TestMemClaims_OneWinnerUnderContention(t *testing.T) {
	m := scheduler.NewMemClaims()
	at := cst(2026, 11, 20, 10)
	for k := range 50 {
		key := fmt.Sprintf("key-%d", k)
		var wins atomic.Int32
		var wg sync.WaitGroup
		for i := range 8 {
			wg.Go(func() {
				ok, err := m.Claim(context.Background(), key, fmt.Sprintf("owner-%d", i), at, time.Minute)
				require.NoError(t, err)
				if ok {
					wins.Add(1)
				}
			})
		}
		wg.Wait()
		require.Equal(t, int32(1), wins.Load(), key)
	}
}

// TestTick_TakesOverAStoppedInstancesNotice: an overdue notice claimed by
// an instance that stopped before finishing it (never done, never
// released) is sent by another instance at its first tick after the
// claim's lease ends, not at the next sweep an hour later: a skip for a
// claim held elsewhere does not count as handled (ClaimReader).
func TestTick_TakesOverAStoppedInstancesNotice(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	rec := &recorder{}
	b := f.scheduler(t, "b", rec, func(c *scheduler.Config) { c.Lease, c.SweepEvery = 2*time.Minute, 1000*time.Hour })
	// b's first tick, a sweep, sends everything; "a" then claims a
	// notice that falls due later and stops.
	_, err := b.Tick(f.ctx)
	require.NoError(t, err)
	r, err := f.requests.Register(f.ctx, aftersales.RegisterCommand{Actor: aftersales.Actor{ID: "u", Role: aftersales.RoleAfterSalesStaff,
		DepartmentID: aftersales.DeptAfterSales}, Registration: aftersales.Registration{Customer: aftersales.Customer{ID: "C-9", Name: "王"},
		Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: f.clock.Now()}})
	require.NoError(t, err)
	d := r.Deadlines[0]
	require.Equal(t, aftersales.ClauseP1_2, d.Clause)
	f.clock.Set(d.Due.Add(5 * time.Minute)) // past the watermark's margin of one interval
	key := fmt.Sprintf("overdue:P1.2:%s:after_sales:0:%d", r.ID, d.Due.Unix())
	held, err := f.claims.Claim(f.ctx, key, "a", f.clock.Now(), time.Minute)
	require.NoError(t, err)
	require.True(t, held, "a claims it first")

	ofR := func() int {
		n := 0
		for _, x := range rec.all() {
			if x.Key == key {
				n++
			}
		}
		return n
	}
	res, err := b.Tick(f.ctx)
	require.NoError(t, err)
	require.Positive(t, res.Skipped, "held by a")
	require.Zero(t, ofR(), "not sent while a holds it")
	f.clock.Set(f.clock.Now().Add(3 * time.Minute))
	_, err = b.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, 1, ofR(), "taken over once the lease ended, before any sweep")
}
