package aftersales

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"
)

// DeadlineCursor is a deadline's place in the queue's order: soonest due
// first, then by request ID, then by its index in the request's
// Deadlines. DeadlineQuery.After and DeadlineFilter.After page with it.
type DeadlineCursor struct {
	Due       time.Time `json:"due"`
	RequestID string    `json:"request_id"`
	Index     int       `json:"index"`
}

// Compare returns -1, 0 or +1 as c comes before, at or after o in the
// queue's order.
func (c DeadlineCursor) Compare(o DeadlineCursor) int {
	if x := c.Due.Compare(o.Due); x != 0 {
		return x
	}
	if x := strings.Compare(c.RequestID, o.RequestID); x != 0 {
		return x
	}
	return cmp.Compare(c.Index, o.Index)
}

// String returns c as an opaque token for a page's "next" link, which
// ParseDeadlineCursor reads back.
func (c DeadlineCursor) String() string { return encodeCursor(c.Due, c.Index, c.RequestID) }

// ParseDeadlineCursor reads a token of DeadlineCursor.String. Anything
// else is an error of kind KindInvalid, code cursor_invalid.
func ParseDeadlineCursor(s string) (DeadlineCursor, error) {
	t, n, id, err := decodeCursor(s)
	return DeadlineCursor{Due: t, Index: n, RequestID: id}, err
}

// Cursor returns the item's place in the queue's order.
func (it DeadlineItem) Cursor() DeadlineCursor {
	return DeadlineCursor{Due: it.Deadline.Due, RequestID: it.RequestID, Index: it.Index}
}

// OpenStatuses returns the statuses of a request that may still owe a
// step: registered, in progress, awaiting acceptance, accepted (the visit).
// The deadline queues hold the pending deadlines of requests in these.
func OpenStatuses() []Status {
	return []Status{StatusRegistered, StatusInProgress, StatusAwaitingAcceptance, StatusAccepted}
}

// PendingItems returns r's pending deadlines as queue items, in the order
// of r.Deadlines, with no State (that depends on the instant asked about).
// They are the rows a DeadlineIndex keeps for r: none unless r's status is
// one of OpenStatuses.
func PendingItems(r *Request) []DeadlineItem {
	if !contains(OpenStatuses(), r.Status) {
		return nil
	}
	var out []DeadlineItem
	for i, d := range r.Deadlines {
		if d.Pending() {
			out = append(out, DeadlineItem{RequestID: r.ID, Number: r.Number, ProjectID: r.ProjectID, Status: r.Status, Owner: d.Owner(),
				Deadline: d, Index: i})
		}
	}
	return out
}

// DeadlineIndex is implemented by a Store that keeps the pending deadlines
// of open requests (PendingItems of each request it saves) in an index on
// their due instant, so that the queues, the overdue list and the
// scheduler's scan read only the deadlines they show, however many
// requests are open. Service.Deadlines uses it when the Store has it; a
// Store without it is read request by request, which is right for a few
// thousand open requests. storetest.Run checks an implementation against
// that reading.
type DeadlineIndex interface {
	// PendingDeadlines returns the pending deadlines that match f, in the
	// queue's order (DeadlineCursor), at most f.Limit of them when it is
	// positive. Their State is left empty.
	PendingDeadlines(ctx context.Context, f DeadlineFilter) ([]DeadlineItem, error)
}

// DeadlineFilter selects the pending deadlines of open requests for a
// DeadlineIndex. Empty fields do not restrict.
type DeadlineFilter struct {
	Owner      string    // the department that owes the step (Deadline.Owner)
	ProjectIDs []string  // any of these projects
	DueFrom    time.Time // due at or after
	DueBefore  time.Time // due before
	// Running keeps only deadlines whose clock runs: a paused deadline is
	// never overdue.
	Running bool
	After   *DeadlineCursor // only items after this one in the queue's order
	Limit   int             // at most this many; 0: no limit
}

// Matches reports whether it satisfies f (all but Limit). Implementations
// may use it, or translate f into their own query language.
func (f DeadlineFilter) Matches(it DeadlineItem) bool {
	d := it.Deadline
	switch {
	case !d.Pending(),
		!contains(OpenStatuses(), it.Status),
		f.Owner != "" && it.Owner != f.Owner,
		len(f.ProjectIDs) > 0 && !contains(f.ProjectIDs, it.ProjectID),
		!f.DueFrom.IsZero() && d.Due.Before(f.DueFrom),
		!f.DueBefore.IsZero() && !d.Due.Before(f.DueBefore),
		f.Running && d.PausedAt != nil,
		f.After != nil && it.Cursor().Compare(*f.After) <= 0:
		return false
	}
	return true
}

// ScanDeadlines answers f from requests: the PendingItems of each that
// match f, in the queue's order, cut at f.Limit. It is the reading every
// DeadlineIndex must agree with, and what Service.Deadlines does for a
// Store without an index.
func ScanDeadlines(rs []*Request, f DeadlineFilter) []DeadlineItem {
	var out []DeadlineItem
	for _, r := range rs {
		for _, it := range PendingItems(r) {
			if f.Matches(it) {
				out = append(out, it)
			}
		}
	}
	slices.SortFunc(out, func(a, b DeadlineItem) int { return a.Cursor().Compare(b.Cursor()) })
	if f.Limit > 0 && len(out) > f.Limit {
		out = out[:f.Limit]
	}
	return out
}
