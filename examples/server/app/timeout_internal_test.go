package app

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// TestTimeoutAnswersAsTheAPIDoes: a request the server has not answered
// in time gets 503 with the API's error body as JSON and a Retry-After,
// like every other refusal; an answer the handler gave in time keeps its
// own headers, a 503 of its own included.
func TestTimeoutAnswersAsTheAPIDoes(t *testing.T) {
	release := make(chan struct{})
	defer close(release)
	slow := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			<-release
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.WriteHeader(http.StatusServiceUnavailable)
	})
	h := timeLimited(slow, 20*time.Millisecond)

	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/slow", nil))
	if rec.Code != http.StatusServiceUnavailable {
		t.Fatalf("status %d", rec.Code)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	if rec.Header().Get("Retry-After") == "" {
		t.Fatal("no Retry-After")
	}
	var body struct{ Code, Message string }
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Code != "timeout" || body.Message == "" {
		t.Fatalf("body %q: %v", rec.Body.String(), err)
	}

	// A request whose connection gave up first (its context cancelled, as
	// a body too slow for the read timeout does): the same answer.
	ctx, cancel := context.WithCancel(context.Background())
	rec = httptest.NewRecorder()
	go func() { time.Sleep(5 * time.Millisecond); cancel() }()
	timeLimited(slow, time.Minute).ServeHTTP(rec, httptest.NewRequest("GET", "/slow", nil).WithContext(ctx))
	if rec.Code != http.StatusServiceUnavailable || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Fatalf("cancelled: %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Code != "timeout" {
		t.Fatalf("cancelled: body %q: %v", rec.Body.String(), err)
	}

	rec = httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest("GET", "/fast", nil))
	if ct := rec.Header().Get("Content-Type"); rec.Code != http.StatusServiceUnavailable || ct != "text/html; charset=utf-8" || rec.Header().Get("Retry-After") != "" {
		t.Fatalf("the handler's own 503: %d %q %q", rec.Code, ct, rec.Header().Get("Retry-After"))
	}
}
