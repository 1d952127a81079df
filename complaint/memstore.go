package complaint

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/shouhou/shouhou/aftersales"
)

// MemStore is an in-memory Store that keeps deep copies.
type MemStore struct {
	mu         sync.RWMutex
	complaints map[string]*Complaint
	ids        []string // sorted
	history    map[string][]Event
	deliveries map[Month]Delivery
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{complaints: map[string]*Complaint{}, history: map[string][]Event{}, deliveries: map[Month]Delivery{}}
}

// Save implements Store.
func (m *MemStore) Save(ctx context.Context, c *Complaint, events []Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckBatch(c, events); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	cur, ok := m.complaints[c.ID]
	switch prev := events[0].Seq - 1; {
	case prev == 0 && ok:
		return aftersales.Errorf(aftersales.KindConflict, "complaint_exists", "投诉 %s 已存在", c.ID)
	case prev > 0 && !ok:
		return notFound(c.ID)
	case prev > 0 && cur.Version != prev:
		return aftersales.Errorf(aftersales.KindConflict, "version_conflict", "投诉 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", c.ID, cur.Version, prev)
	}
	if !ok {
		i, _ := slices.BinarySearch(m.ids, c.ID)
		m.ids = slices.Insert(m.ids, i, c.ID)
	}
	m.complaints[c.ID] = c.Clone()
	for _, e := range events {
		m.history[c.ID] = append(m.history[c.ID], cloneEvent(e))
	}
	return nil
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, id string) (*Complaint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	c, ok := m.complaints[id]
	if !ok {
		return nil, notFound(id)
	}
	return c.Clone(), nil
}

// History implements Store.
func (m *MemStore) History(ctx context.Context, id string) ([]Event, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	h, ok := m.history[id]
	if !ok {
		return nil, notFound(id)
	}
	out := make([]Event, len(h))
	for i, e := range h {
		out[i] = cloneEvent(e)
	}
	return out, nil
}

// List implements Store.
func (m *MemStore) List(ctx context.Context, q Query) ([]*Complaint, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Complaint
	for _, id := range m.ids {
		if c := m.complaints[id]; q.Matches(c) {
			out = append(out, c.Clone())
			if q.Limit > 0 && len(out) == q.Limit {
				break
			}
		}
	}
	return out, nil
}

// SaveDelivery implements Store.
func (m *MemStore) SaveDelivery(ctx context.Context, d Delivery) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.deliveries[d.Month]; ok {
		return aftersales.Errorf(aftersales.KindConflict, "report_delivered", "%s 的客户投诉分析报告已经报送", d.Month)
	}
	m.deliveries[d.Month] = d
	return nil
}

// Deliveries implements Store.
func (m *MemStore) Deliveries(ctx context.Context) ([]Delivery, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]Delivery, 0, len(m.deliveries))
	for _, d := range m.deliveries {
		out = append(out, d)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Month.Before(out[j].Month) })
	return out, nil
}

func cloneEvent(e Event) Event {
	if e.Registration != nil {
		r := *e.Registration
		e.Registration = &r
	}
	if e.Major != nil {
		mj := *e.Major
		mj.Criteria = slices.Clone(mj.Criteria)
		e.Major = &mj
	}
	e.Plan = clonePtr(e.Plan)
	if e.ThirdParty != nil {
		tp := *e.ThirdParty
		tp.ReportedAt = clonePtr(tp.ReportedAt)
		e.ThirdParty = &tp
	}
	e.Departments = slices.Clone(e.Departments)
	if e.Pause != nil {
		e.Pause = &clonePauses([]aftersales.Pause{*e.Pause})[0]
	}
	e.Deadlines = cloneDeadlines(e.Deadlines)
	e.Recomputed = cloneDeadlines(e.Recomputed)
	return e
}

func notFound(id string) error {
	return aftersales.Errorf(aftersales.KindNotFound, "complaint_not_found", "投诉 %s 不存在", id)
}

// Scan implements Scanner: the stored records themselves, read-only.
func (m *MemStore) Scan(ctx context.Context, q Query, fn func(*Complaint) error) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	m.mu.RLock()
	var hits []*Complaint
	for _, id := range m.ids {
		if c := m.complaints[id]; q.Matches(c) {
			hits = append(hits, c)
		}
	}
	m.mu.RUnlock()
	for _, c := range hits {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
