package api

import (
	"context"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

func (h *Handler) requestRoutes() {
	m := h.mux
	m.HandleFunc("POST /api/v1/requests", h.authed(h.registerRequest()))
	m.HandleFunc("GET /api/v1/requests", h.authed(h.listRequests))
	m.HandleFunc("GET /api/v1/requests/{id}", h.authed(recordHandler(h, h.loadRequest, (*aftersales.Request).MaskedFor)))
	m.HandleFunc("GET /api/v1/requests/{id}/history", h.authed(historyHandler(h, h.loadRequest, func(ctx context.Context, id string) ([]aftersales.Event, error) {
		return h.cfg.Requests.History(ctx, id)
	}, aftersales.MaskHistory)))
	m.HandleFunc("GET /api/v1/requests/{id}/audit", h.authed(h.auditRequest))
	m.HandleFunc("POST /api/v1/requests/{id}/forward", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b forwardBody) (*aftersales.Request, error) {
		return s.Forward(ctx, id, aftersales.ForwardCommand{Cause: b.Cause, Departments: b.Departments, People: b.People, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/feedback", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b feedbackBody) (*aftersales.Request, error) {
		return s.Feedback(ctx, id, aftersales.FeedbackCommand{Kind: b.Kind, Department: b.Department, Channel: b.Channel, Summary: b.Summary, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/coordinate", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b coordinateBody) (*aftersales.Request, error) {
		return s.Coordinate(ctx, id, aftersales.CoordinateCommand{Department: b.Department, Coordinator: b.Coordinator, Measures: b.Measures,
			Departments: b.Departments, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/pause", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b pauseBody) (*aftersales.Request, error) {
		return s.Pause(ctx, id, aftersales.PauseCommand{Reason: b.Reason, Note: b.Note, Evidence: b.Evidence, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/resume", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b step) (*aftersales.Request, error) {
		return s.Resume(ctx, id, aftersales.ResumeCommand{At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/urgent", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b urgentBody) (*aftersales.Request, error) {
		return s.HandleUrgent(ctx, id, aftersales.UrgentCommand{Measures: b.Measures, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/plan", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b planBody) (*aftersales.Request, error) {
		return s.Plan(ctx, id, aftersales.PlanCommand{Department: b.Department, At: b.At, Actor: a, Version: b.Version,
			Plan: aftersales.Plan{Measures: b.Measures, ScheduledAt: b.ScheduledAt, Owner: b.Owner, Complexity: b.Complexity}})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/reclassify", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b reclassifyBody) (*aftersales.Request, error) {
		return s.Reclassify(ctx, id, aftersales.ReclassifyCommand{Department: b.Department, Complexity: b.Complexity, Reason: b.Reason, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/escalate", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b escalateBody) (*aftersales.Request, error) {
		return s.Escalate(ctx, id, aftersales.EscalateCommand{Department: b.Department, Reason: b.Reason, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/complete", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b completeBody) (*aftersales.Request, error) {
		return s.Complete(ctx, id, aftersales.CompleteCommand{Department: b.Department, Result: b.Result, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/accept", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b acceptBody) (*aftersales.Request, error) {
		if b.Method == aftersales.SignScreen {
			// A signature drawn on screen is taken by the customer's page,
			// which stores the image itself; through the API a reference
			// could name any image.
			return nil, aftersales.Errorf(aftersales.KindInvalid, "screen_signature_portal_only", "屏幕签名须在客户专属页面上完成；接口只登记纸质签字（method: paper）")
		}
		return s.Accept(ctx, id, aftersales.AcceptCommand{At: b.At, Actor: a, Version: b.Version,
			Signature: aftersales.Signature{SignedBy: b.SignedBy, Method: b.Method, Ref: b.Ref}})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/reject", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b reasonBody) (*aftersales.Request, error) {
		return s.Reject(ctx, id, aftersales.RejectCommand{Reason: b.Reason, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/visit", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b visitBody) (*aftersales.Request, error) {
		return s.Visit(ctx, id, aftersales.VisitCommand{At: b.At, Actor: a, Version: b.Version,
			Visit: aftersales.Visit{Satisfaction: b.Satisfaction, Suggestions: b.Suggestions, VisitedBy: b.VisitedBy}})
	})))
	m.HandleFunc("POST /api/v1/requests/{id}/withdraw", h.authed(requestCommand(h, func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b reasonBody) (*aftersales.Request, error) {
		return s.Withdraw(ctx, id, aftersales.WithdrawCommand{Reason: b.Reason, At: b.At, Actor: a, Version: b.Version})
	})))
	m.HandleFunc("GET /api/v1/deadlines", h.authed(h.deadlines))
	m.HandleFunc("POST /api/v1/audit", h.authed(h.auditImported))
}

// registerBody is POST /api/v1/requests. channel, description, received_at,
// cause and urgent are the fixed part; the rest is optional.
type registerBody struct {
	Channel     aftersales.Channel  `json:"channel"`
	Description string              `json:"description"`
	ReceivedAt  time.Time           `json:"received_at"`
	Cause       aftersales.Cause    `json:"cause"`
	Urgent      bool                `json:"urgent"`
	Customer    aftersales.Customer `json:"customer"`
	ProjectID   string              `json:"project_id"`
	Location    string              `json:"location"`
	Attachments []string            `json:"attachments"`
	Component   string              `json:"component"`
}

// step is what every command body may carry: when it happened (default
// now) and the version the caller read (a different current version is a
// 409).
type step struct {
	At      time.Time `json:"at"`
	Version int       `json:"version"`
}

type forwardBody struct {
	step
	Cause       aftersales.Cause `json:"cause"`
	Departments []string         `json:"departments"`
	People      []string         `json:"people"`
}
type feedbackBody struct {
	step
	Kind       aftersales.FeedbackKind `json:"kind"`
	Department string                  `json:"department"`
	Channel    aftersales.Channel      `json:"channel"`
	Summary    string                  `json:"summary"`
}
type coordinateBody struct {
	step
	Department  string   `json:"department"`
	Coordinator string   `json:"coordinator"`
	Measures    string   `json:"measures"`
	Departments []string `json:"departments"`
}
type pauseBody struct {
	step
	Reason   aftersales.PauseReason `json:"reason"`
	Note     string                 `json:"note"`
	Evidence []string               `json:"evidence"`
}
type urgentBody struct {
	step
	Measures string `json:"measures"`
}
type planBody struct {
	step
	Department  string                `json:"department"`
	Measures    string                `json:"measures"`
	ScheduledAt time.Time             `json:"scheduled_at"`
	Owner       string                `json:"owner"`
	Complexity  aftersales.Complexity `json:"complexity"`
}
type reclassifyBody struct {
	step
	Department string                `json:"department"`
	Complexity aftersales.Complexity `json:"complexity"`
	Reason     string                `json:"reason"`
}
type escalateBody struct {
	step
	Department string `json:"department"`
	Reason     string `json:"reason"`
}
type completeBody struct {
	step
	Department string `json:"department"`
	Result     string `json:"result"`
}
type acceptBody struct {
	step
	SignedBy string                `json:"signed_by"`
	Method   aftersales.SignMethod `json:"method"`
	Ref      string                `json:"ref"`
}
type reasonBody struct {
	step
	Reason string `json:"reason"`
}
type visitBody struct {
	step
	Satisfaction int    `json:"satisfaction"`
	Suggestions  string `json:"suggestions"`
	VisitedBy    string `json:"visited_by"`
}

// registerRequest registers a request (P1.2); a customer registers for
// themself.
func (h *Handler) registerRequest() handlerFunc {
	return keyedRegistration(h, "AS-", "/api/v1/requests/", h.replayRequest,
		func(ctx context.Context, id string, p Principal, b *registerBody) (*aftersales.Request, string, error) {
			if p.Actor.Role == aftersales.RoleCustomer {
				b.Customer.ID = p.CustomerID
			}
			req, err := h.cfg.Requests.Register(ctx, aftersales.RegisterCommand{ID: id, Actor: p.actor(), Registration: aftersales.Registration{
				Customer: b.Customer, ProjectID: b.ProjectID, Location: b.Location, Description: b.Description,
				Attachments: b.Attachments, Channel: b.Channel, ReceivedAt: b.ReceivedAt, Cause: b.Cause, Component: b.Component, Urgent: b.Urgent}})
			if err != nil {
				return nil, "", err
			}
			return req, req.ID, nil
		})
}

// loadRequest gets a request p may see (Reader.Request).
func (h *Handler) loadRequest(ctx context.Context, p Principal, id string) (*aftersales.Request, error) {
	return h.reader().Request(ctx, p, id)
}

func (h *Handler) auditRequest(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	if _, err := h.loadRequest(r.Context(), p, r.PathValue("id")); err != nil {
		h.fail(w, r, err)
		return
	}
	events, err := h.cfg.Requests.History(r.Context(), r.PathValue("id"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s := h.cfg.Requests
	writeJSON(w, http.StatusOK, findings(aftersales.Audit(events, s.Calendar(), s.Policy(), h.cfg.Clock.Now())))
}

func findings(fs []aftersales.Finding) map[string]any {
	if fs == nil {
		fs = []aftersales.Finding{}
	}
	return map[string]any{"findings": fs}
}

// auditImported audits a history exported from another system, in
// aftersales.ImportedHistory's JSON form.
func (h *Handler) auditImported(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireDesk(p); err != nil {
		h.fail(w, r, err)
		return
	}
	data, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.cfg.MaxBody))
	if err != nil {
		h.fail(w, r, decodeError(err, h.cfg.MaxBody))
		return
	}
	events, err := aftersales.ParseHistory(data)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	s := h.cfg.Requests
	writeJSON(w, http.StatusOK, findings(aftersales.Audit(events, s.Calendar(), s.Policy(), h.cfg.Clock.Now())))
}

// requestCommand decodes a command body, checks that the caller may see the
// request, and runs the command; the library decides whether the caller may
// issue it.
func requestCommand[B any](h *Handler, run func(ctx context.Context, s *aftersales.Service, id string, a aftersales.Actor, b B) (*aftersales.Request, error)) handlerFunc {
	return keyedCommand(h, h.loadRequest, h.replayRequest, func(ctx context.Context, id string, a aftersales.Actor, b B) (*aftersales.Request, error) {
		return run(ctx, h.cfg.Requests, id, a, b)
	}, (*aftersales.Request).MaskedFor)
}

// The page sizes of every list: DefaultPageSize without limit, at most
// MaxPageSize.
const (
	DefaultPageSize = 100
	MaxPageSize     = 1000
)

// page reads the paging parameters after and limit (pageLimit).
func page(r *http.Request) (string, int, error) {
	limit, err := pageLimit(r)
	return r.URL.Query().Get("after"), limit, err
}

// pageLimit reads the parameter limit: DefaultPageSize when absent, 1 to
// MaxPageSize.
func pageLimit(r *http.Request) (int, error) {
	s := r.URL.Query().Get("limit")
	if s == "" {
		return DefaultPageSize, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || n > MaxPageSize {
		return 0, aftersales.Errorf(aftersales.KindInvalid, "limit_invalid", "limit 应为 1 至 %d 的整数", MaxPageSize)
	}
	return n, nil
}

func (h *Handler) listRequests(w http.ResponseWriter, r *http.Request, p Principal) {
	after, limit, err := page(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	v := r.URL.Query()
	ids, err := idParams(v, "department", "customer_id", "project_id")
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := aftersales.Query{Department: ids["department"], CustomerID: ids["customer_id"], AfterID: after, Limit: limit}
	if id := ids["project_id"]; id != "" {
		q.ProjectIDs = []string{id}
	}
	text, err := aftersales.SearchQuery(v.Get("q"))
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q.Text = text
	if q.Statuses, err = statuses(v["status"], aftersales.Status.Label); err != nil {
		h.fail(w, r, err)
		return
	}
	who, err := h.viewer(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q, ok := who.Scope(q)
	items := []*aftersales.Request{}
	if ok {
		if items, err = h.cfg.Requests.List(r.Context(), q); err != nil {
			h.fail(w, r, err)
			return
		}
	}
	writeListPage(w, items, limit, func(x *aftersales.Request) *aftersales.Request { return x.MaskedFor(p.actor()) },
		func(x *aftersales.Request) string { return x.ID })
}

// writeListPage answers a page of a list: the items, each as mask shows
// it, and the cursor of the next page ("next": the last item's id) when
// the page is full.
func writeListPage[T any](w http.ResponseWriter, items []T, limit int, mask func(T) T, id func(T) string) {
	if items == nil {
		items = []T{}
	}
	for i, x := range items {
		items[i] = mask(x)
	}
	writeJSON(w, http.StatusOK, listPage(items, limit, id))
}

func listPage[T any](items []T, limit int, id func(T) string) map[string]any {
	out := map[string]any{"items": items}
	if len(items) == limit && limit > 0 {
		out["next"] = id(items[len(items)-1])
	}
	return out
}

// statuses reads the ?status= filters of a list: each must be a status
// (label knows it), since a filter that cannot match is a mistake, not
// "none".
func statuses[S ~string](vals []string, label func(S) string) ([]S, error) {
	var out []S
	for _, v := range vals {
		if label(S(v)) == "" {
			return nil, statusInvalid(v)
		}
		out = append(out, S(v))
	}
	return out, nil
}

// deadlines lists pending deadlines: the desk any, a department its own, a
// specialist their projects'.
func (h *Handler) deadlines(w http.ResponseWriter, r *http.Request, p Principal) {
	if err := requireStaff(p); err != nil {
		h.fail(w, r, err)
		return
	}
	v := r.URL.Query()
	overdue, err := overdueFilter(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	limit, err := pageLimit(r)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q := aftersales.DeadlineQuery{Department: v.Get("department"), SpecialistID: v.Get("specialist_id"), ProjectID: v.Get("project_id"),
		OverdueOnly: overdue, Limit: limit}
	if s := v.Get("after"); s != "" {
		c, err := aftersales.ParseDeadlineCursor(s)
		if err != nil {
			h.fail(w, r, err)
			return
		}
		q.After = &c
	}
	for name, dst := range map[string]*time.Time{"due_from": &q.DueFrom, "due_to": &q.DueTo} {
		if s := v.Get(name); s != "" {
			t, err := queryTime(s)
			if err != nil {
				h.fail(w, r, aftersales.Errorf(aftersales.KindInvalid, "time_invalid", "%s 应为 RFC 3339 时间", name))
				return
			}
			*dst = t.In(calendar.CST())
		}
	}
	who, err := h.viewer(r.Context(), p)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	q, ok := who.DeadlineScope(q)
	if !ok {
		// Staff of no department owe nothing: an empty department must not
		// mean "every department".
		writeJSON(w, http.StatusOK, map[string]any{"items": []aftersales.DeadlineItem{}})
		return
	}
	items, err := h.cfg.Requests.Deadlines(r.Context(), q)
	if err != nil {
		h.fail(w, r, err)
		return
	}
	if items == nil {
		items = []aftersales.DeadlineItem{}
	}
	writeJSON(w, http.StatusOK, listPage(items, limit, func(it aftersales.DeadlineItem) string { return it.Cursor().String() }))
}
