package notify

import (
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// Var is an environment variable the notifications read.
type Var struct {
	Name string
	Help string // Chinese
}

// Vars returns the environment variables of the notification channels,
// in the order -h and the README list them.
func Vars() []Var {
	return []Var{
		{"SHOUHOU_WECOM_WEBHOOK", "企业微信群机器人的 Webhook 地址（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…）：全公司的提醒以 Markdown 消息发到该群，超过每分钟 20 条时合并为摘要"},
		{"SHOUHOU_WECOM_DEPT_WEBHOOKS", "各部门的企业微信群机器人：部门编号=Webhook 地址，多个以分号分隔；部门只收到本部门负责的提醒"},
		{"SHOUHOU_DINGTALK_WEBHOOK", "钉钉自定义机器人的 Webhook 地址（https://oapi.dingtalk.com/robot/send?access_token=…）：全公司的提醒以 Markdown 消息发到该群"},
		{"SHOUHOU_DINGTALK_SECRET", "钉钉机器人安全设置中“加签”的密钥（SEC 开头），设置 SHOUHOU_DINGTALK_WEBHOOK 时必填"},
		{"SHOUHOU_DINGTALK_DEPT_WEBHOOKS", "各部门的钉钉机器人：部门编号=Webhook 地址 加签密钥（地址与密钥以空格分隔），多个以分号分隔"},
		{"SHOUHOU_SMTP_URL", "发信的 SMTP 服务器：smtp://用户名:密码@主机:端口（STARTTLS，默认端口 587）或 smtps://用户名:密码@主机:端口（TLS，默认端口 465）；提醒发到组织架构中各负责人的邮箱"},
		{"SHOUHOU_MAIL_FROM", "邮件发件人，如 售后管理部 <shouhou@example.com>；设置 SHOUHOU_SMTP_URL 时必填"},
		{"SHOUHOU_ALIYUN_ACCESS_KEY_ID", "阿里云短信服务的 AccessKey ID（给客户发短信；与 SHOUHOU_SMS_GATEWAY_URL 二选一）"},
		{"SHOUHOU_ALIYUN_ACCESS_KEY_SECRET", "阿里云短信服务的 AccessKey Secret"},
		{"SHOUHOU_ALIYUN_SMS_ENDPOINT", "阿里云短信服务的接入地址，默认 https://dysmsapi.aliyuncs.com/"},
		{"SHOUHOU_SMS_SIGN_NAME", "阿里云短信签名（审核通过的签名名称），使用阿里云短信时必填"},
		{"SHOUHOU_SMS_GATEWAY_URL", "公司自有短信网关的地址：以 JSON {\"phone\",\"template\",\"params\"} POST 到该地址"},
		{"SHOUHOU_SMS_GATEWAY_TOKEN", "短信网关的访问令牌（Authorization: Bearer …），设置 SHOUHOU_SMS_GATEWAY_URL 时必填"},
		{"SHOUHOU_SMS_TEMPLATE_RECEIPT", "短信模板编号：登记回执，需求或投诉登记时发给客户；模板变量 ${number}（编号）、${link}（客户查询链接）"},
		{"SHOUHOU_SMS_TEMPLATE_FEEDBACK", "短信模板编号：处理情况反馈，服务台登记反馈（P1.3、P3.2）或投诉的反馈与处理结果（C2.2、C4.1）时发给客户；模板变量 ${number}、${content}（反馈内容，至多 35 字）"},
		{"SHOUHOU_SMS_TEMPLATE_VISIT", "短信模板编号：回访评价链接，需求处理完毕、待回访（P4.2）时发给客户；模板变量 ${number}、${link}"},
		{"SHOUHOU_PUBLIC_URL", "客户访问本服务器的地址（如 https://shouhou.example.com），短信中的客户查询链接以它开头；设置登记回执或回访短信模板时必填"},
		{"SHOUHOU_CUSTOMER_LINK_DAYS", "短信中的客户查询链接的有效天数，默认 30"},
	}
}

// templateVars maps each SMS purpose to its template variable.
var templateVars = map[string]string{
	SMSReceipt:  "SHOUHOU_SMS_TEMPLATE_RECEIPT",
	SMSFeedback: "SHOUHOU_SMS_TEMPLATE_FEEDBACK",
	SMSVisit:    "SHOUHOU_SMS_TEMPLATE_VISIT",
}

// ConfigError is a bad notification setting: it names the variable and
// says, in Chinese, what is wrong. It never repeats a secret.
type ConfigError struct {
	Var string
	Msg string
}

func (e *ConfigError) Error() string { return "环境变量 " + e.Var + " " + e.Msg }

func bad(name, format string, args ...any) error {
	return &ConfigError{Var: name, Msg: fmt.Sprintf(format, args...)}
}

// Options are what FromEnv cannot read from the environment.
type Options struct {
	Client *http.Client // for the robots and the SMS providers; default 10-second timeouts
	Logger *slog.Logger
}

// Channels are the notification channels configured.
type Channels struct {
	Robots     []*Robot            // the company's group robots
	DeptRobots map[string][]*Robot // each department's robots
	Mailer     *Mailer             // nil: no e-mail
	// Texter sends customer SMS (CustomerTexts); nil when no provider is
	// configured.
	Texter *Texter
	// PublicURL is the server's address as customers reach it
	// (SHOUHOU_PUBLIC_URL), for the links in their texts; LinkLife how
	// long such a link works (SHOUHOU_CUSTOMER_LINK_DAYS, default 30 days).
	PublicURL string
	LinkLife  time.Duration

	secrets []string // for Redact
}

// FromEnv reads the channels from the environment through getenv and
// checks them: a malformed URL, a missing secret or sender, a setting
// without the one it needs, gives a *ConfigError naming the variable.
// Nothing is contacted.
func FromEnv(getenv func(string) string, o Options) (*Channels, error) {
	get := func(name string) string { return strings.TrimSpace(getenv(name)) }
	ro := RobotOptions{Client: o.Client, Logger: o.Logger}
	c := &Channels{DeptRobots: map[string][]*Robot{}}

	if u := get("SHOUHOU_WECOM_WEBHOOK"); u != "" {
		r, err := NewWeComRobot(u, ro)
		if err != nil {
			return nil, bad("SHOUHOU_WECOM_WEBHOOK", "%v：应为企业微信群机器人的 Webhook 地址（https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…）", err)
		}
		c.Robots = append(c.Robots, r)
	}
	u, secret := get("SHOUHOU_DINGTALK_WEBHOOK"), get("SHOUHOU_DINGTALK_SECRET")
	switch {
	case u != "" && secret == "":
		return nil, bad("SHOUHOU_DINGTALK_SECRET", "未设置：使用 SHOUHOU_DINGTALK_WEBHOOK 时须提供钉钉机器人“加签”的密钥（SEC 开头）")
	case u == "" && secret != "":
		return nil, bad("SHOUHOU_DINGTALK_WEBHOOK", "未设置：设置了 SHOUHOU_DINGTALK_SECRET，却没有钉钉机器人的 Webhook 地址")
	case u != "":
		r, err := NewDingTalkRobot(u, secret, ro)
		if err != nil {
			return nil, bad("SHOUHOU_DINGTALK_WEBHOOK", "%v：应为钉钉机器人的 Webhook 地址（https://oapi.dingtalk.com/robot/send?access_token=…）", err)
		}
		c.Robots = append(c.Robots, r)
	}
	if err := deptRobots(c, get("SHOUHOU_WECOM_DEPT_WEBHOOKS"), "SHOUHOU_WECOM_DEPT_WEBHOOKS", ro, false); err != nil {
		return nil, err
	}
	if err := deptRobots(c, get("SHOUHOU_DINGTALK_DEPT_WEBHOOKS"), "SHOUHOU_DINGTALK_DEPT_WEBHOOKS", ro, true); err != nil {
		return nil, err
	}

	smtpURL, from := get("SHOUHOU_SMTP_URL"), get("SHOUHOU_MAIL_FROM")
	switch {
	case smtpURL != "" && from == "":
		return nil, bad("SHOUHOU_MAIL_FROM", "未设置：使用 SHOUHOU_SMTP_URL 发邮件时须指定发件人地址，如 售后管理部 <shouhou@example.com>")
	case smtpURL == "" && from != "":
		return nil, bad("SHOUHOU_SMTP_URL", "未设置：设置了发件人 SHOUHOU_MAIL_FROM，却没有发信的 SMTP 服务器")
	case smtpURL != "":
		if _, err := parseFrom(from); err != nil {
			return nil, bad("SHOUHOU_MAIL_FROM", "无效：%v", err)
		}
		m, err := NewMailer(MailConfig{URL: smtpURL, From: from})
		if err != nil {
			return nil, bad("SHOUHOU_SMTP_URL", "无效：%v", err)
		}
		c.Mailer = m
	}

	texter, err := smsFromEnv(get, o)
	if err != nil {
		return nil, err
	}
	c.Texter = texter
	if err := c.links(get); err != nil {
		return nil, err
	}
	c.secrets = secretsIn(get)
	return c, nil
}

// links reads the public address and the links' lifetime, which texts
// with a link need.
func (c *Channels) links(get func(string) string) error {
	c.PublicURL = strings.TrimRight(get("SHOUHOU_PUBLIC_URL"), "/")
	if c.PublicURL != "" {
		if u, err := url.Parse(c.PublicURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" {
			return bad("SHOUHOU_PUBLIC_URL", "无效：应为客户访问本服务器的地址，如 https://shouhou.example.com")
		}
	}
	c.LinkLife = 30 * 24 * time.Hour
	if v := get("SHOUHOU_CUSTOMER_LINK_DAYS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 || n > 3650 {
			return bad("SHOUHOU_CUSTOMER_LINK_DAYS", "无效：应为 1 到 3650 之间的天数")
		}
		c.LinkLife = time.Duration(n) * 24 * time.Hour
	}
	if c.Texter != nil && c.PublicURL == "" {
		for _, p := range []string{SMSReceipt, SMSVisit} {
			if c.Texter.Templates[p] != "" {
				return bad("SHOUHOU_PUBLIC_URL", "未设置：%s 的短信带有客户的查询链接，须提供客户访问本服务器的地址", templateVars[p])
			}
		}
	}
	return nil
}

// deptRobots reads a department robots variable: 部门编号=URL (and, for
// 钉钉, a space and the secret), separated by semicolons.
func deptRobots(c *Channels, v, name string, ro RobotOptions, dingtalk bool) error {
	for _, entry := range strings.Split(v, ";") {
		entry = strings.TrimSpace(entry)
		if entry == "" {
			continue
		}
		dept, rest, ok := strings.Cut(entry, "=")
		dept, fields := strings.TrimSpace(dept), strings.Fields(rest)
		want := 1
		if dingtalk {
			want = 2
		}
		if !ok || dept == "" || len(fields) != want {
			if dingtalk {
				return bad(name, "的第 %d 项格式无效：应为 部门编号=Webhook 地址 加签密钥，多项以分号分隔", index(v, entry))
			}
			return bad(name, "的第 %d 项格式无效：应为 部门编号=Webhook 地址，多项以分号分隔", index(v, entry))
		}
		ro := ro
		var r *Robot
		var err error
		if dingtalk {
			ro.Name = "钉钉群机器人（" + dept + "）"
			r, err = NewDingTalkRobot(fields[0], fields[1], ro)
		} else {
			ro.Name = "企业微信群机器人（" + dept + "）"
			r, err = NewWeComRobot(fields[0], ro)
		}
		if err != nil {
			return bad(name, "中部门 %s 的地址%v", dept, err)
		}
		c.DeptRobots[dept] = append(c.DeptRobots[dept], r)
	}
	return nil
}

// index is the 1-based position of entry among v's entries.
func index(v, entry string) int {
	i := 0
	for _, e := range strings.Split(v, ";") {
		if strings.TrimSpace(e) == "" {
			continue
		}
		i++
		if strings.TrimSpace(e) == entry {
			return i
		}
	}
	return i
}

// smsFromEnv reads the SMS provider and its templates.
func smsFromEnv(get func(string) string, o Options) (*Texter, error) {
	keyID, keySecret, sign := get("SHOUHOU_ALIYUN_ACCESS_KEY_ID"), get("SHOUHOU_ALIYUN_ACCESS_KEY_SECRET"), get("SHOUHOU_SMS_SIGN_NAME")
	endpoint := get("SHOUHOU_ALIYUN_SMS_ENDPOINT")
	gwURL, gwToken := get("SHOUHOU_SMS_GATEWAY_URL"), get("SHOUHOU_SMS_GATEWAY_TOKEN")
	templates := map[string]string{}
	for _, p := range SMSPurposes() {
		if v := get(templateVars[p]); v != "" {
			templates[p] = v
		}
	}
	aliyun := keyID != "" || keySecret != "" || sign != "" || endpoint != ""
	gateway := gwURL != "" || gwToken != ""
	var provider SMSProvider
	switch {
	case aliyun && gateway:
		return nil, bad("SHOUHOU_SMS_GATEWAY_URL", "与阿里云短信（SHOUHOU_ALIYUN_…）只能二选一")
	case aliyun:
		switch {
		case keyID == "":
			return nil, bad("SHOUHOU_ALIYUN_ACCESS_KEY_ID", "未设置：使用阿里云短信须提供 AccessKey ID")
		case keySecret == "":
			return nil, bad("SHOUHOU_ALIYUN_ACCESS_KEY_SECRET", "未设置：使用阿里云短信须提供 AccessKey Secret")
		case sign == "":
			return nil, bad("SHOUHOU_SMS_SIGN_NAME", "未设置：使用阿里云短信须提供审核通过的短信签名")
		}
		if endpoint != "" {
			if err := checkRobotURL(endpoint); err != nil {
				return nil, bad("SHOUHOU_ALIYUN_SMS_ENDPOINT", "%v", err)
			}
		}
		provider = &AliyunSMS{AccessKeyID: keyID, AccessKeySecret: keySecret, SignName: sign, Endpoint: endpoint, Client: o.Client}
	case gateway:
		if gwURL == "" {
			return nil, bad("SHOUHOU_SMS_GATEWAY_URL", "未设置：设置了 SHOUHOU_SMS_GATEWAY_TOKEN，却没有短信网关的地址")
		}
		if err := checkRobotURL(gwURL); err != nil {
			return nil, bad("SHOUHOU_SMS_GATEWAY_URL", "%v", err)
		}
		if gwToken == "" {
			return nil, bad("SHOUHOU_SMS_GATEWAY_TOKEN", "未设置：使用短信网关须提供访问令牌")
		}
		provider = &SMSGateway{URL: gwURL, Token: gwToken, Client: o.Client}
	default:
		for _, p := range SMSPurposes() {
			if templates[p] != "" {
				return nil, bad(templateVars[p], "设置了短信模板，却没有配置短信服务（阿里云短信或短信网关）")
			}
		}
		return nil, nil
	}
	if len(templates) == 0 {
		return nil, bad("SHOUHOU_SMS_TEMPLATE_RECEIPT", "等短信模板均未设置：配置了短信服务，却没有任何短信模板")
	}
	return &Texter{Provider: provider, Templates: templates}, nil
}

// Any reports whether a channel to people is configured.
func (c *Channels) Any() bool {
	return len(c.Robots) > 0 || len(c.DeptRobots) > 0 || c.Mailer != nil
}

// Router returns the Router over the channels; its Org and Chain are
// left for the caller to set.
func (c *Channels) Router() *Router {
	r := &Router{DeptRobots: map[string][]scheduler.Notifier{}}
	for _, x := range c.Robots {
		r.Robots = append(r.Robots, x)
	}
	for d, xs := range c.DeptRobots {
		for _, x := range xs {
			r.DeptRobots[d] = append(r.DeptRobots[d], x)
		}
	}
	if c.Mailer != nil {
		r.Mail = c.Mailer
	}
	return r
}

// Describe lists the channels for the start-up message, without secrets.
func (c *Channels) Describe() []string {
	var out []string
	for _, r := range c.Robots {
		out = append(out, r.Name())
	}
	depts := make([]string, 0, len(c.DeptRobots))
	for d := range c.DeptRobots {
		depts = append(depts, d)
	}
	slices.Sort(depts)
	for _, d := range depts {
		out = append(out, fmt.Sprintf("部门 %s 的 %d 个群机器人", d, len(c.DeptRobots[d])))
	}
	if c.Mailer != nil {
		out = append(out, "邮件："+c.Mailer.Describe())
	}
	if c.Texter != nil {
		kind := "短信网关"
		if _, ok := c.Texter.Provider.(*AliyunSMS); ok {
			kind = "阿里云短信"
		}
		out = append(out, fmt.Sprintf("客户短信：%s（%d 个模板）", kind, len(c.Texter.Templates)))
	}
	return out
}

// Close stops the robots' digest timers.
func (c *Channels) Close() {
	for _, r := range c.Robots {
		r.Close()
	}
	for _, rs := range c.DeptRobots {
		for _, r := range rs {
			r.Close()
		}
	}
}
