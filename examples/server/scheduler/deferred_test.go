package scheduler_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// deferrer defers every notification that is not urgent until until (the
// way quiet hours do), then delivers it to rec; it counts its calls.
type deferrer struct {
	mu    sync.Mutex
	until time.Time
	now   func() time.Time
	calls int
	rec   *recorder
}

func (d *deferrer) Notify(ctx context.Context, n scheduler.Notification) error {
	d.mu.Lock()
	d.calls++
	wait := d.now().Before(d.until) && !n.Urgent()
	d.mu.Unlock()
	if wait {
		return scheduler.Defer(d.until, "非工作时间")
	}
	return d.rec.Notify(ctx, n)
}

func (d *deferrer) count() int { d.mu.Lock(); defer d.mu.Unlock(); return d.calls }

// TestTick_DeferredNotificationsWaitAndAreNotLost: a notifier that defers
// (quiet hours) makes the tick count the items as deferred, not failed,
// with no error; the items are not claimed again on this instance before
// their time; urgent ones (P1.3) go at once; once the time comes, every
// deferred item is delivered exactly once and then never again.
func TestTick_DeferredNotificationsWaitAndAreNotLost(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	now := f.populate(t)
	rec := &recorder{}
	morning := now.Add(10 * time.Minute)
	d := &deferrer{until: morning, now: f.clock.Now, rec: rec}
	s := f.scheduler(t, "a", d)

	res, err := s.Tick(f.ctx)
	require.NoError(t, err, "a deferral is no failure")
	require.Equal(t, scheduler.Result{Sent: 1, Deferred: populatedItems - 1, Escalated: 1}, res, "only the urgent P1.3 reminder goes at once")
	require.Equal(t, "P1.3", rec.all()[0].Clause)
	calls := d.count()

	f.clock.Set(now.Add(5 * time.Minute)) // before the deferral ends
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Skipped: 1, Deferred: populatedItems - 1}, res)
	require.Equal(t, calls, d.count(), "deferred items are not claimed and notified again before their time")

	f.clock.Set(morning)
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: populatedItems - 1, Skipped: 1}, res)
	res, err = s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Skipped: populatedItems - overdueRequestItems}, res)
	require.Len(t, rec.byKey(), populatedItems)
	for key, n := range rec.byKey() {
		require.Equal(t, 1, n, key)
	}
}

// TestTick_DeferredClaimIsReleasedForOtherInstances: a deferral releases
// the claim, so that another instance (with its own clock of deferrals)
// may send the item at once if its notifier does not defer.
func TestTick_DeferredClaimIsReleasedForOtherInstances(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	d := &deferrer{until: f.clock.Now().Add(time.Hour), now: f.clock.Now, rec: &recorder{}}
	_, err := f.scheduler(t, "a", d).Tick(f.ctx)
	require.NoError(t, err)
	rec := &recorder{}
	res, err := f.scheduler(t, "b", rec).Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: populatedItems - 1, Skipped: 1}, res)
}

// TestTick_DeferralBesideAFailureIsAFailure: a MultiNotifier where one
// part defers and another fails reports the failure.
func TestTick_DeferralBesideAFailureIsAFailure(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	d := &deferrer{until: f.clock.Now().Add(time.Hour), now: f.clock.Now, rec: &recorder{}}
	down := &recorder{fail: func(scheduler.Notification) bool { return true }}
	res, err := f.scheduler(t, "a", scheduler.MultiNotifier{d, down}).Tick(f.ctx)
	require.Error(t, err)
	require.Equal(t, populatedItems, res.Failed)
	require.Zero(t, res.Deferred)
}

func TestIsDeferred(t *testing.T) {
	at := cst(2026, 11, 23, 8)
	later := at.Add(time.Hour)
	for _, c := range []struct {
		name  string
		err   error
		until time.Time
		ok    bool
	}{
		{"nil", nil, time.Time{}, false},
		{"plain failure", errors.New("down"), time.Time{}, false},
		{"deferral", scheduler.Defer(at, "非工作时间"), at, true},
		{"wrapped", fmt.Errorf("notifier 2: %w", scheduler.Defer(at, "x")), at, true},
		{"joined deferrals: the earliest", errors.Join(scheduler.Defer(later, "x"), fmt.Errorf("n: %w", scheduler.Defer(at, "y"))), at, true},
		{"joined with a failure", errors.Join(scheduler.Defer(at, "x"), errors.New("down")), time.Time{}, false},
		{"no time: the next tick", errors.Join(scheduler.Defer(at, "x"), scheduler.Defer(time.Time{}, "y")), time.Time{}, true},
	} {
		until, ok := scheduler.IsDeferred(c.err)
		require.Equal(t, c.ok, ok, c.name)
		require.True(t, c.until.Equal(until), "%s: %v", c.name, until)
	}
	require.Contains(t, scheduler.Defer(at, "非工作时间").Error(), "2026-11-23 08:00")
}

func TestUrgent(t *testing.T) {
	for clause, urgent := range map[string]bool{"P1.3": true, "C2.2": true, "P1.2": false, "P3.2": false, "C4.2": false, "G3.3": false} {
		require.Equal(t, urgent, scheduler.Notification{Clause: clause}.Urgent(), clause)
	}
}

// TestOnceNotifier: in a MultiNotifier whose other part defers, the
// wrapped part is sent each key once, however often the notification is
// retried.
func TestOnceNotifier(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	now := f.populate(t)
	log := &recorder{}
	d := &deferrer{until: now.Add(10 * time.Minute), now: f.clock.Now, rec: &recorder{}}
	s := f.scheduler(t, "a", scheduler.MultiNotifier{scheduler.Once(log), d})
	for i := range 4 {
		f.clock.Set(now.Add(time.Duration(i) * 5 * time.Minute))
		_, err := s.Tick(f.ctx)
		require.NoError(t, err)
	}
	require.Len(t, d.rec.byKey(), populatedItems)
	require.Len(t, log.all(), populatedItems, "each key logged once")
}
