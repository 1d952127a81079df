package notify_test

import (
	"bytes"
	"errors"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/notify"
)

// TestHealthFollowsEachChannel: a channel is ok until a send fails, failing
// (with the failures counted and the last reason, its URL and the
// settings' secrets removed) until one succeeds; the log says so once per
// change, not once per send.
func TestHealthFollowsEachChannel(t *testing.T) {
	var logs bytes.Buffer
	now := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	channels, err := notify.FromEnv(func(k string) string {
		return map[string]string{
			"SHOUHOU_WECOM_WEBHOOK":    "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-s3cret",
			"SHOUHOU_DINGTALK_WEBHOOK": "https://oapi.dingtalk.com/robot/send?access_token=ding-t0ken",
			"SHOUHOU_DINGTALK_SECRET":  "SECdingsecret",
			"SHOUHOU_SMTP_URL":         "smtp://shouhou:mail-passw0rd@127.0.0.1:2525",
			"SHOUHOU_MAIL_FROM":        "售后管理部 <shouhou@example.com>",
		}[k]
	}, notify.Options{})
	require.NoError(t, err)
	defer channels.Close()
	h := notify.NewHealth(slog.New(slog.NewTextHandler(&logs, nil)), func() time.Time { return now }, channels.Redact)

	h.Record("邮件", nil)
	require.Equal(t, []notify.ChannelState{{Channel: "邮件", OK: true, Since: now}}, h.States())
	for i, msg := range []string{
		`Post "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-s3cret": dial tcp: i/o timeout`,
		"535 authentication failed for shouhou:mail-passw0rd",
		"钉钉 said ding-t0ken SECdingsecret is wrong",
	} {
		now = now.Add(time.Minute)
		h.Record("企业微信群机器人 1", errors.New(msg))
		got := h.States()[0]
		require.Equal(t, "企业微信群机器人 1", got.Channel, "sorted by name")
		require.False(t, got.OK)
		require.Equal(t, i+1, got.Failures)
		require.Equal(t, time.Date(2026, 11, 2, 9, 1, 0, 0, time.UTC), got.Since, "failing since the first failure")
		for _, secret := range []string{"wecom-s3cret", "mail-passw0rd", "ding-t0ken", "SECdingsecret", "https://"} {
			require.NotContains(t, got.Error, secret)
		}
	}
	now = now.Add(time.Minute)
	h.Record("企业微信群机器人 1", nil)
	got := h.States()[0]
	require.True(t, got.OK)
	require.Zero(t, got.Failures)
	require.Empty(t, got.Error)
	require.Equal(t, now, got.Since)
	require.Equal(t, 1, strings.Count(logs.String(), "通知渠道发送失败"), logs.String())
	require.Equal(t, 1, strings.Count(logs.String(), "通知渠道已恢复"), logs.String())
	for _, secret := range []string{"wecom-s3cret", "mail-passw0rd", "ding-t0ken", "SECdingsecret"} {
		require.NotContains(t, logs.String(), secret)
	}
}
