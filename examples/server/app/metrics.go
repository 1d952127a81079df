package app

import (
	"context"
	"crypto/subtle"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// metrics are the server's Prometheus metrics, in a registry of the App's
// own (never the global one): tests run several apps in one process.
type metrics struct {
	reg         *prometheus.Registry
	requests    *prometheus.CounterVec   // by route pattern, method and status
	latency     *prometheus.HistogramVec // by route pattern
	apiErrors   *prometheus.CounterVec   // by the API's error code and kind
	store       *prometheus.HistogramVec // by read/write and operation
	storeErrors *prometheus.CounterVec
	ticks       *prometheus.CounterVec // by result: ok, failed
	tickTook    prometheus.Histogram
	tickLag     prometheus.Gauge
	lastTick    prometheus.Gauge
	items       *prometheus.CounterVec // scheduler items by outcome: sent, deferred, failed, skipped, escalated
	deadlines   *prometheus.GaugeVec   // open and overdue deadlines by record kind and clause
	purged      atomic.Int64           // when old sessions were last removed (Unix ns)
}

func newMetrics() *metrics {
	m := &metrics{reg: prometheus.NewRegistry()}
	f := func(c prometheus.Collector) { m.reg.MustRegister(c) }
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "shouhou_http_requests_total",
		Help: "HTTP requests served, by route pattern, method and status."}, []string{"route", "method", "status"})
	m.latency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "shouhou_http_request_duration_seconds",
		Help: "Time to serve an HTTP request, by route pattern.", Buckets: prometheus.DefBuckets}, []string{"route"})
	m.apiErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "shouhou_api_errors_total",
		Help: "Error answers of the JSON API, by their stable code and the error kind their status stands for."}, []string{"code", "kind"})
	m.store = prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "shouhou_store_duration_seconds",
		Help:    "Time of storage operations: every write transaction, and the reads of records, tokens and sessions.",
		Buckets: []float64{.0005, .001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5}}, []string{"kind", "op"})
	m.storeErrors = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "shouhou_store_errors_total",
		Help: "Storage operations that failed (conflicts and not-found included), by kind and operation."}, []string{"kind", "op"})
	m.ticks = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "shouhou_scheduler_ticks_total",
		Help: "Scheduler ticks run by this instance, by result (ok, failed)."}, []string{"result"})
	m.tickTook = prometheus.NewHistogram(prometheus.HistogramOpts{Name: "shouhou_scheduler_tick_duration_seconds",
		Help: "Time of one scheduler tick.", Buckets: prometheus.DefBuckets})
	m.tickLag = prometheus.NewGauge(prometheus.GaugeOpts{Name: "shouhou_scheduler_lag_seconds",
		Help: "How late the last scheduler tick started after it was due."})
	m.lastTick = prometheus.NewGauge(prometheus.GaugeOpts{Name: "shouhou_scheduler_last_tick_timestamp_seconds",
		Help: "When the last scheduler tick of this instance ended (Unix time): alert when it falls behind."})
	m.items = prometheus.NewCounterVec(prometheus.CounterOpts{Name: "shouhou_scheduler_items_total",
		Help: "Scheduler items by outcome: notices sent, deferred (quiet hours, rate limits) and failed; escalations made; items skipped."},
		[]string{"outcome"})
	m.deadlines = prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: "shouhou_deadlines",
		Help: "Pending deadlines by record kind (request, complaint), clause and state (open: not yet due; overdue), as of the last scheduler tick."},
		[]string{"record", "clause", "state"})
	for _, c := range []prometheus.Collector{m.requests, m.latency, m.apiErrors, m.store, m.storeErrors, m.ticks, m.tickTook,
		m.tickLag, m.lastTick, m.items, m.deadlines,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{})} {
		f(c)
	}
	for _, o := range []string{"sent", "deferred", "failed", "skipped", "escalated"} {
		m.items.WithLabelValues(o)
	}
	m.ticks.WithLabelValues("ok")
	m.ticks.WithLabelValues("failed")
	return m
}

// handler serves the metrics in the Prometheus text format.
func (m *metrics) handler() http.Handler {
	return promhttp.HandlerFor(m.reg, promhttp.HandlerOpts{Registry: m.reg})
}

// observeStore is the sqlstore Observer.
func (m *metrics) observeStore(kind, op string, took time.Duration, err error) {
	op = opLabel(op)
	m.store.WithLabelValues(kind, op).Observe(took.Seconds())
	if err != nil {
		m.storeErrors.WithLabelValues(kind, op).Inc()
	}
}

// observeTick counts a scheduler tick.
func (m *metrics) observeTick(rep scheduler.TickReport) {
	result := "ok"
	if rep.Err != nil {
		result = "failed"
	}
	m.ticks.WithLabelValues(result).Inc()
	m.tickTook.Observe(rep.Took.Seconds())
	m.tickLag.Set(rep.Lag.Seconds())
	m.lastTick.Set(float64(rep.Start.Add(rep.Took).UnixNano()) / 1e9)
	r := rep.Result
	m.items.WithLabelValues("sent").Add(float64(r.Sent))
	m.items.WithLabelValues("deferred").Add(float64(r.Deferred))
	m.items.WithLabelValues("failed").Add(float64(r.Failed))
	m.items.WithLabelValues("skipped").Add(float64(r.Skipped))
	m.items.WithLabelValues("escalated").Add(float64(r.Escalated))
}

// opLabel keeps the words of a storage operation's name up to the first
// that is not a lower-case word ("save request AS-2026-0001" → "save
// request", "claim done P1.2:…" → "claim done"), at most three: a label
// never carries a record's ID or a claim's key.
func opLabel(op string) string {
	var kept []string
	for _, w := range strings.Fields(op) {
		if len(kept) == 3 || strings.TrimLeft(w, "abcdefghijklmnopqrstuvwxyz_") != "" {
			break
		}
		kept = append(kept, w)
	}
	if len(kept) == 0 {
		return "other"
	}
	return strings.Join(kept, " ")
}

// refreshDeadlines recounts the pending deadlines per clause: once per
// scheduler tick, never per scrape; the requests' from the store's counts,
// the complaints' from those with a running deadline.
func (a *App) refreshDeadlines(ctx context.Context) error {
	now := a.cfg.Clock.Now()
	type key struct{ record, clause, state string }
	counts := map[key]float64{}
	add := func(record string, d aftersales.Deadline) {
		if !d.Pending() {
			return
		}
		state := "open"
		if d.Overdue(now) {
			state = "overdue"
		}
		counts[key{record, string(d.Clause), state}]++
	}
	// The requests' from the store's counts, one aggregate query.
	pending, err := a.Requests.PendingCounts(ctx)
	if err != nil {
		return err
	}
	for _, c := range pending {
		state := "open"
		if c.Overdue {
			state = "overdue"
		}
		counts[key{"request", string(c.Clause), state}] += float64(c.N)
	}
	// Only the complaints with a pending deadline, from the store's index
	// (SoonestDueFirst keeps those): the answered and flagged ones owe none.
	cs, err := a.Complaints.List(ctx, complaint.Query{Statuses: complaint.OpenStatuses(), SoonestDueFirst: true})
	if err != nil {
		return err
	}
	for _, c := range cs {
		for _, d := range c.Deadlines {
			add("complaint", d)
		}
	}
	g := a.metrics.deadlines
	g.Reset()
	for k, n := range counts {
		g.WithLabelValues(k.record, k.clause, k.state).Set(n)
	}
	return nil
}

// afterTick is the scheduler's Config.AfterTick: the metrics, and at most
// once an hour the removal of sessions that can no longer authenticate.
func (a *App) afterTick(ctx context.Context, rep scheduler.TickReport) {
	a.metrics.observeTick(rep)
	if err := a.refreshDeadlines(ctx); err != nil && ctx.Err() == nil {
		a.cfg.Logger.Warn("counting deadlines for the metrics failed", "err", err)
	}
	now := a.cfg.SessionClock.Now()
	if last := a.metrics.purged.Load(); last != 0 && now.Sub(time.Unix(0, last)) < time.Hour {
		return
	}
	a.metrics.purged.Store(now.UnixNano())
	// A session last used more than SessionMax ago is past both timeouts.
	if _, err := a.db.Sessions().Purge(ctx, now.Add(-a.cfg.SessionMax)); err != nil && ctx.Err() == nil {
		a.cfg.Logger.Warn("removing old sessions failed", "err", err)
	}
}

// errorCode finds the stable code in an API error body, {"code":"…",…}.
var errorCode = regexp.MustCompile(`^\{"code":"([a-z0-9_]{1,64})"`)

// kindOf names the error kind an API status stands for (api.Status in
// reverse).
func kindOf(status int) string {
	switch status {
	case http.StatusBadRequest:
		return string(aftersales.KindInvalid)
	case http.StatusUnauthorized:
		return "unauthorized"
	case http.StatusForbidden:
		return string(aftersales.KindForbidden)
	case http.StatusNotFound:
		return string(aftersales.KindNotFound)
	case http.StatusConflict:
		return string(aftersales.KindConflict)
	case http.StatusUnprocessableEntity:
		return string(aftersales.KindNotAllowed)
	case http.StatusServiceUnavailable:
		return string(aftersales.KindUnavailable)
	case http.StatusInternalServerError:
		return string(aftersales.KindInternal)
	}
	return strconv.Itoa(status)
}

// metricsAuth serves /metrics on the main listener only to a bearer of
// token (SHOUHOU_METRICS_TOKEN), compared in constant time; with no token
// set, /metrics is not there (use the debug listener). API tokens, a
// customer's included, never open it.
func metricsAuth(token string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		switch {
		case token == "":
			http.NotFound(w, r)
		case !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1:
			w.Header().Set("WWW-Authenticate", `Bearer realm="shouhou metrics"`)
			http.Error(w, "需要监控令牌（SHOUHOU_METRICS_TOKEN）", http.StatusUnauthorized)
		default:
			next.ServeHTTP(w, r)
		}
	})
}
