package intake

import (
	"fmt"
	"log/slog"
	"net"
	"net/mail"
	"net/url"
	"strings"
	"time"
)

// Var is an environment variable the intake reads.
type Var struct {
	Name string
	Help string // Chinese
}

// Vars returns the intake's environment variables, in the order -h and
// the README list them.
func Vars() []Var {
	return []Var{
		{"SHOUHOU_WECHAT_TOKEN", "公众号“服务器配置”的令牌（Token）：设置后在 /wechat/callback 接收客户的公众号消息，文字和图片消息登记为微信渠道的售后需求（P1.1）"},
		{"SHOUHOU_WECHAT_AES_KEY", "公众号的消息加解密密钥 EncodingAESKey（43 个字符）；只接受安全模式，设置 SHOUHOU_WECHAT_TOKEN 时必填"},
		{"SHOUHOU_WECHAT_APPID", "公众号的 AppID，安全模式下用于核对消息；设置 SHOUHOU_WECHAT_TOKEN 时必填"},
		{"SHOUHOU_IMAP_URL", "收件邮箱：imaps://用户名:密码@主机:端口/邮件夹（TLS）或 imap://…（STARTTLS）；新邮件登记为邮件渠道的售后需求（P1.1），登记过的邮件加标记 $ShouhouRegistered，不能登记的加星标和 $ShouhouRefused 留在邮箱中"},
		{"SHOUHOU_COMPLAINT_ADDRESS", "投诉邮箱地址：发到（或抄送）该地址的邮件登记为投诉（C1）"},
		{"SHOUHOU_IMAP_POLL", "多久读一次收件邮箱，默认 1m"},
	}
}

// ConfigError is a bad intake setting: it names the variable and says, in
// Chinese, what is wrong. It never repeats a secret.
type ConfigError struct {
	Var string
	Msg string
}

func (e *ConfigError) Error() string { return "环境变量 " + e.Var + " " + e.Msg }

// WeChatFromEnv returns the WeChat callback configured by the environment,
// or nil when SHOUHOU_WECHAT_TOKEN is not set; a bad or missing setting is
// a *ConfigError.
func WeChatFromEnv(getenv func(string) string, requests Registrar, logger *slog.Logger) (*WeChat, error) {
	token := getenv("SHOUHOU_WECHAT_TOKEN")
	if token == "" {
		for _, v := range []string{"SHOUHOU_WECHAT_AES_KEY", "SHOUHOU_WECHAT_APPID"} {
			if getenv(v) != "" {
				return nil, &ConfigError{Var: "SHOUHOU_WECHAT_TOKEN", Msg: "未设置，而 " + v + " 已设置：公众号消息接收须同时设置令牌"}
			}
		}
		return nil, nil
	}
	return NewWeChat(token, getenv("SHOUHOU_WECHAT_AES_KEY"), getenv("SHOUHOU_WECHAT_APPID"), requests, logger)
}

// MailboxFromEnv returns the mail intake configured by the environment,
// or nil when SHOUHOU_IMAP_URL is not set: imaps://user:password@host:port/folder
// (TLS; port 993 by default) or imap://… (STARTTLS, required; port 143),
// the folder INBOX when the path is empty, a user name with "@" written
// %40. SHOUHOU_COMPLAINT_ADDRESS, if set, is the address whose mail is
// registered as complaints, and SHOUHOU_IMAP_POLL how often the mailbox
// is read (default 1m). A bad setting is a *ConfigError.
func MailboxFromEnv(getenv func(string) string, logger *slog.Logger) (*Mailbox, error) {
	raw := getenv("SHOUHOU_IMAP_URL")
	if raw == "" {
		for _, v := range []string{"SHOUHOU_COMPLAINT_ADDRESS", "SHOUHOU_IMAP_POLL"} {
			if getenv(v) != "" {
				return nil, &ConfigError{Var: "SHOUHOU_IMAP_URL", Msg: "未设置，而 " + v + " 已设置：邮件登记须先设置收件邮箱"}
			}
		}
		return nil, nil
	}
	const form = "应为 imaps://用户名:密码@主机:端口/邮件夹 或 imap://…（STARTTLS），用户名中的 @ 写作 %40"
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &ConfigError{Var: "SHOUHOU_IMAP_URL", Msg: form}
	}
	m := &Mailbox{Logger: logger, Interval: time.Minute}
	port := "143"
	switch u.Scheme {
	case "imaps":
		m.Implicit, port = true, "993"
	case "imap":
	default:
		return nil, &ConfigError{Var: "SHOUHOU_IMAP_URL", Msg: form}
	}
	pass, ok := u.User.Password()
	if u.Hostname() == "" || u.User == nil || u.User.Username() == "" || !ok || pass == "" {
		return nil, &ConfigError{Var: "SHOUHOU_IMAP_URL", Msg: "缺少主机、用户名或密码：" + form}
	}
	if u.Port() != "" {
		port = u.Port()
	}
	m.Addr = net.JoinHostPort(u.Hostname(), port)
	m.User, m.Password = u.User.Username(), pass
	m.Folder = strings.TrimPrefix(u.Path, "/")
	if a := strings.TrimSpace(getenv("SHOUHOU_COMPLAINT_ADDRESS")); a != "" {
		addr, err := mail.ParseAddress(a)
		if err != nil {
			return nil, &ConfigError{Var: "SHOUHOU_COMPLAINT_ADDRESS", Msg: fmt.Sprintf("%q 不是有效的邮件地址", a)}
		}
		m.ComplaintAddress = strings.ToLower(addr.Address)
	}
	if p := getenv("SHOUHOU_IMAP_POLL"); p != "" {
		d, err := time.ParseDuration(p)
		if err != nil || d < time.Second {
			return nil, &ConfigError{Var: "SHOUHOU_IMAP_POLL", Msg: fmt.Sprintf("%q 应为不短于 1s 的时长，如 1m", p)}
		}
		m.Interval = d
	}
	return m, nil
}
