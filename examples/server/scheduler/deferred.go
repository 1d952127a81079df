package scheduler

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// DeferredError is what a Notifier returns when a notification is not
// delivered yet but is not failing either: it waits for working hours
// (quiet hours) or for a group robot's rate limit, and is to be sent
// again later. The Scheduler releases the item's claim, counts it in
// Result.Deferred rather than Result.Failed, logs nothing, and leaves the
// item alone on this instance until Until, when the next tick notifies it
// again. Nothing is lost: the item is marked done only when Notify
// finally returns nil.
type DeferredError struct {
	Until  time.Time // when to try again, on the scheduler's clock; zero: at the next tick
	Reason string    // Chinese, for a person reading the debug log
}

// Error says why and until when the notification waits.
func (e *DeferredError) Error() string {
	if e.Until.IsZero() {
		return "稍后发送：" + e.Reason
	}
	return fmt.Sprintf("推迟到 %s 发送：%s", when(e.Until), e.Reason)
}

// Defer returns a *DeferredError.
func Defer(until time.Time, reason string) error { return &DeferredError{Until: until, Reason: reason} }

// IsDeferred reports whether err defers a notification and nothing else:
// every error it joins or wraps ends in a *DeferredError. A real failure
// beside a deferral makes it false, so that the failure is reported. It
// also returns the earliest Until among the deferrals (zero if any is
// zero), when the notification is worth trying again.
func IsDeferred(err error) (time.Time, bool) {
	if err == nil {
		return time.Time{}, false
	}
	if d, ok := err.(*DeferredError); ok {
		return d.Until, true
	}
	switch x := err.(type) {
	case interface{ Unwrap() []error }:
		var until time.Time
		errs := x.Unwrap()
		for i, e := range errs {
			u, ok := IsDeferred(e)
			if !ok {
				return time.Time{}, false
			}
			if i == 0 || u.Before(until) {
				until = u
			}
		}
		return until, len(errs) > 0
	case interface{ Unwrap() error }:
		return IsDeferred(x.Unwrap())
	}
	return time.Time{}, false
}

// Urgent reports whether a notification must reach people at once, even
// outside working hours: an urgent request's immediate measures (P1.3) and
// a major complaint's emergency plan and feedback (C2.2). The regulation
// says 立即 for both.
func (n Notification) Urgent() bool {
	return n.Clause == "P1.3" || n.Clause == "C2.2"
}

// OnceNotifier wraps a Notifier so that, within this process, a key it
// has delivered is not delivered again: a later Notify of the same key
// returns nil at once. Wrap each part of a MultiNotifier in one, so that a
// retry caused by another part (failed or deferred) does not repeat this
// part's log line or webhook call. Keys are forgotten after TTL. A new
// process starts with no memory: exactly once across restarts and
// instances needs an outbox, which this is not.
type OnceNotifier struct {
	Next Notifier
	TTL  time.Duration // default 30 days: longer than any run of rest days

	mu     sync.Mutex
	sent   map[string]time.Time
	pruned time.Time
}

// Once returns an OnceNotifier around n.
func Once(n Notifier) *OnceNotifier { return &OnceNotifier{Next: n} }

// Notify delivers n through Next unless its key was delivered already.
func (o *OnceNotifier) Notify(ctx context.Context, n Notification) error {
	o.mu.Lock()
	_, done := o.sent[n.Key]
	o.mu.Unlock()
	if done {
		return nil
	}
	if err := o.Next.Notify(ctx, n); err != nil {
		return err
	}
	now := time.Now()
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.sent == nil {
		o.sent = map[string]time.Time{}
	}
	o.sent[n.Key] = now
	ttl := o.TTL
	if ttl <= 0 {
		ttl = 30 * 24 * time.Hour
	}
	if now.Sub(o.pruned) > time.Hour {
		for k, at := range o.sent {
			if now.Sub(at) > ttl {
				delete(o.sent, k)
			}
		}
		o.pruned = now
	}
	return nil
}

// waits remembers, per instance, the items deferred until a later time,
// so that a tick does not claim and release them again before then, and
// how many times in a row each item's notification failed (back-off).
type waits struct {
	mu    sync.Mutex
	until map[string]time.Time
	fails map[string]failures
}

// failures counts an item's failures in a row, and when the last was.
type failures struct {
	n    int
	last time.Time
}

// maxBackoff is the longest a failing notification waits between tries.
const maxBackoff = time.Hour

// failed counts one more failure of key in a row and defers it by the
// back-off: every for the first, then twice as long each time, at most
// maxBackoff (or every, if longer). It returns when key is tried again.
func (w *waits) failed(key string, now time.Time, every time.Duration) time.Time {
	w.mu.Lock()
	if w.fails == nil {
		w.fails = map[string]failures{}
	}
	f := w.fails[key]
	f.n, f.last = f.n+1, now
	w.fails[key] = f
	n := f.n
	w.mu.Unlock()
	d := every
	for i := 1; i < n && d < maxBackoff; i++ {
		d *= 2
	}
	d = min(d, max(maxBackoff, every))
	u := now.Add(d)
	w.wait(key, u)
	return u
}

// succeeded forgets key's failures.
func (w *waits) succeeded(key string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	delete(w.fails, key)
}

// waiting reports whether key is deferred beyond now, forgetting it once
// its time has come.
func (w *waits) waiting(key string, now time.Time) bool {
	w.mu.Lock()
	defer w.mu.Unlock()
	u, ok := w.until[key]
	if ok && !now.Before(u) {
		delete(w.until, key)
		return false
	}
	return ok
}

// wait defers key until u (nothing for a zero u).
func (w *waits) wait(key string, u time.Time) {
	if u.IsZero() {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.until == nil {
		w.until = map[string]time.Time{}
	}
	w.until[key] = u
}

// prune forgets every deferral whose time has come, including those of
// items that are no longer due.
func (w *waits) prune(now time.Time) {
	w.mu.Lock()
	defer w.mu.Unlock()
	for k, u := range w.until {
		if !now.Before(u) {
			delete(w.until, k)
		}
	}
	// An item that has not failed here for twice the longest back-off was
	// done elsewhere, or is no longer due: its count goes.
	for k, f := range w.fails {
		if now.Sub(f.last) > 2*maxBackoff {
			delete(w.fails, k)
		}
	}
}
