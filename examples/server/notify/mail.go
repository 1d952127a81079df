package notify

import (
	"bytes"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"html/template"
	netmail "net/mail"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// Recipient is a person a notice is mailed to.
type Recipient struct {
	ID    string // the person's ID in the organisation
	Name  string
	Email string
}

// MailConfig configures a Mailer.
type MailConfig struct {
	// URL is the SMTP server (SHOUHOU_SMTP_URL): smtp://user:pass@host:port
	// upgrades the connection with STARTTLS and refuses a server that
	// cannot (default port 587); smtps://user:pass@host:port speaks TLS
	// from the start (default port 465). User and password are optional
	// and URL-encoded; with them the client authenticates with the best
	// mechanism the server offers.
	URL string
	// From is the sender (SHOUHOU_MAIL_FROM): an address, with or without a
	// display name ("售后管理部 <shouhou@example.com>").
	From string
	// TLSConfig, if set, replaces the TLS settings (tests give their own
	// certificate authority); the server name is the URL's host.
	TLSConfig *tls.Config
	Timeout   time.Duration // default 15s for the whole exchange
}

// Mailer sends notices by e-mail, one message per person: a Chinese
// subject (encoded as RFC 2047 words), a plain-text body and an HTML
// alternative. It uses github.com/wneessen/go-mail and opens one SMTP
// connection per message.
type Mailer struct {
	host     string
	opts     []mail.Option
	from     *netmail.Address
	timeout  time.Duration
	security string // "STARTTLS" or "TLS", for the start-up summary
}

// NewMailer checks cfg and returns a Mailer. Its errors never show the
// password.
func NewMailer(cfg MailConfig) (*Mailer, error) {
	u, err := url.Parse(cfg.URL)
	if err != nil || u.Host == "" || u.Hostname() == "" || (u.Path != "" && u.Path != "/") || u.RawQuery != "" {
		return nil, errors.New("应为 smtp://用户名:密码@主机:端口 或 smtps://用户名:密码@主机:端口")
	}
	m := &Mailer{host: u.Hostname(), timeout: cfg.Timeout}
	if m.timeout <= 0 {
		m.timeout = 15 * time.Second
	}
	port := 587
	switch u.Scheme {
	case "smtp":
		m.security = "STARTTLS"
		m.opts = append(m.opts, mail.WithTLSPolicy(mail.TLSMandatory))
	case "smtps":
		m.security, port = "TLS", 465
		m.opts = append(m.opts, mail.WithSSL())
	default:
		return nil, fmt.Errorf("协议应为 smtp（STARTTLS）或 smtps（TLS），而不是 %q", u.Scheme)
	}
	if p := u.Port(); p != "" {
		if port, err = strconv.Atoi(p); err != nil || port < 1 || port > 65535 {
			return nil, fmt.Errorf("端口 %q 无效", p)
		}
	}
	m.opts = append(m.opts, mail.WithPort(port), mail.WithTimeout(m.timeout))
	if u.User != nil && u.User.Username() != "" {
		pass, _ := u.User.Password()
		m.opts = append(m.opts, mail.WithSMTPAuth(mail.SMTPAuthAutoDiscover),
			mail.WithUsername(u.User.Username()), mail.WithPassword(pass))
	}
	tc := &tls.Config{MinVersion: tls.VersionTLS12}
	if cfg.TLSConfig != nil {
		tc = cfg.TLSConfig.Clone()
	}
	tc.ServerName = m.host
	m.opts = append(m.opts, mail.WithTLSConfig(tc))
	if m.from, err = parseFrom(cfg.From); err != nil {
		return nil, err
	}
	return m, nil
}

// parseFrom reads the sender's address.
func parseFrom(s string) (*netmail.Address, error) {
	if strings.TrimSpace(s) == "" {
		return nil, errors.New("缺少发件人地址")
	}
	a, err := netmail.ParseAddress(s)
	if err != nil {
		return nil, fmt.Errorf("发件人地址 %q 格式无效，应为 shouhou@example.com 或 售后管理部 <shouhou@example.com>", s)
	}
	return a, nil
}

// Describe says where mail goes, without the credentials.
func (m *Mailer) Describe() string {
	return fmt.Sprintf("%s（%s），发件人 %s", m.host, m.security, m.from.Address)
}

// Mail sends notice n to one person.
func (m *Mailer) Mail(ctx context.Context, to Recipient, n scheduler.Notification) error {
	msg, err := m.message(to, n)
	if err != nil {
		return err
	}
	c, err := mail.NewClient(m.host, m.opts...)
	if err != nil {
		return fmt.Errorf("邮件：%w", err)
	}
	ctx, cancel := context.WithTimeout(ctx, m.timeout)
	defer cancel()
	if err := c.DialAndSendWithContext(ctx, msg); err != nil {
		return fmt.Errorf("邮件发往 %s 失败：%w", to.Email, err)
	}
	return nil
}

// message builds the e-mail of notice n to one person.
func (m *Mailer) message(to Recipient, n scheduler.Notification) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithCharset(mail.CharsetUTF8), mail.WithNoDefaultUserAgent())
	if err := msg.FromFormat(m.from.Name, m.from.Address); err != nil {
		return nil, fmt.Errorf("邮件发件人：%w", err)
	}
	if err := msg.AddToFormat(to.Name, to.Email); err != nil {
		return nil, fmt.Errorf("收件人 %s 的邮箱 %q 无效：%w", to.Name, to.Email, err)
	}
	msg.Subject(mailSubject(n))
	msg.SetDate()
	msg.SetMessageID()
	msg.SetGenHeader("X-Shouhou-Key", n.Key)
	msg.SetBodyString(mail.TypeTextPlain, mailText(to, n))
	var h bytes.Buffer
	if err := mailHTML.Execute(&h, mailView(to, n)); err != nil {
		return nil, err
	}
	msg.AddAlternativeString(mail.TypeTextHTML, h.String())
	return msg, nil
}

// mailSubject is the subject of a notice's e-mail.
func mailSubject(n scheduler.Notification) string { return title(n) + " — 售后管理" }

// view is what a notice's e-mail says.
type view struct {
	Name, Title, Message, Clause, Due, Subject, Key string
}

func mailView(to Recipient, n scheduler.Notification) view {
	name := to.Name
	if name == "" {
		name = "您好"
	} else {
		name += "，您好"
	}
	return view{Name: name, Title: title(n), Message: n.Message, Clause: n.Clause, Due: when(n), Subject: n.Subject, Key: n.Key}
}

// mailText is the plain-text body.
func mailText(to Recipient, n scheduler.Notification) string {
	v := mailView(to, n)
	var b strings.Builder
	fmt.Fprintf(&b, "%s：\n\n%s\n\n条款：%s\n", v.Name, v.Message, v.Clause)
	if v.Due != "" {
		fmt.Fprintf(&b, "期限：%s（北京时间）\n", v.Due)
	}
	fmt.Fprintf(&b, "编号：%s\n\n此邮件由售后管理系统自动发送，请勿直接回复。\n通知编号：%s\n", v.Subject, v.Key)
	return b.String()
}

// mailHTML is the HTML alternative.
var mailHTML = template.Must(template.New("mail").Parse(`<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{{.Title}}</title></head>
<body style="font-family: sans-serif; line-height: 1.6">
<p>{{.Name}}：</p>
<p><strong>{{.Title}}</strong></p>
<p>{{.Message}}</p>
<table>
<tr><td>条款</td><td>{{.Clause}}</td></tr>
{{if .Due}}<tr><td>期限</td><td>{{.Due}}（北京时间）</td></tr>{{end}}
<tr><td>编号</td><td>{{.Subject}}</td></tr>
</table>
<p style="color: #888">此邮件由售后管理系统自动发送，请勿直接回复。通知编号：{{.Key}}</p>
</body></html>
`))
