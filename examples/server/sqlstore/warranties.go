package sqlstore

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

// warrantyStore is the warranty.Store: the tables warranties (one row per
// project, the record as JSON) and warranty_changes (the history).
type warrantyStore struct {
	db *DB
	eventStore[warranty.Warranty, warranty.Change]
}

var _ warranty.Store = (*warrantyStore)(nil)

func newWarrantyStore(db *DB) *warrantyStore {
	return &warrantyStore{db: db, eventStore: eventStore[warranty.Warranty, warranty.Change]{
		records: records[warranty.Warranty]{table: "warranties", key: "project_id", what: "warranty",
			id:       func(w *warranty.Warranty) string { return w.ProjectID },
			version:  func(w *warranty.Warranty) int { return w.Version },
			notFound: warrantyNotFound},
		log:     eventLog{table: "warranty_changes", owner: "project_id", what: "warranty", notFound: warrantyNotFound},
		noun:    "项目",
		columns: []string{"updated_ns"},
		row:     func(_ *DB, w *warranty.Warranty) []any { return []any{nanos(w.UpdatedAt)} },
		event:   func(c *warranty.Change) (int, string, time.Time) { return c.Seq, c.Type, c.At },
		owner:   func(c *warranty.Change) (int, string) { return c.Seq, c.ProjectID },
		// A Save is one change.
		check: func(w *warranty.Warranty, cs []warranty.Change) error { return warranty.CheckChange(w, cs[0]) },
		exists: func(projectID string) error {
			return aftersales.Errorf(aftersales.KindConflict, "warranty_exists", "项目 %s 的质保记录已存在", projectID)
		},
		conflicts: &conflicts{
			stale: func(projectID string, cur, prev int) error {
				return conflict("项目 %s 的质保记录已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", projectID, cur, prev)
			},
			ahead: func(projectID string, seq int) error {
				return conflict("项目 %s 质保记录的第 %d 条变更已存在，请刷新后重试", projectID, seq)
			},
		},
	}}
}

func warrantyNotFound(projectID string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "warranty_not_found", "项目 %s 没有质保记录", projectID)
}

// Save implements warranty.Store.
func (s *warrantyStore) Save(ctx context.Context, w *warranty.Warranty, c warranty.Change) error {
	return s.save(ctx, s.db, w, []warranty.Change{c})
}

// Get implements warranty.Store.
func (s *warrantyStore) Get(ctx context.Context, projectID string) (*warranty.Warranty, error) {
	return s.get(ctx, s.db, projectID)
}

// History implements warranty.Store.
func (s *warrantyStore) History(ctx context.Context, projectID string) ([]warranty.Change, error) {
	return s.history(ctx, s.db, projectID)
}

// List implements warranty.Store.
func (s *warrantyStore) List(ctx context.Context) ([]*warranty.Warranty, error) {
	return s.list(ctx, s.db, s.db.filter(), 0, nil)
}
