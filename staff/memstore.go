package staff

import (
	"context"
	"slices"
	"sync"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/memtable"
)

// MemStore is an in-memory Store that keeps deep copies.
type MemStore struct {
	// Sessions and assessments have no history of their own: every change
	// goes to the one log, history.
	sessions    *memtable.Table[*Session, struct{}]
	assessments *memtable.Table[*Assessment, struct{}]

	// mu guards org and history. A writer holds it from the check of the
	// version to the logging of the change, so that the log is in the
	// order of the writes.
	mu      sync.RWMutex
	org     *Organisation
	history []Change
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{
		org: &Organisation{},
		sessions: memtable.New(memtable.Config[*Session, struct{}]{
			Version: func(s *Session) int { return s.Version },
			Errors: memtable.Errors{
				NotFound: func(id string) error {
					return aftersales.Errorf(aftersales.KindNotFound, "session_not_found", "培训记录 %s 不存在", id)
				},
				Conflict: func(id string, stored, prev int) error { return conflict("培训记录 "+id, stored, prev) },
			},
		}),
		assessments: memtable.New(memtable.Config[*Assessment, struct{}]{
			Version: func(a *Assessment) int { return a.Version },
			Errors: memtable.Errors{
				NotFound: func(id string) error {
					return aftersales.Errorf(aftersales.KindNotFound, "assessment_not_found", "考核记录 %s 不存在", id)
				},
				Conflict: func(id string, stored, prev int) error { return conflict("考核记录 "+id, stored, prev) },
			},
		}),
	}
}

func conflict(what string, stored, prev int) error {
	return aftersales.Errorf(aftersales.KindConflict, "version_conflict", "%s已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", what, stored, prev)
}

// Organisation implements Store.
func (m *MemStore) Organisation(ctx context.Context) (*Organisation, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return m.org.Clone(), nil
}

// SaveOrganisation implements Store.
func (m *MemStore) SaveOrganisation(ctx context.Context, o *Organisation, c Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if o.Version < 1 {
		return invalid("version_invalid", "组织架构的版本无效")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.org.Version != o.Version-1 {
		return conflict("组织架构", m.org.Version, o.Version-1)
	}
	m.org = o.Clone()
	m.log(c)
	return nil
}

// Session implements Store.
func (m *MemStore) Session(ctx context.Context, id string) (*Session, error) {
	return m.sessions.Get(ctx, id)
}

// SaveSession implements Store.
func (m *MemStore) SaveSession(ctx context.Context, s *Session, c Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if s.Version < 1 || s.ID == "" {
		return invalid("version_invalid", "培训记录的编号或版本无效")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.sessions.Save(ctx, s.ID, s.Version-1, s); err != nil {
		return err
	}
	m.log(c)
	return nil
}

// Sessions implements Store.
func (m *MemStore) Sessions(ctx context.Context) ([]*Session, error) {
	out, err := m.sessions.List(ctx, nil, 0)
	if err != nil {
		return nil, err
	}
	// In ID order from the table; by date, then ID.
	slices.SortStableFunc(out, func(a, b *Session) int { return a.Date.Compare(b.Date) })
	return out, nil
}

// Assessment implements Store.
func (m *MemStore) Assessment(ctx context.Context, id string) (*Assessment, error) {
	return m.assessments.Get(ctx, id)
}

// SaveAssessment implements Store.
func (m *MemStore) SaveAssessment(ctx context.Context, a *Assessment, c Change) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if a.Version < 1 || a.ID == "" {
		return invalid("version_invalid", "考核记录的编号或版本无效")
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.assessments.Save(ctx, a.ID, a.Version-1, a); err != nil {
		return err
	}
	m.log(c)
	return nil
}

// Assessments implements Store.
func (m *MemStore) Assessments(ctx context.Context, personID string) ([]*Assessment, error) {
	out, err := m.assessments.List(ctx, func(a *Assessment) bool { return personID == "" || a.PersonID == personID }, 0)
	if err != nil {
		return nil, err
	}
	// In ID order from the table; by the start of the period, then ID.
	slices.SortStableFunc(out, func(a, b *Assessment) int { return a.Period.From.Compare(b.Period.From) })
	return out, nil
}

// History implements Store.
func (m *MemStore) History(ctx context.Context) ([]Change, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	return slices.Clone(m.history), nil
}

func (m *MemStore) log(c Change) {
	c.Seq = len(m.history) + 1
	m.history = append(m.history, c)
}
