package warranty

import (
	"context"
	"errors"

	"github.com/shouhou/shouhou/aftersales"
)

// Who may do what with a warranty record. The after-sales department keeps
// the record (G4.2): it sets it up, records the start, notifies (W2.1) and
// reports (W3.2). Inspections are the project department's (W2.2), so the
// project's department and its after-sales specialist (G4.3) may record
// them too, and raise their findings (W2.3); that needs the Service's
// Directory to know the project's department.

// isDesk reports whether a is the after-sales department, the general
// manager above it, or the software acting for them.
func isDesk(a aftersales.Actor) bool {
	switch a.Role {
	case aftersales.RoleGeneralManager, aftersales.RoleAfterSalesHead, aftersales.RoleAfterSalesStaff, aftersales.RoleSystem:
		return true
	}
	return false
}

func forbidden(code, msg string) error {
	return aftersales.Errorf(aftersales.KindForbidden, code, "%s", msg)
}

// requireDesk refuses everyone but the after-sales department.
func requireDesk(a aftersales.Actor, what string) error {
	if !isDesk(a) {
		return forbidden("warranty_forbidden", "只有售后管理部或总经理可以"+what)
	}
	return nil
}

// MayInspect reports whether a may record inspections of project, and
// keep their photos (W2.2): nil for the after-sales department, the
// project's department and its specialist, otherwise the refusal
// RecordInspection gives.
func (s *Service) MayInspect(ctx context.Context, a aftersales.Actor, project string) error {
	if isDesk(a) {
		return nil
	}
	if s.dir != nil && a.Role != aftersales.RoleCustomer {
		p, err := s.dir.Project(ctx, project)
		switch {
		case errors.Is(err, aftersales.ErrNotFound):
		case err != nil:
			return storeErr(err)
		case a.DepartmentID != "" && a.DepartmentID == p.DepartmentID, a.Role == aftersales.RoleSpecialist && a.ID == p.SpecialistID:
			return nil
		}
	}
	return forbidden("inspection_forbidden", "巡查由项目所属项目部、其售后专员或售后管理部登记（W2.2）")
}
