package aftersales

import (
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shouhou/shouhou/calendar"
)

// clockSkew is how far in the future an event time may lie, for clocks of
// devices that run a little fast.
const clockSkew = 5 * time.Minute

// earliest is the earliest event time accepted: the calendar's data starts
// in 2007, and no after-sales record is older than the company software.
var earliest = time.Date(2000, 1, 1, 0, 0, 0, 0, calendar.CST())

// The limits of the records' text, in characters, and of their
// attachments, in references: what every chapter that writes into a
// request (a warranty inspection's findings, say) checks too.
const (
	MaxShortText   = 200  // a name, a phone number, a location, a reason
	MaxLongText    = 5000 // a description, measures, a result
	MaxAttachments = 50   // attachment references on one record or step

	maxShortText = MaxShortText
	maxLongText  = MaxLongText
	maxRefs      = MaxAttachments
)

// env is what a rule needs besides the record and the command: the time,
// the calendar and the company's policy. Rules are pure functions of these.
type env struct {
	cal     *calendar.Calendar
	policy  Policy
	routing Routing
	now     time.Time
}

// when resolves a command's event time; see EventTime.
func (v env) when(at time.Time, notBefore time.Time, what string) (time.Time, error) {
	return EventTime(v.now, at, notBefore, what)
}

// EventTime resolves the time a command says its event happened: zero means
// now; a time in the future (beyond a few minutes of clock skew), before
// 2000, or before notBefore (the step it follows) is refused with an
// invalid-kind error naming what, in Chinese. The result is in CST.
func EventTime(now, at, notBefore time.Time, what string) (time.Time, error) {
	if at.IsZero() {
		at = now
	}
	if at.After(now.Add(clockSkew)) {
		return time.Time{}, invalid("time_in_future", "%s的时间 %s 晚于当前时间", what, at.In(calendar.CST()).Format(time.DateTime))
	}
	if at.Before(earliest) {
		return time.Time{}, invalid("time_too_early", "%s的时间 %s 早于 2000-01-01", what, at.In(calendar.CST()).Format(time.DateTime))
	}
	if at.Before(notBefore) {
		return time.Time{}, invalid("time_before_previous_step", "%s的时间 %s 早于前一步骤的时间 %s",
			what, at.In(calendar.CST()).Format(time.DateTime), notBefore.In(calendar.CST()).Format(time.DateTime))
	}
	return at.In(calendar.CST()), nil
}

func text(s string, required bool, max int, code, label string) (string, error) {
	return Text(s, required, max, code, label)
}

// Text trims and checks a free-text field: required and empty gives code
// "<code>_required"; invalid UTF-8, or a control character other than a
// tab or a line break (a NUL, an escape) or an explicit direction control
// (U+202E), "<code>_invalid"; more than max
// characters "<code>_too_long"; each an invalid-kind error with label in
// its Chinese message.
func Text(s string, required bool, max int, code, label string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" && required {
		return "", invalid(code+"_required", "%s不能为空", label)
	}
	if !utf8.ValidString(s) {
		return "", invalid(code+"_invalid", "%s含有无效字符", label)
	}
	if strings.IndexFunc(s, notText) >= 0 {
		return "", invalid(code+"_invalid", "%s含有控制字符", label)
	}
	if n := utf8.RuneCountInString(s); n > max {
		return "", invalid(code+"_too_long", "%s过长（%d 字，最多 %d 字）", label, n, max)
	}
	return s, nil
}

// CleanText drops from s what Text refuses in free text: control
// characters other than tabs and line breaks, and explicit direction
// controls; invalid UTF-8 becomes U+FFFD. It is for text taken in from
// outside (a mail, a message) rather than typed into a form, which is
// refused instead.
func CleanText(s string) string {
	return strings.Map(func(r rune) rune {
		if notText(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(s, "\uFFFD"))
}

// notText reports the characters free text may not hold: control
// characters other than tabs and line breaks, and the explicit direction
// controls (U+202A–U+202E, U+2066–U+2069), which, invisible, make a record
// read in another order on the desk, in the forms and in the exports than
// it was written.
func notText(r rune) bool {
	return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r' || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069
}

// refs checks attachment references.
func refs(in []string, code, label string) ([]string, error) {
	return CheckAttachments(in, code, label)
}

// CheckAttachments trims and checks attachment references as a request
// takes them: at most MaxAttachments ("<code>_too_many"), each a
// non-empty text of at most 2 × MaxShortText characters, label naming
// them in the Chinese messages.
func CheckAttachments(in []string, code, label string) ([]string, error) {
	if len(in) > maxRefs {
		return nil, invalid(code+"_too_many", "%s过多（%d 个，最多 %d 个）", label, len(in), maxRefs)
	}
	var out []string
	for _, r := range in {
		r, err := text(r, true, maxShortText*2, code, label+"引用")
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// requireStatus refuses a command outside the given statuses.
func requireStatus(r *Request, action string, ok ...Status) error {
	for _, s := range ok {
		if r.Status == s {
			return nil
		}
	}
	return notAllowed("not_allowed_in_status", "需求当前状态为“%s”，不能%s", r.Status.Label(), action)
}

// isOwnCustomer reports whether a is the customer who raised r.
func isOwnCustomer(a Actor, r *Request) bool {
	return a.Role == RoleCustomer && r.Customer.ID != "" && a.ID == r.Customer.ID
}

// mayActFor reports whether a may act for department dept: its own staff,
// or the after-sales department coordinating (P2.2, G4.2).
func mayActFor(a Actor, dept string) bool {
	return a.IsAfterSales() || (a.DepartmentID == dept && a.Role != RoleCustomer)
}

// event starts an event of type t by a at at.
func event(r *Request, t EventType, a Actor, at time.Time) Event {
	return Event{RequestID: r.ID, Seq: r.Version + 1, Type: t, At: at, Actor: a}
}

// decideRecompute recounts the pending deadlines with v's calendar; the
// event lists those that moved.
func decideRecompute(v env, r *Request, by Actor) (Event, error) {
	if err := by.validate(); err != nil {
		return Event{}, err
	}
	if !by.IsAfterSales() {
		return Event{}, forbidden("recompute_forbidden", "只有售后管理部或系统可以重新计算期限")
	}
	e := event(r, EventRecomputed, by, v.now)
	for _, d := range r.Deadlines {
		if !d.Pending() {
			continue
		}
		nd, err := d.Recount(v.cal)
		if err != nil {
			return Event{}, err
		}
		if d.Clause == ClauseP4_2 && d.Event == "accepted" {
			// Opened before P4.2 was read from 处理完毕: count it from the
			// completion of handling instead.
			if done, ok := r.HandlingDone(); ok {
				vd, err := NewWorkdayDeadline(v.cal, ClauseP4_2, "completed", "", d.Round, done, d.Workdays)
				if err != nil {
					return Event{}, err
				}
				e.Replaced = append(e.Replaced, d)
				e.Deadlines = append(e.Deadlines, vd)
			}
			continue
		}
		if !nd.Due.Equal(d.Due) || nd.Provisional != d.Provisional {
			e.Recomputed = append(e.Recomputed, nd)
		}
	}
	// The event happens now: it must not go back before the last step.
	if e.At.Before(r.UpdatedAt) {
		e.At = r.UpdatedAt
	}
	return e, nil
}
