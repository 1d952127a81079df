package web

import (
	"cmp"
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

type complaintRow struct {
	C       *complaint.Complaint
	Project string
	Owner   string
	Next    *deadlineView
}

// complaintsData is a page of the complaint list.
type complaintsData struct {
	Rows []complaintRow
	listPage
}

// listComplaints lists the complaints the user may see, newest received
// first, a page at a time (?before= the cursor of the page before),
// filtered by status, project, department, received dates, overdue
// (listFilters) and the search box (?q=: the complaint's number, the
// complainant's name, ID or phone, the project, the request;
// complaint.Query.Text). A filter value that cannot match is refused
// (400) with what is wrong next to its field.
func (h *Handler) listComplaints(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	n, who, err := h.namesAndViewer(ctx, u)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := formFrom("filter", "/complaints", r.URL.Query())
	d := complaintsData{listPage: listPage{First: true, Filter: f, filterOptions: listFilterOptions(n, u, complaint.Statuses(), complaint.Status.Label)}}
	lf := readListFilters(f, n, complaint.Status.Label)
	q := complaint.Query{NewestFirst: true, Limit: listPageSize + 1, ProjectID: lf.ProjectID, Department: lf.Department,
		ReceivedFrom: lf.From, ReceivedTo: lf.To}
	if lf.Status != "" {
		q.Statuses = []complaint.Status{complaint.Status(lf.Status)}
	}
	if lf.Overdue {
		// Overdue: a running deadline due at or before now (a paused
		// clock is never overdue, G3.3).
		q.DueBefore = h.now().Add(time.Nanosecond)
	}
	if q.Text = searchText(f); f.Invalid() {
		h.render(w, r, http.StatusBadRequest, "complaints", pageData{Title: "客户投诉", User: u, Nav: "complaints", Wide: true, Data: d})
		return
	}
	if s := r.URL.Query().Get("before"); s != "" {
		c, err := aftersales.ParseRecordCursor(s)
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		q.Before, d.First = &c, false
	}
	var cs []*complaint.Complaint
	// A department's are those forwarded to it (C2.1), read from the
	// store's index.
	if q, ok := complaint.Scope(who, q); ok {
		if cs, err = h.cfg.Complaints.List(ctx, q); err != nil {
			h.failPage(w, r, u, err)
			return
		}
	}
	d.FirstLink = filterLink("/complaints", f, nil)
	if len(cs) > listPageSize {
		cs = cs[:listPageSize]
		d.Next = filterLink("/complaints", f, url.Values{"before": {complaint.CursorOf(cs[len(cs)-1]).String()}})
	}
	now := h.now()
	for _, c := range cs {
		row := complaintRow{C: c, Project: n.Project(c.ProjectID), Owner: h.levelLabel(c, n)}
		for _, d := range c.Deadlines {
			if d.Pending() {
				v := h.complaintDeadline(c, d, now, n)
				row.Next = &v
				break
			}
		}
		d.Rows = append(d.Rows, row)
	}
	h.render(w, r, http.StatusOK, "complaints", pageData{Title: "客户投诉", User: u, Nav: "complaints", Wide: true, Data: d})
}

// levelLabel names who handles a complaint now (C4.2).
func (h *Handler) levelLabel(c *complaint.Complaint, n *names) string {
	chain := h.cfg.Complaints.Policy().Chain
	if c.Level > 0 && c.Level < len(chain) {
		return chain[c.Level].Label
	}
	if len(c.Parts) == 0 {
		return "售后管理部（待转达）"
	}
	names := make([]string, len(c.Parts))
	for i, p := range c.Parts {
		names[i] = n.Dept(p.Department)
	}
	if len(names) > 1 {
		return strings.Join(names, "、") + "（售后管理部协调）"
	}
	return names[0]
}

type complaintFormData struct {
	Form     *form
	Projects []option
	Criteria []option
}

var complaintFields = []string{"complainant_id", "complainant_name", "complainant_phone", "complainant_email", "complainant_contact",
	"project_id", "request_id", "type", "cause", "description", "channel", "received_at", "received_by", "criteria"}

func (h *Handler) complaintForm(f *form, n *names) complaintFormData {
	d := complaintFormData{Form: f, Projects: []option{{Value: "", Label: "（无关联项目）"}}}
	for _, p := range n.org.Projects {
		d.Projects = append(d.Projects, option{Value: p.ID, Label: p.Name + "（" + p.ID + "）"})
	}
	for _, c := range h.cfg.Complaints.Policy().MajorCriteria {
		d.Criteria = append(d.Criteria, option{Value: c.ID, Label: c.Label, Selected: f.Has("criteria", c.ID)})
	}
	return d
}

// newComplaint shows an empty 客户投诉登记表 (C2.1).
func (h *Handler) newComplaint(w http.ResponseWriter, r *http.Request, u *user) {
	n, err := h.names(r.Context())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := newForm("complaint", "/complaints")
	f.Values.Set("received_at", localInput(h.now()))
	f.Values.Set("request_id", r.URL.Query().Get("request"))
	h.render(w, r, http.StatusOK, "complaint_new", pageData{Title: "客户投诉登记表", User: u, Nav: "complaints", Data: h.complaintForm(f, n)})
}

// registerComplaint registers the 客户投诉登记表 (C1, C2.1).
func (h *Handler) registerComplaint(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := formFrom("complaint", "/complaints", r.PostForm)
	f.TimeField = "received_at"
	f.Alias = map[string]string{"criterion_unknown": "criteria", "declare_major_forbidden": "major"}
	reg := complaint.Registration{
		Complainant: aftersales.Customer{ID: f.Get("complainant_id"), Name: f.Get("complainant_name"), Phone: f.Get("complainant_phone"),
			Email: f.Get("complainant_email"), Contact: f.Get("complainant_contact")},
		ProjectID: f.Get("project_id"), RequestID: f.Get("request_id"), Type: complaint.Type(f.Get("type")),
		Cause: aftersales.Cause(f.Get("cause")), Description: f.Get("description"), Channel: aftersales.Channel(f.Get("channel")),
		ReceivedBy: complaint.Receiver(f.Get("received_by")), ReceivedAt: f.parseTime("received_at", "接收时间"),
	}
	if f.Get("received_at") == "" {
		f.set("received_at", "缺少接收投诉的时间（C2.1 的期限从此起算）")
	}
	status := http.StatusBadRequest
	key := formKey(r, u)
	if id := registrationID("TS-", key); id != "" && h.doneComplaint(ctx, id, key) {
		http.Redirect(w, r, "/complaints/"+id+"?ok=registered", http.StatusSeeOther) // submitted twice: registered once
		return
	}
	if !f.Invalid() {
		c, err := h.cfg.Complaints.Register(keyedContext(ctx, key), complaint.RegisterCommand{Registration: reg, Actor: u.actor(),
			Major: f.Get("major") != "", Criteria: f.Values["criteria"], ID: registrationID("TS-", key)})
		if err != nil && key != "" && h.doneComplaint(ctx, registrationID("TS-", key), key) {
			err, c = nil, &complaint.Complaint{ID: registrationID("TS-", key)}
		}
		if err == nil {
			http.Redirect(w, r, "/complaints/"+c.ID+"?ok=registered", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, complaintFields...)
	} else if err := h.cfg.Complaints.CheckRegistration(ctx, complaint.RegisterCommand{Registration: reg, Actor: u.actor(),
		Major: f.Get("major") != "", Criteria: f.Values["criteria"]}); err != nil {
		h.fail(r, f, err, complaintFields...) // the library's problems beside the form's own, all at once
	}
	h.render(w, r, status, "complaint_new", pageData{Title: "客户投诉登记表", User: u, Nav: "complaints", Data: h.complaintForm(f, n)})
}

type complaintData struct {
	C         *complaint.Complaint
	N         *names
	Owner     string
	Events    []eventView
	Deadlines []deadlineView
	// Parts are the departments the complaint was forwarded to, each with
	// its own C3.1 clock and its plan form when the user may plan it.
	Parts []complaintPartView
	// Pause is the open pause while the clocks stand still.
	Pause    *aftersales.Pause
	Forms    map[string]*form
	Criteria []option
	Alert    string
	Major    []string
	recordParts
}

// complaintPartView is one department's part (C2.1, C3.1) as the page
// shows it.
type complaintPartView struct {
	complaint.Part
	Name  string
	Clock *deadlineView // its C3.1 deadline
	Plan  *form
}

func (h *Handler) complaintPage(w http.ResponseWriter, r *http.Request, u *user) {
	c, err := h.loadComplaint(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	h.showComplaint(w, r, u, http.StatusOK, c, nil)
}

// complaintDeadline is one of c's deadlines as the pages show it: a paused
// clock says since when and why it stands still.
func (h *Handler) complaintDeadline(c *complaint.Complaint, dl aftersales.Deadline, now time.Time, n *names) deadlineView {
	v := h.view(dl, now, h.complaintOwner(dl, n))
	if p, ok := c.CurrentPause(); ok && dl.Paused() {
		v.Left += "（" + p.Reason.Label() + "）"
	}
	return v
}

func (h *Handler) showComplaint(w http.ResponseWriter, r *http.Request, u *user, status int, c *complaint.Complaint, failed *form) {
	h.showComplaintLink(w, r, u, status, c, failed, nil)
}

// showComplaintLink is showComplaint with a customer link just issued,
// shown once.
func (h *Handler) showComplaintLink(w http.ResponseWriter, r *http.Request, u *user, status int, c *complaint.Complaint, failed *form, issued *issuedLink) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	events, err := h.cfg.Complaints.History(ctx, c.ID)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	pol := h.cfg.Complaints.Policy()
	d := complaintData{C: c, N: n, Owner: h.levelLabel(c, n), Forms: map[string]*form{},
		recordParts: h.recordParts(ctx, u, n, "/complaints/", c.ID, c.Complainant, time.Time{}, failed, issued)}
	if p, ok := c.CurrentPause(); ok {
		d.Pause = &p
	}
	now := h.now()
	for _, dl := range c.Deadlines {
		d.Deadlines = append(d.Deadlines, h.complaintDeadline(c, dl, now, n))
	}
	for _, e := range complaint.MaskHistory(u.Actor, c, events) {
		d.Events = append(d.Events, complaintEvent(e, n))
	}
	if c.Major != nil {
		for _, id := range c.Major.Criteria {
			for _, cr := range pol.MajorCriteria {
				if cr.ID == id {
					d.Major = append(d.Major, cr.Label)
				}
			}
		}
	}
	mk := stepForms("/complaints/"+c.ID+"/", c.Version, failed)
	for _, p := range c.Parts {
		pv := complaintPartView{Part: p, Name: n.Dept(p.Department)}
		for _, dl := range c.Deadlines {
			if dl.Clause == complaint.ClauseC3_1 && dl.Department == p.Department {
				v := h.complaintDeadline(c, dl, now, n)
				pv.Clock = &v
			}
		}
		d.Parts = append(d.Parts, pv)
	}
	// The forms are the steps the library would accept from this user now
	// (complaint.Service.Actions): one rule, not a copy of it here.
	for _, o := range h.cfg.Complaints.Actions(c, u.actor()) {
		if o.Action == complaint.ActionPlan {
			for i := range d.Parts {
				if d.Parts[i].Department == o.Department {
					f := mk("plan-"+strconv.Itoa(i), "plan")
					if f.Get("department") == "" {
						f.Values.Set("department", o.Department)
					}
					d.Parts[i].Plan = f
				}
			}
			continue
		}
		d.Forms[string(o.Action)] = mk(string(o.Action), string(o.Action))
	}
	if f := d.Forms["declare-major"]; f != nil {
		for _, cr := range pol.MajorCriteria {
			d.Criteria = append(d.Criteria, option{Value: cr.ID, Label: cr.Label, Selected: f.Has("criteria", cr.ID)})
		}
	}
	if failed != nil && failed.Key != "files" && !complaintRendered(d, failed.Key) {
		d.Alert = failed.Error
		for _, m := range failed.Errors {
			if d.Alert == "" {
				d.Alert = m
			}
		}
	}
	h.render(w, r, status, "complaint", pageData{Title: "客户投诉 " + cmp.Or(c.Number, c.ID), User: u, Nav: "complaints", Data: d})
}

// complaintRendered reports whether the page shows the form with the
// given key.
func complaintRendered(d complaintData, key string) bool {
	if _, ok := d.Forms[key]; ok {
		return true
	}
	for _, p := range d.Parts {
		if p.Plan != nil && p.Plan.Key == key {
			return true
		}
	}
	return false
}

// HasForms reports whether the page offers the user any step.
func (d complaintData) HasForms() bool {
	for _, p := range d.Parts {
		if p.Plan != nil {
			return true
		}
	}
	return len(d.Forms) > 0
}

// ForwardOptions lists the departments a complaint can still be forwarded
// to: the organisation's working departments it has no part of yet.
func (d complaintData) ForwardOptions() []option {
	closed := map[string]bool{}
	for _, dep := range d.N.org.Departments {
		closed[dep.ID] = dep.Closed
	}
	var out []option
	for _, o := range d.N.DeptOptions() {
		if _, ok := d.C.Part(o.Value); !ok && !closed[o.Value] {
			out = append(out, o)
		}
	}
	return out
}

func complaintEvent(e complaint.Event, n *names) eventView {
	v := eventView{At: fmtTime(e.At), Label: e.Type.Label(), Actor: actorName(e.Actor, n)}
	add := func(label, s string) {
		if strings.TrimSpace(s) != "" {
			v.Details = append(v.Details, label+"："+s)
		}
	}
	if g := e.Registration; g != nil {
		add("投诉人", g.Complainant.Name)
		add("投诉类型", g.Type.Label())
		add("投诉方式", g.Channel.Label())
		add("投诉内容", g.Description)
	}
	var depts []string
	for _, d := range e.Departments {
		depts = append(depts, n.Dept(d))
	}
	if e.Department != "" {
		depts = append(depts, n.Dept(e.Department))
	}
	add("责任部门", strings.Join(depts, "、"))
	addMessage(e.Message, add)
	if p := e.Pause; p != nil {
		if e.Type == complaint.EventPaused {
			add("暂停原因", p.Reason.Label())
			add("说明", p.Note)
			add("证据", strings.Join(p.Evidence, "、"))
		} else {
			add("暂停", sprintf("%s 起，%s（%s），顺延 %d 个工作日", fmtTime(p.At), p.Reason.Label(), p.Note, p.Workdays))
		}
	}
	if p := e.Plan; p != nil {
		add("调查核实情况", p.Findings)
		add("处理措施", p.Measures)
		add("责任人", p.Owner)
	}
	if tp := e.ThirdParty; tp != nil {
		add("第三方机构", tp.Agency)
		add("调查范围", tp.Scope)
		add("调查报告", tp.ReportRef)
		add("调查结论", tp.Conclusion)
	}
	if m := e.Major; m != nil {
		add("认定依据", strings.Join(m.Criteria, "、"))
		add("认定说明", m.Note)
	}
	add("内容", e.Text)
	return v
}

var complaintStepFields = map[string][]string{
	"forward":            {"departments", "at"},
	"pause":              {"reason", "note", "evidence", "at"},
	"resume":             {"at"},
	"declare-major":      {"criteria", "note", "at"},
	"emergency":          {"text", "at"},
	"major-feedback":     {"text", "at"},
	"plan":               {"findings", "measures", "owner", "at"},
	"statement":          {"text", "at"},
	"third-party":        {"agency", "scope", "at"},
	"third-party-report": {"report_ref", "conclusion", "at"},
	"answer":             {"text", "at"},
	"satisfied":          {"text", "at"},
	"not-satisfied":      {"text", "at"},
	"withdraw":           {"text", "at"},
}

// complaintStep runs one step of a complaint from its form (stepForm).
func (h *Handler) complaintStep(w http.ResponseWriter, r *http.Request, u *user) {
	stepForm(h, w, r, u, stepChapter[*complaint.Complaint]{base: "/complaints/", fields: complaintStepFields,
		ok: func(string) string { return "step" }, load: h.loadComplaint, done: h.doneComplaint,
		version: func(c *complaint.Complaint) int { return c.Version }, show: h.showComplaint, read: h.readComplaintStep})
}

// readComplaintStep reads the form of a complaint's step.
func (h *Handler) readComplaintStep(ctx context.Context, r *http.Request, u *user, id, step string, c *complaint.Complaint) (*form, func() error) {
	key := step
	if step == "plan" {
		// Each department's plan form has its own key, so that a refusal
		// shows on the form it came from.
		key = "plan-x"
		dept := r.PostForm.Get("department")
		if dept == "" && len(c.Parts) == 1 {
			dept = c.Parts[0].Department // the one part, as the library takes it
		}
		for i, p := range c.Parts {
			if p.Department == dept {
				key = "plan-" + strconv.Itoa(i)
			}
		}
	}
	f := formFrom(key, "/complaints/"+id+"/"+step, r.PostForm)
	f.Alias = map[string]string{"reason": "text", "criterion_unknown": "criteria", "pause_reason": "reason", "pause_note": "note",
		"pause_evidence": "evidence"}
	if step == "forward" {
		for _, code := range []string{"department", "departments", "department_unknown", "department_closed", "department_duplicate"} {
			f.Alias[code] = "departments"
		}
	}
	s, a, v := h.cfg.Complaints, u.actor(), f.version()
	at := f.parseTime("at", "发生时间")
	stepCmd := complaint.StepCommand{Text: f.Get("text"), At: at, Actor: a, Version: v}
	var run func() (*complaint.Complaint, error)
	switch step {
	case "forward":
		// "department" is the one department of the older single-choice form.
		depts := append(append(f.Values["departments"], f.Values["department"]...), splitList(f.Get("other_departments"))...)
		run = func() (*complaint.Complaint, error) {
			return s.Forward(ctx, id, complaint.ForwardCommand{Departments: depts, At: at, Actor: a, Version: v})
		}
	case "pause":
		run = func() (*complaint.Complaint, error) {
			return s.Pause(ctx, id, aftersales.PauseCommand{Reason: aftersales.PauseReason(f.Get("reason")), Note: f.Get("note"),
				Evidence: splitList(f.Get("evidence")), At: at, Actor: a, Version: v})
		}
	case "resume":
		run = func() (*complaint.Complaint, error) {
			return s.Resume(ctx, id, aftersales.ResumeCommand{At: at, Actor: a, Version: v})
		}
	case "declare-major":
		run = func() (*complaint.Complaint, error) {
			return s.DeclareMajor(ctx, id, complaint.DeclareMajorCommand{Criteria: f.Values["criteria"], Note: f.Get("note"), At: at, Actor: a, Version: v})
		}
	case "plan":
		run = func() (*complaint.Complaint, error) {
			return s.Plan(ctx, id, complaint.PlanCommand{Department: f.Get("department"), Actor: a, Version: v,
				Plan: complaint.Plan{Findings: f.Get("findings"), Measures: f.Get("measures"), Owner: f.Get("owner"), At: at}})
		}
	case "third-party":
		run = func() (*complaint.Complaint, error) {
			return s.CommissionThirdParty(ctx, id, complaint.ThirdPartyCommand{Agency: f.Get("agency"), Scope: f.Get("scope"), At: at, Actor: a, Version: v})
		}
	case "third-party-report":
		run = func() (*complaint.Complaint, error) {
			return s.RecordThirdPartyReport(ctx, id, complaint.ThirdPartyReportCommand{ReportRef: f.Get("report_ref"),
				Conclusion: f.Get("conclusion"), At: at, Actor: a, Version: v})
		}
	default:
		method := map[string]func(context.Context, string, complaint.StepCommand) (*complaint.Complaint, error){
			"emergency": s.StartEmergency, "major-feedback": s.GiveMajorFeedback, "statement": s.RecordStatement,
			"answer": s.Answer, "satisfied": s.Satisfied, "not-satisfied": s.NotSatisfied, "withdraw": s.Withdraw,
		}[step]
		run = func() (*complaint.Complaint, error) { return method(ctx, id, stepCmd) }
	}
	return f, func() error { _, err := run(); return err }
}

type complaintPrintData struct {
	C         *complaint.Complaint
	N         *names
	Owner     string
	Deadlines []deadlineView
	Printed   string
}

// complaintPrint is the 客户投诉登记表 laid out for paper.
func (h *Handler) complaintPrint(w http.ResponseWriter, r *http.Request, u *user) {
	c, err := h.loadComplaint(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	n, err := h.names(r.Context())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	now := h.now()
	d := complaintPrintData{C: c, N: n, Owner: h.levelLabel(c, n), Printed: fmtTime(now)}
	for _, dl := range c.Deadlines {
		d.Deadlines = append(d.Deadlines, h.complaintDeadline(c, dl, now, n))
	}
	h.render(w, r, http.StatusOK, "complaint_print", pageData{Title: "客户投诉登记表 " + c.ID, User: u, Data: d})
}

// pageComplaint finds the complaint of a record page's action, as u may
// see it.
func (h *Handler) pageComplaint(r *http.Request, u *user) (pageRecord, error) {
	c, err := h.loadComplaint(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return pageRecord{}, err
	}
	return pageRecord{ID: c.ID, Number: cmp.Or(c.Number, c.ID), Base: "/complaints/" + c.ID, Customer: c.Complainant,
		Show: func(w http.ResponseWriter, status int, failed *form, issued *issuedLink) {
			h.showComplaintLink(w, r, u, status, c, failed, issued)
		}}, nil
}
