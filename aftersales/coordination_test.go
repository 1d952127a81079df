package aftersales_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestP3_3_AfterSalesDepartmentCoordinatesAReportedDifficulty: a report
// opens the after-sales department's answer (CoordinateDays); the answer
// names a coordinator, records the measures agreed and may bring in more
// departments, each with its own plan deadline (P3.1).
func TestP3_3_AfterSalesDepartmentCoordinatesAReportedDifficulty(t *testing.T) {
	f, r := forwarded(t) // Monday 11-02
	cmd := aftersales.CoordinateCommand{Department: projDept, Coordinator: head.ID, Measures: "约设计部周三到现场出变更方案",
		Departments: []string{aftersales.DeptDesign}, Actor: head}
	_, err := f.svc.Coordinate(f.ctx, r.ID, cmd)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "no_escalation"}, "nothing reported yet")

	r, err = f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "需设计部出具变更方案", Actor: projStaff})
	require.NoError(t, err)
	d := stepDeadline(t, r, aftersales.ClauseP3_3, aftersales.StepCoordination, projDept, 0)
	require.Equal(t, at(2026, 11, 4, 0, 0), d.Due)

	_, err = f.svc.Coordinate(f.ctx, r.ID, aftersales.CoordinateCommand{Department: projDept, Coordinator: head.ID, Measures: "x", Actor: projStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "coordinate_forbidden"})
	_, err = f.svc.Coordinate(f.ctx, r.ID, aftersales.CoordinateCommand{Department: projDept, Measures: "x", Actor: head})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "coordinator_required"})
	_, err = f.svc.Coordinate(f.ctx, r.ID, aftersales.CoordinateCommand{Department: projDept, Coordinator: head.ID, Measures: "x",
		Departments: []string{projDept}, Actor: head})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "department_duplicate"})
	f.requireUnchanged(r)

	f.now = f.now.Add(3 * 3600e9)
	r, err = f.svc.Coordinate(f.ctx, r.ID, cmd)
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, stepDeadline(t, r, aftersales.ClauseP3_3, aftersales.StepCoordination, projDept, 0).State(f.now))
	require.Len(t, r.Coordinations, 1)
	require.Equal(t, head.ID, r.Coordinations[0].Coordinator)
	require.Equal(t, []string{aftersales.DeptDesign}, r.Coordinations[0].Departments)
	require.Len(t, r.Parts, 2)
	require.Equal(t, aftersales.DeptAfterSales, r.Coordinator, "P2.2: several departments, coordinated")
	plan := deadline(t, r, aftersales.ClauseP3_1, aftersales.DeptDesign, 0)
	require.Equal(t, "coordinated", plan.Event)

	// Answered: the department may report again.
	_, err = f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "变更方案仍未到", Actor: projStaff})
	require.NoError(t, err)
}

// TestP3_3_CoordinationChecksPeopleAndDepartmentsWithTheOrganisation: with
// an Organisation the coordinator must be an active person, and departments
// brought in must exist and work.
func TestP3_3_CoordinationChecksPeopleAndDepartmentsWithTheOrganisation(t *testing.T) {
	f := newOrgFx(t)
	r := f.register(at(2026, 11, 2, 8, 0), false)
	r = f.forward(r.ID, at(2026, 11, 2, 9, 0))
	r, err := f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "需设计变更", Actor: projStaff})
	require.NoError(t, err)
	for _, tc := range []struct {
		cmd  aftersales.CoordinateCommand
		code string
	}{
		{aftersales.CoordinateCommand{Department: projDept, Coordinator: "u-gone", Measures: "x", Actor: head}, "person_unknown"},
		{aftersales.CoordinateCommand{Department: projDept, Coordinator: head.ID, Measures: "x", Departments: []string{"no-such"}, Actor: head}, "department_unknown"},
		{aftersales.CoordinateCommand{Department: projDept, Coordinator: head.ID, Measures: "x", Departments: []string{"old-design"}, Actor: head}, "department_closed"},
	} {
		_, err := f.svc.Coordinate(f.ctx, r.ID, tc.cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: tc.code})
	}
	f.requireUnchanged(r)
}
