package notify_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/notify"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// good is a complete, valid configuration.
var good = map[string]string{
	"SHOUHOU_WECOM_WEBHOOK":            "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=wecom-key-123",
	"SHOUHOU_WECOM_DEPT_WEBHOOKS":      "项目一部=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=dept-key-1; 设计部=https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=dept-key-2",
	"SHOUHOU_DINGTALK_WEBHOOK":         "https://oapi.dingtalk.com/robot/send?access_token=ding-token",
	"SHOUHOU_DINGTALK_SECRET":          "SECding-secret",
	"SHOUHOU_DINGTALK_DEPT_WEBHOOKS":   "项目一部=https://oapi.dingtalk.com/robot/send?access_token=t2 SECdept-secret",
	"SHOUHOU_SMTP_URL":                 "smtp://shouhou:mail-password@smtp.example.com:587",
	"SHOUHOU_MAIL_FROM":                "售后管理部 <shouhou@example.com>",
	"SHOUHOU_ALIYUN_ACCESS_KEY_ID":     "LTAI-id",
	"SHOUHOU_ALIYUN_ACCESS_KEY_SECRET": "aliyun-secret",
	"SHOUHOU_SMS_SIGN_NAME":            "某某建筑",
	"SHOUHOU_SMS_TEMPLATE_RECEIPT":     "SMS_1001",
	"SHOUHOU_SMS_TEMPLATE_VISIT":       "SMS_1003",
	"SHOUHOU_PUBLIC_URL":               "https://shouhou.example.com/",
	"SHOUHOU_CUSTOMER_LINK_DAYS":       "14",
}

var secrets = []string{"wecom-key-123", "dept-key-1", "ding-token", "SECding-secret", "SECdept-secret", "mail-password", "aliyun-secret", "gw-token"}

func TestFromEnvReadsEveryChannel(t *testing.T) {
	c, err := notify.FromEnv(env(nil), notify.Options{})
	require.NoError(t, err)
	require.False(t, c.Any())
	require.Nil(t, c.Texter)
	require.Empty(t, c.Describe())

	c, err = notify.FromEnv(env(good), notify.Options{})
	require.NoError(t, err)
	defer c.Close()
	require.True(t, c.Any())
	require.Len(t, c.Robots, 2)
	require.Len(t, c.DeptRobots["项目一部"], 2)
	require.Len(t, c.DeptRobots["设计部"], 1)
	require.NotNil(t, c.Mailer)
	require.Equal(t, map[string]string{notify.SMSReceipt: "SMS_1001", notify.SMSVisit: "SMS_1003"}, c.Texter.Templates)
	require.IsType(t, &notify.AliyunSMS{}, c.Texter.Provider)
	require.Equal(t, "https://shouhou.example.com", c.PublicURL)
	require.Equal(t, 14*24*time.Hour, c.LinkLife)
	described := strings.Join(c.Describe(), "\n")
	require.Contains(t, described, "企业微信群机器人")
	require.Contains(t, described, "钉钉群机器人")
	require.Contains(t, described, "smtp.example.com（STARTTLS）")
	require.Contains(t, described, "阿里云短信（2 个模板）")
	for _, s := range secrets {
		require.NotContains(t, described, s)
	}
	r := c.Router()
	require.Len(t, r.Robots, 2)
	require.Len(t, r.DeptRobots["项目一部"], 2)

	gw := map[string]string{"SHOUHOU_SMS_GATEWAY_URL": "https://sms.example.com/send", "SHOUHOU_SMS_GATEWAY_TOKEN": "gw-token", "SHOUHOU_SMS_TEMPLATE_FEEDBACK": "T-2"}
	c, err = notify.FromEnv(env(gw), notify.Options{})
	require.NoError(t, err)
	require.False(t, c.Any(), "SMS is for customers, not a channel to staff")
	require.IsType(t, &notify.SMSGateway{}, c.Texter.Provider)
}

// TestFromEnvRefusesBadSettings: each bad setting is a *ConfigError
// naming the variable, in Chinese, without repeating a secret.
func TestFromEnvRefusesBadSettings(t *testing.T) {
	with := func(base map[string]string, changes map[string]string) map[string]string {
		m := map[string]string{}
		for k, v := range base {
			m[k] = v
		}
		for k, v := range changes {
			if v == "-" {
				delete(m, k)
			} else {
				m[k] = v
			}
		}
		return m
	}
	for _, c := range []struct {
		name    string
		env     map[string]string
		wantVar string
	}{
		{"a malformed 企业微信 URL", with(good, map[string]string{"SHOUHOU_WECOM_WEBHOOK": "qyapi.weixin.qq.com/send?key=wecom-key-123"}), "SHOUHOU_WECOM_WEBHOOK"},
		{"a 钉钉 robot without its secret", with(good, map[string]string{"SHOUHOU_DINGTALK_SECRET": "-"}), "SHOUHOU_DINGTALK_SECRET"},
		{"a 钉钉 secret without a robot", with(good, map[string]string{"SHOUHOU_DINGTALK_WEBHOOK": "-"}), "SHOUHOU_DINGTALK_WEBHOOK"},
		{"a malformed 钉钉 URL", with(good, map[string]string{"SHOUHOU_DINGTALK_WEBHOOK": "ding-token"}), "SHOUHOU_DINGTALK_WEBHOOK"},
		{"a department robot without its URL", with(good, map[string]string{"SHOUHOU_WECOM_DEPT_WEBHOOKS": "项目一部"}), "SHOUHOU_WECOM_DEPT_WEBHOOKS"},
		{"a department 钉钉 robot without its secret", with(good, map[string]string{"SHOUHOU_DINGTALK_DEPT_WEBHOOKS": "项目一部=https://oapi.dingtalk.com/robot/send?access_token=t2"}), "SHOUHOU_DINGTALK_DEPT_WEBHOOKS"},
		{"SMTP without a sender", with(good, map[string]string{"SHOUHOU_MAIL_FROM": "-"}), "SHOUHOU_MAIL_FROM"},
		{"a malformed sender", with(good, map[string]string{"SHOUHOU_MAIL_FROM": "售后管理部"}), "SHOUHOU_MAIL_FROM"},
		{"a sender without SMTP", with(good, map[string]string{"SHOUHOU_SMTP_URL": "-"}), "SHOUHOU_SMTP_URL"},
		{"a malformed SMTP URL", with(good, map[string]string{"SHOUHOU_SMTP_URL": "smtp.example.com:587"}), "SHOUHOU_SMTP_URL"},
		{"SMTP over plain HTTP", with(good, map[string]string{"SHOUHOU_SMTP_URL": "http://shouhou:mail-password@smtp.example.com"}), "SHOUHOU_SMTP_URL"},
		{"Aliyun without its secret", with(good, map[string]string{"SHOUHOU_ALIYUN_ACCESS_KEY_SECRET": "-"}), "SHOUHOU_ALIYUN_ACCESS_KEY_SECRET"},
		{"Aliyun without a sign name", with(good, map[string]string{"SHOUHOU_SMS_SIGN_NAME": "-"}), "SHOUHOU_SMS_SIGN_NAME"},
		{"Aliyun and a gateway", with(good, map[string]string{"SHOUHOU_SMS_GATEWAY_URL": "https://sms.example.com", "SHOUHOU_SMS_GATEWAY_TOKEN": "gw-token"}), "SHOUHOU_SMS_GATEWAY_URL"},
		{"a gateway without its token", map[string]string{"SHOUHOU_SMS_GATEWAY_URL": "https://sms.example.com", "SHOUHOU_SMS_TEMPLATE_RECEIPT": "T"}, "SHOUHOU_SMS_GATEWAY_TOKEN"},
		{"a malformed gateway URL", map[string]string{"SHOUHOU_SMS_GATEWAY_URL": "sms.example.com", "SHOUHOU_SMS_GATEWAY_TOKEN": "gw-token", "SHOUHOU_SMS_TEMPLATE_RECEIPT": "T"}, "SHOUHOU_SMS_GATEWAY_URL"},
		{"a provider without templates", with(good, map[string]string{"SHOUHOU_SMS_TEMPLATE_RECEIPT": "-", "SHOUHOU_SMS_TEMPLATE_VISIT": "-"}), "SHOUHOU_SMS_TEMPLATE_RECEIPT"},
		{"texts with links but no public address", with(good, map[string]string{"SHOUHOU_PUBLIC_URL": "-"}), "SHOUHOU_PUBLIC_URL"},
		{"a malformed public address", with(good, map[string]string{"SHOUHOU_PUBLIC_URL": "shouhou.example.com"}), "SHOUHOU_PUBLIC_URL"},
		{"a link life of no days", with(good, map[string]string{"SHOUHOU_CUSTOMER_LINK_DAYS": "0"}), "SHOUHOU_CUSTOMER_LINK_DAYS"},
		{"a template without a provider", map[string]string{"SHOUHOU_SMS_TEMPLATE_VISIT": "SMS_1003"}, "SHOUHOU_SMS_TEMPLATE_VISIT"},
	} {
		_, err := notify.FromEnv(env(c.env), notify.Options{})
		var ce *notify.ConfigError
		require.True(t, errors.As(err, &ce), "%s: %v", c.name, err)
		require.Equal(t, c.wantVar, ce.Var, c.name)
		require.Contains(t, err.Error(), "环境变量 "+c.wantVar, c.name)
		for _, s := range secrets {
			require.NotContains(t, err.Error(), s, c.name)
		}
	}
}
