package complaint

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/memtable"
)

// MemStore is an in-memory Store that keeps deep copies.
type MemStore struct {
	t *memtable.Table[*Complaint, Event]

	mu         sync.RWMutex
	deliveries map[Month]Delivery
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{deliveries: map[Month]Delivery{}, t: memtable.New(memtable.Config[*Complaint, Event]{
		Version:    func(c *Complaint) int { return c.Version },
		CloneEvent: cloneEvent,
		Errors: memtable.Errors{
			NotFound: notFound,
			Missing:  notFound,
			Exists: func(id string) error {
				return aftersales.Errorf(aftersales.KindConflict, "complaint_exists", "投诉 %s 已存在", id)
			},
			Conflict: func(id string, stored, prev int) error {
				return aftersales.Errorf(aftersales.KindConflict, "version_conflict", "投诉 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", id, stored, prev)
			},
		},
	})}
}

// Save implements Store.
func (m *MemStore) Save(ctx context.Context, c *Complaint, events []Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckBatch(c, events); err != nil {
		return err
	}
	return m.t.Save(ctx, c.ID, events[0].Seq-1, c, events...)
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, id string) (*Complaint, error) {
	return m.t.Get(ctx, id)
}

// History implements Store.
func (m *MemStore) History(ctx context.Context, id string) ([]Event, error) {
	return m.t.History(ctx, id)
}

// List implements Store.
func (m *MemStore) List(ctx context.Context, q Query) ([]*Complaint, error) {
	if q.SoonestDueFirst {
		return m.t.ListSorted(ctx, q.Matches, SoonestDue, q.Limit)
	}
	if q.NewestFirst {
		return m.t.ListSorted(ctx, q.Matches, func(a, b *Complaint) int {
			return aftersales.NewestFirst(CursorOf(a), CursorOf(b))
		}, q.Limit)
	}
	return m.t.List(ctx, q.Matches, q.Limit)
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
	hits, err := m.t.Shared(ctx, q.Matches)
	if err != nil {
		return err
	}
	for _, c := range hits {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
