package staff

import (
	"context"
	"sort"

	"github.com/shouhou/shouhou/aftersales"
)

// Lookup returns o as an aftersales.Organisation: its departments, closed
// or open, and its active people, so that aftersales forwards to
// departments that exist and work (P2.1) and to named people (P1.2). Like
// Directory it answers from o as it is; read the organisation again for
// later changes.
func (o *Organisation) Lookup() aftersales.Organisation { return lookup{o.Clone()} }

// lookup is the aftersales.Organisation of one organisation.
type lookup struct{ o *Organisation }

// Department implements aftersales.Organisation: the department with the
// given ID, closed or not, or a KindNotFound error.
func (l lookup) Department(ctx context.Context, id string) (aftersales.Department, error) {
	if err := ctx.Err(); err != nil {
		return aftersales.Department{}, err
	}
	d, ok := l.o.department(id)
	if !ok {
		return aftersales.Department{}, aftersales.Errorf(aftersales.KindNotFound, "department_not_found", "部门 %s 不存在", id)
	}
	return d.Department, nil
}

// DepartmentsOfKind implements aftersales.Organisation: the departments of
// kind that are not closed, ordered by ID (P2.1).
func (l lookup) DepartmentsOfKind(ctx context.Context, kind aftersales.DepartmentKind) ([]aftersales.Department, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	var out []aftersales.Department
	for _, d := range l.o.Departments {
		if d.Kind == kind && !d.Closed {
			out = append(out, d.Department)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}

// Person implements aftersales.Organisation: an active person as the
// Actor they act as, or a KindNotFound error for an unknown or inactive
// one.
func (l lookup) Person(ctx context.Context, id string) (aftersales.Actor, error) {
	if err := ctx.Err(); err != nil {
		return aftersales.Actor{}, err
	}
	p, ok := l.o.Person(id)
	if !ok || !p.Active {
		return aftersales.Actor{}, aftersales.Errorf(aftersales.KindNotFound, "person_not_found", "人员 %s 不存在或已停用", id)
	}
	return aftersales.Actor{ID: p.ID, Name: p.Name, Role: p.Role, DepartmentID: p.DepartmentID}, nil
}
