package complaint

import (
	"context"
	"slices"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Store keeps complaints, their histories and the deliveries of the
// monthly reports. It follows the rules of aftersales.Store: Save is atomic
// and checks the version (events[0].Seq-1 is the version read, 0 for a new
// complaint; a mismatch is a KindConflict error and changes nothing); Get
// and History return KindNotFound for an unknown ID. SaveDelivery refuses a
// second delivery of the same month with KindConflict. Run storetest.Run to
// check an implementation. Save should start with CheckBatch.
type Store interface {
	Save(ctx context.Context, c *Complaint, events []Event) error
	Get(ctx context.Context, id string) (*Complaint, error)
	History(ctx context.Context, id string) ([]Event, error)
	// List returns the complaints that match q, ordered by ID.
	List(ctx context.Context, q Query) ([]*Complaint, error)
	SaveDelivery(ctx context.Context, d Delivery) error
	Deliveries(ctx context.Context) ([]Delivery, error)
}

// CheckBatch refuses a batch of events that cannot continue a complaint's
// history, with a KindInvalid error: none, a sequence that does not start
// at 1 or more or has gaps, events of another complaint, or a record whose
// version is not the last Seq. Every Store's Save calls it first: what it
// refuses is a caller's mistake, not a conflict, and nothing is written.
// The version check against the stored record (a KindConflict) is the
// Store's own.
func CheckBatch(c *Complaint, events []Event) error {
	if len(events) == 0 {
		return invalid("no_events", "没有要保存的事件")
	}
	for i, e := range events {
		if e.Seq != events[0].Seq+i || e.Seq < 1 || e.ComplaintID != c.ID {
			return invalid("events_inconsistent", "要保存的事件序号或所属投诉不一致")
		}
	}
	if c.Version != events[len(events)-1].Seq {
		return invalid("events_inconsistent", "投诉版本 %d 与最后一个事件序号不一致", c.Version)
	}
	return nil
}

// Query selects complaints. Empty fields do not restrict.
type Query struct {
	ReceivedFrom  time.Time // received at or after
	ReceivedTo    time.Time // received before
	ComplainantID string
	ProjectID     string
	RequestID     string
	// Department selects the complaints forwarded to it, among others or
	// alone (C2.1).
	Department string
	Statuses   []Status
	AfterID    string
	Limit      int
	// NewestFirst orders the list by receipt, newest first (ReceivedAt
	// descending, then ID descending) instead of by ID: the order of the
	// desk's list. Page it with Before rather than AfterID.
	NewestFirst bool
	// Before keeps only the complaints after this one in the newest-first
	// order (aftersales.RecordCursor.Precedes).
	Before *aftersales.RecordCursor
	// Text keeps the complaints whose SearchText contains it, letter case
	// aside (the desk's search box): the complaint's ID, the
	// complainant's name and ID, the project, the request and, unless
	// TextNoContact, the complainant's phone.
	Text string
	// TextNoContact leaves the complainant's phone out of the Text search,
	// for those who may not see it in full (Scope sets it).
	TextNoContact bool
	// DueBefore keeps only the complaints with a deadline due before it:
	// pending and its clock running (NextDue), since a paused clock is
	// never due. With the next minute it selects the complaints with a
	// deadline overdue, those the scheduler has something to say about,
	// however many are open.
	DueBefore time.Time
	// SoonestDueFirst keeps only the complaints with a running deadline
	// and orders them by the earliest (NextDue), soonest first, then by
	// ID: the first page of a deadline queue. The first n complaints in
	// this order hold the n soonest running deadlines of all. It is not
	// paged (AfterID, Before and NewestFirst do not go with it): take the
	// first Limit.
	SoonestDueFirst bool
}

// SearchText returns what Query.Text searches in c, lower-cased: public
// (the complaint's ID, the complainant's name and ID, the project, the
// request, the number) and contact (the complainant's phone), fields separated by a
// line feed, as aftersales.SearchText.
func SearchText(c *Complaint) (public, contact string) {
	fields := []string{c.ID, c.Complainant.Name, c.Complainant.ID, c.ProjectID, c.RequestID}
	if c.Number != "" {
		fields = append(fields, c.Number)
	}
	public = strings.ToLower(strings.Join(fields, "\n"))
	return public, strings.ToLower(c.Complainant.Phone)
}

// NextDue returns when c's next deadline falls due: the earliest due
// instant of its pending deadlines whose clock runs; ok is false when none
// runs. A paused deadline does not count, since its clock stands still
// and it is never overdue (aftersales.Deadline.Overdue); a pause has a
// running deadline of its own, its limit (G3.3). c has a deadline overdue
// at now exactly when NextDue is at or before now. Query.DueBefore and
// SoonestDueFirst ask it: a Store may keep it in a column of its own.
func NextDue(c *Complaint) (due time.Time, ok bool) {
	for _, d := range c.Deadlines {
		if d.Pending() && !d.Paused() && (!ok || d.Due.Before(due)) {
			due, ok = d.Due, true
		}
	}
	return due, ok
}

// SoonestDue orders complaints as Query.SoonestDueFirst does: by NextDue,
// then by ID; those with no running deadline last.
func SoonestDue(a, b *Complaint) int {
	da, oka := NextDue(a)
	db, okb := NextDue(b)
	switch {
	case oka != okb:
		if oka {
			return -1
		}
		return 1
	case oka:
		if x := da.Compare(db); x != 0 {
			return x
		}
	}
	return strings.Compare(a.ID, b.ID)
}

// CursorOf returns c's place in the newest-first order.
func CursorOf(c *Complaint) aftersales.RecordCursor {
	return aftersales.RecordCursor{ReceivedAt: c.ReceivedAt, ID: c.ID}
}

// SortNewestFirst sorts cs in the newest-first order of Query.NewestFirst:
// received latest first, then by ID, descending.
func SortNewestFirst(cs []*Complaint) {
	slices.SortFunc(cs, func(a, b *Complaint) int { return aftersales.NewestFirst(CursorOf(a), CursorOf(b)) })
}

// Matches reports whether c satisfies q.
func (q Query) Matches(c *Complaint) bool {
	switch {
	case q.AfterID != "" && c.ID <= q.AfterID,
		q.Before != nil && !q.Before.Precedes(c.ReceivedAt, c.ID),
		!q.ReceivedFrom.IsZero() && c.ReceivedAt.Before(q.ReceivedFrom),
		!q.ReceivedTo.IsZero() && !c.ReceivedAt.Before(q.ReceivedTo),
		q.ComplainantID != "" && c.Complainant.ID != q.ComplainantID,
		q.ProjectID != "" && c.ProjectID != q.ProjectID,
		q.RequestID != "" && c.RequestID != q.RequestID:
		return false
	}
	if q.Department != "" {
		if _, ok := c.Part(q.Department); !ok {
			return false
		}
	}
	if !q.DueBefore.IsZero() || q.SoonestDueFirst {
		due, ok := NextDue(c)
		if !ok || (!q.DueBefore.IsZero() && !due.Before(q.DueBefore)) {
			return false
		}
	}
	if q.Text != "" {
		text := strings.ToLower(q.Text)
		public, contact := SearchText(c)
		if !strings.Contains(public, text) && (q.TextNoContact || !strings.Contains(contact, text)) {
			return false
		}
	}
	if len(q.Statuses) == 0 {
		return true
	}
	for _, s := range q.Statuses {
		if c.Status == s {
			return true
		}
	}
	return false
}

// Delivery records that a month's analysis report reached the general
// manager (C5.1).
type Delivery struct {
	Month Month     `json:"month"`
	To    string    `json:"to"`
	By    string    `json:"by"`
	At    time.Time `json:"at"`
	Ref   string    `json:"ref,omitempty"`
}

// Scanner is an optional Store extension for reports over many complaints:
// Scan calls fn for each complaint that matches q, in ID order, without
// copying. fn must neither keep nor change what it is given beyond the
// report it builds; the Store must never change a complaint it handed out
// (MemStore replaces records on Save, it does not modify them).
type Scanner interface {
	Scan(ctx context.Context, q Query, fn func(*Complaint) error) error
}
