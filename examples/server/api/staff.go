package api

import (
	"net/http"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/staff"
)

func (h *Handler) staffRoutes() {
	m := h.mux
	m.HandleFunc("GET /api/v1/staff/organisation", h.authed(h.organisation))
	m.HandleFunc("GET /api/v1/staff/history", h.authed(h.staffHistory))
	m.HandleFunc("PUT /api/v1/staff/people/{id}", h.authed(h.putPerson))
	m.HandleFunc("PUT /api/v1/staff/departments/{id}", h.authed(h.putDepartment))
	m.HandleFunc("POST /api/v1/staff/head", h.authed(h.changeHead))
	m.HandleFunc("PUT /api/v1/staff/projects/{id}", h.authed(h.putProject))
	m.HandleFunc("POST /api/v1/staff/projects/{id}/appointment", h.authed(h.appoint))
	m.HandleFunc("POST /api/v1/staff/projects/{id}/filing", h.authed(h.file))
	m.HandleFunc("POST /api/v1/staff/sessions", h.authed(h.recordSession))
	m.HandleFunc("GET /api/v1/staff/sessions", h.authed(h.sessions))
	m.HandleFunc("GET /api/v1/staff/training-overdue", h.authed(h.trainingOverdue))
	m.HandleFunc("POST /api/v1/staff/assessments", h.authed(h.assess))
	m.HandleFunc("GET /api/v1/staff/assessments", h.authed(h.assessments))
	m.HandleFunc("POST /api/v1/staff/rewards", h.authed(h.rewards))
}

func (h *Handler) organisation(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	o, err := h.cfg.Staff.Organisation(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (h *Handler) staffHistory(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireDesk(p); err != nil {
		h.fail(w, r, err)
		return
	}
	hist, err := h.cfg.Staff.History(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, map[string]any{"changes": hist})
}

// put decodes a body and runs an organisation change; the staff package
// decides who may.
func put[B any](h *Handler, w http.ResponseWriter, r *http.Request, p Principal, run func(b B) (*staff.Organisation, error)) {
	var b B
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	o, err := run(b)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusOK, o)
}

func (h *Handler) putPerson(w http.ResponseWriter, r *http.Request, p Principal) {
	put(h, w, r, p, func(b staff.Person) (*staff.Organisation, error) {
		var err error
		if b.ID, err = bodyID(b.ID, r.PathValue("id")); err != nil {
			return nil, err
		}
		return h.cfg.Staff.PutPerson(r.Context(), b, p.actor())
	})
}

func (h *Handler) putDepartment(w http.ResponseWriter, r *http.Request, p Principal) {
	put(h, w, r, p, func(b staff.Department) (*staff.Organisation, error) {
		var err error
		if b.ID, err = bodyID(b.ID, r.PathValue("id")); err != nil {
			return nil, err
		}
		return h.cfg.Staff.PutDepartment(r.Context(), b, p.actor())
	})
}

func (h *Handler) putProject(w http.ResponseWriter, r *http.Request, p Principal) {
	put(h, w, r, p, func(b staff.Project) (*staff.Organisation, error) {
		var err error
		if b.ID, err = bodyID(b.ID, r.PathValue("id")); err != nil {
			return nil, err
		}
		return h.cfg.Staff.PutProject(r.Context(), b, p.actor())
	})
}

// bodyID returns the ID of a PUT: the path's. A body may repeat it, but
// not name another, which the path would silently overrule.
func bodyID(body, path string) (string, error) {
	if body != "" && body != path {
		return "", aftersales.Errorf(aftersales.KindInvalid, "id_mismatch", "请求体中的编号 %q 与路径中的编号 %q 不一致", body, path)
	}
	return path, nil
}

type headBody struct {
	PersonID string `json:"person_id"`
}

// changeHead moves the after-sales head's role to another person in one
// step (G4.2); the staff package decides who may (the general manager).
func (h *Handler) changeHead(w http.ResponseWriter, r *http.Request, p Principal) {
	put(h, w, r, p, func(b headBody) (*staff.Organisation, error) {
		return h.cfg.Staff.ChangeHead(r.Context(), b.PersonID, p.actor())
	})
}

type appointBody struct {
	SpecialistID string `json:"specialist_id"`
}

func (h *Handler) appoint(w http.ResponseWriter, r *http.Request, p Principal) {
	put(h, w, r, p, func(b appointBody) (*staff.Organisation, error) {
		return h.cfg.Staff.Appoint(r.Context(), r.PathValue("id"), b.SpecialistID, p.actor())
	})
}

func (h *Handler) file(w http.ResponseWriter, r *http.Request, p Principal) {
	put(h, w, r, p, func(struct{}) (*staff.Organisation, error) {
		return h.cfg.Staff.File(r.Context(), r.PathValue("id"), p.actor())
	})
}

func (h *Handler) recordSession(w http.ResponseWriter, r *http.Request, p Principal) {
	var b staff.Session
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	s, err := h.cfg.Staff.RecordSession(r.Context(), b, p.actor())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, s)
}

func (h *Handler) sessions(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	ss, err := h.cfg.Staff.Sessions(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if ss == nil {
		ss = []*staff.Session{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": ss})
}

func (h *Handler) trainingOverdue(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireDesk(p); err != nil {
		h.fail(w, r, err)
		return
	}
	gaps, err := h.cfg.Staff.OverdueTraining(r.Context())
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if gaps == nil {
		gaps = []staff.TrainingGap{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": gaps})
}

type assessBody struct {
	PersonID       string          `json:"person_id"`
	From           calendar.Date   `json:"from"`
	To             calendar.Date   `json:"to"`
	ServiceQuality decimal.Decimal `json:"service_quality"`
	RatedBy        string          `json:"rated_by"`
}

func (h *Handler) assess(w http.ResponseWriter, r *http.Request, p Principal) {
	var b assessBody
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	a, err := h.cfg.Staff.Assess(r.Context(), staff.AssessCommand{PersonID: b.PersonID, Period: staff.Period{From: b.From, To: b.To},
		ServiceQuality: b.ServiceQuality, RatedBy: b.RatedBy, Actor: p.actor()})
	if err != nil {
		h.fail(w, r, err)
		return
	}
	writeJSON(w, http.StatusCreated, a)
}

// assessments lists assessments: the desk anyone's, a person their own.
func (h *Handler) assessments(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	person := r.URL.Query().Get("person_id")
	if !isDesk(p) {
		person = p.Actor.ID
	}
	as, err := h.cfg.Staff.Assessments(r.Context(), person)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if as == nil {
		as = []*staff.Assessment{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"items": as})
}

type rewardsBody struct {
	PersonID         string           `json:"person_id"`
	From             calendar.Date    `json:"from"`
	To               calendar.Date    `json:"to"`
	Commendations    int              `json:"commendations"`
	Handled          int              `json:"handled"`
	Missed           int              `json:"missed"`
	Visits           int              `json:"visits"`
	Satisfaction     *decimal.Decimal `json:"satisfaction"`
	UpheldComplaints int              `json:"upheld_complaints"`
}

func (h *Handler) rewards(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireDesk(p); err != nil {
		h.fail(w, r, err)
		return
	}
	var b rewardsBody
	if err := h.decode(w, r, &b); err != nil {
		h.fail(w, r, err)
		return
	}
	facts := staff.RewardFacts{PersonID: b.PersonID, Period: staff.Period{From: b.From, To: b.To},
		Commendations: b.Commendations, Handled: b.Handled, Missed: b.Missed, Visits: b.Visits, Satisfaction: b.Satisfaction,
		UpheldComplaints: b.UpheldComplaints}
	if err := facts.Check(); err != nil {
		h.fail(w, r, err)
		return
	}
	awards := h.cfg.Staff.Rewards(facts)
	if awards == nil {
		awards = []staff.Award{}
	}
	writeJSON(w, http.StatusOK, map[string]any{"awards": awards})
}
