package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// complaintStore is the complaint.Store: the tables complaints (one row per
// complaint, the record as JSON), complaint_departments (one row per
// department a complaint was forwarded to, C2.1), complaint_events (the
// history) and complaint_deliveries (one row per month).
type complaintStore struct {
	db *DB
	eventStore[complaint.Complaint, complaint.Event]
}

var _ complaint.Store = (*complaintStore)(nil)

func newComplaintStore(db *DB) *complaintStore {
	return &complaintStore{db: db, eventStore: eventStore[complaint.Complaint, complaint.Event]{
		records: records[complaint.Complaint]{table: "complaints", key: "id", what: "complaint",
			id:       func(c *complaint.Complaint) string { return c.ID },
			version:  func(c *complaint.Complaint) int { return c.Version },
			notFound: complaintNotFound},
		log:     eventLog{table: "complaint_events", owner: "complaint_id", what: "complaint", notFound: complaintNotFound},
		noun:    "投诉",
		columns: []string{"complainant_id", "project_id", "request_id", "status", "received_ns", "updated_ns", "owing", "number", "next_due_ns"},
		row: func(db *DB, c *complaint.Complaint) []any {
			owing := 0
			if complaint.Owes(c) {
				owing = 1
			}
			return []any{db.col(c.Complainant.ID), db.col(c.ProjectID), db.col(c.RequestID), db.col(string(c.Status)),
				nanos(c.ReceivedAt), nanos(c.UpdatedAt), owing, db.col(c.Number), complaintNextDue(c)}
		},
		event: func(e *complaint.Event) (int, string, time.Time) { return e.Seq, string(e.Type), e.At },
		owner: func(e *complaint.Event) (int, string) { return e.Seq, e.ComplaintID },
		check: complaint.CheckBatch,
		exists: func(id string) error {
			return aftersales.Errorf(aftersales.KindConflict, "complaint_exists", "投诉 %s 已存在", id)
		},
		parts:  saveComplaintRows,
		search: complaint.SearchText,
		quick:  true,
	}}
}

// complaintNextDue returns when c's next deadline falls due
// (complaint.NextDue: pending, its clock running), in nanos, or nil (NULL)
// if none runs.
func complaintNextDue(c *complaint.Complaint) any {
	if due, ok := complaint.NextDue(c); ok {
		return nanos(due)
	}
	return nil
}

// backfillComplaintNextDue fills complaints.next_due_ns (migration 27)
// from the complaints stored before it.
func backfillComplaintNextDue(ctx context.Context, db *DB, tx *sql.Tx) error {
	type row struct {
		id  string
		due any
	}
	var all []row
	err := eachStoredRow(ctx, tx, "complaints", func(id, body string, _ int) error {
		c, err := decode[complaint.Complaint]("complaint "+id, body)
		if err != nil {
			return err
		}
		all = append(all, row{id, complaintNextDue(c)})
		return nil
	})
	if err != nil {
		return err
	}
	for _, x := range all {
		if x.due == nil {
			continue
		}
		if _, err := db.exec(ctx, tx, "next due of "+x.id, `UPDATE complaints SET next_due_ns = ? WHERE id = ?`, x.due, x.id); err != nil {
			return err
		}
	}
	return nil
}

func complaintNotFound(id string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "complaint_not_found", "投诉 %s 不存在", id)
}

// saveComplaintRows writes the side tables of c: its departments and its
// tally.
func saveComplaintRows(ctx context.Context, db *DB, tx *sql.Tx, c *complaint.Complaint, created bool) error {
	if err := saveComplaintDepartments(ctx, db, tx, c, created); err != nil {
		return err
	}
	return saveComplaintTally(ctx, db, tx, c, created)
}

// saveComplaintDepartments writes complaint_departments: the departments
// c was forwarded to (C2.1). Parts are only ever added.
func saveComplaintDepartments(ctx context.Context, db *DB, tx *sql.Tx, c *complaint.Complaint, _ bool) error {
	for _, p := range c.Parts {
		if _, err := db.exec(ctx, tx, "save complaint "+c.ID+" department", `INSERT INTO complaint_departments
			(department, complaint_id) VALUES (?, ?) ON CONFLICT DO NOTHING`, db.col(p.Department), c.ID); err != nil {
			return err
		}
	}
	return nil
}

// Save implements complaint.Store.
func (s *complaintStore) Save(ctx context.Context, c *complaint.Complaint, events []complaint.Event) error {
	return s.save(ctx, s.db, c, events)
}

// Get implements complaint.Store.
func (s *complaintStore) Get(ctx context.Context, id string) (*complaint.Complaint, error) {
	return s.get(ctx, s.db, id)
}

// History implements complaint.Store.
func (s *complaintStore) History(ctx context.Context, id string) ([]complaint.Event, error) {
	return s.history(ctx, s.db, id)
}

// List implements complaint.Store. Columns answer every field of q;
// Query.Matches checks every row again and has the last word, and the
// limit counts what it keeps.
func (s *complaintStore) List(ctx context.Context, q complaint.Query) ([]*complaint.Complaint, error) {
	if q.SoonestDueFirst {
		return s.listSoonestDue(ctx, q)
	}
	f, err := s.filter(ctx, q)
	if err != nil {
		return nil, err
	}
	switch {
	case q.NewestFirst:
		return s.listNewestFirst(ctx, s.db, f, q.Before, q.Limit, q.Matches, complaint.SortNewestFirst)
	}
	return s.list(ctx, s.db, f, q.Limit, q.Matches)
}

// listSoonestDue answers q.SoonestDueFirst from the index
// complaints_next_due, in complaint.SoonestDue's order (next_due_ns is the
// NextDue instant; ids compare bytewise). On SQLite the statuses are
// checked on the rows read (q.Matches), which stop at the page, not in
// SQL: a condition on them leads SQLite, which keeps no statistics, to
// read every open complaint and sort them, while nearly every complaint
// with a running deadline is open anyway. PostgreSQL plans from its
// statistics, and its driver reads a result to its end even when the
// caller stops early: there the statuses stay in the SQL, with its LIMIT.
func (s *complaintStore) listSoonestDue(ctx context.Context, q complaint.Query) ([]*complaint.Complaint, error) {
	sq := q
	if !s.db.pg() {
		sq.Statuses = nil
	}
	f, err := s.filter(ctx, sq)
	if err != nil {
		return nil, err
	}
	f.conds = append(f.conds, "next_due_ns IS NOT NULL")
	f.exact = f.exact && len(sq.Statuses) == len(q.Statuses)
	return s.listOrdered(ctx, s.db, f, "next_due_ns, id", q.Limit, q.Matches)
}

// Scan implements complaint.Scanner: the complaints of q in ID order, one
// row decoded at a time, so that a report over any number of them runs in
// constant memory. q.NewestFirst and q.Limit are not used.
func (s *complaintStore) Scan(ctx context.Context, q complaint.Query, fn func(*complaint.Complaint) error) error {
	f, err := s.filter(ctx, q)
	if err != nil {
		return err
	}
	return s.each(ctx, s.db, f, s.key, 0, q.Matches, fn)
}

var _ complaint.Scanner = (*complaintStore)(nil)

// filter answers every field of q but the order and the page in SQL.
func (s *complaintStore) filter(ctx context.Context, q complaint.Query) (*filter, error) {
	f := s.db.filter()
	f.after(q.AfterID)
	f.text("complainant_id = ?", q.ComplainantID)
	f.text("project_id = ?", q.ProjectID)
	f.text("request_id = ?", q.RequestID)
	f.text("id IN (SELECT complaint_id FROM complaint_departments WHERE department = ?)", q.Department)
	statuses := make([]string, len(q.Statuses))
	for i, x := range q.Statuses {
		statuses[i] = string(x)
	}
	f.in("status", statuses)
	f.instant("received_ns >= ?", q.ReceivedFrom)
	f.instant("received_ns < ?", q.ReceivedTo)
	// As a subquery, so that SQLite reads it from its index
	// complaints_next_due rather than walk every open complaint.
	f.instant("id IN (SELECT id FROM complaints WHERE next_due_ns < ?)", q.DueBefore)
	if err := f.search(ctx, "complaints", q.Text, q.TextNoContact); err != nil {
		return nil, err
	}
	return f, nil
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
