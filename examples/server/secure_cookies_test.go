package main

import (
	"context"
	"net/http"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRunSecureCookiesFlag starts the command with and without
// -secure-cookies: the web pages' cookies are Secure only with it.
func TestRunSecureCookiesFlag(t *testing.T) {
	for _, secure := range []bool{true, false} {
		ctx, cancel := context.WithCancel(context.Background())
		var out, errb syncBuffer
		done := make(chan int)
		args := []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shouhou.db"), "-scan", "-1s"}
		if secure {
			args = append(args, "-secure-cookies")
		}
		go func() { done <- run(ctx, args, func(string) string { return "" }, &out, &errb) }()
		require.Eventually(t, func() bool { return strings.Contains(out.String(), "/healthz") }, 10*time.Second, 20*time.Millisecond)
		base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())
		res, err := http.Get(base + "/login")
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, 200, res.StatusCode)
		cookies := res.Cookies()
		require.NotEmpty(t, cookies)
		for _, c := range cookies {
			require.Equal(t, secure, c.Secure, "%s with -secure-cookies=%v", c.Name, secure)
		}
		cancel()
		require.Equal(t, 0, <-done, errb.String())
	}
	var out, errb syncBuffer
	require.Equal(t, 2, run(context.Background(), []string{"-h"}, func(string) string { return "" }, &out, &errb))
	require.Contains(t, errb.String(), "-secure-cookies")
	require.Contains(t, errb.String(), "HTTPS")
}
