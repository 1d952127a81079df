package aftersales

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/shouhou/shouhou/calendar"
)

// Config wires a Service. Store is required; every other field has a
// default.
type Config struct {
	Store     Store
	Calendar  *calendar.Calendar // default calendar.China()
	Policy    *Policy            // default DefaultPolicy()
	Routing   Routing            // default DefaultRouting()
	Clock     Clock              // default SystemClock
	Directory Directory          // default: no projects
	// Organisation, if set, checks the departments a request is forwarded
	// to, routes causes to the company's real departments by kind (P2.1)
	// and resolves the people a request is forwarded to (P1.2).
	Organisation Organisation
	Coverage     CoverageDecider // default: no coverage decisions
	NewID        func() string   // default: "AS-" and 12 random hex digits
	// Number, if set, gives each new request its readable number.
	Number Numberer
}

// Service runs the after-sales request lifecycle: each method loads the
// request, decides with the pure rules, and saves the new events with a
// version check, in that order. A Service is safe for concurrent use; two
// commands racing on one request cannot both win: the loser gets a
// KindConflict error and nothing of it is written.
type Service struct {
	store    Store
	cal      atomic.Pointer[calendar.Calendar]
	policy   Policy
	routing  Routing
	clock    Clock
	dir      Directory
	org      Organisation
	coverage CoverageDecider
	newID    func() string
	number   Numberer
}

// NewService returns a Service, or an error if the configuration is
// invalid.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, invalid("store_required", "缺少存储（Store）")
	}
	s := &Service{store: cfg.Store, policy: DefaultPolicy(), routing: cfg.Routing,
		clock: cfg.Clock, dir: cfg.Directory, org: cfg.Organisation, coverage: cfg.Coverage, newID: cfg.NewID, number: cfg.Number}
	if cfg.Policy != nil {
		if err := cfg.Policy.Validate(); err != nil {
			return nil, err
		}
		s.policy = *cfg.Policy
	}
	if cfg.Calendar == nil {
		cfg.Calendar = calendar.China()
	}
	s.cal.Store(cfg.Calendar)
	if s.routing == nil {
		s.routing = DefaultRouting()
	}
	if s.clock == nil {
		s.clock = SystemClock{}
	}
	if s.dir == nil {
		s.dir = Projects{}
	}
	if s.newID == nil {
		s.newID = randomID
	}
	return s, nil
}

// Policy returns the service's policy.
func (s *Service) Policy() Policy { return s.policy }

// Calendar returns the service's calendar.
func (s *Service) Calendar() *calendar.Calendar { return s.cal.Load() }

// SetCalendar switches the service to c, for example when a new notice
// year is loaded. Commands already deciding finish with the calendar they
// started with; deadlines already opened move only through Recompute.
func (s *Service) SetCalendar(c *calendar.Calendar) {
	if c != nil {
		s.cal.Store(c)
	}
}

func randomID() string {
	var b [6]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24+)
	return "AS-" + hex.EncodeToString(b[:])
}

func (s *Service) env() env {
	return env{cal: s.cal.Load(), policy: s.policy, routing: s.routing, now: s.clock.Now()}
}

// Register registers customer feedback on the 客户反馈登记表 (P1.2) and opens
// its deadlines: forwarding (P1.2) and, for an urgent request, immediate
// measures (P1.3).
func (s *Service) Register(ctx context.Context, cmd RegisterCommand) (*Request, error) {
	v := s.env()
	project, err := s.project(ctx, cmd.ProjectID)
	if err != nil {
		return nil, err
	}
	id := s.newID()
	if cmd.ID != "" {
		if id, err = CheckID(cmd.ID, "request_id", "售后需求编号"); err != nil {
			return nil, err
		}
	}
	e, err := decideRegister(v, id, cmd, project)
	if err != nil {
		return nil, err
	}
	if s.number != nil {
		// Numbered once accepted: a refused registration uses no number.
		if e.Registration.Number, err = s.number(ctx, v.now); err != nil {
			return nil, storeErr(err)
		}
	}
	r := &Request{}
	apply(r, e)
	events := []Event{e}
	if ce, ok := s.decideCoverage(ctx, v, r, r.Cause); ok {
		apply(r, ce)
		events = append(events, ce)
	}
	stamp(ctx, events)
	if err := s.save(ctx, r, events); err != nil {
		return nil, err
	}
	return r, nil
}

// CheckRegistration checks a registration as Register would and stores
// nothing: nil when Register would accept it now, otherwise the same
// refusal, every problem of the form at once (AllErrors). A form that has
// found faults of its own, such as an unreadable date, asks it for the rest
// so that the person sees them together.
func (s *Service) CheckRegistration(ctx context.Context, cmd RegisterCommand) error {
	project, err := s.project(ctx, cmd.ProjectID)
	if err != nil {
		return err
	}
	_, err = decideRegister(s.env(), "AS-check", cmd, project)
	return err
}

// Forward forwards the request to its responsible departments (P1.2, P2.1,
// P2.2) and opens their plan deadlines (P3.1).
func (s *Service) Forward(ctx context.Context, id string, cmd ForwardCommand) (*Request, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, r *Request) ([]Event, error) {
		project, err := s.project(ctx, r.ProjectID)
		if err != nil {
			return nil, err
		}
		cmd, err := s.resolveForward(ctx, r, cmd, project)
		if err != nil {
			return nil, err
		}
		e, err := decideForward(v, r, cmd, project)
		if err != nil || e.Cause == "" {
			return []Event{e}, err
		}
		// The cause is now known or changed: decide coverage again.
		next := r.Clone()
		apply(next, e)
		if ce, ok := s.decideCoverage(ctx, v, next, e.Cause); ok {
			return []Event{e, ce}, nil
		}
		return []Event{e}, nil
	})
}

// HandleUrgent records the immediate measures on an urgent request (P1.3).
func (s *Service) HandleUrgent(ctx context.Context, id string, cmd UrgentCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideUrgent(v, r, cmd) })
}

// Plan records a department's plan and classification (P3.1, P3.2).
func (s *Service) Plan(ctx context.Context, id string, cmd PlanCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decidePlan(v, r, cmd) })
}

// Reclassify changes a part's complexity and its handling deadline (P3.2).
func (s *Service) Reclassify(ctx context.Context, id string, cmd ReclassifyCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideReclassify(v, r, cmd) })
}

// Escalate reports a difficulty to the after-sales department (P3.3).
func (s *Service) Escalate(ctx context.Context, id string, cmd EscalateCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideEscalate(v, r, cmd) })
}

// Complete records a department's completed part (P3.2). When every part is
// done the request awaits acceptance.
func (s *Service) Complete(ctx context.Context, id string, cmd CompleteCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideComplete(v, r, cmd) })
}

// Accept records the customer's signed acceptance (P4.1); it closes the
// request when the visit was already made.
func (s *Service) Accept(ctx context.Context, id string, cmd AcceptCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideAccept(v, r, cmd) })
}

// Reject records a failed acceptance and sends the request back to rework
// (P4.1).
func (s *Service) Reject(ctx context.Context, id string, cmd RejectCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideReject(v, r, cmd) })
}

// Visit records the follow-up visit (P4.2), once handling is complete; it
// closes the request once accepted.
func (s *Service) Visit(ctx context.Context, id string, cmd VisitCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideVisit(v, r, cmd) })
}

// Feedback records what the customer was told (P1.3, P3.2).
func (s *Service) Feedback(ctx context.Context, id string, cmd FeedbackCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideFeedback(v, r, cmd) })
}

// Coordinate records the after-sales department taking up a reported
// difficulty (P3.3): the coordinator, the measures agreed and any
// departments brought in. With an Organisation, the coordinator must be an
// active person and the departments working ones.
func (s *Service) Coordinate(ctx context.Context, id string, cmd CoordinateCommand) (*Request, error) {
	if s.org != nil && cmd.Coordinator != "" {
		if _, err := s.person(ctx, cmd.Coordinator); err != nil {
			return nil, err
		}
	}
	if err := s.checkDepartments(ctx, cmd.Departments); err != nil {
		return nil, err
	}
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideCoordinate(v, r, cmd) })
}

// Pause stops the request's clocks that pause (P3.1, P3.2) while the
// company waits on the customer, with a reason and evidence; the pause
// itself may last PauseLimitDays working days before it is overdue (G3.3).
func (s *Service) Pause(ctx context.Context, id string, cmd PauseCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decidePause(v, r, cmd) })
}

// Resume starts the paused clocks again, each moved by the working days it
// stood still.
func (s *Service) Resume(ctx context.Context, id string, cmd ResumeCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideResume(v, r, cmd) })
}

// Withdraw withdraws the request with the customer's reason.
func (s *Service) Withdraw(ctx context.Context, id string, cmd WithdrawCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideWithdraw(v, r, cmd) })
}

// Get returns a request.
func (s *Service) Get(ctx context.Context, id string) (*Request, error) {
	r, err := s.store.Get(ctx, id)
	return r, storeErr(err)
}

// History returns a request's events in order.
func (s *Service) History(ctx context.Context, id string) ([]Event, error) {
	h, err := s.store.History(ctx, id)
	return h, storeErr(err)
}

func (s *Service) exec1(ctx context.Context, id string, version int, decide func(env, *Request) (Event, error)) (*Request, error) {
	return s.exec(ctx, id, version, func(v env, r *Request) ([]Event, error) {
		e, err := decide(v, r)
		return []Event{e}, err
	})
}

// exec loads, decides and saves, in that order.
func (s *Service) exec(ctx context.Context, id string, version int, decide func(env, *Request) ([]Event, error)) (*Request, error) {
	r, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, storeErr(err)
	}
	if version != 0 && version != r.Version {
		return nil, Errorf(KindConflict, "version_conflict", "售后需求 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", id, r.Version, version)
	}
	v := s.env()
	events, err := decide(v, r)
	if err != nil {
		return nil, err
	}
	if len(events) == 0 {
		return r, nil
	}
	next := r.Clone()
	stamp(ctx, events)
	for i := range events {
		events[i].RecordedAt = v.now
		apply(next, events[i])
	}
	if err := s.save(ctx, next, events); err != nil {
		return nil, err
	}
	return next, nil
}

func (s *Service) save(ctx context.Context, r *Request, events []Event) error {
	return storeErr(s.store.Save(ctx, r, events))
}

// project looks a project up; an empty ID is no project.
func (s *Service) project(ctx context.Context, id string) (*Project, error) {
	if id == "" {
		return nil, nil
	}
	p, err := s.dir.Project(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return nil, nil // decideRegister reports the unknown project
	}
	if err != nil {
		return nil, storeErr(err)
	}
	return &p, nil
}

// decideCoverage asks the CoverageDecider, if any, about r. A decider that
// fails does not block registration: the decision is recorded as undecided.
func (s *Service) decideCoverage(ctx context.Context, v env, r *Request, cause Cause) (Event, bool) {
	if s.coverage == nil || r.ProjectID == "" {
		return Event{}, false
	}
	d, err := s.coverage.DecideCoverage(ctx, CoverageQuery{ProjectID: r.ProjectID, Component: r.Component,
		ReportedOn: calendar.DateOf(r.ReceivedAt), Cause: cause})
	if err != nil {
		msg := "质保判定暂不可用，请稍后重新判定"
		var de *Error
		if errors.As(err, &de) {
			msg = de.Message
		}
		d = CoverageDecision{Outcome: CoverageUndecided, Reason: msg}
	}
	e := event(r, EventCoverage, Actor{ID: "system", Role: RoleSystem}, r.UpdatedAt)
	e.Coverage = &d
	e.RecordedAt = v.now
	return e, true
}

// storeErr passes domain errors through and wraps anything else a Store
// returns as KindUnavailable with code "unavailable": the storage failed,
// and the message carries no driver text.
func storeErr(err error) error {
	if err == nil {
		return nil
	}
	var de *Error
	if errors.As(err, &de) {
		return err
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("aftersales: %w", err)
	}
	return &Error{Kind: KindUnavailable, Code: "unavailable", Message: "数据存储暂时不可用，请稍后重试", Err: err}
}

// Recompute recounts the request's pending working-day deadlines with the
// service's current calendar (after SetCalendar), and records the change as
// an event when any due instant or provisional mark moved. It also brings
// deadlines opened under an earlier reading of the regulation forward: a
// pending visit deadline counted from the acceptance is replaced by one
// counted from the completion of handling (P4.2). changed is false, and
// nothing is written, when nothing moved.
func (s *Service) Recompute(ctx context.Context, id string, by Actor) (r *Request, changed bool, err error) {
	r, err = s.exec(ctx, id, 0, func(v env, r *Request) ([]Event, error) {
		e, err := decideRecompute(v, r, by)
		if err != nil || len(e.Recomputed)+len(e.Replaced) == 0 {
			return nil, err
		}
		changed = true
		return []Event{e}, nil
	})
	return r, changed, err
}

// stamp records the ctx's idempotency key, if any, on every event of a
// command.
func stamp(ctx context.Context, events []Event) {
	if k := IdempotencyKeyFrom(ctx); k != "" {
		for i := range events {
			events[i].IdempotencyKey = k
		}
	}
}
