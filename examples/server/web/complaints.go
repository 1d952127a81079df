package web

import (
	"context"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

type complaintRow struct {
	C       *complaint.Complaint
	Project string
	Owner   string
	Next    *deadlineView
}

// listComplaints lists the complaints the user may see, newest first.
func (h *Handler) listComplaints(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	cs, err := h.cfg.Complaints.List(ctx, complaint.Query{})
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	now := h.now()
	var rows []complaintRow
	for _, c := range cs {
		if !seesComplaint(u, c) {
			continue
		}
		row := complaintRow{C: c, Project: n.Project(c.ProjectID), Owner: h.levelLabel(c, n)}
		for _, d := range c.Deadlines {
			if d.Pending() {
				v := h.view(d, now, "")
				row.Next = &v
				break
			}
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].C.ReceivedAt.After(rows[j].C.ReceivedAt) })
	h.render(w, r, http.StatusOK, "complaints", pageData{Title: "客户投诉", User: u, Nav: "complaints", Wide: true, Data: rows})
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
	if !f.Invalid() {
		c, err := h.cfg.Complaints.Register(ctx, complaint.RegisterCommand{Registration: reg, Actor: u.actor(),
			Major: f.Get("major") != "", Criteria: f.Values["criteria"]})
		if err == nil {
			http.Redirect(w, r, "/complaints/"+c.ID+"?ok=registered", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, complaintFields...)
	}
	h.render(w, r, status, "complaint_new", pageData{Title: "客户投诉登记表", User: u, Nav: "complaints", Data: h.complaintForm(f, n)})
}

type complaintData struct {
	C         *complaint.Complaint
	N         *names
	Owner     string
	Events    []eventView
	Deadlines []deadlineView
	Forms     map[string]*form
	Criteria  []option
	Alert     string
	Major     []string
}

func (h *Handler) complaintPage(w http.ResponseWriter, r *http.Request, u *user) {
	c, err := h.loadComplaint(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	h.showComplaint(w, r, u, http.StatusOK, c, nil)
}

func (h *Handler) showComplaint(w http.ResponseWriter, r *http.Request, u *user, status int, c *complaint.Complaint, failed *form) {
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
	d := complaintData{C: c, N: n, Owner: h.levelLabel(c, n), Forms: map[string]*form{}}
	now := h.now()
	for _, dl := range c.Deadlines {
		d.Deadlines = append(d.Deadlines, h.view(dl, now, h.complaintOwner(dl, n)))
	}
	for _, e := range events {
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
	mk := func(key string) *form {
		if failed != nil && failed.Key == key {
			return failed
		}
		f := newForm(key, "/complaints/"+c.ID+"/"+key)
		f.Values.Set("version", strconv.Itoa(c.Version))
		return f
	}
	st := c.Status
	investigating := st == complaint.StatusInvestigating || st == complaint.StatusAnswered || st == complaint.StatusUnresolved
	if st == complaint.StatusRegistered && u.Desk {
		d.Forms["forward"] = mk("forward")
	}
	if c.Major == nil && !st.Closed() && u.Head() {
		d.Forms["declare-major"] = mk("declare-major")
		for _, cr := range pol.MajorCriteria {
			d.Criteria = append(d.Criteria, option{Value: cr.ID, Label: cr.Label, Selected: d.Forms["declare-major"].Has("criteria", cr.ID)})
		}
	}
	if c.Major != nil && !st.Closed() {
		if c.EmergencyAt == nil {
			d.Forms["emergency"] = mk("emergency")
		}
		if c.FeedbackAt == nil {
			d.Forms["major-feedback"] = mk("major-feedback")
		}
	}
	if investigating {
		if !c.Planned() {
			d.Forms["plan"] = mk("plan")
		}
		d.Forms["statement"] = mk("statement")
		if c.ThirdParty == nil {
			d.Forms["third-party"] = mk("third-party")
		} else if c.ThirdParty.ReportedAt == nil {
			d.Forms["third-party-report"] = mk("third-party-report")
		}
	}
	if (st == complaint.StatusInvestigating || st == complaint.StatusUnresolved) && c.Planned() {
		d.Forms["answer"] = mk("answer")
	}
	if st == complaint.StatusAnswered && u.Desk {
		d.Forms["satisfied"] = mk("satisfied")
		d.Forms["not-satisfied"] = mk("not-satisfied")
	}
	if !st.Closed() && u.Desk {
		d.Forms["withdraw"] = mk("withdraw")
	}
	if failed != nil {
		if _, ok := d.Forms[failed.Key]; !ok {
			d.Alert = failed.Error
			for _, m := range failed.Errors {
				if d.Alert == "" {
					d.Alert = m
				}
			}
		}
	}
	h.render(w, r, status, "complaint", pageData{Title: "客户投诉 " + c.ID, User: u, Nav: "complaints", Data: d})
}

func complaintEvent(e complaint.Event, n *names) eventView {
	v := eventView{At: fmtTime(e.At), Label: complaintEventLabels[e.Type], Actor: actorName(e.Actor, n)}
	if v.Label == "" {
		v.Label = string(e.Type)
	}
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
	if e.Department != "" {
		add("责任部门", n.Dept(e.Department))
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
	"forward":            {"department", "at"},
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

// complaintStep runs one step of a complaint from its form.
func (h *Handler) complaintStep(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	id, step := r.PathValue("id"), r.PathValue("step")
	fields, ok := complaintStepFields[step]
	if !ok {
		h.errorPage(w, r, u, http.StatusNotFound, "没有这个操作")
		return
	}
	c, err := h.loadComplaint(ctx, u, id)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	f := formFrom(step, "/complaints/"+id+"/"+step, r.PostForm)
	f.Alias = map[string]string{"reason": "text", "criterion_unknown": "criteria"}
	s, a, v := h.cfg.Complaints, u.actor(), f.version()
	at := f.parseTime("at", "发生时间")
	stepCmd := complaint.StepCommand{Text: f.Get("text"), At: at, Actor: a, Version: v}
	var run func() (*complaint.Complaint, error)
	switch step {
	case "forward":
		run = func() (*complaint.Complaint, error) {
			return s.Forward(ctx, id, complaint.ForwardCommand{Department: f.Get("department"), At: at, Actor: a, Version: v})
		}
	case "declare-major":
		run = func() (*complaint.Complaint, error) {
			return s.DeclareMajor(ctx, id, complaint.DeclareMajorCommand{Criteria: f.Values["criteria"], Note: f.Get("note"), At: at, Actor: a, Version: v})
		}
	case "plan":
		run = func() (*complaint.Complaint, error) {
			return s.Plan(ctx, id, complaint.PlanCommand{Actor: a, Version: v, Plan: complaint.Plan{Findings: f.Get("findings"),
				Measures: f.Get("measures"), Owner: f.Get("owner"), At: at}})
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
	status := http.StatusBadRequest
	if !f.Invalid() {
		_, err := run()
		if err == nil {
			http.Redirect(w, r, "/complaints/"+id+"?ok=step", http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, fields...)
		if fresh, err := s.Get(ctx, id); err == nil {
			c = fresh
			if status == http.StatusConflict {
				f.Values.Set("version", strconv.Itoa(c.Version))
			}
		}
	}
	h.showComplaint(w, r, u, status, c, f)
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
		d.Deadlines = append(d.Deadlines, h.view(dl, now, h.complaintOwner(dl, n)))
	}
	h.render(w, r, http.StatusOK, "complaint_print", pageData{Title: "客户投诉登记表 " + c.ID, User: u, Data: d})
}
