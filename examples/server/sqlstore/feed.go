package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// FeedItem is one event of the change feed: which record, its place in
// that record's history, and the event as the record's history keeps it.
type FeedItem struct {
	Cursor   string          // the position after this item, for ?after=
	Kind     string          // request, complaint or warranty
	RecordID string          // the request's, complaint's or project's ID
	Seq      int             // the event's place in the record's history
	Type     string          // the event's type
	At       time.Time       // when it happened
	Event    json.RawMessage // the event itself
}

// The feed's kinds.
const (
	FeedRequest   = "request"
	FeedComplaint = "complaint"
	FeedWarranty  = "warranty"
)

// feedCursor is a position in the feed: the writing transaction (always 0
// on SQLite) and the row.
type feedCursor struct {
	tx  uint64
	pos int64
}

func (c feedCursor) String() string {
	if c.tx == 0 && c.pos == 0 {
		return ""
	}
	return strconv.FormatUint(c.tx, 10) + "." + strconv.FormatInt(c.pos, 10)
}

// FeedStart is the position before every event, written out: a reader
// can store it (AdvanceFeedCursor takes no ""), to read the feed from its
// start while having a position.
const FeedStart = "0.0"

var cursorRE = regexp.MustCompile(`^([0-9]{1,20})\.([0-9]{1,19})$`)

// feedFrom reads where a read of the feed starts (parseCursor) and how
// many events it reads: at least one.
func feedFrom(after string, limit int) (feedCursor, int, error) {
	cur, err := parseCursor(after)
	return cur, max(limit, 1), err
}

// parseCursor reads a cursor given back by a reader; "" is the start.
func parseCursor(s string) (feedCursor, error) {
	if s == "" {
		return feedCursor{}, nil
	}
	m := cursorRE.FindStringSubmatch(s)
	bad := aftersales.Errorf(aftersales.KindInvalid, "cursor_invalid", "游标 %q 无效：请使用上一页返回的 next，或不带 after 从头读取", s)
	if m == nil {
		return feedCursor{}, bad
	}
	tx, err1 := strconv.ParseUint(m[1], 10, 64)
	pos, err2 := strconv.ParseInt(m[2], 10, 64)
	if err1 != nil || err2 != nil {
		return feedCursor{}, bad
	}
	return feedCursor{tx: tx, pos: pos}, nil
}

// Feed reads up to limit events after the cursor after ("" for the start),
// in commit order, and returns the cursor to read on from (after itself
// when nothing new has committed). Every event of every request, complaint
// and warranty is in the feed exactly once, and a cursor never skips an
// event committed later: on PostgreSQL, where several instances commit at
// once, the feed reads only below the oldest transaction still running.
func (db *DB) Feed(ctx context.Context, after string, limit int) ([]FeedItem, string, error) {
	cur, limit, err := feedFrom(after, limit)
	if err != nil {
		return nil, "", err
	}
	var rows *sql.Rows
	const bodies = `COALESCE(r.body, c.body, w.body)
		FROM feed f
		LEFT JOIN request_events r ON f.kind = 'request' AND r.request_id = f.record_id AND r.seq = f.seq
		LEFT JOIN complaint_events c ON f.kind = 'complaint' AND c.complaint_id = f.record_id AND c.seq = f.seq
		LEFT JOIN warranty_changes w ON f.kind = 'warranty' AND w.project_id = f.record_id AND w.seq = f.seq`
	if db.pg() {
		rows, err = db.r.QueryContext(ctx, `SELECT f.tx::text, f.pos, f.kind, f.record_id, f.seq, f.type, f.at_ns, `+bodies+`
			WHERE (f.tx, f.pos) > ($1::text::xid8, $2) AND f.tx < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY f.tx, f.pos LIMIT $3`, strconv.FormatUint(cur.tx, 10), cur.pos, limit)
	} else {
		rows, err = db.r.QueryContext(ctx, `SELECT '0', f.pos, f.kind, f.record_id, f.seq, f.type, f.at_ns, `+bodies+`
			WHERE f.pos > ? ORDER BY f.pos LIMIT ?`, cur.pos, limit)
	}
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: read the feed: %w", err)
	}
	defer rows.Close()
	var items []FeedItem
	for rows.Next() {
		var it FeedItem
		var tx string
		var atNs int64
		var body sql.NullString
		if err := rows.Scan(&tx, &cur.pos, &it.Kind, &it.RecordID, &it.Seq, &it.Type, &atNs, &body); err != nil {
			return nil, "", fmt.Errorf("sqlstore: read the feed: %w", err)
		}
		if cur.tx, err = strconv.ParseUint(tx, 10, 64); err != nil {
			return nil, "", fmt.Errorf("sqlstore: feed transaction %q: %w", tx, err)
		}
		it.At = time.Unix(0, atNs)
		it.Event = json.RawMessage(body.String)
		it.Cursor = cur.String()
		items = append(items, it)
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlstore: read the feed: %w", err)
	}
	if len(items) == 0 {
		return nil, after, nil
	}
	return items, cur.String(), nil
}

// feedAppend adds lines of record id's history to the feed, in the
// transaction that writes them.
func (l eventLog) feedAppend(ctx context.Context, db *DB, tx *sql.Tx, id string, lines []eventLine) error {
	for _, x := range lines {
		if _, err := db.exec(ctx, tx, fmt.Sprintf("feed %s %s/%d", l.what, id, x.seq),
			`INSERT INTO feed (kind, record_id, seq, type, at_ns) VALUES (?, ?, ?, ?, ?)`, l.what, id, x.seq, x.typ, x.atNs); err != nil {
			return err
		}
	}
	return nil
}

// FeedCursor returns where the feed's reader name has got to: the cursor
// after the last event it finished with, "" before the first.
func (db *DB) FeedCursor(ctx context.Context, name string) (string, error) {
	var cur string
	err := db.r.QueryRowContext(ctx, db.q(`SELECT cursor FROM feed_cursors WHERE name = ?`), name).Scan(&cur)
	if errNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlstore: feed cursor %s: %w", name, err)
	}
	return cur, nil
}

// AdvanceFeedCursor moves reader name's cursor from from to to, if it is
// still at from (compare-and-set); moved is false when another instance
// moved it first. to must be a cursor the feed gave.
func (db *DB) AdvanceFeedCursor(ctx context.Context, name, from, to string, at time.Time) (moved bool, err error) {
	if _, err := parseCursor(to); err != nil || to == "" {
		return false, aftersales.Errorf(aftersales.KindInvalid, "cursor_invalid", "游标 %q 无效", to)
	}
	err = db.write(ctx, "advance feed cursor "+name, func(tx *sql.Tx) error {
		var n int64
		var err error
		if from == "" {
			n, err = db.exec(ctx, tx, "advance feed cursor "+name, `INSERT INTO feed_cursors (name, cursor, updated_ns) VALUES (?, ?, ?)
				ON CONFLICT (name) DO NOTHING`, name, to, nanos(at))
		} else {
			n, err = db.exec(ctx, tx, "advance feed cursor "+name, `UPDATE feed_cursors SET cursor = ?, updated_ns = ?
				WHERE name = ? AND cursor = ?`, to, nanos(at), name, from)
		}
		moved = n == 1
		return err
	})
	return moved, err
}

// FeedEnd returns the cursor after the last event committed and readable
// (on PostgreSQL, below the oldest transaction still running, as Feed
// reads), "" when the feed is empty: reading on from it gives only events
// committed later.
func (db *DB) FeedEnd(ctx context.Context) (string, error) {
	var tx string
	var pos int64
	var err error
	if db.pg() {
		err = db.r.QueryRowContext(ctx, `SELECT f.tx::text, f.pos FROM feed f
			WHERE f.tx < pg_snapshot_xmin(pg_current_snapshot()) ORDER BY f.tx DESC, f.pos DESC LIMIT 1`).Scan(&tx, &pos)
	} else {
		tx = "0"
		err = db.r.QueryRowContext(ctx, `SELECT pos FROM feed ORDER BY pos DESC LIMIT 1`).Scan(&pos)
	}
	if errNoRows(err) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("sqlstore: read the feed's end: %w", err)
	}
	t, err := strconv.ParseUint(tx, 10, 64)
	if err != nil {
		return "", fmt.Errorf("sqlstore: feed transaction %q: %w", tx, err)
	}
	return feedCursor{tx: t, pos: pos}.String(), nil
}

// FeedRecords returns the IDs of the records of kind (FeedRequest, …)
// written after the cursor after, each once, in the order of their first
// write there, reading at most limit events; and the cursor to read on
// from. It is Feed without the events' bodies, for a reader that only
// needs to know what changed.
func (db *DB) FeedRecords(ctx context.Context, after, kind string, limit int) ([]string, string, error) {
	cur, limit, err := feedFrom(after, limit)
	if err != nil {
		return nil, "", err
	}
	var rows *sql.Rows
	if db.pg() {
		rows, err = db.r.QueryContext(ctx, `SELECT f.tx::text, f.pos, f.kind, f.record_id FROM feed f
			WHERE (f.tx, f.pos) > ($1::text::xid8, $2) AND f.tx < pg_snapshot_xmin(pg_current_snapshot())
			ORDER BY f.tx, f.pos LIMIT $3`, strconv.FormatUint(cur.tx, 10), cur.pos, limit)
	} else {
		rows, err = db.r.QueryContext(ctx, `SELECT '0', pos, kind, record_id FROM feed WHERE pos > ? ORDER BY pos LIMIT ?`, cur.pos, limit)
	}
	if err != nil {
		return nil, "", fmt.Errorf("sqlstore: read the feed: %w", err)
	}
	defer rows.Close()
	var ids []string
	seen := map[string]bool{}
	n := 0
	for rows.Next() {
		var tx, k, id string
		if err := rows.Scan(&tx, &cur.pos, &k, &id); err != nil {
			return nil, "", fmt.Errorf("sqlstore: read the feed: %w", err)
		}
		if cur.tx, err = strconv.ParseUint(tx, 10, 64); err != nil {
			return nil, "", fmt.Errorf("sqlstore: feed transaction %q: %w", tx, err)
		}
		n++
		if k == kind && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, "", fmt.Errorf("sqlstore: read the feed: %w", err)
	}
	if n == 0 {
		return nil, after, nil
	}
	return ids, cur.String(), nil
}
