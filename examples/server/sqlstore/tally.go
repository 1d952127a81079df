package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// The request and complaint stores keep their chapter's running figures
// (aftersales.TallyStore, complaint.TallyStore): a tally table holds each
// record's FigureTally, a totals table their sum per key. A Save replaces
// the record's rows and adds the difference to the sums, in its
// transaction; the dashboard reads the sums.

var (
	_ aftersales.TallyStore = (*requestStore)(nil)
	_ complaint.TallyStore  = (*complaintStore)(nil)
)

// tallies names a chapter's tally tables: the record's tally rows under
// its key column owner, and the sums.
type tallies struct{ tally, owner, totals string }

var (
	requestTallies   = tallies{tally: "request_tally", owner: "request_id", totals: "request_totals"}
	complaintTallies = tallies{tally: "complaint_tally", owner: "complaint_id", totals: "complaint_totals"}
)

// save replaces record id's rows of the tally table with tally and adds
// the difference to the totals; created tells a new record from an update.
func (tt tallies) save(ctx context.Context, db *DB, tx *sql.Tx, id string, tally map[string]int, created bool) error {
	delta := maps.Clone(tally)
	if !created {
		rows, err := db.txQuery(ctx, tx, db.q(`SELECT key, n FROM `+tt.tally+` WHERE `+tt.owner+` = ?`), id)
		if err != nil {
			return fmt.Errorf("sqlstore: read the tally of %s: %w", id, err)
		}
		for rows.Next() {
			var k string
			var n int
			if err := rows.Scan(&k, &n); err != nil {
				rows.Close()
				return fmt.Errorf("sqlstore: read the tally of %s: %w", id, err)
			}
			delta[k] -= n
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return fmt.Errorf("sqlstore: read the tally of %s: %w", id, err)
		}
		if _, err := db.exec(ctx, tx, "delete tally of "+id, `DELETE FROM `+tt.tally+` WHERE `+tt.owner+` = ?`, id); err != nil {
			return err
		}
	}
	for k, n := range tally {
		if _, err := db.exec(ctx, tx, "insert tally of "+id,
			`INSERT INTO `+tt.tally+` (`+tt.owner+`, key, n) VALUES (?, ?, ?)`, id, k, n); err != nil {
			return err
		}
	}
	return tt.add(ctx, db, tx, delta)
}

// add adds delta to the totals, key by key in the keys' order: concurrent
// transactions (on PostgreSQL) then take the rows' locks in the same order
// and wait for each other instead of deadlocking.
func (tt tallies) add(ctx context.Context, db *DB, tx *sql.Tx, delta map[string]int) error {
	for _, k := range slices.Sorted(maps.Keys(delta)) {
		n := delta[k]
		if n == 0 {
			continue
		}
		if _, err := db.exec(ctx, tx, "add to the totals",
			`INSERT INTO `+tt.totals+` (key, n) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET n = `+tt.totals+`.n + excluded.n`, k, n); err != nil {
			return err
		}
	}
	return nil
}

// fill writes the tallies of the records stored before the tables
// existed, and their sums: a migration's backfill, in its transaction.
func (tt tallies) fill(ctx context.Context, db *DB, tx *sql.Tx, tallies map[string]map[string]int) error {
	total := map[string]int{}
	for _, id := range slices.Sorted(maps.Keys(tallies)) {
		for k, n := range tallies[id] {
			if _, err := db.exec(ctx, tx, "insert tally of "+id,
				`INSERT INTO `+tt.tally+` (`+tt.owner+`, key, n) VALUES (?, ?, ?)`, id, k, n); err != nil {
				return err
			}
			total[k] += n
		}
	}
	return tt.add(ctx, db, tx, total)
}

// read returns the totals, leaving out keys whose sum is 0.
func (tt tallies) read(ctx context.Context, db *DB) (_ map[string]int, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func(start time.Time) { db.observe("read", "tally "+tt.totals, start, err) }(time.Now())
	rows, err := db.r.QueryContext(ctx, `SELECT key, n FROM `+tt.totals)
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

// saveRequestTally replaces r's rows of request_tally with FigureTally(r)
// and adds the difference to request_totals.
func saveRequestTally(ctx context.Context, db *DB, tx *sql.Tx, r *aftersales.Request, created bool) error {
	return requestTallies.save(ctx, db, tx, r.ID, aftersales.FigureTally(r), created)
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
	return requestTallies.fill(ctx, db, tx, tallies)
}

// FigureTally implements aftersales.TallyStore: the sums of
// request_totals.
func (s *requestStore) FigureTally(ctx context.Context) (map[string]int, error) {
	return requestTallies.read(ctx, s.db)
}

// saveComplaintTally replaces c's rows of complaint_tally with
// complaint.FigureTally(c) and adds the difference to complaint_totals.
func saveComplaintTally(ctx context.Context, db *DB, tx *sql.Tx, c *complaint.Complaint, created bool) error {
	return complaintTallies.save(ctx, db, tx, c.ID, complaint.FigureTally(c), created)
}

// backfillComplaintTally fills complaint_tally, complaint_totals and the
// column owing from the complaints stored before they existed (migration
// 0016), in the migration's transaction.
func backfillComplaintTally(ctx context.Context, db *DB, tx *sql.Tx) error {
	tallies := map[string]map[string]int{}
	var owing []string
	err := eachStoredRow(ctx, tx, "complaints", func(id, body string, _ int) error {
		c, err := decode[complaint.Complaint]("complaint "+id, body)
		if err != nil {
			return err
		}
		tallies[id] = complaint.FigureTally(c)
		if complaint.Owes(c) {
			owing = append(owing, id)
		}
		return nil
	})
	if err != nil {
		return err
	}
	for _, id := range owing {
		if _, err := db.exec(ctx, tx, "owing of "+id, `UPDATE complaints SET owing = 1 WHERE id = ?`, id); err != nil {
			return err
		}
	}
	return complaintTallies.fill(ctx, db, tx, tallies)
}

// FigureTally implements complaint.TallyStore: the sums of
// complaint_totals.
func (s *complaintStore) FigureTally(ctx context.Context) (map[string]int, error) {
	return complaintTallies.read(ctx, s.db)
}

// Owing implements complaint.TallyStore: the complaints whose column
// owing is 1 (complaint.Owes, written with every Save), through the
// partial index complaints_owing; complaint.Owes has the last word.
func (s *complaintStore) Owing(ctx context.Context, fn func(*complaint.Complaint) error) error {
	f := s.db.filter()
	f.conds = append(f.conds, "owing = 1")
	return s.each(ctx, s.db, f, s.key, 0, complaint.Owes, fn)
}
