package sqlstore

import (
	"context"
	"database/sql"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/examples/server/notify"
)

// Deliveries are the notices' outbox (table deliveries, migration 0018):
// the notify.DeliveryLog of the server's Router, and the delivery log the
// desk shows.
type Deliveries struct{ db *DB }

var _ notify.DeliveryLog = (*Deliveries)(nil)

// Deliveries returns the notices' outbox.
func (db *DB) Deliveries() *Deliveries { return db.deliveries }

// reachedSQL reads a notice's rows, one per channel, by the primary key.
// The state is checked in Go: with "state = ?" in the SQL, SQLite, which
// keeps no statistics, reads the index on state instead, that is every
// delivery ever sent.
const reachedSQL = `SELECT channel, state FROM deliveries WHERE key = ?`

// Reached implements notify.DeliveryLog.
func (x *Deliveries) Reached(ctx context.Context, key string) (_ map[string]bool, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := x.db
	defer func(start time.Time) { db.observe("read", "deliveries", start, err) }(time.Now())
	out := map[string]bool{}
	if !storableID(key) {
		return out, nil
	}
	rows, err := db.r.QueryContext(ctx, db.q(reachedSQL), key)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: read the deliveries of %s: %w", key, err)
	}
	defer rows.Close()
	for rows.Next() {
		var c, state string
		if err := rows.Scan(&c, &state); err != nil {
			return nil, fmt.Errorf("sqlstore: read the deliveries of %s: %w", key, err)
		}
		if state == notify.DeliverySent {
			out[c] = true
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: read the deliveries of %s: %w", key, err)
	}
	return out, nil
}

// Try implements notify.DeliveryLog: the row of d, pending, with one
// attempt more; a delivery already sent is left as it is, and false
// returned.
func (x *Deliveries) Try(ctx context.Context, d notify.Delivery) (bool, error) {
	if err := x.check(d); err != nil {
		return false, err
	}
	db := x.db
	var n int64
	err := db.write(ctx, "try delivery", func(tx *sql.Tx) error {
		var err error
		n, err = db.exec(ctx, tx, "try delivery", `INSERT INTO deliveries
			(key, channel, via, subject, kind, clause, message, state, error, attempts, at_ns, sent_ns)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, '', 1, ?, NULL)
			ON CONFLICT (key, channel) DO UPDATE SET state = excluded.state, attempts = deliveries.attempts + 1,
				at_ns = excluded.at_ns, via = excluded.via, message = excluded.message
			WHERE deliveries.state <> ?`,
			d.Key, d.Channel, db.col(d.Via), db.col(d.Subject), db.col(d.Kind), db.col(d.Clause), db.col(d.Message),
			notify.DeliveryPending, nanos(d.At), notify.DeliverySent)
		return err
	})
	return n > 0, err
}

// Done implements notify.DeliveryLog.
func (x *Deliveries) Done(ctx context.Context, d notify.Delivery) error {
	if err := x.check(d); err != nil {
		return err
	}
	var sent any // NULL until sent
	if !d.SentAt.IsZero() {
		sent = nanos(d.SentAt)
	}
	db := x.db
	return db.write(ctx, "delivery done", func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, "delivery done", `UPDATE deliveries SET state = ?, error = ?, at_ns = ?, sent_ns = ?
			WHERE key = ? AND channel = ? AND state <> ?`,
			d.State, db.col(d.Error), nanos(d.At), sent, d.Key, d.Channel, notify.DeliverySent)
		return err
	})
}

// check refuses a delivery whose key or channel cannot be a key.
func (x *Deliveries) check(d notify.Delivery) error {
	if d.Key == "" || d.Channel == "" || !storableID(d.Key) || !storableID(d.Channel) {
		return invalid("delivery_invalid", "通知送达记录的键或渠道无效")
	}
	return nil
}

// DeliveryQuery selects deliveries, newest try first.
type DeliveryQuery struct {
	Subject string // only the notices about this record ("" every one)
	Channel string // only the deliveries by this channel, such as a person's desk ("" every one)
	State   string // only the deliveries in this state ("" every one)
	After   string // the cursor of the page before (DeliveryPage.Next)
	Limit   int    // at most this many; 0 or less: 50
}

// DeliveryPage is a page of deliveries, and the cursor of the next ("" at
// the end).
type DeliveryPage struct {
	Deliveries []notify.Delivery
	Next       string
}

// deliveryCursor is the last row of a page, in the list's order.
type deliveryCursor struct {
	At      int64  `json:"t"`
	Key     string `json:"k"`
	Channel string `json:"c"`
}

// errDeliveryCursor is the error of a cursor List cannot read (code
// cursor_invalid).
func errDeliveryCursor() error {
	return invalid("cursor_invalid", "翻页参数无效，请从第一页重新开始")
}

// List returns a page of the deliveries q selects, newest try first.
func (x *Deliveries) List(ctx context.Context, q DeliveryQuery) (_ DeliveryPage, err error) {
	if err := ctx.Err(); err != nil {
		return DeliveryPage{}, err
	}
	db := x.db
	defer func(start time.Time) { db.observe("read", "deliveries", start, err) }(time.Now())
	limit := q.Limit
	if limit <= 0 {
		limit = 50
	}
	f := db.filter()
	f.text("subject = ?", q.Subject)
	f.text("state = ?", q.State)
	f.text("channel = ?", q.Channel)
	if q.After != "" {
		b, err := base64.RawURLEncoding.DecodeString(q.After)
		var c deliveryCursor
		if err != nil || json.Unmarshal(b, &c) != nil || !storableID(c.Key) || !storableID(c.Channel) {
			return DeliveryPage{}, errDeliveryCursor()
		}
		f.conds = append(f.conds, "(at_ns < ? OR (at_ns = ? AND (key < ? OR (key = ? AND channel < ?))))")
		f.args = append(f.args, c.At, c.At, c.Key, c.Key, c.Channel)
	}
	rows, err := db.r.QueryContext(ctx, db.q(`SELECT key, channel, via, subject, kind, clause, message, state, error, attempts, at_ns, sent_ns
		FROM deliveries`+f.where()+` ORDER BY at_ns DESC, key DESC, channel DESC LIMIT ?`), append(f.args, limit+1)...)
	if err != nil {
		return DeliveryPage{}, fmt.Errorf("sqlstore: list deliveries: %w", err)
	}
	defer rows.Close()
	var out DeliveryPage
	for rows.Next() {
		var d notify.Delivery
		var at int64
		var sent sql.NullInt64
		if err := rows.Scan(&d.Key, &d.Channel, &d.Via, &d.Subject, &d.Kind, &d.Clause, &d.Message, &d.State, &d.Error,
			&d.Attempts, &at, &sent); err != nil {
			return DeliveryPage{}, fmt.Errorf("sqlstore: list deliveries: %w", err)
		}
		d.At = time.Unix(0, at).UTC()
		if sent.Valid {
			d.SentAt = time.Unix(0, sent.Int64).UTC()
		}
		out.Deliveries = append(out.Deliveries, d)
	}
	if err := rows.Err(); err != nil {
		return DeliveryPage{}, fmt.Errorf("sqlstore: list deliveries: %w", err)
	}
	if len(out.Deliveries) > limit {
		out.Deliveries = out.Deliveries[:limit]
		last := out.Deliveries[limit-1]
		b, _ := json.Marshal(deliveryCursor{At: nanos(last.At), Key: last.Key, Channel: last.Channel})
		out.Next = base64.RawURLEncoding.EncodeToString(b)
	}
	return out, nil
}
