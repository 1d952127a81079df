package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/api"
)

// form is one HTML form's state: what the user typed and what is wrong
// with it, field by field.
type form struct {
	Key    string // the prefix of its controls' IDs
	Action string
	Values url.Values
	Errors map[string]string
	Error  string // what concerns no one field
	// TimeField is the field that a time error (time_in_future, …) is
	// about.
	TimeField string
	// Alias maps an error code, or a code's field part, to a field.
	Alias map[string]string
}

func newForm(key, action string) *form {
	f := &form{Key: key, Action: action, Values: url.Values{}, Errors: map[string]string{}, TimeField: "at"}
	f.Values.Set(idempotencyField, newFormKey())
	return f
}

// searchText reads a list's search box, the field q, for Query.Text: the
// library's check (aftersales.SearchQuery), its refusal put next to the
// box.
func searchText(f *form) string {
	text, err := aftersales.SearchQuery(f.Get("q"))
	if e := (*aftersales.Error)(nil); errors.As(err, &e) {
		f.set("q", e.Message)
	}
	return text
}

// formFrom returns a form holding the submitted values, less the login
// and link forms' csrf_token (which older signed-in pages also sent).
func formFrom(key, action string, v url.Values) *form {
	f := newForm(key, action)
	for k, vs := range v {
		if k != csrfField {
			f.Values[k] = vs
		}
	}
	return f
}

// Get returns a field's value.
func (f *form) Get(name string) string { return f.Values.Get(name) }

// Has reports whether a multi-valued field holds v.
func (f *form) Has(name, v string) bool {
	for _, x := range f.Values[name] {
		if x == v {
			return true
		}
	}
	return false
}

// Invalid reports whether anything is wrong with the form.
func (f *form) Invalid() bool { return f.Error != "" || len(f.Errors) > 0 }

// set records a message for a field, keeping the first.
func (f *form) set(field, msg string) {
	if _, ok := f.Errors[field]; !ok {
		f.Errors[field] = msg
	}
}

// codeSuffixes are the endings of the library's field error codes
// (aftersales.Text and its kin).
var codeSuffixes = []string{"_required", "_too_long", "_invalid", "_too_many", "_unknown", "_duplicate", "_mismatch"}

// fieldOf returns the field an error code is about, or "".
func (f *form) fieldOf(code string, fields []string) string {
	if fd, ok := f.Alias[code]; ok {
		return fd
	}
	if strings.HasPrefix(code, "time_") {
		return f.TimeField
	}
	has := func(s string) bool {
		for _, x := range fields {
			if x == s {
				return true
			}
		}
		return false
	}
	if has(code) {
		return code
	}
	for _, suf := range codeSuffixes {
		if base, ok := strings.CutSuffix(code, suf); ok {
			if fd, ok := f.Alias[base]; ok {
				return fd
			}
			if has(base) {
				return base
			}
		}
	}
	return ""
}

// fail puts err on the form: each of a domain error's problems next to its
// field (or at the top), with the status the first maps to. Anything else is internal:
// fail returns 500 and a message without details, and logs it.
func (h *Handler) fail(r *http.Request, f *form, err error, fields ...string) int {
	var de *aftersales.Error
	if !errors.As(err, &de) || de.Kind == aftersales.KindInternal {
		if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
			f.Error = "请求已取消或超时，请重试"
			return http.StatusServiceUnavailable
		}
		h.cfg.Logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", logPath(r), "err", err)
		f.Error = "服务器内部错误，请稍后重试"
		return http.StatusInternalServerError
	}
	// Every problem the library found, each next to its field, at once.
	for _, e := range aftersales.AllErrors(err) {
		if fd := f.fieldOf(e.Code, fields); fd != "" {
			f.set(fd, e.Message)
		} else if f.Error == "" {
			f.Error = e.Message
		}
	}
	return api.Status(de.Kind)
}

// The input formats of times and dates: what <input type="datetime-local">
// and <input type="date"> send, and what people type where those controls
// are missing.
var timeLayouts = []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "2006-01-02 15:04:05", time.RFC3339}

// parseTime reads an instant typed in CST; empty is the zero time (the
// library's "now" in a step).
func (f *form) parseTime(name, label string) time.Time {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return time.Time{}
	}
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, calendar.CST()); err == nil {
			return t
		}
	}
	f.set(name, label+"格式错误，应为“年-月-日 时:分”，如 2026-11-02 08:30")
	return time.Time{}
}

// parseDate reads a date; empty is the zero date.
func (f *form) parseDate(name, label string) calendar.Date {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return calendar.Date{}
	}
	d, err := calendar.ParseDate(s)
	if err != nil {
		f.set(name, label+"格式错误，应为“年-月-日”，如 2026-11-02")
		return calendar.Date{}
	}
	return d
}

// parseInt reads an integer; empty is 0.
func (f *form) parseInt(name, label string) int {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return 0
	}
	n, err := strconv.Atoi(s)
	if err != nil {
		f.set(name, label+"应为整数")
		return 0
	}
	return n
}

// parseDecimal reads a decimal number; empty is zero.
func (f *form) parseDecimal(name, label string) decimal.Decimal {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return decimal.Zero
	}
	d, err := decimal.NewFromString(s)
	if err != nil || len(s) > 20 {
		f.set(name, label+"应为数字，如 2 或 1.5")
		return decimal.Zero
	}
	return d
}

// version reads the hidden version field.
func (f *form) version() int {
	n, err := strconv.Atoi(f.Get("version"))
	if err != nil || n < 0 {
		return 0
	}
	return n
}

// splitList splits a list typed on one line or several: commas, 、, ；
// and newlines separate items; blanks are dropped.
func splitList(s string) []string {
	var out []string
	for _, x := range strings.FieldsFunc(s, func(r rune) bool {
		return r == ',' || r == '，' || r == '、' || r == ';' || r == '；' || r == '\n' || r == '\r'
	}) {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// lines splits text into its non-blank lines.
func lines(s string) []string {
	var out []string
	for _, x := range strings.Split(s, "\n") {
		if x = strings.TrimSpace(x); x != "" {
			out = append(out, x)
		}
	}
	return out
}

// field is what the "field" template renders: a label, a control, a hint
// and the error next to it.
type field struct {
	ID, Name, Label, Value, Error, Hint, Type string
	Required                                  bool
	Rows                                      int
	Options                                   []option
	Checked                                   bool
}

type option struct {
	Value, Label string
	Selected     bool
}

// fld describes a control of form f: kind is text (default), textarea,
// datetime-local, date, number, email, tel, checkbox or password.
func fld(f *form, name, label string, kind ...string) field {
	x := field{Name: name, Label: label, Type: "text"}
	if len(kind) > 0 {
		x.Type = kind[0]
	}
	if f != nil {
		x.ID = f.Key + "-" + name
		x.Value = f.Get(name)
		x.Error = f.Errors[name]
		x.Checked = x.Value != "" && x.Value != "0" && x.Value != "false"
	} else {
		x.ID = name
	}
	if x.Type == "textarea" {
		x.Rows = 3
	}
	return x
}

// sel describes a select of form f with the options given.
func sel(f *form, name, label string, opts []option) field {
	x := fld(f, name, label, "select")
	x.Options = make([]option, len(opts))
	for i, o := range opts {
		o.Selected = o.Value == x.Value
		x.Options[i] = o
	}
	return x
}
