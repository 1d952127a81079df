package staff

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Config wires a Service. Store is required.
type Config struct {
	Store         Store
	Scheme        *Scheme          // default DefaultScheme()
	Rewards       RewardScheme     // default DefaultRewards()
	Cases         CaseData         // required for Assess
	Clock         aftersales.Clock // default the system clock
	TrainingEvery int              // S1.1: months between trainings; default 3
	NewID         func() string
}

// Service keeps the organisation (G4), training (S1), assessments (S2) and
// rewards (S3).
type Service struct {
	store   Store
	scheme  Scheme
	rewards RewardScheme
	cases   CaseData
	clock   aftersales.Clock
	every   int
	newID   func() string
}

// NewService returns a Service, or an error if the scheme or rules are
// invalid.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, invalid("store_required", "缺少存储（Store）")
	}
	s := &Service{store: cfg.Store, scheme: DefaultScheme(), rewards: cfg.Rewards, cases: cfg.Cases, clock: cfg.Clock,
		every: cfg.TrainingEvery, newID: cfg.NewID}
	if cfg.Scheme != nil {
		if err := cfg.Scheme.Validate(); err != nil {
			return nil, err
		}
		s.scheme = *cfg.Scheme
	}
	if s.rewards == nil {
		s.rewards = DefaultRewards()
	}
	if rr, ok := s.rewards.(RewardRules); ok {
		if err := rr.Validate(); err != nil {
			return nil, err
		}
	}
	if s.clock == nil {
		s.clock = aftersales.SystemClock{}
	}
	if s.every == 0 {
		s.every = 3
	}
	if s.every < 1 || s.every > 24 {
		return nil, invalid("training_cadence_invalid", "培训周期 %d 个月无效，应在 1 至 24 之间（S1.1）", s.every)
	}
	if s.newID == nil {
		s.newID = func() string {
			var b [6]byte
			_, _ = rand.Read(b[:])
			return hex.EncodeToString(b[:])
		}
	}
	return s, nil
}

// Organisation returns the organisation.
func (s *Service) Organisation(ctx context.Context) (*Organisation, error) {
	o, err := s.store.Organisation(ctx)
	return o, storeErr(err)
}

// mayAdminister reports whether a may change the organisation: the general
// manager, who leads the after-sales group (G4.1), or the after-sales head
// (G4.2).
func mayAdminister(a aftersales.Actor) error {
	if a.Role == aftersales.RoleGeneralManager || a.Role == aftersales.RoleAfterSalesHead {
		return nil
	}
	return aftersales.Errorf(aftersales.KindForbidden, "organisation_forbidden", "只有总经理或售后管理部部长可以维护售后组织架构（G4.1、G4.2）")
}

// changeOrg loads, changes and saves the organisation with a version check.
func (s *Service) changeOrg(ctx context.Context, a aftersales.Actor, typ string, change func(o *Organisation, now time.Time) (string, error)) (*Organisation, error) {
	if a.ID == "" {
		return nil, invalid("actor_required", "缺少操作人")
	}
	o, err := s.store.Organisation(ctx)
	if err != nil {
		return nil, storeErr(err)
	}
	now := s.clock.Now()
	next := o.Clone()
	note, err := change(next, now)
	if err != nil {
		return nil, err
	}
	next.Version, next.UpdatedAt = o.Version+1, now
	if err := storeErr(s.store.SaveOrganisation(ctx, next, Change{Subject: "organisation", Type: typ, At: now, Actor: a, Note: note})); err != nil {
		return nil, err
	}
	return next, nil
}

// PutPerson adds or updates a person.
func (s *Service) PutPerson(ctx context.Context, p Person, a aftersales.Actor) (*Organisation, error) {
	if err := mayAdminister(a); err != nil {
		return nil, err
	}
	return s.changeOrg(ctx, a, "person", func(o *Organisation, now time.Time) (string, error) {
		// The general manager leads the group and the head runs the
		// department (G4.1, G4.2): only the general manager appoints,
		// changes or removes either.
		old, _ := o.Person(p.ID)
		if a.Role != aftersales.RoleGeneralManager && (leads(p.Role) || leads(old.Role)) {
			return "", aftersales.Errorf(aftersales.KindForbidden, "organisation_forbidden", "只有总经理可以任免总经理或售后管理部部长（G4.1、G4.2）")
		}
		return describe("人员", p.ID, p.Name, string(p.Role)), o.putPerson(p, now)
	})
}

// PutDepartment adds or updates a department and its head. Setting
// Closed closes the department (撤销) and clearing it reopens it; the
// after-sales department, and a 项目部 that a project still names, are not
// closed (G4.2, P2.1).
func (s *Service) PutDepartment(ctx context.Context, d Department, a aftersales.Actor) (*Organisation, error) {
	if err := mayAdminister(a); err != nil {
		return nil, err
	}
	return s.changeOrg(ctx, a, "department", func(o *Organisation, _ time.Time) (string, error) {
		what := "部门"
		if old, ok := o.department(d.ID); ok && old.Closed != d.Closed {
			what = map[bool]string{true: "撤销部门", false: "恢复部门"}[d.Closed]
		}
		return describe(what, d.ID, d.Name), o.putDepartment(d)
	})
}

// ChangeHead makes the person newHeadID the after-sales head, in one step
// recorded as one change of type "head": the current head becomes
// after-sales staff and the new one head, together or not at all (G4.2:
// 售后管理部设部长一名). Only the general manager changes the head (G4.1, as
// PutPerson). The new head must be an active person other than the
// general manager and not already the head.
func (s *Service) ChangeHead(ctx context.Context, newHeadID string, a aftersales.Actor) (*Organisation, error) {
	if a.Role != aftersales.RoleGeneralManager {
		return nil, aftersales.Errorf(aftersales.KindForbidden, "organisation_forbidden", "只有总经理可以任免总经理或售后管理部部长（G4.1、G4.2）")
	}
	return s.changeOrg(ctx, a, "head", func(o *Organisation, now time.Time) (string, error) {
		return o.changeHead(newHeadID, now)
	})
}

// PutProject adds or updates a project and its manager.
func (s *Service) PutProject(ctx context.Context, p Project, a aftersales.Actor) (*Organisation, error) {
	if err := mayAdminister(a); err != nil {
		return nil, err
	}
	return s.changeOrg(ctx, a, "project", func(o *Organisation, _ time.Time) (string, error) {
		return describe("项目", p.ID, p.Name), o.putProject(p)
	})
}

// Appoint records the appointment of a project's specialist by a, who must
// be that project's manager (G4.3).
func (s *Service) Appoint(ctx context.Context, projectID, specialistID string, a aftersales.Actor) (*Organisation, error) {
	return s.changeOrg(ctx, a, "appointment", func(o *Organisation, now time.Time) (string, error) {
		err := o.appoint(Appointment{ProjectID: projectID, SpecialistID: specialistID, AppointedBy: a.ID, AppointedAt: now})
		return describe("任命售后专员", projectID, specialistID), err
	})
}

// File records the after-sales department's filing of a project's current
// appointment (G4.3).
func (s *Service) File(ctx context.Context, projectID string, a aftersales.Actor) (*Organisation, error) {
	return s.changeOrg(ctx, a, "filing", func(o *Organisation, now time.Time) (string, error) {
		return describe("售后专员任命备案", projectID), o.file(projectID, a, now)
	})
}

// RecordSession records a training session, its 售后人员培训记录表 (S1.3).
func (s *Service) RecordSession(ctx context.Context, sess Session, a aftersales.Actor) (*Session, error) {
	if a.Role != aftersales.RoleAfterSalesHead && a.Role != aftersales.RoleAfterSalesStaff && a.Role != aftersales.RoleGeneralManager {
		return nil, aftersales.Errorf(aftersales.KindForbidden, "training_forbidden", "培训记录由售后管理部登记（S1.3）")
	}
	o, err := s.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	x := sess.Clone()
	if err := x.validate(o, calendar.DateOf(now)); err != nil {
		return nil, err
	}
	x.ID, x.Version, x.UpdatedAt = s.newID(), 1, now
	c := Change{Subject: "session:" + x.ID, Type: "training", At: now, Actor: a,
		Note: describe("培训", x.Date.String(), x.Topic.Label(), fmt.Sprintf("%d 人", len(x.Attendees)))}
	if err := storeErr(s.store.SaveSession(ctx, x, c)); err != nil {
		return nil, err
	}
	return x, nil
}

// Sessions returns every training session.
func (s *Service) Sessions(ctx context.Context) ([]*Session, error) {
	ss, err := s.store.Sessions(ctx)
	return ss, storeErr(err)
}

// OverdueTraining returns the after-sales people whose training is overdue
// at the service clock's today (S1.1).
func (s *Service) OverdueTraining(ctx context.Context) ([]TrainingGap, error) {
	o, err := s.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	ss, err := s.Sessions(ctx)
	if err != nil {
		return nil, err
	}
	return OverdueTraining(o, ss, s.every, calendar.DateOf(s.clock.Now())), nil
}

// AssessCommand asks for one person's assessment of a period.
type AssessCommand struct {
	PersonID       string
	Period         Period
	ServiceQuality decimal.Decimal // the manager's rating, 0–100
	RatedBy        string
	Actor          aftersales.Actor
}

// Assess measures a person's figures, scores them with the scheme and
// records the 售后人员考核记录表 (S2.1–S2.3).
func (s *Service) Assess(ctx context.Context, cmd AssessCommand) (*Assessment, error) {
	if cmd.Actor.Role != aftersales.RoleAfterSalesHead && cmd.Actor.Role != aftersales.RoleGeneralManager {
		return nil, aftersales.Errorf(aftersales.KindForbidden, "assess_forbidden", "考核由售后管理部部长或总经理进行（S2.1）")
	}
	if s.cases == nil {
		return nil, aftersales.Errorf(aftersales.KindNotAllowed, "cases_unavailable", "未配置案件数据来源，无法考核")
	}
	p := cmd.Period
	if p.From.IsZero() || p.To.IsZero() || p.To.Before(p.From) {
		return nil, invalid("period_invalid", "考核期间 %s 至 %s 无效", p.From, p.To)
	}
	o, err := s.Organisation(ctx)
	if err != nil {
		return nil, err
	}
	if _, ok := o.Person(cmd.PersonID); !ok {
		return nil, invalid("person_unknown", "人员 %q 不在人员名单中", cmd.PersonID)
	}
	ratedBy, err := required(cmd.RatedBy, "rated_by", "服务质量评分人")
	if err != nil {
		return nil, err
	}
	f, err := s.cases.Figures(ctx, cmd.PersonID, p)
	if err != nil {
		return nil, storeErr(err)
	}
	ss, err := s.Sessions(ctx)
	if err != nil {
		return nil, err
	}
	hours := decimal.Zero
	for _, x := range ss {
		if !x.Date.Before(p.From) && !x.Date.After(p.To) {
			for _, id := range x.Attendees {
				if id == cmd.PersonID {
					hours = hours.Add(x.Hours)
				}
			}
		}
	}
	lines, total, band, err := s.scheme.Score(f, hours, cmd.ServiceQuality)
	if err != nil {
		return nil, err
	}
	now := s.clock.Now()
	a := &Assessment{ID: s.newID(), Version: 1, PersonID: cmd.PersonID, Period: p, Figures: f, TrainingHours: hours,
		ServiceQuality: cmd.ServiceQuality, RatedBy: ratedBy, Lines: lines, Total: total, Band: band.Name, Pay: band.Pay,
		Promotable: band.Promotable, AssessedBy: cmd.Actor.ID, AssessedAt: now}
	c := Change{Subject: "assessment:" + a.ID, Type: "assessment", At: now, Actor: cmd.Actor,
		Note: describe("考核", cmd.PersonID, p.From.String()+" 至 "+p.To.String(), total.String()+" 分", band.Name)}
	if err := storeErr(s.store.SaveAssessment(ctx, a, c)); err != nil {
		return nil, err
	}
	return a, nil
}

// Assessments returns a person's assessments.
func (s *Service) Assessments(ctx context.Context, personID string) ([]*Assessment, error) {
	as, err := s.store.Assessments(ctx, personID)
	return as, storeErr(err)
}

// Rewards applies the reward scheme (S3) to a person's facts.
func (s *Service) Rewards(f RewardFacts) []Award { return s.rewards.Evaluate(f) }

// History returns the staff records' history.
func (s *Service) History(ctx context.Context) ([]Change, error) {
	h, err := s.store.History(ctx)
	return h, storeErr(err)
}

func storeErr(err error) error { return aftersales.StoreError(err) }

// leads reports whether r is the general manager's or the after-sales
// head's role.
func leads(r aftersales.Role) bool {
	return r == aftersales.RoleGeneralManager || r == aftersales.RoleAfterSalesHead
}
