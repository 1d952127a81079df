package staff_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/staff"
)

var (
	gm     = aftersales.Actor{ID: "p-gm", Role: aftersales.RoleGeneralManager}
	head   = aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	pm     = aftersales.Actor{ID: "p-pm", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	others = aftersales.Actor{ID: "p-pm2", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目二部"}
	d      = calendar.D
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sfx is a staff Service with a small organisation: the general manager,
// the after-sales head, two project managers, a specialist, a staff member.
type sfx struct {
	t     *testing.T
	ctx   context.Context
	now   time.Time
	svc   *staff.Service
	store *staff.MemStore
	cases fixedCases
}

type fixedCases map[string]staff.Figures

func (c fixedCases) Figures(_ context.Context, id string, _ staff.Period) (staff.Figures, error) {
	return c[id], nil
}

func newSfx(t *testing.T) *sfx {
	f := &sfx{t: t, ctx: context.Background(), now: time.Date(2026, 11, 27, 10, 0, 0, 0, calendar.CST()), store: staff.NewMemStore(), cases: fixedCases{}}
	n := 0
	svc, err := staff.NewService(staff.Config{Store: f.store, Cases: f.cases, Clock: aftersales.ClockFunc(func() time.Time { return f.now }),
		NewID: func() string { n++; return fmt.Sprintf("R%03d", n) }})
	require.NoError(t, err)
	f.svc = svc
	for _, p := range []staff.Person{
		{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: true},
		{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "p-pm", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Active: true},
		{ID: "p-pm2", Name: "李经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目二部", Active: true},
		{ID: "p-spec", Name: "周专员", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部", Active: true},
		{ID: "p-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, Active: true},
	} {
		_, err := svc.PutPerson(f.ctx, p, gm)
		require.NoError(t, err)
	}
	for _, dp := range []staff.Department{
		{Department: aftersales.Department{ID: aftersales.DeptAfterSales, Name: "售后管理部", Kind: aftersales.DeptKindAfterSales}, HeadID: "p-head"},
		{Department: aftersales.Department{ID: "项目一部", Name: "项目一部", Kind: aftersales.DeptKindProject}, HeadID: "p-pm"},
	} {
		_, err := svc.PutDepartment(f.ctx, dp, gm)
		require.NoError(t, err)
	}
	_, err = svc.PutProject(f.ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-001", Name: "滨江花园",
		Kind: aftersales.Residential, DepartmentID: "项目一部"}}, head)
	require.NoError(t, err)
	return f
}

func TestG4_1_TheAfterSalesGroup(t *testing.T) {
	f := newSfx(t)
	o, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)
	leader, members := o.Group()
	require.Equal(t, "p-gm", leader)
	require.Equal(t, []string{"p-head", "p-pm"}, members)

	// A closed department's head is no longer a member.
	_, err = f.svc.PutDepartment(f.ctx, staff.Department{Department: aftersales.Department{ID: "设计部", Name: "设计部",
		Kind: aftersales.DeptKindDesign, Closed: true}, HeadID: "p-pm2"}, gm)
	require.NoError(t, err)
	o, err = f.svc.Organisation(f.ctx)
	require.NoError(t, err)
	_, members = o.Group()
	require.Equal(t, []string{"p-head", "p-pm"}, members)
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "x", Name: "x", Role: aftersales.RoleAfterSalesStaff}, pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "organisation_forbidden"})
}

func TestG4_3_SpecialistAppointedByTheProjectManagerAndFiled(t *testing.T) {
	f := newSfx(t)
	before, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)

	// Someone who is not that project's manager cannot appoint.
	for _, a := range []aftersales.Actor{others, head, gm} {
		_, err := f.svc.Appoint(f.ctx, "P-001", "p-spec", a)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "not_project_manager"}, a.ID)
		require.Contains(t, err.Error(), "不是项目 P-001 的经理")
	}
	_, err = f.svc.Appoint(f.ctx, "P-001", "p-staff", pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "not_specialist"})
	after, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "nothing written")

	o, err := f.svc.Appoint(f.ctx, "P-001", "p-spec", pm)
	require.NoError(t, err)
	_, filed := o.Specialist("P-001")
	require.False(t, filed, "not acting until filed with the after-sales department")
	_, err = f.svc.File(f.ctx, "P-001", pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "filing_forbidden"})
	o, err = f.svc.File(f.ctx, "P-001", head)
	require.NoError(t, err)
	spec, ok := o.Specialist("P-001")
	require.True(t, ok)
	require.Equal(t, "p-spec", spec)
	require.Equal(t, []string{"P-001"}, o.SpecialistProjects("p-spec"))

	// The organisation answers aftersales' questions.
	p, err := o.Directory().Project(f.ctx, "P-001")
	require.NoError(t, err)
	require.Equal(t, "p-spec", p.SpecialistID)
	require.Equal(t, "项目一部", p.DepartmentID)
	a, err := o.Actor("p-spec")
	require.NoError(t, err)
	require.Equal(t, aftersales.RoleSpecialist, a.Role)
	_, err = o.Actor("p-nobody")
	require.ErrorIs(t, err, aftersales.ErrForbidden)

	h, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Equal(t, "filing", h[len(h)-1].Type)
	require.Equal(t, head.ID, h[len(h)-1].Actor.ID)
}

func TestG4_3_ASpecialistWhoLeavesTheRoleLeavesTheAppointment(t *testing.T) {
	f := newSfx(t)
	_, err := f.svc.Appoint(f.ctx, "P-001", "p-spec", pm)
	require.NoError(t, err)
	_, err = f.svc.File(f.ctx, "P-001", head)
	require.NoError(t, err)
	o, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-spec", Name: "周专员", Role: aftersales.RoleAfterSalesStaff, Active: true}, gm)
	require.NoError(t, err)
	_, ok := o.Specialist("P-001")
	require.False(t, ok, "no longer a specialist: the appointment ended")
	p, err := o.Directory().Project(f.ctx, "P-001")
	require.NoError(t, err)
	require.Empty(t, p.SpecialistID)
}

func TestG4_2_TheAfterSalesHeadKeepsTheOrganisation(t *testing.T) {
	f := newSfx(t)
	o, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-new", Name: "新专员", Role: aftersales.RoleSpecialist, Active: true}, head)
	require.NoError(t, err)
	_, ok := o.Person("p-new")
	require.True(t, ok)
	staffActor := aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff}
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-x", Name: "x", Role: aftersales.RoleSpecialist, Active: true}, staffActor)
	require.ErrorIs(t, err, aftersales.ErrForbidden)
}

func TestG4_1_OnlyTheGeneralManagerAppointsTheLeaders(t *testing.T) {
	f := newSfx(t)
	for _, p := range []staff.Person{
		{ID: "p-gm2", Name: "副总", Role: aftersales.RoleGeneralManager, Active: true},
		{ID: "p-head2", Name: "新部长", Role: aftersales.RoleAfterSalesHead, Active: true},
		{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: false},    // removing the general manager
		{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesStaff, Active: true}, // demoting a head
	} {
		_, err := f.svc.PutPerson(f.ctx, p, head)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "organisation_forbidden"}, p.ID)
	}
	_, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-gm2", Name: "副总", Role: aftersales.RoleGeneralManager, Active: true}, gm)
	require.NoError(t, err)
	_, err = f.svc.ChangeHead(f.ctx, "p-staff", head)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "organisation_forbidden"})
	_, err = f.svc.ChangeHead(f.ctx, "p-staff", gm)
	require.NoError(t, err)
}

// TestG4_1_TheLastGeneralManagerStays: the general manager leads the
// group (G4.1) and is who may change the organisation, so the last active
// one may be neither stopped nor given another role, by themself or
// anyone: nothing is written. With a second general manager appointed
// first, the first may go. A customer is not one of the company's people.
func TestG4_1_TheLastGeneralManagerStays(t *testing.T) {
	f := newSfx(t)
	before, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	for _, p := range []staff.Person{
		{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: false},
		{ID: "p-gm", Name: "王总", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, Active: true},
	} {
		_, err := f.svc.PutPerson(f.ctx, p, gm)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "last_general_manager"}, "%+v", p)
	}
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "c-1", Name: "王女士", Role: aftersales.RoleCustomer, Active: true}, gm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "role_invalid"})
	after, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Len(t, after, len(before), "nothing written")

	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-gm2", Name: "刘总", Role: aftersales.RoleGeneralManager, Active: true}, gm)
	require.NoError(t, err)
	o, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: false}, gm)
	require.NoError(t, err, "another general manager leads now")
	leader, _ := o.Group()
	require.Equal(t, "p-gm2", leader)
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-gm2", Name: "刘总", Role: aftersales.RoleGeneralManager, Active: false},
		aftersales.Actor{ID: "p-gm2", Role: aftersales.RoleGeneralManager})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "last_general_manager"}, "the new one is the last now")
}
