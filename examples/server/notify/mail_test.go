package notify_test

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/base64"
	"errors"
	"io"
	"math/big"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net"
	netmail "net/mail"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/notify"
)

// testTLS makes a certificate for 127.0.0.1, signed by a throwaway
// authority: the server's TLS settings and the pool a client trusts.
func testTLS(t *testing.T) (*tls.Config, *x509.CertPool) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "127.0.0.1"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour), IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature | x509.KeyUsageCertSign, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
		IsCA: true, BasicConstraintsValid: true}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	cert, err := x509.ParseCertificate(der)
	require.NoError(t, err)
	pool := x509.NewCertPool()
	pool.AddCert(cert)
	return &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key}}, MinVersion: tls.VersionTLS12}, pool
}

// mailbox is a real SMTP server (github.com/emersion/go-smtp) on
// 127.0.0.1 that requires authentication and keeps what it receives.
type mailbox struct {
	user, pass string
	mu         sync.Mutex
	got        []delivery
}

// delivery is one message the mailbox received.
type delivery struct {
	from string
	to   []string
	data []byte
	tls  bool
}

func (m *mailbox) NewSession(c *smtp.Conn) (smtp.Session, error) { return &session{m: m, c: c}, nil }

func (m *mailbox) deliveries() []delivery {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]delivery(nil), m.got...)
}

type session struct {
	m    *mailbox
	c    *smtp.Conn
	auth bool
	d    delivery
}

func (s *session) AuthMechanisms() []string { return []string{sasl.Plain} }
func (s *session) Auth(string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(_, user, pass string) error {
		if user != s.m.user || pass != s.m.pass {
			return errors.New("用户名或密码错误")
		}
		s.auth = true
		return nil
	}), nil
}
func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.auth {
		return smtp.ErrAuthRequired
	}
	s.d = delivery{from: from}
	return nil
}
func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	s.d.to = append(s.d.to, to)
	return nil
}
func (s *session) Data(r io.Reader) error {
	b, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	s.d.data = b
	_, s.d.tls = s.c.TLSConnectionState()
	s.m.mu.Lock()
	s.m.got = append(s.m.got, s.d)
	s.m.mu.Unlock()
	return nil
}
func (s *session) Reset()        {}
func (s *session) Logout() error { return nil }

// startMailbox serves a mailbox on 127.0.0.1: with STARTTLS (implicit
// false), or TLS from the first byte (implicit true); with no TLS at all
// when cfg is nil.
func startMailbox(t *testing.T, cfg *tls.Config, implicit bool) (*mailbox, string) {
	t.Helper()
	m := &mailbox{user: "shouhou", pass: "p@ss:w/rd 密码"}
	srv := smtp.NewServer(m)
	srv.Domain = "127.0.0.1"
	srv.TLSConfig = cfg
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	var ln net.Listener
	var err error
	if implicit {
		ln, err = tls.Listen("tcp", "127.0.0.1:0", cfg)
	} else {
		ln, err = net.Listen("tcp", "127.0.0.1:0")
	}
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { _ = srv.Close() })
	return m, ln.Addr().String()
}

// part is one decoded part of a multipart message.
type part struct {
	contentType string
	body        string
}

// parseMail reads a message with net/mail and mime: its decoded subject,
// its From and To, and its parts, each decoded by its transfer encoding.
func parseMail(t *testing.T, data []byte) (rawSubject, subject string, from, to *netmail.Address, parts []part) {
	t.Helper()
	msg, err := netmail.ReadMessage(bytes.NewReader(data))
	require.NoError(t, err)
	rawSubject = msg.Header.Get("Subject")
	subject, err = new(mime.WordDecoder).DecodeHeader(rawSubject)
	require.NoError(t, err)
	fromList, err := msg.Header.AddressList("From")
	require.NoError(t, err)
	from = fromList[0]
	toList, err := msg.Header.AddressList("To")
	require.NoError(t, err)
	require.Len(t, toList, 1)
	to = toList[0]
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	require.NoError(t, err)
	require.Equal(t, "multipart/alternative", mt)
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		require.NoError(t, err)
		ct, ctParams, err := mime.ParseMediaType(p.Header.Get("Content-Type"))
		require.NoError(t, err)
		require.Equal(t, "utf-8", strings.ToLower(ctParams["charset"]))
		var r io.Reader = p
		switch strings.ToLower(p.Header.Get("Content-Transfer-Encoding")) {
		case "quoted-printable":
			r = quotedprintable.NewReader(p)
		case "base64":
			r = base64.NewDecoder(base64.StdEncoding, p)
		}
		b, err := io.ReadAll(r)
		require.NoError(t, err)
		parts = append(parts, part{contentType: ct, body: string(b)})
	}
	return rawSubject, subject, from, to, parts
}

// TestMailerSendsChineseNoticeOverSTARTTLS: through a real SMTP server
// that requires STARTTLS and authentication, the notice reaches the
// person's address: the Chinese subject encoded (RFC 2047) and decoding
// to the notice's title, From and To with their Chinese names, a plain
// text part and an HTML alternative both saying the notice.
func TestMailerSendsChineseNoticeOverSTARTTLS(t *testing.T) {
	cfg, pool := testTLS(t)
	box, addr := startMailbox(t, cfg, false)
	u := url.URL{Scheme: "smtp", User: url.UserPassword(box.user, box.pass), Host: addr}
	m, err := notify.NewMailer(notify.MailConfig{URL: u.String(), From: "售后管理部 <shouhou@example.com>", TLSConfig: &tls.Config{RootCAs: pool}})
	require.NoError(t, err)
	require.NotContains(t, m.Describe(), box.pass)
	require.NoError(t, m.Mail(context.Background(), notify.Recipient{ID: "p-zhao", Name: "赵敏", Email: "zhaomin@example.com"}, overdue))

	got := box.deliveries()
	require.Len(t, got, 1)
	d := got[0]
	require.True(t, d.tls, "sent after STARTTLS")
	require.Equal(t, "shouhou@example.com", d.from)
	require.Equal(t, []string{"zhaomin@example.com"}, d.to)
	raw, subject, from, to, parts := parseMail(t, d.data)
	require.True(t, strings.HasPrefix(strings.ToUpper(raw), "=?UTF-8?"), "an encoded word: %q", raw)
	require.Equal(t, "【逾期】售后需求 AS-1 — 售后管理", subject)
	require.Equal(t, &netmail.Address{Name: "售后管理部", Address: "shouhou@example.com"}, from)
	require.Equal(t, &netmail.Address{Name: "赵敏", Address: "zhaomin@example.com"}, to)
	require.Len(t, parts, 2)
	require.Equal(t, "text/plain", parts[0].contentType)
	require.Contains(t, parts[0].body, "赵敏，您好：")
	require.Contains(t, parts[0].body, overdue.Message)
	require.Contains(t, parts[0].body, "期限：2026-11-10 00:00（北京时间）")
	require.Equal(t, "text/html", parts[1].contentType)
	require.Contains(t, parts[1].body, "<strong>【逾期】售后需求 AS-1</strong>")
	require.Contains(t, parts[1].body, overdue.Message)
}

// TestMailerSpeaksTLSFromTheStart with smtps://.
func TestMailerSpeaksTLSFromTheStart(t *testing.T) {
	cfg, pool := testTLS(t)
	box, addr := startMailbox(t, cfg, true)
	u := url.URL{Scheme: "smtps", User: url.UserPassword(box.user, box.pass), Host: addr}
	m, err := notify.NewMailer(notify.MailConfig{URL: u.String(), From: "shouhou@example.com", TLSConfig: &tls.Config{RootCAs: pool}})
	require.NoError(t, err)
	require.NoError(t, m.Mail(context.Background(), notify.Recipient{Name: "周专员", Email: "zhou@example.com"}, overdue))
	got := box.deliveries()
	require.Len(t, got, 1)
	require.True(t, got[0].tls)
	require.Equal(t, []string{"zhou@example.com"}, got[0].to)
}

// TestMailerRefuses: a server without STARTTLS is refused for smtp://
// (nothing is sent in the clear), a wrong password fails, and neither
// error shows the password.
func TestMailerRefuses(t *testing.T) {
	_, plainAddr := startMailbox(t, nil, false)
	m, err := notify.NewMailer(notify.MailConfig{URL: "smtp://shouhou:topsecret@" + plainAddr, From: "shouhou@example.com", Timeout: 5 * time.Second})
	require.NoError(t, err)
	err = m.Mail(context.Background(), notify.Recipient{Email: "a@example.com"}, overdue)
	require.Error(t, err)
	require.NotContains(t, err.Error(), "topsecret")

	cfg, pool := testTLS(t)
	box, addr := startMailbox(t, cfg, false)
	m, err = notify.NewMailer(notify.MailConfig{URL: "smtp://shouhou:wrong-pass@" + addr, From: "shouhou@example.com", TLSConfig: &tls.Config{RootCAs: pool}})
	require.NoError(t, err)
	err = m.Mail(context.Background(), notify.Recipient{Email: "a@example.com"}, overdue)
	require.Error(t, err)
	require.NotContains(t, err.Error(), "wrong-pass")
	require.Empty(t, box.deliveries())

	m, err = notify.NewMailer(notify.MailConfig{URL: "smtp://" + addr, From: "shouhou@example.com"})
	require.NoError(t, err)
	require.Error(t, m.Mail(context.Background(), notify.Recipient{Email: "a@example.com"}, overdue), "the test authority is not trusted by default")
}

func TestNewMailerRefusesBadSettings(t *testing.T) {
	for _, c := range []struct{ url, from, want string }{
		{"mail.example.com:587", "a@example.com", "smtp://"},
		{"http://mail.example.com", "a@example.com", "协议"},
		{"smtp://mail.example.com:99999", "a@example.com", "端口"},
		{"smtp://mail.example.com/inbox", "a@example.com", "smtp://"},
		{"smtp://mail.example.com", "", "发件人"},
		{"smtp://mail.example.com", "not an address", "发件人"},
	} {
		_, err := notify.NewMailer(notify.MailConfig{URL: c.url, From: c.from})
		require.ErrorContains(t, err, c.want, c.url)
	}
	m, err := notify.NewMailer(notify.MailConfig{URL: "smtps://u:secret@mail.example.com", From: "a@example.com"})
	require.NoError(t, err)
	require.Equal(t, "mail.example.com（TLS），发件人 a@example.com", m.Describe())
}
