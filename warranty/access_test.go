package warranty_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

var (
	deskStaff  = aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	gm         = aftersales.Actor{ID: "u-gm", Role: aftersales.RoleGeneralManager}
	projStaff  = aftersales.Actor{ID: "u-proj", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	designer   = aftersales.Actor{ID: "u-design", Role: aftersales.RoleDepartmentStaff, DepartmentID: "设计部"}
	specialist = aftersales.Actor{ID: "u-spec", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部"}
)

// TestG4_2_TheAfterSalesDepartmentKeepsTheWarranty: setting up, starting,
// notifying (W2.1) and reporting (W3.2) are the after-sales department's.
func TestG4_2_TheAfterSalesDepartmentKeepsTheWarranty(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	_, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", Actor: designer})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "warranty_forbidden"})
	_, err = f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: "P-001", Actor: deskStaff})
	require.NoError(t, err)
	start := warranty.StartCommand{Start: warranty.Start{Basis: warranty.BasisAcceptance, Date: d(2024, 11, 20), Evidence: "验收报告"}}
	for _, a := range []aftersales.Actor{designer, projStaff, specialist} {
		start.Actor = a
		_, err = f.svc.RecordStart(f.ctx, "P-001", start)
		require.ErrorIs(t, err, aftersales.ErrForbidden, a.ID)
		_, err = f.svc.RecordNotice(f.ctx, "P-001", warranty.NoticeCommand{To: []string{"项目一部"}, Actor: a})
		require.ErrorIs(t, err, aftersales.ErrForbidden, a.ID)
		_, err = f.svc.DeliverSummary(f.ctx, "P-001", warranty.DeliverCommand{To: "总经理", Actor: a})
		require.ErrorIs(t, err, aftersales.ErrForbidden, a.ID)
	}
	start.Actor = deskStaff
	_, err = f.svc.RecordStart(f.ctx, "P-001", start)
	require.NoError(t, err)
}

// TestW1_1_TheStartIsCorrectedOnlyByTheHeadOrTheGeneralManager: the start
// decides free or paid repair, so once recorded it is not a clerk's to move.
func TestW1_1_TheStartIsCorrectedOnlyByTheHeadOrTheGeneralManager(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	f.started(d(2024, 11, 20))
	moved := warranty.Start{Basis: warranty.BasisReport, Date: d(2024, 10, 20), Evidence: "验收报告回执"}
	_, err := f.svc.RecordStart(f.ctx, "P-001", warranty.StartCommand{Start: moved, Actor: deskStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "start_correction_forbidden"})
	w, err := f.svc.RecordStart(f.ctx, "P-001", warranty.StartCommand{Start: moved, Actor: gm})
	require.NoError(t, err)
	require.Equal(t, d(2024, 10, 20), w.Start.Date)
}

// TestW2_2_TheProjectDepartmentInspectsItsOwnProject: the project's
// department and its specialist may record inspections; another
// department may not.
func TestW2_2_TheProjectDepartmentInspectsItsOwnProject(t *testing.T) {
	f := newWfx(t, cst(2026, 8, 1, 10))
	f.started(d(2026, 1, 10))
	in := warranty.Inspection{Date: d(2026, 7, 30), Inspector: "周工", Areas: []string{"屋面"}}
	_, err := f.svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Inspection: in, Actor: designer})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "inspection_forbidden"})
	for _, a := range []aftersales.Actor{projStaff, specialist, deskStaff} {
		_, err = f.svc.RecordInspection(f.ctx, "P-001", warranty.InspectionCommand{Inspection: in, Actor: a})
		require.NoError(t, err, a.ID)
	}
}
