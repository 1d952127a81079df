package web

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

type queueData struct {
	Requests    []deadlineView
	Complaints  []deadlineView
	Overdue     int  // overdue deadlines: the requests' counted up to overdueCountBound, and the complaints'
	OverdueMore bool // there are at least overdueCountBound overdue request deadlines
	OverdueOnly bool
	Scope       string
	// ComplaintsMore says that more complaint deadlines are open than the
	// page shows (the soonest): the complaint list has them all.
	ComplaintsMore bool
	// First is true on the queue's first page, which shows the complaints
	// too; Next links the page after, "" on the last.
	First bool
	Next  string
}

// queue lists the open deadlines the user owes or oversees, soonest due
// first: a page of request deadlines (?after= the cursor of the page
// before) and, on the first page, the complaints' deadlines.
func (h *Handler) queue(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	query := r.URL.Query()
	only := query.Get("overdue") == "1"
	var after *aftersales.DeadlineCursor
	if s := query.Get("after"); s != "" {
		c, err := aftersales.ParseDeadlineCursor(s)
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		after = &c
	}
	rs, err := h.requestQueue(ctx, u, n, only, after)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	d := queueData{Requests: rs.Items, OverdueOnly: only, First: after == nil, Overdue: rs.Overdue,
		OverdueMore: rs.Overdue >= overdueCountBound}
	if rs.Next != "" {
		v := url.Values{"after": {rs.Next}}
		if only {
			v.Set("overdue", "1")
		}
		d.Next = "/queue?" + v.Encode()
	}
	if d.First {
		if d.Complaints, d.ComplaintsMore, err = h.complaintQueue(ctx, u, n, only, ""); err != nil {
			h.failPage(w, r, u, err)
			return
		}
		for _, x := range d.Complaints {
			if x.Overdue {
				d.Overdue++
			}
		}
	}
	switch {
	case u.Desk:
		d.Scope = "全部项目和部门"
	case u.Actor.Role == aftersales.RoleSpecialist:
		d.Scope = "您负责的项目"
	default:
		d.Scope = n.Dept(u.Actor.DepartmentID)
	}
	h.render(w, r, http.StatusOK, "queue", pageData{Title: "待办期限", User: u, Nav: "queue", Wide: true, Data: d})
}

type requestRow struct {
	R       *aftersales.Request
	Project string
	Next    *deadlineView
}

type requestsData struct {
	Rows []requestRow
	listPage
}

// listPageSize is how many requests a page of the list shows.
const listPageSize = 50

// listRequests lists the requests the user may see, newest received
// first, a page at a time (?before= the cursor of the page before),
// filtered by status, project, department, received dates, overdue
// (listFilters) and the search box (?q=: the request's
// number, the customer's name, ID or phone, the unit, the project;
// aftersales.Query.Text). A filter value that cannot match is refused
// (400) with what is wrong next to its field, not answered with an empty
// page.
func (h *Handler) listRequests(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := formFrom("filter", "/requests", r.URL.Query())
	d := requestsData{listPage: listPage{Filter: f, filterOptions: listFilterOptions(n, u, aftersales.Statuses(), aftersales.Status.Label),
		First: f.Get("before") == ""}}
	lf := readListFilters(f, n, aftersales.Status.Label)
	q := aftersales.Query{NewestFirst: true, Limit: listPageSize + 1, Department: lf.Department, ReceivedFrom: lf.From, ReceivedTo: lf.To}
	if lf.Status != "" {
		q.Statuses = []aftersales.Status{aftersales.Status(lf.Status)}
	}
	if lf.ProjectID != "" {
		q.ProjectIDs = []string{lf.ProjectID}
	}
	if lf.Overdue {
		q.OverdueAt = h.now()
	}
	q.Text = searchText(f)
	if s := f.Get("before"); s != "" {
		c, err := aftersales.ParseRecordCursor(s)
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		q.Before = &c
	}
	if f.Invalid() {
		h.render(w, r, http.StatusBadRequest, "requests", pageData{Title: "售后需求", User: u, Nav: "requests", Wide: true, Data: d})
		return
	}
	who, err := h.viewer(ctx, u)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	// The filter narrows what the user may see, never widens it.
	q, ok := who.Scope(q)
	var rs []*aftersales.Request
	if ok {
		if rs, err = h.cfg.Requests.List(ctx, q); err != nil {
			h.failPage(w, r, u, err)
			return
		}
	}
	d.FirstLink = filterLink("/requests", f, nil)
	if len(rs) > listPageSize {
		rs = rs[:listPageSize]
		d.Next = filterLink("/requests", f, url.Values{"before": {aftersales.CursorOf(rs[len(rs)-1]).String()}})
	}
	now := h.now()
	for _, x := range rs {
		row := requestRow{R: x, Project: n.Project(x.ProjectID)}
		if pending := x.PendingDeadlines(); len(pending) > 0 {
			v := h.view(pending[0], now, "")
			row.Next = &v
		}
		d.Rows = append(d.Rows, row)
	}
	h.render(w, r, http.StatusOK, "requests", pageData{Title: "售后需求", User: u, Nav: "requests", Wide: true, Data: d})
}

type registerData struct {
	Form     *form
	Projects []option
}

// registerFields are the fields of the 客户反馈登记表.
var registerFields = []string{"customer_id", "customer_name", "customer_phone", "customer_email", "customer_contact", "project_id",
	"location", "component", "description", "channel", "received_at", "cause", "urgent", "attachments"}

func (h *Handler) registerForm(f *form, n *names) registerData {
	projects := []option{{Value: "", Label: "（无关联项目）"}}
	for _, p := range n.org.Projects {
		projects = append(projects, option{Value: p.ID, Label: p.Name + "（" + p.ID + "）"})
	}
	return registerData{Form: f, Projects: projects}
}

// newRequest shows an empty 客户反馈登记表 (P1.2), received now.
func (h *Handler) newRequest(w http.ResponseWriter, r *http.Request, u *user) {
	n, err := h.names(r.Context())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := newForm("register", "/requests")
	f.Values.Set("received_at", h.now().In(calendar.CST()).Format("2006-01-02T15:04"))
	h.render(w, r, http.StatusOK, "register", pageData{Title: "客户反馈登记表", User: u, Nav: "new", Data: h.registerForm(f, n)})
}

// registerRequest registers the 客户反馈登记表 (P1.2).
func (h *Handler) registerRequest(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := formFrom("register", "/requests", r.PostForm)
	f.TimeField = "received_at"
	f.Alias = map[string]string{"project_unknown": "project_id", "attachment": "attachments", "component_class_unknown": "component"}
	reg := aftersales.Registration{
		Customer: aftersales.Customer{ID: f.Get("customer_id"), Name: f.Get("customer_name"), Phone: f.Get("customer_phone"),
			Email: f.Get("customer_email"), Contact: f.Get("customer_contact")},
		ProjectID: strings.TrimSpace(f.Get("project_id")), Location: f.Get("location"), Component: f.Get("component"),
		Description: f.Get("description"), Channel: aftersales.Channel(f.Get("channel")), Cause: aftersales.Cause(f.Get("cause")),
		Urgent: f.Get("urgent") != "", Attachments: lines(f.Get("attachments")),
		ReceivedAt: f.parseTime("received_at", "接收时间"),
	}
	if f.Get("received_at") == "" {
		f.set("received_at", "缺少接收时间（P1.2 的期限从接收反馈时起算）")
	}
	status := http.StatusBadRequest
	key := formKey(r, u)
	if id := registrationID("AS-", key); id != "" && h.doneRequest(ctx, id, key) {
		http.Redirect(w, r, "/requests/"+id+"?ok=registered", http.StatusSeeOther) // submitted twice: registered once
		return
	}
	if !f.Invalid() {
		req, err := h.cfg.Requests.Register(keyedContext(ctx, key), aftersales.RegisterCommand{Registration: reg, Actor: u.actor(),
			ID: registrationID("AS-", key)})
		if err != nil && key != "" && h.doneRequest(ctx, registrationID("AS-", key), key) {
			err, req = nil, &aftersales.Request{ID: registrationID("AS-", key)} // the other submission won the race
		}
		if err == nil {
			http.Redirect(w, r, "/requests/"+req.ID+"?ok=registered", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, registerFields...)
	} else if err := h.cfg.Requests.CheckRegistration(ctx, aftersales.RegisterCommand{Registration: reg, Actor: u.actor()}); err != nil {
		h.fail(r, f, err, registerFields...) // the library's problems beside the form's own, all at once
	}
	h.render(w, r, status, "register", pageData{Title: "客户反馈登记表", User: u, Nav: "new", Data: h.registerForm(f, n)})
}

// signature serves the image of a signature drawn on screen, to those who
// may see the request: the blob the acceptance names, and only if the
// request's customer stored it.
func (h *Handler) signature(w http.ResponseWriter, r *http.Request, u *user) {
	req, err := h.loadRequest(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	id, ok := signatureBlob(req)
	if !ok || h.cfg.Blobs == nil {
		h.errorPage(w, r, u, http.StatusNotFound, "该需求没有屏幕签字")
		return
	}
	ct, data, by, err := h.cfg.Blobs.GetMeta(r.Context(), id)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	if req.Customer.ID == "" || by != req.Customer.ID {
		// A screen signature is drawn by the request's customer (P4.1):
		// an image anyone else stored is not theirs to show, whatever the
		// acceptance names.
		h.cfg.Logger.Warn("screen signature not stored by the request's customer", "request", req.ID, "blob", id)
		h.errorPage(w, r, u, http.StatusNotFound, "该需求没有屏幕签字")
		return
	}
	w.Header().Set("Content-Type", ct)
	w.Header().Set("Cache-Control", "private, max-age=3600")
	w.Header().Set("Content-Disposition", `inline; filename="signature.png"`)
	_, _ = w.Write(data)
}

// signatureBlob returns the blob ID of a request's screen signature.
func signatureBlob(r *aftersales.Request) (string, bool) {
	if r.Acceptance == nil || r.Acceptance.Method != aftersales.SignScreen {
		return "", false
	}
	return strings.CutPrefix(r.Acceptance.Ref, "blob:")
}

// localInput formats an instant for a datetime-local control.
func localInput(t time.Time) string { return t.In(calendar.CST()).Format("2006-01-02T15:04") }
