package app

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRequestIDReachesEveryLine: a line a handler logs with the request's
// context carries the request's ID, as the request line does.
func TestRequestIDReachesEveryLine(t *testing.T) {
	var buf bytes.Buffer
	a := &App{cfg: Config{Logger: slog.New(withRequestID{slog.NewTextHandler(&buf, nil)})}, metrics: newMetrics()}
	h := a.observe(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.Equal(t, "abc-1", RequestID(r.Context()))
		a.cfg.Logger.ErrorContext(r.Context(), "boom")
		w.WriteHeader(http.StatusInternalServerError)
	}))
	req := httptest.NewRequest("GET", "/c/shouhou_secret-link?phone=13812341111", nil)
	req.Header.Set(RequestIDHeader, "abc-1")
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	require.Equal(t, "abc-1", rec.Header().Get(RequestIDHeader))
	out := buf.String()
	require.Contains(t, out, "msg=boom request_id=abc-1")
	require.Contains(t, out, "msg=request request_id=abc-1 method=GET route=unmatched path=/c/… status=500")
	require.NotContains(t, out, "secret-link")
	require.NotContains(t, out, "13812341111")
}

func TestLogPath(t *testing.T) {
	for in, want := range map[string]string{
		"/requests/AS-1":                "/requests/AS-1",
		"/c/shouhou_x":                  "/c/…",
		"//c/shouhou_x":                 "/c/…",
		"/x/../c/shouhou_x":             "/c/…",
		"/api/v1/customers/13812341111": "/api/v1/customers/138****1111",
	} {
		r := httptest.NewRequest("GET", "http://h"+in, nil)
		require.Equal(t, want, logPath(r), in)
	}
}
