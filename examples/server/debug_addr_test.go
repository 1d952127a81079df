package main

import (
	"context"
	"io"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunDebugAddr: -debug-addr serves the metrics and pprof on a listener
// of its own; the main listener has neither, and /metrics there opens
// only to SHOUHOU_METRICS_TOKEN. Without -debug-addr there is no debug
// listener at all.
func TestRunDebugAddr(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	env := func(k string) string {
		if k == "SHOUHOU_METRICS_TOKEN" {
			return "metrics-secret"
		}
		return ""
	}
	args := []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shouhou.db"), "-scan", "-1s", "-debug-addr", "127.0.0.1:0"}
	go func() { done <- run(ctx, args, env, &out, &errb) }()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "/healthz") }, 10*time.Second, 20*time.Millisecond)
	debug := regexp.MustCompile(`调试监听.*?(http://127\.0\.0\.1:\d+)/metrics`).FindStringSubmatch(out.String())
	require.NotNil(t, debug, out.String())
	main := regexp.MustCompile(`售后服务台（浏览器）：(http://127\.0\.0\.1:\d+)/`).FindStringSubmatch(out.String())
	require.NotNil(t, main, out.String())
	get := func(url, token string) (int, string) {
		req, err := http.NewRequest("GET", url, nil)
		require.NoError(t, err)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	status, body := get(debug[1]+"/metrics", "")
	require.Equal(t, 200, status)
	require.Contains(t, body, "shouhou_store_duration_seconds_count")
	status, _ = get(debug[1]+"/debug/pprof/", "")
	require.Equal(t, 200, status)
	status, _ = get(main[1]+"/debug/pprof/", "")
	require.NotEqual(t, 200, status)
	status, _ = get(main[1]+"/metrics", "")
	require.Equal(t, 401, status)
	status, body = get(main[1]+"/metrics", "metrics-secret")
	require.Equal(t, 200, status)
	require.Contains(t, body, "go_goroutines")
	cancel()
	require.Equal(t, 0, <-done, errb.String())
	require.Contains(t, errb.String(), "msg=request")

	var help syncBuffer
	require.Equal(t, 2, run(context.Background(), []string{"-h"}, func(string) string { return "" }, &out, &help))
	for _, s := range []string{"-debug-addr", "-session-idle", "-session-max", "SHOUHOU_METRICS_TOKEN"} {
		require.Contains(t, help.String(), s)
	}
}
