package sqlstore

import (
	"context"
	"database/sql"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// requestStore is the aftersales.Store: the table requests (one row per
// request, the record as JSON) with request_parts (the departments with a
// part, for Query.Department) and request_events (the history).
type requestStore struct {
	db *DB
	eventStore[aftersales.Request, aftersales.Event]
}

var _ aftersales.Store = (*requestStore)(nil)

func newRequestStore(db *DB) *requestStore {
	return &requestStore{db: db, eventStore: eventStore[aftersales.Request, aftersales.Event]{
		records: records[aftersales.Request]{table: "requests", key: "id", what: "request",
			id:       func(r *aftersales.Request) string { return r.ID },
			version:  func(r *aftersales.Request) int { return r.Version },
			notFound: requestNotFound},
		log:     eventLog{table: "request_events", owner: "request_id", what: "request", notFound: requestNotFound},
		noun:    "售后需求",
		columns: []string{"project_id", "customer_id", "status", "received_ns", "next_due_ns", "updated_ns", "number"},
		row: func(db *DB, r *aftersales.Request) []any {
			return []any{db.col(r.ProjectID), db.col(r.Customer.ID), db.col(string(r.Status)), nanos(r.ReceivedAt), nextDue(r), nanos(r.UpdatedAt),
				db.col(r.Number)}
		},
		event: func(e *aftersales.Event) (int, string, time.Time) { return e.Seq, string(e.Type), e.At },
		owner: func(e *aftersales.Event) (int, string) { return e.Seq, e.RequestID },
		check: aftersales.CheckBatch,
		exists: func(id string) error {
			return aftersales.Errorf(aftersales.KindConflict, "request_exists", "售后需求 %s 已存在", id)
		},
		parts:  saveRequestRows,
		search: aftersales.SearchText,
		quick:  true,
	}}
}

func requestNotFound(id string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "request_not_found", "售后需求 %s 不存在", id)
}

// nextDue returns the instant, in nanos, of r's earliest pending deadline,
// or nil (NULL) if none is pending. Query.PendingDueBefore asks whether
// some pending deadline is due before an instant, which is whether the
// earliest is.
func nextDue(r *aftersales.Request) any {
	var due *int64
	for _, d := range r.Deadlines {
		if d.Pending() {
			if n := nanos(d.Due); due == nil || n < *due {
				due = &n
			}
		}
	}
	if due == nil {
		return nil
	}
	return *due
}

// saveRequestParts writes request_parts: the departments of r's parts,
// each once, replacing those of the version before.
func saveRequestParts(ctx context.Context, db *DB, tx *sql.Tx, r *aftersales.Request, created bool) error {
	if !created {
		if _, err := db.exec(ctx, tx, "delete parts of "+r.ID, `DELETE FROM request_parts WHERE request_id = ?`, r.ID); err != nil {
			return err
		}
	}
	seen := map[string]bool{}
	for _, p := range r.Parts {
		dept := db.col(p.Department)
		if seen[dept] {
			continue
		}
		seen[dept] = true
		if _, err := db.exec(ctx, tx, "insert part of "+r.ID,
			`INSERT INTO request_parts (department, request_id) VALUES (?, ?)`, dept, r.ID); err != nil {
			return err
		}
	}
	return nil
}

// Save implements aftersales.Store.
func (s *requestStore) Save(ctx context.Context, r *aftersales.Request, events []aftersales.Event) error {
	return s.save(ctx, s.db, r, events)
}

// Get implements aftersales.Store.
func (s *requestStore) Get(ctx context.Context, id string) (*aftersales.Request, error) {
	return s.get(ctx, s.db, id)
}

// History implements aftersales.Store.
func (s *requestStore) History(ctx context.Context, id string) ([]aftersales.Event, error) {
	return s.history(ctx, s.db, id)
}

// List implements aftersales.Store. Columns answer every field of q (the
// department through request_parts); Query.Matches checks every row again
// and has the last word, and the limit counts what it keeps. When the SQL
// answers q exactly (the usual case: it does not when PendingDueBefore is
// outside the years 1678–2262) the limit is also the SQL's.
func (s *requestStore) List(ctx context.Context, q aftersales.Query) ([]*aftersales.Request, error) {
	f := s.db.filter()
	f.after(q.AfterID)
	f.in("project_id", q.ProjectIDs)
	f.text("EXISTS (SELECT 1 FROM request_parts p WHERE p.department = ? AND p.request_id = requests.id)", q.Department)
	f.text("customer_id = ?", q.CustomerID)
	statuses := make([]string, len(q.Statuses))
	for i, x := range q.Statuses {
		statuses[i] = string(x)
	}
	f.in("status", statuses)
	f.instant("next_due_ns < ?", q.PendingDueBefore)
	// Overdue (Deadline.Overdue): a pending deadline due at or before the
	// instant whose clock runs, a row of request_deadlines (which holds the
	// pending deadlines of open requests, as only those can be pending);
	// next_due_ns, the earliest pending one, paused or not, lets the
	// lists read it through its index.
	if !q.OverdueAt.IsZero() {
		f.instant("next_due_ns < ?", q.OverdueAt.Add(time.Nanosecond))
		f.instant("EXISTS (SELECT 1 FROM request_deadlines d WHERE d.request_id = requests.id AND d.running = 1 AND d.due_ns < ?)",
			q.OverdueAt.Add(time.Nanosecond))
	}
	f.instant("received_ns >= ?", q.ReceivedFrom)
	f.instant("received_ns < ?", q.ReceivedTo)
	if err := f.search(ctx, "requests", q.Text, q.TextNoContact); err != nil {
		return nil, err
	}
	if !q.NewestFirst {
		return s.list(ctx, s.db, f, q.Limit, q.Matches)
	}
	return s.listNewestFirst(ctx, s.db, f, q.Before, q.Limit, q.Matches, aftersales.SortNewestFirst)
}
