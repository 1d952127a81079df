package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// The request store is an aftersales.TallyStore: request_tally holds each
// request's aftersales.FigureTally, request_totals their sum per key. A
// Save replaces the request's rows and adds the difference to the sums, in
// its transaction; the dashboard reads the sums.

var _ aftersales.TallyStore = (*requestStore)(nil)

// saveRequestTally replaces r's rows of request_tally with FigureTally(r)
// and adds the difference to request_totals.
func saveRequestTally(ctx context.Context, db *DB, tx *sql.Tx, r *aftersales.Request, created bool) error {
	tally := aftersales.FigureTally(r)
	delta := maps.Clone(tally)
	if !created {
		rows, err := tx.QueryContext(ctx, db.q(`SELECT key, n FROM request_tally WHERE request_id = ?`), r.ID)
		if err != nil {
			return fmt.Errorf("sqlstore: read the tally of %s: %w", r.ID, err)
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return fmt.Errorf("sqlstore: read the tally of %s: %w", r.ID, err)
			}
			delta[k] -= n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: read the tally of %s: %w", r.ID, err)
		}
		if _, err := db.exec(ctx, tx, "delete tally of "+r.ID, `DELETE FROM request_tally WHERE request_id = ?`, r.ID); err != nil {
			return err
		}
	}
	for k, n := range tally {
		if _, err := db.exec(ctx, tx, "insert tally of "+r.ID,
			`INSERT INTO request_tally (request_id, key, n) VALUES (?, ?, ?)`, r.ID, k, n); err != nil {
			return err
		}
	}
	return addTotals(ctx, db, tx, delta)
}

// addTotals adds delta to request_totals, key by key in the keys' order:
// concurrent transactions (on PostgreSQL) then take the rows' locks in the
// same order and wait for each other instead of deadlocking.
func addTotals(ctx context.Context, db *DB, tx *sql.Tx, delta map[string]int) error {
	for _, k := range slices.Sorted(maps.Keys(delta)) {
		n := delta[k]
		if n == 0 {
			continue
		}
		if _, err := db.exec(ctx, tx, "add to the totals",
			`INSERT INTO request_totals (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = request_totals.n + excluded.n`, k, n); err != nil {
			return err
		}
	}
	return nil
}

// backfillRequestTally fills request_tally and request_totals from the
// requests stored before they existed (migration 0011), in the
// migration's transaction.
func backfillRequestTally(ctx context.Context, db *DB, tx *sql.Tx) error {
	tallies := map[string]map[string]int{}
	err := eachStoredRequest(ctx, tx, func(r *aftersales.Request) error {
		tallies[r.ID] = aftersales.FigureTally(r)
		return nil
	})
	if err != nil {
		return err
	}
	total := map[string]int{}
	for id, t := range tallies {
		for k, n := range t {
			if _, err := db.exec(ctx, tx, "insert tally of "+id,
				`INSERT INTO request_tally (request_id, key, n) VALUES (?, ?, ?)`, id, k, n); err != nil {
				return err
			}
			total[k] += n
		}
	}
	return addTotals(ctx, db, tx, total)
}

// FigureTally implements aftersales.TallyStore: the sums of
// request_totals.
func (s *requestStore) FigureTally(ctx context.Context) (_ map[string]int, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	defer func(start time.Time) { db.observe("read", "tally requests", start, err) }(time.Now())
	rows, err := db.r.QueryContext(ctx, `SELECT key, n FROM request_totals`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: read the totals: %w", err)
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return nil, fmt.Errorf("sqlstore: read the totals: %w", err)
		}
		if n != 0 {
			out[k] = n
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: read the totals: %w", err)
	}
	return out, nil
}

// PendingCounts implements aftersales.TallyStore: one aggregate query of
// request_deadlines. A deadline is overdue when its clock runs and it is
// due at or before asOf (aftersales.Deadline.Overdue).
func (s *requestStore) PendingCounts(ctx context.Context, asOf time.Time) (_ []aftersales.PendingCount, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	defer func(start time.Time) { db.observe("read", "pending counts requests", start, err) }(time.Now())
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT owner, clause, CASE WHEN running = 1 AND due_ns <= ? THEN 1 ELSE 0 END AS overdue, COUNT(*)
		FROM request_deadlines GROUP BY owner, clause, overdue ORDER BY owner, clause, overdue`), nanos(asOf))
	if err != nil {
		return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	defer rows.Close()
	var out []aftersales.PendingCount
	for rows.Next() {
		var c aftersales.PendingCount
		var clause string
		var overdue int
		if err := rows.Scan(&c.Owner, &clause, &overdue, &c.N); err != nil {
			return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
		}
		c.Clause, c.Overdue = aftersales.Clause(clause), overdue == 1
		out = append(out, c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: count the pending deadlines: %w", err)
	}
	return out, nil
}
