package scheduler_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

var secret = []byte("s3cret-for-tests")

var sample = scheduler.Notification{Key: "overdue:P3.2:AS-1:项目一部:0:1794240000", Kind: scheduler.KindOverdue, Clause: "P3.2",
	Subject: "AS-1", Owner: "项目一部", Due: cst(2026, 11, 10, 0), Message: "售后需求 AS-1：项目一部应于 2026-11-10 00:00 前处理完毕并告知客户（P3.2），现已逾期",
	At: cst(2026, 11, 20, 10)}

// received is one request the test server saw.
type received struct {
	header http.Header
	body   []byte
}

// hook is a webhook receiver on 127.0.0.1 that answers with the statuses
// in order, then 200.
type hook struct {
	*httptest.Server
	mu       sync.Mutex
	got      []received
	statuses []int
	header   http.Header // set on every answer
}

func newHook(t *testing.T, statuses ...int) *hook {
	t.Helper()
	h := &hook{statuses: statuses}
	h.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		h.mu.Lock()
		h.got = append(h.got, received{header: r.Header.Clone(), body: body})
		code := http.StatusOK
		if len(h.statuses) > 0 {
			code, h.statuses = h.statuses[0], h.statuses[1:]
		}
		for k, v := range h.header {
			w.Header()[k] = v
		}
		h.mu.Unlock()
		w.WriteHeader(code)
	}))
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	h.Listener = l
	h.Start()
	t.Cleanup(h.Close)
	return h
}

func (h *hook) requests() []received {
	h.mu.Lock()
	defer h.mu.Unlock()
	return append([]received(nil), h.got...)
}

func (h *hook) notifier() *scheduler.WebhookNotifier {
	return &scheduler.WebhookNotifier{URL: h.URL, Secret: secret, Client: h.Client(), Backoff: time.Millisecond}
}

func TestWebhook_SignsTheBody(t *testing.T) {
	h := newHook(t)
	w := h.notifier()
	w.Now = func() time.Time { return time.Unix(1795147200, 0) }
	w.Header = map[string]string{"Authorization": "Bearer t"}
	require.NoError(t, w.Notify(context.Background(), sample))

	got := h.requests()
	require.Len(t, got, 1)
	r := got[0]
	require.Equal(t, "application/json", r.header.Get("Content-Type"))
	require.Equal(t, sample.Key, r.header.Get(scheduler.HeaderKey))
	require.Equal(t, "Bearer t", r.header.Get("Authorization"))
	ts := r.header.Get(scheduler.HeaderTimestamp)
	require.Equal(t, "1795147200", ts)
	sig := r.header.Get(scheduler.HeaderSignature)
	require.Regexp(t, `^sha256=[0-9a-f]{64}$`, sig)
	require.True(t, scheduler.Verify(secret, ts, r.body, sig))

	var n scheduler.Notification
	require.NoError(t, json.Unmarshal(r.body, &n))
	require.Equal(t, sample.Key, n.Key)
	require.Equal(t, sample.Message, n.Message)
	require.True(t, sample.Due.Equal(n.Due))

	for name, bad := range map[string]func() bool{
		"other secret":     func() bool { return scheduler.Verify([]byte("other"), ts, r.body, sig) },
		"empty secret":     func() bool { return scheduler.Verify(nil, ts, r.body, sig) },
		"other timestamp":  func() bool { return scheduler.Verify(secret, strconv.Itoa(1795147201), r.body, sig) },
		"changed body":     func() bool { return scheduler.Verify(secret, ts, append([]byte(" "), r.body...), sig) },
		"no prefix":        func() bool { return scheduler.Verify(secret, ts, r.body, sig[len("sha256="):]) },
		"not hex":          func() bool { return scheduler.Verify(secret, ts, r.body, "sha256=zz") },
		"truncated":        func() bool { return scheduler.Verify(secret, ts, r.body, sig[:len(sig)-2]) },
		"empty signature":  func() bool { return scheduler.Verify(secret, ts, r.body, "") },
		"other algorithm":  func() bool { return scheduler.Verify(secret, ts, r.body, "sha1="+sig[len("sha256="):]) },
		"uppercase prefix": func() bool { return scheduler.Verify(secret, ts, r.body, "SHA256="+sig[len("sha256="):]) },
	} {
		require.False(t, bad(), name)
	}
}

func TestWebhook_RetriesServerErrorsThenSucceeds(t *testing.T) {
	h := newHook(t, 500, 503, 429)
	require.NoError(t, h.notifier().Notify(context.Background(), sample))
	got := h.requests()
	require.Len(t, got, 4)
	for _, r := range got {
		require.True(t, scheduler.Verify(secret, r.header.Get(scheduler.HeaderTimestamp), r.body, r.header.Get(scheduler.HeaderSignature)))
		require.Equal(t, sample.Key, r.header.Get(scheduler.HeaderKey))
	}
}

func TestWebhook_GivesUpOnClientErrorAtOnce(t *testing.T) {
	for _, code := range []int{400, 401, 404, 410} {
		h := newHook(t, code)
		err := h.notifier().Notify(context.Background(), sample)
		require.ErrorContains(t, err, "status "+strconv.Itoa(code))
		require.Len(t, h.requests(), 1, "no retry on %d", code)
	}
}

func TestWebhook_BoundedAttempts(t *testing.T) {
	h := newHook(t, 500, 500, 500, 500, 500, 500, 500)
	err := h.notifier().Notify(context.Background(), sample)
	require.ErrorContains(t, err, "status 500")
	require.Len(t, h.requests(), 4, "the default: 4 attempts")

	h = newHook(t, 502, 502, 502)
	w := h.notifier()
	w.Attempts = 2
	require.Error(t, w.Notify(context.Background(), sample))
	require.Len(t, h.requests(), 2)
}

func TestWebhook_BackoffDoubles(t *testing.T) {
	h := newHook(t, 500, 500, 500)
	w := h.notifier()
	w.Backoff = 20 * time.Millisecond
	start := time.Now()
	require.NoError(t, w.Notify(context.Background(), sample))
	require.GreaterOrEqual(t, time.Since(start), 140*time.Millisecond, "20 + 40 + 80 ms")
}

func TestWebhook_RespectsCancel(t *testing.T) {
	h := newHook(t, 500, 500, 500, 500)
	w := h.notifier()
	w.Backoff = time.Hour
	// Cancel once the first answer has reached the notifier (it then waits
	// an hour to retry), not merely once the receiver has the request.
	answered := make(chan struct{}, 1)
	w.Client = &http.Client{Transport: roundTripNotifier{next: h.Client().Transport, done: answered}}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- w.Notify(ctx, sample) }()
	select {
	case <-answered:
	case <-time.After(5 * time.Second):
		t.Fatal("no answer")
	}
	cancel()
	select {
	case err := <-done:
		require.ErrorIs(t, err, context.Canceled)
		require.ErrorContains(t, err, "status 500", "the last answer is kept")
	case <-time.After(5 * time.Second):
		t.Fatal("Notify did not return on cancel")
	}
	require.Len(t, h.requests(), 1)

	// A receiver that never answers: the request itself is cancelled.
	block := make(chan struct{})
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(block)
	ctx, cancel = context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := (&scheduler.WebhookNotifier{URL: slow.URL, Secret: secret, Client: slow.Client()}).Notify(ctx, sample)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

func TestWebhook_NetworkErrorsAreRetried(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	url := "http://" + l.Addr().String()
	require.NoError(t, l.Close()) // nobody listens: connection refused
	w := &scheduler.WebhookNotifier{URL: url, Secret: secret, Attempts: 3, Backoff: time.Millisecond}
	err = w.Notify(context.Background(), sample)
	require.Error(t, err)
	var op *net.OpError
	require.True(t, errors.As(err, &op), "%v", err)
}

func TestWebhook_RetryAfter(t *testing.T) {
	h := newHook(t, 429)
	h.header = http.Header{"Retry-After": {"1"}}
	start := time.Now()
	require.NoError(t, h.notifier().Notify(context.Background(), sample))
	require.GreaterOrEqual(t, time.Since(start), time.Second)
	require.Len(t, h.requests(), 2)
}

func TestWebhook_NoURL(t *testing.T) {
	require.Error(t, (&scheduler.WebhookNotifier{}).Notify(context.Background(), sample))
}

func TestWebhook_ThroughTheScheduler(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	f.populate(t)
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !scheduler.Verify(secret, r.Header.Get(scheduler.HeaderTimestamp), body, r.Header.Get(scheduler.HeaderSignature)) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		if calls.Add(1)%2 == 1 {
			w.WriteHeader(http.StatusBadGateway) // every other attempt fails
			return
		}
		w.WriteHeader(http.StatusNoContent)
	}))
	defer srv.Close()
	s := f.scheduler(t, "a", &scheduler.WebhookNotifier{URL: srv.URL, Secret: secret, Client: srv.Client(), Backoff: time.Millisecond})
	res, err := s.Tick(f.ctx)
	require.NoError(t, err)
	require.Equal(t, populatedItems, res.Sent)
	require.Equal(t, int32(2*populatedItems), calls.Load())
}

// roundTripNotifier tells done each time an answer has come back.
type roundTripNotifier struct {
	next http.RoundTripper
	done chan struct{}
}

func (r roundTripNotifier) RoundTrip(req *http.Request) (*http.Response, error) {
	res, err := r.next.RoundTrip(req)
	if err == nil {
		// Read the body first, as the notifier does, so that the answer is
		// wholly in before the test cancels.
		body, rerr := io.ReadAll(res.Body)
		res.Body.Close()
		if rerr != nil {
			return nil, rerr
		}
		res.Body = io.NopCloser(bytes.NewReader(body))
	}
	select {
	case r.done <- struct{}{}:
	default:
	}
	return res, err
}
