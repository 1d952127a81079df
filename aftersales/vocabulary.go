package aftersales

import (
	"slices"
	"strings"
)

// DepartmentKind says which of the regulation's departments a department is
// (G4.2, G4.3, P2.1).
type DepartmentKind string

// The department kinds. A department's kind says what it does; its ID
// (DeptAfterSales, DeptDesign, a project department's own ID, …) says which
// one it is.
const (
	// DeptKindAfterSales is 售后管理部, the after-sales department (G4.2): it
	// registers, coordinates several departments (P2.2), takes escalations
	// (P3.3) and makes follow-up visits (P4.2).
	DeptKindAfterSales DepartmentKind = "after_sales"
	// DeptKindProject is a project's 项目部 (G4.3): construction causes (P2.1).
	DeptKindProject DepartmentKind = "project"
	// DeptKindProcurement is 物资采购部: material causes (P2.1).
	DeptKindProcurement DepartmentKind = "procurement"
	// DeptKindDesign is 设计部: design causes (P2.1).
	DeptKindDesign DepartmentKind = "design"
	// DeptKindOther is any other department of the company (G4.4).
	DeptKindOther DepartmentKind = "other"
)

// DepartmentKinds returns every department kind, in the order forms list
// them.
func DepartmentKinds() []DepartmentKind {
	return []DepartmentKind{DeptKindAfterSales, DeptKindProject, DeptKindProcurement, DeptKindDesign, DeptKindOther}
}

// Valid reports whether k is one of DepartmentKinds.
func (k DepartmentKind) Valid() bool { return slices.Contains(DepartmentKinds(), k) }

// Label returns the kind's Chinese name.
func (k DepartmentKind) Label() string {
	switch k {
	case DeptKindAfterSales:
		return "售后管理部"
	case DeptKindProject:
		return "项目部"
	case DeptKindProcurement:
		return "物资采购部"
	case DeptKindDesign:
		return "设计部"
	case DeptKindOther:
		return "其他部门"
	}
	return string(k)
}

// Department is a department of the company.
type Department struct {
	ID   string         `json:"id"`
	Name string         `json:"name"`
	Kind DepartmentKind `json:"kind"`
	// Closed marks a department that no longer works (撤销): nothing is
	// forwarded to it any more (P2.1), its history stays.
	Closed bool `json:"closed,omitempty"`
}

// The well-known department IDs. Project departments are per project (see
// Project.DepartmentID); a company may add its own departments with any
// ID. Each also has a kind (DeptKindAfterSales, DeptKindProcurement,
// DeptKindDesign).
const (
	DeptAfterSales  = "after_sales"
	DeptProcurement = "procurement"
	DeptDesign      = "design"
)

// DepartmentLabel returns the Chinese name of a well-known department ID
// (DeptAfterSales, DeptProcurement, DeptDesign), or the ID itself: a
// company's own departments are named in its organisation.
func DepartmentLabel(id string) string {
	switch id {
	case DeptAfterSales:
		return DeptKindAfterSales.Label()
	case DeptProcurement:
		return DeptKindProcurement.Label()
	case DeptDesign:
		return DeptKindDesign.Label()
	}
	return id
}

// Role is what a person is in the after-sales organisation (G4).
type Role string

// The roles.
const (
	// RoleGeneralManager is 总经理, who leads the after-sales group (G4.1).
	RoleGeneralManager Role = "general_manager"
	// RoleAfterSalesHead is 售后管理部部长 (G4.2).
	RoleAfterSalesHead Role = "after_sales_head"
	// RoleAfterSalesStaff is a member of the after-sales department (G4.2).
	RoleAfterSalesStaff Role = "after_sales_staff"
	// RoleSpecialist is a project's 售后专员, appointed by the project
	// manager and filed with the after-sales department (G4.3).
	RoleSpecialist Role = "specialist"
	// RoleDepartmentStaff is staff of a responsible department (G4.4).
	RoleDepartmentStaff Role = "department_staff"
	// RoleCustomer is the customer.
	RoleCustomer Role = "customer"
	// RoleSystem is the software itself, such as a scheduler or an import.
	RoleSystem Role = "system"
)

// Valid reports whether r is one of the roles.
func (r Role) Valid() bool {
	switch r {
	case RoleGeneralManager, RoleAfterSalesHead, RoleAfterSalesStaff, RoleSpecialist,
		RoleDepartmentStaff, RoleCustomer, RoleSystem:
		return true
	}
	return false
}

// Label returns the role's Chinese name, as the desk, the forms and the
// notices name a person's role.
func (r Role) Label() string {
	switch r {
	case RoleGeneralManager:
		return "总经理"
	case RoleAfterSalesHead:
		return "售后管理部部长"
	case RoleAfterSalesStaff:
		return "售后管理部人员"
	case RoleSpecialist:
		return "项目售后专员"
	case RoleDepartmentStaff:
		return "责任部门人员"
	case RoleCustomer:
		return "客户"
	case RoleSystem:
		return "系统"
	}
	return string(r)
}

// Actor is who does something: every command names one and every history
// event records it.
type Actor struct {
	ID           string `json:"id"`
	Name         string `json:"name,omitempty"`
	Role         Role   `json:"role"`
	DepartmentID string `json:"department_id,omitempty"`
}

func (a Actor) validate() error {
	if strings.TrimSpace(a.ID) == "" {
		return invalid("actor_required", "缺少操作人")
	}
	if !a.Role.Valid() {
		return invalid("actor_role_invalid", "操作人角色 %q 无效", a.Role)
	}
	return nil
}

// IsAfterSales reports whether a belongs to the after-sales department (its
// head or staff, G4.2), is the general manager above it (G4.1), or is the
// software acting for them. They keep the records: they see every request
// and complaint, and may take the department's steps.
func (a Actor) IsAfterSales() bool {
	switch a.Role {
	case RoleGeneralManager, RoleAfterSalesHead, RoleAfterSalesStaff, RoleSystem:
		return true
	}
	return false
}

// Channel is how a customer reached the company (P1.1, C1).
type Channel string

// The channels of P1.1.
const (
	ChannelPhone  Channel = "phone"
	ChannelEmail  Channel = "email"
	ChannelWeChat Channel = "wechat"
	ChannelOnSite Channel = "onsite"
)

// Valid reports whether c is one of the channels of P1.1.
func (c Channel) Valid() bool {
	switch c {
	case ChannelPhone, ChannelEmail, ChannelWeChat, ChannelOnSite:
		return true
	}
	return false
}

// Label returns the channel's Chinese name.
func (c Channel) Label() string {
	return map[Channel]string{ChannelPhone: "电话", ChannelEmail: "邮件", ChannelWeChat: "微信", ChannelOnSite: "现场"}[c]
}

// ProjectKind is the kind of building project (G2).
type ProjectKind string

// The project kinds of G2.
const (
	Residential ProjectKind = "residential"
	Commercial  ProjectKind = "commercial"
	Industrial  ProjectKind = "industrial"
	OtherKind   ProjectKind = "other"
)

// Valid reports whether k is one of the kinds of G2.
func (k ProjectKind) Valid() bool {
	switch k {
	case Residential, Commercial, Industrial, OtherKind:
		return true
	}
	return false
}

// Project is a building project under after-sales service (G2): its project
// department (项目部) and the after-sales specialist appointed for it (G4.3).
type Project struct {
	ID           string      `json:"id"`
	Name         string      `json:"name"`
	Kind         ProjectKind `json:"kind"`
	DepartmentID string      `json:"department_id"` // the project's 项目部
	SpecialistID string      `json:"specialist_id,omitempty"`
}

// Cause is what caused the problem; it decides the responsible department
// (P2.1).
type Cause string

// The causes of P2.1, and the "other" causes that decide whether a repair
// is free (80号令 第十七条: misuse, third parties and force majeure are
// outside the warranty). The finer "other" causes route like CauseOther.
const (
	CauseConstruction Cause = "construction"
	CauseMaterial     Cause = "material"
	CauseDesign       Cause = "design"
	CauseOther        Cause = "other"
	CauseMisuse       Cause = "misuse"        // 使用不当
	CauseThirdParty   Cause = "third_party"   // 第三方造成
	CauseForceMajeure Cause = "force_majeure" // 不可抗力
)

// Valid reports whether c is one of the causes.
func (c Cause) Valid() bool {
	switch c {
	case CauseConstruction, CauseMaterial, CauseDesign, CauseOther, CauseMisuse, CauseThirdParty, CauseForceMajeure:
		return true
	}
	return false
}

// Label returns the cause's Chinese name.
func (c Cause) Label() string {
	return map[Cause]string{CauseConstruction: "施工质量", CauseMaterial: "材料质量", CauseDesign: "设计",
		CauseOther: "其他", CauseMisuse: "使用不当", CauseThirdParty: "第三方", CauseForceMajeure: "不可抗力"}[c]
}

// Complexity classifies a problem for its handling deadline (P3.2).
type Complexity string

// The complexities of P3.2.
const (
	Simple  Complexity = "simple"
	Complex Complexity = "complex"
)

// Valid reports whether c is Simple or Complex.
func (c Complexity) Valid() bool { return c == Simple || c == Complex }

// Label returns the complexity's Chinese name: 简单 or 复杂.
func (c Complexity) Label() string {
	switch c {
	case Simple:
		return "简单"
	case Complex:
		return "复杂"
	}
	return string(c)
}
