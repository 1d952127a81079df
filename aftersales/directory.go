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

// Organisation answers questions about the company's departments and
// people, so that a request is routed to a department that exists and works
// (P2.1) and may be forwarded to a named person (P1.2 "转达给相关责任部门或人员").
// The staff package's organisation implements it; an integrator implements
// it over their own master data. A Service without one trusts the
// department IDs it is given and routes to the well-known IDs.
//
// Department and Person return a KindNotFound error for an unknown ID.
type Organisation interface {
	// Department returns the department with the given ID, closed or not.
	Department(ctx context.Context, id string) (Department, error)
	// DepartmentsOfKind returns the departments of a kind that are not
	// closed, ordered by ID.
	DepartmentsOfKind(ctx context.Context, kind DepartmentKind) ([]Department, error)
	// Person returns an active person as an Actor: ID, name, role and
	// department. A person no longer active is unknown.
	Person(ctx context.Context, id string) (Actor, error)
}

// StaticOrganisation is a fixed, in-memory Organisation: the departments
// and the active people, for tests and small set-ups.
type StaticOrganisation struct {
	Departments []Department
	People      []Actor
}

// Department implements Organisation.
func (o StaticOrganisation) Department(_ context.Context, id string) (Department, error) {
	for _, d := range o.Departments {
		if d.ID == id {
			return d, nil
		}
	}
	return Department{}, Errorf(KindNotFound, "department_not_found", "部门 %s 不存在", id)
}

// DepartmentsOfKind implements Organisation.
func (o StaticOrganisation) DepartmentsOfKind(_ context.Context, kind DepartmentKind) ([]Department, error) {
	var out []Department
	for _, d := range o.Departments {
		if d.Kind == kind && !d.Closed {
			out = append(out, d)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Person implements Organisation.
func (o StaticOrganisation) Person(_ context.Context, id string) (Actor, error) {
	for _, p := range o.People {
		if p.ID == id {
			return p, nil
		}
	}
	return Actor{}, Errorf(KindNotFound, "person_not_found", "人员 %s 不存在", id)
}
