package web

import (
	"context"
	"github.com/shouhou/shouhou/examples/server/api"
	"net/http"
	"sort"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/staff"
)

type personRow struct {
	staff.Person
	Role, Dept string
}

type projectRow struct {
	ID, Name, Dept, Specialist string
	Unfiled                    bool // a specialist appointed, not yet filed (G4.3)
}

type sessionRow struct {
	S         *staff.Session
	Topic     string
	Attendees string
}

type gapRow struct {
	Name, Last, Due string
}

type staffData struct {
	People         []personRow
	Projects       []projectRow
	Departments    []deptRow
	Sessions       []sessionRow
	Gaps           []gapRow
	Assessments    []*assessmentRow
	People1        []option // for the assessment form
	Attendees      []option
	Session        *form
	Assess         *form
	Dept           *form // 新增或修改部门 (G4, P2.1)
	Head           *form // 更换部长 (G4.2)
	Person         *form // 新增或修改人员 (G4)
	Project        *form // 新增或修改项目 (G2)
	Appoint        *form // 任命售后专员 (G4.3)
	RoleOptions    []option
	DeptOptions    []option
	ProjectKinds   []option
	Managers       []option // a project's manager
	Specialists    []option // a project's specialist
	ProjectOptions []option
	Token          *form // 发放访问令牌
	Issued         string
	Tokens         []tokenRow
	CanTokens      bool // the general manager and the after-sales head (api.MayIssue)
	HeadName       string
	HeadOptions    []option // a department's head
	KindOptions    []option // the department kinds
	Candidates     []option // the next after-sales head
	CanTrain       bool
	CanAssess      bool
	CanOrganise    bool // the general manager or the after-sales head (G4.1, G4.2)
	CanFile        bool // the after-sales department, who file specialists' appointments (G4.3)
	CanHead        bool // the general manager only (G4.1, G4.2)
	SeesAll        bool
}

// staffForms are the forms of the staff page, one of which may hold what
// was just submitted.
type staffForms struct {
	Session, Assess, Dept, Head, Person, Project, Appoint, Token *form
	// Issued is an access token just issued, shown once.
	Issued string
}

// blankStaffForms returns the staff page's forms as first shown.
func (h *Handler) blankStaffForms(u *user) staffForms {
	s := newForm("session", "/staff/sessions")
	s.Values.Set("date", h.now().In(calendar.CST()).Format("2006-01-02"))
	a := newForm("assess", "/staff/assessments")
	a.Values.Set("rated_by", u.Name)
	p := newForm("person", "/staff/people")
	p.Values.Set("active", "1")
	return staffForms{Session: s, Assess: a, Dept: newForm("dept", "/staff/departments"), Head: newForm("head", "/staff/head"),
		Person: p, Project: newForm("project", "/staff/projects"), Appoint: newForm("appoint", "/staff/appointments"),
		Token: newForm("token", "/staff/tokens")}
}

type assessmentRow struct {
	A    *staff.Assessment
	Name string
}

// staffPage shows the organisation, the training records (S1.3) and the
// assessments (S2.3). ?dept=ID fills the department form with that
// department, to change or close it.
func (h *Handler) staffPage(w http.ResponseWriter, r *http.Request, u *user) {
	fs := h.blankStaffForms(u)
	if id := r.URL.Query().Get("dept"); id != "" {
		o, err := h.cfg.Staff.Organisation(r.Context())
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		fillDept(fs.Dept, o, id)
	}
	h.showStaff(w, r, u, http.StatusOK, fs)
}

// showStaffWith shows the staff page again with one of its forms as set
// holds it: the one just refused, or (Issued) a token just issued.
// staffForm ends a form of the staff page: run does what the form asks,
// unless the form's own checks already failed; when it succeeds the user
// is sent on to ok (POST-redirect-GET), else the staff page shows the form
// (set puts it in its place) with each error next to its field.
func (h *Handler) staffForm(w http.ResponseWriter, r *http.Request, u *user, f *form, ok string, set func(*staffForms),
	run func() error, fields ...string) {
	status := http.StatusBadRequest
	if !f.Invalid() {
		err := run()
		if err == nil {
			http.Redirect(w, r, ok, http.StatusSeeOther)
			return
		}
		status = h.fail(r, f, err, fields...)
	}
	h.showStaffWith(w, r, u, status, set)
}

func (h *Handler) showStaffWith(w http.ResponseWriter, r *http.Request, u *user, status int, set func(*staffForms)) {
	fs := h.blankStaffForms(u)
	set(&fs)
	h.showStaff(w, r, u, status, fs)
}

func (h *Handler) showStaff(w http.ResponseWriter, r *http.Request, u *user, status int, fs staffForms) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	o := n.org
	sf := fs.Session
	d := staffData{Session: sf, Assess: fs.Assess, Dept: fs.Dept, Head: fs.Head, Person: fs.Person, Project: fs.Project, Appoint: fs.Appoint,
		SeesAll:     u.Desk,
		CanTrain:    u.Desk && u.Actor.Role != aftersales.RoleSystem,
		CanAssess:   u.Head(),
		CanOrganise: u.Head(), CanFile: staff.MayFile(u.actor()) == nil,
		CanHead: u.Actor.Role == aftersales.RoleGeneralManager}
	d.organisation(o, n, fs)
	d.setupOptions(o, n, fs)
	d.Token, d.Issued = fs.Token, fs.Issued
	if d.CanTokens = h.cfg.TokenDesk != nil && api.MayIssue(u.Actor) == nil; d.CanTokens {
		d.Tokens = h.tokenRows(ctx, n)
	}
	for _, p := range o.People {
		d.People = append(d.People, personRow{Person: p, Role: p.Role.Label(), Dept: n.Dept(p.DepartmentID)})
		if p.Active {
			d.Attendees = append(d.Attendees, option{Value: p.ID, Label: p.Name, Selected: sf.Has("attendees", p.ID)})
		}
	}
	d.People1 = append([]option{{Value: "", Label: "请选择"}}, d.Attendees...)
	for i := range d.People1 {
		d.People1[i].Selected = false
	}
	for _, p := range o.Projects {
		sp, _ := o.Specialist(p.ID)
		row := projectRow{ID: p.ID, Name: p.Name, Dept: n.Dept(p.DepartmentID), Specialist: "未任命"}
		if sp != "" {
			row.Specialist = n.Person(sp)
		}
		for _, a := range o.Appointments {
			if a.ProjectID == p.ID && a.Current() && a.FiledAt == nil {
				row.Specialist, row.Unfiled = n.Person(a.SpecialistID)+"（待备案）", true
			}
		}
		d.Projects = append(d.Projects, row)
	}
	ss, err := h.cfg.Staff.Sessions(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	sort.SliceStable(ss, func(i, j int) bool { return ss[i].Date.After(ss[j].Date) })
	for _, s := range ss {
		var names []string
		for _, id := range s.Attendees {
			names = append(names, n.Person(id))
		}
		d.Sessions = append(d.Sessions, sessionRow{S: s, Topic: s.Topic.Label(), Attendees: strings.Join(names, "、")})
	}
	if u.Desk {
		gaps, err := h.cfg.Staff.OverdueTraining(ctx)
		if err != nil {
			h.failPage(w, r, u, err)
			return
		}
		for _, g := range gaps {
			row := gapRow{Name: n.Person(g.PersonID), Last: "从未参加培训", Due: "—"}
			if !g.LastTrained.IsZero() {
				row.Last, row.Due = g.LastTrained.String(), g.DueBy.String()
			}
			d.Gaps = append(d.Gaps, row)
		}
	}
	person := u.Actor.ID
	if u.Desk {
		person = ""
	}
	as, err := h.cfg.Staff.Assessments(ctx, person)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	for _, a := range as {
		d.Assessments = append(d.Assessments, &assessmentRow{A: a, Name: n.Person(a.PersonID)})
	}
	h.render(w, r, status, "staff", pageData{Title: "人员管理", User: u, Nav: "staff", Wide: true, Data: d})
}

// recordSession records a 售后人员培训记录表 (S1.3).
func (h *Handler) recordSession(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("session", "/staff/sessions", r.PostForm)
	f.TimeField = "date"
	f.Alias = map[string]string{"session_date_invalid": "date", "attendee": "attendees", "attendees_required": "attendees"}
	topic := staff.Topic(strings.TrimSpace(f.Get("topic")))
	if topic == "custom" {
		topic = staff.Topic(strings.TrimSpace(f.Get("custom_topic")))
	}
	s := staff.Session{Date: f.parseDate("date", "培训日期"), Topic: topic, Title: f.Get("title"), Trainer: f.Get("trainer"),
		Hours: f.parseDecimal("hours", "培训学时"), Attendees: f.Values["attendees"]}
	h.staffForm(w, r, u, f, "/staff?ok=session#training", func(fs *staffForms) { fs.Session = f }, func() error {
		_, err := h.cfg.Staff.RecordSession(r.Context(), s, u.actor())
		return err
	}, "date", "topic", "title", "trainer", "hours", "attendees")
}

// assess records a 售后人员考核记录表 (S2.1–S2.3).
func (h *Handler) assess(w http.ResponseWriter, r *http.Request, u *user) {
	f := formFrom("assess", "/staff/assessments", r.PostForm)
	f.TimeField = "from"
	f.Alias = map[string]string{"period_invalid": "to", "person_unknown": "person_id", "service_quality_invalid": "service_quality"}
	cmd := staff.AssessCommand{PersonID: f.Get("person_id"), Period: staff.Period{From: f.parseDate("from", "考核期间起"),
		To: f.parseDate("to", "考核期间止")}, ServiceQuality: f.parseDecimal("service_quality", "服务质量评分"),
		RatedBy: f.Get("rated_by"), Actor: u.actor()}
	if f.Get("service_quality") == "" {
		f.set("service_quality", "请填写服务质量评分（0 至 100）")
	}
	h.staffForm(w, r, u, f, "/staff?ok=assessment#assessments", func(fs *staffForms) { fs.Assess = f }, func() error {
		_, err := h.cfg.Staff.Assess(r.Context(), cmd)
		return err
	}, "person_id", "from", "to", "service_quality", "rated_by")
}

// findAssessment finds an assessment u may see: the desk anyone's, a
// person their own.
func (h *Handler) findAssessment(ctx context.Context, u *user, id string) (*staff.Assessment, error) {
	person := u.Actor.ID
	if u.Desk {
		person = ""
	}
	as, err := h.cfg.Staff.Assessments(ctx, person)
	if err != nil {
		return nil, err
	}
	for _, a := range as {
		if a.ID == id {
			return a, nil
		}
	}
	return nil, aftersales.Errorf(aftersales.KindNotFound, "assessment_not_found", "考核记录不存在或无权查看")
}
