package intake

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

func TestTextOfHTML(t *testing.T) {
	require.Equal(t, "渗水\n\n三天了 & 更多", textOfHTML("<head><title>x</title></head><script>alert(1)</script><p>渗水</p><br><br/><div>三天了 &amp; 更多</div>"))
}

func TestParseMailLimits(t *testing.T) {
	long := strings.Repeat("水", maxBodyRunes+10)
	m, err := parseMail([]byte("From: a@b.c\r\nSubject: " + strings.Repeat("渗", 300) + "\r\n\r\n" + long))
	require.NoError(t, err)
	require.Equal(t, maxSubjectRunes+1, utf8.RuneCountInString(m.Subject))
	require.Contains(t, m.Body, "以下从略")
	require.Less(t, utf8.RuneCountInString(m.description()), 5000, "fits the description's limit")

	_, err = parseMail([]byte("Subject: x\r\n\r\nbody"))
	require.ErrorIs(t, err, errNoSender)
}

// FuzzParseMail: whatever a mailbox holds, reading it never panics, and
// what it reads is valid UTF-8 without control characters in the one-line
// fields.
func FuzzParseMail(f *testing.F) {
	f.Add([]byte("From: =?UTF-8?B?546L?= <a@b.c>\r\nTo: x@y.z\r\nSubject: =?GBK?B?xOO6ww==?=\r\nMessage-ID: <1@b>\r\n\r\n渗水"))
	f.Add([]byte("From: a@b.c\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/html\r\n\r\n<p>hi</p>\r\n--x\r\nContent-Disposition: attachment; filename=a.pdf\r\n\r\n%PDF\r\n--x--\r\n"))
	f.Add([]byte("From: a@b.c\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nbroken"))
	f.Add([]byte("From: a@b.c\r\nContent-Type: text/plain; charset=unknown-9\r\nSubject: \x01\x7f\r\n\r\n\xff"))
	f.Add([]byte("From: a@b.c\r\nSubject: x\r\n\r\n渗水\x0c\x1b[0m\r\n\t第二行"))
	// Windows-1252 quotes labelled ISO-8859-1 decode to C1 controls.
	f.Add([]byte("From: =?iso-8859-1?Q?=93Wang=94?= <a@b.c>\r\nSubject: =?iso-8859-1?Q?=93leak=94?=\r\n" +
		"Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: text/plain; charset=iso-8859-1\r\n\r\n\x93wet\x94\r\n" +
		"--x\r\nContent-Disposition: attachment; filename*=iso-8859-1''%93a%94.pdf\r\n\r\n%PDF\r\n--x--\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		m, err := parseMail(raw)
		if err != nil {
			return
		}
		for _, s := range []string{m.Subject, m.FromName, m.Body} {
			if !utf8.ValidString(s) {
				t.Fatalf("not UTF-8: %q", s)
			}
		}
		if strings.ContainsFunc(m.Subject+m.FromName, unicode.IsControl) {
			t.Fatalf("control character in %q / %q", m.Subject, m.FromName)
		}
		if _, err := aftersales.Text(m.FromName, false, 5000, "customer_name", "客户姓名"); err != nil {
			t.Fatalf("the sender's name of %q is not text: %v", raw, err)
		}
		for _, a := range m.Attachments {
			if _, err := aftersales.CheckAttachments([]string{a.Name}, "attachment", "附件"); err != nil {
				t.Fatalf("attachment name %q of %q is not a reference: %v", a.Name, raw, err)
			}
		}
		if _, err := aftersales.Text(m.description(), false, 5000, "description", "问题描述"); err != nil {
			t.Fatalf("the description of %q is not free text: %v", raw, err)
		}
	})
}

// TestMailCustomerIDIsAnID: a sender's customer ID is an ID the records
// take (aftersales.CheckID), the same for every message from the address,
// however long the address.
func TestMailCustomerIDIsAnID(t *testing.T) {
	require.Equal(t, "mail:wang@example.com", mailCustomerID("wang@example.com"))
	long := "bounces+" + strings.Repeat("x", 120) + "@lists.example.com"
	id := mailCustomerID(long)
	_, err := aftersales.CheckID(id, "customer_id", "客户编号")
	require.NoError(t, err, id)
	require.Equal(t, id, mailCustomerID(long), "stable")
	require.NotEqual(t, id, mailCustomerID(long+"x"))
}
