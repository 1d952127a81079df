package aftersales

import (
	"context"
	"sort"
)

// Directory answers questions about projects: which 项目部 a project has and
// who its after-sales specialist is (G4.3). The staff package, or an
// integrator's own project master data, implements it.
//
// Project returns a KindNotFound error for an unknown ID.
type Directory interface {
	Project(ctx context.Context, id string) (Project, error)
	ProjectsOf(ctx context.Context, specialistID string) ([]Project, error)
}

// Projects is a fixed, in-memory Directory.
type Projects map[string]Project

// NewProjects returns a Directory of the given projects.
func NewProjects(ps ...Project) Projects {
	m := Projects{}
	for _, p := range ps {
		m[p.ID] = p
	}
	return m
}

// Project implements Directory.
func (m Projects) Project(_ context.Context, id string) (Project, error) {
	p, ok := m[id]
	if !ok {
		return Project{}, Errorf(KindNotFound, "project_not_found", "项目 %s 不存在", id)
	}
	return p, nil
}

// ProjectsOf implements Directory.
func (m Projects) ProjectsOf(_ context.Context, specialistID string) ([]Project, error) {
	var out []Project
	for _, p := range m {
		if p.SpecialistID == specialistID {
			out = append(out, p)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
