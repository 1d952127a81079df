package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"strconv"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/warranty"
)

// Config wires a Scheduler. Notifier is required; a nil service is not
// scanned.
type Config struct {
	Requests   *aftersales.Service
	Complaints *complaint.Service
	Warranties *warranty.Service
	Notifier   Notifier
	// Claims is shared by every instance on the same database; default
	// NewMemClaims(), which is right for one instance only.
	Claims Claims
	Clock  aftersales.Clock // default the system clock
	// Owner names this instance in Claims; default host name and process
	// ID. Each instance needs its own.
	Owner        string
	RemindBefore time.Duration // default 4h: remind about deadlines due within this
	Interval     time.Duration // default 1m: Run ticks this often
	Lease        time.Duration // default 5m: a claim older than this, not done, may be taken over
	// SweepEvery is how often the scan of overdue after-sales deadlines
	// reads all of them; the ticks between read only those that fell due
	// since the last scan that left nothing to retry, and those of the
	// requests Changes names (see the package documentation). Default 1h.
	SweepEvery time.Duration
	// Changes, if set, names the requests written since a position, so
	// that a tick between sweeps also reads a deadline that was already
	// overdue when it was written (a registration back-dated by days, a
	// clock resumed late, a recomputed or imported history). Without it,
	// such a deadline is notified at the next sweep.
	Changes ChangeFeed
	// ReportsSince is the first month whose complaint report (C5.1) is
	// tracked; the zero Month tracks none.
	ReportsSince complaint.Month
	Logger       *slog.Logger // default: discard
	// AfterTick, if set, is called by Run after each tick with its
	// report; the server's metrics use it. It must be quick.
	AfterTick func(ctx context.Context, rep TickReport)
}

// TickReport is what Run tells Config.AfterTick about one tick.
type TickReport struct {
	Result Result
	Err    error         // the tick's failures, joined; nil if none
	Start  time.Time     // when the tick started, on the wall clock
	Took   time.Duration // how long it ran
	// Lag is how late the tick started after it was due (the ticker's
	// time); 0 for the first tick.
	Lag time.Duration
}

// Scheduler scans deadlines and duties and notifies about them; see the
// package documentation. It is safe for concurrent use.
type Scheduler struct {
	requests     *aftersales.Service
	complaints   *complaint.Service
	warranties   *warranty.Service
	notifier     Notifier
	claims       Claims
	clock        aftersales.Clock
	owner        string
	remindBefore time.Duration
	interval     time.Duration
	lease        time.Duration
	reportsSince complaint.Month
	log          *slog.Logger
	waits        waits // items deferred by the notifier, per instance
	afterTick    func(context.Context, TickReport)
	sweepEvery   time.Duration
	changes      ChangeFeed
	overdue      watermark // how far the overdue after-sales deadlines have been handled
}

// ChangeFeed names the requests written since a position of a store's
// change feed (the reference server's sqlstore.DB.FeedEnd and FeedRecords).
type ChangeFeed interface {
	// End returns the position after the last change written.
	End(ctx context.Context) (string, error)
	// Requests returns the IDs of the requests written after the position
	// after, each once, and the position after the last change read.
	Requests(ctx context.Context, after string) ([]string, string, error)
}

// New returns a Scheduler, or an error if the configuration is invalid.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Notifier == nil {
		return nil, errors.New("scheduler: no Notifier")
	}
	if cfg.RemindBefore < 0 || cfg.Interval < 0 || cfg.Lease < 0 || cfg.SweepEvery < 0 {
		return nil, errors.New("scheduler: RemindBefore, Interval, Lease and SweepEvery must not be negative")
	}
	if m := cfg.ReportsSince; m != (complaint.Month{}) && (m.Month < time.January || m.Month > time.December || m.Year < 2000) {
		return nil, fmt.Errorf("scheduler: ReportsSince %s is not a month since 2000", m)
	}
	s := &Scheduler{requests: cfg.Requests, complaints: cfg.Complaints, warranties: cfg.Warranties,
		notifier: cfg.Notifier, claims: cfg.Claims, clock: cfg.Clock, owner: cfg.Owner,
		remindBefore: cfg.RemindBefore, interval: cfg.Interval, lease: cfg.Lease,
		reportsSince: cfg.ReportsSince, log: cfg.Logger, afterTick: cfg.AfterTick, sweepEvery: cfg.SweepEvery,
		changes: cfg.Changes}
	if s.claims == nil {
		s.claims = NewMemClaims()
	}
	if s.clock == nil {
		s.clock = aftersales.SystemClock{}
	}
	if s.owner == "" {
		host, _ := os.Hostname()
		s.owner = host + "-" + strconv.Itoa(os.Getpid())
	}
	if s.remindBefore == 0 {
		s.remindBefore = 4 * time.Hour
	}
	if s.interval == 0 {
		s.interval = time.Minute
	}
	if s.lease == 0 {
		s.lease = 5 * time.Minute
	}
	if s.sweepEvery == 0 {
		s.sweepEvery = time.Hour
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

// Result counts what one tick did. Sent counts notifications delivered,
// Escalated the P3.3 escalations made, Skipped the items claimed by
// another instance or already handled, Failed the items whose claim or
// action failed (to be retried: after one interval, then twice as long
// after each failure in a row, at most an hour), Deferred the items whose
// notification waits (quiet hours, a robot's rate limit, see
// DeferredError; or the back-off after a failure), to be sent by a later
// tick.
type Result struct{ Sent, Skipped, Failed, Escalated, Deferred int }

// Tick scans once: after-sales deadlines, complaints and their monthly
// reports, warranty duties, in that order. A source that cannot be read
// does not stop the others. The error joins every failure of the tick; the
// Result is complete even then.
func (s *Scheduler) Tick(ctx context.Context) (Result, error) {
	t := &tick{s: s, now: s.clock.Now()}
	s.waits.prune(t.now)
	if s.requests != nil {
		t.fail(s.scanRequests(ctx, t))
	}
	if s.complaints != nil {
		t.fail(s.scanComplaints(ctx, t))
		if s.reportsSince != (complaint.Month{}) {
			t.fail(s.scanReports(ctx, t))
		}
	}
	if s.warranties != nil {
		t.fail(s.scanWarranties(ctx, t))
	}
	if err := ctx.Err(); err != nil && len(t.errs) == 0 {
		t.errs = append(t.errs, err)
	}
	return t.res, errors.Join(t.errs...)
}

// Run ticks at once and then every Interval until ctx is done, logging
// each tick's failures. It returns nil when ctx is done.
func (s *Scheduler) Run(ctx context.Context) error {
	ticker := time.NewTicker(s.interval)
	defer ticker.Stop()
	var due time.Time // when this tick was due; zero for the first
	for {
		start := time.Now()
		res, err := s.Tick(ctx)
		if ctx.Err() != nil {
			return nil
		}
		if s.afterTick != nil {
			rep := TickReport{Result: res, Err: err, Start: start, Took: time.Since(start)}
			if !due.IsZero() && start.After(due) {
				rep.Lag = start.Sub(due)
			}
			s.afterTick(ctx, rep)
		}
		if err != nil {
			s.log.WarnContext(ctx, "scheduler tick failed", slog.String("owner", s.owner), slog.Any("error", err),
				slog.Int("sent", res.Sent), slog.Int("failed", res.Failed))
		} else if res.Sent > 0 || res.Escalated > 0 {
			s.log.InfoContext(ctx, "scheduler tick", slog.String("owner", s.owner),
				slog.Int("sent", res.Sent), slog.Int("escalated", res.Escalated), slog.Int("skipped", res.Skipped),
				slog.Int("deferred", res.Deferred))
		} else if res.Deferred > 0 {
			s.log.DebugContext(ctx, "scheduler tick: notifications deferred", slog.String("owner", s.owner),
				slog.Int("deferred", res.Deferred))
		}
		select {
		case <-ctx.Done():
			return nil
		case due = <-ticker.C:
		}
	}
}

// tick is the state of one Tick.
type tick struct {
	s    *Scheduler
	now  time.Time
	res  Result
	errs []error
	// elsewhere counts the items skipped because another instance holds
	// them, not done (ClaimReader): not handled yet. It is counted only
	// while watching is set, where the watermark needs it (the overdue
	// after-sales deadlines); elsewhere a skip costs no read.
	elsewhere int
	watching  bool
}

func (t *tick) fail(err error) {
	if err != nil {
		t.errs = append(t.errs, err)
	}
}

// outcome is what an item's action did.
type outcome int

const (
	sent    outcome = iota // notified
	nothing                // nothing left to do: the item is done without a notification
)

// handle claims key and, if held, runs act: done on success, released on
// failure so that the next tick retries. A deferred notification (see
// DeferredError) is released too, without a failure, and left alone on
// this instance until its time.
func (t *tick) handle(ctx context.Context, key string, act func(context.Context) (outcome, error)) {
	if ctx.Err() != nil {
		return
	}
	s := t.s
	if s.waits.waiting(key, t.now) {
		t.res.Deferred++
		return
	}
	// An item done already costs a read, not a write: a backlog of
	// overdue items is met again at every tick (a complaint's, say, for as
	// long as it stays overdue).
	cr, reads := s.claims.(ClaimReader)
	if reads {
		if done, err := cr.IsDone(ctx, key); err == nil && done {
			t.res.Skipped++
			return
		}
	}
	held, err := s.claims.Claim(ctx, key, s.owner, t.now, s.lease)
	if err != nil {
		t.res.Failed++
		t.fail(fmt.Errorf("claim %s: %w", key, err))
		return
	}
	if !held {
		t.res.Skipped++
		if reads && t.watching {
			if done, err := cr.IsDone(ctx, key); err != nil || !done {
				t.elsewhere++
			}
		}
		return
	}
	out, err := act(ctx)
	// Finish the claim even if ctx ended meanwhile: an unreleased claim
	// would block the item for a whole lease.
	fctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if until, deferred := IsDeferred(err); deferred {
		t.res.Deferred++
		s.waits.wait(key, until)
		s.log.DebugContext(ctx, "notification deferred", slog.String("key", key), slog.String("reason", err.Error()))
		if rerr := s.claims.Release(fctx, key, s.owner); rerr != nil {
			t.fail(fmt.Errorf("release %s: %w", key, rerr))
		}
		return
	}
	if err != nil {
		t.res.Failed++
		// Back-off: this instance tries the item again after one interval,
		// then twice as long after each failure in a row, at most an hour;
		// the claim is released, so that another instance may try sooner.
		next := s.waits.failed(key, t.now, s.interval)
		t.fail(fmt.Errorf("%s (next try %s): %w", key, when(next), err))
		if rerr := s.claims.Release(fctx, key, s.owner); rerr != nil {
			t.fail(fmt.Errorf("release %s: %w", key, rerr))
		}
		return
	}
	s.waits.succeeded(key)
	switch out {
	case sent:
		t.res.Sent++
	case nothing:
		t.res.Skipped++
	}
	if derr := s.claims.Done(fctx, key, t.now); derr != nil {
		t.fail(fmt.Errorf("done %s: %w", key, derr))
	}
}

// notify is the action of an item that only notifies.
func (t *tick) notify(n Notification) func(context.Context) (outcome, error) {
	return func(ctx context.Context) (outcome, error) {
		n.At = t.now
		return sent, t.s.notifier.Notify(ctx, n)
	}
}
