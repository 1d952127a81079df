package api

import (
	"context"
	"net/http"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/warranty"
)

func (h *Handler) warrantyRoutes() {
	m := h.mux
	m.HandleFunc("POST /api/v1/warranties", h.authed(h.setUpWarranty))
	m.HandleFunc("GET /api/v1/warranties", h.authed(h.listWarranties))
	m.HandleFunc("GET /api/v1/warranties/{project}", h.authed(h.getWarranty))
	m.HandleFunc("GET /api/v1/warranties/{project}/history", h.authed(h.warrantyHistory))
	m.HandleFunc("GET /api/v1/warranties/{project}/terms", h.authed(h.warrantyTerms))
	m.HandleFunc("GET /api/v1/warranties/{project}/summary", h.authed(h.warrantySummary))
	m.HandleFunc("POST /api/v1/warranties/{project}/start", h.authed(warrantyCommand(h, func(ctx context.Context, s *warranty.Service, id string, a aftersales.Actor, b startBody) (*warranty.Warranty, error) {
		return s.RecordStart(ctx, id, warranty.StartCommand{Actor: a, Version: b.Version, Start: warranty.Start{Basis: b.Basis, Date: b.Date, Evidence: b.Evidence}})
	})))
	m.HandleFunc("POST /api/v1/warranties/{project}/notice", h.authed(warrantyCommand(h, func(ctx context.Context, s *warranty.Service, id string, a aftersales.Actor, b noticeBody) (*warranty.Warranty, error) {
		return s.RecordNotice(ctx, id, warranty.NoticeCommand{To: b.To, At: b.At, Remark: b.Remark, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/warranties/{project}/inspections", h.authed(warrantyCommand(h, func(ctx context.Context, s *warranty.Service, id string, a aftersales.Actor, b inspectionBody) (*warranty.Warranty, error) {
		return s.RecordInspection(ctx, id, warranty.InspectionCommand{Actor: a, Version: b.Version,
			Inspection: warranty.Inspection{Date: b.Date, Inspector: b.Inspector, Areas: b.Areas, Findings: b.Findings}})
	})))
	m.HandleFunc("POST /api/v1/warranties/{project}/raise-requests", h.authed(warrantyCommand(h, func(ctx context.Context, s *warranty.Service, id string, a aftersales.Actor, _ struct{}) (*warranty.Warranty, error) {
		return s.RaiseRequests(ctx, id, a)
	})))
	m.HandleFunc("POST /api/v1/warranties/{project}/summary-delivery", h.authed(warrantyCommand(h, func(ctx context.Context, s *warranty.Service, id string, a aftersales.Actor, b summaryDeliveryBody) (*warranty.Warranty, error) {
		return s.DeliverSummary(ctx, id, warranty.DeliverCommand{To: b.To, Ref: b.Ref, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/coverage", h.authed(h.coverage))
	m.HandleFunc("GET /api/v1/warranty-duties", h.authed(h.warrantyDuties))
}

type setUpBody struct {
	ProjectID        string                  `json:"project_id"`
	DesignLifeYears  int                     `json:"design_life_years"`
	Region           string                  `json:"region"`
	GeneralYears     int                     `json:"general_years"`
	Contract         []warranty.ContractTerm `json:"contract"`
	PlannedStart     calendar.Date           `json:"planned_start"`
	InspectionMonths int                     `json:"inspection_months"`
}
type startBody struct {
	Basis    warranty.StartBasis `json:"basis"`
	Date     calendar.Date       `json:"date"`
	Evidence string              `json:"evidence"`
	Version  int                 `json:"version"`
}
type noticeBody struct {
	step
	To     []string `json:"to"`
	Remark string   `json:"remark"`
}
type inspectionBody struct {
	Date      calendar.Date      `json:"date"`
	Inspector string             `json:"inspector"`
	Areas     []string           `json:"areas"`
	Findings  []warranty.Finding `json:"findings"`
	Version   int                `json:"version"`
}
type summaryDeliveryBody struct {
	step
	To  string `json:"to"`
	Ref string `json:"ref"`
}
type coverageBody struct {
	ProjectID  string           `json:"project_id"`
	Component  string           `json:"component"`
	ReportedOn calendar.Date    `json:"reported_on"`
	Cause      aftersales.Cause `json:"cause"`
}

// Warranty records are the company's: staff read them; the desk keeps
// them, and project departments record their inspections (W2.2).
func (h *Handler) setUpWarranty(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireDesk(p); err != nil {
		h.fail(w, r, err)
		return
	}
	var b setUpBody
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	x, err := h.cfg.Warranties.SetUp(r.Context(), warranty.SetUpCommand{ProjectID: b.ProjectID, DesignLifeYears: b.DesignLifeYears,
		Region: b.Region, GeneralYears: b.GeneralYears, Contract: b.Contract, PlannedStart: b.PlannedStart, InspectionEvery: b.InspectionMonths, Actor: p.actor()})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, x)
}

func (h *Handler) listWarranties(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	ws, err := h.cfg.Warranties.List(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if ws == nil {
		ws = []*warranty.Warranty{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ws})
}

func (h *Handler) getWarranty(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	x, err := h.cfg.Warranties.Get(r.Context(), r.PathValue("project"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, x)
}

func (h *Handler) warrantyHistory(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	hist, err := h.cfg.Warranties.History(r.Context(), r.PathValue("project"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": hist})
}

// termView is one class's term, or why it cannot be reckoned.
type termView struct {
	Class warranty.Class `json:"class"`
	Label string         `json:"label"`
	Term  *warranty.Term `json:"term,omitempty"`
	Error *Error         `json:"error,omitempty"`
}

func (h *Handler) warrantyTerms(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	id := r.PathValue("project")
	if _, err := h.cfg.Warranties.Get(r.Context(), id); err != nil {
		h.fail(w, r, err)
		return
	}
	var out []termView
	for _, c := range warranty.Classes() {
		t, err := h.cfg.Warranties.Term(r.Context(), id, c)
		v := termView{Class: c, Label: c.Label()}
		if err != nil {
			var de *aftersales.Error
			if !asDomain(err, &de) {
				h.fail(w, r, err)
				return
			}
			v.Error = &Error{Code: de.Code, Message: de.Message}
		} else {
			v.Term = &t
		}
		out = append(out, v)
	}
	writeJSON(w, http.StatusOK, map[string]any{"terms": out})
}

func (h *Handler) warrantySummary(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireDesk(p); err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.cfg.Warranties.Summary(r.Context(), r.PathValue("project"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, s)
}

func warrantyCommand[B any](h *Handler, run func(ctx context.Context, s *warranty.Service, project string, a aftersales.Actor, b B) (*warranty.Warranty, error)) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request, p Principal) {
		if err := requireStaff(p); err != nil {
			h.fail(w, r, err)
			return
		}
		var b B
		if err := h.decode(w, r, &b); err != nil {
			h.fail(w, r, err)
			return
		}
		x, err := run(r.Context(), h.cfg.Warranties, r.PathValue("project"), p.actor(), b)
		if err != nil {
			var de *aftersales.Error
			if x != nil && asDomain(err, &de) {
				// Saved, with a part that failed (W2.3): say both.
				writeJSON(w, http.StatusAccepted, map[string]any{"warranty": x, "warning": Error{Code: de.Code, Message: de.Message}})
				return
			}
			h.fail(w, r, err)
			return
		}
		writeJSON(w, http.StatusOK, x)
	}
}

func (h *Handler) coverage(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	var b coverageBody
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	if b.ReportedOn.IsZero() {
		b.ReportedOn = calendar.DateOf(h.cfg.Clock.Now())
	}
	d, err := h.cfg.Warranties.DecideCoverage(r.Context(), aftersales.CoverageQuery{ProjectID: b.ProjectID, Component: b.Component,
		ReportedOn: b.ReportedOn, Cause: b.Cause})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, d)
}

func (h *Handler) warrantyDuties(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	overdue, err := overdueFilter(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	ds, err := h.cfg.Warranties.Duties(r.Context(), overdue)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if ds == nil {
		ds = []warranty.Duty{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ds})
}
