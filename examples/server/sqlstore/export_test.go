package sqlstore

import (
	"context"
	"database/sql"

	"github.com/shouhou/shouhou/complaint"
)

// ConnSettings returns, for the tests, the SQLite settings of the write
// and the read connections as "name=value" pairs.
func ConnSettings(ctx context.Context, db *DB) (write, read map[string]string, err error) {
	get := func(pool *sql.DB, names ...string) (map[string]string, error) {
		out := map[string]string{}
		for _, n := range names {
			var v string
			if err := pool.QueryRowContext(ctx, "PRAGMA "+n).Scan(&v); err != nil {
				return nil, err
			}
			out[n] = v
		}
		return out, nil
	}
	if write, err = get(db.w, "journal_mode", "synchronous", "foreign_keys", "busy_timeout", "query_only"); err != nil {
		return nil, nil, err
	}
	if read, err = get(db.r, "journal_mode", "foreign_keys", "busy_timeout", "query_only"); err != nil {
		return nil, nil, err
	}
	return write, read, nil
}

// Migrations returns the number of the dialect's migrations.
func Migrations(dialect string) (int, error) {
	ms, err := migrations(dialect)
	return len(ms), err
}

// RawOneRowWriter creates a table g on db's write connection and returns a
// function that writes one row of it per transaction, with none of the
// store's machinery: the raw SQLite baseline of the benchmarks.
func RawOneRowWriter(db *DB) (func(k string) error, error) {
	if _, err := db.w.Exec(`CREATE TABLE IF NOT EXISTS g (k TEXT PRIMARY KEY)`); err != nil {
		return nil, err
	}
	return func(k string) error {
		tx, err := db.w.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO g (k) VALUES (?)`, k); err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	}, nil
}

// ReachedSQL is the query Deliveries.Reached runs.
const ReachedSQL = reachedSQL

// QueryPlan returns SQLite's plan of query on db's read connections
// (EXPLAIN QUERY PLAN), a step a line, for the tests that check a query
// reads through the index meant for it.
func QueryPlan(ctx context.Context, db *DB, query string, args ...any) (string, error) {
	rows, err := db.r.QueryContext(ctx, "EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	plan := ""
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			return "", err
		}
		plan += detail + "\n"
	}
	return plan, rows.Err()
}

// ListPlans runs list and returns SQLite's plan (QueryPlan) of each list
// query it ran, in order.
func ListPlans(ctx context.Context, db *DB, list func() error) ([]string, error) {
	type run struct {
		query string
		args  []any
	}
	var runs []run
	db.traceList = func(query string, args []any) { runs = append(runs, run{query, args}) }
	err := list()
	db.traceList = nil
	if err != nil {
		return nil, err
	}
	var plans []string
	for _, r := range runs {
		plan, err := QueryPlan(ctx, db, r.query, r.args...)
		if err != nil {
			return nil, err
		}
		plans = append(plans, plan)
	}
	return plans, nil
}

// WithoutFsync turns off the fsync of db's commits (synchronous=OFF on
// its one write connection), for the benchmarks that measure what a write
// costs besides the disk's flush. Never durable: for measurement only.
func WithoutFsync(db *DB) error {
	_, err := db.w.Exec("PRAGMA synchronous=OFF")
	return err
}

// SearchIndexed runs a search of table ("requests" or "complaints") as
// the lists do, with no other condition: the keys it selects, and whether
// it went through the search index (false: more than SearchCap match, or
// text is shorter than two characters).
func SearchIndexed(ctx context.Context, db *DB, table, text string, noContact bool) (ids []string, indexed bool, err error) {
	f := db.filter()
	if err := f.search(ctx, table, text, noContact); err != nil {
		return nil, false, err
	}
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT id FROM `+table+f.where()+` ORDER BY id`), f.args...)
	if err != nil {
		return nil, false, err
	}
	defer rows.Close()
	for rows.Next() {
		var id string
		if err := rows.Scan(&id); err != nil {
			return nil, false, err
		}
		ids = append(ids, id)
	}
	return ids, f.few, rows.Err()
}

// SearchCap is the most records a search reads from the index.
const SearchCap = searchCap

// TokenCacheLive reports whether db's token cache keeps what it reads (on
// PostgreSQL: its listener is connected).
func TokenCacheLive(db *DB) bool {
	c := db.tokens.cache
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.live
}

// SaveComplaints saves each complaint with its history as Save does, but
// many in one write transaction: how the report benchmark fills a
// database of a million complaints in minutes.
func SaveComplaints(ctx context.Context, db *DB, cs []*complaint.Complaint, histories [][]complaint.Event) error {
	s := &db.complaints.eventStore
	ws := make([]saving[complaint.Complaint], len(cs))
	for i, c := range cs {
		w, err := s.prepare(c, histories[i])
		if err != nil {
			return err
		}
		ws[i] = w
	}
	return db.write(ctx, "save complaints", func(tx *sql.Tx) error {
		for _, w := range ws {
			if err := s.saveTx(ctx, db, tx, w); err != nil {
				return err
			}
		}
		return nil
	})
}
