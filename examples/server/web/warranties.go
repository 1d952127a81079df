package web

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/warranty"
)

type warrantyRow struct {
	W       *warranty.Warranty
	Name    string
	Period  string
	Next    *dutyView
	Overdue int
}

type dutyView struct {
	Clause  string
	What    string
	Due     time.Time
	State   string
	Overdue bool
	DoneAt  time.Time
}

func dutyViews(w *warranty.Warranty, cal *calendar.Calendar, now time.Time) []dutyView {
	var out []dutyView
	for _, d := range w.Duties(cal, now) {
		out = append(out, dutyView{Clause: d.Clause, What: d.What, Due: d.Due, State: d.State.Label(), DoneAt: d.DoneAt,
			Overdue: d.State == aftersales.DeadlineMissed && d.DoneAt.IsZero()})
	}
	return out
}

// listWarranties lists every project's warranty with its next duty.
func (h *Handler) listWarranties(w http.ResponseWriter, r *http.Request, u *user) {
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	ws, err := h.cfg.Warranties.List(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	cal, now := h.cfg.Requests.Calendar(), h.now()
	var rows []warrantyRow
	for _, x := range ws {
		row := warrantyRow{W: x, Name: n.Project(x.ProjectID), Period: "尚未开始"}
		if g, err := x.General(cal); err == nil {
			row.Period = g.From.String() + " 至 " + g.LastDay.String()
			if x.Start == nil {
				row.Period += "（计划）"
			}
		}
		for _, d := range dutyViews(x, cal, now) {
			if d.Overdue {
				row.Overdue++
			}
			if d.DoneAt.IsZero() && row.Next == nil {
				dd := d
				row.Next = &dd
			}
		}
		rows = append(rows, row)
	}
	setup := newForm("warranty", "/warranties")
	setup.Values.Set("general_years", "2")
	setup.Values.Set("inspection_every", "3")
	h.renderWarranties(w, r, u, http.StatusOK, rows, setup)
}

type termRow struct {
	Label     string
	Period    string
	Basis     string
	Floor     string
	ShowFloor bool // the floor is not what decided the period
	Error     string
}

type inspectionView struct {
	warranty.Inspection
	N int
}

type warrantyData struct {
	W           *warranty.Warranty
	Name        string
	Period      string
	Terms       []termRow
	Duties      []dutyView
	Inspections []inspectionView
	Form        *form
	Start       *form     // 记录质保期起算 (W1.1), until it is recorded
	Notice      *form     // 质保期工作安排通知 (W2.1), until it is recorded
	Files       filesView // the inspections' photos and documents (W2.2)
	Alert       string
	Warning     string
}

func (h *Handler) warrantyPage(w http.ResponseWriter, r *http.Request, u *user) {
	f := newForm("inspection", "/warranties/"+r.PathValue("project")+"/inspections")
	f.Values.Set("date", h.now().In(calendar.CST()).Format("2006-01-02"))
	f.Values.Set("inspector", u.Name)
	h.showWarranty(w, r, u, http.StatusOK, f, "")
}

func (h *Handler) showWarranty(w http.ResponseWriter, r *http.Request, u *user, status int, f *form, warning string) {
	ctx := r.Context()
	id := r.PathValue("project")
	x, err := h.cfg.Warranties.Get(ctx, id)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	cal, now := h.cfg.Requests.Calendar(), h.now()
	d := warrantyData{W: x, Name: n.Project(id), Period: "尚未开始", Form: f, Warning: warning}
	if x.Start == nil && u.Desk {
		d.Start = newForm("start", "/warranties/"+id+"/start")
		if f.Key == "start" {
			d.Start, d.Form = f, newForm("inspection", "/warranties/"+id+"/inspections")
		}
	}
	if x.Notice == nil && u.Desk {
		d.Notice = h.newNoticeForm(id, n)
		d.Notice.Values.Set("version", strconv.Itoa(x.Version))
		if f.Key == "notice" {
			d.Notice, d.Form = f, newForm("inspection", "/warranties/"+id+"/inspections")
		}
	}
	if g, err := x.General(cal); err == nil {
		d.Period = g.From.String() + " 至 " + g.LastDay.String()
	}
	for _, c := range warranty.Classes() {
		row := termRow{Label: c.Label()}
		t, err := h.cfg.Warranties.Term(ctx, id, c)
		var de *aftersales.Error
		switch {
		case errors.As(err, &de) && de.Kind != aftersales.KindInternal:
			row.Error = de.Message
		case err != nil:
			h.failPage(w, r, u, err)
			return
		default:
			row.Period = t.Period.From.String() + " 至 " + t.Period.LastDay.String()
			row.Basis, row.Floor = t.Basis, t.Floor.String()
			row.ShowFloor = !strings.HasPrefix(t.Basis, "法定最低期限")
		}
		d.Terms = append(d.Terms, row)
	}
	var adding *form
	if h.cfg.Warranties.MayInspect(ctx, u.actor(), id) == nil {
		adding = uploadForm("/warranties/" + url.PathEscape(id) + "/files")
		if f.Key == "files" {
			adding, d.Form = f, newForm("inspection", "/warranties/"+id+"/inspections")
		}
	}
	d.Files = h.recordFiles(ctx, api.WarrantyFiles(id), time.Time{}, adding, n)
	d.Duties = dutyViews(x, cal, now)
	for i, in := range x.Inspections {
		d.Inspections = append(d.Inspections, inspectionView{Inspection: in, N: i + 1})
	}
	h.render(w, r, status, "warranty", pageData{Title: "质保管理 " + d.Name, User: u, Nav: "warranties", Data: d})
}

// recordInspection records a 项目巡查记录表 (W2.2); its findings become
// after-sales requests (W2.3).
func (h *Handler) recordInspection(w http.ResponseWriter, r *http.Request, u *user) {
	id := r.PathValue("project")
	f := formFrom("inspection", "/warranties/"+id+"/inspections", r.PostForm)
	f.TimeField = "date"
	f.Alias = map[string]string{"inspection_date_invalid": "date", "area": "areas", "finding": "findings",
		"component_class_unknown": "class", "warranty_not_started": "date"}
	in := warranty.Inspection{Date: f.parseDate("date", "巡查日期"), Inspector: f.Get("inspector"), Areas: splitList(f.Get("areas"))}
	for _, line := range lines(f.Get("findings")) {
		in.Findings = append(in.Findings, warranty.Finding{Description: line, Class: warranty.Class(f.Get("class")), Location: f.Get("location")})
	}
	if f.Get("date") == "" {
		f.set("date", "请填写巡查日期")
	}
	status := http.StatusBadRequest
	if !f.Invalid() {
		x, err := h.cfg.Warranties.RecordInspection(r.Context(), id, warranty.InspectionCommand{Inspection: in, Actor: u.actor(), Version: f.version()})
		if err == nil {
			http.Redirect(w, r, "/warranties/"+id+"?ok=inspection", http.StatusSeeOther)
			return
		}
		var de *aftersales.Error
		if x != nil && errors.As(err, &de) && de.Kind != aftersales.KindInternal {
			// Saved, but its requests were not raised (W2.3): say so.
			h.showWarranty(w, r, u, http.StatusAccepted, newForm("inspection", f.Action), de.Message)
			return
		}
		status = h.fail(r, f, err, "date", "inspector", "areas", "findings", "class", "location")
	}
	h.showWarranty(w, r, u, status, f, "")
}

type summaryData struct {
	S        *warranty.Summary
	Name     string
	Charts   []chart
	Error    string
	Delivery *warranty.Delivery // the summary's delivery to the general manager, once recorded
	Deliver  *form              // the delivery form, while there is none
}

// warrantySummaryForbidden is the refusal of the warranty summary, its page
// and its file, to anyone off the desk.
const warrantySummaryForbidden = "质保期总结报告仅限售后管理部和总经理查看"

// warrantySummary is the 质保期总结报告 (W3.2) with its charts.
func (h *Handler) warrantySummary(w http.ResponseWriter, r *http.Request, u *user) {
	h.showSummary(w, r, u, http.StatusOK, nil)
}

// showSummary renders the summary page; deliver is the delivery form as
// posted, or nil for an empty one while the summary is not delivered and
// the warranty period is over (W3.2: the summary follows its end).
func (h *Handler) showSummary(w http.ResponseWriter, r *http.Request, u *user, status int, deliver *form) {
	if !u.Desk {
		h.errorPage(w, r, u, http.StatusForbidden, warrantySummaryForbidden)
		return
	}
	ctx := r.Context()
	id := r.PathValue("project")
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	s, err := h.cfg.Warranties.Summary(ctx, id)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	x, err := h.cfg.Warranties.Get(ctx, id)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	counts := func(cs []aftersales.Count) []bar {
		var out []bar
		for _, c := range cs {
			out = append(out, bar{Label: c.Label, Value: float64(c.N), Text: strconv.Itoa(c.N) + " 项"})
		}
		return out
	}
	cov := []bar{{Label: aftersales.CoverageFree.Label(), Value: float64(s.Free), Text: strconv.Itoa(s.Free)},
		{Label: aftersales.CoveragePaid.Label(), Value: float64(s.Paid), Text: strconv.Itoa(s.Paid)},
		{Label: aftersales.CoverageExcluded.Label(), Value: float64(s.Excluded), Text: strconv.Itoa(s.Excluded)},
		{Label: aftersales.CoverageUndecided.Label(), Value: float64(s.Undecided), Text: strconv.Itoa(s.Undecided)}}
	d := summaryData{S: &s, Name: n.Project(id), Delivery: x.Summary, Deliver: deliver, Charts: []chart{
		barChart("summary-cause", "售后需求原因", "项", counts(s.ByCause)),
		barChart("summary-class", "问题部位类别", "项", counts(s.ByClass)),
		barChart("summary-coverage", "维修费用承担（W1.2、W3.1）", "项", cov),
		barChart("summary-ontime", "各条款按期率", "%", rateBars(s.OnTime)),
	}}
	if d.Deliver == nil && x.Summary == nil && !h.now().Before(s.Period.LastDay.Start()) {
		d.Deliver = h.newDeliveryForm("deliver", "/warranties/"+url.PathEscape(id)+"/summary-delivery")
		d.Deliver.Values.Set("version", strconv.Itoa(x.Version))
	}
	h.render(w, r, status, "summary", pageData{Title: "质保期总结报告 " + d.Name, User: u, Nav: "warranties", Data: d})
}

// uploadToWarranty keeps the photos of a project's inspections (W2.2),
// from those who may record its inspections.
func (h *Handler) uploadToWarranty(w http.ResponseWriter, r *http.Request, u *user) {
	id := r.PathValue("project")
	if _, err := h.cfg.Warranties.Get(r.Context(), id); err != nil {
		h.failPage(w, r, u, err)
		return
	}
	if err := h.cfg.Warranties.MayInspect(r.Context(), u.actor(), id); err != nil {
		h.failPage(w, r, u, err)
		return
	}
	h.upload(w, r, u, api.WarrantyFiles(id), "/warranties/"+url.PathEscape(id), func(status int, failed *form) {
		h.showWarranty(w, r, u, status, failed, "")
	})
}
