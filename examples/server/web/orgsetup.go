package web

import (
	"net/http"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// setupOptions fills the choices of the people, project and appointment
// forms (G2, G4): the roles a person may hold, the departments, the
// project kinds, the people who may manage a project and the specialists.
func (d *staffData) setupOptions(o *staff.Organisation, n *names, fs staffForms) {
	d.RoleOptions = []option{{Value: "", Label: "请选择"}}
	for _, r := range staff.PersonRoles() {
		d.RoleOptions = append(d.RoleOptions, option{Value: string(r), Label: r.Label(), Selected: fs.Person.Get("role") == string(r)})
	}
	d.DeptOptions = []option{{Value: "", Label: "无"}}
	for _, x := range o.Departments {
		if !x.Closed {
			d.DeptOptions = append(d.DeptOptions, option{Value: x.ID, Label: x.Name})
		}
	}
	d.ProjectKinds = []option{{Value: "", Label: "请选择"}}
	for _, k := range aftersales.ProjectKinds() {
		d.ProjectKinds = append(d.ProjectKinds, option{Value: string(k), Label: k.Label(), Selected: fs.Project.Get("kind") == string(k)})
	}
	d.Managers = []option{{Value: "", Label: "请选择"}}
	d.Specialists = []option{{Value: "", Label: "请选择"}}
	for _, p := range o.People {
		if !p.Active {
			continue
		}
		d.Managers = append(d.Managers, option{Value: p.ID, Label: p.Name, Selected: fs.Project.Get("manager_id") == p.ID})
		if p.Role == aftersales.RoleSpecialist {
			d.Specialists = append(d.Specialists, option{Value: p.ID, Label: p.Name, Selected: fs.Appoint.Get("specialist_id") == p.ID})
		}
	}
	d.ProjectOptions = []option{{Value: "", Label: "请选择"}}
	for _, p := range o.Projects {
		d.ProjectOptions = append(d.ProjectOptions, option{Value: p.ID, Label: p.Name, Selected: fs.Appoint.Get("project_id") == p.ID})
	}
}

// putPerson adds or changes a person of the organisation (G4); the
// library decides who may (the general manager and the after-sales head)
// and what (one head, roles, contact details).
func (h *Handler) putPerson(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("person", "/staff/people", r.PostForm)
	f.Alias = map[string]string{"person_id": "id", "person_name": "name", "role_invalid": "role", "email_invalid": "email",
		"phone_invalid": "phone", "department_unknown": "department_id"}
	p := staff.Person{ID: f.Get("id"), Name: f.Get("name"), Role: aftersales.Role(strings.TrimSpace(f.Get("role"))),
		DepartmentID: strings.TrimSpace(f.Get("department_id")), Email: f.Get("email"), Phone: f.Get("phone"), Active: f.Get("active") != ""}
	h.staffForm(w, r, u, f, "/staff?ok=person#h-people", func(fs *staffForms) { fs.Person = f }, func() error {
		_, err := h.cfg.Staff.PutPerson(r.Context(), p, u.actor())
		return err
	}, "id", "name", "role", "department_id", "email", "phone", "active")
}

// putProject adds or changes a project with its 项目部 and manager (G2).
func (h *Handler) putProject(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("project", "/staff/projects", r.PostForm)
	f.Alias = map[string]string{"project_id": "id", "project_name_required": "name", "project_kind_invalid": "kind", "manager_unknown": "manager_id", "manager_required": "manager_id",
		"department_closed": "department_id", "department_unknown": "department_id"}
	p := staff.Project{Project: aftersales.Project{ID: f.Get("id"), Name: f.Get("name"),
		Kind: aftersales.ProjectKind(strings.TrimSpace(f.Get("kind"))), DepartmentID: strings.TrimSpace(f.Get("department_id"))},
		ManagerID: strings.TrimSpace(f.Get("manager_id"))}
	h.staffForm(w, r, u, f, "/staff?ok=project#h-projects", func(fs *staffForms) { fs.Project = f }, func() error {
		_, err := h.cfg.Staff.PutProject(r.Context(), p, u.actor())
		return err
	}, "id", "name", "kind", "department_id", "manager_id")
}

// appoint records a project's specialist (G4.3: by the project's
// manager); fileAppointment files it with the after-sales department.
func (h *Handler) appoint(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("appoint", "/staff/appointments", r.PostForm)
	f.Alias = map[string]string{"project_unknown": "project_id", "project_id": "project_id", "not_project_manager": "project_id",
		"specialist_unknown": "specialist_id", "not_specialist": "specialist_id"}
	h.staffForm(w, r, u, f, "/staff?ok=appointed#h-projects", func(fs *staffForms) { fs.Appoint = f }, func() error {
		_, err := h.cfg.Staff.Appoint(r.Context(), strings.TrimSpace(f.Get("project_id")), strings.TrimSpace(f.Get("specialist_id")), u.actor())
		return err
	}, "project_id", "specialist_id")
}

// fileAppointment files a project's specialist appointment (G4.3 备案).
func (h *Handler) fileAppointment(w http.ResponseWriter, r *http.Request, u *user) {
	if _, err := h.cfg.Staff.File(r.Context(), r.PathValue("project"), u.actor()); err != nil {
		f := newForm("appoint", "/staff/appointments")
		status := h.fail(r, f, err)
		h.showStaffWith(w, r, u, status, func(fs *staffForms) { fs.Appoint = f })
		return
	}
	http.Redirect(w, r, "/staff?ok=filed#h-projects", http.StatusSeeOther)
}
