package notify_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/notify"
)

// TestAliyunSMSSendsASignedSendSms: a stand-in for dysmsapi receives a
// form-encoded POST with every documented SendSms parameter
// (SignatureMethod HMAC-SHA1, SignatureVersion 1.0, Action SendSms,
// PhoneNumbers, SignName, TemplateCode, TemplateParam as JSON) and a
// Signature it recomputes over the canonicalised parameters; Code OK is
// success, any other code a failure naming it.
func TestAliyunSMSSendsASignedSendSms(t *testing.T) {
	var mu sync.Mutex
	answer := `{"Code":"OK","Message":"OK","BizId":"900619746936498440^0","RequestId":"F655A8D5-B967-440B-8683-DAD6FF8DE990"}`
	var got url.Values
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		assert.Equal(t, http.MethodPost, r.Method)
		assert.Equal(t, "application/x-www-form-urlencoded", r.Header.Get("Content-Type"))
		assert.NoError(t, r.ParseForm())
		form := r.PostForm
		if form.Get("Signature") != notify.AliyunSignature(http.MethodPost, form, "the-secret") {
			w.WriteHeader(http.StatusBadRequest)
			io.WriteString(w, `{"Code":"SignatureDoesNotMatch","Message":"Specified signature is not matched with our calculation."}`)
			return
		}
		mu.Lock()
		got = form
		a := answer
		mu.Unlock()
		io.WriteString(w, a)
	}))
	defer srv.Close()
	at := time.Date(2026, 11, 20, 2, 0, 0, 0, time.UTC)
	a := &notify.AliyunSMS{AccessKeyID: "LTAI-test", AccessKeySecret: "the-secret", SignName: "某某建筑", Endpoint: srv.URL + "/",
		Now: func() time.Time { return at }, Nonce: func() string { return "nonce-1" }}
	err := a.SendSMS(context.Background(), notify.SMS{Phone: "13800138000", Template: "SMS_123", Params: map[string]string{"id": "AS-1", "link": "https://example.com/r/AS-1"}})
	require.NoError(t, err)
	for k, v := range map[string]string{"AccessKeyId": "LTAI-test", "Action": "SendSms", "Format": "JSON", "PhoneNumbers": "13800138000",
		"RegionId": "cn-hangzhou", "SignName": "某某建筑", "SignatureMethod": "HMAC-SHA1", "SignatureNonce": "nonce-1", "SignatureVersion": "1.0",
		"TemplateCode": "SMS_123", "Timestamp": "2026-11-20T02:00:00Z", "Version": "2017-05-25"} {
		require.Equal(t, v, got.Get(k), k)
	}
	var params map[string]string
	require.NoError(t, json.Unmarshal([]byte(got.Get("TemplateParam")), &params))
	require.Equal(t, map[string]string{"id": "AS-1", "link": "https://example.com/r/AS-1"}, params)
	require.Len(t, got, 14, "the documented parameters and the signature, nothing else")

	mu.Lock()
	answer = `{"Code":"isv.BUSINESS_LIMIT_CONTROL","Message":"触发分钟级流控Permits:1"}`
	mu.Unlock()
	err = a.SendSMS(context.Background(), notify.SMS{Phone: "13800138000", Template: "SMS_123"})
	require.ErrorContains(t, err, "isv.BUSINESS_LIMIT_CONTROL")

	wrong := *a
	wrong.AccessKeySecret = "not-the-secret"
	err = wrong.SendSMS(context.Background(), notify.SMS{Phone: "13800138000", Template: "SMS_123"})
	require.ErrorContains(t, err, "SignatureDoesNotMatch")
	require.NotContains(t, err.Error(), "not-the-secret")
}

// TestSMSGatewayPostsJSONWithTheToken: the gateway receives
// {"phone","template","params"} as JSON with Authorization: Bearer; a
// non-2xx answer is a failure.
func TestSMSGatewayPostsJSONWithTheToken(t *testing.T) {
	var body []byte
	status := http.StatusOK
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost || r.Header.Get("Authorization") != "Bearer gw-token" ||
			r.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		body, _ = io.ReadAll(r.Body)
		w.WriteHeader(status)
	}))
	defer srv.Close()
	g := &notify.SMSGateway{URL: srv.URL + "/sms", Token: "gw-token"}
	require.NoError(t, g.SendSMS(context.Background(), notify.SMS{Phone: "+8613800138000", Template: "T-RECEIPT", Params: map[string]string{"id": "AS-1"}}))
	require.JSONEq(t, `{"phone":"+8613800138000","template":"T-RECEIPT","params":{"id":"AS-1"}}`, string(body))
	status = http.StatusBadGateway
	require.ErrorContains(t, g.SendSMS(context.Background(), notify.SMS{Phone: "13800138000", Template: "T"}), "502")
	bad := &notify.SMSGateway{URL: srv.URL + "/sms", Token: "other"}
	require.ErrorContains(t, bad.SendSMS(context.Background(), notify.SMS{Phone: "13800138000", Template: "T"}), "401")
}

// smsRecorder is an SMSProvider that keeps what it is asked to send.
type smsRecorder struct{ got []notify.SMS }

func (s *smsRecorder) SendSMS(_ context.Context, m notify.SMS) error {
	s.got = append(s.got, m)
	return nil
}

// TestTexterPicksTheConfiguredTemplate: a purpose's template code comes
// from the configuration; a purpose without one is ErrNoTemplate and a
// malformed number is refused, neither reaching the provider.
func TestTexterPicksTheConfiguredTemplate(t *testing.T) {
	rec := &smsRecorder{}
	tx := &notify.Texter{Provider: rec, Templates: map[string]string{notify.SMSReceipt: "SMS_1001", notify.SMSVisit: "SMS_1003"}}
	require.NoError(t, tx.Send(context.Background(), "138 0013 8000", notify.SMSReceipt, map[string]string{"id": "AS-1"}))
	require.Equal(t, []notify.SMS{{Phone: "13800138000", Template: "SMS_1001", Params: map[string]string{"id": "AS-1"}}}, rec.got)
	err := tx.Send(context.Background(), "13800138000", notify.SMSFeedback, nil)
	require.True(t, errors.Is(err, notify.ErrNoTemplate), "%v", err)
	require.ErrorContains(t, tx.Send(context.Background(), "call me", notify.SMSVisit, nil), "手机号码")
	require.Len(t, rec.got, 1)
}
