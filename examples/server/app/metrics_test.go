package app_test

import (
	"bytes"
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// lockedBuffer is a log written from the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// scrape is one reading of /metrics: each sample by its name and labels,
// the labels sorted by name as the text format writes them.
type scrape map[string]float64

func parseMetrics(t *testing.T, text string) scrape {
	t.Helper()
	out := scrape{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		i := strings.LastIndexByte(line, ' ')
		require.Positive(t, i, line)
		v, err := strconv.ParseFloat(line[i+1:], 64)
		require.NoError(t, err, line)
		out[line[:i]] = v
	}
	return out
}

// get returns the sample of name with the given labels ("k", "v", …).
func (s scrape) get(name string, labels ...string) float64 {
	var pairs []string
	for i := 0; i+1 < len(labels); i += 2 {
		pairs = append(pairs, labels[i]+`="`+labels[i+1]+`"`)
	}
	sort.Strings(pairs)
	key := name
	if len(pairs) > 0 {
		key += "{" + strings.Join(pairs, ",") + "}"
	}
	return s[key]
}

// TestMetricsAfterAWorkload runs a scripted workload against a served app
// (the API, the desk, the scheduler) and scrapes /metrics: every counter
// moved as the workload says, and /metrics opens only to the metrics
// token, never to an API token.
func TestMetricsAfterAWorkload(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	logs := &lockedBuffer{}
	notices := &recorder{}
	a, err := app.New(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "shouhou.db"), Clock: c, Notifier: notices,
		AdminToken: "admin-token", Instance: "metrics-test", SchedulerInterval: 20 * time.Millisecond, OrgCacheTTL: -1,
		MetricsToken: "metrics-secret", Logger: slog.New(slog.NewTextHandler(logs, nil))})
	require.NoError(t, err)
	defer a.Close()
	ctx, cancel := context.WithCancel(context.Background())
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	served := make(chan error, 1)
	go func() { served <- a.Serve(ctx, ln) }()
	defer func() { cancel(); require.NoError(t, <-served) }()
	base := "http://" + ln.Addr().String()
	call := func(method, path, token, body string, header ...string) (*http.Response, string) {
		t.Helper()
		req, err := http.NewRequest(method, base+path, strings.NewReader(body))
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		req.Header.Set("Content-Type", "application/json")
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		raw, _ := io.ReadAll(res.Body)
		return res, string(raw)
	}

	// The workload: two registrations, a customer's token, a record
	// that does not exist, a bad token, a malformed body, a desk page.
	for range 2 {
		res, body := call("POST", "/api/v1/requests", "admin-token", strings.Replace(registration, `"channel"`, `"customer": {"id": "C-1", "name": "张先生", "phone": "13812341111"}, "channel"`, 1))
		require.Equal(t, 201, res.StatusCode, body)
	}
	res, body := call("POST", "/api/v1/tokens", "admin-token", `{"customer_id": "C-1"}`)
	require.Equal(t, 201, res.StatusCode, body)
	custToken := regexp.MustCompile(`"token":"([^"]+)"`).FindStringSubmatch(body)[1]
	res, _ = call("GET", "/api/v1/requests/AS-NOPE", "admin-token", "")
	require.Equal(t, 404, res.StatusCode)
	res, _ = call("GET", "/api/v1/requests", "shouhou_wrong", "")
	require.Equal(t, 401, res.StatusCode)
	res, _ = call("POST", "/api/v1/requests", "admin-token", `{`)
	require.Equal(t, 400, res.StatusCode)
	res, _ = call("GET", "/login", "", "")
	require.Equal(t, 200, res.StatusCode)

	// Request IDs: a well-formed one is kept, anything else replaced.
	res, _ = call("GET", "/healthz", "", "", "X-Request-ID", "req-42.a_b")
	require.Equal(t, "req-42.a_b", res.Header.Get("X-Request-ID"))
	res, _ = call("GET", "/healthz", "", "", "X-Request-ID", "bad id;drop")
	require.Regexp(t, `^[0-9a-f]{24}$`, res.Header.Get("X-Request-ID"))

	// Three days on, both P1.2 deadlines are overdue: the scheduler tells.
	c.Add(72 * time.Hour)
	var m scrape
	require.Eventually(t, func() bool {
		res, body := call("GET", "/metrics", "metrics-secret", "")
		if res.StatusCode != 200 {
			return false
		}
		m = parseMetrics(t, body)
		return m.get("shouhou_deadlines", "record", "request", "clause", "P1.2", "state", "overdue") == 2 &&
			m.get("shouhou_scheduler_items_total", "outcome", "sent") >= 2
	}, 10*time.Second, 20*time.Millisecond)

	// /metrics: not to an API token, a customer's or the general manager's.
	for _, tok := range []string{"", custToken, "admin-token"} {
		res, _ := call("GET", "/metrics", tok, "")
		require.Equal(t, 401, res.StatusCode, "token %q", tok)
	}

	require.Equal(t, 2.0, m.get("shouhou_http_requests_total", "route", "POST /api/v1/requests", "method", "POST", "status", "201"))
	require.Equal(t, 1.0, m.get("shouhou_http_requests_total", "route", "POST /api/v1/requests", "method", "POST", "status", "400"))
	require.Equal(t, 1.0, m.get("shouhou_http_requests_total", "route", "GET /api/v1/requests/{id}", "method", "GET", "status", "404"))
	require.Equal(t, 1.0, m.get("shouhou_http_requests_total", "route", "GET /login", "method", "GET", "status", "200"))
	require.Equal(t, 2.0, m.get("shouhou_http_requests_total", "route", "GET /healthz", "method", "GET", "status", "200"))
	require.Equal(t, 2.0, m.get("shouhou_http_request_duration_seconds_count", "route", "POST /api/v1/requests")-1, "two 201 and one 400")
	require.Equal(t, 1.0, m.get("shouhou_api_errors_total", "code", "request_not_found", "kind", "not_found"), "%v", errorSamples(m))
	require.Equal(t, 1.0, m.get("shouhou_api_errors_total", "code", "unauthorized", "kind", "unauthorized"))
	require.Equal(t, 1.0, m.get("shouhou_api_errors_total", "code", "body_invalid", "kind", "invalid"), "the malformed body: %v", errorSamples(m))
	require.GreaterOrEqual(t, m.get("shouhou_store_duration_seconds_count", "kind", "write", "op", "save request"), 2.0)
	// Tokens are cached: read once each, at the first request.
	require.GreaterOrEqual(t, m.get("shouhou_store_duration_seconds_count", "kind", "read", "op", "token"), 2.0)
	require.GreaterOrEqual(t, m.get("shouhou_scheduler_ticks_total", "result", "ok"), 1.0)
	require.Zero(t, m.get("shouhou_scheduler_items_total", "outcome", "failed"))
	require.Positive(t, m.get("shouhou_scheduler_last_tick_timestamp_seconds"))
	require.Positive(t, m.get("shouhou_scheduler_tick_duration_seconds_count"))
	for k := range m {
		require.NotContains(t, k, "AS-", "no record ID in a label: %s", k)
	}

	// The log: one info line per request, with its ID, never a token or
	// a full phone number.
	out := logs.String()
	require.Contains(t, out, `msg=request request_id=req-42.a_b method=GET route="GET /healthz" path=/healthz status=200`)
	require.NotContains(t, out, "admin-token")
	require.NotContains(t, out, custToken)
	require.NotContains(t, out, "metrics-secret")
	require.NotContains(t, out, "13812341111")

	// The debug handler has the metrics and pprof; the main one neither.
	dbg := a.DebugHandler()
	for _, p := range []string{"/metrics", "/debug/pprof/", "/debug/pprof/cmdline"} {
		rec := httptestRecorder(dbg, p)
		require.Equal(t, 200, rec, p)
	}
	res, _ = call("GET", "/debug/pprof/", "admin-token", "")
	require.NotEqual(t, 200, res.StatusCode, "pprof is never on the main listener")
}

// errorSamples lists the API error samples, for a failure message.
func errorSamples(m scrape) []string {
	var out []string
	for k := range m {
		if strings.HasPrefix(k, "shouhou_api_errors_total") {
			out = append(out, k)
		}
	}
	return out
}

// httptestRecorder serves a GET of path with h and returns the status.
func httptestRecorder(h http.Handler, path string) int {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
	return rec.Code
}
