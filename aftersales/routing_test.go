package aftersales_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// The company's organisation in these tests: departments with their own
// IDs (not the well-known ones), one closed, and two of the "other" kind.
var (
	orgProcurement = aftersales.Department{ID: "wz-01", Name: "物资采购部", Kind: aftersales.DeptKindProcurement}
	orgDesign      = aftersales.Department{ID: "sj-01", Name: "设计院", Kind: aftersales.DeptKindDesign}
	orgOldDesign   = aftersales.Department{ID: "old-design", Name: "原设计所", Kind: aftersales.DeptKindDesign, Closed: true}
	orgProperty    = aftersales.Department{ID: "wy-01", Name: "物业部", Kind: aftersales.DeptKindOther}
	orgLegal       = aftersales.Department{ID: "fw-01", Name: "法务部", Kind: aftersales.DeptKindOther}
	orgProject     = aftersales.Department{ID: projDept, Name: "项目一部", Kind: aftersales.DeptKindProject}
	orgAfterSales  = aftersales.Department{ID: aftersales.DeptAfterSales, Name: "售后管理部", Kind: aftersales.DeptKindAfterSales}
	buyer          = aftersales.Actor{ID: "u-buyer", Name: "吴采购", Role: aftersales.RoleDepartmentStaff, DepartmentID: orgProcurement.ID}
)

func newOrgFx(t *testing.T) *fx {
	f := &fx{t: t, ctx: t.Context(), now: at(2026, 11, 2, 9, 0), store: aftersales.NewMemStore()}
	svc, err := aftersales.NewService(aftersales.Config{
		Store:     f.store,
		Clock:     aftersales.ClockFunc(func() time.Time { return f.now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: projID, Name: "滨江花园", Kind: aftersales.Residential, DepartmentID: projDept, SpecialistID: specialist.ID}),
		Organisation: aftersales.StaticOrganisation{
			Departments: []aftersales.Department{orgProcurement, orgDesign, orgOldDesign, orgProperty, orgLegal, orgProject, orgAfterSales},
			People:      []aftersales.Actor{staff, head, specialist, projStaff, buyer},
		},
		NewID: func() string { f.seq++; return fmt.Sprintf("AS-%04d", f.seq) },
	})
	require.NoError(t, err)
	f.svc = svc
	return f
}

// TestP2_1_RoutesToTheCompanysRealDepartments: a material problem goes to
// the company's one procurement department whatever its ID, a design
// problem to the one design department that is not closed.
func TestP2_1_RoutesToTheCompanysRealDepartments(t *testing.T) {
	f := newOrgFx(t)
	for cause, want := range map[aftersales.Cause]string{
		aftersales.CauseMaterial: orgProcurement.ID, aftersales.CauseDesign: orgDesign.ID, aftersales.CauseConstruction: projDept} {
		r := f.register(at(2026, 11, 2, 8, 0), false)
		r, err := f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Cause: cause, Actor: staff})
		require.NoError(t, err, cause)
		require.Equal(t, want, r.Parts[0].Department, cause)
	}
}

// TestP2_1_RefusesUnknownClosedAndAmbiguousDepartments: a forward to a
// department that does not exist or is closed is refused; a kind with
// several departments asks for one; nothing is written.
func TestP2_1_RefusesUnknownClosedAndAmbiguousDepartments(t *testing.T) {
	f := newOrgFx(t)
	r := f.register(at(2026, 11, 2, 8, 0), false)
	for _, tc := range []struct {
		cmd  aftersales.ForwardCommand
		code string
	}{
		{aftersales.ForwardCommand{Departments: []string{"procurement"}, Actor: staff}, "department_unknown"},
		{aftersales.ForwardCommand{Departments: []string{orgOldDesign.ID}, Actor: staff}, "department_closed"},
		{aftersales.ForwardCommand{Cause: aftersales.CauseOther, Actor: staff}, "department_required"},
		{aftersales.ForwardCommand{People: []string{"u-nobody"}, Actor: staff}, "person_unknown"},
	} {
		_, err := f.svc.Forward(f.ctx, r.ID, tc.cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: tc.code}, tc.code)
	}
	f.requireUnchanged(r)

	routing := aftersales.DefaultRouting()
	routing[aftersales.CauseThirdParty] = aftersales.DeptKindOther
	routing[aftersales.CauseMisuse] = aftersales.DeptKindOther
	svc, err := aftersales.NewService(aftersales.Config{Store: f.store, Routing: aftersales.Routing{aftersales.CauseOther: aftersales.DeptKindProcurement},
		Clock: aftersales.ClockFunc(func() time.Time { return f.now }),
		Organisation: aftersales.StaticOrganisation{Departments: []aftersales.Department{orgProcurement,
			{ID: "wz-02", Name: "物资二部", Kind: aftersales.DeptKindProcurement}}}})
	require.NoError(t, err)
	_, err = svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Cause: aftersales.CauseOther, Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "department_ambiguous"})
	require.Contains(t, err.Error(), "物资二部（wz-02）")
	f.requireUnchanged(r)
}

// TestP1_2_ForwardToAPerson: "转达给相关责任部门或人员": a named person's
// department takes the part, with them as its assignee.
func TestP1_2_ForwardToAPerson(t *testing.T) {
	f := newOrgFx(t)
	r := f.register(at(2026, 11, 2, 8, 0), false)
	r, err := f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{People: []string{buyer.ID}, Actor: staff})
	require.NoError(t, err)
	require.Len(t, r.Parts, 1)
	require.Equal(t, orgProcurement.ID, r.Parts[0].Department)
	require.Equal(t, buyer.ID, r.Parts[0].Assignee)
	deadline(t, r, aftersales.ClauseP3_1, orgProcurement.ID, 0)

	// Without an Organisation there is nobody to look a person up in.
	g := newFx(t, at(2026, 11, 2, 9, 0))
	r2 := g.register(at(2026, 11, 2, 8, 0), false)
	_, err = g.svc.Forward(g.ctx, r2.ID, aftersales.ForwardCommand{People: []string{buyer.ID}, Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "organisation_required"})
}

// TestP1_2_ProjectDepartmentRegistersAndForwardsForItsOwnProjects:
// "售后管理部或项目部应及时记录": the 项目部's staff and its specialist register
// and forward requests of their own projects, not of others.
func TestP1_2_ProjectDepartmentRegistersAndForwardsForItsOwnProjects(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	reg := aftersales.Registration{Customer: aftersales.Customer{Name: "张先生"}, ProjectID: projID, Description: "外墙渗水",
		Channel: aftersales.ChannelOnSite, ReceivedAt: at(2026, 11, 2, 8, 0), Cause: aftersales.CauseConstruction}
	for _, a := range []aftersales.Actor{projStaff, specialist} {
		r, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: a, Registration: reg})
		require.NoError(t, err, a.ID)
		r, err = f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Actor: a})
		require.NoError(t, err, a.ID)
		require.Equal(t, projDept, r.Parts[0].Department)
	}
	other := reg
	other.ProjectID = ""
	_, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: projStaff, Registration: other})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "register_forbidden"}, "a 项目部 registers for its own project")
	_, err = f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: procStaff, Registration: reg})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "register_forbidden"}, "another department does not register")
	r := f.register(at(2026, 11, 2, 8, 0), false)
	_, err = f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Actor: procStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "forward_forbidden"})
}
