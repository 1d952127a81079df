package intake_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"log/slog"
	"net"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"
	"github.com/emersion/go-imap/v2/imapserver"
	"github.com/emersion/go-imap/v2/imapserver/imapmemserver"
	"github.com/stretchr/testify/require"
	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/intake"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// imapFixture is a real IMAP server in the test (go-imap's in-memory
// server) offering STARTTLS with a certificate the intake is told to
// trust, holding a mailbox of messages to take in.
type imapFixture struct {
	t          *testing.T
	addr       string
	tls        *tls.Config
	requests   *aftersales.Service
	complaints *complaint.Service
	files      *sqlstore.Files
	db         *sqlstore.DB
	now        time.Time
}

func newIMAPFixture(t *testing.T, startTLS bool) *imapFixture {
	// httptest's certificate, valid for 127.0.0.1, and a pool trusting it.
	certs := httptest.NewUnstartedServer(nil)
	certs.StartTLS()
	serverTLS := &tls.Config{Certificates: certs.TLS.Certificates}
	pool := x509.NewCertPool()
	pool.AddCert(certs.Certificate())
	certs.Close()

	mem := imapmemserver.New()
	user := imapmemserver.NewUser("service@example.com", "mail-pass")
	require.NoError(t, user.Create("INBOX", nil))
	mem.AddUser(user)
	opts := &imapserver.Options{
		NewSession: func(*imapserver.Conn) (imapserver.Session, *imapserver.GreetingData, error) {
			return mem.NewSession(), nil, nil
		},
		Caps:   imap.CapSet{imap.CapIMAP4rev1: {}},
		Logger: discard{},
	}
	if startTLS {
		opts.TLSConfig = serverTLS
	} else {
		opts.InsecureAuth = true
	}
	srv := imapserver.New(opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	go func() { _ = srv.Serve(ln) }()
	t.Cleanup(func() { srv.Close() })

	f := &imapFixture{t: t, addr: ln.Addr().String(), tls: &tls.Config{RootCAs: pool, ServerName: "127.0.0.1"},
		now: time.Date(2026, 10, 12, 10, 0, 0, 0, calendar.CST())}
	db, err := sqlstore.Open(context.Background(), filepath.Join(t.TempDir(), "intake.db"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	clock := aftersales.ClockFunc(func() time.Time { return f.now })
	f.requests, err = aftersales.NewService(aftersales.Config{Store: db.Requests(), Clock: clock,
		Number: func(ctx context.Context, at time.Time) (string, error) { return db.NextNumber(ctx, "SH", at) }})
	require.NoError(t, err)
	f.complaints, err = complaint.NewService(complaint.Config{Store: db.Complaints(), Clock: clock})
	require.NoError(t, err)
	f.db = db
	f.files = db.Files()
	return f
}

type discard struct{}

func (discard) Printf(string, ...any) {}

func (f *imapFixture) mailbox() *intake.Mailbox {
	return &intake.Mailbox{Addr: f.addr, User: "service@example.com", Password: "mail-pass", ComplaintAddress: "tousu@example.com",
		Requests: f.requests, Complaints: f.complaints, Files: f.files, Customers: f.db, Numbers: f.db, TLSConfig: f.tls, Now: func() time.Time { return f.now },
		Logger: slog.New(slog.DiscardHandler)}
}

// client is the test's own connection, to put messages in and read
// their flags.
func (f *imapFixture) client() *imapclient.Client {
	c, err := imapclient.DialStartTLS(f.addr, &imapclient.Options{TLSConfig: f.tls})
	require.NoError(f.t, err)
	require.NoError(f.t, c.Login("service@example.com", "mail-pass").Wait())
	f.t.Cleanup(func() { c.Close() })
	return c
}

func (f *imapFixture) deliver(c *imapclient.Client, raw string, at time.Time) {
	raw = strings.ReplaceAll(raw, "\n", "\r\n")
	cmd := c.Append("INBOX", int64(len(raw)), &imap.AppendOptions{Time: at})
	_, err := cmd.Write([]byte(raw))
	require.NoError(f.t, err)
	require.NoError(f.t, cmd.Close())
	_, err = cmd.Wait()
	require.NoError(f.t, err)
}

// flags returns each message's flags, by UID, in lower case: IMAP's
// flags are, and servers may write them so.
func (f *imapFixture) flags(c *imapclient.Client) map[imap.UID][]string {
	_, err := c.Select("INBOX", nil).Wait()
	require.NoError(f.t, err)
	msgs, err := c.Fetch(imap.SeqSetNum(1, 2, 3, 4, 5), &imap.FetchOptions{UID: true, Flags: true}).Collect()
	require.NoError(f.t, err)
	out := map[imap.UID][]string{}
	for _, m := range msgs {
		for _, fl := range m.Flags {
			out[m.UID] = append(out[m.UID], strings.ToLower(string(fl)))
		}
	}
	return out
}

func gbk(t *testing.T, s string) string {
	b, err := simplifiedchinese.GBK.NewEncoder().Bytes([]byte(s))
	require.NoError(t, err)
	return string(b)
}

// TestMailIntakeRegistersRequestsAndComplaintsP1_1C1: a customer's e-mail
// becomes a request on the e-mail channel (P1.1), one to the complaint
// address a complaint (C1), each from when the mail reached the mailbox,
// the sender the customer; a message that cannot be registered stays,
// flagged; nothing is registered twice, even when a pass was cut short
// before it marked a message.
func TestMailIntakeRegistersRequestsAndComplaintsP1_1C1(t *testing.T) {
	f := newIMAPFixture(t, true)
	c := f.client()
	arrived := f.now.Add(-2 * time.Hour)
	// A Chinese mail the way many clients still send it: GBK body, the
	// subject an RFC 2047 word, a photo attached.
	f.deliver(c, "From: =?UTF-8?B?546L5aWz5aOr?= <Wang.Li@Example.com>\n"+
		"To: service@example.com\n"+
		"Subject: =?UTF-8?B?M+WPt+alvOa4l+awtA==?=\n"+
		"Message-ID: <m1@example.com>\n"+
		"Date: Mon, 12 Oct 2026 07:55:00 +0800\n"+
		"MIME-Version: 1.0\n"+
		"Content-Type: multipart/mixed; boundary=b1\n\n"+
		"--b1\nContent-Type: text/plain; charset=GBK\nContent-Transfer-Encoding: 8bit\n\n"+
		gbk(t, "卫生间顶板渗水，已经三天了。\n地址：3号楼2单元501")+"\n"+
		"--b1\nContent-Type: image/jpeg\nContent-Disposition: attachment; filename=\"leak.jpg\"\nContent-Transfer-Encoding: base64\n\n/9j/4AAQ\n"+
		"--b1--\n", arrived)
	// An HTML-only complaint, the complaint address in Cc.
	f.deliver(c, "From: Zhao <zhao@example.net>\nTo: service@example.com\nCc: TouSu@example.com\nSubject: complaint\n"+
		"Message-ID: <m2@example.net>\nMIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"+
		"<html><head><style>p{}</style></head><body><p>维修人员态度恶劣</p><p>要求道歉&amp;回复</p></body></html>\n", arrived.Add(time.Minute))
	// Nothing to register: no subject, no text.
	f.deliver(c, "From: blank@example.com\nTo: service@example.com\nMessage-ID: <m3@example.com>\n\n\n", arrived)
	// No sender.
	f.deliver(c, "To: service@example.com\nSubject: 渗水\nMessage-ID: <m4@example.com>\n\n渗水\n", arrived)

	m := f.mailbox()
	rep, err := m.Poll(context.Background())
	require.NoError(t, err)
	require.Len(t, rep.Requests, 1)
	require.Len(t, rep.Complaints, 1)
	require.Equal(t, 2, rep.Refused)

	ctx := context.Background()
	r, err := f.requests.Get(ctx, rep.Requests[0])
	require.NoError(t, err)
	require.Equal(t, aftersales.ChannelEmail, r.Registration.Channel)
	require.Equal(t, "3号楼渗水\n\n卫生间顶板渗水，已经三天了。\n地址：3号楼2单元501", r.Registration.Description)
	require.Equal(t, aftersales.Customer{ID: "mail:wang.li@example.com", Name: "王女士", Email: "wang.li@example.com"}, r.Registration.Customer)
	require.True(t, r.Registration.ReceivedAt.Equal(arrived), "P1.2 runs from when the mail arrived: %v", r.Registration.ReceivedAt)
	require.Equal(t, []string{"邮件附件：leak.jpg"}, r.Registration.Attachments)
	kept, err := f.files.List(ctx, r.ID)
	require.NoError(t, err)
	require.Len(t, kept, 1, "the photo is kept with the request")
	photo, err := f.files.Get(ctx, kept[0].ID)
	require.NoError(t, err)
	require.Equal(t, "leak.jpg", photo.Name)
	require.Equal(t, "image/jpeg", photo.ContentType)
	require.Equal(t, []byte{0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10}, photo.Data)
	require.True(t, photo.ByCustomer)

	k, err := f.complaints.Get(ctx, rep.Complaints[0])
	require.NoError(t, err)
	require.Equal(t, aftersales.ChannelEmail, k.Registration.Channel)
	require.Equal(t, "complaint\n\n维修人员态度恶劣\n要求道歉&回复", k.Registration.Description)
	require.Equal(t, "mail:zhao@example.net", k.Registration.Complainant.ID)

	flags := f.flags(c)
	require.Len(t, flags, 4, "nothing is deleted")
	require.ElementsMatch(t, []string{`\seen`, "$shouhouregistered"}, flags[1])
	require.ElementsMatch(t, []string{`\seen`, "$shouhouregistered"}, flags[2])
	require.ElementsMatch(t, []string{`\flagged`, "$shouhourefused"}, flags[3])
	require.ElementsMatch(t, []string{`\flagged`, "$shouhourefused"}, flags[4])

	// A second pass finds nothing new.
	rep, err = m.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, intake.PollReport{}, rep)

	// A pass cut short after registering, before marking: the next one
	// finds the registration and only marks the message.
	require.NoError(t, c.Store(imap.UIDSetNum(1), &imap.StoreFlags{Op: imap.StoreFlagsDel, Flags: []imap.Flag{intake.FlagRegistered}}, nil).Close())
	rep, err = m.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, intake.PollReport{Known: 1}, rep)
	all, err := f.requests.List(ctx, aftersales.Query{})
	require.NoError(t, err)
	require.Len(t, all, 1, "registered once")
	require.True(t, slices.Contains(f.flags(c)[1], "$shouhouregistered"))

	// Replies land on their records, named in the subject: not registered
	// anew, and added once however often the pass is repeated.
	f.now = f.now.Add(time.Hour)
	f.deliver(c, "From: Wang.Li@Example.com\nTo: service@example.com\nSubject: Re: 售后需求 "+r.ID+" 已受理\n"+
		"Message-ID: <m5@example.com>\nIn-Reply-To: <notice-1@shouhou>\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b2\n\n"+
		"--b2\nContent-Type: text/plain; charset=utf-8\n\n照片见附件，渗水面积变大了。\n"+
		"--b2\nContent-Type: image/png\nContent-Disposition: attachment; filename=\"2.png\"\nContent-Transfer-Encoding: base64\n\niVBORw0K\n--b2--\n", f.now.Add(-time.Minute))
	f.deliver(c, "From: zhao@example.net\nTo: tousu@example.com\nSubject: 回复："+k.ID+"\nMessage-ID: <m6@example.net>\n\n请尽快回复\n", f.now.Add(-time.Minute))
	f.deliver(c, "From: x@example.org\nTo: service@example.com\nSubject: AS-nothing-like-this\nMessage-ID: <m7@example.org>\n\n新问题：阳台漏水\n", f.now.Add(-time.Minute))
	rep, err = m.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{r.ID, k.ID}, rep.Replies)
	require.Len(t, rep.Requests, 1, "a number that is no record's registers a new request")
	h, err := f.requests.History(ctx, r.ID)
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, aftersales.EventMessage, last.Type)
	require.Equal(t, "Re: 售后需求 "+r.ID+" 已受理\n\n照片见附件，渗水面积变大了。", last.Message.Text)
	require.Equal(t, "wang.li@example.com", last.Message.From)
	require.Equal(t, "m5@example.com", last.Message.Ref, "the Message-ID")
	require.Equal(t, []string{"邮件附件：2.png"}, last.Message.Attachments)
	kept, err = f.files.List(ctx, r.ID)
	require.NoError(t, err)
	require.Len(t, kept, 2, "the reply's photo joins the request's")
	require.True(t, last.Message.At.Equal(f.now.Add(-time.Minute)))
	kh, err := f.complaints.History(ctx, k.ID)
	require.NoError(t, err)
	require.Equal(t, complaint.EventMessage, kh[len(kh)-1].Type)

	require.NoError(t, c.Store(imap.UIDSetNum(5, 6), &imap.StoreFlags{Op: imap.StoreFlagsDel, Flags: []imap.Flag{intake.FlagRegistered}}, nil).Close())
	rep, err = m.Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, intake.PollReport{Known: 2}, rep)
	again, err := f.requests.History(ctx, r.ID)
	require.NoError(t, err)
	require.Len(t, again, len(h), "the reply is kept once")
}

// A sender the desk knows by their address is that customer, not a new
// one: their mail joins their other records.
func TestMailIntakeKnowsTheSender(t *testing.T) {
	f := newIMAPFixture(t, true)
	ctx := context.Background()
	_, err := f.requests.Register(ctx, aftersales.RegisterCommand{Actor: aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager},
		Registration: aftersales.Registration{Customer: aftersales.Customer{ID: "C-9", Name: "李先生", Phone: "13900139000", Email: "li@example.com"},
			Description: "门窗变形", Channel: aftersales.ChannelPhone, ReceivedAt: f.now.Add(-24 * time.Hour)}})
	require.NoError(t, err)
	c := f.client()
	f.deliver(c, "From: Li <LI@example.com>\nTo: service@example.com\nSubject: 阳台漏水\nMessage-ID: <k1@example.com>\n\n阳台顶部漏水\n", f.now.Add(-time.Hour))
	rep, err := f.mailbox().Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rep.Requests, 1)
	r, err := f.requests.Get(ctx, rep.Requests[0])
	require.NoError(t, err)
	require.Equal(t, aftersales.Customer{ID: "C-9", Name: "李先生", Phone: "13900139000", Email: "li@example.com"}, r.Customer)
}

// A reply naming the request by its readable number lands on it.
func TestMailIntakeKnowsReadableNumbers(t *testing.T) {
	f := newIMAPFixture(t, true)
	ctx := context.Background()
	c := f.client()
	f.deliver(c, "From: a@example.com\nTo: service@example.com\nSubject: 漏水\nMessage-ID: <n1@example.com>\n\n厨房漏水\n", f.now.Add(-time.Hour))
	rep, err := f.mailbox().Poll(ctx)
	require.NoError(t, err)
	require.Len(t, rep.Requests, 1)
	r, err := f.requests.Get(ctx, rep.Requests[0])
	require.NoError(t, err)
	require.Equal(t, "SH-2026-000001", r.Number)
	f.deliver(c, "From: a@example.com\nTo: service@example.com\nSubject: 回复：您的售后需求 SH-2026-000001 已登记\nMessage-ID: <n2@example.com>\n\n补充：水表也在漏\n", f.now.Add(-time.Minute))
	rep, err = f.mailbox().Poll(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{r.ID}, rep.Replies)
	require.Empty(t, rep.Requests)
}

// The intake insists on TLS and on the mailbox's password.
func TestMailIntakeNeedsTLSAndThePassword(t *testing.T) {
	f := newIMAPFixture(t, true)
	m := f.mailbox()
	m.Password = "wrong"
	_, err := m.Poll(context.Background())
	require.ErrorContains(t, err, "登录邮箱")

	plain := newIMAPFixture(t, false) // a server without STARTTLS
	_, err = plain.mailbox().Poll(context.Background())
	require.ErrorContains(t, err, "连接邮箱")
}
