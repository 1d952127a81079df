package app

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
)

// orgDirectory answers aftersales' questions about projects
// (aftersales.Directory) and about departments and people
// (aftersales.Organisation, for routing by department kind, P2.1) from the
// staff organisation, read fresh on each call.
type orgDirectory struct{ staff *staff.Service }

var (
	_ aftersales.Directory    = orgDirectory{}
	_ aftersales.Organisation = orgDirectory{}
)

// lookup reads the organisation and returns it as an
// aftersales.Organisation.
func (d orgDirectory) lookup(ctx context.Context) (aftersales.Organisation, error) {
	o, err := d.staff.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	return o.Lookup(), nil
}

// Department implements aftersales.Organisation.
func (d orgDirectory) Department(ctx context.Context, id string) (aftersales.Department, error) {
	l, err := d.lookup(ctx)
	if err != nil {
		return aftersales.Department{}, err
	}
	return l.Department(ctx, id)
}

// DepartmentsOfKind implements aftersales.Organisation.
func (d orgDirectory) DepartmentsOfKind(ctx context.Context, kind aftersales.DepartmentKind) ([]aftersales.Department, error) {
	l, err := d.lookup(ctx)
	if err != nil {
		return nil, err
	}
	return l.DepartmentsOfKind(ctx, kind)
}

// Person implements aftersales.Organisation.
func (d orgDirectory) Person(ctx context.Context, id string) (aftersales.Actor, error) {
	l, err := d.lookup(ctx)
	if err != nil {
		return aftersales.Actor{}, err
	}
	return l.Person(ctx, id)
}

// Project implements aftersales.Directory.
func (d orgDirectory) Project(ctx context.Context, id string) (aftersales.Project, error) {
	o, err := d.staff.Organisation(ctx)
	if err != nil {
		return aftersales.Project{}, err
	}
	return o.Directory().Project(ctx, id)
}

// ProjectsOf implements aftersales.Directory.
func (d orgDirectory) ProjectsOf(ctx context.Context, specialistID string) ([]aftersales.Project, error) {
	o, err := d.staff.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	return o.Directory().ProjectsOf(ctx, specialistID)
}

// cases measures a person's figures for assessments (S2) from the
// requests of the projects they are the filed specialist of, or the
// department parts they belong to, and the complaints forwarded to their
// department.
func (a *App) cases() staff.CaseData {
	return staff.CaseIndicators{
		AsOf: func() time.Time { return a.cfg.Clock.Now() },
		Requests: func(ctx context.Context, personID string, p staff.Period) ([]*aftersales.Request, error) {
			o, err := a.Staff.Organisation(ctx)
			if err != nil {
				return nil, err
			}
			person, _ := o.Person(personID)
			// The period's requests only, asked of the store (its index on
			// the receipt), not every request ever.
			q := aftersales.Query{ReceivedFrom: p.From.Start(), ReceivedTo: p.To.End()}
			switch {
			case person.Role == aftersales.RoleSpecialist:
				q.ProjectIDs = o.SpecialistProjects(personID)
				if len(q.ProjectIDs) == 0 {
					return nil, nil
				}
			case person.DepartmentID != "" && person.DepartmentID != aftersales.DeptAfterSales:
				q.Department = person.DepartmentID
			}
			return a.Requests.List(ctx, q)
		},
		Complaints: func(ctx context.Context, personID string, p staff.Period) (int, error) {
			o, err := a.Staff.Organisation(ctx)
			if err != nil {
				return 0, err
			}
			person, _ := o.Person(personID)
			if person.DepartmentID == "" {
				return 0, nil
			}
			// The department's complaints of the period, found by the store
			// (forwarded to it, among others or alone: C2.1).
			cs, err := a.Complaints.List(ctx, complaint.Query{Department: person.DepartmentID, ReceivedFrom: p.From.Start(), ReceivedTo: p.To.End()})
			if err != nil {
				return 0, err
			}
			return len(cs), nil
		},
	}
}
