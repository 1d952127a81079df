package web

import (
	"cmp"
	"context"
	"errors"
	"math"
	"net/http"
	"sort"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
)

// deadlineView is one deadline as the pages show it: what is owed, by
// whom, by when, and how much time is left in working days (or hours for
// the clock-hour targets of P1.3 and C2.2).
type deadlineView struct {
	Kind        string // "request" or "complaint"
	ID, Link    string // ID is what people read: the number, or the ID of a record without one
	Dept        string // the department that owes the step, by ID ("" for a complaint's desk or chain level)
	Project     string
	Subject     string // the customer and the problem
	Status      string
	Clause      aftersales.Clause
	What        string
	Owner       string
	Due         time.Time
	Left        string
	Overdue     bool
	Done        bool
	State       string // 未到期, 按期, 逾期, 已取消
	Provisional bool
}

// subject is who and what a deadline is about, shortened for a table.
func subject(name, what string) string {
	if name == "" {
		return shorten(what, 24)
	}
	return name + "：" + shorten(what, 24)
}

// describeDue says how much time is left before d is due at now, or by how
// much it is overdue.
func (h *Handler) describeDue(d aftersales.Deadline, now time.Time) (string, bool) {
	if d.Hours > 0 {
		if now.Before(d.Due) {
			return sprintf("剩余 %d 小时", int(math.Ceil(d.Due.Sub(now).Hours()))), false
		}
		return sprintf("已逾期 %d 小时", int(math.Ceil(now.Sub(d.Due).Hours()))), true
	}
	cal := h.cfg.Requests.Calendar()
	last := d.Due.Add(-time.Nanosecond) // the last instant of the last working day
	if now.Before(d.Due) {
		n := cal.WorkdaysBetween(now, last)
		if n <= 0 {
			return "今日截止", false
		}
		return sprintf("剩余 %d 个工作日", n), false
	}
	if n := cal.WorkdaysBetween(last, now); n > 0 {
		return sprintf("已逾期 %d 个工作日", n), true
	}
	return "已逾期", true
}

// view turns one deadline into its view at now.
func (h *Handler) view(d aftersales.Deadline, now time.Time, owner string) deadlineView {
	v := deadlineView{Clause: d.Clause, What: complaint.What(d), Owner: owner, Due: d.Due,
		Provisional: d.Provisional, State: d.State(now).Label(), Done: !d.Pending()}
	switch {
	case d.Paused():
		v.State, v.Left = "暂停中", "计时暂停于 "+fmtTime(*d.PausedAt)
	case d.Pending():
		v.Left, v.Overdue = h.describeDue(d, now)
	}
	return v
}

// requestQueue returns the open deadlines of requests the user owes or
// oversees, scoped as the API's /deadlines: the desk all, a specialist
// their projects', a department its own.
func (h *Handler) requestQueue(ctx context.Context, u *user, n *names, overdueOnly bool, after *aftersales.DeadlineCursor) (queuePage, error) {
	var out queuePage
	who, err := h.viewer(ctx, u)
	if err != nil {
		return out, err
	}
	q, ok := who.DeadlineScope(aftersales.DeadlineQuery{OverdueOnly: overdueOnly, After: after, Limit: queuePageSize + 1})
	if !ok {
		return out, nil
	}
	items, err := h.cfg.Requests.Deadlines(ctx, q)
	if err != nil {
		return out, err
	}
	if len(items) > queuePageSize {
		items = items[:queuePageSize]
		out.Next = items[len(items)-1].Cursor().String()
	}
	// How many are overdue, counted up to a bound: the number shown is
	// exact below it.
	oq, _ := who.DeadlineScope(aftersales.DeadlineQuery{})
	if out.Overdue, err = h.cfg.Requests.CountOverdue(ctx, oq, overdueCountBound); err != nil {
		return out, err
	}
	out.Items, err = h.requestViews(ctx, items, n)
	return out, err
}

// requestViews turns a page of request deadlines into their views, each
// request read once for its subject and number: a page costs what it
// shows, whatever the number of open requests.
func (h *Handler) requestViews(ctx context.Context, items []aftersales.DeadlineItem, n *names) ([]deadlineView, error) {
	subjects, numbers := map[string]string{}, map[string]string{}
	for _, it := range items {
		if _, done := subjects[it.RequestID]; done {
			continue
		}
		r, err := h.cfg.Requests.Get(ctx, it.RequestID)
		if err != nil {
			return nil, err
		}
		subjects[it.RequestID], numbers[it.RequestID] = subject(r.Customer.Name, r.Description), r.Number
	}
	now := h.now()
	out := make([]deadlineView, 0, len(items))
	for _, it := range items {
		v := h.view(it.Deadline, now, n.Dept(it.Owner))
		v.Kind, v.ID, v.Link, v.Subject = "request", cmp.Or(numbers[it.RequestID], it.RequestID), "/requests/"+it.RequestID, subjects[it.RequestID]
		v.Dept = it.Owner
		v.Project, v.Status = n.Project(it.ProjectID), it.Status.Label()
		out = append(out, v)
	}
	return out, nil
}

// queuePageSize is how many request deadlines a page of the queue shows,
// and how many complaint deadlines its first page and "my work" show;
// overdueCountBound is how far the queue counts the overdue ones.
const (
	queuePageSize     = 50
	overdueCountBound = 1000
)

// queuePage is one page of the request deadlines of the queue.
type queuePage struct {
	Items   []deadlineView
	Next    string // the cursor of the page after; "" on the last page
	Overdue int    // overdue deadlines in the user's scope, at most overdueCountBound
}

// complaintOwner names who owes a complaint deadline: the escalation
// level, the responsible department, or the after-sales department.
func (h *Handler) complaintOwner(d aftersales.Deadline, n *names) string {
	return h.complaintDept(d.Department, n)
}

// complaintDept names the owner of a complaint deadline set for dept
// (aftersales.Deadline.Department): a level of the complaint chain, the
// after-sales desk for "", or the department.
func (h *Handler) complaintDept(dept string, n *names) string {
	for _, l := range h.cfg.Complaints.Policy().Chain {
		if l.ID == dept && l.Role != "" {
			return l.Label
		}
	}
	if dept == "" {
		return n.Dept(aftersales.DeptAfterSales)
	}
	return n.Dept(dept)
}

// complaintQueue returns the soonest open deadlines of the complaints the
// user may see, at most queuePageSize of them (more: there are others,
// which the complaint list shows), however many complaints are open: it
// reads the complaints in the order of their next running deadline
// (complaint.Query.SoonestDueFirst), as many as it shows deadlines,
// which hold the soonest of all. owner, if set, keeps only the deadlines
// that department owes: then it reads the open complaints forwarded to
// it, a department's own few, since the order of their next deadline is
// not that of the department's.
func (h *Handler) complaintQueue(ctx context.Context, u *user, n *names, overdueOnly bool, owner string) (_ []deadlineView, more bool, _ error) {
	who, err := h.viewer(ctx, u)
	if err != nil {
		return nil, false, err
	}
	now := h.now()
	q := complaint.Query{Statuses: complaint.OpenStatuses(), SoonestDueFirst: true, Limit: queuePageSize + 1}
	if owner != "" {
		q = complaint.Query{Statuses: q.Statuses, Department: owner}
	}
	q, ok := complaint.Scope(who, q)
	if !ok {
		return nil, false, nil
	}
	if overdueOnly {
		q.DueBefore = now.Add(time.Nanosecond)
	}
	cs, err := h.cfg.Complaints.List(ctx, q)
	if err != nil {
		return nil, false, err
	}
	var out []deadlineView
	for _, c := range cs {
		for _, d := range c.Deadlines {
			if !d.Pending() || (overdueOnly && !d.Overdue(now)) || (owner != "" && d.Department != owner) {
				continue
			}
			v := h.view(d, now, h.complaintOwner(d, n))
			v.Kind, v.ID, v.Link, v.Dept = "complaint", cmp.Or(c.Number, c.ID), "/complaints/"+c.ID, d.Department
			v.Subject = subject(c.Complainant.Name, c.Description)
			v.Project, v.Status = n.Project(c.ProjectID), c.Status.Label()
			out = append(out, v)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Due.Before(out[j].Due) })
	if len(out) > queuePageSize {
		return out[:queuePageSize], true, nil
	}
	return out, q.Limit > 0 && len(cs) > queuePageSize, nil
}

// reader finds the records u may see, as the API finds them.
func (h *Handler) reader() api.Reader {
	return api.Reader{Requests: h.cfg.Requests, Complaints: h.cfg.Complaints, Warranties: h.cfg.Warranties}
}

// viewer returns the user as a reader of records: the library's rule of
// who sees what, asked as the API asks it.
func (h *Handler) viewer(ctx context.Context, u *user) (aftersales.Viewer, error) {
	return api.Viewer(ctx, h.cfg.Requests, u.Principal)
}

// namesAndViewer returns the names a page shows and who u is to the
// library's visibility rules: what a list of records needs first.
func (h *Handler) namesAndViewer(ctx context.Context, u *user) (*names, aftersales.Viewer, error) {
	n, err := h.names(ctx)
	if err != nil {
		return nil, aftersales.Viewer{}, err
	}
	who, err := h.viewer(ctx, u)
	return n, who, err
}

// loadRequest gets a request u may see, its customer's contact masked
// unless u sees it (aftersales.SeesContact); one u may not see is not
// found.
func (h *Handler) loadRequest(ctx context.Context, u *user, id string) (*aftersales.Request, error) {
	r, err := h.reader().Request(ctx, u.Principal, id)
	if err != nil {
		return nil, err
	}
	return r.MaskedFor(u.actor()), nil
}

// loadComplaint gets a complaint u may see, its complainant's contact
// masked unless u sees it (complaint.SeesContact).
func (h *Handler) loadComplaint(ctx context.Context, u *user, id string) (*complaint.Complaint, error) {
	c, err := h.reader().Complaint(ctx, u.Principal, id)
	if err != nil {
		return nil, err
	}
	return c.MaskedFor(u.actor()), nil
}

// failPage renders the error page for err: a domain error with its status
// and Chinese message, anything else as a 500 without details.
func (h *Handler) failPage(w http.ResponseWriter, r *http.Request, u *user, err error) {
	if errors.Is(err, aftersales.ErrUnavailable) {
		h.unavailablePage(w, r, err)
		return
	}
	var de *aftersales.Error
	if errors.As(err, &de) && de.Kind != aftersales.KindInternal {
		h.errorPage(w, r, u, api.Status(de.Kind), de.Message)
		return
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		h.errorPage(w, r, u, http.StatusServiceUnavailable, "请求已取消或超时，请重试")
		return
	}
	h.cfg.Logger.ErrorContext(r.Context(), "internal error", "method", r.Method, "path", logPath(r), "err", err)
	h.errorPage(w, r, u, http.StatusInternalServerError, "服务器内部错误，请稍后重试")
}
