package intake

import (
	"strings"
	"testing"
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
		if strings.ContainsFunc(m.Subject+m.FromName, func(r rune) bool { return r < ' ' || r == 0x7f }) {
			t.Fatalf("control character in %q / %q", m.Subject, m.FromName)
		}
		if _, err := aftersales.Text(m.description(), false, 5000, "description", "问题描述"); err != nil {
			t.Fatalf("the description of %q is not free text: %v", raw, err)
		}
	})
}
