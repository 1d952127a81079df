package intake

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"io"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	_ "github.com/emersion/go-message/charset" // GB2312, GBK, GB18030, Big5 and the rest: Chinese mail
	"github.com/emersion/go-message/mail"

	"github.com/shouhou/shouhou/aftersales"
)

// inbound is what the intake reads from one e-mail.
type inbound struct {
	MessageID   string
	InReplyTo   []string // In-Reply-To and References
	Subject     string
	Body        string // the plain text, or the HTML's text
	FromName    string
	From        string   // the sender's address, lower case
	To          []string // To and Cc, lower case
	Date        time.Time
	Attachments []attachment
}

// attachment is a file sent with a message.
type attachment struct {
	Name        string
	ContentType string
	Data        []byte // nil when larger than maxFileBytes
	Size        int
}

// Limits of what the intake reads from one message.
const (
	maxMessageBytes = 25 << 20 // larger messages are refused, and stay in the mailbox
	maxBodyRunes    = 4000     // the description keeps this much of the text
	maxSubjectRunes = 200      // and this much of the subject
	maxAttachments  = 20
	maxFileBytes    = 10 << 20 // as sqlstore.MaxFileSize: a larger file is named, not kept
)

// errNoSender is a message without a usable From address.
var errNoSender = errors.New("邮件没有有效的发件人地址")

// parseMail reads a message. It refuses one without a sender; a part it
// cannot decode is skipped rather than failing the message.
func parseMail(raw []byte) (inbound, error) {
	var m inbound
	if len(raw) > maxMessageBytes {
		return m, fmt.Errorf("邮件过大（%d 字节，最多 %d 字节）", len(raw), maxMessageBytes)
	}
	r, err := mail.CreateReader(bytes.NewReader(raw))
	if r == nil {
		return m, fmt.Errorf("无法读取邮件：%w", err)
	}
	defer r.Close()
	// An unknown charset still yields the header, with err set: read on.
	h := r.Header
	m.MessageID, _ = h.MessageID()
	m.InReplyTo, _ = h.MsgIDList("In-Reply-To")
	refs, _ := h.MsgIDList("References")
	m.InReplyTo = append(m.InReplyTo, refs...)
	if m.Subject, err = h.Subject(); err != nil {
		m.Subject = h.Get("Subject")
	}
	if m.Subject = oneLine(m.Subject); utf8.RuneCountInString(m.Subject) > maxSubjectRunes {
		m.Subject = string([]rune(m.Subject)[:maxSubjectRunes]) + "…"
	}
	from, _ := h.AddressList("From")
	if len(from) == 0 || !strings.Contains(from[0].Address, "@") {
		return m, errNoSender
	}
	m.FromName, m.From = oneLine(from[0].Name), strings.ToLower(from[0].Address)
	for _, key := range []string{"To", "Cc"} {
		list, _ := h.AddressList(key)
		for _, a := range list {
			m.To = append(m.To, strings.ToLower(a.Address))
		}
	}
	m.Date, _ = h.Date()
	var plain, htmlText string
	for len(m.Attachments) < maxAttachments {
		p, err := r.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if p == nil {
				break // a broken structure: keep what was read
			}
			continue
		}
		switch ph := p.Header.(type) {
		case *mail.InlineHeader:
			t, _, _ := ph.ContentType()
			b, err := io.ReadAll(io.LimitReader(p.Body, 1<<20))
			if err != nil || !utf8.Valid(b) {
				continue
			}
			switch {
			case t == "text/plain" && plain == "":
				plain = string(b)
			case t == "text/html" && htmlText == "":
				htmlText = textOfHTML(string(b))
			}
		case *mail.AttachmentHeader:
			name, _ := ph.Filename()
			if name = oneLine(name); name == "" {
				name = "未命名附件"
			}
			t, _, _ := ph.ContentType()
			data, err := io.ReadAll(io.LimitReader(p.Body, maxFileBytes+1))
			if err != nil {
				continue // a part that does not decode is passed over
			}
			a := attachment{Name: name, ContentType: t, Size: len(data)}
			if len(data) > 0 && len(data) <= maxFileBytes {
				a.Data = data
			}
			m.Attachments = append(m.Attachments, a)
		}
	}
	m.Body = plain
	if strings.TrimSpace(m.Body) == "" {
		m.Body = htmlText
	}
	m.Body = strings.TrimSpace(plainText(strings.ReplaceAll(m.Body, "\r\n", "\n")))
	if r := []rune(m.Body); len(r) > maxBodyRunes {
		m.Body = string(r[:maxBodyRunes]) + "\n（邮件正文过长，以下从略，原件保留在邮箱中）"
	}
	return m, nil
}

// names lists the attachments for a description or a history: each
// file's name, and why it was not kept when it was not.
func (m inbound) names() []string {
	var out []string
	for _, a := range m.Attachments {
		switch {
		case a.Data == nil && a.Size > maxFileBytes:
			out = append(out, "邮件附件："+a.Name+"（超过 10 MiB，未保存，原件在邮箱中）")
		case a.Data == nil:
			out = append(out, "邮件附件："+a.Name+"（空文件）")
		default:
			out = append(out, "邮件附件："+a.Name)
		}
	}
	return out
}

// description is the request's description: the subject and the text.
func (m inbound) description() string {
	switch {
	case m.Subject == "":
		return m.Body
	case m.Body == "":
		return m.Subject
	}
	return m.Subject + "\n\n" + m.Body
}

// plainText is a message's text as free text: what aftersales.Text
// refuses (a form feed, an escape, a NUL, a direction override) dropped,
// invalid UTF-8 replaced, line breaks kept.
func plainText(s string) string { return aftersales.CleanText(s) }

// oneLine is a header's text as one line of free text (aftersales.CleanText,
// white space folded). It drops C1 controls too: Windows-1252 quotes in a
// header labelled ISO-8859-1 decode to them.
func oneLine(s string) string { return strings.Join(strings.Fields(aftersales.CleanText(s)), " ") }

var (
	htmlDrop  = regexp.MustCompile(`(?is)<(script|style|head)\b.*?</(script|style|head)\s*>`)
	htmlBreak = regexp.MustCompile(`(?i)<(br|/p|/div|/li|/tr|/h[1-6])\b[^>]*>`)
	htmlTag   = regexp.MustCompile(`<[^>]*>`)
	blankRuns = regexp.MustCompile(`\n[ \t]*(\n[ \t]*)+`)
)

// textOfHTML keeps the text of an HTML body, line breaks where blocks
// end: what a person wrote, for a message sent without a plain part.
func textOfHTML(s string) string {
	s = htmlDrop.ReplaceAllString(s, "")
	s = htmlBreak.ReplaceAllString(s, "\n")
	s = html.UnescapeString(htmlTag.ReplaceAllString(s, ""))
	return strings.TrimSpace(blankRuns.ReplaceAllString(s, "\n\n"))
}
