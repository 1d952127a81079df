package aftersales

import (
	"context"
	"errors"
	"slices"
	"strings"
)

// Routing maps a cause to the kind of department responsible for it
// (P2.1). A company may override any entry. The "other" causes (CauseOther,
// CauseMisuse, CauseThirdParty, CauseForceMajeure) have no default, so
// their department is chosen when the request is forwarded.
type Routing map[Cause]DepartmentKind

// DefaultRouting returns the regulation's routing (P2.1): construction →
// the project's 项目部, material → 物资采购部, design → 设计部, any other cause
// → chosen at forwarding.
func DefaultRouting() Routing {
	return Routing{
		CauseConstruction: DeptKindProject,
		CauseMaterial:     DeptKindProcurement,
		CauseDesign:       DeptKindDesign,
	}
}

// Route returns the department responsible for cause on project (P2.1)
// without an Organisation: the project's 项目部 for DeptKindProject, and the
// well-known IDs (DeptProcurement, DeptDesign, DeptAfterSales) for the
// other kinds. It returns an invalid-kind error saying why there is none.
// A Service with an Organisation routes to the company's real departments
// instead.
func (r Routing) Route(cause Cause, project *Project) (string, error) {
	kind, err := r.kind(cause, project)
	if err != nil {
		return "", err
	}
	switch kind {
	case DeptKindProject:
		return project.DepartmentID, nil
	case DeptKindProcurement:
		return DeptProcurement, nil
	case DeptKindDesign:
		return DeptDesign, nil
	case DeptKindAfterSales:
		return DeptAfterSales, nil
	}
	return "", invalid("department_required", "原因为“%s”的售后需求须在转达时指定责任部门（P2.1）", cause.Label())
}

// kind returns the kind of department cause routes to, checking that a
// construction cause has a project with a 项目部.
func (r Routing) kind(cause Cause, project *Project) (DepartmentKind, error) {
	kind, ok := r[cause]
	if !ok || kind == "" || kind == DeptKindOther {
		return "", invalid("department_required", "原因为“%s”的售后需求须在转达时指定责任部门（P2.1）", cause.Label())
	}
	if kind == DeptKindProject && (project == nil || project.DepartmentID == "") {
		return "", invalid("project_department_unknown", "施工质量问题由项目部处理（P2.1），但该需求没有关联项目或项目没有项目部，请指定责任部门")
	}
	return kind, nil
}

// routeByKind finds the one working department of kind in the company's
// organisation (P2.1): the project's 项目部, or the only department of that
// kind. Several of a kind need the forwarder to choose one.
func (s *Service) routeByKind(ctx context.Context, cause Cause, project *Project) (string, error) {
	kind, err := s.routing.kind(cause, project)
	if err != nil {
		return "", err
	}
	if kind == DeptKindProject {
		return project.DepartmentID, nil
	}
	ds, err := s.org.DepartmentsOfKind(ctx, kind)
	if err != nil {
		return "", storeErr(err)
	}
	switch len(ds) {
	case 0:
		return "", invalid("department_kind_missing", "公司没有“%s”类的部门，请指定责任部门（P2.1）", kind.Label())
	case 1:
		return ds[0].ID, nil
	}
	names := make([]string, len(ds))
	for i, d := range ds {
		names[i] = d.Name + "（" + d.ID + "）"
	}
	return "", invalid("department_ambiguous", "公司有多个“%s”类部门：%s，请指定其中一个（P2.1）", kind.Label(), strings.Join(names, "、"))
}

// checkDepartments refuses departments the organisation does not have or
// has closed (P2.1). Without an Organisation every ID is trusted.
func (s *Service) checkDepartments(ctx context.Context, ids []string) error {
	if s.org == nil {
		return nil
	}
	for _, id := range ids {
		d, err := s.org.Department(ctx, strings.TrimSpace(id))
		if errors.Is(err, ErrNotFound) {
			return invalid("department_unknown", "责任部门 %q 不存在", id)
		}
		if err != nil {
			return storeErr(err)
		}
		if d.Closed {
			return invalid("department_closed", "责任部门“%s”已撤销，不能转达", d.Name)
		}
	}
	return nil
}

// resolveForward fills in the departments a forward goes to: the people it
// names bring their departments (P1.2 "或人员"), and with none given the
// routing picks one by cause (P2.1); every department is checked against
// the organisation.
func (s *Service) resolveForward(ctx context.Context, r *Request, cmd ForwardCommand, project *Project) (ForwardCommand, error) {
	cmd.Departments = slices.Clone(cmd.Departments)
	for _, id := range cmd.People {
		a, err := s.person(ctx, id)
		if err != nil {
			return cmd, err
		}
		if a.DepartmentID == "" {
			return cmd, invalid("person_without_department", "人员“%s”不属于任何部门，不能作为责任人", a.Name)
		}
		cmd.assignees = append(cmd.assignees, Assignee{Department: a.DepartmentID, Person: a.ID})
		if !slices.Contains(cmd.Departments, a.DepartmentID) {
			cmd.Departments = append(cmd.Departments, a.DepartmentID)
		}
	}
	if len(cmd.Departments) == 0 && s.org != nil {
		cause := r.Cause
		if cmd.Cause != "" {
			cause = cmd.Cause
		}
		if cause != "" && cause.Valid() {
			d, err := s.routeByKind(ctx, cause, project)
			if err != nil {
				return cmd, err
			}
			cmd.Departments = []string{d}
		}
	}
	return cmd, s.checkDepartments(ctx, cmd.Departments)
}

// person looks up an active person through the organisation.
func (s *Service) person(ctx context.Context, id string) (Actor, error) {
	if s.org == nil {
		return Actor{}, invalid("organisation_required", "未配置组织信息，不能指定人员")
	}
	a, err := s.org.Person(ctx, strings.TrimSpace(id))
	if errors.Is(err, ErrNotFound) {
		return Actor{}, invalid("person_unknown", "人员 %q 不存在或已停用", id)
	}
	if err != nil {
		return Actor{}, storeErr(err)
	}
	return a, nil
}
