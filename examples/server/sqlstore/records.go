package sqlstore

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// records is a table of aggregates R kept whole: one row per record with
// its key, its version and its JSON body (and, beside them, the columns
// List filters on). Table and column names are constants of this package,
// never input.
type records[R any] struct {
	table    string // such as "requests"
	key      string // its key column: "id", or "project_id"
	what     string // a record in English, for error context: "request"
	id       func(*R) string
	version  func(*R) int
	notFound func(id string) error
}

// decode decodes a record's body and checks it against its row.
func (t records[R]) decode(id, body string, version int) (*R, error) {
	r, err := decode[R](t.what+" "+id, body)
	if err != nil {
		return nil, err
	}
	if got, v := t.id(r), t.version(r); got != id || v != version {
		return nil, fmt.Errorf("sqlstore: %s %s: the body is %s version %d, the row version %d", t.what, id, got, v, version)
	}
	return r, nil
}

// get reads the record under id.
func (t records[R]) get(ctx context.Context, db *DB, id string) (_ *R, err error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	defer func(start time.Time) { db.observe("read", "get "+t.table, start, err) }(time.Now())
	if !storableID(id) {
		return nil, t.notFound(id)
	}
	var body string
	var version int
	err = db.r.QueryRowContext(ctx, db.q(`SELECT body, version FROM `+t.table+` WHERE `+t.key+` = ?`), id).Scan(&body, &version)
	if errNoRows(err) {
		return nil, t.notFound(id)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get %s %s: %w", t.what, id, err)
	}
	return t.decode(id, body, version)
}

// list reads the records f selects, in key order. matches, if not nil,
// checks every row again and has the last word; limit (0: none) counts
// what it keeps, and is also the SQL's when f is exact. It never returns
// a nil slice.
func (t records[R]) list(ctx context.Context, db *DB, f *filter, limit int, matches func(*R) bool) (_ []*R, err error) {
	if rs, ok, err := t.spreadOut(ctx, db, f, t.key, limit, matches, func(rs []*R) {
		slices.SortFunc(rs, func(a, b *R) int { return strings.Compare(t.id(a), t.id(b)) })
	}); ok {
		return rs, err
	}
	return t.listOrdered(ctx, db, f, t.key, limit, matches)
}

// spreadOut reads a page of f as one query per value of its spread
// condition (filter.spread: "status IN (…)" or "project_id IN (…)", each
// value read through its index on (column, order)), each limited, and
// keeps the first limit of them all in the order sort gives: the cost of
// a page per value, where one query would read every row of those values
// to sort them. ok is false when f has no such condition, or more values
// than maxSpread, or the SQL would not be exact: the caller reads it in
// one query.
func (t records[R]) spreadOut(ctx context.Context, db *DB, f *filter, order string, limit int, matches func(*R) bool,
	sort func([]*R)) (_ []*R, ok bool, err error) {
	sp := f.spread
	if sp == nil || !f.exact || f.few || limit <= 0 || sp.to-sp.from < 2 || sp.to-sp.from > maxSpread {
		return nil, false, nil
	}
	out := []*R{}
	for _, v := range f.args[sp.from:sp.to] {
		rs, err := t.listOrdered(ctx, db, f.only(v), order, limit, matches)
		if err != nil {
			return nil, true, err
		}
		out = append(out, rs...)
	}
	sort(out)
	if len(out) > limit {
		out = out[:limit]
	}
	return out, true, nil
}

// listOrdered is list in the order of the SQL order (an ORDER BY list).
func (t records[R]) listOrdered(ctx context.Context, db *DB, f *filter, order string, limit int, matches func(*R) bool) (_ []*R, err error) {
	out := []*R{}
	err = t.each(ctx, db, f, order, limit, matches, func(r *R) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// each calls fn, in the SQL order, for each record of f that matches, at
// most limit of them when limit is above 0, decoding one row at a time: a
// caller that keeps nothing reads any number in constant memory. An
// error of fn stops it and is returned.
func (t records[R]) each(ctx context.Context, db *DB, f *filter, order string, limit int, matches func(*R) bool, fn func(*R) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func(start time.Time) { db.observe("read", "list "+t.table, start, err) }(time.Now())
	query := "SELECT " + t.key + ", body, version FROM " + t.table + f.where() + " ORDER BY " + order
	if f.exact && limit > 0 {
		query += fmt.Sprintf(" LIMIT %d", limit)
	}
	if db.traceList != nil {
		db.traceList(query, f.args)
	}
	rows, err := db.r.QueryContext(ctx, db.q(query), f.args...)
	if err != nil {
		return fmt.Errorf("sqlstore: list %s: %w", t.table, err)
	}
	defer rows.Close()
	n := 0
	for (limit <= 0 || n < limit) && rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return fmt.Errorf("sqlstore: list %s: %w", t.table, err)
		}
		r, err := t.decode(id, body, version)
		if err != nil {
			return err
		}
		if matches == nil || matches(r) {
			n++
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: list %s: %w", t.table, err)
	}
	return nil
}

// filter collects the conditions of a list and their arguments. exact
// turns false when the SQL may select more rows than the query asks for
// (see DB.arg and bound), so that no LIMIT cuts them before the Query's
// Matches has removed the extra ones.
type filter struct {
	db    *DB
	conds []string
	args  []any
	exact bool
	// few is set when a condition selects at most searchCap rows by key
	// (a search through the index): the list then sorts those rather than
	// reading its order's index.
	few bool
	// spread is the "IN" condition a page may be read as one query per
	// value of (records.spreadOut), if any.
	spread *spread
}

// spread is an "IN" condition of a filter: its column, its place among
// the conditions and its arguments args[from:to].
type spread struct {
	col            string
	cond, from, to int
}

// spreadRank tells the columns whose "IN" a page reads one value at a
// time, by preference (0: not one of them): both lists' tables have an
// index on (column, received_ns, id) and one on (column, id) (migrations
// 0001 and 0028), which give each value's rows in either order of the
// lists. A project is preferred to a status: it selects fewer rows.
func spreadRank(col string) int {
	switch col {
	case "project_id":
		return 2
	case "status":
		return 1
	}
	return 0
}

// maxSpread is the most values a page is read one query per value for;
// beyond it, one query reads them all.
const maxSpread = 8

// only returns a copy of f whose spread condition keeps the one value v.
func (f *filter) only(v any) *filter {
	sp := f.spread
	g := *f
	g.spread = nil
	g.conds = slices.Clone(f.conds)
	g.conds[sp.cond] = sp.col + " = ?"
	g.args = append(append(slices.Clone(f.args[:sp.from]), v), f.args[sp.to:]...)
	return &g
}

// filter returns an empty filter, which selects every row.
func (db *DB) filter() *filter { return &filter{db: db, exact: true} }

// text adds cond, whose one ? is compared with the text v; an empty v adds
// nothing (the query does not ask).
func (f *filter) text(cond, v string) {
	if v == "" {
		return
	}
	a, ok := f.db.arg(v)
	f.exact = f.exact && ok
	f.conds = append(f.conds, cond)
	f.args = append(f.args, a)
}

// in adds "col IN (…)" for the text values vals, each once; none adds
// nothing.
func (f *filter) in(col string, vals []string) {
	if len(vals) == 0 {
		return
	}
	vals = slices.Compact(slices.Sorted(slices.Values(vals)))
	if rank := spreadRank(col); rank > 0 && (f.spread == nil || rank > spreadRank(f.spread.col)) {
		f.spread = &spread{col: col, cond: len(f.conds), from: len(f.args), to: len(f.args) + len(vals)}
	}
	f.conds = append(f.conds, col+" IN ("+placeholders(len(vals))+")")
	for _, v := range vals {
		a, ok := f.db.arg(v)
		f.exact = f.exact && ok
		f.args = append(f.args, a)
	}
}

// after adds "id > ?" for the page after id; "" adds nothing.
func (f *filter) after(id string) {
	if id == "" {
		return
	}
	a, ok := f.db.afterArg(id)
	f.exact = f.exact && ok
	f.conds = append(f.conds, "id > ?")
	f.args = append(f.args, a)
}

// instant adds cond, whose one ? is compared with t as Unix nanoseconds;
// the zero t adds nothing. A t a column of nanos cannot answer exactly is
// left to Matches.
func (f *filter) instant(cond string, t time.Time) {
	if t.IsZero() {
		return
	}
	n, ok := bound(t)
	if !ok {
		f.exact = false
		return
	}
	f.conds = append(f.conds, cond)
	f.args = append(f.args, n)
}

// search adds the search box's condition: text, lower-cased, is a
// substring of the column search_public or, unless noContact, of
// search_contact (the texts of aftersales.SearchText or
// complaint.SearchText) of table. "" adds nothing. When the search index
// finds at most searchCap records (searchMatch), the condition also names
// them, and the list reads those by key; otherwise the rows are read in
// the list's order until the page is full.
func (f *filter) search(ctx context.Context, table, text string, noContact bool) error {
	if text == "" {
		return nil
	}
	text = strings.ToLower(text)
	a, ok := f.db.arg(text)
	f.exact = f.exact && ok
	if ok {
		cond, arg, found, err := searchMatch(ctx, f.db, table, a, noContact)
		if err != nil {
			return err
		}
		if found {
			f.conds = append(f.conds, cond)
			f.args = append(f.args, arg)
			f.few = true
		}
	}
	find := "instr(%s, ?) > 0"
	if f.db.pg() {
		find = "strpos(%s, ?) > 0"
	}
	if noContact {
		f.conds = append(f.conds, fmt.Sprintf(find, "search_public"))
		f.args = append(f.args, a)
		return nil
	}
	f.conds = append(f.conds, "("+fmt.Sprintf(find, "search_public")+" OR "+fmt.Sprintf(find, "search_contact")+")")
	f.args = append(f.args, a, a)
	return nil
}

// where returns " WHERE …" for the conditions, or "" for none.
func (f *filter) where() string {
	if len(f.conds) == 0 {
		return ""
	}
	return " WHERE " + strings.Join(f.conds, " AND ")
}

// listNewestFirst lists the records of f newest received first, on the
// index (received_ns, id) read backwards, after the cursor before (the
// keyset condition of the next page). Instants a column of nanos cannot
// tell apart make the SQL inexact: then every match is read, and sort
// (the library's newest-first order) and the limit are applied here.
func (t records[R]) listNewestFirst(ctx context.Context, db *DB, f *filter, before *aftersales.RecordCursor, limit int,
	matches func(*R) bool, sort func([]*R)) ([]*R, error) {
	if c := before; c != nil {
		n, ok := bound(c.ReceivedAt)
		id, idOK := db.afterArg(c.ID)
		if ok && idOK {
			f.conds = append(f.conds, "(received_ns < ? OR (received_ns = ? AND id < ?))")
			f.args = append(f.args, n, n, id)
		} else {
			f.exact = false
		}
	}
	order := "received_ns DESC, id DESC"
	if f.few && !db.pg() {
		// The rows are a few found by key: sort them, rather than read
		// the whole index of the order testing each (which SQLite's
		// planner would otherwise prefer, knowing no better).
		order = "+received_ns DESC, +id DESC"
	}
	if rs, ok, err := t.spreadOut(ctx, db, f, order, limit, matches, sort); ok {
		return rs, err
	}
	if f.exact {
		return t.listOrdered(ctx, db, f, order, limit, matches)
	}
	rs, err := t.listOrdered(ctx, db, f, order, 0, matches)
	if err != nil {
		return nil, err
	}
	sort(rs)
	if limit > 0 && len(rs) > limit {
		rs = rs[:limit]
	}
	return rs, nil
}
