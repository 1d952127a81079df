package scheduler

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"
)

// The notification kinds.
const (
	KindReminder        = "reminder"         // an after-sales deadline due soon
	KindOverdue         = "overdue"          // an after-sales or complaint deadline passed
	KindEscalated       = "escalated"        // P3.3 escalation made, or C4.2 alert to the level above
	KindWarrantyNotice  = "warranty_notice"  // W2.1
	KindInspection      = "inspection"       // W2.2
	KindWarrantySummary = "warranty_summary" // W3.2
	KindComplaintReport = "complaint_report" // C5.1
)

// Notification is one due item, told to whoever must act on it.
//
// Key identifies the item, not the sending: it is the same on every tick
// and every instance, so a receiver that sees a key twice (after a retry or
// a lease takeover) ignores the second. Its form is
//
//	kind:clause:subject:owner:round:due-unix-seconds[:detail]
//
// where detail is, for a P3.3 escalation, the department whose handling is
// escalated; for C2.2, the step ("declared_major" for the emergency plan,
// "declared_major_feedback" for the feedback); for the warranty kinds,
// "soon" (due within RemindBefore) or "missed". A ':' or '%' inside a part
// is written %3A or %25. For example:
//
//	overdue:P3.2:AS-1:项目一部:0:1762704000
//	escalated:P3.3:AS-1:after_sales:0:1762704000:项目一部
//	escalated:C4.2:TS-1:after_sales_head:0:1762876800
//	inspection:W2.2:P-2:after_sales:0:1727712000:missed
type Notification struct {
	Key     string `json:"key"`
	Kind    string `json:"kind"` // reminder | overdue | escalated | warranty_notice | inspection | warranty_summary | complaint_report
	Clause  string `json:"clause"`
	Subject string `json:"subject"` // request ID, complaint ID, project ID or month
	// Number is the request's or complaint's readable number
	// (SH-2026-000123), which the message names instead of the ID; empty
	// for other subjects and for records without one.
	Number  string    `json:"number,omitempty"`
	Owner   string    `json:"owner"`             // the department or chain level that owes it
	Project string    `json:"project,omitempty"` // the project of the request, complaint or warranty, if known
	Due     time.Time `json:"due"`
	Message string    `json:"message"` // Chinese, for a person
	At      time.Time `json:"at"`      // when the scheduler produced it
}

// shown is how a notice names a record to a person: by its readable
// number, or by its ID when it has none.
func shown(number, id string) string {
	if number != "" {
		return number
	}
	return id
}

// itemKey builds a Notification key; see Notification.
func itemKey(kind, clause, subject, owner string, round int, due time.Time, extra ...string) string {
	parts := append([]string{kind, clause, subject, owner, strconv.Itoa(round), strconv.FormatInt(due.Unix(), 10)}, extra...)
	for i, p := range parts {
		parts[i] = keyEscaper.Replace(p)
	}
	return strings.Join(parts, ":")
}

var keyEscaper = strings.NewReplacer("%", "%25", ":", "%3A")

// Notifier delivers notifications. Notify returns nil only when the
// notification was delivered; the Scheduler then never sends that key
// again (short of a lease takeover). An error makes the next tick retry.
type Notifier interface {
	Notify(ctx context.Context, n Notification) error
}

// NotifierFunc adapts a function to Notifier.
type NotifierFunc func(ctx context.Context, n Notification) error

// Notify calls f.
func (f NotifierFunc) Notify(ctx context.Context, n Notification) error { return f(ctx, n) }

// LogNotifier writes each notification as a log line at level info.
type LogNotifier struct {
	Logger *slog.Logger // default slog.Default()
}

// Notify logs n with its fields as attributes. It never fails.
func (l LogNotifier) Notify(ctx context.Context, n Notification) error {
	lg := l.Logger
	if lg == nil {
		lg = slog.Default()
	}
	lg.LogAttrs(ctx, slog.LevelInfo, "notification", slog.String("key", n.Key), slog.String("kind", n.Kind),
		slog.String("clause", n.Clause), slog.String("subject", n.Subject), slog.String("owner", n.Owner),
		slog.Time("due", n.Due), slog.String("message", n.Message), slog.Time("at", n.At))
	return nil
}

// MultiNotifier sends every notification to each of its notifiers, in
// order, even when one fails, and returns the failures joined. The
// notification counts as delivered only when all succeed; a retry sends it
// to every notifier again, so each receiver must deduplicate on the key,
// or be wrapped in an OnceNotifier. When every failure is a deferral (see
// DeferredError), the joined error is a deferral too.
type MultiNotifier []Notifier

// Notify sends n to each notifier.
func (m MultiNotifier) Notify(ctx context.Context, n Notification) error {
	var errs []error
	for i, x := range m {
		if err := x.Notify(ctx, n); err != nil {
			errs = append(errs, fmt.Errorf("notifier %d: %w", i, err))
		}
	}
	return errors.Join(errs...)
}
