package aftersales

// ProjectDepartment in a Routing stands for the 项目部 of the request's
// project (P2.1: construction quality problems go to the project department).
const ProjectDepartment = "@project"

// Routing maps a cause to the responsible department's ID (P2.1). A company
// may override any entry. The "other" causes (CauseOther, CauseMisuse,
// CauseThirdParty, CauseForceMajeure) have no default, so their department
// is chosen when the request is forwarded.
type Routing map[Cause]string

// DefaultRouting returns the regulation's routing (P2.1): construction → the
// project's 项目部, material → 物资采购部, design → 设计部, any other cause →
// chosen at forwarding.
func DefaultRouting() Routing {
	return Routing{
		CauseConstruction: ProjectDepartment,
		CauseMaterial:     DeptProcurement,
		CauseDesign:       DeptDesign,
	}
}

// Route returns the department responsible for cause on project (P2.1), or
// an invalid-kind error saying why there is none.
func (r Routing) Route(cause Cause, project *Project) (string, error) {
	dept, ok := r[cause]
	if !ok || dept == "" {
		return "", invalid("department_required", "原因为“%s”的售后需求须在转达时指定责任部门（P2.1）", cause.Label())
	}
	if dept != ProjectDepartment {
		return dept, nil
	}
	if project == nil || project.DepartmentID == "" {
		return "", invalid("project_department_unknown", "施工质量问题由项目部处理（P2.1），但该需求没有关联项目或项目没有项目部，请指定责任部门")
	}
	return project.DepartmentID, nil
}
