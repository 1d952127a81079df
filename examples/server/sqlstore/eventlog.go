package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// eventLog is the append-only history table of one kind of aggregate
// (requests, complaints): rows (owner, seq, type, at_ns, body) with
// (owner, seq) unique. Table and column names are constants of this
// package, never input.
type eventLog struct {
	records  string // the aggregate's table, such as "requests"
	table    string // its history table, such as "request_events"
	owner    string // the history's column naming the aggregate, such as "request_id"
	noun     string // the aggregate in Chinese, for messages
	notFound func(id string) error
}

var (
	requestLog   = eventLog{records: "requests", table: "request_events", owner: "request_id", noun: "售后需求", notFound: requestNotFound}
	complaintLog = eventLog{records: "complaints", table: "complaint_events", owner: "complaint_id", noun: "投诉", notFound: complaintNotFound}
)

// eventLine is one event encoded for its row.
type eventLine struct {
	seq  int
	typ  string
	atNs int64
	body string
}

// encodeEvents encodes events of aggregate id; meta tells each one's Seq,
// type and time.
func encodeEvents[E any](id string, events []E, meta func(*E) (int, string, time.Time)) ([]eventLine, error) {
	lines := make([]eventLine, len(events))
	for i := range events {
		seq, _, _ := meta(&events[i])
		text, e, err := encode(fmt.Sprintf("event %s/%d", id, seq), &events[i])
		if err != nil {
			return nil, err
		}
		seq, typ, at := meta(e)
		lines[i] = eventLine{seq, typ, nanos(at), text}
	}
	return lines, nil
}

// stale explains an update of aggregate id based on version prev that hit
// no row: the aggregate is gone (not found) or has moved on (a conflict).
func (l eventLog) stale(ctx context.Context, db *DB, tx *sql.Tx, id string, prev int) error {
	var cur int
	err := tx.QueryRowContext(ctx, db.q(`SELECT version FROM `+l.records+` WHERE id = ?`), id).Scan(&cur)
	if errNoRows(err) {
		return l.notFound(id)
	}
	if err != nil {
		return fmt.Errorf("sqlstore: read %s %s: %w", l.records, id, err)
	}
	return conflict("%s %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", l.noun, id, cur, prev)
}

// append writes lines to aggregate id's history. An event already there
// means the history is ahead of the record: refused, as any stale write.
func (l eventLog) append(ctx context.Context, db *DB, tx *sql.Tx, id string, lines []eventLine) error {
	for _, x := range lines {
		n, err := db.exec(ctx, tx, fmt.Sprintf("insert event %s/%d", id, x.seq),
			`INSERT INTO `+l.table+` (`+l.owner+`, seq, type, at_ns, body) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (`+l.owner+`, seq) DO NOTHING`, id, x.seq, x.typ, x.atNs, x.body)
		if err != nil {
			return err
		}
		if n == 0 {
			return conflict("%s %s 的第 %d 条事件已存在，请刷新后重试", l.noun, id, x.seq)
		}
	}
	return nil
}

// readEvents reads aggregate id's history in order, decoding each body as
// E; owner tells the Seq and aggregate ID a decoded event claims, which
// must be its row's. No rows is not found.
func readEvents[E any](ctx context.Context, db *DB, l eventLog, id string, owner func(*E) (int, string)) ([]E, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !storableID(id) {
		return nil, l.notFound(id)
	}
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT seq, body FROM `+l.table+` WHERE `+l.owner+` = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.records, id, err)
	}
	defer rows.Close()
	var out []E
	for rows.Next() {
		var seq int
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.records, id, err)
		}
		e, err := decode[E](fmt.Sprintf("event %s/%d", id, seq), body)
		if err != nil {
			return nil, err
		}
		if got, of := owner(e); got != seq || of != id || seq != len(out)+1 {
			return nil, fmt.Errorf("sqlstore: history of %s %s: row %d holds event %s/%d", l.records, id, seq, of, got)
		}
		out = append(out, *e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: history of %s %s: %w", l.records, id, err)
	}
	if len(out) == 0 {
		return nil, l.notFound(id)
	}
	return out, nil
}
