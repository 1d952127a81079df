package scheduler

import (
	"sync"
	"time"
)

// watermark is how far an instance has handled the overdue after-sales
// deadlines: every deadline due before upTo was, at the scan that read it,
// sent, skipped as done or claimed elsewhere, with nothing left to retry.
// A tick then reads only the deadlines that fell due since (less a margin
// of one interval), so that it costs what fell due, not what is overdue;
// every sweepEvery, and at an instance's first tick, it reads them all
// again. The sweep is what catches a deadline whose due instant was set in
// the past after a scan passed it (a clock resumed long after its due
// instant, a recomputation, an imported history): such a deadline is
// notified at the next tick when the Scheduler has a ChangeFeed (the
// requests written since the last clean scan are read whole), else at the
// next sweep.
type watermark struct {
	mu        sync.Mutex
	upTo      time.Time // zero: nothing handled yet on this instance
	lastSweep time.Time
	position  string // the change feed's position the last clean scan read up to
}

// from returns the due instant a scan at now reads from (zero: all),
// whether that scan is a sweep, and the change feed's position it reads
// changes from (meaningless for a sweep).
func (w *watermark) from(now time.Time, sweepEvery, margin time.Duration) (time.Time, bool, string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.upTo.IsZero() || now.Sub(w.lastSweep) >= sweepEvery || now.Before(w.lastSweep) {
		return time.Time{}, true, ""
	}
	return w.upTo.Add(-margin), false, w.position
}

// handled records that the scan at now, a sweep or not, left nothing to
// retry, having read the change feed up to position.
func (w *watermark) handled(now time.Time, sweep bool, position string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if sweep {
		w.lastSweep = now
	}
	if w.upTo.IsZero() && !sweep {
		return // only a sweep starts the watermark
	}
	if now.After(w.upTo) {
		w.upTo = now
	}
	w.position = position
}
