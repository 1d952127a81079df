package staff

import (
	"fmt"
	"net/mail"
	"slices"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// The organisation's rules: each takes the organisation and a change and
// either applies it to o (a clone the Service saves) or says why not.

func invalid(code, format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindInvalid, code, format, args...)
}

func required(s, code, label string) (string, error) {
	return aftersales.Text(s, true, 200, code, label)
}

// putPerson adds or replaces a person. A person who is no longer an
// active specialist leaves their current appointments at now (G4.3).
func (o *Organisation) putPerson(p Person, now time.Time) error {
	var err error
	if p.ID, err = aftersales.CheckID(p.ID, "person_id", "人员编号"); err != nil {
		return err
	}
	if p.Name, err = required(p.Name, "person_name", "姓名"); err != nil {
		return err
	}
	if !slices.Contains(PersonRoles(), p.Role) {
		return invalid("role_invalid", "人员 %s 的角色 %q 无效：应为公司员工的角色", p.ID, p.Role)
	}
	if p.Email, err = contactEmail(p.Email); err != nil {
		return err
	}
	if p.Phone, err = contactPhone(p.Phone); err != nil {
		return err
	}
	if err := o.checkOneHead(p); err != nil { // G4.2
		return err
	}
	if err := o.keepsLeader(p); err != nil { // G4.1
		return err
	}
	if p.Role != aftersales.RoleSpecialist || !p.Active {
		for i := range o.Appointments {
			if a := &o.Appointments[i]; a.SpecialistID == p.ID && a.Current() {
				end := now
				a.EndedAt = &end
			}
		}
	}
	for i := range o.People {
		if o.People[i].ID == p.ID {
			o.People[i] = p
			return nil
		}
	}
	o.People = append(o.People, p)
	return nil
}

// keepsLeader refuses p when it would leave the organisation without an
// active general manager, having had one. G4.1: "售后管理小组由公司总经理担任
// 组长" — the group has a leader; and the general manager is who may change
// the organisation, so the last one stopping would leave nobody who can.
// Another general manager is appointed first.
func (o *Organisation) keepsLeader(p Person) error {
	if p.Active && p.Role == aftersales.RoleGeneralManager {
		return nil
	}
	was, others := false, false
	for _, x := range o.People {
		if x.Active && x.Role == aftersales.RoleGeneralManager {
			if x.ID == p.ID {
				was = true
			} else {
				others = true
			}
		}
	}
	if was && !others {
		return aftersales.Errorf(aftersales.KindNotAllowed, "last_general_manager",
			"%s 是唯一在职的总经理，总经理任售后管理小组组长（G4.1）：请先添加另一位总经理，再停用 %s 或改任其他角色", p.ID, p.ID)
	}
	return nil
}

// putDepartment adds or replaces a department; its head must be a person
// of the organisation (G4.1, G4.2) and its kind one of aftersales' kinds,
// since routing picks departments by kind (P2.1). A department may be
// closed (撤销) and reopened; a closed one gets nothing forwarded any more.
// The after-sales department is never closed: it is the department that
// runs after-sales work (G4.2). Nor is a project's 项目部 while a project
// still names it, since its construction problems go there (P2.1, G4.3):
// the project is handed to another department first.
func (o *Organisation) putDepartment(d Department) error {
	var err error
	if d.ID, err = aftersales.CheckID(d.ID, "department_id", "部门编号"); err != nil {
		return err
	}
	if d.Name, err = required(d.Name, "department_name", "部门名称"); err != nil {
		return err
	}
	if !d.Kind.Valid() {
		return invalid("department_kind_invalid", "部门类型 %q 无效，应为 after_sales（售后管理部）、project（项目部）、procurement（物资采购部）、design（设计部）或 other（其他部门）", d.Kind)
	}
	if d.HeadID != "" {
		if _, ok := o.Person(d.HeadID); !ok {
			return invalid("head_unknown", "部门负责人 %s 不在人员名单中", d.HeadID)
		}
	}
	if d.Closed {
		if err := o.mayClose(d); err != nil {
			return err
		}
	}
	for i := range o.Departments {
		if o.Departments[i].ID == d.ID {
			o.Departments[i] = d
			return nil
		}
	}
	o.Departments = append(o.Departments, d)
	return nil
}

// mayClose says why department d may not be closed, if it may not.
func (o *Organisation) mayClose(d Department) error {
	if d.Kind == aftersales.DeptKindAfterSales || d.ID == aftersales.DeptAfterSales {
		return aftersales.Errorf(aftersales.KindNotAllowed, "department_cannot_close",
			"售后管理部是售后管理的具体执行部门（G4.2），不能撤销")
	}
	for _, p := range o.Projects {
		if p.DepartmentID == d.ID {
			return aftersales.Errorf(aftersales.KindNotAllowed, "department_in_use",
				"项目 %s（%s）仍由 %s 负责售后（G4.3、P2.1），请先将项目移交其他项目部，再撤销该部门", p.Name, p.ID, d.Name)
		}
	}
	return nil
}

// putProject adds or replaces a project; its manager must be a person.
func (o *Organisation) putProject(p Project) error {
	var err error
	if p.ID, err = aftersales.CheckID(p.ID, "project_id", "项目编号"); err != nil {
		return err
	}
	// G2: a project is known by its name on every form and in every
	// notice; an ID alone names nothing a person recognises.
	if p.Name = strings.TrimSpace(p.Name); p.Name == "" {
		return invalid("project_name_required", "项目 %s 的名称不能为空", p.ID)
	}
	if p.Kind != "" && !p.Kind.Valid() {
		return invalid("project_kind_invalid", "项目类型 %q 无效，应为%s（G2）", p.Kind, aftersales.Choices(aftersales.ProjectKinds()...))
	}
	// G4.3: the project's manager appoints its specialist.
	if strings.TrimSpace(p.ManagerID) == "" {
		return invalid("manager_required", "项目 %s 须有项目经理（G4.3：售后专员由项目经理任命）", p.ID)
	}
	if _, ok := o.Person(p.ManagerID); !ok {
		return invalid("manager_unknown", "项目经理 %q 不在人员名单中", p.ManagerID)
	}
	if d, ok := o.department(p.DepartmentID); ok && d.Closed { // P2.1: nothing goes to a closed department
		return aftersales.Errorf(aftersales.KindNotAllowed, "department_closed", "部门 %s（%s）已撤销，不能负责项目 %s", d.Name, d.ID, p.ID)
	}
	if existing, ok := o.project(p.ID); ok {
		*existing = p
		return nil
	}
	o.Projects = append(o.Projects, p)
	return nil
}

// appoint records a specialist's appointment (G4.3): by that project's
// manager, of an active person with the specialist role. A new appointment
// ends the project's current one.
func (o *Organisation) appoint(a Appointment) error {
	pr, ok := o.project(a.ProjectID)
	if !ok {
		return invalid("project_unknown", "项目 %q 不存在", a.ProjectID)
	}
	if a.AppointedBy != pr.ManagerID {
		return aftersales.Errorf(aftersales.KindForbidden, "not_project_manager",
			"售后专员由项目部经理任命（G4.3）：%s 不是项目 %s 的经理", a.AppointedBy, a.ProjectID)
	}
	p, ok := o.Person(a.SpecialistID)
	if !ok || !p.Active {
		return invalid("specialist_unknown", "售后专员 %q 不在人员名单中或已停用", a.SpecialistID)
	}
	if p.Role != aftersales.RoleSpecialist {
		return invalid("not_specialist", "%s 的角色不是售后专员", p.Name)
	}
	for i := range o.Appointments {
		if x := &o.Appointments[i]; x.ProjectID == a.ProjectID && x.Current() {
			end := a.AppointedAt
			x.EndedAt = &end
		}
	}
	a.FiledAt, a.FiledBy, a.EndedAt = nil, "", nil
	o.Appointments = append(o.Appointments, a)
	return nil
}

// file records the after-sales department's filing of a project's current
// appointment (G4.3: 报售后管理部备案). Until filed, the specialist does not
// act for the project.
// MayFile reports whether a may file a project's specialist appointment:
// nil for the after-sales department (G4.3 报售后管理部备案), otherwise the
// refusal File gives. A desk offers the filing only when it is nil.
func MayFile(a aftersales.Actor) error {
	if a.Role != aftersales.RoleAfterSalesHead && a.Role != aftersales.RoleAfterSalesStaff {
		return aftersales.Errorf(aftersales.KindForbidden, "filing_forbidden", "售后专员的任命报售后管理部备案，须由售后管理部登记（G4.3）")
	}
	return nil
}

func (o *Organisation) file(projectID string, by aftersales.Actor, at time.Time) error {
	if err := MayFile(by); err != nil {
		return err
	}
	for i := range o.Appointments {
		if a := &o.Appointments[i]; a.ProjectID == projectID && a.Current() {
			if a.FiledAt != nil {
				return aftersales.Errorf(aftersales.KindNotAllowed, "already_filed", "项目 %s 的售后专员任命已经备案", projectID)
			}
			if at.Before(a.AppointedAt) {
				return invalid("time_before_previous_step", "备案时间早于任命时间")
			}
			a.FiledAt, a.FiledBy = &at, by.ID
			return nil
		}
	}
	return aftersales.Errorf(aftersales.KindNotAllowed, "no_appointment", "项目 %s 没有在任的售后专员任命", projectID)
}

// describe is a one-line Chinese summary for the history.
func describe(kind string, args ...string) string {
	return fmt.Sprintf("%s：%s", kind, strings.Join(args, "，"))
}

// contactEmail checks an optional e-mail address: empty, or one bare
// address such as wang@example.com (no display name, no list).
func contactEmail(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", nil
	}
	a, err := mail.ParseAddress(s)
	if err != nil || a.Address != s || a.Name != "" || len(s) > 254 {
		return "", invalid("email_invalid", "电子邮箱 %q 格式无效，应为 name@example.com 这样的一个地址", s)
	}
	return s, nil
}

// contactPhone checks an optional phone number: empty, or 5 to 20 digits
// with an optional leading + (spaces and hyphens are dropped).
func contactPhone(s string) (string, error) {
	s = strings.NewReplacer(" ", "", "-", "").Replace(strings.TrimSpace(s))
	if s == "" {
		return "", nil
	}
	digits := strings.TrimPrefix(s, "+")
	ok := len(digits) >= 5 && len(digits) <= 20
	for _, r := range digits {
		ok = ok && r >= '0' && r <= '9'
	}
	if !ok {
		return "", invalid("phone_invalid", "手机号码 %q 格式无效，应为 5 至 20 位数字，可带国际区号前缀 +", s)
	}
	return s, nil
}
