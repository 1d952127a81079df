package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// complaintStore is the complaint.Store: the tables complaints (one row per
// complaint, the record as JSON), complaint_departments (one row per
// department a complaint was forwarded to, C2.1), complaint_events (the
// history) and complaint_deliveries (one row per month).
type complaintStore struct{ db *DB }

var _ complaint.Store = (*complaintStore)(nil)

func complaintNotFound(id string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "complaint_not_found", "投诉 %s 不存在", id)
}

// Save implements complaint.Store.
func (s *complaintStore) Save(ctx context.Context, c *complaint.Complaint, events []complaint.Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := complaint.CheckBatch(c, events); err != nil {
		return err
	}
	if err := checkID("投诉", c.ID); err != nil {
		return err
	}
	body, rec, err := encode("complaint "+c.ID, c)
	if err != nil {
		return err
	}
	lines, err := encodeEvents(c.ID, events, func(e *complaint.Event) (int, string, time.Time) { return e.Seq, string(e.Type), e.At })
	if err != nil {
		return err
	}
	db := s.db
	prev := events[0].Seq - 1
	return db.write(ctx, "save complaint "+c.ID, func(tx *sql.Tx) error {
		cols := []any{rec.Version, db.col(rec.Complainant.ID), db.col(rec.ProjectID), db.col(rec.RequestID),
			db.col(string(rec.Status)), nanos(rec.ReceivedAt), nanos(rec.UpdatedAt), body}
		if prev == 0 {
			n, err := db.exec(ctx, tx, "insert complaint "+c.ID, `INSERT INTO complaints
				(version, complainant_id, project_id, request_id, status, received_ns, updated_ns, body, id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, append(cols, c.ID)...)
			if err != nil {
				return err
			}
			if n == 0 {
				return aftersales.Errorf(aftersales.KindConflict, "complaint_exists", "投诉 %s 已存在", c.ID)
			}
		} else {
			n, err := db.exec(ctx, tx, "update complaint "+c.ID, `UPDATE complaints
				SET version = ?, complainant_id = ?, project_id = ?, request_id = ?, status = ?, received_ns = ?,
				    updated_ns = ?, body = ?
				WHERE id = ? AND version = ?`, append(cols, c.ID, prev)...)
			if err != nil {
				return err
			}
			if n == 0 {
				return complaintLog.stale(ctx, db, tx, c.ID, prev)
			}
		}
		// C2.1: the departments the complaint was forwarded to; parts are
		// only ever added.
		for _, p := range rec.Parts {
			if _, err := db.exec(ctx, tx, "save complaint "+c.ID+" department", `INSERT INTO complaint_departments
				(department, complaint_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, db.col(p.Department), c.ID); err != nil {
				return err
			}
		}
		return complaintLog.append(ctx, db, tx, c.ID, lines)
	})
}

func decodeComplaint(id, body string, version int) (*complaint.Complaint, error) {
	c, err := decode[complaint.Complaint]("complaint "+id, body)
	if err != nil {
		return nil, err
	}
	if c.ID != id || c.Version != version {
		return nil, fmt.Errorf("sqlstore: complaint %s: the body is %s version %d, the row version %d", id, c.ID, c.Version, version)
	}
	return c, nil
}

// Get implements complaint.Store.
func (s *complaintStore) Get(ctx context.Context, id string) (*complaint.Complaint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !storableID(id) {
		return nil, complaintNotFound(id)
	}
	var body string
	var version int
	err := s.db.r.QueryRowContext(ctx, s.db.q(`SELECT body, version FROM complaints WHERE id = ?`), id).Scan(&body, &version)
	if errNoRows(err) {
		return nil, complaintNotFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get complaint %s: %w", id, err)
	}
	return decodeComplaint(id, body, version)
}

// History implements complaint.Store.
func (s *complaintStore) History(ctx context.Context, id string) ([]complaint.Event, error) {
	return readEvents(ctx, s.db, complaintLog, id, func(e *complaint.Event) (int, string) { return e.Seq, e.ComplaintID })
}

// List implements complaint.Store. Columns answer every field of q;
// Query.Matches checks every row again and has the last word, and the
// limit counts what it keeps.
func (s *complaintStore) List(ctx context.Context, q complaint.Query) ([]*complaint.Complaint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	db := s.db
	var where []string
	var args []any
	exact := true
	eq := func(col, v string) {
		a, ok := db.arg(v)
		exact = exact && ok
		where = append(where, col+" = ?")
		args = append(args, a)
	}
	if q.AfterID != "" {
		a, ok := db.afterArg(q.AfterID)
		exact = exact && ok
		where = append(where, "id > ?")
		args = append(args, a)
	}
	if q.ComplainantID != "" {
		eq("complainant_id", q.ComplainantID)
	}
	if q.ProjectID != "" {
		eq("project_id", q.ProjectID)
	}
	if q.RequestID != "" {
		eq("request_id", q.RequestID)
	}
	if q.Department != "" {
		a, ok := db.arg(q.Department)
		exact = exact && ok
		where = append(where, "id IN (SELECT complaint_id FROM complaint_departments WHERE department = ?)")
		args = append(args, a)
	}
	if len(q.Statuses) > 0 {
		where = append(where, "status IN ("+placeholders(len(q.Statuses))+")")
		for _, st := range q.Statuses {
			a, ok := db.arg(string(st))
			exact = exact && ok
			args = append(args, a)
		}
	}
	window := func(t time.Time, cond string) {
		if t.IsZero() {
			return
		}
		if n, ok := bound(t); ok {
			where = append(where, cond)
			args = append(args, n)
		} else {
			exact = false
		}
	}
	window(q.ReceivedFrom, "received_ns >= ?")
	window(q.ReceivedTo, "received_ns < ?")
	query := "SELECT id, body, version FROM complaints"
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY id"
	if exact && q.Limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", q.Limit)
	}
	rows, err := db.r.QueryContext(ctx, db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list complaints: %w", err)
	}
	defer rows.Close()
	var out []*complaint.Complaint
	for (q.Limit <= 0 || len(out) < q.Limit) && rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return nil, fmt.Errorf("sqlstore: list complaints: %w", err)
		}
		c, err := decodeComplaint(id, body, version)
		if err != nil {
			return nil, err
		}
		if q.Matches(c) {
			out = append(out, c)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list complaints: %w", err)
	}
	return out, nil
}

// monthKey orders months: year*12 + month-1.
func monthKey(m complaint.Month) int64 { return int64(m.Year)*12 + int64(m.Month) - 1 }

// SaveDelivery implements complaint.Store.
func (s *complaintStore) SaveDelivery(ctx context.Context, d complaint.Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d.Month.Month < time.January || d.Month.Month > time.December {
		return invalid("month_invalid", "月份 %s 无效", d.Month)
	}
	body, rec, err := encode("delivery of "+d.Month.String(), &d)
	if err != nil {
		return err
	}
	db := s.db
	return db.write(ctx, "save delivery "+d.Month.String(), func(tx *sql.Tx) error {
		n, err := db.exec(ctx, tx, "insert delivery "+d.Month.String(),
			`INSERT INTO complaint_deliveries (month_key, month, at_ns, body) VALUES (?, ?, ?, ?)
			ON CONFLICT (month_key) DO NOTHING`, monthKey(rec.Month), rec.Month.String(), nanos(rec.At), body)
		if err != nil {
			return err
		}
		if n == 0 {
			return aftersales.Errorf(aftersales.KindConflict, "report_delivered", "%s 的客户投诉分析报告已经报送", d.Month)
		}
		return nil
	})
}

// Deliveries implements complaint.Store.
func (s *complaintStore) Deliveries(ctx context.Context) ([]complaint.Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := s.db.r.QueryContext(ctx, `SELECT month, body FROM complaint_deliveries ORDER BY month_key`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: deliveries: %w", err)
	}
	defer rows.Close()
	out := []complaint.Delivery{}
	for rows.Next() {
		var month, body string
		if err := rows.Scan(&month, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: deliveries: %w", err)
		}
		d, err := decode[complaint.Delivery]("delivery of "+month, body)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: deliveries: %w", err)
	}
	return out, nil
}
