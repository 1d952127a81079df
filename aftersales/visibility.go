package aftersales

import (
	"context"
	"slices"
)

// Viewer is someone reading records, with what the organisation says about
// them that decides what they may see: their role and department (Actor)
// and, for a project specialist, the projects they are appointed and filed
// for (G4.3). A customer's Actor.ID is their customer ID, as in the
// commands they issue.
//
// Who sees what:
//   - the after-sales department and the general manager (Actor.IsAfterSales)
//     see every request;
//   - a customer sees the requests they raised (G3.1);
//   - a project specialist sees the requests of the projects in Projects
//     (G4.3);
//   - anyone else of the company sees the requests that have a part for
//     their department (P2.1), and nothing without a department.
//
// Build a Viewer with Service.Viewer, which asks the Directory for a
// specialist's projects, or fill Projects from your own master data.
type Viewer struct {
	Actor Actor `json:"actor"`
	// Projects are the projects Actor is the specialist of; read only for
	// RoleSpecialist.
	Projects []string `json:"projects,omitempty"`
}

// MaySee reports whether v may see r. A reader who may not see a record
// should be told what they would be told about one that does not exist,
// so that its existence does not leak.
func (v Viewer) MaySee(r *Request) bool {
	a := v.Actor
	switch {
	case a.IsAfterSales():
		return true
	case a.Role == RoleCustomer:
		return a.ID != "" && r.Customer.ID == a.ID
	case a.Role == RoleSpecialist:
		return r.ProjectID != "" && slices.Contains(v.Projects, r.ProjectID)
	default:
		_, ok := r.Part(a.DepartmentID)
		return ok && a.DepartmentID != ""
	}
}

// Scope narrows q to the requests v may see, so that a Store filters in
// its own query language what MaySee would filter one by one: a request
// matches the returned query only if it matches q and v may see it. ok is
// false when v may see no request at all; then the query must not be run.
//
// The filters of q only ever narrow: a specialist's ProjectIDs are
// intersected with their projects; a customer's CustomerID and a
// department's Department are set to their own; TextNoContact is set for
// all but the after-sales department, the general manager and the
// customer, who see the contact of every request they may list.
func (v Viewer) Scope(q Query) (_ Query, ok bool) {
	a := v.Actor
	// Only those who see every contact they may list search by phone or
	// unit (SeesContact): the desk, the general manager and the customer.
	q.TextNoContact = q.TextNoContact || !(a.IsAfterSales() || a.Role == RoleCustomer)
	switch {
	case a.IsAfterSales():
	case a.Role == RoleCustomer:
		if a.ID == "" {
			return q, false
		}
		q.CustomerID = a.ID
	case a.Role == RoleSpecialist:
		mine := v.Projects
		if len(q.ProjectIDs) > 0 {
			mine = nil
			for _, id := range q.ProjectIDs {
				if slices.Contains(v.Projects, id) && !slices.Contains(mine, id) {
					mine = append(mine, id)
				}
			}
		}
		if len(mine) == 0 {
			return q, false
		}
		q.ProjectIDs = slices.Clone(mine)
	default:
		if a.DepartmentID == "" {
			return q, false
		}
		q.Department = a.DepartmentID
	}
	return q, true
}

// DeadlineScope narrows a deadline query to the deadlines v owes or
// oversees: the after-sales department and the general manager any, a
// specialist those of their projects, a department those it owes. ok is
// false when v owes and oversees none (a customer; staff of no
// department).
func (v Viewer) DeadlineScope(q DeadlineQuery) (_ DeadlineQuery, ok bool) {
	a := v.Actor
	switch {
	case a.IsAfterSales():
	case a.Role == RoleCustomer:
		return q, false
	case a.Role == RoleSpecialist:
		q.SpecialistID = a.ID
	case a.DepartmentID == "":
		return q, false
	default:
		q.Department = a.DepartmentID
	}
	return q, true
}

// OwnScope narrows q to the deadlines a person answers for, their own
// work rather than all they may see: the after-sales department's for the
// after-sales roles and the general manager (G4.1, G4.2: the department
// forwards, coordinates and visits), their projects' for a specialist
// (G4.3), their department's for a department's staff. ok is false for a
// customer and for a person of no department: they owe no step.
func (v Viewer) OwnScope(q DeadlineQuery) (_ DeadlineQuery, ok bool) {
	if v.Actor.IsAfterSales() {
		q.Department = DeptAfterSales
		return q, true
	}
	// Anyone else answers for what they may see: a specialist's projects,
	// a department's parts.
	return v.DeadlineScope(q)
}

// Viewer returns a as a Viewer: for a project specialist, with the projects
// the Directory says they are the specialist of (G4.3).
func (s *Service) Viewer(ctx context.Context, a Actor) (Viewer, error) {
	v := Viewer{Actor: a}
	if a.Role != RoleSpecialist || a.ID == "" {
		return v, nil
	}
	ps, err := s.dir.ProjectsOf(ctx, a.ID)
	if err != nil {
		return Viewer{}, storeErr(err)
	}
	for _, p := range ps {
		v.Projects = append(v.Projects, p.ID)
	}
	return v, nil
}
