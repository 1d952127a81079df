package complaint

import (
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

const (
	maxShort = 200
	maxLong  = 5000
)

// env is what a rule needs besides the record and the command.
type env struct {
	cal    *calendar.Calendar
	policy Policy
	now    time.Time
}

func (v env) when(at, notBefore time.Time, what string) (time.Time, error) {
	return aftersales.EventTime(v.now, at, notBefore, what)
}

func event(c *Complaint, t EventType, a aftersales.Actor, at time.Time) Event {
	return Event{ComplaintID: c.ID, Seq: c.Version + 1, Type: t, At: at, Actor: a, RecordedAt: time.Time{}}
}

func checkActor(a aftersales.Actor) error {
	if a.ID == "" {
		return invalid("actor_required", "缺少操作人")
	}
	if !a.Role.Valid() {
		return invalid("actor_role_invalid", "操作人角色 %q 无效", a.Role)
	}
	return nil
}

// isAfterSales reports whether a belongs to the after-sales department or
// the general manager, who receive complaints (C1).
func isAfterSales(a aftersales.Actor) bool { return a.IsAfterSales() }

// isOwner reports whether a may act for the level that owns c: at level 0
// a responsible department (or the after-sales department for them), above
// it the level's role, and the general manager at any level.
func isOwner(a aftersales.Actor, c *Complaint, p Policy) bool {
	if a.Role == aftersales.RoleGeneralManager || a.Role == aftersales.RoleSystem {
		return true
	}
	if c.Level == 0 {
		return isAfterSales(a) || inPart(a, c)
	}
	return a.Role == p.Chain[c.Level].Role
}

// inPart reports whether a works in a department the complaint was
// forwarded to (C2.1).
func inPart(a aftersales.Actor, c *Complaint) bool {
	if a.Role == aftersales.RoleCustomer || a.DepartmentID == "" {
		return false
	}
	_, ok := c.Part(a.DepartmentID)
	return ok
}

// speaksForCustomer reports whether a is the complainant, or staff who
// record what the complainant said.
func speaksForCustomer(a aftersales.Actor, c *Complaint) bool {
	if a.Role == aftersales.RoleCustomer {
		return c.Complainant.ID != "" && a.ID == c.Complainant.ID
	}
	return isAfterSales(a)
}

func requireStatus(c *Complaint, action string, ok ...Status) error {
	for _, s := range ok {
		if c.Status == s {
			return nil
		}
	}
	return notAllowed("not_allowed_in_status", "投诉当前状态为“%s”，不能%s", c.Status.Label(), action)
}

func text(s string, required bool, max int, code, label string) (string, error) {
	return aftersales.Text(s, required, max, code, label)
}
