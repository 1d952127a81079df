package aftersales

import (
	"context"
	"slices"

	"github.com/shouhou/shouhou/aftersales/memtable"
)

// MemStore is an in-memory Store, for tests, examples and small tools. It
// keeps deep copies: what a caller does with a returned request never
// changes the store.
type MemStore struct {
	t *memtable.Table[*Request, Event]
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{t: memtable.New(memtable.Config[*Request, Event]{
		Version:    func(r *Request) int { return r.Version },
		CloneEvent: cloneEvent,
		Errors: memtable.Errors{
			NotFound: requestNotFound,
			Missing:  requestNotFound,
			Exists: func(id string) error {
				return Errorf(KindConflict, "request_exists", "售后需求 %s 已存在", id)
			},
			Conflict: func(id string, stored, prev int) error {
				return Errorf(KindConflict, "version_conflict", "售后需求 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", id, stored, prev)
			},
		},
	})}
}

func requestNotFound(id string) error {
	return Errorf(KindNotFound, "request_not_found", "售后需求 %s 不存在", id)
}

// Save implements Store.
func (m *MemStore) Save(ctx context.Context, r *Request, events []Event) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := CheckBatch(r, events); err != nil {
		return err
	}
	return m.t.Save(ctx, r.ID, events[0].Seq-1, r, events...)
}

// Get implements Store.
func (m *MemStore) Get(ctx context.Context, id string) (*Request, error) {
	return m.t.Get(ctx, id)
}

// History implements Store.
func (m *MemStore) History(ctx context.Context, id string) ([]Event, error) {
	return m.t.History(ctx, id)
}

// List implements Store.
func (m *MemStore) List(ctx context.Context, q Query) ([]*Request, error) {
	if q.NewestFirst {
		return m.t.ListSorted(ctx, q.Matches, func(a, b *Request) int { return NewestFirst(CursorOf(a), CursorOf(b)) }, q.Limit)
	}
	return m.t.List(ctx, q.Matches, q.Limit)
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
