package api

import (
	"context"
	"net/http"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

func (h *Handler) complaintRoutes() {
	m := h.mux
	m.HandleFunc("POST /api/v1/complaints", h.authed(h.registerComplaint()))
	m.HandleFunc("GET /api/v1/complaints", h.authed(h.listComplaints))
	m.HandleFunc("GET /api/v1/complaints/{id}", h.authed(recordHandler(h, h.loadComplaint, (*complaint.Complaint).MaskedFor)))
	m.HandleFunc("GET /api/v1/complaints/{id}/history", h.authed(historyHandler(h, h.loadComplaint, func(ctx context.Context, id string) ([]complaint.Event, error) {
		return h.cfg.Complaints.History(ctx, id)
	}, complaint.MaskHistory)))
	m.HandleFunc("POST /api/v1/complaints/{id}/declare-major", h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b majorBody) (*complaint.Complaint, error) {
		return s.DeclareMajor(ctx, id, complaint.DeclareMajorCommand{Criteria: b.Criteria, Note: b.Note, At: b.At, Actor: a, Version: b.Version})
	})))
	steps := map[string]func(*complaint.Service, context.Context, string, complaint.StepCommand) (*complaint.Complaint, error){
		"emergency":      (*complaint.Service).StartEmergency,
		"major-feedback": (*complaint.Service).GiveMajorFeedback,
		"statement":      (*complaint.Service).RecordStatement,
		"answer":         (*complaint.Service).Answer,
		"satisfied":      (*complaint.Service).Satisfied,
		"not-satisfied":  (*complaint.Service).NotSatisfied,
		"withdraw":       (*complaint.Service).Withdraw,
	}
	for name, method := range steps {
		m.HandleFunc("POST /api/v1/complaints/{id}/"+name, h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b textBody) (*complaint.Complaint, error) {
			return method(s, ctx, id, complaint.StepCommand{Text: b.Text, At: b.At, Actor: a, Version: b.Version})
		})))
	}
	m.HandleFunc("POST /api/v1/complaints/{id}/forward", h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b complaintForwardBody) (*complaint.Complaint, error) {
		return s.Forward(ctx, id, complaint.ForwardCommand{Departments: b.Departments, Department: b.Department, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/complaints/{id}/plan", h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b complaintPlanBody) (*complaint.Complaint, error) {
		return s.Plan(ctx, id, complaint.PlanCommand{Department: b.Department, Actor: a, Version: b.Version,
			Plan: complaint.Plan{Findings: b.Findings, Measures: b.Measures, Owner: b.Owner, At: b.At}})
	})))
	// G3.3: the C3 and C4 clocks stop while the company waits on the
	// customer.
	m.HandleFunc("POST /api/v1/complaints/{id}/pause", h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b pauseBody) (*complaint.Complaint, error) {
		return s.Pause(ctx, id, aftersales.PauseCommand{Reason: b.Reason, Note: b.Note, Evidence: b.Evidence, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/complaints/{id}/resume", h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b step) (*complaint.Complaint, error) {
		return s.Resume(ctx, id, aftersales.ResumeCommand{At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/complaints/{id}/third-party", h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b thirdPartyBody) (*complaint.Complaint, error) {
		return s.CommissionThirdParty(ctx, id, complaint.ThirdPartyCommand{Agency: b.Agency, Scope: b.Scope, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/complaints/{id}/third-party-report", h.authed(complaintCommand(h, func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b thirdPartyReportBody) (*complaint.Complaint, error) {
		return s.RecordThirdPartyReport(ctx, id, complaint.ThirdPartyReportCommand{ReportRef: b.ReportRef, Conclusion: b.Conclusion, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("GET /api/v1/complaint-reports/{month}", h.authed(h.complaintReport))
	m.HandleFunc("POST /api/v1/complaint-reports/{month}/delivery", h.authed(h.deliverComplaintReport))
}

type complaintRegisterBody struct {
	Complainant aftersales.Customer `json:"complainant"`
	ProjectID   string              `json:"project_id"`
	RequestID   string              `json:"request_id"`
	Type        complaint.Type      `json:"type"`
	Cause       aftersales.Cause    `json:"cause"`
	Description string              `json:"description"`
	Channel     aftersales.Channel  `json:"channel"`
	ReceivedAt  time.Time           `json:"received_at"`
	ReceivedBy  complaint.Receiver  `json:"received_by"`
	Major       bool                `json:"major"`
	Criteria    []string            `json:"criteria"`
}
type majorBody struct {
	step
	Criteria []string `json:"criteria"`
	Note     string   `json:"note"`
}
type textBody struct {
	step
	Text string `json:"text"`
}
type complaintForwardBody struct {
	step
	Departments []string `json:"departments"`
	Department  string   `json:"department"` // one department, as before several could be named
}
type complaintPlanBody struct {
	step
	Department string `json:"department"`
	Findings   string `json:"findings"`
	Measures   string `json:"measures"`
	Owner      string `json:"owner"`
}
type thirdPartyBody struct {
	step
	Agency string `json:"agency"`
	Scope  string `json:"scope"`
}
type thirdPartyReportBody struct {
	step
	ReportRef  string `json:"report_ref"`
	Conclusion string `json:"conclusion"`
}
type deliveryBody struct {
	To  string    `json:"to"`
	Ref string    `json:"ref"`
	At  time.Time `json:"at"`
}

// loadComplaint gets a complaint p may see (Reader.Complaint).
func (h *Handler) loadComplaint(ctx context.Context, p Principal, id string) (*complaint.Complaint, error) {
	return h.reader().Complaint(ctx, p, id)
}

// registerComplaint registers a complaint (C2.1).
func (h *Handler) registerComplaint() handlerFunc {
	return keyedRegistration(h, "TS-", "/api/v1/complaints/", h.replayComplaint,
		func(ctx context.Context, id string, p Principal, b *complaintRegisterBody) (*complaint.Complaint, string, error) {
			c, err := h.cfg.Complaints.Register(ctx, complaint.RegisterCommand{ID: id, Actor: p.actor(), Major: b.Major, Criteria: b.Criteria,
				Registration: complaint.Registration{Complainant: b.Complainant, ProjectID: b.ProjectID, RequestID: b.RequestID, Type: b.Type,
					Cause: b.Cause, Description: b.Description, Channel: b.Channel, ReceivedAt: b.ReceivedAt, ReceivedBy: b.ReceivedBy}})
			if err != nil {
				return nil, "", err
			}
			return c, c.ID, nil
		})
}

func (h *Handler) listComplaints(w http.ResponseWriter, r *http.Request, p Principal) {
	after, limit, err := page(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := r.URL.Query()
	ids, err := idParams(v, "complainant_id", "project_id", "request_id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := complaint.Query{ComplainantID: ids["complainant_id"], ProjectID: ids["project_id"], RequestID: ids["request_id"], AfterID: after}
	if q.Text, err = aftersales.SearchQuery(v.Get("q")); err != nil {
		h.fail(w, r, err)
		return
	}
	if q.Statuses, err = statuses(v["status"], complaint.Status.Label); err != nil {
		h.fail(w, r, err)
		return
	}
	if m := v.Get("month"); m != "" {
		month, err := complaint.ParseMonth(m)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		q.ReceivedFrom, q.ReceivedTo = month.Start(), month.End()
	}
	who, err := h.viewer(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	items := []*complaint.Complaint{}
	// A department sees the complaints forwarded to it (C2.1), whichever
	// part is its.
	if q, ok := complaint.Scope(who, q); ok {
		q.Limit = limit
		items, err = h.cfg.Complaints.List(r.Context(), q)
	}
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeListPage(w, items, limit, func(c *complaint.Complaint) *complaint.Complaint { return c.MaskedFor(p.actor()) },
		func(c *complaint.Complaint) string { return c.ID })
}

// complaintCommand is requestCommand for complaints.
func complaintCommand[B any](h *Handler, run func(ctx context.Context, s *complaint.Service, id string, a aftersales.Actor, b B) (*complaint.Complaint, error)) handlerFunc {
	return keyedCommand(h, h.loadComplaint, h.replayComplaint, func(ctx context.Context, id string, a aftersales.Actor, b B) (*complaint.Complaint, error) {
		return run(ctx, h.cfg.Complaints, id, a, b)
	}, (*complaint.Complaint).MaskedFor)
}

func (h *Handler) complaintReport(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireDesk(p); err != nil {
		h.fail(w, r, err)
		return
	}
	month, err := complaint.ParseMonth(r.PathValue("month"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	rep, err := h.cfg.Complaints.Report(r.Context(), month)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, rep)
}

func (h *Handler) deliverComplaintReport(w http.ResponseWriter, r *http.Request, p Principal) {
	var b deliveryBody
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	month, err := complaint.ParseMonth(r.PathValue("month"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	d, err := h.cfg.Complaints.DeliverReport(r.Context(), month, complaint.DeliverCommand{To: b.To, Ref: b.Ref, At: b.At, Actor: p.actor()})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, d)
}
