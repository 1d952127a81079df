package warranty

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/shouhou/shouhou/aftersales"
)

// MemStore is an in-memory Store that keeps deep copies.
type MemStore struct {
	mu      sync.RWMutex
	records map[string]*Warranty
	history map[string][]Change
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{records: map[string]*Warranty{}, history: map[string][]Change{}}
}

// Save implements Store.
func (m *MemStore) Save(ctx context.Context, w *Warranty, c Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckChange(w, c); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.records[w.ProjectID]
	switch prev := c.Seq - 1; {
	case prev == 0 && ok:
		return aftersales.Errorf(aftersales.KindConflict, "warranty_exists", "项目 %s 的质保记录已存在", w.ProjectID)
	case prev > 0 && !ok:
		return notFound(w.ProjectID)
	case prev > 0 && cur.Version != prev:
		return aftersales.Errorf(aftersales.KindConflict, "version_conflict", "项目 %s 的质保记录已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", w.ProjectID, cur.Version, prev)
	}
	m.records[w.ProjectID] = w.Clone()
	m.history[w.ProjectID] = append(m.history[w.ProjectID], c)
	return nil
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, projectID string) (*Warranty, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	w, ok := m.records[projectID]
	if !ok {
		return nil, notFound(projectID)
	}
	return w.Clone(), nil
}

// History implements Store.
func (m *MemStore) History(ctx context.Context, projectID string) ([]Change, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	h, ok := m.history[projectID]
	if !ok {
		return nil, notFound(projectID)
	}
	return slices.Clone(h), nil
}

// List implements Store.
func (m *MemStore) List(ctx context.Context) ([]*Warranty, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*Warranty, 0, len(m.records))
	for _, w := range m.records {
		out = append(out, w.Clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ProjectID < out[j].ProjectID })
	return out, nil
}

func notFound(projectID string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "warranty_not_found", "项目 %s 没有质保记录", projectID)
}
