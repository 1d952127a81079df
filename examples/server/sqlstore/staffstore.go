package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"sort"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// staffStore is the staff.Store: staff_organisation (one row),
// staff_sessions and staff_assessments (one row each, the record as JSON),
// and staff_history, numbered across every subject from staff_counter.
type staffStore struct{ db *DB }

var _ staff.Store = (*staffStore)(nil)

func staffConflict(what string, stored, prev int) error {
	return conflict("%s已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", what, stored, prev)
}

// Organisation implements staff.Store. Before the first save it is empty,
// at version 0.
func (s *staffStore) Organisation(ctx context.Context) (*staff.Organisation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var body string
	var version int
	err := s.db.r.QueryRowContext(ctx, `SELECT body, version FROM staff_organisation WHERE id = 1`).Scan(&body, &version)
	if errNoRows(err) {
		return &staff.Organisation{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get organisation: %w", err)
	}
	o, err := decode[staff.Organisation]("organisation", body)
	if err != nil {
		return nil, err
	}
	if o.Version != version {
		return nil, fmt.Errorf("sqlstore: organisation: the body is version %d, the row version %d", o.Version, version)
	}
	return o, nil
}

// SaveOrganisation implements staff.Store.
func (s *staffStore) SaveOrganisation(ctx context.Context, o *staff.Organisation, c staff.Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.Version < 1 {
		return invalid("version_invalid", "组织架构的版本无效")
	}
	body, rec, err := encode("organisation", o)
	if err != nil {
		return err
	}
	db := s.db
	return db.write(ctx, "save organisation", func(tx *sql.Tx) error {
		var n int64
		var err error
		if o.Version == 1 {
			n, err = db.exec(ctx, tx, "insert organisation", `INSERT INTO staff_organisation (id, version, updated_ns, body)
				VALUES (1, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, rec.Version, nanos(rec.UpdatedAt), body)
		} else {
			n, err = db.exec(ctx, tx, "update organisation", `UPDATE staff_organisation SET version = ?, updated_ns = ?, body = ?
				WHERE id = 1 AND version = ?`, rec.Version, nanos(rec.UpdatedAt), body, o.Version-1)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			cur, err := s.storedVersion(ctx, tx, `SELECT version FROM staff_organisation WHERE id = 1`)
			if err != nil {
				return err
			}
			return staffConflict("组织架构", cur, o.Version-1)
		}
		return s.log(ctx, tx, c)
	})
}

// storedVersion returns the version query finds, 0 if it finds no row.
func (s *staffStore) storedVersion(ctx context.Context, tx *sql.Tx, query string, args ...any) (int, error) {
	var cur int
	err := tx.QueryRowContext(ctx, s.db.q(query), args...).Scan(&cur)
	if errNoRows(err) {
		return 0, nil
	}
	if err != nil {
		return 0, fmt.Errorf("sqlstore: read staff version: %w", err)
	}
	return cur, nil
}

// log appends c to the history as its next entry. It takes the number
// from staff_counter, whose row the transaction then holds until it ends,
// so that concurrent staff writes number their changes 1, 2, … in commit
// order, without gaps.
func (s *staffStore) log(ctx context.Context, tx *sql.Tx, c staff.Change) error {
	var seq int
	if err := tx.QueryRowContext(ctx, `UPDATE staff_counter SET last_seq = last_seq + 1 WHERE id = 1 RETURNING last_seq`).Scan(&seq); err != nil {
		return fmt.Errorf("sqlstore: number staff change: %w", err)
	}
	c.Seq = seq
	body, ch, err := encode(fmt.Sprintf("staff change %d", seq), &c)
	if err != nil {
		return err
	}
	_, err = s.db.exec(ctx, tx, fmt.Sprintf("insert staff change %d", seq),
		`INSERT INTO staff_history (seq, subject, type, at_ns, body) VALUES (?, ?, ?, ?, ?)`,
		seq, ch.Subject, ch.Type, nanos(ch.At), body)
	return err
}

// Session implements staff.Store.
func (s *staffStore) Session(ctx context.Context, id string) (*staff.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	notFound := aftersales.Errorf(aftersales.KindNotFound, "session_not_found", "培训记录 %s 不存在", id)
	if !storableID(id) {
		return nil, notFound
	}
	var body string
	var version int
	err := s.db.r.QueryRowContext(ctx, s.db.q(`SELECT body, version FROM staff_sessions WHERE id = ?`), id).Scan(&body, &version)
	if errNoRows(err) {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get session %s: %w", id, err)
	}
	return decodeSession(id, body, version)
}

func decodeSession(id, body string, version int) (*staff.Session, error) {
	x, err := decode[staff.Session]("session "+id, body)
	if err != nil {
		return nil, err
	}
	if x.ID != id || x.Version != version {
		return nil, fmt.Errorf("sqlstore: session %s: the body is %s version %d, the row version %d", id, x.ID, x.Version, version)
	}
	return x, nil
}

// SaveSession implements staff.Store.
func (s *staffStore) SaveSession(ctx context.Context, x *staff.Session, c staff.Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if x.Version < 1 || x.ID == "" {
		return invalid("version_invalid", "培训记录的编号或版本无效")
	}
	if err := checkID("培训记录", x.ID); err != nil {
		return err
	}
	body, rec, err := encode("session "+x.ID, x)
	if err != nil {
		return err
	}
	db := s.db
	return db.write(ctx, "save session "+x.ID, func(tx *sql.Tx) error {
		var n int64
		var err error
		if x.Version == 1 {
			n, err = db.exec(ctx, tx, "insert session "+x.ID, `INSERT INTO staff_sessions (id, version, date_key, body)
				VALUES (?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, x.ID, rec.Version, dayKey(rec.Date), body)
		} else {
			n, err = db.exec(ctx, tx, "update session "+x.ID, `UPDATE staff_sessions SET version = ?, date_key = ?, body = ?
				WHERE id = ? AND version = ?`, rec.Version, dayKey(rec.Date), body, x.ID, x.Version-1)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			cur, err := s.storedVersion(ctx, tx, `SELECT version FROM staff_sessions WHERE id = ?`, x.ID)
			if err != nil {
				return err
			}
			return staffConflict("培训记录 "+x.ID, cur, x.Version-1)
		}
		return s.log(ctx, tx, c)
	})
}

// Sessions implements staff.Store: by date, then ID.
func (s *staffStore) Sessions(ctx context.Context) ([]*staff.Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := s.db.r.QueryContext(ctx, `SELECT id, body, version FROM staff_sessions ORDER BY date_key, id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list sessions: %w", err)
	}
	defer rows.Close()
	out := []*staff.Session{}
	for rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return nil, fmt.Errorf("sqlstore: list sessions: %w", err)
		}
		x, err := decodeSession(id, body, version)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list sessions: %w", err)
	}
	// The order of the contract, whatever the SQL's.
	sort.SliceStable(out, func(i, j int) bool {
		if c := out[i].Date.Compare(out[j].Date); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Assessment implements staff.Store.
func (s *staffStore) Assessment(ctx context.Context, id string) (*staff.Assessment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	notFound := aftersales.Errorf(aftersales.KindNotFound, "assessment_not_found", "考核记录 %s 不存在", id)
	if !storableID(id) {
		return nil, notFound
	}
	var body string
	var version int
	err := s.db.r.QueryRowContext(ctx, s.db.q(`SELECT body, version FROM staff_assessments WHERE id = ?`), id).Scan(&body, &version)
	if errNoRows(err) {
		return nil, notFound
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get assessment %s: %w", id, err)
	}
	return decodeAssessment(id, body, version)
}

func decodeAssessment(id, body string, version int) (*staff.Assessment, error) {
	a, err := decode[staff.Assessment]("assessment "+id, body)
	if err != nil {
		return nil, err
	}
	if a.ID != id || a.Version != version {
		return nil, fmt.Errorf("sqlstore: assessment %s: the body is %s version %d, the row version %d", id, a.ID, a.Version, version)
	}
	return a, nil
}

// SaveAssessment implements staff.Store.
func (s *staffStore) SaveAssessment(ctx context.Context, a *staff.Assessment, c staff.Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.Version < 1 || a.ID == "" {
		return invalid("version_invalid", "考核记录的编号或版本无效")
	}
	if err := checkID("考核记录", a.ID); err != nil {
		return err
	}
	body, rec, err := encode("assessment "+a.ID, a)
	if err != nil {
		return err
	}
	db := s.db
	return db.write(ctx, "save assessment "+a.ID, func(tx *sql.Tx) error {
		var n int64
		var err error
		if a.Version == 1 {
			n, err = db.exec(ctx, tx, "insert assessment "+a.ID, `INSERT INTO staff_assessments (id, version, person_id, from_key, body)
				VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, a.ID, rec.Version, db.col(rec.PersonID), dayKey(rec.Period.From), body)
		} else {
			n, err = db.exec(ctx, tx, "update assessment "+a.ID, `UPDATE staff_assessments
				SET version = ?, person_id = ?, from_key = ?, body = ? WHERE id = ? AND version = ?`,
				rec.Version, db.col(rec.PersonID), dayKey(rec.Period.From), body, a.ID, a.Version-1)
		}
		if err != nil {
			return err
		}
		if n == 0 {
			cur, err := s.storedVersion(ctx, tx, `SELECT version FROM staff_assessments WHERE id = ?`, a.ID)
			if err != nil {
				return err
			}
			return staffConflict("考核记录 "+a.ID, cur, a.Version-1)
		}
		return s.log(ctx, tx, c)
	})
}

// Assessments implements staff.Store: a person's (everyone's for ""), by
// period, then ID.
func (s *staffStore) Assessments(ctx context.Context, personID string) ([]*staff.Assessment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	query := `SELECT id, body, version FROM staff_assessments`
	var args []any
	if personID != "" {
		query += ` WHERE person_id = ?`
		a, _ := s.db.arg(personID)
		args = append(args, a)
	}
	query += ` ORDER BY from_key, id`
	rows, err := s.db.r.QueryContext(ctx, s.db.q(query), args...)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list assessments: %w", err)
	}
	defer rows.Close()
	var out []*staff.Assessment
	for rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return nil, fmt.Errorf("sqlstore: list assessments: %w", err)
		}
		a, err := decodeAssessment(id, body, version)
		if err != nil {
			return nil, err
		}
		// The column narrows; the person ID decides.
		if personID == "" || a.PersonID == personID {
			out = append(out, a)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list assessments: %w", err)
	}
	sort.SliceStable(out, func(i, j int) bool {
		if c := out[i].Period.From.Compare(out[j].Period.From); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// History implements staff.Store: every change, in order.
func (s *staffStore) History(ctx context.Context) ([]staff.Change, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := s.db.r.QueryContext(ctx, `SELECT seq, body FROM staff_history ORDER BY seq`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: staff history: %w", err)
	}
	defer rows.Close()
	var out []staff.Change
	for rows.Next() {
		var seq int
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: staff history: %w", err)
		}
		c, err := decode[staff.Change](fmt.Sprintf("staff change %d", seq), body)
		if err != nil {
			return nil, err
		}
		if c.Seq != seq || seq != len(out)+1 {
			return nil, fmt.Errorf("sqlstore: staff history: row %d holds change %d", seq, c.Seq)
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: staff history: %w", err)
	}
	return out, nil
}
