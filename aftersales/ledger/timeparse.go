package ledger

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shouhou/shouhou/calendar"
)

// Stamp is a date and time read from a ledger cell, in China Standard
// Time. DateOnly is true when the cell gave a date without a time of day:
// Time is then 00:00 CST of that date, which judges every working-day
// clause exactly (their deadlines fall at 24:00, so only the date of a step
// counts), but not a clock-hour one (P1.3, C2.2), and the audit says so.
type Stamp struct {
	Time     time.Time
	DateOnly bool
}

// ErrTimeFormat is the cause of every date a cell gives that ParseTime
// cannot read.
var ErrTimeFormat = errors.New("ledger: unreadable date")

// ParseTime reads a date, with or without a time of day, the way Chinese
// offices write it:
//
//	2026/9/30 15:00    2026-09-30 15:00:05    2026.9.30    2026-09-30T15:00:00+08:00
//	2026年9月30日      2026年9月30日 15时20分   2026年9月30号下午3点
//	20260930           46295.625 (an Excel serial date; date1904 for the 1904 system)
//
// Years have four digits and come first; full-width digits and colons are
// accepted; 上午/下午/晚上/中午/凌晨 may stand before the time. A time zone is
// honoured when given, otherwise the time is China Standard Time. An Excel
// serial with no fraction, like a written date with no time, is DateOnly.
// Anything else, including an impossible day such as 2026/2/30, fails with
// an error wrapping ErrTimeFormat.
func ParseTime(s string, date1904 bool) (Stamp, error) {
	s = normalize(s)
	if s == "" {
		return Stamp{}, fmt.Errorf("%w: 空白", ErrTimeFormat)
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return Stamp{Time: t.In(calendar.CST())}, nil
	}
	if isNumber(s) {
		return parseNumber(s, date1904)
	}
	p := timeScanner{s: s}
	st, ok := p.scan()
	if !ok {
		return Stamp{}, fmt.Errorf("%w: “%s”不是可识别的日期时间（应如 2026/9/30 15:00 或 2026年9月30日）", ErrTimeFormat, s)
	}
	return st, nil
}

// normalize turns full-width digits, colons, slashes and spaces into ASCII
// and trims.
func normalize(s string) string {
	if !utf8.ValidString(s) {
		return ""
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= '０' && r <= '９':
			r = '0' + (r - '０')
		case r == '：':
			r = ':'
		case r == '／':
			r = '/'
		case r == '－':
			r = '-'
		case r == '．':
			r = '.'
		case r == '\u3000' || r == '\u00a0' || r == '\t':
			r = ' '
		}
		b.WriteRune(r)
	}
	return strings.TrimSpace(b.String())
}

func isNumber(s string) bool {
	dot := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
		case c == '.' && !dot && i > 0:
			dot = true
		default:
			return false
		}
	}
	return true
}

// parseNumber reads 20260930 (yyyymmdd) or an Excel serial date.
func parseNumber(s string, date1904 bool) (Stamp, error) {
	if len(s) == 8 && !strings.Contains(s, ".") {
		y, _ := strconv.Atoi(s[:4])
		m, _ := strconv.Atoi(s[4:6])
		d, _ := strconv.Atoi(s[6:])
		if t, ok := makeTime(y, m, d, 0, 0, 0); ok {
			return Stamp{Time: t, DateOnly: true}, nil
		}
		return Stamp{}, fmt.Errorf("%w: “%s”不是有效的日期", ErrTimeFormat, s)
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || v < 1 || v > 2958465 {
		return Stamp{}, fmt.Errorf("%w: 数字“%s”不是有效的 Excel 日期序号", ErrTimeFormat, s)
	}
	days := math.Floor(v)
	epoch := time.Date(1899, 12, 30, 0, 0, 0, 0, calendar.CST())
	if date1904 {
		epoch = time.Date(1904, 1, 1, 0, 0, 0, 0, calendar.CST())
	} else if days < 61 {
		days++ // Excel's phantom 1900-02-29
	}
	secs := math.Round((v - math.Floor(v)) * 86400)
	d := epoch.AddDate(0, 0, int(days))
	t := time.Date(d.Year(), d.Month(), d.Day(), 0, 0, int(secs), 0, calendar.CST())
	return Stamp{Time: t, DateOnly: secs == 0 && !strings.Contains(s, ".")}, nil
}

func makeTime(y, m, d, hh, mm, ss int) (time.Time, bool) {
	if m < 1 || m > 12 || d < 1 || d > 31 || hh < 0 || hh > 23 || mm < 0 || mm > 59 || ss < 0 || ss > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, 0, calendar.CST())
	if t.Day() != d {
		return time.Time{}, false // 2026/2/30
	}
	return t, true
}

// timeScanner reads "Y sep M sep D [time]" by hand: it runs for every
// date cell of a large ledger.
type timeScanner struct {
	s string
	i int
}

func (p *timeScanner) scan() (Stamp, bool) {
	y, n := p.num(4)
	if n != 4 {
		return Stamp{}, false
	}
	p.spaces()
	sep, ok := p.oneOf("-", "/", ".", "年")
	if !ok {
		return Stamp{}, false
	}
	p.spaces()
	m, n := p.num(2)
	if n == 0 {
		return Stamp{}, false
	}
	p.spaces()
	want := sep
	if sep == "年" {
		want = "月"
	}
	if _, ok := p.oneOf(want); !ok {
		return Stamp{}, false
	}
	p.spaces()
	d, n := p.num(2)
	if n == 0 {
		return Stamp{}, false
	}
	if sep == "年" {
		p.oneOf("日", "号")
	}
	p.spaces()
	p.oneOf("T")
	p.spaces()
	if p.done() {
		t, ok := makeTime(y, m, d, 0, 0, 0)
		return Stamp{Time: t, DateOnly: true}, ok
	}
	hh, mm, ss, ok := p.clock()
	if !ok || !p.done() {
		return Stamp{}, false
	}
	t, ok := makeTime(y, m, d, hh, mm, ss)
	return Stamp{Time: t}, ok
}

// clock reads [上午|下午|晚上|中午|凌晨] H(:|时|点)[M[分]][(:S|S秒)].
func (p *timeScanner) clock() (hh, mm, ss int, ok bool) {
	half, _ := p.oneOf("上午", "下午", "晚上", "中午", "凌晨")
	p.spaces()
	hh, n := p.num(2)
	if n == 0 {
		return 0, 0, 0, false
	}
	p.spaces()
	sep, ok := p.oneOf(":", "时", "点")
	if !ok {
		return 0, 0, 0, false
	}
	if half == "下午" || half == "晚上" || (half == "中午" && hh < 11) {
		if hh < 12 {
			hh += 12
		}
	}
	p.spaces()
	if p.done() && sep != ":" {
		return hh, 0, 0, true // 下午3点
	}
	if sep != ":" {
		if _, ok := p.oneOf("半"); ok {
			return hh, 30, 0, true
		}
	}
	mm, n = p.num(2)
	if n == 0 {
		return 0, 0, 0, false
	}
	if sep != ":" {
		p.oneOf("分")
	}
	p.spaces()
	if p.done() {
		return hh, mm, 0, true
	}
	if _, colon := p.oneOf(":"); colon || sep != ":" {
		ss, n = p.num(2)
		if n == 0 {
			return 0, 0, 0, false
		}
		if !colon {
			if _, ok := p.oneOf("秒"); !ok {
				return 0, 0, 0, false
			}
		}
		if _, frac := p.oneOf("."); frac {
			p.num(9) // milliseconds, dropped
		}
	}
	p.spaces()
	return hh, mm, ss, true
}

func (p *timeScanner) done() bool { return p.i >= len(p.s) }

func (p *timeScanner) spaces() {
	for p.i < len(p.s) && p.s[p.i] == ' ' {
		p.i++
	}
}

// num reads up to max digits and returns the value and how many it read.
func (p *timeScanner) num(max int) (int, int) {
	v, n := 0, 0
	for p.i < len(p.s) && n < max && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
		v = v*10 + int(p.s[p.i]-'0')
		p.i++
		n++
	}
	return v, n
}

func (p *timeScanner) oneOf(words ...string) (string, bool) {
	for _, w := range words {
		if strings.HasPrefix(p.s[p.i:], w) {
			p.i += len(w)
			return w, true
		}
	}
	return "", false
}
