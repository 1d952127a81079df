package aftersales

import (
	"context"
	"slices"
	"sort"
	"sync"
)

// MemStore is an in-memory Store, for tests, examples and small tools. It
// keeps deep copies: what a caller does with a returned request never
// changes the store.
type MemStore struct {
	mu       sync.RWMutex
	requests map[string]*Request
	history  map[string][]Event
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{requests: map[string]*Request{}, history: map[string][]Event{}}
}

// Save implements Store.
func (m *MemStore) Save(ctx context.Context, r *Request, events []Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckBatch(r, events); err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	prev := events[0].Seq - 1
	cur, ok := m.requests[r.ID]
	switch {
	case prev == 0 && ok:
		return Errorf(KindConflict, "request_exists", "售后需求 %s 已存在", r.ID)
	case prev > 0 && !ok:
		return Errorf(KindNotFound, "request_not_found", "售后需求 %s 不存在", r.ID)
	case prev > 0 && cur.Version != prev:
		return Errorf(KindConflict, "version_conflict", "售后需求 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", r.ID, cur.Version, prev)
	}
	m.requests[r.ID] = r.Clone()
	for _, e := range events {
		m.history[r.ID] = append(m.history[r.ID], cloneEvent(e))
	}
	return nil
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, id string) (*Request, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	r, ok := m.requests[id]
	if !ok {
		return nil, Errorf(KindNotFound, "request_not_found", "售后需求 %s 不存在", id)
	}
	return r.Clone(), nil
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
		return nil, Errorf(KindNotFound, "request_not_found", "售后需求 %s 不存在", id)
	}
	out := make([]Event, len(h))
	for i, e := range h {
		out[i] = cloneEvent(e)
	}
	return out, nil
}

// List implements Store.
func (m *MemStore) List(ctx context.Context, q Query) ([]*Request, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	ids := make([]string, 0, len(m.requests))
	for id, r := range m.requests {
		if q.Matches(r) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	if q.Limit > 0 && len(ids) > q.Limit {
		ids = ids[:q.Limit]
	}
	out := make([]*Request, len(ids))
	for i, id := range ids {
		out[i] = m.requests[id].Clone()
	}
	return out, nil
}

// cloneEvent deep-copies the pointer and slice fields of an event.
func cloneEvent(e Event) Event {
	if e.Registration != nil {
		reg := *e.Registration
		reg.Attachments = slices.Clone(reg.Attachments)
		e.Registration = &reg
	}
	e.Departments = slices.Clone(e.Departments)
	e.Plan = clonePtr(e.Plan)
	e.Signature = clonePtr(e.Signature)
	e.Visit = clonePtr(e.Visit)
	e.Coverage = clonePtr(e.Coverage)
	e.Assignees = slices.Clone(e.Assignees)
	e.Deadlines = cloneDeadlines(e.Deadlines)
	e.Recomputed = cloneDeadlines(e.Recomputed)
	e.Replaced = cloneDeadlines(e.Replaced)
	e.Feedback = clonePtr(e.Feedback)
	if e.Coordination != nil {
		c := *e.Coordination
		c.Departments = slices.Clone(c.Departments)
		e.Coordination = &c
	}
	if e.Pause != nil {
		p := clonePause(*e.Pause)
		e.Pause = &p
	}
	return e
}

func cloneDeadlines(ds []Deadline) []Deadline {
	ds = slices.Clone(ds)
	for i := range ds {
		ds[i].DoneAt = clonePtr(ds[i].DoneAt)
		ds[i].PausedAt = clonePtr(ds[i].PausedAt)
	}
	return ds
}

func clonePause(p Pause) Pause {
	p.Evidence = slices.Clone(p.Evidence)
	p.ResumedAt = clonePtr(p.ResumedAt)
	return p
}
