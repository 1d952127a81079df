package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// requestStore is the aftersales.Store: the table requests (one row per
// request, the record as JSON) with request_parts (the departments with a
// part, for Query.Department) and request_events (the history).
type requestStore struct{ db *DB }

var _ aftersales.Store = (*requestStore)(nil)

func requestNotFound(id string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "request_not_found", "售后需求 %s 不存在", id)
}

// nextDue returns the instant, in nanos, of r's earliest pending deadline,
// or nil (NULL) if none is pending. Query.PendingDueBefore asks whether
// some pending deadline is due before an instant, which is whether the
// earliest is.
func nextDue(r *aftersales.Request) any {
	var due *int64
	for _, d := range r.Deadlines {
		if d.Pending() {
			if n := nanos(d.Due); due == nil || n < *due {
				due = &n
			}
		}
	}
	if due == nil {
		return nil
	}
	return *due
}

// Save implements aftersales.Store.
func (s *requestStore) Save(ctx context.Context, r *aftersales.Request, events []aftersales.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := aftersales.CheckBatch(r, events); err != nil {
		return err
	}
	if err := checkID("售后需求", r.ID); err != nil {
		return err
	}
	body, rec, err := encode("request "+r.ID, r)
	if err != nil {
		return err
	}
	lines, err := encodeEvents(r.ID, events, func(e *aftersales.Event) (int, string, time.Time) { return e.Seq, string(e.Type), e.At })
	if err != nil {
		return err
	}
	db := s.db
	prev := events[0].Seq - 1
	return db.write(ctx, "save request "+r.ID, func(tx *sql.Tx) error {
		cols := []any{rec.Version, db.col(rec.ProjectID), db.col(rec.Customer.ID), db.col(string(rec.Status)),
			nanos(rec.ReceivedAt), nextDue(rec), nanos(rec.UpdatedAt), body}
		if prev == 0 {
			n, err := db.exec(ctx, tx, "insert request "+r.ID, `INSERT INTO requests
				(version, project_id, customer_id, status, received_ns, next_due_ns, updated_ns, body, id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, append(cols, r.ID)...)
			if err != nil {
				return err
			}
			if n == 0 {
				return aftersales.Errorf(aftersales.KindConflict, "request_exists", "售后需求 %s 已存在", r.ID)
			}
		} else {
			n, err := db.exec(ctx, tx, "update request "+r.ID, `UPDATE requests
				SET version = ?, project_id = ?, customer_id = ?, status = ?, received_ns = ?, next_due_ns = ?,
				    updated_ns = ?, body = ?
				WHERE id = ? AND version = ?`, append(cols, r.ID, prev)...)
			if err != nil {
				return err
			}
			if n == 0 {
				return requestLog.stale(ctx, db, tx, r.ID, prev)
			}
			if _, err := db.exec(ctx, tx, "delete parts of "+r.ID, `DELETE FROM request_parts WHERE request_id = ?`, r.ID); err != nil {
				return err
			}
		}
		seen := map[string]bool{}
		for _, p := range rec.Parts {
			dept := db.col(p.Department)
			if seen[dept] {
				continue
			}
			seen[dept] = true
			if _, err := db.exec(ctx, tx, "insert part of "+r.ID,
				`INSERT INTO request_parts (department, request_id) VALUES (?, ?)`, dept, r.ID); err != nil {
				return err
			}
		}
		return requestLog.append(ctx, db, tx, r.ID, lines)
	})
}

// decodeRequest decodes a request's body and checks it against its row.
func decodeRequest(id, body string, version int) (*aftersales.Request, error) {
	r, err := decode[aftersales.Request]("request "+id, body)
	if err != nil {
		return nil, err
	}
	if r.ID != id || r.Version != version {
		return nil, fmt.Errorf("sqlstore: request %s: the body is %s version %d, the row version %d", id, r.ID, r.Version, version)
	}
	return r, nil
}

// Get implements aftersales.Store.
func (s *requestStore) Get(ctx context.Context, id string) (*aftersales.Request, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !storableID(id) {
		return nil, requestNotFound(id)
	}
	var body string
	var version int
	err := s.db.r.QueryRowContext(ctx, s.db.q(`SELECT body, version FROM requests WHERE id = ?`), id).Scan(&body, &version)
	if errNoRows(err) {
		return nil, requestNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get request %s: %w", id, err)
	}
	return decodeRequest(id, body, version)
}

// History implements aftersales.Store.
func (s *requestStore) History(ctx context.Context, id string) ([]aftersales.Event, error) {
	return readEvents(ctx, s.db, requestLog, id, func(e *aftersales.Event) (int, string) { return e.Seq, e.RequestID })
}

// List implements aftersales.Store. Columns answer every field of q (the
// department through request_parts); Query.Matches checks every row again
// and has the last word, and the limit counts what it keeps. When the SQL
// answers q exactly (the usual case: it does not when PendingDueBefore is
// outside the years 1678–2262) the limit is also the SQL's.
func (s *requestStore) List(ctx context.Context, q aftersales.Query) ([]*aftersales.Request, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	var where []string
	var args []any
	exact := true
	eq := func(cond string, v string) {
		a, ok := db.arg(v)
		exact = exact && ok
		where = append(where, cond)
		args = append(args, a)
	}
	in := func(col string, vals []string) {
		where = append(where, col+" IN ("+placeholders(len(vals))+")")
		for _, v := range vals {
			a, ok := db.arg(v)
			exact = exact && ok
			args = append(args, a)
		}
	}
	if q.AfterID != "" {
		a, ok := db.afterArg(q.AfterID)
		exact = exact && ok
		where = append(where, "id > ?")
		args = append(args, a)
	}
	if len(q.ProjectIDs) > 0 {
		in("project_id", q.ProjectIDs)
	}
	if q.Department != "" {
		eq("EXISTS (SELECT 1 FROM request_parts p WHERE p.department = ? AND p.request_id = requests.id)", q.Department)
	}
	if q.CustomerID != "" {
		eq("customer_id = ?", q.CustomerID)
	}
	if len(q.Statuses) > 0 {
		st := make([]string, len(q.Statuses))
		for i, x := range q.Statuses {
			st[i] = string(x)
		}
		in("status", st)
	}
	if !q.PendingDueBefore.IsZero() {
		if n, ok := bound(q.PendingDueBefore); ok {
			where = append(where, "next_due_ns < ?")
			args = append(args, n)
		} else {
			exact = false
		}
	}
	query := "SELECT id, body, version FROM requests"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY id"
	if exact && q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := db.r.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list requests: %w", err)
	}
	defer rows.Close()
	out := []*aftersales.Request{}
	for (q.Limit <= 0 || len(out) < q.Limit) && rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return nil, fmt.Errorf("sqlstore: list requests: %w", err)
		}
		r, err := decodeRequest(id, body, version)
		if err != nil {
			return nil, err
		}
		if q.Matches(r) {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list requests: %w", err)
	}
	return out, nil
}
