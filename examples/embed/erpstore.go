package main

import (
	"context"
	"database/sql"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// schemaSQL creates the pretend ERP's tables if they are missing.
//
//go:embed schema.sql
var schemaSQL string

// erpStatus maps the after-sales statuses to the ERP's own status codes,
// which its screens and reports already use.
var erpStatus = map[aftersales.Status]string{
	aftersales.StatusRegistered:         "10",
	aftersales.StatusInProgress:         "20",
	aftersales.StatusAwaitingAcceptance: "30",
	aftersales.StatusAccepted:           "40",
	aftersales.StatusClosed:             "90",
	aftersales.StatusWithdrawn:          "99",
}

// statusCode returns the ERP status code of s. A status this table does
// not know yet is stored under its own name, so that it still filters.
func statusCode(s aftersales.Status) string {
	if c, ok := erpStatus[s]; ok {
		return c
	}
	return string(s)
}

// ERPStore is an aftersales.Store over the ERP's own tables:
// erp_service_ticket holds one row per request with the columns the ERP
// uses and the whole record as JSON, and erp_ticket_log one line per event.
// It passes the storetest conformance suite.
//
// Save is one transaction: an INSERT of the ticket for a new request (its
// primary key refuses a second one) or an UPDATE guarded by row_version
// (optimistic locking: zero rows affected is a conflict), then the log
// lines, then COMMIT. List filters in SQL where a column answers the query
// (project, customer, status, the earliest pending deadline, paging) and
// uses Query.Matches for the rest.
type ERPStore struct {
	db *sql.DB
}

var _ aftersales.Store = (*ERPStore)(nil)

// OpenERPStore opens (creating if need be) the SQLite database at path and
// its tables. Close it when done.
func OpenERPStore(ctx context.Context, path string) (*ERPStore, error) {
	// A file: URI, so that a path with '?', '#' or '%' in it is still one
	// file name; WAL and a busy timeout so that other processes (the ERP
	// itself) can read while the store writes.
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() +
		"?_pragma=busy_timeout(5000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_txlock=immediate"
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("打开 ERP 数据库 %s：%w", path, err)
	}
	// One connection: SQLite has one writer anyway, and database/sql then
	// queues the goroutines instead of SQLite answering SQLITE_BUSY.
	db.SetMaxOpenConns(1)
	if _, err := db.ExecContext(ctx, schemaSQL); err != nil {
		db.Close()
		return nil, fmt.Errorf("创建 ERP 表 %s：%w", path, err)
	}
	return &ERPStore{db: db}, nil
}

// Close closes the database.
func (s *ERPStore) Close() error { return s.db.Close() }

// cstText formats t as the ERP's columns hold times: Beijing time, to the
// second.
func cstText(t time.Time) string { return t.In(calendar.CST()).Format(time.DateTime) }

// nextDue returns the earliest pending deadline of r in Unix nanoseconds,
// or nil (NULL) if none is pending. Query.PendingDueBefore asks whether
// some pending deadline is due before an instant, which is whether the
// earliest one is.
func nextDue(r *aftersales.Request) any {
	var min *time.Time
	for _, d := range r.Deadlines {
		if d.Pending() && (min == nil || d.Due.Before(*min)) {
			due := d.Due
			min = &due
		}
	}
	switch {
	case min == nil:
		return nil
	case inNanoRange(*min):
		return min.UnixNano()
	case min.Before(minNano):
		return int64(math.MinInt64)
	}
	return int64(math.MaxInt64)
}

// The instants Unix nanoseconds in an int64 can hold (years 1678 to 2262).
var (
	minNano = time.Unix(0, math.MinInt64)
	maxNano = time.Unix(0, math.MaxInt64)
)

func inNanoRange(t time.Time) bool { return !t.Before(minNano) && !t.After(maxNano) }

// isDuplicateKey reports whether err is SQLite refusing a row whose key
// exists.
func isDuplicateKey(err error) bool {
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return false
	}
	switch se.Code() {
	case sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY, sqlite3.SQLITE_CONSTRAINT_UNIQUE:
		return true
	}
	return false
}

func notFound(id string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "request_not_found", "售后需求 %s 不存在", id)
}

// Save implements aftersales.Store.
func (s *ERPStore) Save(ctx context.Context, r *aftersales.Request, events []aftersales.Event) error {
	// A batch that cannot continue the history is the caller's mistake:
	// refused before the transaction opens.
	if err := aftersales.CheckBatch(r, events); err != nil {
		return err
	}
	body, err := json.Marshal(r)
	if err != nil {
		return fmt.Errorf("erp store: encode request %s: %w", r.ID, err)
	}
	prev := events[0].Seq - 1

	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("erp store: begin: %w", err)
	}
	defer tx.Rollback() // a no-op after Commit

	if prev == 0 {
		_, err = tx.ExecContext(ctx, `INSERT INTO erp_service_ticket
			(ticket_no, cust_no, cust_name, project_code, status_code, row_version, due_next_ns, body_json, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.ID, r.Customer.ID, r.Customer.Name, r.ProjectID, statusCode(r.Status), r.Version, nextDue(r), string(body), cstText(r.UpdatedAt))
		if isDuplicateKey(err) {
			return aftersales.Errorf(aftersales.KindConflict, "request_exists", "售后需求 %s 已存在", r.ID)
		}
		if err != nil {
			return fmt.Errorf("erp store: insert ticket %s: %w", r.ID, err)
		}
	} else {
		res, err := tx.ExecContext(ctx, `UPDATE erp_service_ticket
			SET cust_no = ?, cust_name = ?, project_code = ?, status_code = ?, row_version = ?,
			    due_next_ns = ?, body_json = ?, updated_at = ?
			WHERE ticket_no = ? AND row_version = ?`,
			r.Customer.ID, r.Customer.Name, r.ProjectID, statusCode(r.Status), r.Version,
			nextDue(r), string(body), cstText(r.UpdatedAt), r.ID, prev)
		if err != nil {
			return fmt.Errorf("erp store: update ticket %s: %w", r.ID, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("erp store: update ticket %s: %w", r.ID, err)
		}
		if n != 1 {
			var cur int
			err := tx.QueryRowContext(ctx, `SELECT row_version FROM erp_service_ticket WHERE ticket_no = ?`, r.ID).Scan(&cur)
			if errors.Is(err, sql.ErrNoRows) {
				return notFound(r.ID)
			}
			if err != nil {
				return fmt.Errorf("erp store: read ticket %s: %w", r.ID, err)
			}
			return aftersales.Errorf(aftersales.KindConflict, "version_conflict",
				"售后需求 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", r.ID, cur, prev)
		}
	}

	for _, e := range events {
		line, err := json.Marshal(e)
		if err != nil {
			return fmt.Errorf("erp store: encode event %s/%d: %w", r.ID, e.Seq, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO erp_ticket_log (ticket_no, line_no, event_type, event_json, logged_at)
			VALUES (?, ?, ?, ?, ?)`, r.ID, e.Seq, string(e.Type), string(line), cstText(e.At))
		if isDuplicateKey(err) {
			// The ticket's row_version lagged behind its log: someone wrote
			// the log without the ticket. Refuse, as for any stale write.
			return aftersales.Errorf(aftersales.KindConflict, "version_conflict",
				"售后需求 %s 的日志第 %d 行已存在，请刷新后重试", r.ID, e.Seq)
		}
		if err != nil {
			return fmt.Errorf("erp store: insert log %s/%d: %w", r.ID, e.Seq, err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("erp store: commit %s: %w", r.ID, err)
	}
	return nil
}

// decodeTicket decodes a ticket's JSON and checks it against its row.
func decodeTicket(id, body string, version int) (*aftersales.Request, error) {
	r := new(aftersales.Request)
	if err := json.Unmarshal([]byte(body), r); err != nil {
		return nil, fmt.Errorf("erp store: decode ticket %s: %w", id, err)
	}
	if r.ID != id || r.Version != version {
		return nil, fmt.Errorf("erp store: ticket %s: body is %s version %d, row is version %d", id, r.ID, r.Version, version)
	}
	return r, nil
}

// Get implements aftersales.Store.
func (s *ERPStore) Get(ctx context.Context, id string) (*aftersales.Request, error) {
	var body string
	var version int
	err := s.db.QueryRowContext(ctx, `SELECT body_json, row_version FROM erp_service_ticket WHERE ticket_no = ?`, id).
		Scan(&body, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("erp store: get %s: %w", id, err)
	}
	return decodeTicket(id, body, version)
}

// History implements aftersales.Store.
func (s *ERPStore) History(ctx context.Context, id string) ([]aftersales.Event, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT line_no, event_json FROM erp_ticket_log WHERE ticket_no = ? ORDER BY line_no`, id)
	if err != nil {
		return nil, fmt.Errorf("erp store: history %s: %w", id, err)
	}
	defer rows.Close()
	var out []aftersales.Event
	for rows.Next() {
		var line int
		var text string
		if err := rows.Scan(&line, &text); err != nil {
			return nil, fmt.Errorf("erp store: history %s: %w", id, err)
		}
		var e aftersales.Event
		if err := json.Unmarshal([]byte(text), &e); err != nil {
			return nil, fmt.Errorf("erp store: decode log %s/%d: %w", id, line, err)
		}
		if e.Seq != line || e.RequestID != id {
			return nil, fmt.Errorf("erp store: log %s/%d holds event %s/%d", id, line, e.RequestID, e.Seq)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("erp store: history %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, notFound(id)
	}
	return out, nil
}

// List implements aftersales.Store. The columns answer the project, the
// customer, the statuses, the pending deadlines and the paging;
// Query.Matches checks every row again and answers the department, which
// only the JSON holds, and the received window, which the ticket table
// has no column for (and a PendingDueBefore outside the years 1678–2262,
// which due_next_ns cannot express). The limit is counted after that, and
// reading stops as soon as it has enough rows.
func (s *ERPStore) List(ctx context.Context, q aftersales.Query) ([]*aftersales.Request, error) {
	var where []string
	var args []any
	in := func(col string, vals []string) {
		where = append(where, col+" IN ("+strings.TrimSuffix(strings.Repeat("?, ", len(vals)), ", ")+")")
		for _, v := range vals {
			args = append(args, v)
		}
	}
	if q.AfterID != "" {
		where = append(where, "ticket_no > ?")
		args = append(args, q.AfterID)
	}
	if len(q.ProjectIDs) > 0 {
		in("project_code", q.ProjectIDs)
	}
	if q.CustomerID != "" {
		where = append(where, "cust_no = ?")
		args = append(args, q.CustomerID)
	}
	if len(q.Statuses) > 0 {
		codes := make([]string, len(q.Statuses))
		for i, st := range q.Statuses {
			codes[i] = statusCode(st)
		}
		in("status_code", codes)
	}
	if before := q.PendingDueBefore; !before.IsZero() && inNanoRange(before) {
		where = append(where, "due_next_ns < ?")
		args = append(args, before.UnixNano())
	}
	query := `SELECT ticket_no, body_json, row_version FROM erp_service_ticket`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	query += " ORDER BY ticket_no" // TEXT compares bytewise, as Go compares strings
	rows, err := s.db.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("erp store: list: %w", err)
	}
	defer rows.Close()
	// Newest first (Query.NewestFirst): the ERP's ticket table has no
	// receipt column to order on, so every match is read and sorted here,
	// and Query.Matches answers Before. An ERP with such a column orders
	// and pages in SQL, as the reference server's store does.
	limit := q.Limit
	if q.NewestFirst {
		limit = 0
	}
	var out []*aftersales.Request
	for (limit <= 0 || len(out) < limit) && rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return nil, fmt.Errorf("erp store: list: %w", err)
		}
		r, err := decodeTicket(id, body, version)
		if err != nil {
			return nil, err
		}
		if q.Matches(r) {
			out = append(out, r)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("erp store: list: %w", err)
	}
	if q.NewestFirst {
		aftersales.SortNewestFirst(out)
		if q.Limit > 0 && len(out) > q.Limit {
			out = out[:q.Limit]
		}
	}
	return out, nil
}
