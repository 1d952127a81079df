package intake

import (
	"cmp"
	"context"
	"crypto/sha256"
	"crypto/tls"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/emersion/go-imap/v2"
	"github.com/emersion/go-imap/v2/imapclient"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/examples/server/upload"
)

// ComplaintRegistrar registers complaints and keeps the messages that
// follow; *complaint.Service is one.
type ComplaintRegistrar interface {
	Register(ctx context.Context, cmd complaint.RegisterCommand) (*complaint.Complaint, error)
	Get(ctx context.Context, id string) (*complaint.Complaint, error)
	History(ctx context.Context, id string) ([]complaint.Event, error)
	AddMessage(ctx context.Context, id string, cmd complaint.MessageCommand) (*complaint.Complaint, error)
}

// CustomerFinder finds the customer who gave an e-mail address;
// *sqlstore.DB is one.
type CustomerFinder interface {
	CustomerByEmail(ctx context.Context, address string) (aftersales.Customer, bool, error)
}

// NumberResolver finds the record a readable number names; *sqlstore.DB
// is one. An unknown number is a KindNotFound error.
type NumberResolver interface {
	RequestIDByNumber(ctx context.Context, number string) (string, error)
	ComplaintIDByNumber(ctx context.Context, number string) (string, error)
}

// FileKeeper keeps files with records; *sqlstore.Files is one. Put of a
// file kept already does nothing.
type FileKeeper interface {
	Put(ctx context.Context, f sqlstore.File) error
}

// The keywords the intake sets on a message it has dealt with: it never
// deletes or moves one, so the mailbox stays the original.
const (
	// FlagRegistered marks a message registered (with \Seen).
	FlagRegistered imap.Flag = "$ShouhouRegistered"
	// FlagRefused marks a message that could not be registered (with
	// \Flagged, for a person to look at); the reason is in the log.
	FlagRefused imap.Flag = "$ShouhouRefused"
)

// Mailbox takes in an IMAP mailbox (SHOUHOU_IMAP_URL): each message that
// carries neither FlagRegistered nor FlagRefused is registered as a
// request on the e-mail channel (P1.1) or, when it is addressed to
// ComplaintAddress, as a complaint (C1); see the package documentation.
type Mailbox struct {
	Addr     string // host:port
	Implicit bool   // imaps: TLS from the start; else STARTTLS, required
	User     string
	Password string
	Folder   string // default INBOX
	// ComplaintAddress (SHOUHOU_COMPLAINT_ADDRESS), if set: messages sent
	// to it (To or Cc) are complaints.
	ComplaintAddress string
	Requests         Registrar
	Complaints       ComplaintRegistrar
	// Customers, if set, finds a sender the company knows by their
	// address (*sqlstore.DB); nil, or a sender it does not know: the
	// customer is "mail:" and the address.
	Customers CustomerFinder
	// Numbers, if set, finds records by their readable numbers
	// (*sqlstore.DB), so that a reply naming SH-2026-000123 lands on that
	// request; nil: replies are known by the records' IDs only.
	Numbers NumberResolver
	// Files, if set, keeps the attached files with the record they came
	// with (sqlstore.Files); nil: the files are named only.
	Files FileKeeper
	// TLSConfig, if set, is used for the connection (tests trust their
	// own certificate with it); nil: the system's roots.
	TLSConfig *tls.Config
	Interval  time.Duration // Run polls this often; 0: one minute
	Now       func() time.Time
	Logger    *slog.Logger
}

// PollReport says what one pass over the mailbox did.
type PollReport struct {
	Requests   []string // requests registered
	Complaints []string // complaints registered
	Replies    []string // records a reply was added to
	Known      int      // messages registered before (a pass cut short), marked now
	Refused    int      // messages flagged: they could not be registered
}

// Run polls the mailbox every Interval until ctx is done, logging each
// pass that registered or refused something, and each failure to reach
// the mailbox (the next pass tries again).
func (m *Mailbox) Run(ctx context.Context) {
	every := m.Interval
	if every <= 0 {
		every = time.Minute
	}
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		rep, err := m.Poll(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			m.logger().Warn("mail intake: mailbox not read", "err", err)
		case len(rep.Requests)+len(rep.Complaints)+len(rep.Replies)+rep.Refused > 0:
			m.logger().Info("mail intake", "requests", rep.Requests, "complaints", rep.Complaints, "replies", rep.Replies, "refused", rep.Refused)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

func (m *Mailbox) logger() *slog.Logger {
	if m.Logger == nil {
		return slog.Default()
	}
	return m.Logger
}

func (m *Mailbox) now() time.Time {
	if m.Now != nil {
		return m.Now()
	}
	return time.Now()
}

// Poll reads the mailbox once and registers what is new.
func (m *Mailbox) Poll(ctx context.Context) (PollReport, error) {
	var rep PollReport
	c, err := m.dial()
	if err != nil {
		return rep, fmt.Errorf("连接邮箱 %s：%w", m.Addr, err)
	}
	defer c.Close()
	stop := context.AfterFunc(ctx, func() { c.Close() })
	defer stop()
	if err := c.Login(m.User, m.Password).Wait(); err != nil {
		return rep, fmt.Errorf("登录邮箱：%w", err)
	}
	folder := m.Folder
	if folder == "" {
		folder = "INBOX"
	}
	sel, err := c.Select(folder, nil).Wait()
	if err != nil {
		return rep, fmt.Errorf("打开邮件夹 %s：%w", folder, err)
	}
	found, err := c.UIDSearch(&imap.SearchCriteria{NotFlag: []imap.Flag{FlagRegistered, FlagRefused}}, nil).Wait()
	if err != nil {
		return rep, fmt.Errorf("查找新邮件：%w", err)
	}
	for _, uid := range found.AllUIDs() {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		if err := m.take(ctx, c, sel.UIDValidity, uid, &rep); err != nil {
			return rep, err
		}
	}
	_ = c.Logout().Wait()
	return rep, nil
}

// dial connects with TLS, from the start or by STARTTLS.
func (m *Mailbox) dial() (*imapclient.Client, error) {
	cfg := m.TLSConfig
	if cfg == nil {
		host, _, _ := net.SplitHostPort(m.Addr)
		cfg = &tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}
	}
	opts := &imapclient.Options{TLSConfig: cfg, Dialer: &net.Dialer{Timeout: 30 * time.Second}}
	if m.Implicit {
		return imapclient.DialTLS(m.Addr, opts)
	}
	return imapclient.DialStartTLS(m.Addr, opts)
}

// take registers one message and marks it. It returns an error only when
// the mailbox or the store could not be reached: the message is then left
// unmarked, for the next pass.
func (m *Mailbox) take(ctx context.Context, c *imapclient.Client, validity uint32, uid imap.UID, rep *PollReport) error {
	whole := &imap.FetchItemBodySection{Peek: true}
	msgs, err := c.Fetch(imap.UIDSetNum(uid), &imap.FetchOptions{UID: true, InternalDate: true, RFC822Size: true, BodySection: []*imap.FetchItemBodySection{whole}}).Collect()
	if err != nil {
		return fmt.Errorf("读取邮件 %d：%w", uid, err)
	}
	if len(msgs) == 0 {
		return nil // expunged meanwhile
	}
	msg := msgs[0]
	if msg.RFC822Size > maxMessageBytes {
		return m.refuse(c, uid, fmt.Errorf("邮件过大（%d 字节，最多 %d 字节）", msg.RFC822Size, maxMessageBytes), rep)
	}
	in, err := parseMail(msg.FindBodySection(whole))
	if err != nil {
		return m.refuse(c, uid, err, rep)
	}
	// The message's identity: its Message-ID, or where it lies in this
	// mailbox. A pass cut short registers nothing twice: the ID is the same.
	key := in.MessageID
	if key == "" {
		key = fmt.Sprintf("%s/%d/%d", m.Addr, validity, uid)
	}
	received := msg.InternalDate // when the message reached the company: P1.2 and C2.1 run from here
	if received.IsZero() {
		received = in.Date
	}
	if received.IsZero() || received.After(m.now()) {
		received = m.now()
	}
	id, known, err := m.reply(ctx, in, key, received, rep)
	if err == nil && id == "" {
		id, known, err = m.register(ctx, in, key, received, rep)
	}
	var e *aftersales.Error
	switch {
	case errors.As(err, &e) && e.Kind != aftersales.KindUnavailable:
		return m.refuse(c, uid, err, rep)
	case err != nil:
		return fmt.Errorf("登记邮件 %d：%w", uid, err)
	}
	if known {
		rep.Known++
	}
	m.logger().Debug("mail intake: registered", "uid", uid, "record", id)
	return c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
		Flags: []imap.Flag{imap.FlagSeen, FlagRegistered}}, nil).Close()
}

// refuse flags a message that cannot be registered and logs why; it stays
// in the mailbox for a person.
func (m *Mailbox) refuse(c *imapclient.Client, uid imap.UID, why error, rep *PollReport) error {
	rep.Refused++
	m.logger().Warn("mail intake: message not registered, flagged in the mailbox", "uid", uid, "reason", why)
	return c.Store(imap.UIDSetNum(uid), &imap.StoreFlags{Op: imap.StoreFlagsAdd, Silent: true,
		Flags: []imap.Flag{imap.FlagFlagged, FlagRefused}}, nil).Close()
}

// recordNumber finds what may name a request or complaint in a subject or
// a reference: an ID (AS-…, TS-…) or a readable number (SH-2026-000123).
// A notice names its record, and a reply keeps the name.
var recordNumber = regexp.MustCompile(`\b[A-Z]{1,8}-[0-9A-Za-z][0-9A-Za-z-]*[0-9A-Za-z]`)

// reply adds the message to the record it answers, when its subject (or
// what it replies to) names a request or complaint that exists: a reply
// lands on its record instead of registering a new one. id is empty when
// the message answers none; known is true when the message was added
// before (its Message-ID is in the record's history already).
func (m *Mailbox) reply(ctx context.Context, in inbound, key string, received time.Time, rep *PollReport) (id string, known bool, err error) {
	msg := aftersales.Message{Channel: aftersales.ChannelEmail, From: sender(in), Text: in.description(), Ref: key, At: received,
		Attachments: in.names()}
	for _, n := range recordNumber.FindAllString(in.Subject+" "+strings.Join(in.InReplyTo, " "), 4) {
		n = m.byNumber(ctx, n)
		refs, add := m.thread(n)
		if refs == nil {
			continue
		}
		seen, err := refs(ctx, n)
		if errors.Is(err, aftersales.ErrNotFound) {
			continue // not one of ours
		}
		if err != nil {
			return n, false, err
		}
		if slices.Contains(seen, key) {
			return n, true, nil
		}
		if err := m.keep(ctx, in, key, n, received); err != nil {
			return n, false, err
		}
		if err := add(ctx, n, msg); err != nil {
			return n, false, err
		}
		rep.Replies = append(rep.Replies, n)
		return n, false, nil
	}
	return "", false, nil
}

// thread returns, for a record's number, how to read the references of
// the messages it holds and how to add one; nil for a number of a chapter
// the mailbox does not take.
func (m *Mailbox) thread(n string) (refs func(context.Context, string) ([]string, error), add func(context.Context, string, aftersales.Message) error) {
	switch {
	case strings.HasPrefix(n, "AS-") && m.Requests != nil:
		return func(ctx context.Context, id string) (out []string, err error) {
				h, err := m.Requests.History(ctx, id)
				for _, e := range h {
					if e.Type == aftersales.EventMessage {
						out = append(out, e.Message.Ref)
					}
				}
				return out, err
			}, func(ctx context.Context, id string, msg aftersales.Message) error {
				_, err := m.Requests.AddMessage(ctx, id, aftersales.MessageCommand{Message: msg, Actor: Actor()})
				return err
			}
	case strings.HasPrefix(n, "TS-") && m.Complaints != nil:
		return func(ctx context.Context, id string) (out []string, err error) {
				h, err := m.Complaints.History(ctx, id)
				for _, e := range h {
					if e.Type == complaint.EventMessage {
						out = append(out, e.Message.Ref)
					}
				}
				return out, err
			}, func(ctx context.Context, id string, msg aftersales.Message) error {
				_, err := m.Complaints.AddMessage(ctx, id, complaint.MessageCommand{Message: msg, Actor: Actor()})
				return err
			}
	}
	return nil, nil
}

// byNumber returns the ID of the record a readable number names, or s
// itself: an ID, or a number of no record.
func (m *Mailbox) byNumber(ctx context.Context, s string) string {
	if m.Numbers == nil || !aftersales.IsNumber(s) {
		return s
	}
	if id, err := m.Numbers.RequestIDByNumber(ctx, s); err == nil {
		return id
	}
	if id, err := m.Numbers.ComplaintIDByNumber(ctx, s); err == nil {
		return id
	}
	return s
}

// sender names who wrote: "name <address>", or the address.
func sender(in inbound) string {
	if in.FromName == "" {
		return in.From
	}
	return in.FromName + " <" + in.From + ">"
}

// mailCustomerID is the customer ID of a sender the records do not know
// yet: "mail:" and the address, or, for an address too long for an ID
// (aftersales.MaxIDLength), "mail:" and a digest of it, the same for
// every message from it.
func mailCustomerID(address string) string {
	if id := "mail:" + address; utf8.RuneCountInString(id) <= aftersales.MaxIDLength {
		return id
	}
	sum := sha256.Sum256([]byte(address))
	return "mail:" + hex.EncodeToString(sum[:16])
}

// register registers the message as a complaint or a request; known is
// true when it was registered before.
func (m *Mailbox) register(ctx context.Context, in inbound, key string, received time.Time, rep *PollReport) (id string, known bool, err error) {
	sum := sha256.Sum256([]byte(key))
	suffix := "mail-" + hex.EncodeToString(sum[:8])
	customer := aftersales.Customer{ID: mailCustomerID(in.From), Name: in.FromName, Email: in.From}
	if m.Customers != nil {
		known, ok, err := m.Customers.CustomerByEmail(ctx, in.From)
		if err != nil {
			return "", false, err
		}
		if ok && known.ID != "" {
			customer = known
			customer.Name = cmp.Or(customer.Name, in.FromName)
		}
	}
	files := in.names()
	if m.complaint(in) && m.Complaints != nil {
		id = "TS-" + suffix
		desc := in.description()
		if len(files) > 0 {
			// A complaint has no attachments field: the files are named
			// in the description, and kept with the complaint.
			desc += "\n\n" + strings.Join(files, "\n")
		}
		if err := m.keep(ctx, in, key, id, received); err != nil {
			return id, false, err
		}
		_, err = m.Complaints.Register(ctx, complaint.RegisterCommand{ID: id, Actor: Actor(), Registration: complaint.Registration{
			Complainant: customer, Type: complaint.TypeOther, Description: desc,
			Channel: aftersales.ChannelEmail, ReceivedAt: received, ReceivedBy: complaint.ToAfterSales}})
		if errors.Is(err, aftersales.ErrConflict) {
			if _, gerr := m.Complaints.Get(ctx, id); gerr == nil {
				return id, true, nil
			}
		}
		if err == nil {
			rep.Complaints = append(rep.Complaints, id)
		}
		return id, false, err
	}
	id = "AS-" + suffix
	if err := m.keep(ctx, in, key, id, received); err != nil {
		return id, false, err
	}
	_, err = m.Requests.Register(ctx, aftersales.RegisterCommand{ID: id, Actor: Actor(), Registration: aftersales.Registration{
		Customer: customer, Description: in.description(), Attachments: files,
		Channel: aftersales.ChannelEmail, ReceivedAt: received}})
	if errors.Is(err, aftersales.ErrConflict) {
		if _, gerr := m.Requests.Get(ctx, id); gerr == nil {
			return id, true, nil
		}
	}
	if err == nil {
		rep.Requests = append(rep.Requests, id)
	}
	return id, false, err
}

// keep keeps the message's files with record id, before the record is
// written: a pass cut short leaves files of a record to come, which the
// next pass writes again harmlessly, never a record without its files.
// Each file's ID comes from the message's key and its place in it.
func (m *Mailbox) keep(ctx context.Context, in inbound, key, id string, received time.Time) error {
	if m.Files == nil {
		return nil
	}
	sum := sha256.Sum256([]byte(key))
	for i, a := range in.Attachments {
		if a.Data == nil {
			continue
		}
		f := sqlstore.File{ID: fmt.Sprintf("F-mail-%s-%d", hex.EncodeToString(sum[:8]), i+1), RecordID: id, Name: a.Name,
			ContentType: a.ContentType, Data: a.Data, ByCustomer: true, CreatedBy: Actor().ID, CreatedAt: received}
		// A photo gets its thumbnail and capture time; a file the desk
		// would not take is still the customer's evidence, kept as sent
		// (and only ever downloaded).
		if info, err := upload.Inspect(a.Name, a.Data); err == nil {
			f.ContentType, f.Thumb, f.CapturedAt = info.ContentType, info.Thumb, info.Captured
		}
		if err := m.Files.Put(ctx, f); err != nil {
			return fmt.Errorf("保存附件 %s：%w", a.Name, err)
		}
	}
	return nil
}

// complaint reports whether the message was sent to the complaint address.
func (m *Mailbox) complaint(in inbound) bool {
	if m.ComplaintAddress == "" {
		return false
	}
	for _, to := range in.To {
		if strings.EqualFold(to, m.ComplaintAddress) {
			return true
		}
	}
	return false
}
