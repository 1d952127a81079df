package complaint

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"sync/atomic"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Config wires a Service. Store is required.
type Config struct {
	Store    Store
	Calendar *calendar.Calendar // default calendar.China()
	Policy   *Policy            // default DefaultPolicy()
	Clock    aftersales.Clock   // default the system clock
	NewID    func() string      // default "TS-" and 12 random hex digits
	// Number, if set, gives each new complaint its readable number.
	Number aftersales.Numberer
	// Organisation, if set, checks the departments a complaint is forwarded
	// to: an unknown or closed department is refused (C2.1). Without one the
	// Service trusts the department IDs it is given.
	Organisation aftersales.Organisation
}

// Service runs the complaint lifecycle (C1–C4) and the monthly analysis
// report (C5): load, decide with the pure rules, save with a version check.
type Service struct {
	store  Store
	cal    atomic.Pointer[calendar.Calendar]
	policy Policy
	clock  aftersales.Clock
	newID  func() string
	number aftersales.Numberer
	org    aftersales.Organisation
}

// NewService returns a Service, or an error if the configuration is
// invalid.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, invalid("store_required", "缺少存储（Store）")
	}
	s := &Service{store: cfg.Store, policy: DefaultPolicy(), clock: cfg.Clock, newID: cfg.NewID, number: cfg.Number, org: cfg.Organisation}
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
	if s.clock == nil {
		s.clock = aftersales.SystemClock{}
	}
	if s.newID == nil {
		s.newID = func() string {
			var b [6]byte
			_, _ = rand.Read(b[:])
			return "TS-" + hex.EncodeToString(b[:])
		}
	}
	return s, nil
}

// Policy returns the service's policy.
func (s *Service) Policy() Policy { return s.policy }

func (s *Service) env() env { return env{cal: s.cal.Load(), policy: s.policy, now: s.clock.Now()} }

// Calendar returns the service's calendar.
func (s *Service) Calendar() *calendar.Calendar { return s.cal.Load() }

// SetCalendar switches the service to c, for example when a new notice
// year is loaded; open deadlines move only through Recompute.
func (s *Service) SetCalendar(c *calendar.Calendar) {
	if c != nil {
		s.cal.Store(c)
	}
}

// Recompute recounts the complaint's pending working-day deadlines with the
// current calendar and records the change as an event when any moved;
// changed is false, and nothing is written, when none did. A paused
// deadline keeps its pause.
func (s *Service) Recompute(ctx context.Context, id string, by aftersales.Actor) (c *Complaint, changed bool, err error) {
	c, err = s.exec(ctx, id, 0, func(v env, c *Complaint) (Event, error) {
		if err := checkActor(by); err != nil {
			return Event{}, err
		}
		if !isAfterSales(by) {
			return Event{}, forbidden("recompute_forbidden", "只有售后管理部或系统可以重新计算期限")
		}
		e := event(c, EventRecomputed, by, v.now)
		if e.At.Before(c.UpdatedAt) {
			e.At = c.UpdatedAt
		}
		for _, d := range c.Deadlines {
			if !d.Pending() {
				continue
			}
			nd, err := d.Recount(v.cal)
			if err != nil {
				return Event{}, err
			}
			if !nd.Due.Equal(d.Due) || nd.Provisional != d.Provisional {
				e.Recomputed = append(e.Recomputed, nd)
			}
		}
		changed = len(e.Recomputed) > 0
		return e, nil
	})
	return c, changed, err
}

// CheckRegistration checks a registration as Register would and stores
// nothing: nil when Register would accept it now, otherwise the same
// refusal, every problem of the form at once (aftersales.AllErrors).
func (s *Service) CheckRegistration(ctx context.Context, cmd RegisterCommand) error {
	_, err := decideRegister(s.env(), "TS-check", cmd)
	return err
}

// Register registers a complaint (C1, C2.1), declaring it major at once if
// asked (C2.2).
func (s *Service) Register(ctx context.Context, cmd RegisterCommand) (*Complaint, error) {
	v := s.env()
	id := s.newID()
	if cmd.ID != "" {
		var err error
		if id, err = aftersales.CheckID(cmd.ID, "complaint_id", "投诉编号"); err != nil {
			return nil, err
		}
	}
	cmd.Registration.Number = "" // the Numberer gives it
	events, err := decideRegister(v, id, cmd)
	if err != nil {
		return nil, err
	}
	if s.number != nil {
		// Numbered once accepted: a refused registration uses no number.
		if events[0].Registration.Number, err = s.number(ctx, v.now); err != nil {
			return nil, storeErr(err)
		}
	}
	c := &Complaint{}
	key := aftersales.IdempotencyKeyFrom(ctx)
	for i := range events {
		events[i].IdempotencyKey = key
		events[i].RecordedAt = v.now
		apply(c, events[i])
	}
	if err := storeErr(s.store.Save(ctx, c, events)); err != nil {
		return nil, err
	}
	return c, nil
}

// DeclareMajor declares a complaint major (C2.2).
func (s *Service) DeclareMajor(ctx context.Context, id string, cmd DeclareMajorCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideMajor(v, c, cmd) })
}

// StartEmergency records that the emergency plan of a major complaint
// started (C2.2).
func (s *Service) StartEmergency(ctx context.Context, id string, cmd StepCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideMajorStep(v, c, EventEmergency, cmd) })
}

// GiveMajorFeedback records that a major complaint's customer heard how it
// is being handled (C2.2).
func (s *Service) GiveMajorFeedback(ctx context.Context, id string, cmd StepCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideMajorStep(v, c, EventMajorFeedback, cmd) })
}

// Forward forwards a complaint to the responsible departments, or adds
// departments to it (C2.1).
func (s *Service) Forward(ctx context.Context, id string, cmd ForwardCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) {
		return decideForward(v, c, cmd, s.departmentCheck(ctx))
	})
}

// departmentCheck returns the check of a department a complaint is
// forwarded to, through the Organisation; nil without one.
func (s *Service) departmentCheck(ctx context.Context) func(string) error {
	if s.org == nil {
		return nil
	}
	return func(id string) error {
		d, err := s.org.Department(ctx, id)
		switch {
		case aftersales.KindOf(err) == aftersales.KindNotFound:
			return invalid("department_unknown", "部门 %q 不存在，不能转达投诉（C2.1）", id)
		case err != nil:
			return storeErr(err)
		case d.Closed:
			return notAllowed("department_closed", "部门“%s”已撤销，不能再转达投诉（C2.1）", orID(d.Name, id))
		}
		return nil
	}
}

func orID(name, id string) string {
	if name == "" {
		return id
	}
	return name
}

// Plan records the investigation and the handling plan (C3.1).
func (s *Service) Plan(ctx context.Context, id string, cmd PlanCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decidePlan(v, c, cmd) })
}

// RecordStatement records the customer's opinions and suggestions (C3.2).
func (s *Service) RecordStatement(ctx context.Context, id string, cmd StepCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideStatement(v, c, cmd) })
}

// CommissionThirdParty commissions a third-party investigation (C3.3).
func (s *Service) CommissionThirdParty(ctx context.Context, id string, cmd ThirdPartyCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideThirdParty(v, c, cmd) })
}

// RecordThirdPartyReport records the third party's report (C3.3).
func (s *Service) RecordThirdPartyReport(ctx context.Context, id string, cmd ThirdPartyReportCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideThirdPartyReport(v, c, cmd) })
}

// Answer gives the result to the customer (C4.1).
func (s *Service) Answer(ctx context.Context, id string, cmd StepCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideAnswer(v, c, cmd) })
}

// Satisfied records that the customer accepts the result: resolved.
func (s *Service) Satisfied(ctx context.Context, id string, cmd StepCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideSatisfied(v, c, cmd) })
}

// NotSatisfied escalates the complaint one level up (C4.2), or flags it at
// the top of the chain.
func (s *Service) NotSatisfied(ctx context.Context, id string, cmd StepCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideNotSatisfied(v, c, cmd) })
}

// Withdraw withdraws a complaint at the customer's wish.
func (s *Service) Withdraw(ctx context.Context, id string, cmd StepCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideWithdraw(v, c, cmd) })
}

// Get returns a complaint.
func (s *Service) Get(ctx context.Context, id string) (*Complaint, error) {
	c, err := s.store.Get(ctx, id)
	return c, storeErr(err)
}

// History returns a complaint's events in order.
func (s *Service) History(ctx context.Context, id string) ([]Event, error) {
	h, err := s.store.History(ctx, id)
	return h, storeErr(err)
}

// List returns the complaints that match q.
func (s *Service) List(ctx context.Context, q Query) ([]*Complaint, error) {
	cs, err := s.store.List(ctx, q)
	return cs, storeErr(err)
}

func (s *Service) exec(ctx context.Context, id string, version int, decide func(env, *Complaint) (Event, error)) (*Complaint, error) {
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return nil, storeErr(err)
	}
	if version != 0 && version != c.Version {
		return nil, aftersales.Errorf(aftersales.KindConflict, "version_conflict", "投诉 %s 已被他人修改（当前版本 %d，提交基于版本 %d），请刷新后重试", id, c.Version, version)
	}
	v := s.env()
	e, err := decide(v, c)
	if err != nil {
		return nil, err
	}
	if e.Type == EventRecomputed && len(e.Recomputed) == 0 {
		return c, nil
	}
	e.RecordedAt = v.now
	e.IdempotencyKey = aftersales.IdempotencyKeyFrom(ctx)
	next := c.Clone()
	apply(next, e)
	if err := storeErr(s.store.Save(ctx, next, []Event{e})); err != nil {
		return nil, err
	}
	return next, nil
}

func storeErr(err error) error { return aftersales.StoreError(err) }

// FindIdempotent looks for the events of history that a command recorded
// with a key starting with prefix, as aftersales.FindIdempotent does for
// requests: Replay(history[:n]) is the complaint as that command left it.
func FindIdempotent(history []Event, prefix string) (key string, n int, found bool) {
	return aftersales.FindKeyed(history, func(e Event) string { return e.IdempotencyKey }, prefix)
}
