package app

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// RequestIDHeader carries a request's ID: taken from the request when it
// is well-formed (1 to 64 letters, digits, '.', '_' or '-'), else
// generated, and always echoed in the response.
const RequestIDHeader = "X-Request-ID"

var requestIDPattern = regexp.MustCompile(`^[A-Za-z0-9._-]{1,64}$`)

// requestID returns the incoming ID if it is well-formed, else a new one.
func requestID(in string) string {
	if requestIDPattern.MatchString(in) {
		return in
	}
	var b [12]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// logPath is the request's path as the log may carry it: never a token
// (a customer's link /c/{token} is cut, however the path is written), never
// a full phone number (138****1111), never the query string.
func logPath(r *http.Request) string {
	p := r.URL.Path
	if strings.Contains(p, "/c/") || strings.HasPrefix(path.Clean(p), "/c/") {
		return "/c/…"
	}
	if len(p) > 256 {
		p = p[:256] + "…"
	}
	return MaskPhones(p)
}

// recorder keeps what a handler answered: the status, the size, and the
// start of an error body (to find the API's error code).
type recorder struct {
	http.ResponseWriter
	status  int
	bytes   int
	wrote   bool
	errBody bytes.Buffer // the first bytes of a 4xx or 5xx JSON body
}

func (w *recorder) WriteHeader(code int) {
	if !w.wrote {
		w.status, w.wrote = code, true
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *recorder) Write(b []byte) (int, error) {
	if !w.wrote {
		w.status, w.wrote = http.StatusOK, true
	}
	if w.status >= 400 && w.errBody.Len() < 256 && strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") {
		w.errBody.Write(b[:min(len(b), 256-w.errBody.Len())])
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// requestIDKey is the context key of a request's ID.
type requestIDKey struct{}

// RequestID returns the ID of the request ctx belongs to, "" outside one.
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey{}).(string)
	return id
}

// withRequestID is a slog.Handler that adds the request's ID to every line
// logged with the request's context (ErrorContext, WarnContext, …), so that
// a failure's lines and its request line share it.
type withRequestID struct{ next slog.Handler }

func (h withRequestID) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

func (h withRequestID) Handle(ctx context.Context, r slog.Record) error {
	if id := RequestID(ctx); id != "" {
		r = r.Clone()
		r.AddAttrs(slog.String("request_id", id))
	}
	return h.next.Handle(ctx, r)
}

func (h withRequestID) WithAttrs(attrs []slog.Attr) slog.Handler {
	return withRequestID{h.next.WithAttrs(attrs)}
}

func (h withRequestID) WithGroup(name string) slog.Handler {
	return withRequestID{h.next.WithGroup(name)}
}

// observe wraps the server's handler: a request ID, one structured log
// line per request at info level (method, route pattern, path as logPath
// gives it, status, size, duration; never a header, a token or a query),
// and the request metrics.
func (a *App) observe(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		id := requestID(r.Header.Get(RequestIDHeader))
		w.Header().Set(RequestIDHeader, id)
		rec := &recorder{ResponseWriter: w, status: http.StatusOK}
		outer := r.Context() // the request line carries its ID itself
		r = r.WithContext(context.WithValue(outer, requestIDKey{}, id))
		next.ServeHTTP(rec, r)
		took := time.Since(start)
		route := r.Pattern // set on r by the mux that served it
		if route == "" {
			route = "unmatched"
		}
		status := strconv.Itoa(rec.status)
		m := a.metrics
		m.requests.WithLabelValues(route, r.Method, status).Inc()
		m.latency.WithLabelValues(route).Observe(took.Seconds())
		if rec.status >= 400 {
			if c := errorCode.FindSubmatch(rec.errBody.Bytes()); c != nil {
				m.apiErrors.WithLabelValues(string(c[1]), kindOf(rec.status)).Inc()
			}
		}
		a.cfg.Logger.LogAttrs(outer, slog.LevelInfo, "request", slog.String("request_id", id),
			slog.String("method", r.Method), slog.String("route", route), slog.String("path", logPath(r)),
			slog.Int("status", rec.status), slog.Int("bytes", rec.bytes), slog.Duration("took", took))
	})
}
