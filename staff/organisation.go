package staff

import (
	"slices"
	"sort"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Person is someone in the after-sales organisation. Email and Phone are
// optional: where the person is told about the deadlines they owe (the
// reference server's notifications mail the address). Email is a bare
// address (name@example.com), Phone digits with an optional leading +.
type Person struct {
	ID           string          `json:"id"`
	Name         string          `json:"name"`
	Role         aftersales.Role `json:"role"`
	DepartmentID string          `json:"department_id,omitempty"`
	Active       bool            `json:"active"`
	Email        string          `json:"email,omitempty"`
	Phone        string          `json:"phone,omitempty"`
}

// PersonRoles returns the roles a person of the organisation may hold, in
// the order a form offers them: the company's roles, not a customer's nor
// the software's.
func PersonRoles() []aftersales.Role {
	return []aftersales.Role{aftersales.RoleAfterSalesStaff, aftersales.RoleDepartmentStaff, aftersales.RoleSpecialist,
		aftersales.RoleAfterSalesHead, aftersales.RoleGeneralManager}
}

// Department is a department with its head, a member of the after-sales
// group (G4.1).
type Department struct {
	aftersales.Department
	HeadID string `json:"head_id,omitempty"`
}

// Project is a project with its manager, who appoints its after-sales
// specialist (G4.3).
type Project struct {
	aftersales.Project
	ManagerID string `json:"manager_id"`
}

// Appointment is a project specialist's appointment (G4.3): by the
// project's manager, filed with the after-sales department.
type Appointment struct {
	ProjectID    string     `json:"project_id"`
	SpecialistID string     `json:"specialist_id"`
	AppointedBy  string     `json:"appointed_by"` // the project manager
	AppointedAt  time.Time  `json:"appointed_at"`
	FiledBy      string     `json:"filed_by,omitempty"` // the after-sales department's filing (报售后管理部备案)
	FiledAt      *time.Time `json:"filed_at,omitempty"`
	EndedAt      *time.Time `json:"ended_at,omitempty"`
}

// Current reports whether the appointment is in force.
func (a Appointment) Current() bool { return a.EndedAt == nil }

// Organisation is the after-sales organisation (G4): the after-sales group
// led by the general manager with the department heads as members (G4.1),
// the after-sales department and its head (G4.2), and the project
// specialists with their appointments (G4.3). It is one aggregate, with
// one version.
type Organisation struct {
	Version      int           `json:"version"`
	People       []Person      `json:"people"`
	Departments  []Department  `json:"departments"`
	Projects     []Project     `json:"projects"`
	Appointments []Appointment `json:"appointments"`
	UpdatedAt    time.Time     `json:"updated_at"`
}

// Clone returns a deep copy of o.
func (o *Organisation) Clone() *Organisation {
	c := *o
	c.People = slices.Clone(o.People)
	c.Departments = slices.Clone(o.Departments)
	c.Projects = slices.Clone(o.Projects)
	c.Appointments = slices.Clone(o.Appointments)
	for i := range c.Appointments {
		a := &c.Appointments[i]
		a.FiledAt, a.EndedAt = clonePtr(a.FiledAt), clonePtr(a.EndedAt)
	}
	return &c
}

// Person returns the person with the given ID.
func (o *Organisation) Person(id string) (Person, bool) {
	for _, p := range o.People {
		if p.ID == id {
			return p, true
		}
	}
	return Person{}, false
}

// project returns the project with the given ID.
func (o *Organisation) project(id string) (*Project, bool) {
	for i := range o.Projects {
		if o.Projects[i].ID == id {
			return &o.Projects[i], true
		}
	}
	return nil, false
}

// department returns the department with the given ID.
func (o *Organisation) department(id string) (Department, bool) {
	for _, d := range o.Departments {
		if d.ID == id {
			return d, true
		}
	}
	return Department{}, false
}

// Group returns the after-sales group (G4.1): its leader, the general
// manager, and its members, the heads of the departments that are not
// closed.
func (o *Organisation) Group() (leader string, members []string) {
	for _, p := range o.People {
		if p.Active && p.Role == aftersales.RoleGeneralManager && leader == "" {
			leader = p.ID
		}
	}
	for _, d := range o.Departments {
		if d.HeadID != "" && !d.Closed {
			members = append(members, d.HeadID)
		}
	}
	sort.Strings(members)
	return leader, slices.Compact(members)
}

// Specialist returns the current, filed specialist of a project (G4.3).
func (o *Organisation) Specialist(projectID string) (string, bool) {
	for _, a := range o.Appointments {
		if a.ProjectID == projectID && a.Current() && a.FiledAt != nil {
			return a.SpecialistID, true
		}
	}
	return "", false
}

// Actor returns the aftersales.Actor a person acts as: what each person may
// do in the lifecycles follows from their role and department. An unknown
// or inactive person is refused.
func (o *Organisation) Actor(personID string) (aftersales.Actor, error) {
	p, ok := o.Person(personID)
	if !ok || !p.Active {
		return aftersales.Actor{}, aftersales.Errorf(aftersales.KindForbidden, "person_unknown", "人员 %s 不存在或已停用", personID)
	}
	return aftersales.Actor{ID: p.ID, Name: p.Name, Role: p.Role, DepartmentID: p.DepartmentID}, nil
}

// Directory returns o as an aftersales.Directory: projects with their
// project department and their current, filed specialist.
func (o *Organisation) Directory() aftersales.Directory {
	ps := aftersales.Projects{}
	for _, p := range o.Projects {
		ap := p.Project
		ap.SpecialistID, _ = o.Specialist(p.ID)
		ps[p.ID] = ap
	}
	return ps
}

// SpecialistProjects returns the projects a specialist is currently
// appointed to and filed for: what a specialist may see (G4.3).
func (o *Organisation) SpecialistProjects(specialistID string) []string {
	var out []string
	for _, a := range o.Appointments {
		if a.SpecialistID == specialistID && a.Current() && a.FiledAt != nil {
			out = append(out, a.ProjectID)
		}
	}
	sort.Strings(out)
	return out
}

func clonePtr[T any](p *T) *T {
	if p == nil {
		return nil
	}
	v := *p
	return &v
}
