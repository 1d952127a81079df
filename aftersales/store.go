package aftersales

import (
	"context"
	"slices"
	"strings"
	"time"
)

// Store keeps requests and their histories. Implementations must be safe
// for concurrent use. Run storetest.Run against an implementation to check
// it: the in-memory MemStore, the reference server's SQL stores and an
// integrator's store over their own ERP tables all pass the same suite.
//
// Errors: Get and History return an error of kind KindNotFound (test with
// errors.Is(err, ErrNotFound)) for an unknown ID; Save returns KindConflict
// for a stale write. Other failures may be any error; the Service wraps them
// as KindUnavailable. Save should start with CheckBatch, which refuses a batch
// that cannot continue a history, as every implementation must.
type Store interface {
	// Save appends events to a request's history and stores r, the record
	// they produce, atomically. events is not empty; events[0].Seq-1 is the
	// version the caller read (0 for a new request), and r.Version is the
	// last event's Seq. If the stored version differs (or, for a new
	// request, the ID exists), Save returns a KindConflict error and changes
	// nothing; for a continued history of an unknown ID it may return
	// KindNotFound instead.
	Save(ctx context.Context, r *Request, events []Event) error
	// Get returns the request with the given ID.
	Get(ctx context.Context, id string) (*Request, error)
	// History returns the request's events in order.
	History(ctx context.Context, id string) ([]Event, error)
	// List returns the requests that match q, ordered by ID, or newest
	// received first when q.NewestFirst (see Query), at most q.Limit.
	List(ctx context.Context, q Query) ([]*Request, error)
}

// CheckBatch refuses a batch of events that cannot continue a history, with
// a KindInvalid error: none, a sequence that does not start at 1 or more or
// has gaps, events of another request, or a record whose version is not the
// last Seq. Every Store's Save calls it first, before it opens a
// transaction: what it refuses is a caller's mistake, not a conflict, and
// nothing is written. The version check against the stored record (a
// KindConflict) is the Store's own.
func CheckBatch(r *Request, events []Event) error {
	if len(events) == 0 {
		return invalid("no_events", "没有要保存的事件")
	}
	for i, e := range events {
		if e.Seq != events[0].Seq+i || e.Seq < 1 || e.RequestID != r.ID {
			return invalid("events_inconsistent", "要保存的事件序号或所属需求不一致")
		}
	}
	if last := events[len(events)-1].Seq; r.Version != last {
		return invalid("events_inconsistent", "需求版本 %d 与最后一个事件序号 %d 不一致", r.Version, last)
	}
	return nil
}

// Query selects requests. Empty fields do not restrict.
type Query struct {
	ProjectIDs []string // any of these projects
	Department string   // has a part for this department
	CustomerID string
	Statuses   []Status // any of these statuses
	// PendingDueBefore keeps only requests with a pending deadline due
	// before this instant.
	PendingDueBefore time.Time
	// OverdueAt keeps only the requests with a deadline overdue at this
	// instant (Deadline.Overdue: pending, due, its clock running), the
	// desk's overdue filter. A paused clock is not overdue (G3.3).
	OverdueAt time.Time
	// ReceivedFrom and ReceivedTo keep the requests received in the
	// half-open window [ReceivedFrom, ReceivedTo): from included, to
	// excluded, so that months and days tile. A zero bound does not
	// restrict.
	ReceivedFrom time.Time
	ReceivedTo   time.Time
	AfterID      string // for paging: IDs greater than this
	Limit        int    // 0: no limit
	// NewestFirst orders the list by receipt, newest first (ReceivedAt
	// descending, then ID descending) instead of by ID: the order of the
	// desk's lists. Page it with Before rather than AfterID.
	NewestFirst bool
	// Before keeps only the requests after this one in the newest-first
	// order: received earlier, or at the same instant with a smaller ID
	// (RecordCursor.Precedes).
	Before *RecordCursor
	// Text keeps the requests whose SearchText contains it, letter case
	// aside (the desk's search box): the request's ID, the customer's name
	// and ID, the project and, unless TextNoContact, the customer's phone
	// and the unit.
	Text string
	// TextNoContact leaves the customer's phone and the unit out of the
	// Text search, for those who may not see them in full (Viewer.Scope
	// sets it): a search must not tell what the page would mask.
	TextNoContact bool
}

// Matches reports whether r satisfies q. Store implementations may use it,
// or translate q into their own query language.
func (q Query) Matches(r *Request) bool {
	if q.AfterID != "" && r.ID <= q.AfterID {
		return false
	}
	if q.Before != nil && !q.Before.Precedes(r.ReceivedAt, r.ID) {
		return false
	}
	if q.Text != "" {
		text := strings.ToLower(q.Text)
		public, contact := SearchText(r)
		if !strings.Contains(public, text) && (q.TextNoContact || !strings.Contains(contact, text)) {
			return false
		}
	}
	if len(q.ProjectIDs) > 0 && !contains(q.ProjectIDs, r.ProjectID) {
		return false
	}
	if q.Department != "" {
		if _, ok := r.Part(q.Department); !ok {
			return false
		}
	}
	if q.CustomerID != "" && r.Customer.ID != q.CustomerID {
		return false
	}
	if len(q.Statuses) > 0 && !contains(q.Statuses, r.Status) {
		return false
	}
	if !q.ReceivedFrom.IsZero() && r.ReceivedAt.Before(q.ReceivedFrom) || !q.ReceivedTo.IsZero() && !r.ReceivedAt.Before(q.ReceivedTo) {
		return false
	}
	if !q.OverdueAt.IsZero() && !slices.ContainsFunc(r.Deadlines, func(d Deadline) bool { return d.Overdue(q.OverdueAt) }) {
		return false
	}
	if !q.PendingDueBefore.IsZero() {
		due := false
		for _, d := range r.Deadlines {
			if d.Pending() && d.Due.Before(q.PendingDueBefore) {
				due = true
				break
			}
		}
		if !due {
			return false
		}
	}
	return true
}

// SearchText returns what Query.Text searches in r, lower-cased, in two
// parts: public (the request's ID, the customer's name and ID, the
// project, the number) and contact (the customer's phone and the unit). Fields are
// separated by a line feed, which no search text may hold, so that no
// match spans two fields. Stores that search in their own query language
// keep these two texts as columns.
func SearchText(r *Request) (public, contact string) {
	fields := []string{r.ID, r.Customer.Name, r.Customer.ID, r.ProjectID}
	if r.Number != "" {
		fields = append(fields, r.Number)
	}
	public = strings.ToLower(strings.Join(fields, "\n"))
	contact = strings.ToLower(strings.Join([]string{r.Customer.Phone, r.Location}, "\n"))
	return public, contact
}

// SearchQuery checks a search box's text for Query.Text: trimmed, at most
// 100 characters, no line break or control character (code
// search_invalid). "" searches nothing.
func SearchQuery(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	if strings.IndexFunc(s, func(r rune) bool { return r < ' ' || r == 0x7f }) >= 0 || len([]rune(s)) > 100 {
		return "", invalid("search_invalid", "搜索内容应为 100 字以内的一行文字")
	}
	return s, nil
}

func contains[T comparable](list []T, v T) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}
