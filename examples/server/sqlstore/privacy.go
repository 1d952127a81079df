package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// PrivacyAct is one act on a customer's personal data (个人信息保护法): the
// records it covers, who did it, when and why. Every record it covers gets
// one event saying so.
type PrivacyAct struct {
	Requests   []string // request IDs
	Complaints []string // complaint IDs
	Actor      aftersales.Actor
	At         time.Time
	Reason     string // such as 保存期限届满 or 客户要求删除
}

// Pseudonymise replaces the customer's personal data in every record of
// act and in every event of their histories with the pseudonym p
// (aftersales.Event.Pseudonymised, complaint.Event.Pseudonymised), deletes
// the files the customer sent with them (File.ByCustomer), appends
// an event pseudonymised to each history, and points the customer's API
// tokens at the pseudonym and revokes them: all in one transaction. The
// event tables accept the rewrite of an event's body only inside it
// (migration 0009: the privacy_rewrite row, never committed). Each record
// is rebuilt by replaying its rewritten history, so that record and
// history agree; every case fact is unchanged.
//
// On SQLite writes run with secure_delete on (openSQLite), so that the old
// text is overwritten rather than left in free space, the search index's
// segments are merged (FTS5 'optimize'), so that no old word stays hidden
// in them, and the WAL is
// checkpointed and truncated after it, so that no old page stays in the
// -wal file; a reader holding an old snapshot may delay the truncation
// to the next checkpoint. On PostgreSQL the old row versions remain until
// VACUUM reclaims them (autovacuum, or VACUUM after a large run).
func (db *DB) Pseudonymise(ctx context.Context, act PrivacyAct, p aftersales.Customer) error {
	if err := db.pseudonymise(ctx, act, p); err != nil {
		return err
	}
	return db.scrub(ctx)
}

// Pseudonymisation is one customer's act and the pseudonym it gives them,
// for PseudonymiseMany.
type Pseudonymisation struct {
	Act PrivacyAct
	As  aftersales.Customer
}

// PseudonymiseMany is Pseudonymise for many customers, each in a
// transaction of its own, with the file scrubbed (the search index
// merged, the WAL truncated) once at the end rather than after each:
// merging the index costs the whole index. It stops at the first error,
// scrubbing what was done, and returns how many it pseudonymised.
func (db *DB) PseudonymiseMany(ctx context.Context, list []Pseudonymisation) (int, error) {
	n := 0
	var err error
	for _, x := range list {
		if err = db.pseudonymise(ctx, x.Act, x.As); err != nil {
			break
		}
		n++
	}
	if n > 0 {
		if serr := db.scrub(context.WithoutCancel(ctx)); err == nil {
			err = serr
		}
	}
	return n, err
}

// pseudonymise is Pseudonymise's transaction.
func (db *DB) pseudonymise(ctx context.Context, act PrivacyAct, p aftersales.Customer) error {
	err := db.write(ctx, "pseudonymise", func(tx *sql.Tx) error {
		if _, err := db.exec(ctx, tx, "pseudonymise: open the rewrite", `INSERT INTO privacy_rewrite (id) VALUES (1)`); err != nil {
			return err
		}
		olds := map[string]bool{}
		for _, id := range act.Requests {
			old, err := privacyRecord(ctx, db, tx, &db.requests.eventStore, id,
				func(e aftersales.Event) aftersales.Event { return e.Pseudonymised(p) },
				func(seq int) aftersales.Event {
					return aftersales.Event{RequestID: id, Seq: seq, Type: aftersales.EventPseudonymised, At: act.At, RecordedAt: act.At,
						Actor: act.Actor, Reason: act.Reason}
				}, aftersales.Replay)
			if err != nil {
				return err
			}
			olds[old.Customer.ID] = true
		}
		for _, id := range act.Complaints {
			old, err := privacyRecord(ctx, db, tx, &db.complaints.eventStore, id,
				func(e complaint.Event) complaint.Event { return e.Pseudonymised(p) },
				func(seq int) complaint.Event {
					return complaint.Event{ComplaintID: id, Seq: seq, Type: complaint.EventPseudonymised, At: act.At, RecordedAt: act.At,
						Actor: act.Actor, Text: act.Reason}
				}, complaint.Replay)
			if err != nil {
				return err
			}
			olds[old.Complainant.ID] = true
		}
		// What the customer sent is theirs: it goes with their name.
		for _, id := range append(append([]string(nil), act.Requests...), act.Complaints...) {
			if _, err := db.exec(ctx, tx, "pseudonymise: the customer's files", `DELETE FROM files WHERE record_id = ? AND by_customer = ?`, id, true); err != nil {
				return err
			}
		}
		for old := range olds {
			if old == "" || old == p.ID {
				continue
			}
			// A customer's token names them twice: as the customer and as
			// the person it was issued to.
			if _, err := db.exec(ctx, tx, "pseudonymise tokens", `UPDATE tokens SET customer_id = ?,
				person_id = CASE WHEN person_id = ? THEN ? ELSE person_id END, revoked_at = COALESCE(revoked_at, ?)
				WHERE customer_id = ?`, p.ID, old, p.ID, rfc3339(act.At), old); err != nil {
				return err
			}
		}
		if err := db.tokensChanged(ctx, tx); err != nil {
			return err
		}
		_, err := db.exec(ctx, tx, "pseudonymise: close the rewrite", `DELETE FROM privacy_rewrite`)
		return err
	})
	db.tokens.cache.reset() // the customer's tokens are revoked
	return err
}

// scrub removes, on SQLite, what old text the pages of the file may still
// hold after a pseudonymisation; on PostgreSQL it does nothing (VACUUM's
// work).
func (db *DB) scrub(ctx context.Context) error {
	if !db.pg() {
		// The search index: an FTS5 delete only hides the old words, whose
		// runs of a phone number could be pieced together again, until its
		// segments are merged; merge them all now, so that secure_delete
		// overwrites the pages they were in.
		err := db.write(ctx, "pseudonymise: merge the search index", func(tx *sql.Tx) error {
			for _, t := range []string{"requests_grams", "complaints_grams"} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO `+t+` (`+t+`) VALUES ('optimize')`); err != nil {
					return fmt.Errorf("sqlstore: pseudonymise: merge %s: %w", t, err)
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		// Best effort: a reader's snapshot may hold the old pages a while.
		_, _ = db.w.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return nil
}

// RecordExport appends an event personal_data_exported to every record of
// act, in one transaction: the history shows when the customer's data was
// given out, by whom and why.
func (db *DB) RecordExport(ctx context.Context, act PrivacyAct) error {
	return db.write(ctx, "record export", func(tx *sql.Tx) error {
		for _, id := range act.Requests {
			_, err := privacyRecord(ctx, db, tx, &db.requests.eventStore, id, nil,
				func(seq int) aftersales.Event {
					return aftersales.Event{RequestID: id, Seq: seq, Type: aftersales.EventDataExported, At: act.At, RecordedAt: act.At,
						Actor: act.Actor, Reason: act.Reason}
				}, aftersales.Replay)
			if err != nil {
				return err
			}
		}
		for _, id := range act.Complaints {
			_, err := privacyRecord(ctx, db, tx, &db.complaints.eventStore, id, nil,
				func(seq int) complaint.Event {
					return complaint.Event{ComplaintID: id, Seq: seq, Type: complaint.EventDataExported, At: act.At, RecordedAt: act.At,
						Actor: act.Actor, Text: act.Reason}
				}, complaint.Replay)
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// privacyRecord rewrites record id's events with rewrite (none when nil),
// appends the event next makes, and saves the record replay rebuilds from
// the result, in tx. It returns the record as it was.
func privacyRecord[R, E any](ctx context.Context, db *DB, tx *sql.Tx, s *eventStore[R, E], id string,
	rewrite func(E) E, next func(seq int) E, replay func([]E) (*R, error)) (*R, error) {
	l := s.log
	rows, err := tx.QueryContext(ctx, db.q(`SELECT seq, body FROM `+l.table+` WHERE `+l.owner+` = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.what, id, err)
	}
	var events []E
	for rows.Next() {
		var seq int
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			rows.Close()
			return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.what, id, err)
		}
		e, err := decode[E](fmt.Sprintf("event %s/%d", id, seq), body)
		if err != nil {
			rows.Close()
			return nil, err
		}
		events = append(events, *e)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.what, id, err)
	}
	if len(events) == 0 {
		return nil, l.notFound(id)
	}
	old, err := replay(events)
	if err != nil {
		return nil, err
	}
	if rewrite != nil && pseudonymised(old) {
		return old, nil // done before, by another run or instance
	}
	if rewrite != nil {
		for i := range events {
			events[i] = rewrite(events[i])
			body, _, err := encode(fmt.Sprintf("event %s/%d", id, i+1), &events[i])
			if err != nil {
				return nil, err
			}
			if _, err := db.exec(ctx, tx, fmt.Sprintf("rewrite event %s/%d", id, i+1),
				`UPDATE `+l.table+` SET body = ? WHERE `+l.owner+` = ? AND seq = ?`, body, id, i+1); err != nil {
				return nil, err
			}
		}
	}
	prev := len(events)
	events = append(events, next(prev+1))
	r, err := replay(events)
	if err != nil {
		return nil, err
	}
	body, rec, err := encode(s.what+" "+id, r)
	if err != nil {
		return nil, err
	}
	lines, err := encodeEvents(id, events[prev:], s.event, false)
	if err != nil {
		return nil, err
	}
	cols, public, contact := s.values(db, rec, body)
	n, err := db.exec(ctx, tx, "update "+s.what+" "+id, s.updateSQL(), append(cols, id, prev)...)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, s.stale(ctx, db, tx, id, prev)
	}
	if err := s.indexSearch(ctx, db, tx, id, public, contact); err != nil {
		return nil, err
	}
	if err := l.append(ctx, db, tx, id, lines, func(seq int) error { return s.conflictsOf().ahead(id, seq) }); err != nil {
		return nil, err
	}
	return old, l.feedAppend(ctx, db, tx, id, lines)
}

// pseudonymised reports whether record r already names a pseudonym.
func pseudonymised(r any) bool {
	switch r := r.(type) {
	case *aftersales.Request:
		return r.Customer.IsPseudonym()
	case *complaint.Complaint:
		return r.Complainant.IsPseudonym()
	}
	return false
}
