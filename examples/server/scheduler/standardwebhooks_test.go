package scheduler_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// TestStandardWebhooksSignature checks the signing against the worked
// example of the Standard Webhooks specification's reference libraries.
func TestStandardWebhooksSignature(t *testing.T) {
	key, err := scheduler.ParseStandardSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	require.NoError(t, err)
	body := []byte(`{"test": 2432232314}`)
	sig := scheduler.SignStandard(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body)
	require.Equal(t, "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=", sig)
	require.True(t, scheduler.VerifyStandard(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", body, "v1,bm9wZQ== "+sig))
	require.False(t, scheduler.VerifyStandard(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265331", body, sig), "another timestamp")
	require.False(t, scheduler.VerifyStandard(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", "1614265330", []byte(`{"test": 1}`), sig), "another body")
	for _, bad := range []string{"MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "whsec_!!!", "whsec_c2hvcnQ="} {
		_, err := scheduler.ParseStandardSecret(bad)
		require.Error(t, err, bad)
	}
}

// TestWebhookNotifierSignsTheStandardWayToo: with a SigningKey a notice
// carries the Standard Webhooks headers beside the X-Shouhou ones; its
// webhook-id is the same on a retry.
func TestWebhookNotifierSignsTheStandardWayToo(t *testing.T) {
	key, err := scheduler.ParseStandardSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	require.NoError(t, err)
	var ids []string
	calls := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		calls++
		if !scheduler.VerifyStandard(key, r.Header.Get("webhook-id"), r.Header.Get("webhook-timestamp"), body, r.Header.Get("webhook-signature")) ||
			!scheduler.Verify([]byte("old-secret"), r.Header.Get(scheduler.HeaderTimestamp), body, r.Header.Get(scheduler.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		ids = append(ids, r.Header.Get("webhook-id"))
		if calls == 1 {
			http.Error(w, "try again", http.StatusServiceUnavailable)
		}
	}))
	defer srv.Close()
	n := &scheduler.WebhookNotifier{URL: srv.URL, Secret: []byte("old-secret"), SigningKey: key, Backoff: time.Millisecond}
	require.NoError(t, n.Notify(t.Context(), scheduler.Notification{Key: "overdue:P1.2:AS-1:after_sales:0:1", Kind: scheduler.KindOverdue}))
	require.Len(t, ids, 2)
	require.Equal(t, ids[0], ids[1], "the same webhook-id on the retry")
	require.Equal(t, scheduler.MessageID("overdue:P1.2:AS-1:after_sales:0:1"), ids[0])
}
