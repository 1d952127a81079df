package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

// warrantyStore is the warranty.Store: the tables warranties (one row per
// project, the record as JSON) and warranty_changes (the history).
type warrantyStore struct{ db *DB }

var _ warranty.Store = (*warrantyStore)(nil)

func warrantyNotFound(projectID string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "warranty_not_found", "项目 %s 没有质保记录", projectID)
}

// Save implements warranty.Store.
func (s *warrantyStore) Save(ctx context.Context, w *warranty.Warranty, c warranty.Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := warranty.CheckChange(w, c); err != nil {
		return err
	}
	if err := checkID("项目", w.ProjectID); err != nil {
		return err
	}
	body, rec, err := encode("warranty "+w.ProjectID, w)
	if err != nil {
		return err
	}
	line, ch, err := encode(fmt.Sprintf("change %s/%d", w.ProjectID, c.Seq), &c)
	if err != nil {
		return err
	}
	db := s.db
	prev := c.Seq - 1
	return db.write(ctx, "save warranty "+w.ProjectID, func(tx *sql.Tx) error {
		if prev == 0 {
			n, err := db.exec(ctx, tx, "insert warranty "+w.ProjectID, `INSERT INTO warranties (project_id, version, updated_ns, body)
				VALUES (?, ?, ?, ?) ON CONFLICT (project_id) DO NOTHING`, w.ProjectID, rec.Version, nanos(rec.UpdatedAt), body)
			if err != nil {
				return err
			}
			if n == 0 {
				return aftersales.Errorf(aftersales.KindConflict, "warranty_exists", "项目 %s 的质保记录已存在", w.ProjectID)
			}
		} else {
			n, err := db.exec(ctx, tx, "update warranty "+w.ProjectID, `UPDATE warranties SET version = ?, updated_ns = ?, body = ?
				WHERE project_id = ? AND version = ?`, rec.Version, nanos(rec.UpdatedAt), body, w.ProjectID, prev)
			if err != nil {
				return err
			}
			if n == 0 {
				var cur int
				err := tx.QueryRowContext(ctx, db.q(`SELECT version FROM warranties WHERE project_id = ?`), w.ProjectID).Scan(&cur)
				if errNoRows(err) {
					return warrantyNotFound(w.ProjectID)
				}
				if err != nil {
					return fmt.Errorf("sqlstore: read warranty %s: %w", w.ProjectID, err)
				}
				return conflict("项目 %s 的质保记录已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", w.ProjectID, cur, prev)
			}
		}
		n, err := db.exec(ctx, tx, fmt.Sprintf("insert change %s/%d", w.ProjectID, c.Seq),
			`INSERT INTO warranty_changes (project_id, seq, type, at_ns, body) VALUES (?, ?, ?, ?, ?)
			ON CONFLICT (project_id, seq) DO NOTHING`, w.ProjectID, ch.Seq, ch.Type, nanos(ch.At), line)
		if err != nil {
			return err
		}
		if n == 0 {
			return conflict("项目 %s 质保记录的第 %d 条变更已存在，请刷新后重试", w.ProjectID, c.Seq)
		}
		return nil
	})
}

func decodeWarranty(projectID, body string, version int) (*warranty.Warranty, error) {
	w, err := decode[warranty.Warranty]("warranty "+projectID, body)
	if err != nil {
		return nil, err
	}
	if w.ProjectID != projectID || w.Version != version {
		return nil, fmt.Errorf("sqlstore: warranty %s: the body is %s version %d, the row version %d", projectID, w.ProjectID, w.Version, version)
	}
	return w, nil
}

// Get implements warranty.Store.
func (s *warrantyStore) Get(ctx context.Context, projectID string) (*warranty.Warranty, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !storableID(projectID) {
		return nil, warrantyNotFound(projectID)
	}
	var body string
	var version int
	err := s.db.r.QueryRowContext(ctx, s.db.q(`SELECT body, version FROM warranties WHERE project_id = ?`), projectID).Scan(&body, &version)
	if errNoRows(err) {
		return nil, warrantyNotFound(projectID)
	}
	if err != nil {
		return nil, fmt.Errorf("sqlstore: get warranty %s: %w", projectID, err)
	}
	return decodeWarranty(projectID, body, version)
}

// History implements warranty.Store.
func (s *warrantyStore) History(ctx context.Context, projectID string) ([]warranty.Change, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if !storableID(projectID) {
		return nil, warrantyNotFound(projectID)
	}
	rows, err := s.db.r.QueryContext(ctx, s.db.q(`SELECT seq, body FROM warranty_changes WHERE project_id = ? ORDER BY seq`), projectID)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: history of warranty %s: %w", projectID, err)
	}
	defer rows.Close()
	var out []warranty.Change
	for rows.Next() {
		var seq int
		var body string
		if err := rows.Scan(&seq, &body); err != nil {
			return nil, fmt.Errorf("sqlstore: history of warranty %s: %w", projectID, err)
		}
		c, err := decode[warranty.Change](fmt.Sprintf("change %s/%d", projectID, seq), body)
		if err != nil {
			return nil, err
		}
		if c.Seq != seq || c.ProjectID != projectID || seq != len(out)+1 {
			return nil, fmt.Errorf("sqlstore: history of warranty %s: row %d holds change %s/%d", projectID, seq, c.ProjectID, c.Seq)
		}
		out = append(out, *c)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: history of warranty %s: %w", projectID, err)
	}
	if len(out) == 0 {
		return nil, warrantyNotFound(projectID)
	}
	return out, nil
}

// List implements warranty.Store.
func (s *warrantyStore) List(ctx context.Context) ([]*warranty.Warranty, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := s.db.r.QueryContext(ctx, `SELECT project_id, body, version FROM warranties ORDER BY project_id`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: list warranties: %w", err)
	}
	defer rows.Close()
	out := []*warranty.Warranty{}
	for rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return nil, fmt.Errorf("sqlstore: list warranties: %w", err)
		}
		w, err := decodeWarranty(id, body, version)
		if err != nil {
			return nil, err
		}
		out = append(out, w)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: list warranties: %w", err)
	}
	return out, nil
}
