package ledger

import (
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// rowView is one data row of a table, read field by field.
type rowView struct {
	l        *layout
	cells    []string
	row      int
	date1904 bool
	now      time.Time
	notes    []*Error
}

// ref returns where field f is.
func (v *rowView) ref(f Field) cellRef {
	r := cellRef{sheet: v.l.sheet, row: v.row, header: v.l.headers[f]}
	if c, ok := v.l.cols[f]; ok {
		r.column = columnLetter(c + 1)
	}
	return r
}

// text returns the trimmed text of field f, "" when the sheet has no such
// column or the cell is empty.
func (v *rowView) text(f Field) string {
	c, ok := v.l.cols[f]
	if !ok || c >= len(v.cells) {
		return ""
	}
	return strings.TrimSpace(v.cells[c])
}

// blank reports whether the row has no text at all.
func (v *rowView) blank() bool {
	for _, c := range v.cells {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// when reads the time of field f: nil when empty, a refusal when it cannot
// be read, is before 2000 or after the audit's now; a note when it has no
// time of day.
func (v *rowView) when(f Field) (*Stamp, *Error) {
	s := v.text(f)
	if s == "" {
		return nil, nil
	}
	st, err := ParseTime(s, v.date1904)
	if err != nil {
		e := cellError(CodeTimeInvalid, v.ref(f), "“%s”不是可识别的日期时间（应如 2026/9/30 15:00、2026年9月30日或 Excel 日期）", s)
		e.Err = err
		return nil, e
	}
	if y := st.Time.Year(); y < 2000 || y > 2100 {
		return nil, cellError(CodeTimeRange, v.ref(f), "日期 %s 不在 2000 至 2100 年之间", st.Time.Format("2006-01-02"))
	}
	if st.Time.After(v.now) {
		return nil, cellError(CodeTimeFuture, v.ref(f), "时间 %s 晚于审核时点 %s", stampText(st), v.now.In(st.Time.Location()).Format("2006-01-02 15:04"))
	}
	if st.DateOnly {
		v.notes = append(v.notes, cellError(CodeTimeMissing, v.ref(f), "只有日期 %s，没有具体时刻：按日期判断工作日期限，不推定为零点", st.Time.Format("2006-01-02")))
	}
	return &st, nil
}

// stampText writes a stamp as the report shows it.
func stampText(s Stamp) string {
	if s.DateOnly {
		return s.Time.Format("2006-01-02")
	}
	return s.Time.Format("2006-01-02 15:04")
}

// lookup matches a cell against a table of words, ignoring case and spaces.
func lookup[T any](s string, words map[string]T, extra map[string]T) (T, bool) {
	k := strings.ToLower(clean(s))
	if v, ok := extra[s]; ok {
		return v, true
	}
	for w, v := range extra {
		if strings.ToLower(clean(w)) == k {
			return v, true
		}
	}
	v, ok := words[k]
	return v, ok
}

var channelWords = map[string]aftersales.Channel{
	"电话": aftersales.ChannelPhone, "来电": aftersales.ChannelPhone, "热线": aftersales.ChannelPhone, "phone": aftersales.ChannelPhone,
	"邮件": aftersales.ChannelEmail, "电子邮件": aftersales.ChannelEmail, "邮箱": aftersales.ChannelEmail, "email": aftersales.ChannelEmail,
	"微信": aftersales.ChannelWeChat, "wechat": aftersales.ChannelWeChat,
	"现场": aftersales.ChannelOnSite, "来访": aftersales.ChannelOnSite, "上门": aftersales.ChannelOnSite, "onsite": aftersales.ChannelOnSite,
}

var causeWords = func() map[string]aftersales.Cause {
	m := map[string]aftersales.Cause{"施工": aftersales.CauseConstruction, "施工问题": aftersales.CauseConstruction,
		"材料": aftersales.CauseMaterial, "材料问题": aftersales.CauseMaterial, "设计问题": aftersales.CauseDesign,
		"其他原因": aftersales.CauseOther, "第三方造成": aftersales.CauseThirdParty}
	for _, c := range []aftersales.Cause{aftersales.CauseConstruction, aftersales.CauseMaterial, aftersales.CauseDesign,
		aftersales.CauseOther, aftersales.CauseMisuse, aftersales.CauseThirdParty, aftersales.CauseForceMajeure} {
		m[c.Label()], m[string(c)] = c, c
	}
	return m
}()

var typeWords = func() map[string]complaint.Type {
	m := map[string]complaint.Type{"质量": complaint.TypeQuality, "服务": complaint.TypeService, "处理不及时": complaint.TypeDelay,
		"不及时": complaint.TypeDelay}
	for _, t := range []complaint.Type{complaint.TypeQuality, complaint.TypeService, complaint.TypeDelay, complaint.TypeCharge, complaint.TypeOther} {
		m[t.Label()], m[string(t)] = t, t
	}
	return m
}()

var complexityWords = map[string]aftersales.Complexity{
	"简单": aftersales.Simple, "简单问题": aftersales.Simple, "simple": aftersales.Simple, "一般": aftersales.Simple,
	"复杂": aftersales.Complex, "复杂问题": aftersales.Complex, "complex": aftersales.Complex,
}

var flagWords = map[string]bool{"是": true, "y": true, "yes": true, "√": true, "✓": true, "紧急": true, "重大": true, "1": true, "true": true,
	"否": false, "n": false, "no": false, "×": false, "一般": false, "0": false, "false": false, "-": false}

var satisfactionWords = map[string]int{"很不满意": 1, "非常不满意": 1, "不满意": 2, "一般": 3, "基本满意": 3, "满意": 4, "很满意": 5, "非常满意": 5}

// flag reads a yes/no cell; empty is no.
func (v *rowView) flag(f Field) (bool, *Error) {
	s := v.text(f)
	if s == "" {
		return false, nil
	}
	b, ok := lookup(s, flagWords, nil)
	if !ok {
		return false, cellError(CodeFlagInvalid, v.ref(f), "“%s”应为“是”或“否”", s)
	}
	return b, nil
}

// satisfaction reads a 1–5 rating, as a number, "4分" or in words; 0 when
// empty.
func (v *rowView) satisfaction() (int, *Error) {
	s := strings.TrimSuffix(v.text(FieldSatisfaction), "分")
	if s == "" {
		return 0, nil
	}
	if n, err := strconv.Atoi(s); err == nil && n >= 1 && n <= 5 {
		return n, nil
	}
	if n, ok := satisfactionWords[clean(s)]; ok {
		return n, nil
	}
	return 0, cellError(CodeSatisfaction, v.ref(FieldSatisfaction), "满意度“%s”应为 1 至 5 分或“很满意”“满意”“一般”“不满意”“很不满意”", s)
}

// departments splits a 责任部门 cell: several are separated by 、，,；; or /.
func departments(s string) []string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return strings.ContainsRune("、，,；;/\n", r)
	})
	out := parts[:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
