package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// The request store is an aftersales.DeadlineIndex: request_deadlines holds
// the pending deadlines of open requests (aftersales.PendingItems), one row
// each, rewritten with the request in the transaction of every Save. A
// queue page, the overdue list and the scheduler's scan read an index range
// of it, however many requests are open.

var _ aftersales.DeadlineIndex = (*requestStore)(nil)

// saveRequestRows writes the side tables of r in tx: its departments
// (request_parts), its pending deadlines (request_deadlines) and its tally
// (request_tally, request_totals).
func saveRequestRows(ctx context.Context, db *DB, tx *sql.Tx, r *aftersales.Request, created bool) error {
	if err := saveRequestParts(ctx, db, tx, r, created); err != nil {
		return err
	}
	if err := saveRequestDeadlines(ctx, db, tx, r, created); err != nil {
		return err
	}
	return saveRequestTally(ctx, db, tx, r, created)
}

// saveRequestDeadlines replaces the rows of r in request_deadlines by the
// items of aftersales.PendingItems(r).
func saveRequestDeadlines(ctx context.Context, db *DB, tx *sql.Tx, r *aftersales.Request, created bool) error {
	delta := map[pendingMinute]int{}
	if !created {
		old, err := requestDeadlineMinutes(ctx, db, tx, r.ID)
		if err != nil {
			return err
		}
		for k, n := range old {
			delta[k] -= n
		}
		if _, err := db.exec(ctx, tx, "delete deadlines of "+r.ID, `DELETE FROM request_deadlines WHERE request_id = ?`, r.ID); err != nil {
			return err
		}
	}
	items := aftersales.PendingItems(r)
	for _, it := range items {
		delta[pendingMinute{owner: db.col(it.Owner), clause: db.col(string(it.Deadline.Clause)), running: running(it), minute: dueMinute(nanos(it.Deadline.Due))}]++
	}
	if err := insertDeadlines(ctx, db, tx, items); err != nil {
		return err
	}
	return addPendingMinutes(ctx, db, tx, delta)
}

// running is request_deadlines.running of it: 1 when its clock runs, 0
// when paused.
func running(it aftersales.DeadlineItem) int {
	if it.Deadline.PausedAt != nil {
		return 0
	}
	return 1
}

// insertDeadlines inserts the rows of items.
func insertDeadlines(ctx context.Context, db *DB, tx *sql.Tx, items []aftersales.DeadlineItem) error {
	for _, it := range items {
		body, err := json.Marshal(it)
		if err != nil {
			return fmt.Errorf("sqlstore: encode deadline of %s: %w", it.RequestID, err)
		}
		if _, err := db.exec(ctx, tx, "insert deadline of "+it.RequestID,
			`INSERT INTO request_deadlines (request_id, idx, owner, clause, project_id, due_ns, running, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
			it.RequestID, it.Index, db.col(it.Owner), db.col(string(it.Deadline.Clause)), db.col(it.ProjectID), nanos(it.Deadline.Due), running(it), string(body)); err != nil {
			return err
		}
	}
	return nil
}

// backfillRequestDeadlines fills request_deadlines from the open requests
// stored before it existed (migration 0010), in the migration's
// transaction.
func backfillRequestDeadlines(ctx context.Context, db *DB, tx *sql.Tx) error {
	var items []aftersales.DeadlineItem
	err := eachStoredRequest(ctx, tx, func(r *aftersales.Request) error {
		items = append(items, aftersales.PendingItems(r)...) // none for a closed or withdrawn request
		return nil
	})
	if err != nil {
		return err
	}
	return insertDeadlines(ctx, db, tx, items)
}

// PendingDeadlines implements aftersales.DeadlineIndex: one index range of
// request_deadlines (by owner, project or due instant), in the queue's
// order. f.Matches checks every row again and has the last word; when the
// SQL answers f exactly (it does not for instants outside the years
// 1678–2262 or, on PostgreSQL, text it cannot hold) the limit is also the
// SQL's.
func (s *requestStore) PendingDeadlines(ctx context.Context, f aftersales.DeadlineFilter) (_ []aftersales.DeadlineItem, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	defer func(start time.Time) { db.observe("read", "deadlines requests", start, err) }(time.Now())
	w := db.filter()
	w.text("owner = ?", f.Owner)
	w.in("project_id", f.ProjectIDs)
	w.instant("due_ns >= ?", f.DueFrom)
	w.instant("due_ns < ?", f.DueBefore)
	if f.Running {
		w.conds = append(w.conds, "running = 1")
	}
	if c := f.After; c != nil {
		n, ok := bound(c.Due)
		id, idOK := db.afterArg(c.RequestID)
		if ok && idOK {
			w.conds = append(w.conds, "(due_ns > ? OR (due_ns = ? AND (request_id > ? OR (request_id = ? AND idx > ?))))")
			w.args = append(w.args, n, n, id, id, c.Index)
		} else {
			w.exact = false
		}
	}
	query := "SELECT body FROM request_deadlines" + w.where() + " ORDER BY due_ns, request_id, idx"
	if w.exact && f.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", f.Limit)
	}
	rows, err := db.r.QueryContext(ctx, db.q(query), w.args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list deadlines: %w", err)
	}
	defer rows.Close()
	out := []aftersales.DeadlineItem{}
	for rows.Next() {
		var body string
		if err := rows.Scan(&body); err != nil {
			return nil, fmt.Errorf("sqlstore: list deadlines: %w", err)
		}
		var it aftersales.DeadlineItem
		if err := json.Unmarshal([]byte(body), &it); err != nil {
			return nil, fmt.Errorf("sqlstore: decode deadline: %w", err)
		}
		if f.Matches(it) {
			out = append(out, it)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list deadlines: %w", err)
	}
	if !w.exact {
		// The SQL selected more than f asks for, in an order that clamped
		// instants may blur: the queue's order and the limit, here.
		slices.SortFunc(out, func(a, b aftersales.DeadlineItem) int { return a.Cursor().Compare(b.Cursor()) })
		if f.Limit > 0 && len(out) > f.Limit {
			out = out[:f.Limit]
		}
	}
	return out, nil
}
