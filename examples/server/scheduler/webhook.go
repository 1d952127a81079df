package scheduler

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The webhook headers.
const (
	HeaderKey       = "X-Shouhou-Key"
	HeaderTimestamp = "X-Shouhou-Timestamp"
	HeaderSignature = "X-Shouhou-Signature"
)

// maxRetryAfter caps how long a Retry-After header may make the notifier
// wait between two attempts.
const maxRetryAfter = time.Minute

// WebhookNotifier POSTs each notification as JSON to URL with the headers
// Content-Type: application/json, X-Shouhou-Key (the notification's key),
// X-Shouhou-Timestamp (Unix seconds at sending) and X-Shouhou-Signature:
// "sha256=" and the hex HMAC-SHA256, keyed with Secret, of the timestamp,
// a dot and the body. With no Secret the signature header is left out.
//
// A 2xx answer is success. Network errors, 429 and 5xx are retried, up to
// Attempts attempts in all, waiting Backoff, then twice as long each time
// (or as long as a Retry-After header asks, up to a minute); any other
// answer fails at once. Waiting ends when ctx is done.
//
// A receiver checks the signature with Verify, refuses timestamps more
// than a few minutes from its own clock, and deduplicates on the key.
type WebhookNotifier struct {
	URL      string
	Secret   []byte
	Client   *http.Client      // default: a client with a 10-second timeout
	Attempts int               // default 4
	Backoff  time.Duration     // default 500ms, doubling
	Now      func() time.Time  // default time.Now; for the timestamp
	Header   map[string]string // extra headers, such as an authorization token
	// SigningKey, if set, also signs each delivery the Standard Webhooks
	// way (webhook-id: "msg_" and a hash of the notification's key;
	// webhook-timestamp; webhook-signature), for receivers built on its
	// libraries; the X-Shouhou headers stay for existing receivers.
	SigningKey []byte
}

var defaultWebhookClient = &http.Client{Timeout: 10 * time.Second}

// Notify delivers n; see WebhookNotifier.
func (w *WebhookNotifier) Notify(ctx context.Context, n Notification) error {
	if w.URL == "" {
		return errors.New("webhook: no URL")
	}
	body, err := json.Marshal(n)
	if err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	attempts, wait := w.Attempts, w.Backoff
	if attempts <= 0 {
		attempts = 4
	}
	if wait <= 0 {
		wait = 500 * time.Millisecond
	}
	var last error
	for i := 0; i < attempts; i++ {
		if i > 0 {
			if err := sleep(ctx, max(wait, retryAfter(last))); err != nil {
				return fmt.Errorf("webhook: %w (last attempt: %w)", err, last)
			}
			wait *= 2
		}
		var retry bool
		retry, last = w.post(ctx, n.Key, body)
		if last == nil {
			return nil
		}
		if err := ctx.Err(); err != nil && retry {
			// Cancelled between two attempts: say so, with the last answer.
			return fmt.Errorf("webhook: %w (last attempt: %w)", err, last)
		}
		if !retry {
			break
		}
	}
	return fmt.Errorf("webhook: %w", last)
}

// post makes one attempt; it reports whether a failure is worth retrying.
func (w *WebhookNotifier) post(ctx context.Context, key string, body []byte) (bool, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.URL, bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	now := time.Now
	if w.Now != nil {
		now = w.Now
	}
	sent := now().Unix()
	ts := strconv.FormatInt(sent, 10)
	for k, v := range w.Header {
		req.Header.Set(k, v)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(HeaderKey, key)
	req.Header.Set(HeaderTimestamp, ts)
	if len(w.Secret) > 0 {
		req.Header.Set(HeaderSignature, sign(w.Secret, ts, body))
	}
	if len(w.SigningKey) > 0 {
		id := MessageID(key)
		req.Header.Set(HeaderWebhookID, id)
		req.Header.Set(HeaderWebhookTimestamp, ts)
		req.Header.Set(HeaderWebhookSignature, SignStandard(w.SigningKey, id, sent, body))
	}
	client := w.Client
	if client == nil {
		client = defaultWebhookClient
	}
	resp, err := client.Do(req)
	if err != nil {
		return true, err
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	switch code := resp.StatusCode; {
	case code >= 200 && code < 300:
		return false, nil
	case code == http.StatusTooManyRequests || code >= 500:
		return true, &statusError{code: code, retryAfter: parseRetryAfter(resp.Header.Get("Retry-After"))}
	default:
		return false, &statusError{code: code}
	}
}

// statusError is an answer other than 2xx.
type statusError struct {
	code       int
	retryAfter time.Duration
}

func (e *statusError) Error() string {
	return fmt.Sprintf("status %d %s", e.code, http.StatusText(e.code))
}

func retryAfter(err error) time.Duration {
	var se *statusError
	if errors.As(err, &se) {
		return se.retryAfter
	}
	return 0
}

// parseRetryAfter reads a Retry-After header in seconds; the HTTP-date form
// is ignored.
func parseRetryAfter(v string) time.Duration {
	s, err := strconv.Atoi(strings.TrimSpace(v))
	if err != nil || s <= 0 {
		return 0
	}
	return min(time.Duration(s)*time.Second, maxRetryAfter)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

func sign(secret []byte, timestamp string, body []byte) string {
	m := hmac.New(sha256.New, secret)
	m.Write([]byte(timestamp))
	m.Write([]byte{'.'})
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// Verify reports whether signature, the X-Shouhou-Signature header, is the
// HMAC-SHA256 of timestamp, a dot and body under secret. It compares in
// constant time and refuses an empty secret. It does not judge the
// timestamp's age: the receiver must.
func Verify(secret []byte, timestamp string, body []byte, signature string) bool {
	hexSig, ok := strings.CutPrefix(signature, "sha256=")
	if len(secret) == 0 || !ok {
		return false
	}
	got, err := hex.DecodeString(hexSig)
	if err != nil {
		return false
	}
	want, _ := hex.DecodeString(strings.TrimPrefix(sign(secret, timestamp, body), "sha256="))
	return hmac.Equal(got, want)
}
