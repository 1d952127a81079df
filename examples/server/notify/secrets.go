package notify

import (
	"net/url"
	"strings"
)

// secretVars are the variables whose values, or parts of them, are
// secrets: a robot's key or token in its URL's query, a signing secret, an
// SMTP password, an SMS provider's credentials.
var secretVars = []string{"SHOUHOU_WECOM_WEBHOOK", "SHOUHOU_WECOM_DEPT_WEBHOOKS", "SHOUHOU_DINGTALK_WEBHOOK", "SHOUHOU_DINGTALK_SECRET",
	"SHOUHOU_DINGTALK_DEPT_WEBHOOKS", "SHOUHOU_SMTP_URL", "SHOUHOU_ALIYUN_ACCESS_KEY_SECRET", "SHOUHOU_SMS_GATEWAY_URL", "SHOUHOU_SMS_GATEWAY_TOKEN"}

// secretsIn returns the secrets in the settings read through get: every
// URL's query values and password, and every other word of the values
// (a department robot variable holds IDs, URLs and secrets), each at
// least 6 characters, so that a message can be redacted of them.
func secretsIn(get func(string) string) []string {
	var out []string
	add := func(s string) {
		if len(s) >= 6 {
			out = append(out, s)
		}
	}
	for _, name := range secretVars {
		for _, word := range strings.FieldsFunc(get(name), func(r rune) bool { return r == ' ' || r == ';' }) {
			i := strings.Index(word, "://")
			if i < 0 {
				add(word) // a secret of its own
				continue
			}
			if j := strings.LastIndex(word[:i], "="); j >= 0 {
				word = word[j+1:] // 部门编号=URL
			}
			u, err := url.Parse(word)
			if err != nil {
				add(word)
				continue
			}
			if p, ok := u.User.Password(); ok {
				add(p)
			}
			for _, vs := range u.Query() {
				for _, v := range vs {
					add(v)
				}
			}
		}
	}
	return out
}

// Redact returns s with every secret of the settings replaced by ***.
func (c *Channels) Redact(s string) string {
	for _, x := range c.secrets {
		s = strings.ReplaceAll(s, x, "***")
	}
	return s
}
