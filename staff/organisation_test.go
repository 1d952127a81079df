package staff_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// unchanged asserts that the organisation and the history are as before.
func (f *sfx) unchanged(before *staff.Organisation, history []staff.Change) {
	f.t.Helper()
	after, err := f.svc.Organisation(f.ctx)
	require.NoError(f.t, err)
	require.Equal(f.t, before, after, "nothing written")
	h, err := f.svc.History(f.ctx)
	require.NoError(f.t, err)
	require.Equal(f.t, history, h, "no history written")
}

// snapshot returns the organisation and the history.
func (f *sfx) snapshot() (*staff.Organisation, []staff.Change) {
	f.t.Helper()
	o, err := f.svc.Organisation(f.ctx)
	require.NoError(f.t, err)
	h, err := f.svc.History(f.ctx)
	require.NoError(f.t, err)
	return o, h
}

// TestG4_2_OneHead: "售后管理部设部长一名" — a second active after-sales head is
// refused, naming the current one; an inactive head, or the head's own
// record, is no second head.
func TestG4_2_OneHead(t *testing.T) {
	f := newSfx(t)
	o, h := f.snapshot()
	for _, p := range []staff.Person{
		{ID: "p-head2", Name: "新部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "p-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true}, // promoting beside the head
	} {
		_, err := f.svc.PutPerson(f.ctx, p, gm)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "head_exists"}, p.ID)
		require.Contains(t, err.Error(), "钱部长")
		require.Contains(t, err.Error(), "G4.2")
		f.unchanged(o, h)
	}
	head1, ok := o.Head()
	require.True(t, ok)
	require.Equal(t, "p-head", head1.ID)

	// The head's own record may change; an inactive head may be kept on
	// file beside the active one.
	_, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-head", Name: "钱部长（兼）", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true}, gm)
	require.NoError(t, err)
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-old", Name: "前任部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}, gm)
	require.NoError(t, err)
	// ... but not made active again while there is a head.
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-old", Name: "前任部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true}, gm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "head_exists"})

	// With the head gone, the general manager may appoint another.
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}, gm)
	require.NoError(t, err)
	o, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-head2", Name: "新部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true}, gm)
	require.NoError(t, err)
	head2, ok := o.Head()
	require.True(t, ok)
	require.Equal(t, "p-head2", head2.ID)
}

// TestG4_2_ChangeHeadIsOneStep: a change of head moves the role in one
// recorded change: the old head becomes after-sales staff, the new one
// head and the after-sales department's head; only the general manager
// may do it, and a refused change writes nothing.
func TestG4_2_ChangeHeadIsOneStep(t *testing.T) {
	f := newSfx(t)
	_, err := f.svc.Appoint(f.ctx, "P-001", "p-spec", pm)
	require.NoError(t, err)
	_, err = f.svc.File(f.ctx, "P-001", head)
	require.NoError(t, err)
	before, history := f.snapshot()

	for _, tt := range []struct {
		newHead string
		by      aftersales.Actor
		kind    aftersales.ErrorKind
		code    string
	}{
		{"p-staff", head, aftersales.KindForbidden, "organisation_forbidden"}, // G4.1: the general manager appoints the leaders
		{"p-staff", aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff}, aftersales.KindForbidden, "organisation_forbidden"},
		{"p-staff", aftersales.Actor{Role: aftersales.RoleGeneralManager}, aftersales.KindInvalid, "actor_required"},
		{"p-ghost", gm, aftersales.KindInvalid, "head_unknown"},
		{"", gm, aftersales.KindInvalid, "head_unknown"},
		{"p-head", gm, aftersales.KindNotAllowed, "already_head"},
		{"p-gm", gm, aftersales.KindInvalid, "head_role_invalid"},
	} {
		_, err := f.svc.ChangeHead(f.ctx, tt.newHead, tt.by)
		require.ErrorIs(t, err, &aftersales.Error{Kind: tt.kind, Code: tt.code}, "%s by %s", tt.newHead, tt.by.ID)
		f.unchanged(before, history)
	}
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-left", Name: "离职", Role: aftersales.RoleAfterSalesStaff}, gm)
	require.NoError(t, err)
	before, history = f.snapshot()
	_, err = f.svc.ChangeHead(f.ctx, "p-left", gm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "head_unknown"}, "an inactive person")
	f.unchanged(before, history)

	// The specialist of P-001 becomes head: one change, the old head is
	// staff, the specialist's appointment ends (G4.3), and the after-sales
	// department names the new head (G4.1).
	f.now = f.now.Add(time.Hour)
	o, err := f.svc.ChangeHead(f.ctx, "p-spec", gm)
	require.NoError(t, err)
	require.Equal(t, before.Version+1, o.Version)
	h, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Len(t, h, len(history)+1, "one change")
	last := h[len(h)-1]
	require.Equal(t, "head", last.Type)
	require.Equal(t, gm, last.Actor)
	require.Contains(t, last.Note, "钱部长（p-head） → 周专员（p-spec）")

	old, _ := o.Person("p-head")
	require.Equal(t, staff.Person{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, Active: true}, old)
	now, _ := o.Person("p-spec")
	require.Equal(t, staff.Person{ID: "p-spec", Name: "周专员", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true}, now)
	got, ok := o.Head()
	require.True(t, ok)
	require.Equal(t, "p-spec", got.ID)
	_, filed := o.Specialist("P-001")
	require.False(t, filed, "the specialist left the appointment")
	leader, members := o.Group()
	require.Equal(t, "p-gm", leader)
	require.Equal(t, []string{"p-pm", "p-spec"}, members)
	a, err := o.Actor("p-spec")
	require.NoError(t, err)
	require.Equal(t, aftersales.RoleAfterSalesHead, a.Role)

	// Without a current head, a change of head fills the post.
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-spec", Name: "周专员", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}, gm)
	require.NoError(t, err)
	o, err = f.svc.ChangeHead(f.ctx, "p-head", gm)
	require.NoError(t, err)
	got, _ = o.Head()
	require.Equal(t, "p-head", got.ID)
	h, err = f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Contains(t, h[len(h)-1].Note, "（空缺） → 钱部长（p-head）")
}

// TestP2_1_DepartmentsCloseAndReopen: a department is closed (撤销) and
// reopened through PutDepartment; routing by kind (P2.1) no longer sees a
// closed one. The after-sales department is never closed (G4.2), nor a
// 项目部 that a project still names; a project is not given to a closed
// department; the kind must be one of aftersales' kinds.
func TestP2_1_DepartmentsCloseAndReopen(t *testing.T) {
	f := newSfx(t)
	design := staff.Department{Department: aftersales.Department{ID: "设计部", Name: "设计部", Kind: aftersales.DeptKindDesign}}
	_, err := f.svc.PutDepartment(f.ctx, design, head)
	require.NoError(t, err)

	design.Closed = true
	o, err := f.svc.PutDepartment(f.ctx, design, gm)
	require.NoError(t, err)
	got, err := o.Lookup().Department(f.ctx, "设计部")
	require.NoError(t, err)
	require.True(t, got.Closed)
	open, err := o.Lookup().DepartmentsOfKind(f.ctx, aftersales.DeptKindDesign)
	require.NoError(t, err)
	require.Empty(t, open)
	h, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Contains(t, h[len(h)-1].Note, "撤销部门")

	design.Closed = false
	o, err = f.svc.PutDepartment(f.ctx, design, head)
	require.NoError(t, err)
	open, err = o.Lookup().DepartmentsOfKind(f.ctx, aftersales.DeptKindDesign)
	require.NoError(t, err)
	require.Equal(t, []aftersales.Department{design.Department}, open)
	h, err = f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Contains(t, h[len(h)-1].Note, "恢复部门")

	before, history := f.snapshot()
	for _, tt := range []struct {
		d    staff.Department
		kind aftersales.ErrorKind
		code string
	}{
		{staff.Department{Department: aftersales.Department{ID: aftersales.DeptAfterSales, Name: "售后管理部", Kind: aftersales.DeptKindAfterSales, Closed: true}, HeadID: "p-head"},
			aftersales.KindNotAllowed, "department_cannot_close"},
		{staff.Department{Department: aftersales.Department{ID: "项目一部", Name: "项目一部", Kind: aftersales.DeptKindProject, Closed: true}, HeadID: "p-pm"},
			aftersales.KindNotAllowed, "department_in_use"},
		{staff.Department{Department: aftersales.Department{ID: "后勤部", Name: "后勤部", Kind: "logistics"}}, aftersales.KindInvalid, "department_kind_invalid"},
		{staff.Department{Department: aftersales.Department{ID: "后勤部", Name: "后勤部"}}, aftersales.KindInvalid, "department_kind_invalid"},
		{staff.Department{Department: aftersales.Department{ID: "后勤部", Name: "后勤部", Kind: aftersales.DeptKindOther}, HeadID: "p-ghost"}, aftersales.KindInvalid, "head_unknown"},
	} {
		_, err := f.svc.PutDepartment(f.ctx, tt.d, gm)
		require.ErrorIs(t, err, &aftersales.Error{Kind: tt.kind, Code: tt.code}, tt.d.ID)
		f.unchanged(before, history)
	}
	_, err = f.svc.PutDepartment(f.ctx, staff.Department{Department: aftersales.Department{ID: "设计部", Name: "设计部", Kind: aftersales.DeptKindDesign}}, pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "organisation_forbidden"})
	f.unchanged(before, history)

	// A project handed to another department frees its old one to close;
	// a closed department takes no project.
	_, err = f.svc.PutDepartment(f.ctx, staff.Department{Department: aftersales.Department{ID: "项目二部", Name: "项目二部", Kind: aftersales.DeptKindProject}, HeadID: "p-pm2"}, gm)
	require.NoError(t, err)
	_, err = f.svc.PutProject(f.ctx, staff.Project{ManagerID: "p-pm2", Project: aftersales.Project{ID: "P-001", Name: "滨江花园",
		Kind: aftersales.Residential, DepartmentID: "项目二部"}}, gm)
	require.NoError(t, err)
	_, err = f.svc.PutDepartment(f.ctx, staff.Department{Department: aftersales.Department{ID: "项目一部", Name: "项目一部", Kind: aftersales.DeptKindProject, Closed: true}, HeadID: "p-pm"}, gm)
	require.NoError(t, err)
	before, history = f.snapshot()
	_, err = f.svc.PutProject(f.ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-002", Name: "江景苑",
		Kind: aftersales.Residential, DepartmentID: "项目一部"}}, gm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "department_closed"})
	f.unchanged(before, history)

	// G2: a project has a name, whoever puts it (the desk, the API, an ERP).
	for _, name := range []string{"", " \t　"} {
		_, err = f.svc.PutProject(f.ctx, staff.Project{ManagerID: "p-pm2", Project: aftersales.Project{ID: "P-003", Name: name,
			Kind: aftersales.Residential, DepartmentID: "项目二部"}}, gm)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "project_name_required"}, "%q", name)
		f.unchanged(before, history)
	}
	// G4.3: its manager appoints its specialist, so it has one, a person
	// of the organisation.
	for manager, code := range map[string]string{"": "manager_required", "  ": "manager_required", "p-ghost": "manager_unknown"} {
		_, err = f.svc.PutProject(f.ctx, staff.Project{ManagerID: manager, Project: aftersales.Project{ID: "P-003", Name: "江景苑",
			Kind: aftersales.Residential, DepartmentID: "项目二部"}}, gm)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code}, "%q", manager)
		f.unchanged(before, history)
	}
}

// TestOrganisationLookup: the organisation answers aftersales' questions
// about departments and people (aftersales.Organisation): a department
// closed or not, the open departments of a kind in ID order, and active
// people as the actors they act as; anything else is not found.
func TestOrganisationLookup(t *testing.T) {
	f := newSfx(t)
	for _, d := range []staff.Department{
		{Department: aftersales.Department{ID: "项目三部", Name: "项目三部", Kind: aftersales.DeptKindProject}},
		{Department: aftersales.Department{ID: "项目二部", Name: "项目二部", Kind: aftersales.DeptKindProject, Closed: true}},
		{Department: aftersales.Department{ID: "采购部", Name: "物资采购部", Kind: aftersales.DeptKindProcurement}},
	} {
		_, err := f.svc.PutDepartment(f.ctx, d, gm)
		require.NoError(t, err)
	}
	_, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-left", Name: "离职", Role: aftersales.RoleAfterSalesStaff}, gm)
	require.NoError(t, err)
	o, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)
	var l aftersales.Organisation = o.Lookup()

	d, err := l.Department(f.ctx, "项目二部")
	require.NoError(t, err)
	require.Equal(t, aftersales.Department{ID: "项目二部", Name: "项目二部", Kind: aftersales.DeptKindProject, Closed: true}, d)
	_, err = l.Department(f.ctx, "后勤部")
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotFound, Code: "department_not_found"})

	ps, err := l.DepartmentsOfKind(f.ctx, aftersales.DeptKindProject)
	require.NoError(t, err)
	require.Equal(t, []string{"项目一部", "项目三部"}, ids(ps), "open ones, by ID")
	ps, err = l.DepartmentsOfKind(f.ctx, aftersales.DeptKindProcurement)
	require.NoError(t, err)
	require.Equal(t, []string{"采购部"}, ids(ps))
	ps, err = l.DepartmentsOfKind(f.ctx, aftersales.DeptKindDesign)
	require.NoError(t, err)
	require.Empty(t, ps)

	a, err := l.Person(f.ctx, "p-spec")
	require.NoError(t, err)
	require.Equal(t, aftersales.Actor{ID: "p-spec", Name: "周专员", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部"}, a)
	for _, id := range []string{"p-left", "p-ghost", ""} {
		_, err := l.Person(f.ctx, id)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotFound, Code: "person_not_found"}, id)
	}

	// It answers from the organisation as it was read: later changes, or
	// changes to o, do not reach it.
	o.Departments = nil
	_, err = l.Department(f.ctx, "项目一部")
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(f.ctx)
	cancel()
	_, err = l.Person(ctx, "p-spec")
	require.ErrorIs(t, err, context.Canceled)
}

func ids(ds []aftersales.Department) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.ID)
	}
	return out
}
