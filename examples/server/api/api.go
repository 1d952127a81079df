// Package api is the reference server's JSON API under /api/v1/: every
// workflow of aftersales, complaint, warranty and staff, behind bearer-token
// authentication, with roles from the staff organisation deciding what each
// caller sees. Errors are {"code", "message"} with stable codes; domain
// error kinds map to HTTP status codes here and nowhere else.
package api

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// Config wires the API to the library's services.
type Config struct {
	Requests   *aftersales.Service
	Complaints *complaint.Service
	Warranties *warranty.Service
	Staff      *staff.Service
	Auth       Authenticator
	Tokens     TokenIssuer                     // may be nil: no token endpoint
	Calendar   CalendarLoader                  // may be nil: no notice loading
	Health     func(ctx context.Context) error // checks the database
	// Notices, if set, reports the notification channels' states for
	// /healthz's detail.
	Notices func() []NoticeChannel
	Clock   aftersales.Clock
	Logger  *slog.Logger
	MaxBody int64 // bytes; default 1 MiB
	// Ledger keeps the rows of an uploaded ledger as records
	// (POST /api/v1/audit/ledger with import=true); nil refuses imports
	// with ledger_import_unavailable, audits still answer.
	Ledger ledgeraudit.Importer
	// Files keeps the photos and documents of records (POST and GET
	// /api/v1/requests/{id}/files, …); nil: none.
	Files Files
	// UploadSlots bounds the uploads read at once (each may hold 100 MB):
	// one that finds no free slot is answered 503 busy. Default: a fresh
	// channel of capacity 4.
	UploadSlots chan struct{}
	// MaxLedger bounds the body of a ledger upload, the ledger and its
	// mapping file together, in bytes; default ledgeraudit.DefaultMaxUpload
	// (10 MiB). A larger body is answered 413 body_too_large.
	MaxLedger int64
	// Feed reads the change feed (GET /api/v1/events); nil: no feed.
	Feed FeedReader
	// Privacy exports and erases one customer's data
	// (/api/v1/customers/{id}/…); nil: answered 503 privacy_unavailable.
	Privacy Privacy
}

// Handler serves the API.
type Handler struct {
	cfg         Config
	mux         *http.ServeMux
	keys        keyLocks      // one keyed command at a time per key (idempotency.go)
	uploadSlots chan struct{} // Config.UploadSlots
}

// New returns the API handler.
func New(cfg Config) *Handler {
	if cfg.MaxBody == 0 {
		cfg.MaxBody = 1 << 20
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.Clock == nil {
		cfg.Clock = aftersales.SystemClock{}
	}
	h := &Handler{cfg: cfg, mux: http.NewServeMux(), uploadSlots: cfg.UploadSlots}
	if h.uploadSlots == nil {
		h.uploadSlots = make(chan struct{}, 4)
	}
	h.routes()
	return h
}

// ServeHTTP implements http.Handler, recovering from panics as a 500 with
// a generic message, and logging each request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
	defer func() {
		if v := recover(); v != nil {
			h.cfg.Logger.ErrorContext(r.Context(), "panic serving request", "method", r.Method, "path", r.URL.Path, "panic", v)
			writeError(rw, http.StatusInternalServerError, "internal", "服务器内部错误，请稍后重试")
		}
		h.cfg.Logger.Debug("http", "method", r.Method, "path", r.URL.Path, "status", rw.status, "took", time.Since(start))
	}()
	if err := checkPath(r.URL.Path); err != nil {
		h.fail(rw, r, err)
		return
	}
	h.mux.ServeHTTP(rw, r)
}

// checkPath refuses a path with a segment that is no acceptable ID: a
// control character, an unprintable one, or more than
// aftersales.MaxIDLength characters. Every ID the API takes from a path
// passes through here before it reaches a Service or a Store.
func checkPath(path string) error {
	rest, ok := strings.CutPrefix(path, "/api/v1/")
	if !ok {
		return nil
	}
	for _, seg := range strings.Split(rest, "/") {
		if seg == "" {
			continue
		}
		if _, err := aftersales.CheckID(seg, "path", "路径中的编号"); err != nil {
			return err
		}
	}
	return nil
}

// noRoute answers a path no operation has: 405 with Allow when the path
// has operations for other methods, else 404.
func (h *Handler) noRoute(w http.ResponseWriter, r *http.Request) {
	var allow []string
	for _, m := range []string{http.MethodGet, http.MethodPost, http.MethodPut, http.MethodDelete, http.MethodPatch} {
		probe := r.Clone(r.Context())
		probe.Method = m
		if _, pattern := h.mux.Handler(probe); pattern != "" && pattern != "/api/v1/" {
			allow = append(allow, m)
		}
	}
	if len(allow) > 0 {
		w.Header().Set("Allow", strings.Join(allow, ", "))
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", "接口 "+r.URL.Path+" 不支持 "+r.Method+"，可用："+strings.Join(allow, "、"))
		return
	}
	writeError(w, http.StatusNotFound, "route_not_found", "没有这个接口："+r.Method+" "+r.URL.Path)
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

func (h *Handler) routes() {
	m := h.mux
	m.HandleFunc("GET /healthz", h.health)
	m.HandleFunc("GET /api/v1/openapi.json", serveOpenAPI)
	m.HandleFunc("/api/v1/", h.noRoute)
	h.requestRoutes()
	h.complaintRoutes()
	h.warrantyRoutes()
	h.staffRoutes()
	h.calendarRoutes()
	h.tokenRoutes()
	h.ledgerRoutes()
	h.fileRoutes()
	h.eventRoutes()
	h.privacyRoutes()
}

// health answers whether the server can do its work: 200 when the
// database takes a write (Config.Health, a rate-limited write probe), else
// 503 with Retry-After and the reason, a stable word for the operator
// (read_only, disk_full, connection_lost, timeout, write_failed).
func (h *Handler) health(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	out := map[string]any{"status": "ok", "database": "ok"}
	if h.cfg.Notices != nil {
		// A failing channel is detail, not unavailability: the server
		// takes requests, and the notices wait for their retry.
		out["notices"] = h.cfg.Notices()
	}
	if h.cfg.Health != nil {
		if err := h.cfg.Health(ctx); err != nil {
			h.cfg.Logger.Warn("health check failed", "err", err)
			w.Header().Set("Retry-After", strconv.Itoa(RetryAfter))
			out["status"], out["database"] = "unavailable", healthReason(err)
			writeJSON(w, http.StatusServiceUnavailable, out)
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// NoticeChannel is one notification channel's state in /healthz: ok from
// its last successful send, failing (ok false) from its first failed send
// after that. The reason is in the log only: /healthz answers anyone, and
// a provider's answer may name people or hosts.
type NoticeChannel struct {
	Channel  string    `json:"channel"`
	OK       bool      `json:"ok"`
	Since    time.Time `json:"since"`
	Failures int       `json:"failures"`
}

// healthReason names why the database failed the probe, without the
// driver's text.
func healthReason(err error) string {
	msg := strings.ToLower(err.Error())
	has := func(words ...string) bool {
		for _, w := range words {
			if strings.Contains(msg, w) {
				return true
			}
		}
		return false
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded) || has("timeout", "deadline"):
		return "timeout"
	case has("readonly", "read-only", "read only"):
		return "read_only"
	case has("disk is full", "no space", "disk full", "database or disk is full"):
		return "disk_full"
	case has("connection", "dial", "broken pipe", "eof", "closed", "terminating", "shutting down"):
		return "connection_lost"
	}
	return "write_failed"
}
