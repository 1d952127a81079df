package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/intake"
	"github.com/shouhou/shouhou/examples/server/notify"
)

// TestRunTellsWeComAboutAnOverdueRequest: with SHOUHOU_WECOM_WEBHOOK set,
// -scan 1s and -quiet off, a request registered over the API a week
// after it was received (its P1.2 forwarding overdue) reaches the 企业微信
// robot as a markdown message naming the request, within a few seconds.
// The robot fails its first two posts: meanwhile /healthz reports the
// channel failing and the log says so once, without the robot's key; once
// a retry gets through, /healthz reports it ok and the log that it
// recovered.
func TestRunTellsWeComAboutAnOverdueRequest(t *testing.T) {
	var mu sync.Mutex
	var contents []string
	var calls atomic.Int64
	robot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if calls.Add(1) <= 2 {
			fmt.Fprint(w, `{"errcode":93000,"errmsg":"invalid webhook url, hint: [1] robot-key"}`) // a refusal, not retried at once
			return
		}
		var body struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Content string `json:"content"`
			} `json:"markdown"`
		}
		raw, _ := io.ReadAll(r.Body)
		if r.Method != http.MethodPost || r.URL.Query().Get("key") != "robot-key" || json.Unmarshal(raw, &body) != nil || body.MsgType != "markdown" {
			fmt.Fprint(w, `{"errcode":40008,"errmsg":"invalid message type"}`)
			return
		}
		mu.Lock()
		contents = append(contents, body.Markdown.Content)
		mu.Unlock()
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer robot.Close()

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var out, errb syncBuffer
	done := make(chan int)
	env := map[string]string{"SHOUHOU_ADMIN_TOKEN": "wecom-test-token", "SHOUHOU_WECOM_WEBHOOK": robot.URL + "/cgi-bin/webhook/send?key=robot-key"}
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", filepath.Join(t.TempDir(), "shouhou.db"), "-scan", "1s", "-quiet", "off"},
			func(k string) string { return env[k] }, &out, &errb)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "/healthz") }, 10*time.Second, 20*time.Millisecond)
	require.Contains(t, out.String(), "通知渠道：企业微信群机器人（不设免打扰时段）")
	require.NotContains(t, out.String()+errb.String(), "robot-key", "the robot's key is never shown")
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())

	received := time.Now().AddDate(0, 0, -7).Format(time.RFC3339)
	req, _ := http.NewRequest("POST", base+"/api/v1/requests", strings.NewReader(fmt.Sprintf(
		`{"customer": {"name": "王女士"}, "channel": "phone", "description": "卫生间渗水", "received_at": %q}`, received)))
	req.Header.Set("Authorization", "Bearer wecom-test-token")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	var created struct {
		ID     string `json:"id"`
		Number string `json:"number"`
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&created))
	res.Body.Close()
	require.Equal(t, 201, res.StatusCode)
	require.NotEmpty(t, created.ID)
	require.NotEmpty(t, created.Number)

	naming := func() string {
		mu.Lock()
		defer mu.Unlock()
		for _, c := range contents {
			// The notice names the request by the number people read out.
			if strings.Contains(c, "售后需求 "+created.Number+"：") {
				return c
			}
		}
		return ""
	}
	health := func() []map[string]any {
		res, err := http.Get(base + "/healthz")
		require.NoError(t, err)
		defer res.Body.Close()
		var h struct {
			Notices []map[string]any `json:"notices"`
		}
		require.NoError(t, json.NewDecoder(res.Body).Decode(&h))
		return h.Notices
	}
	require.Eventually(t, func() bool {
		n := health()
		return len(n) == 1 && n[0]["ok"] == false
	}, 10*time.Second, 50*time.Millisecond, "the failing robot on /healthz")
	failing := health()[0]
	require.Equal(t, "企业微信群机器人 1", failing["channel"])
	require.NotContains(t, failing, "error", "the reason is in the log only: /healthz answers anyone")
	require.Eventually(t, func() bool { return naming() != "" }, 15*time.Second, 50*time.Millisecond)
	require.Eventually(t, func() bool {
		n := health()
		return len(n) == 1 && n[0]["ok"] == true
	}, 5*time.Second, 50*time.Millisecond, "ok again on /healthz")
	logs := out.String() + errb.String()
	require.Equal(t, 1, strings.Count(logs, "通知渠道发送失败"), "said once, not per notice: %s", logs)
	require.Contains(t, logs, "通知渠道已恢复")
	msg := naming()
	require.Contains(t, msg, "【逾期】售后需求 "+created.Number)
	require.NotContains(t, msg, created.ID, "the number, not the internal ID")
	require.Contains(t, msg, "P1.2")
	stopServer(t, cancel, done, &errb)
	require.NotContains(t, errb.String(), "robot-key")
}

// TestRunRefusesBadNotificationSettings: bad configuration stops the
// server at start, with exit code 2 and a Chinese message naming the
// variable (or the flag), before the database is opened; no secret is
// repeated.
func TestRunRefusesBadNotificationSettings(t *testing.T) {
	dir := t.TempDir()
	for _, c := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"a malformed robot URL", map[string]string{"SHOUHOU_WECOM_WEBHOOK": "qyapi.weixin.qq.com/cgi-bin/webhook/send?key=s3cret-key"}, nil, "SHOUHOU_WECOM_WEBHOOK"},
		{"a 钉钉 robot without its secret", map[string]string{"SHOUHOU_DINGTALK_WEBHOOK": "https://oapi.dingtalk.com/robot/send?access_token=s3cret-key"}, nil, "SHOUHOU_DINGTALK_SECRET"},
		{"SMTP without a sender", map[string]string{"SHOUHOU_SMTP_URL": "smtp://u:s3cret-key@smtp.example.com"}, nil, "SHOUHOU_MAIL_FROM"},
		{"a malformed SMTP URL", map[string]string{"SHOUHOU_SMTP_URL": "smtp.example.com:s3cret-key", "SHOUHOU_MAIL_FROM": "a@example.com"}, nil, "SHOUHOU_SMTP_URL"},
		{"Aliyun SMS without its secret", map[string]string{"SHOUHOU_ALIYUN_ACCESS_KEY_ID": "LTAI", "SHOUHOU_SMS_SIGN_NAME": "某某建筑", "SHOUHOU_SMS_TEMPLATE_RECEIPT": "SMS_1"}, nil, "SHOUHOU_ALIYUN_ACCESS_KEY_SECRET"},
		{"a WeChat callback without its AES key", map[string]string{"SHOUHOU_WECHAT_TOKEN": "s3cretkey", "SHOUHOU_WECHAT_APPID": "wx1"}, nil, "SHOUHOU_WECHAT_AES_KEY"},
		{"a WeChat AES key without the token", map[string]string{"SHOUHOU_WECHAT_AES_KEY": "s3cret-key"}, nil, "SHOUHOU_WECHAT_TOKEN"},
		{"a mailbox URL without its password", map[string]string{"SHOUHOU_IMAP_URL": "imaps://service%40example.com@imap.example.com/INBOX"}, nil, "SHOUHOU_IMAP_URL"},
		{"a mailbox URL of another scheme", map[string]string{"SHOUHOU_IMAP_URL": "pop3://u:s3cret-key@mail.example.com"}, nil, "SHOUHOU_IMAP_URL"},
		{"a bad complaint address", map[string]string{"SHOUHOU_IMAP_URL": "imaps://u:s3cret-key@mail.example.com", "SHOUHOU_COMPLAINT_ADDRESS": "tousu at example"}, nil, "SHOUHOU_COMPLAINT_ADDRESS"},
		{"bad working hours", nil, []string{"-quiet", "20:00-08:00"}, "-quiet"},
	} {
		var out, errb syncBuffer
		db := filepath.Join(dir, "never.db")
		code := run(context.Background(), append([]string{"-db", db, "-addr", "127.0.0.1:0"}, c.args...), func(k string) string { return c.env[k] }, &out, &errb)
		require.Equal(t, 2, code, c.name)
		require.True(t, strings.HasPrefix(errb.String(), "错误："), "%s: %q", c.name, errb.String())
		require.Contains(t, errb.String(), c.want, c.name)
		require.NotContains(t, errb.String(), "s3cret-key", c.name)
		require.NoFileExists(t, db, c.name)
	}
}

// TestRunHelpDocumentsTheSettings: -h lists the flags, -quiet among them,
// and every environment variable (exiting 2, as the flag package does).
func TestRunHelpDocumentsTheSettings(t *testing.T) {
	var out, errb syncBuffer
	require.Equal(t, 2, run(context.Background(), []string{"-h"}, func(string) string { return "" }, &out, &errb))
	help := errb.String()
	require.Contains(t, help, "-quiet")
	require.Contains(t, help, "08:00-20:00")
	for _, v := range append([]string{"SHOUHOU_ADMIN_TOKEN", "SHOUHOU_WEBHOOK_SECRET"}, varNames()...) {
		require.Contains(t, help, v)
	}
}

func varNames() []string {
	var out []string
	for _, v := range notify.Vars() {
		out = append(out, v.Name)
	}
	for _, v := range intake.Vars() {
		out = append(out, v.Name)
	}
	return out
}
