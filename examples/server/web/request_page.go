package web

import (
	"cmp"
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// eventView is one line of a history timeline.
type eventView struct {
	At      string
	Label   string
	Actor   string
	Details []string
	Late    bool
}

type partView struct {
	aftersales.Part
	Index                                            int
	Name                                             string
	Plan, Complete, Escalate, Reclassify, Coordinate *form
	Progress, Result                                 *form // feedback to the customer (P3.2)
}

// forms lists the part's forms, in page order.
func (p partView) forms() []*form {
	return []*form{p.Plan, p.Complete, p.Progress, p.Result, p.Escalate, p.Coordinate, p.Reclassify}
}

type requestData struct {
	R         *aftersales.Request
	N         *names
	Events    []eventView
	Deadlines []deadlineView
	Parts     []partView
	Forms     map[string]*form
	Alert     string
	Signature bool
	Coverage  string
	recordParts
}

// requestPage shows a request, its history and the forms of its next
// steps. A customer is sent to their own page of it.
func (h *Handler) requestPage(w http.ResponseWriter, r *http.Request, u *user) {
	req, err := h.loadRequest(r.Context(), u, r.PathValue("id"))
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	if u.Customer {
		http.Redirect(w, r, "/portal/requests/"+req.ID, http.StatusSeeOther)
		return
	}
	h.showRequest(w, r, u, http.StatusOK, req, nil)
}

// showRequest renders the request page; failed, if any, is the form that
// was just refused, shown with its input and errors.
func (h *Handler) showRequest(w http.ResponseWriter, r *http.Request, u *user, status int, req *aftersales.Request, failed *form) {
	h.showRequestLink(w, r, u, status, req, failed, nil)
}

// showRequestLink is showRequest with a customer link just issued, shown
// once.
func (h *Handler) showRequestLink(w http.ResponseWriter, r *http.Request, u *user, status int, req *aftersales.Request, failed *form, issued *issuedLink) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	events, err := h.cfg.Requests.History(ctx, req.ID)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	d := requestData{R: req, N: n, Forms: map[string]*form{},
		recordParts: h.recordParts(ctx, u, n, "/requests/", req.ID, req.Customer, handled(req), failed, issued)}
	_, d.Signature = signatureBlob(req)
	if c := req.Coverage; c != nil {
		d.Coverage = c.Outcome.Label() + "：" + c.Reason
	}
	now := h.now()
	for _, dl := range req.Deadlines {
		d.Deadlines = append(d.Deadlines, h.view(dl, now, n.Dept(dl.Owner())))
	}
	// The history as this person may see it: a message's sender is a contact.
	for _, e := range aftersales.MaskHistory(u.Actor, req, events) {
		d.Events = append(d.Events, requestEvent(e, n, req.Customer))
	}
	base := "/requests/" + req.ID + "/"
	mk := stepForms(base, req.Version, failed)
	// The forms are the steps the library would accept from this user now
	// (aftersales.Service.Actions): one rule, not a copy of it here.
	offers, err := h.cfg.Requests.Actions(ctx, req, u.actor())
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	parts := map[string]*partView{}
	part := func(dept string) *partView {
		if pv, ok := parts[dept]; ok {
			return pv
		}
		for i, p := range req.Parts {
			if p.Department == dept {
				parts[dept] = &partView{Part: p, Index: i, Name: n.Dept(dept)}
			}
		}
		return parts[dept]
	}
	for _, o := range offers {
		if o.Department == "" {
			key := string(o.Action)
			if o.Action == aftersales.ActionFeedback {
				key = "feedback-urgent"
			}
			f := mk(key, string(o.Action))
			switch o.Action {
			case aftersales.ActionFeedback:
				f.Values.Set("kind", string(o.Kind))
			case aftersales.ActionVisit:
				if f.Get("visited_by") == "" {
					f.Values.Set("visited_by", u.Name)
				}
			}
			d.Forms[key] = f
			continue
		}
		pv := part(o.Department)
		if pv == nil {
			continue
		}
		key := func(s string) string { return s + "-" + strconv.Itoa(pv.Index) }
		f := mk(key(string(o.Action)+string(o.Kind)), string(o.Action))
		if f.Get("department") == "" {
			f.Values.Set("department", o.Department)
		}
		switch o.Action {
		case aftersales.ActionPlan:
			pv.Plan = f
		case aftersales.ActionComplete:
			pv.Complete = f
		case aftersales.ActionReclassify:
			pv.Reclassify = f
		case aftersales.ActionEscalate:
			pv.Escalate = f
		case aftersales.ActionCoordinate:
			if f.Get("coordinator") == "" {
				f.Values.Set("coordinator", u.Actor.ID)
			}
			pv.Coordinate = f
		case aftersales.ActionFeedback:
			f.Values.Set("kind", string(o.Kind))
			if o.Kind == aftersales.FeedbackProgress {
				pv.Progress = f
			} else {
				pv.Result = f
			}
		}
	}
	for i := range req.Parts {
		if pv, ok := parts[req.Parts[i].Department]; ok {
			d.Parts = append(d.Parts, *pv)
		}
	}
	if failed != nil && !h.rendered(d, failed.Key) {
		d.Alert = failed.Error
		for _, msg := range failed.Errors {
			if d.Alert == "" {
				d.Alert = msg
			}
		}
	}
	h.render(w, r, status, "request", pageData{Title: "售后需求 " + cmp.Or(req.Number, req.ID), User: u, Nav: "requests", Data: d})
}

// rendered reports whether the page shows the form with the given key.
func (h *Handler) rendered(d requestData, key string) bool {
	if _, ok := d.Forms[key]; ok {
		return true
	}
	if d.Files.Upload != nil && d.Files.Upload.Key == key {
		return true
	}
	for _, p := range d.Parts {
		for _, f := range p.forms() {
			if f != nil && f.Key == key {
				return true
			}
		}
	}
	return false
}

// requestEvent describes one history event.
func requestEvent(e aftersales.Event, n *names, c aftersales.Customer) eventView {
	v := eventView{At: fmtTime(e.At), Label: e.Type.Label(), Actor: actorName(e.Actor, n)}
	if e.Actor.Role == aftersales.RoleCustomer && e.Actor.ID == c.ID && c.Name != "" {
		v.Actor = c.Name + "（客户）"
	}
	if v.Label == "" {
		v.Label = string(e.Type)
	}
	add := func(label, s string) {
		if strings.TrimSpace(s) != "" {
			v.Details = append(v.Details, label+"："+s)
		}
	}
	if g := e.Registration; g != nil {
		add("客户", g.Customer.Name)
		add("反馈方式", g.Channel.Label())
		add("问题描述", g.Description)
		if g.Urgent {
			add("紧急", "是（P1.3）")
		}
	}
	if e.Cause != "" {
		add("问题原因", e.Cause.Label())
	}
	if len(e.Departments) > 0 {
		var ds []string
		for _, x := range e.Departments {
			ds = append(ds, n.Dept(x))
		}
		add("责任部门", strings.Join(ds, "、"))
	}
	if e.Department != "" {
		add("部门", n.Dept(e.Department))
	}
	if p := e.Plan; p != nil {
		add("处理措施", p.Measures)
		add("计划处理时间", fmtTime(p.ScheduledAt))
		add("责任人", p.Owner)
		add("复杂程度", p.Complexity.Label())
	}
	if e.Complexity != "" {
		add("复杂程度", e.Complexity.Label())
	}
	add("紧急处理措施", e.Measures)
	add("处理结果", e.Result)
	add("原因", e.Reason)
	if s := e.Signature; s != nil {
		add("签字人", s.SignedBy+"（"+s.Method.Label()+"）")
	}
	if vi := e.Visit; vi != nil {
		add("满意度", strconv.Itoa(vi.Satisfaction)+" "+aftersales.SatisfactionLabel(vi.Satisfaction))
		add("回访人", vi.VisitedBy)
		add("意见建议", vi.Suggestions)
	}
	if c := e.Coverage; c != nil {
		add(c.Outcome.Label(), c.Reason)
	}
	addMessage(e.Message, add)
	if len(e.Recomputed) > 0 {
		add("重新计算的期限", strconv.Itoa(len(e.Recomputed))+" 项")
	}
	return v
}

func actorName(a aftersales.Actor, n *names) string {
	name := a.Name
	if name == "" {
		name = n.Person(a.ID)
	}
	if a.Role == aftersales.RoleSystem && a.Name == "" {
		return "系统"
	}
	if r := a.Role.Label(); r != "" {
		return name + "（" + r + "）"
	}
	return name
}

// stepFields lists each request step's fields, for placing errors.
var stepFields = map[string][]string{
	"forward":    {"cause", "departments", "people", "at"},
	"feedback":   {"kind", "channel", "summary", "at"},
	"coordinate": {"coordinator", "measures", "departments", "at"},
	"pause":      {"reason", "note", "evidence", "at"},
	"resume":     {"at"},
	"urgent":     {"measures", "at"},
	"plan":       {"measures", "scheduled_at", "owner", "complexity", "at"},
	"reclassify": {"complexity", "reason", "at"},
	"escalate":   {"reason", "at"},
	"complete":   {"result", "at"},
	"accept":     {"signed_by", "signature_ref", "at"},
	"reject":     {"reason", "at"},
	"visit":      {"satisfaction", "suggestions", "visited_by", "at"},
	"withdraw":   {"reason", "at"},
}

// requestStep runs one step of a request from its form (stepForm).
func (h *Handler) requestStep(w http.ResponseWriter, r *http.Request, u *user) {
	stepForm(h, w, r, u, stepChapter[*aftersales.Request]{base: "/requests/", fields: stepFields,
		ok: func(step string) string { return step }, load: h.loadRequest, done: h.doneRequest,
		version: func(req *aftersales.Request) int { return req.Version }, show: h.showRequest, read: h.readRequestStep})
}

// readRequestStep reads the form of a request's step.
func (h *Handler) readRequestStep(ctx context.Context, r *http.Request, u *user, id, step string, req *aftersales.Request) (*form, func() error) {
	key := step
	if dept := r.PostForm.Get("department"); dept != "" && step != "forward" {
		key = step + r.PostForm.Get("kind") + "-x"
		for i, p := range req.Parts {
			if p.Department == dept {
				key = step + r.PostForm.Get("kind") + "-" + strconv.Itoa(i)
			}
		}
	} else if step == "feedback" {
		key = "feedback-urgent"
	}
	f := formFrom(key, "/requests/"+id+"/"+step, r.PostForm)
	f.Alias = map[string]string{"department": "departments", "cause_required": "cause", "project_department_unknown": "departments",
		"signature_ref": "signature_ref", "pause_reason": "reason", "pause_note": "note", "pause_evidence": "evidence",
		"feedback_kind": "kind", "department_unknown": "departments", "department_closed": "departments", "person_unknown": "people"}
	s, a, v, dept := h.cfg.Requests, u.actor(), f.version(), f.Get("department")
	at := f.parseTime("at", "发生时间")
	var run func() error
	switch step {
	case "forward":
		depts := append(f.Values["departments"], splitList(f.Get("other_departments"))...)
		people := f.Values["people"]
		run = func() error {
			_, err := s.Forward(ctx, id, aftersales.ForwardCommand{Cause: aftersales.Cause(f.Get("cause")), Departments: depts, People: people,
				At: at, Actor: a, Version: v})
			return err
		}
	case "feedback":
		run = func() error {
			_, err := s.Feedback(ctx, id, aftersales.FeedbackCommand{Kind: aftersales.FeedbackKind(f.Get("kind")), Department: dept,
				Channel: aftersales.Channel(f.Get("channel")), Summary: f.Get("summary"), At: at, Actor: a, Version: v})
			return err
		}
	case "coordinate":
		f.Alias["person_unknown"] = "coordinator"
		run = func() error {
			_, err := s.Coordinate(ctx, id, aftersales.CoordinateCommand{Department: dept, Coordinator: f.Get("coordinator"),
				Measures: f.Get("measures"), Departments: f.Values["departments"], At: at, Actor: a, Version: v})
			return err
		}
	case "pause":
		run = func() error {
			_, err := s.Pause(ctx, id, aftersales.PauseCommand{Reason: aftersales.PauseReason(f.Get("reason")), Note: f.Get("note"),
				Evidence: splitList(f.Get("evidence")), At: at, Actor: a, Version: v})
			return err
		}
	case "resume":
		run = func() error {
			_, err := s.Resume(ctx, id, aftersales.ResumeCommand{At: at, Actor: a, Version: v})
			return err
		}
	case "urgent":
		run = func() error {
			_, err := s.HandleUrgent(ctx, id, aftersales.UrgentCommand{Measures: f.Get("measures"), At: at, Actor: a, Version: v})
			return err
		}
	case "plan":
		sched := f.parseTime("scheduled_at", "计划处理时间")
		run = func() error {
			_, err := s.Plan(ctx, id, aftersales.PlanCommand{Department: dept, At: at, Actor: a, Version: v, Plan: aftersales.Plan{
				Measures: f.Get("measures"), ScheduledAt: sched, Owner: f.Get("owner"), Complexity: aftersales.Complexity(f.Get("complexity"))}})
			return err
		}
	case "reclassify":
		run = func() error {
			_, err := s.Reclassify(ctx, id, aftersales.ReclassifyCommand{Department: dept, Complexity: aftersales.Complexity(f.Get("complexity")),
				Reason: f.Get("reason"), At: at, Actor: a, Version: v})
			return err
		}
	case "escalate":
		run = func() error {
			_, err := s.Escalate(ctx, id, aftersales.EscalateCommand{Department: dept, Reason: f.Get("reason"), At: at, Actor: a, Version: v})
			return err
		}
	case "complete":
		run = func() error {
			_, err := s.Complete(ctx, id, aftersales.CompleteCommand{Department: dept, Result: f.Get("result"), At: at, Actor: a, Version: v})
			return err
		}
	case "accept":
		run = func() error {
			_, err := s.Accept(ctx, id, aftersales.AcceptCommand{At: at, Actor: a, Version: v, Signature: aftersales.Signature{
				SignedBy: f.Get("signed_by"), Method: aftersales.SignPaper, Ref: f.Get("signature_ref")}})
			return err
		}
	case "reject":
		run = func() error {
			_, err := s.Reject(ctx, id, aftersales.RejectCommand{Reason: f.Get("reason"), At: at, Actor: a, Version: v})
			return err
		}
	case "visit":
		score := f.parseInt("satisfaction", "满意度")
		run = func() error {
			_, err := s.Visit(ctx, id, aftersales.VisitCommand{At: at, Actor: a, Version: v, Visit: aftersales.Visit{
				Satisfaction: score, Suggestions: f.Get("suggestions"), VisitedBy: f.Get("visited_by")}})
			return err
		}
	case "withdraw":
		run = func() error {
			_, err := s.Withdraw(ctx, id, aftersales.WithdrawCommand{Reason: f.Get("reason"), At: at, Actor: a, Version: v})
			return err
		}
	}
	return f, run
}

type printData struct {
	R         *aftersales.Request
	N         *names
	Deadlines []deadlineView
	Signature bool
	Printed   string
}

// requestPrint is the 客户反馈登记表 and the 客户回访记录表 laid out for
// paper, with signature lines.
func (h *Handler) requestPrint(w http.ResponseWriter, r *http.Request, u *user) {
	req, err := h.loadRequest(r.Context(), u, r.PathValue("id"))
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
	d := printData{R: req, N: n, Printed: fmtTime(now)}
	_, d.Signature = signatureBlob(req)
	for _, dl := range req.Deadlines {
		d.Deadlines = append(d.Deadlines, h.view(dl, now, n.Dept(dl.Owner())))
	}
	h.render(w, r, http.StatusOK, "request_print", pageData{Title: "客户反馈登记表 " + req.ID, User: u, Data: d})
}

// handled returns when a request's handling was first done (a part's
// first completion): photos from then on are "after". Zero while none is.
func handled(r *aftersales.Request) time.Time {
	var first time.Time
	for _, p := range r.Parts {
		if p.DoneAt != nil && (first.IsZero() || p.DoneAt.Before(first)) {
			first = *p.DoneAt
		}
	}
	return first
}

// pageRequest finds the request of a record page's action, as u may see
// it.
func (h *Handler) pageRequest(r *http.Request, u *user) (pageRecord, error) {
	req, err := h.loadRequest(r.Context(), u, r.PathValue("id"))
	if err != nil {
		return pageRecord{}, err
	}
	return pageRecord{ID: req.ID, Number: cmp.Or(req.Number, req.ID), Base: "/requests/" + req.ID, Customer: req.Customer,
		Show: func(w http.ResponseWriter, status int, failed *form, issued *issuedLink) {
			h.showRequestLink(w, r, u, status, req, failed, issued)
		}}, nil
}
