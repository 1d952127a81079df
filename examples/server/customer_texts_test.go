package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatewayText is one text the stand-in SMS gateway took.
type gatewayText struct {
	Phone    string            `json:"phone"`
	Template string            `json:"template"`
	Params   map[string]string `json:"params"`
}

// TestRunTextsCustomers: with an SMS gateway and templates configured,
// a customer gets a receipt with their request's number and a link that
// signs them in, the P1.3 feedback the desk records, and a complaint's
// receipt — each once, although the gateway refused the first try.
func TestRunTextsCustomers(t *testing.T) {
	var mu sync.Mutex
	var texts []gatewayText
	var calls atomic.Int64
	gateway := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var m gatewayText
		raw, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.Header.Get("Authorization") != "Bearer gw-token" ||
			!strings.HasPrefix(r.Header.Get("Content-Type"), "application/json") || json.Unmarshal(raw, &m) != nil {
			http.Error(w, "bad request", http.StatusBadRequest)
			return
		}
		if calls.Add(1) == 1 {
			http.Error(w, "busy", http.StatusServiceUnavailable) // the first try fails: retried
			return
		}
		mu.Lock()
		texts = append(texts, m)
		mu.Unlock()
	}))
	defer gateway.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int)
	env := map[string]string{"SHOUHOU_ADMIN_TOKEN": "sms-test-token", "SHOUHOU_SMS_GATEWAY_URL": gateway.URL + "/send",
		"SHOUHOU_SMS_GATEWAY_TOKEN": "gw-token", "SHOUHOU_SMS_TEMPLATE_RECEIPT": "SMS_R", "SHOUHOU_SMS_TEMPLATE_FEEDBACK": "SMS_F",
		"SHOUHOU_SMS_TEMPLATE_VISIT": "SMS_V", "SHOUHOU_PUBLIC_URL": "https://shouhou.example.com"}
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shouhou.db"), "-scan", "-1s"},
			func(k string) string { return env[k] }, &out, &errb)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "/healthz") }, 10*time.Second, 20*time.Millisecond)
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())
	api := func(path, body string) map[string]any {
		req, _ := http.NewRequest("POST", base+path, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer sms-test-token")
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		var m map[string]any
		require.NoError(t, json.NewDecoder(res.Body).Decode(&m))
		require.Less(t, res.StatusCode, 300, "%s: %v", path, m)
		return m
	}
	received := time.Now().Add(-time.Hour).Format(time.RFC3339)
	r := api("/api/v1/requests", fmt.Sprintf(`{"channel": "phone", "description": "水管爆裂", "urgent": true, "received_at": %q,
		"customer": {"id": "C-77", "name": "王女士", "phone": "13800138000"}}`, received))
	id, number := r["id"].(string), r["number"].(string)
	require.Regexp(t, `^SH-\d{4}-000001$`, number)
	api("/api/v1/requests/"+id+"/urgent", `{"measures": "关闭总阀"}`)
	api("/api/v1/requests/"+id+"/feedback", `{"kind": "urgent", "channel": "phone", "summary": "已关闭总阀，明日上午更换水管"}`)
	k := api("/api/v1/complaints", fmt.Sprintf(`{"channel": "phone", "type": "delay", "description": "维修拖延", "received_at": %q,
		"received_by": "after_sales", "complainant": {"id": "C-77", "name": "王女士", "phone": "13800138000"}}`, received))

	want := 3
	if !assert.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(texts) >= want }, 20*time.Second, 50*time.Millisecond) {
		t.Fatalf("texts %+v calls %d\n%s", texts, calls.Load(), errb.String())
	}
	time.Sleep(3 * time.Second) // a repeat would come within a reader's interval
	mu.Lock()
	got := append([]gatewayText(nil), texts...)
	mu.Unlock()
	require.Len(t, got, want, "each text once: %+v", got)

	receipt := got[0]
	require.Equal(t, "SMS_R", receipt.Template)
	require.Equal(t, "13800138000", receipt.Phone)
	require.Equal(t, number, receipt.Params["number"], "the number a person can read out")
	link := receipt.Params["link"]
	require.True(t, strings.HasPrefix(link, "https://shouhou.example.com/c/"), link)
	require.Equal(t, gatewayText{Phone: "13800138000", Template: "SMS_F", Params: map[string]string{"number": number, "content": "已关闭总阀，明日上午更换水管"}}, got[1])
	require.Equal(t, "SMS_R", got[2].Template)
	require.Equal(t, k["number"], got[2].Params["number"])

	// The gateway's refusal was seen, and its recovery: /healthz lists the
	// customer texts' channel, ok again; the log said both.
	res, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	var h struct {
		Notices []map[string]any `json:"notices"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&h))
	res.Body.Close()
	require.Len(t, h.Notices, 1)
	require.Equal(t, "客户短信", h.Notices[0]["channel"])
	require.Equal(t, true, h.Notices[0]["ok"])
	require.Contains(t, errb.String()+out.String(), "通知渠道已恢复")

	// The link signs the customer in, to their own records.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar}
	res, err = browser.Get(base + strings.TrimPrefix(link, "https://shouhou.example.com"))
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	res, err = browser.Get(base + "/portal")
	require.NoError(t, err)
	portal, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, http.StatusOK, res.StatusCode)
	require.Contains(t, string(portal), number, "the customer's portal lists their request")
	require.NotContains(t, out.String()+errb.String(), strings.TrimPrefix(link, "https://shouhou.example.com/c/"), "the link's token is never logged")

	cancel()
	require.Equal(t, 0, <-done)
}
