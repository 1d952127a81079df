package warranty

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Config wires a Service. Store is required.
type Config struct {
	Store    Store
	Calendar *calendar.Calendar  // default calendar.China()
	Seasons  SeasonTable         // default DefaultSeasons()
	Clock    aftersales.Clock    // default the system clock
	Requests *aftersales.Service // for W2.3 and W3.2; optional
	// Directory tells a project's department and specialist, who may record
	// its inspections (W2.2); without it only the after-sales department may.
	Directory aftersales.Directory
}

// Service keeps project warranties: terms (W1.1), coverage decisions (W1.2,
// W3.1), the notice (W2.1), inspections (W2.2) and their requests (W2.3),
// and the summary report (W3.2). It implements aftersales.CoverageDecider.
type Service struct {
	store    Store
	cal      *atomic.Pointer[calendar.Calendar] // shared by WithRequests copies
	seasons  SeasonTable
	clock    aftersales.Clock
	requests *aftersales.Service
	dir      aftersales.Directory
}

// NewService returns a Service.
func NewService(cfg Config) (*Service, error) {
	if cfg.Store == nil {
		return nil, invalid("store_required", "缺少存储（Store）")
	}
	s := &Service{store: cfg.Store, cal: &atomic.Pointer[calendar.Calendar]{}, seasons: cfg.Seasons, clock: cfg.Clock, requests: cfg.Requests, dir: cfg.Directory}
	if cfg.Calendar == nil {
		cfg.Calendar = calendar.China()
	}
	s.cal.Store(cfg.Calendar)
	if s.seasons == nil {
		s.seasons = DefaultSeasons()
	}
	for region, x := range s.seasons {
		for _, season := range []*Season{x.Heating, x.Cooling} {
			if season != nil && !season.valid() {
				return nil, invalid("season_invalid", "地区 %q 的采暖期或供冷期日期无效", region)
			}
		}
	}
	if s.clock == nil {
		s.clock = aftersales.SystemClock{}
	}
	return s, nil
}

// SetUpCommand creates a project's warranty record.
type SetUpCommand struct {
	ProjectID       string
	DesignLifeYears int            // required for the structure's warranty
	Region          string         // for heating and cooling seasons
	GeneralYears    int            // W1.1; 0 means 2
	Contract        []ContractTerm // contract terms; each at least its statutory floor
	PlannedStart    calendar.Date  // for the W2.1 notice; may be zero
	InspectionEvery int            // W2.2, in months; 0 means 3
	Actor           aftersales.Actor
}

// SetUp creates a project's warranty record. A contract term below its
// statutory floor is refused with an error naming the law and the floor.
func (s *Service) SetUp(ctx context.Context, cmd SetUpCommand) (*Warranty, error) {
	id, err := aftersales.CheckID(cmd.ProjectID, "project_id", "项目编号")
	if err != nil {
		return nil, err
	}
	cmd.ProjectID = id
	if cmd.Actor.ID == "" {
		return nil, invalid("actor_required", "缺少操作人")
	}
	if err := requireDesk(cmd.Actor, "建立质保记录"); err != nil {
		return nil, err
	}
	region, err := aftersales.Text(cmd.Region, false, aftersales.MaxShortText, "region", "地区")
	if err != nil {
		return nil, err
	}
	w := &Warranty{ProjectID: cmd.ProjectID, DesignLifeYears: cmd.DesignLifeYears, Region: region,
		GeneralYears: cmd.GeneralYears, PlannedStart: cmd.PlannedStart, InspectionEvery: cmd.InspectionEvery}
	if w.GeneralYears == 0 {
		w.GeneralYears = 2
	}
	if w.InspectionEvery == 0 {
		w.InspectionEvery = 3
	}
	switch {
	case w.DesignLifeYears < 0 || w.DesignLifeYears > 200:
		return nil, invalid("design_life_invalid", "设计使用年限 %d 无效", w.DesignLifeYears)
	case w.GeneralYears < 2 || w.GeneralYears > 50:
		return nil, invalid("general_years_invalid", "质保期 %d 年无效：不能短于 2 年（W1.1；建设工程质量管理条例 第四十条）", w.GeneralYears)
	case w.InspectionEvery < 1 || w.InspectionEvery > 24:
		return nil, invalid("inspection_interval_invalid", "巡查间隔 %d 个月无效，应在 1 至 24 之间（W2.2）", w.InspectionEvery)
	}
	seen := map[Class]bool{}
	for _, ct := range cmd.Contract {
		if err := CheckContract(ct, w.DesignLifeYears); err != nil {
			return nil, err
		}
		if seen[ct.Class] {
			return nil, invalid("contract_term_duplicate", "%s的合同保修期重复", ct.Class.Label())
		}
		seen[ct.Class] = true
		w.Contract = append(w.Contract, ct)
	}
	if seen[HeatingCooling] {
		if _, ok := s.seasons[w.Region]; !ok {
			return nil, invalid("region_seasons_unknown", "地区 %q 没有采暖期或供冷期数据，无法计算供热与供冷系统的保修期", w.Region)
		}
	}
	// A warranty is a project's (W1.1): with a Directory, one it knows.
	if s.dir != nil {
		if _, err := s.dir.Project(ctx, id); errors.Is(err, aftersales.ErrNotFound) {
			return nil, invalid("project_unknown", "项目 %q 不存在，请先在组织架构中添加该项目", id)
		} else if err != nil {
			return nil, storeErr(err)
		}
	}
	now := s.clock.Now()
	w.Version, w.UpdatedAt = 1, now
	c := Change{ProjectID: w.ProjectID, Seq: 1, Type: "set_up", At: now, Actor: cmd.Actor, Note: "建立质保记录"}
	if err := s.store.Save(ctx, w, c); err != nil {
		return nil, storeErr(err)
	}
	return w, nil
}

// StartCommand records when and why the warranty started.
type StartCommand struct {
	Start   Start
	Actor   aftersales.Actor
	Version int // if not 0, the version read
}

// RecordStart records the warranty's start with its basis and evidence
// (W1.1; 施工合同解释(一) 第九条).
func (s *Service) RecordStart(ctx context.Context, projectID string, cmd StartCommand) (*Warranty, error) {
	if err := requireDesk(cmd.Actor, "登记质保期开始"); err != nil {
		return nil, err
	}
	return s.update(ctx, projectID, cmd.Version, cmd.Actor, "started", func(w *Warranty, now time.Time) (string, error) {
		// The start decides free or paid repair (W1.2, W3.1): once recorded,
		// only the head or the general manager may correct it.
		if w.Start != nil && cmd.Actor.Role != aftersales.RoleAfterSalesHead && cmd.Actor.Role != aftersales.RoleGeneralManager {
			return "", forbidden("start_correction_forbidden", "质保期起算已经登记，更正须由售后管理部部长或总经理进行")
		}
		st := cmd.Start
		switch st.Basis {
		case BasisAcceptance, BasisReport, BasisHandover:
		default:
			return "", invalid("start_basis_invalid", "质保期起算依据 %q 无效，应为%s", st.Basis, aftersales.Choices(BasisAcceptance, BasisReport, BasisHandover))
		}
		if st.Date.IsZero() {
			return "", invalid("start_date_required", "缺少质保期开始日期")
		}
		if st.Date.After(calendar.DateOf(now)) {
			return "", invalid("start_in_future", "质保期开始日期 %s 晚于今天", st.Date)
		}
		if st.Date.Before(calendar.D(2000, 1, 1)) {
			return "", invalid("start_too_early", "质保期开始日期 %s 早于 2000-01-01", st.Date)
		}
		var err error
		if st.Evidence, err = aftersales.Text(st.Evidence, true, 2000, "evidence", "起算依据的证明（验收记录、报告回执或移交记录）"); err != nil {
			return "", err
		}
		w.Start = &st
		return fmt.Sprintf("质保期自 %s 起算（%s）", st.Date, st.Basis.Label()), nil
	})
}

// update loads, changes and saves with a version check, in that order.
func (s *Service) update(ctx context.Context, projectID string, version int, actor aftersales.Actor, typ string,
	change func(w *Warranty, now time.Time) (string, error)) (*Warranty, error) {
	if actor.ID == "" {
		return nil, invalid("actor_required", "缺少操作人")
	}
	w, err := s.store.Get(ctx, projectID)
	if err != nil {
		return nil, storeErr(err)
	}
	if version != 0 && version != w.Version {
		return nil, aftersales.Errorf(aftersales.KindConflict, "version_conflict", "项目 %s 的质保记录已被他人修改，请刷新后重试", projectID)
	}
	now := s.clock.Now()
	next := w.Clone()
	note, err := change(next, now)
	if err != nil {
		return nil, err
	}
	next.Version, next.UpdatedAt = w.Version+1, now
	c := Change{ProjectID: projectID, Seq: next.Version, Type: typ, At: now, Actor: actor, Note: note}
	if err := s.store.Save(ctx, next, c); err != nil {
		return nil, storeErr(err)
	}
	return next, nil
}

// Get returns a project's warranty.
func (s *Service) Get(ctx context.Context, projectID string) (*Warranty, error) {
	w, err := s.store.Get(ctx, projectID)
	return w, storeErr(err)
}

// History returns a project's warranty history.
func (s *Service) History(ctx context.Context, projectID string) ([]Change, error) {
	h, err := s.store.History(ctx, projectID)
	return h, storeErr(err)
}

// Term returns the effective term of a component class of a project.
func (s *Service) Term(ctx context.Context, projectID string, c Class) (Term, error) {
	w, err := s.Get(ctx, projectID)
	if err != nil {
		return Term{}, err
	}
	return w.Term(s.cal.Load(), s.seasons, c)
}

// DecideCoverage implements aftersales.CoverageDecider (W1.2, W3.1).
func (s *Service) DecideCoverage(ctx context.Context, q aftersales.CoverageQuery) (aftersales.CoverageDecision, error) {
	w, err := s.Get(ctx, q.ProjectID)
	if err != nil {
		return aftersales.CoverageDecision{}, err
	}
	return w.Decide(s.cal.Load(), s.seasons, q.Component, q.ReportedOn, q.Cause)
}

// required checks a required text field by the library's rule
// (aftersales.Text): trimmed, printable, at most aftersales.MaxShortText
// characters.
func required(s, code, label string) (string, error) {
	return aftersales.Text(s, true, aftersales.MaxShortText, code, label)
}

func storeErr(err error) error { return aftersales.StoreError(err) }

// WithRequests returns a copy of s that raises inspection findings as
// after-sales requests (W2.3) and summarises them (W3.2) through r. It
// breaks the wiring cycle: build the warranty Service, give it to
// aftersales.Config.Coverage, then call WithRequests with the aftersales
// Service.
func (s *Service) WithRequests(r *aftersales.Service) *Service {
	c := *s
	c.requests = r
	return &c
}

// List returns every project's warranty, by project ID.
func (s *Service) List(ctx context.Context) ([]*Warranty, error) {
	ws, err := s.store.List(ctx)
	return ws, storeErr(err)
}

// SetCalendar switches the service, and every copy WithRequests made of it,
// to c, for example when a new notice year is loaded. Terms and duties are
// reckoned when asked, so they follow at once.
func (s *Service) SetCalendar(c *calendar.Calendar) {
	if c != nil {
		s.cal.Store(c)
	}
}
