package staff

import (
	"context"
	"slices"
	"sort"
	"sync"

	"github.com/shouhou/shouhou/aftersales"
)

// MemStore is an in-memory Store that keeps deep copies.
type MemStore struct {
	mu          sync.RWMutex
	org         *Organisation
	sessions    map[string]*Session
	assessments map[string]*Assessment
	history     []Change
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore {
	return &MemStore{org: &Organisation{}, sessions: map[string]*Session{}, assessments: map[string]*Assessment{}}
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
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	s, ok := m.sessions[id]
	if !ok {
		return nil, aftersales.Errorf(aftersales.KindNotFound, "session_not_found", "培训记录 %s 不存在", id)
	}
	return s.Clone(), nil
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
	stored := 0
	if cur, ok := m.sessions[s.ID]; ok {
		stored = cur.Version
	}
	if stored != s.Version-1 {
		return conflict("培训记录 "+s.ID, stored, s.Version-1)
	}
	m.sessions[s.ID] = s.Clone()
	m.log(c)
	return nil
}

// Sessions implements Store.
func (m *MemStore) Sessions(ctx context.Context) ([]*Session, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]*Session, 0, len(m.sessions))
	for _, s := range m.sessions {
		out = append(out, s.Clone())
	}
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].Date.Compare(out[j].Date); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
	return out, nil
}

// Assessment implements Store.
func (m *MemStore) Assessment(ctx context.Context, id string) (*Assessment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	a, ok := m.assessments[id]
	if !ok {
		return nil, aftersales.Errorf(aftersales.KindNotFound, "assessment_not_found", "考核记录 %s 不存在", id)
	}
	return a.Clone(), nil
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
	stored := 0
	if cur, ok := m.assessments[a.ID]; ok {
		stored = cur.Version
	}
	if stored != a.Version-1 {
		return conflict("考核记录 "+a.ID, stored, a.Version-1)
	}
	m.assessments[a.ID] = a.Clone()
	m.log(c)
	return nil
}

// Assessments implements Store.
func (m *MemStore) Assessments(ctx context.Context, personID string) ([]*Assessment, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	m.mu.RLock()
	defer m.mu.RUnlock()
	var out []*Assessment
	for _, a := range m.assessments {
		if personID == "" || a.PersonID == personID {
			out = append(out, a.Clone())
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if c := out[i].Period.From.Compare(out[j].Period.From); c != 0 {
			return c < 0
		}
		return out[i].ID < out[j].ID
	})
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
