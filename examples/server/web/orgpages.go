package web

import (
	"net/http"
	"sort"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// deptRow is a department on the staff page.
type deptRow struct {
	ID, Name, Kind, Head string
	Closed               bool
}

// organisation fills the departments, the head and the options of the
// department and head forms.
func (d *staffData) organisation(o *staff.Organisation, n *names, fs staffForms) {
	for _, x := range o.Departments {
		row := deptRow{ID: x.ID, Name: x.Name, Kind: x.Kind.Label(), Head: "—", Closed: x.Closed}
		if x.HeadID != "" {
			row.Head = n.Person(x.HeadID)
		}
		d.Departments = append(d.Departments, row)
	}
	sort.Slice(d.Departments, func(i, j int) bool { return d.Departments[i].ID < d.Departments[j].ID })
	d.KindOptions = deptKindOptions()
	d.HeadName = "（空缺）"
	if p, ok := o.Head(); ok {
		d.HeadName = p.Name
	}
	d.HeadOptions = []option{{Value: "", Label: "无"}}
	d.Candidates = []option{{Value: "", Label: "请选择"}}
	for _, p := range o.People {
		if !p.Active {
			continue
		}
		d.HeadOptions = append(d.HeadOptions, option{Value: p.ID, Label: p.Name, Selected: fs.Dept.Get("head_id") == p.ID})
		// G4.2: the next head is anyone active but the head and the
		// general manager (G4.1).
		if p.Role != aftersales.RoleAfterSalesHead && p.Role != aftersales.RoleGeneralManager {
			d.Candidates = append(d.Candidates, option{Value: p.ID, Label: p.Name + "（" + p.Role.Label() + "）"})
		}
	}
}

// deptKindOptions are the department kinds, in the regulation's order.
func deptKindOptions() []option {
	out := []option{{Value: "", Label: "请选择"}}
	for _, k := range aftersales.DepartmentKinds() {
		out = append(out, option{Value: string(k), Label: k.Label()})
	}
	return out
}

// fillDept puts department id, if there is one, into the department form.
func fillDept(f *form, o *staff.Organisation, id string) {
	for _, x := range o.Departments {
		if x.ID == id {
			f.Values.Set("id", x.ID)
			f.Values.Set("name", x.Name)
			f.Values.Set("kind", string(x.Kind))
			f.Values.Set("head_id", x.HeadID)
			if x.Closed {
				f.Values.Set("closed", "1")
			}
		}
	}
}

// putDepartment adds or changes a department, and closes (撤销) or reopens
// it with the 已撤销 box (G4, P2.1); the library decides who may and what.
func (h *Handler) putDepartment(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("dept", "/staff/departments", r.PostForm)
	f.Alias = map[string]string{"department_id": "id", "department_name": "name", "department_kind": "kind",
		"head_unknown": "head_id", "department_cannot_close": "closed", "department_in_use": "closed"}
	d := staff.Department{Department: aftersales.Department{ID: f.Get("id"), Name: f.Get("name"),
		Kind: aftersales.DepartmentKind(strings.TrimSpace(f.Get("kind"))), Closed: f.Get("closed") != ""}, HeadID: f.Get("head_id")}
	h.staffForm(w, r, u, f, "/staff?ok=department#departments", func(fs *staffForms) { fs.Dept = f }, func() error {
		_, err := h.cfg.Staff.PutDepartment(r.Context(), d, u.actor())
		return err
	}, "id", "name", "kind", "head_id", "closed")
}

// changeHead hands the after-sales head's post to another person in one
// step (G4.2); only the general manager may (G4.1).
func (h *Handler) changeHead(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("head", "/staff/head", r.PostForm)
	f.Alias = map[string]string{"head_unknown": "person_id", "already_head": "person_id", "head_role_invalid": "person_id"}
	if strings.TrimSpace(f.Get("person_id")) == "" {
		f.set("person_id", "请选择新部长")
	}
	h.staffForm(w, r, u, f, "/staff?ok=head#departments", func(fs *staffForms) { fs.Head = f }, func() error {
		_, err := h.cfg.Staff.ChangeHead(r.Context(), f.Get("person_id"), u.actor())
		return err
	}, "person_id")
}
