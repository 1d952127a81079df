package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/feedhook"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

const eventsSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"

// TestRunDeliversDomainEventsToTheEventsWebhook: with -events-webhook, a
// request registered over the API reaches the receiver as a Standard
// Webhooks delivery of its registration event.
func TestRunDeliversDomainEventsToTheEventsWebhook(t *testing.T) {
	key, err := scheduler.ParseStandardSecret(eventsSecret)
	require.NoError(t, err)
	var mu sync.Mutex
	var got []feedhook.Payload
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !scheduler.VerifyStandard(key, r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), body, r.Header.Get("webhook-signature")) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var p feedhook.Payload
		require.NoError(t, json.Unmarshal(body, &p))
		mu.Lock()
		got = append(got, p)
		mu.Unlock()
	}))
	defer hook.Close()

	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	env := map[string]string{"SHOUHOU_EVENTS_WEBHOOK_SECRET": eventsSecret, "SHOUHOU_ADMIN_TOKEN": "events-token"}
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "s.db"), "-scan", "-1s",
			"-events-webhook", hook.URL}, func(k string) string { return env[k] }, &out, &errb)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "/healthz") }, 10*time.Second, 20*time.Millisecond)
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())
	req, _ := http.NewRequest("POST", base+"/api/v1/requests", strings.NewReader(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00"}`))
	req.Header.Set("Authorization", "Bearer events-token")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 201, res.StatusCode)
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(got) == 1 }, 10*time.Second, 50*time.Millisecond)
	mu.Lock()
	require.Equal(t, "request.registered", got[0].Type)
	mu.Unlock()
	cancel()
	require.Equal(t, 0, <-done, errb.String())
}

// TestRunRefusesABadEventsWebhook: a malformed address or a missing or
// malformed secret stops the start, naming what is wrong.
func TestRunRefusesABadEventsWebhook(t *testing.T) {
	for _, tc := range []struct {
		url, secret, want string
	}{
		{"not a url", eventsSecret, "-events-webhook"},
		{"http://127.0.0.1:1/x", "", "SHOUHOU_EVENTS_WEBHOOK_SECRET"},
		{"http://127.0.0.1:1/x", "secret", "SHOUHOU_EVENTS_WEBHOOK_SECRET"},
	} {
		var out, errb syncBuffer
		env := map[string]string{"SHOUHOU_EVENTS_WEBHOOK_SECRET": tc.secret}
		code := run(context.Background(), []string{"-events-webhook", tc.url, "-db", filepath.Join(t.TempDir(), "s.db")},
			func(k string) string { return env[k] }, &out, &errb)
		require.Equal(t, 2, code, errb.String())
		require.Contains(t, errb.String(), tc.want)
	}
}

// TestRunRefusesABadTrustedOrigin: -trusted-origins takes scheme://host
// origins only; anything else stops the start, naming the flag.
func TestRunRefusesABadTrustedOrigin(t *testing.T) {
	var out, errb syncBuffer
	code := run(context.Background(), []string{"-trusted-origins", "https://erp.example.com, not an origin", "-db", filepath.Join(t.TempDir(), "s.db")},
		func(string) string { return "" }, &out, &errb)
	require.Equal(t, 2, code, errb.String())
	require.Contains(t, errb.String(), "-trusted-origins")
	require.Contains(t, errb.String(), "not an origin")
}
