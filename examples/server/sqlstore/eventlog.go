package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
)

// eventLog is the append-only history table of one kind of aggregate: rows
// (owner, seq, type, at_ns, body) with (owner, seq) unique.
type eventLog struct {
	table    string // such as "request_events"
	owner    string // its column naming the aggregate, such as "request_id"
	what     string // the aggregate in English, for error context: "request"
	notFound func(id string) error
}

// eventLine is one event encoded for its row.
type eventLine struct {
	seq  int
	typ  string
	atNs int64
	body string
}

// encodeEvents encodes events of aggregate id; meta tells each one's Seq,
// type and time.
func encodeEvents[E any](id string, events []E, meta func(*E) (int, string, time.Time), quick bool) ([]eventLine, error) {
	lines := make([]eventLine, len(events))
	for i := range events {
		seq, _, _ := meta(&events[i])
		text, e, err := encodeAs(fmt.Sprintf("event %s/%d", id, seq), &events[i], !quick)
		if err != nil {
			return nil, err
		}
		seq, typ, at := meta(e)
		lines[i] = eventLine{seq, typ, nanos(at), text}
	}
	return lines, nil
}

// append writes lines to aggregate id's history. An event already there
// means the history is ahead of the record: refused, as any stale write,
// with ahead's error.
func (l eventLog) append(ctx context.Context, db *DB, tx *sql.Tx, id string, lines []eventLine, ahead func(seq int) error) error {
	for _, x := range lines {
		n, err := db.exec(ctx, tx, fmt.Sprintf("insert event %s/%d", id, x.seq),
			`INSERT INTO `+l.table+` (`+l.owner+`, seq, type, at_ns, body) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (`+l.owner+`, seq) DO NOTHING`, id, x.seq, x.typ, x.atNs, x.body)
		if err != nil {
			return err
		}
		if n == 0 {
			return ahead(x.seq)
		}
	}
	return nil
}

// readEvents reads aggregate id's history in order, decoding each body as
// E; owner tells the Seq and aggregate ID a decoded event claims, which
// must be its row's. No rows is not found.
func readEvents[E any](ctx context.Context, db *DB, l eventLog, id string, owner func(*E) (int, string)) (_ []E, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func(start time.Time) { db.observe("read", "history "+l.table, start, err) }(time.Now())
	if !storableID(id) {
		return nil, l.notFound(id)
	}
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT seq, body FROM `+l.table+` WHERE `+l.owner+` = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.what, id, err)
	}
	defer rows.Close()
	var out []E
	for rows.Next() {
		var seq int
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.what, id, err)
		}
		e, err := decode[E](fmt.Sprintf("event %s/%d", id, seq), body)
		if err != nil {
			return nil, err
		}
		if got, of := owner(e); got != seq || of != id || seq != len(out)+1 {
			return nil, fmt.Errorf("sqlstore: history of %s %s: row %d holds event %s/%d", l.what, id, seq, of, got)
		}
		out = append(out, *e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.what, id, err)
	}
	if len(out) == 0 {
		return nil, l.notFound(id)
	}
	return out, nil
}

// eventStore keeps an event-sourced aggregate R, with its events E: the
// records, the history, and the Save that writes both in one transaction
// (an INSERT that does nothing when the key exists, or an UPDATE guarded
// by the version read).
type eventStore[R, E any] struct {
	records[R]
	log     eventLog
	noun    string   // the aggregate in Chinese, for messages: "售后需求"
	columns []string // the columns List filters on, as row returns their values (the search texts apart)
	row     func(db *DB, r *R) []any
	event   func(*E) (seq int, typ string, at time.Time)
	owner   func(*E) (seq int, id string)
	check   func(*R, []E) error // the library's batch check
	exists  func(id string) error
	// conflicts, if not nil, words the conflicts of a stale update (the
	// record at version cur) and of a history ahead of its record (an
	// event seq already there); nil words them with noun.
	conflicts *conflicts
	// parts, if not nil, writes the side table of r's departments in tx,
	// after r's row; created tells a new record from an update.
	parts func(ctx context.Context, db *DB, tx *sql.Tx, r *R, created bool) error
	// quick skips reading back what it encodes when JSON kept it as it is
	// (encodeAs): set for the requests and complaints, whose types decode
	// whatever they encode.
	quick bool
	// search, if not nil, returns r's search texts (those of its columns
	// search_public and search_contact), which every write of r keeps in
	// the search index (indexSearch).
	search func(r *R) (public, contact string)
}

// values returns the values of r's row in the order of columnNames, and
// r's search texts as stored: computed once, for the row and the search
// index.
func (s *eventStore[R, E]) values(db *DB, r *R, body string) (vals []any, public, contact string) {
	vals = append([]any{s.version(r)}, s.row(db, r)...)
	if s.search != nil {
		public, contact = s.search(r)
		public, contact = db.col(public), db.col(contact)
		vals = append(vals, public, contact)
	}
	return append(vals, body), public, contact
}

// columnNames returns the columns a save writes besides the key: version,
// the columns, the search texts when the store has them, and body.
func (s *eventStore[R, E]) columnNames() []string {
	cols := append([]string{"version"}, s.columns...)
	if s.search != nil {
		cols = append(cols, "search_public", "search_contact")
	}
	return append(cols, "body")
}

// indexSearch brings the search index of record id, just written in tx
// with the search texts public and contact (values), up to date.
func (s *eventStore[R, E]) indexSearch(ctx context.Context, db *DB, tx *sql.Tx, id, public, contact string) error {
	if s.search == nil {
		return nil
	}
	return indexSearch(ctx, db, tx, s.table, id, public, contact)
}

// save writes r and events, the batch a Service saves, in a write
// transaction of its own (shared, on SQLite, with the writers waiting at
// that moment: group commit).
func (s *eventStore[R, E]) save(ctx context.Context, db *DB, r *R, events []E) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w, err := s.prepare(r, events)
	if err != nil {
		return err
	}
	return db.write(ctx, "save "+s.what+" "+w.id, func(tx *sql.Tx) error { return s.saveTx(ctx, db, tx, w) })
}

// saving is a batch checked and encoded, ready to write.
type saving[R any] struct {
	id    string
	body  string
	rec   *R
	lines []eventLine
}

// prepare checks r and events (the library's batch check, the ID) and
// encodes them.
func (s *eventStore[R, E]) prepare(r *R, events []E) (saving[R], error) {
	if err := s.check(r, events); err != nil {
		return saving[R]{}, err
	}
	id := s.id(r)
	if err := checkID(s.noun, id); err != nil {
		return saving[R]{}, err
	}
	body, rec, err := encodeAs(s.what+" "+id, r, !s.quick)
	if err != nil {
		return saving[R]{}, err
	}
	lines, err := encodeEvents(id, events, s.event, s.quick)
	if err != nil {
		return saving[R]{}, err
	}
	return saving[R]{id: id, body: body, rec: rec, lines: lines}, nil
}

// saveTx writes a prepared batch in tx: the record's row (an insert, or an
// update guarded by the version before), its side tables, its search
// index, its events and the change feed.
func (s *eventStore[R, E]) saveTx(ctx context.Context, db *DB, tx *sql.Tx, w saving[R]) error {
	id, rec, lines := w.id, w.rec, w.lines
	prev := lines[0].seq - 1
	cols, public, contact := s.values(db, rec, w.body)
	if prev == 0 {
		n, err := db.exec(ctx, tx, "insert "+s.what+" "+id, s.insertSQL(), append(cols, id)...)
		if err != nil {
			return err
		}
		if n == 0 {
			return s.exists(id)
		}
	} else {
		n, err := db.exec(ctx, tx, "update "+s.what+" "+id, s.updateSQL(), append(cols, id, prev)...)
		if err != nil {
			return err
		}
		if n == 0 {
			return s.stale(ctx, db, tx, id, prev)
		}
	}
	if s.parts != nil {
		if err := s.parts(ctx, db, tx, rec, prev == 0); err != nil {
			return err
		}
	}
	if err := s.indexSearch(ctx, db, tx, id, public, contact); err != nil {
		return err
	}
	if err := s.log.append(ctx, db, tx, id, lines, func(seq int) error { return s.conflictsOf().ahead(id, seq) }); err != nil {
		return err
	}
	// The change feed, in the same transaction: what is committed is in
	// it, and nothing else (feed.go).
	return s.log.feedAppend(ctx, db, tx, id, lines)
}

// insertSQL inserts a record's row: version, the columns, body and key.
func (s *eventStore[R, E]) insertSQL() string {
	cols := append(s.columnNames(), s.key)
	return `INSERT INTO ` + s.table + ` (` + strings.Join(cols, ", ") + `)
		VALUES (` + placeholders(len(cols)) + `) ON CONFLICT (` + s.key + `) DO NOTHING`
}

// updateSQL updates a record's row, guarded by the version read.
func (s *eventStore[R, E]) updateSQL() string {
	cols := s.columnNames()
	return `UPDATE ` + s.table + ` SET ` + strings.Join(cols, " = ?, ") + ` = ?
		WHERE ` + s.key + ` = ? AND version = ?`
}

// stale explains an update of record id based on version prev that hit
// no row: the record is gone (not found) or has moved on (a conflict).
func (s *eventStore[R, E]) stale(ctx context.Context, db *DB, tx *sql.Tx, id string, prev int) error {
	var cur int
	err := db.txQueryRow(ctx, tx, db.q(`SELECT version FROM `+s.table+` WHERE `+s.key+` = ?`), id).Scan(&cur)
	if errNoRows(err) {
		return s.notFound(id)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: read %s %s: %w", s.table, id, err)
	}
	return s.conflictsOf().stale(id, cur, prev)
}

// conflicts word the KindConflict errors of an eventStore's Save.
type conflicts struct {
	stale func(id string, cur, prev int) error // an update based on version prev, the record at cur
	ahead func(id string, seq int) error       // event seq is already in the history
}

func (s *eventStore[R, E]) conflictsOf() *conflicts {
	if s.conflicts != nil {
		return s.conflicts
	}
	return &conflicts{
		stale: func(id string, cur, prev int) error {
			return conflict("%s %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", s.noun, id, cur, prev)
		},
		ahead: func(id string, seq int) error {
			return conflict("%s %s 的第 %d 条事件已存在，请刷新后重试", s.noun, id, seq)
		},
	}
}

// history reads record id's history.
func (s *eventStore[R, E]) history(ctx context.Context, db *DB, id string) ([]E, error) {
	return readEvents(ctx, db, s.log, id, s.owner)
}
