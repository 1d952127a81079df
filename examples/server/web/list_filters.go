package web

import (
	"net/url"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/staff"
)

// listFilters are the filters the request and complaint lists share,
// read from the list's filter form: ?status=, ?project_id=,
// ?department=, the received window ?received_from= and ?received_to=
// (dates, China time, both days included) and ?overdue=1. A value that
// cannot match anything is set as its field's error: the list answers
// 400 with the form, not an empty page.
type listFilters struct {
	Status     string
	ProjectID  string
	Department string
	From, To   time.Time // the received window: From's 00:00 to To's 24:00, CST; zero: open
	Overdue    bool
}

// filterKeys are the query parameters a list's filter sets, carried from
// one page to the next.
func filterKeys() []string {
	return []string{"q", "status", "project_id", "department", "received_from", "received_to", "overdue"}
}

// readListFilters reads f's filters; label names a status of the list's
// chapter, "" for a value that is none.
func readListFilters[S ~string](f *form, n *names, label func(S) string) listFilters {
	lf := listFilters{Status: f.Get("status"), ProjectID: f.Get("project_id"), Department: f.Get("department")}
	overdue, err := api.ParseFlag("overdue", f.Get("overdue"))
	if err != nil {
		f.set("overdue", "“只看逾期”的值无效："+f.Get("overdue"))
	}
	lf.Overdue = overdue
	if lf.Status != "" && label(S(lf.Status)) == "" {
		f.set("status", "没有这个状态："+lf.Status)
	}
	if p := lf.ProjectID; p != "" && !slices.ContainsFunc(n.org.Projects, func(x staff.Project) bool { return x.ID == p }) {
		f.set("project_id", "没有这个项目："+p)
	}
	if d := lf.Department; d != "" && !slices.ContainsFunc(n.org.Departments, func(x staff.Department) bool { return x.ID == d }) {
		f.set("department", "没有这个部门："+d)
	}
	from, to := f.parseDate("received_from", "开始日期"), f.parseDate("received_to", "结束日期")
	if !from.IsZero() {
		lf.From = from.Start()
	}
	if !to.IsZero() {
		lf.To = to.End()
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		f.set("received_to", "结束日期不能早于开始日期")
	}
	return lf
}

// listPage is what the request and complaint lists' pages share: the
// filter form with its choices, and the links between pages.
type listPage struct {
	Filter *form
	filterOptions
	// Next links the page after, "" on the last; First is false on the
	// pages after the first, FirstLink the first page of the same filter.
	Next      string
	First     bool
	FirstLink string
}

// filterOptions are the choices of a list's filter form.
type filterOptions struct {
	Statuses, Projects, Departments []option
}

// listFilterOptions returns the choices of the filter form: the chapter's
// statuses (its Statuses, named by label) and the organisation's projects
// and departments, each list headed by "全部". A department's people see
// their own department's records whatever they filter
// (aftersales.Viewer.Scope): they get no department to choose.
func listFilterOptions[S ~string](n *names, u *user, statuses []S, label func(S) string) filterOptions {
	all := option{Value: "", Label: "全部"}
	o := filterOptions{Statuses: []option{all}, Projects: []option{all}, Departments: []option{all}}
	for _, s := range statuses {
		o.Statuses = append(o.Statuses, option{Value: string(s), Label: label(s)})
	}
	for _, p := range n.org.Projects {
		o.Projects = append(o.Projects, option{Value: p.ID, Label: p.Name + "（" + p.ID + "）"})
	}
	if !u.Desk && u.Actor.Role != aftersales.RoleSpecialist {
		o.Departments = nil
		return o
	}
	for _, d := range n.org.Departments {
		o.Departments = append(o.Departments, option{Value: d.ID, Label: n.Dept(d.ID)})
	}
	return o
}

// filterLink returns the list at path with f's filters and extra.
func filterLink(path string, f *form, extra url.Values) string {
	v := url.Values{}
	for _, k := range filterKeys() {
		if x := f.Get(k); x != "" {
			v.Set(k, x)
		}
	}
	for k, x := range extra {
		v[k] = x
	}
	if len(v) == 0 {
		return path
	}
	return path + "?" + v.Encode()
}
