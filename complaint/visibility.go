package complaint

import "github.com/shouhou/shouhou/aftersales"

// MaySee reports whether v may see c: the after-sales department and the
// general manager, who receive complaints (C1), every complaint; the
// complainant their own; staff of a department the complaints forwarded to
// it, among others or alone (C2.1); nobody else. A reader who may not see a
// complaint should be told what they would be told about one that does not
// exist.
func MaySee(v aftersales.Viewer, c *Complaint) bool {
	a := v.Actor
	switch {
	case a.IsAfterSales():
		return true
	case a.Role == aftersales.RoleCustomer:
		return a.ID != "" && c.Complainant.ID == a.ID
	default:
		return inPart(a, c)
	}
}

// Scope narrows q to the complaints v may see, so that a Store filters in
// its own query language what MaySee would filter one by one: a complaint
// matches the returned query only if it matches q and v may see it. ok is
// false when v may see no complaint at all; then the query must not be
// run. A complainant's ComplainantID and a department's Department are set
// to their own; TextNoContact is set for all but the after-sales
// department, the general manager and the complainant.
func Scope(v aftersales.Viewer, q Query) (_ Query, ok bool) {
	a := v.Actor
	// Only those who see every complainant's phone they may list search
	// by it: the desk, the general manager and the complainant.
	q.TextNoContact = q.TextNoContact || !(a.IsAfterSales() || a.Role == aftersales.RoleCustomer)
	switch {
	case a.IsAfterSales():
	case a.Role == aftersales.RoleCustomer:
		if a.ID == "" {
			return q, false
		}
		q.ComplainantID = a.ID
	case a.DepartmentID == "":
		return q, false
	default:
		q.Department = a.DepartmentID
	}
	return q, true
}
