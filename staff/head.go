package staff

import (
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Head returns the active after-sales head (G4.2: 售后管理部设部长一名), if
// there is one.
func (o *Organisation) Head() (Person, bool) {
	for _, p := range o.People {
		if p.Active && p.Role == aftersales.RoleAfterSalesHead {
			return p, true
		}
	}
	return Person{}, false
}

// checkOneHead refuses p when it would be a second active after-sales
// head. G4.2: "售后管理部设部长一名" — the department has one head; a change
// of head is ChangeHead, one step that moves the role.
func (o *Organisation) checkOneHead(p Person) error {
	if p.Role != aftersales.RoleAfterSalesHead || !p.Active {
		return nil
	}
	for _, x := range o.People {
		if x.ID != p.ID && x.Active && x.Role == aftersales.RoleAfterSalesHead {
			return aftersales.Errorf(aftersales.KindNotAllowed, "head_exists",
				"售后管理部设部长一名（G4.2）：现任部长为 %s（%s），不能再任命 %s 为部长；更换部长请由总经理办理“更换部长”", x.Name, x.ID, p.ID)
		}
	}
	return nil
}

// changeHead makes the person newHeadID the after-sales head in one step
// (G4.2): every current head becomes after-sales staff of their
// department, the new head joins the after-sales department as its head,
// and the after-sales department's record names the new head (G4.1: the
// heads are the group's members). A specialist who becomes head leaves
// their appointments, as putPerson does for any change of role (G4.3).
// It returns the history note.
func (o *Organisation) changeHead(newHeadID string, now time.Time) (string, error) {
	p, ok := o.Person(newHeadID)
	if !ok || !p.Active {
		return "", invalid("head_unknown", "新部长 %q 不在人员名单中或已停用", newHeadID)
	}
	switch p.Role {
	case aftersales.RoleAfterSalesHead:
		return "", aftersales.Errorf(aftersales.KindNotAllowed, "already_head", "%s 已是售后管理部部长（G4.2）", p.Name)
	case aftersales.RoleGeneralManager:
		return "", invalid("head_role_invalid", "%s 是总经理，总经理任售后管理小组组长（G4.1），不能改任售后管理部部长", p.Name)
	}
	dept, found := o.afterSalesDepartment()
	old := "（空缺）"
	for _, x := range o.People {
		if x.Active && x.Role == aftersales.RoleAfterSalesHead {
			old = fmt.Sprintf("%s（%s）", x.Name, x.ID)
			if !found && x.DepartmentID != "" {
				dept, found = x.DepartmentID, true
			}
			x.Role = aftersales.RoleAfterSalesStaff
			if err := o.putPerson(x, now); err != nil {
				return "", err
			}
		}
	}
	p.Role, p.DepartmentID = aftersales.RoleAfterSalesHead, dept
	if err := o.putPerson(p, now); err != nil {
		return "", err
	}
	for i := range o.Departments {
		if d := &o.Departments[i]; d.Kind == aftersales.DeptKindAfterSales || d.ID == aftersales.DeptAfterSales {
			d.HeadID = p.ID
		}
	}
	return describe("更换售后管理部部长", old+" → "+fmt.Sprintf("%s（%s）", p.Name, p.ID)), nil
}

// afterSalesDepartment returns the ID of the open department of kind
// after_sales (the lowest ID if several), and whether there is one; if
// not, aftersales.DeptAfterSales.
func (o *Organisation) afterSalesDepartment() (string, bool) {
	id := ""
	for _, d := range o.Departments {
		if d.Kind == aftersales.DeptKindAfterSales && !d.Closed && (id == "" || d.ID < id) {
			id = d.ID
		}
	}
	if id == "" {
		return aftersales.DeptAfterSales, false
	}
	return id, true
}
