package warranty

import (
	"context"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/memtable"
)

// MemStore is an in-memory Store that keeps deep copies.
type MemStore struct {
	t *memtable.Table[*Warranty, Change]
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{t: memtable.New(memtable.Config[*Warranty, Change]{
		Version: func(w *Warranty) int { return w.Version },
		Errors: memtable.Errors{
			NotFound: notFound,
			Missing:  notFound,
			Exists: func(projectID string) error {
				return aftersales.Errorf(aftersales.KindConflict, "warranty_exists", "项目 %s 的质保记录已存在", projectID)
			},
			Conflict: func(projectID string, stored, prev int) error {
				return aftersales.Errorf(aftersales.KindConflict, "version_conflict", "项目 %s 的质保记录已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", projectID, stored, prev)
			},
		},
	})}
}

// Save implements Store.
func (m *MemStore) Save(ctx context.Context, w *Warranty, c Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckChange(w, c); err != nil {
		return err
	}
	return m.t.Save(ctx, w.ProjectID, c.Seq-1, w, c)
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, projectID string) (*Warranty, error) {
	return m.t.Get(ctx, projectID)
}

// History implements Store.
func (m *MemStore) History(ctx context.Context, projectID string) ([]Change, error) {
	return m.t.History(ctx, projectID)
}

// List implements Store.
func (m *MemStore) List(ctx context.Context) ([]*Warranty, error) {
	return m.t.List(ctx, nil, 0)
}

func notFound(projectID string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "warranty_not_found", "项目 %s 没有质保记录", projectID)
}
