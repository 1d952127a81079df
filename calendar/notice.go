package calendar

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Notice is one year's State Council holiday schedule (国务院办公厅关于 YYYY 年
// 部分节假日安排的通知), as revised.
//
// Year is the notice year, not necessarily the year of every date: the
// late-December days before a New Year block are listed in the next year's
// notice.
type Notice struct {
	Year   int
	Papers []string // the notice URLs, the original first, then revisions
	// Source is Official or SingleSource.
	Source Status
	// Note says where a single-source notice comes from.
	Note string
	Days []NoticeDay
}

// NoticeDay is one date a notice lists: an official day off, or a working day
// (usually a makeup working day).
type NoticeDay struct {
	Date Date
	Name string // the holiday, such as 春节
	Off  bool   // true: day off (放假); false: working day (上班)
}

// ErrBadNotice is wrapped by every error about a malformed or inconsistent
// notice.
var ErrBadNotice = errors.New("calendar: bad notice")

// NoticeError says which file and date of a notice are wrong, and how.
type NoticeError struct {
	File  string // the file name, or the name the caller gave
	Date  string // the offending date as written, or empty
	Fault string // what is wrong, in Chinese
}

// Error returns the file, the date and the fault.
func (e *NoticeError) Error() string {
	if e.Date == "" {
		return fmt.Sprintf("calendar: %s: %s", e.File, e.Fault)
	}
	return fmt.Sprintf("calendar: %s: %s: %s", e.File, e.Date, e.Fault)
}

// Unwrap returns ErrBadNotice.
func (e *NoticeError) Unwrap() error { return ErrBadNotice }

// noticeJSON is the reference folder's format (holiday-cn's schema).
type noticeJSON struct {
	Year   int      `json:"year"`
	Papers []string `json:"papers"`
	Source string   `json:"source"`
	Days   []struct {
		Name     string `json:"name"`
		Date     string `json:"date"`
		IsOffDay *bool  `json:"isOffDay"`
	} `json:"days"`
}

// ParseNotice decodes one notice year in the reference format:
//
//	{"year": 2026, "papers": ["<notice URL>"],
//	 "days": [{"name": "元旦", "date": "2026-01-01", "isOffDay": true}, ...]}
//
// name identifies the input in errors (usually the file name). A notice
// with papers and no "source" note is Official; one without papers, or with a
// "source" note, is SingleSource. The notice is checked: every date well
// formed and within December of the previous year to December of the notice
// year, no date both off and working, no empty year.
func ParseNotice(name string, data []byte) (Notice, error) {
	var raw noticeJSON
	dec := json.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&raw); err != nil {
		return Notice{}, &NoticeError{File: name, Fault: "不是有效的 JSON: " + err.Error()}
	}
	if dec.More() {
		return Notice{}, &NoticeError{File: name, Fault: "JSON 之后还有多余内容"}
	}
	n := Notice{Year: raw.Year, Papers: raw.Papers, Note: raw.Source, Source: Official}
	if len(raw.Papers) == 0 || strings.TrimSpace(raw.Source) != "" {
		n.Source = SingleSource
	}
	for _, d := range raw.Days {
		if d.IsOffDay == nil {
			return Notice{}, &NoticeError{File: name, Date: d.Date, Fault: "缺少 isOffDay"}
		}
		date, err := parseStrictDate(d.Date)
		if err != nil {
			return Notice{}, &NoticeError{File: name, Date: d.Date, Fault: "日期格式错误（应为 YYYY-MM-DD）"}
		}
		n.Days = append(n.Days, NoticeDay{Date: date, Name: d.Name, Off: *d.IsOffDay})
	}
	if err := n.validate(name); err != nil {
		return Notice{}, err
	}
	return n, nil
}

// ParseNotices parses every *.json file directly in dir of fsys as a notice,
// sorted by year. Two files for the same year are an error.
func ParseNotices(fsys fs.FS, dir string) ([]Notice, error) {
	files, err := fs.Glob(fsys, path.Join(dir, "*.json"))
	if err != nil {
		return nil, fmt.Errorf("calendar: listing %s: %w", dir, err)
	}
	var out []Notice
	seen := map[int]string{}
	for _, f := range files {
		data, err := fs.ReadFile(fsys, f)
		if err != nil {
			return nil, fmt.Errorf("calendar: reading %s: %w", f, err)
		}
		n, err := ParseNotice(path.Base(f), data)
		if err != nil {
			return nil, err
		}
		if prev, dup := seen[n.Year]; dup {
			return nil, &NoticeError{File: path.Base(f), Fault: fmt.Sprintf("%d 年的通知与 %s 重复", n.Year, prev)}
		}
		seen[n.Year] = path.Base(f)
		out = append(out, n)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Year < out[j].Year })
	return out, nil
}

// parseStrictDate accepts exactly YYYY-MM-DD with a real day of the month.
func parseStrictDate(s string) (Date, error) {
	if len(s) != len("2006-01-02") {
		return Date{}, errors.New("length")
	}
	d, err := ParseDate(s)
	if err != nil {
		return Date{}, err
	}
	if d.String() != s {
		return Date{}, errors.New("not canonical")
	}
	return d, nil
}

// validate checks a notice built in code or parsed from JSON.
func (n Notice) validate(name string) error {
	if n.Year < firstTableYear+1 || n.Year > lastTableYear {
		return &NoticeError{File: name, Fault: fmt.Sprintf("通知年份 %d 超出支持范围 %d–%d", n.Year, firstTableYear+1, lastTableYear)}
	}
	if len(n.Days) == 0 {
		return &NoticeError{File: name, Fault: fmt.Sprintf("%d 年的通知没有任何日期（空列表表示尚未公布，不能当作没有假日）", n.Year)}
	}
	if n.Source != Official && n.Source != SingleSource {
		return &NoticeError{File: name, Fault: "来源只能是官方或单一来源"}
	}
	from, to := D(n.Year-1, 12, 1), D(n.Year, 12, 31)
	seen := make(map[Date]bool, len(n.Days))
	for _, d := range n.Days {
		if d.Date.Before(from) || d.Date.After(to) {
			return &NoticeError{File: name, Date: d.Date.String(),
				Fault: fmt.Sprintf("日期不在 %d 年通知的范围内（%s 至 %s）", n.Year, from, to)}
		}
		if off, dup := seen[d.Date]; dup && off != d.Off {
			return &NoticeError{File: name, Date: d.Date.String(), Fault: "同一日期既是休息日又是上班日"}
		}
		seen[d.Date] = d.Off
	}
	return nil
}
