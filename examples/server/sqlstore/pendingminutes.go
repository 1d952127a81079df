package sqlstore

import (
	"cmp"
	"context"
	"database/sql"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// The dashboard's counts of pending and overdue deadlines
// (aftersales.TallyStore.PendingCounts) come from request_pending_minutes
// (migration 0019): the rows of request_deadlines counted by owner,
// clause, whether their clock runs, and the minute they are due. A
// deadline is overdue when its clock runs and it is due at or before the
// instant asked about: every running one due in a minute before that
// instant's is, none due in a later minute is, and those due in that
// minute are counted in request_deadlines by due instant. So the counts
// cost the number of buckets (the distinct minutes open deadlines fall due
// in, mostly midnights) and a minute's deadlines, not the open requests.

// pendingMinute is a bucket of request_pending_minutes.
type pendingMinute struct {
	owner, clause string
	running       int
	minute        int64 // the due instant's Unix minute (dueMinute)
}

func comparePendingMinutes(a, b pendingMinute) int {
	return cmp.Or(cmp.Compare(a.owner, b.owner), cmp.Compare(a.clause, b.clause), cmp.Compare(a.running, b.running), cmp.Compare(a.minute, b.minute))
}

// dueMinute returns the Unix minute of an instant in nanos, rounded down.
func dueMinute(ns int64) int64 {
	m := ns / int64(time.Minute)
	if ns%int64(time.Minute) < 0 {
		m--
	}
	return m
}

// requestDeadlineMinutes returns the buckets of the rows of request_deadlines
// of request id, each with its count.
func requestDeadlineMinutes(ctx context.Context, db *DB, tx *sql.Tx, id string) (map[pendingMinute]int, error) {
	rows, err := db.txQuery(ctx, tx, db.q(`SELECT owner, clause, running, due_ns FROM request_deadlines WHERE request_id = ?`), id)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: read the deadlines of %s: %w", id, err)
	}
	defer rows.Close()
	out := map[pendingMinute]int{}
	for rows.Next() {
		var k pendingMinute
		var due int64
		if err := rows.Scan(&k.owner, &k.clause, &k.running, &due); err != nil {
			return nil, fmt.Errorf("sqlstore: read the deadlines of %s: %w", id, err)
		}
		k.minute = dueMinute(due)
		out[k]++
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: read the deadlines of %s: %w", id, err)
	}
	return out, nil
}

// addPendingMinutes adds delta to request_pending_minutes, bucket by
// bucket in the buckets' order, removing a bucket it empties: concurrent
// transactions (on PostgreSQL) then take the rows' locks in the same
// order and wait for each other instead of deadlocking.
func addPendingMinutes(ctx context.Context, db *DB, tx *sql.Tx, delta map[pendingMinute]int) error {
	for _, k := range slices.SortedFunc(maps.Keys(delta), comparePendingMinutes) {
		n := delta[k]
		if n == 0 {
			continue
		}
		if _, err := db.exec(ctx, tx, "count pending deadlines", `INSERT INTO request_pending_minutes (owner, clause, running, minute, n)
			VALUES (?, ?, ?, ?, ?) ON CONFLICT (owner, clause, running, minute) DO UPDATE SET n = request_pending_minutes.n + excluded.n`,
			k.owner, k.clause, k.running, k.minute, n); err != nil {
			return err
		}
		if n < 0 {
			// A bucket emptied goes, so that the table holds the minutes
			// open deadlines fall due in, not every minute one ever did.
			if _, err := db.exec(ctx, tx, "count pending deadlines", `DELETE FROM request_pending_minutes
				WHERE owner = ? AND clause = ? AND running = ? AND minute = ? AND n = 0`, k.owner, k.clause, k.running, k.minute); err != nil {
				return err
			}
		}
	}
	return nil
}

// backfillPendingMinutes fills request_pending_minutes from request_deadlines
// (migration 0019), in the migration's transaction.
func backfillPendingMinutes(ctx context.Context, db *DB, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT owner, clause, running, due_ns FROM request_deadlines`)
	if err != nil {
		return fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	delta := map[pendingMinute]int{}
	for rows.Next() {
		var k pendingMinute
		var due int64
		if err := rows.Scan(&k.owner, &k.clause, &k.running, &due); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
		}
		k.minute = dueMinute(due)
		delta[k]++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	return addPendingMinutes(ctx, db, tx, delta)
}

// PendingCounts implements aftersales.TallyStore: the buckets of
// request_pending_minutes, and the running deadlines due in asOf's minute
// up to asOf from request_deadlines, read in one snapshot.
func (s *requestStore) PendingCounts(ctx context.Context, asOf time.Time) (_ []aftersales.PendingCount, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	defer func(start time.Time) { db.observe("read", "pending counts requests", start, err) }(time.Now())
	opts := &sql.TxOptions{ReadOnly: true}
	if db.pg() {
		opts.Isolation = sql.LevelRepeatableRead
	}
	tx, err := db.r.BeginTx(ctx, opts)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	defer tx.Rollback()
	type key struct{ owner, clause string }
	type count struct{ all, overdue int }
	counts := map[key]*count{}
	at := func(owner, clause string) *count {
		k := key{owner, clause}
		if counts[k] == nil {
			counts[k] = &count{}
		}
		return counts[k]
	}
	now := dueMinute(nanos(asOf))
	rows, err := tx.QueryContext(ctx, `SELECT owner, clause, running, minute, n FROM request_pending_minutes WHERE n <> 0`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	for rows.Next() {
		var b pendingMinute
		var n int
		if err := rows.Scan(&b.owner, &b.clause, &b.running, &b.minute, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
		}
		c := at(b.owner, b.clause)
		c.all += n
		if b.running == 1 && b.minute < now {
			c.overdue += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	start := now * int64(time.Minute) // the start of asOf's minute
	if start > nanos(asOf) {
		start = math.MinInt64 // asOf at the very start of the range: the product wrapped
	}
	// By the due index: SQLite's planner would rather read the whole
	// index that is in the GROUP BY's order.
	from := "request_deadlines"
	if !db.pg() {
		from += " INDEXED BY request_deadlines_due"
	}
	rows, err = tx.QueryContext(ctx, db.q(`SELECT owner, clause, COUNT(*) FROM `+from+`
		WHERE running = 1 AND due_ns >= ? AND due_ns <= ? GROUP BY owner, clause`), start, nanos(asOf))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	for rows.Next() {
		var owner, clause string
		var n int
		if err := rows.Scan(&owner, &clause, &n); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
		}
		at(owner, clause).overdue += n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	var out []aftersales.PendingCount
	for _, k := range slices.SortedFunc(maps.Keys(counts), func(a, b key) int {
		return cmp.Or(cmp.Compare(a.owner, b.owner), cmp.Compare(a.clause, b.clause))
	}) {
		c := counts[k]
		if n := c.all - c.overdue; n > 0 {
			out = append(out, aftersales.PendingCount{Owner: k.owner, Clause: aftersales.Clause(k.clause), N: n})
		}
		if c.overdue > 0 {
			out = append(out, aftersales.PendingCount{Owner: k.owner, Clause: aftersales.Clause(k.clause), Overdue: true, N: c.overdue})
		}
	}
	return out, nil
}
