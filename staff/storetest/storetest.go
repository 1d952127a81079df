// Package storetest is the conformance suite for staff.Store. Every Store
// runs it: the in-memory MemStore, the reference server's SQL stores, and
// an integrator's store written over their own HR tables.
//
// An integrator calls Run from a test of their own, with a function that
// returns a fresh, empty store for each subtest:
//
//	func TestHRStaffStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) staff.Store {
//			db := openScratchDB(t) // an empty schema, dropped in t.Cleanup
//			return hr.NewStaffStore(db)
//		})
//	}
//
// and runs it with the race detector:
//
//	go test -race -run TestHRStaffStore ./...
//
// The suite builds its records by driving a real staff.Service: the
// after-sales organisation (G4) through PutPerson (one person inactive, one
// updated in place), PutDepartment with heads (one department closed),
// PutProject with managers, specialists appointed by their project's
// manager (one appointment ended by a second, one not yet filed) and filed
// by the after-sales head (G4.3), and ChangeHead twice (G4.2: the head
// handed to a deputy and back);
// training sessions with decimal hours such as 3.5 and 1.25 (S1.3); and
// assessments from a CaseData stub with fixed figures (S2.3), two of them
// of the same person and period. Its NewID hands out IDs in descending
// order, so that the order of creation is never the order the Store must
// return. It then checks:
//
//   - OrganisationRoundTrip: before the first save Organisation is empty,
//     at version 0; after each save it is what the Service saved.
//   - SessionsAndAssessmentsRoundTrip: Session and Assessment by ID are
//     what the Service saved; Sessions is ordered by date then ID;
//     Assessments is filtered by person ("" for everyone) and ordered by
//     the start of the period then ID.
//   - HistoryInOrder: History is every change saved, organisation, session
//     and assessment alike, Seq 1..n, each with its subject, type, time and
//     actor.
//   - StaleWritesConflictAndChangeNothing: for the organisation, a session
//     and an assessment, a write on a stale version, a write ahead of the
//     stored version and a second creation of an ID are KindConflict errors
//     and write nothing.
//   - ConcurrentWritersOneWins: of eight writers racing from the same
//     version of the organisation, or creating the same session, exactly
//     one wins and the others get KindConflict; eight creations of
//     different sessions all win, and History stays Seq 1..n.
//   - NotFound: Session and Assessment of an unknown ID are KindNotFound
//     errors.
//   - ReturnedValuesAreCopies: what a caller does with a returned value, or
//     with the value it passed to a Save, never changes the store.
//   - ContextCancelled: every method fails on a cancelled or expired
//     context, and nothing is written.
//
// How values must round-trip: a store may change the time.Location of a
// time (a store that keeps JSON or converts to UTC does) but must keep the
// instant; the suite compares every time with its UTC form. A store may
// change the representation of a decimal (3.5 may come back as 3.50) but
// not its value; the suite compares decimals by value. It treats a nil and
// an empty slice as the same. Every other field must come back equal. The
// suite's own times are whole seconds, so a database with microsecond
// timestamps passes.
//
// The store assigns Seq: the Service passes every change with Seq 0, and
// History must number the changes 1..n in the order they were saved.
//
// The subtests run one after another, each on its own store; the whole
// suite takes well under a second on MemStore.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	ast "github.com/shouhou/shouhou/aftersales/storetest"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/staff"
)

// Run runs the conformance suite against the stores newStore returns. It
// calls newStore once per subtest, with the subtest's t, and expects an
// empty store each time.
func Run(t *testing.T, newStore func(t *testing.T) staff.Store) {
	t.Helper()
	ast.RunSubtests(t, newStore, newFixture,
		subtest{Name: "OrganisationRoundTrip", Run: testOrganisationRoundTrip},
		subtest{Name: "SessionsAndAssessmentsRoundTrip", Run: testRecordsRoundTrip},
		subtest{Name: "HistoryInOrder", Run: testHistoryInOrder},
		subtest{Name: "StaleWritesConflictAndChangeNothing", Run: testStaleWrites},
		subtest{Name: "ConcurrentWritersOneWins", Run: testConcurrentWriters},
		subtest{Name: "NotFound", Run: testNotFound},
		subtest{Name: "ReturnedValuesAreCopies", Run: testCopies},
		subtest{Name: "ContextCancelled", Run: testContextCancelled},
	)
}

type subtest = ast.Subtest[*fixture]

// at returns a whole-second instant in China Standard Time.
func at(year int, month time.Month, day, hour, min int) time.Time {
	return ast.At(year, month, day, hour, min)
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// The times of the suite: the organisation is built from orgStart on, an
// hour a step; training is recorded from recordStart and assessed from
// assessStart on, a minute a record.
var (
	orgStart    = at(2026, 11, 2, 9, 0)
	recordStart = at(2026, 11, 20, 14, 0)
	assessStart = at(2026, 11, 27, 10, 0)
)

// The IDs of the suite's organisation.
const (
	deptEast    = "proj-east"
	deptWest    = "proj-west"
	deptOld     = "design-old" // closed
	projectEast = "P-EAST"
	projectWest = "P-WEST"
)

// The suite's people, as the actors they act as.
var (
	gm     = aftersales.Actor{ID: "u-gm", Name: "王总", Role: aftersales.RoleGeneralManager}
	head   = aftersales.Actor{ID: "u-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	clerk  = aftersales.Actor{ID: "u-clerk", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	pmEast = aftersales.Actor{ID: "u-pm-east", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: deptEast}
	pmWest = aftersales.Actor{ID: "u-pm-west", Name: "李经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: deptWest}
	zhou   = aftersales.Actor{ID: "u-zhou", Name: "周专员", Role: aftersales.RoleSpecialist, DepartmentID: deptEast}
	wu     = aftersales.Actor{ID: "u-wu", Name: "吴专员", Role: aftersales.RoleSpecialist, DepartmentID: deptWest}
	deputy = aftersales.Actor{ID: "u-deputy", Name: "孙副部长", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
)

// figures are the CaseData stub's fixed figures per person.
var figures = map[string]staff.Figures{
	zhou.ID:  {Met: 18, Missed: 2, Accepted: 10, FirstTime: 9, Visits: 8, SatisfactionSum: 37, Complaints: 1, Rework: 1},
	wu.ID:    {Met: 7, Missed: 3, Accepted: 4, FirstTime: 2, Visits: 3, SatisfactionSum: 11, Complaints: 2, Rework: 3},
	clerk.ID: {Met: 25, Accepted: 12, FirstTime: 12, Visits: 12, SatisfactionSum: 59},
}

type cases struct{}

func (cases) Figures(_ context.Context, personID string, _ staff.Period) (staff.Figures, error) {
	return figures[personID], nil
}

func person(a aftersales.Actor) staff.Person {
	return staff.Person{ID: a.ID, Name: a.Name, Role: a.Role, DepartmentID: a.DepartmentID, Active: true}
}

// entry is a change the suite expects in the history.
type entry struct {
	subject string
	typ     string
	actor   aftersales.Actor
	at      time.Time
}

// fixture is one subtest's store and the Service that writes to it.
type fixture struct {
	ctx   context.Context
	store staff.Store // the store under test
	rec   *recorder
	svc   *staff.Service

	mu      sync.Mutex
	now     time.Time
	ids     int
	entries []entry
}

func newFixture(t *testing.T, s staff.Store) *fixture {
	f := &fixture{ctx: context.Background(), store: s, rec: &recorder{Store: s}, now: orgStart}
	svc, err := staff.NewService(staff.Config{
		Store: f.rec,
		Cases: cases{},
		Clock: aftersales.ClockFunc(func() time.Time {
			f.mu.Lock()
			defer f.mu.Unlock()
			return f.now
		}),
		NewID: func() string {
			f.mu.Lock()
			defer f.mu.Unlock()
			f.ids++
			return fmt.Sprintf("R-%04d", 9999-f.ids) // descending: creation order is never ID order
		},
	})
	require.NoError(t, err)
	f.svc = svc
	return f
}

func (f *fixture) setNow(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = t
}

func (f *fixture) expect(e entry) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.entries = append(f.entries, e)
}

// recorder passes everything to the store under test and keeps the change
// of every successful Save, in one history as the store keeps them.
type recorder struct {
	staff.Store
	saved ast.Saved[staff.Change] // all under ""
}

func (r *recorder) keep(err error, c staff.Change) error {
	if err == nil {
		r.saved.Add("", c)
	}
	return err
}

func (r *recorder) SaveOrganisation(ctx context.Context, o *staff.Organisation, c staff.Change) error {
	return r.keep(r.Store.SaveOrganisation(ctx, o, c), c)
}

func (r *recorder) SaveSession(ctx context.Context, s *staff.Session, c staff.Change) error {
	return r.keep(r.Store.SaveSession(ctx, s, c), c)
}

func (r *recorder) SaveAssessment(ctx context.Context, a *staff.Assessment, c staff.Change) error {
	return r.keep(r.Store.SaveAssessment(ctx, a, c), c)
}

// errNil is what the Service sees when the store under test returns a nil
// value with no error, so that the suite fails instead of panicking.
var errNil = errors.New("storetest: the store returned a nil value and no error")

func (r *recorder) Organisation(ctx context.Context) (*staff.Organisation, error) {
	o, err := r.Store.Organisation(ctx)
	if o == nil && err == nil {
		return nil, errNil
	}
	return o, err
}

func (r *recorder) Sessions(ctx context.Context) ([]*staff.Session, error) {
	ss, err := r.Store.Sessions(ctx)
	if err == nil && slices.Contains(ss, nil) {
		return nil, errNil
	}
	return ss, err
}

func (r *recorder) changes() []staff.Change { return r.saved.Of("") }

// orgStep is one Service command on the organisation.
type orgStep struct {
	name  string
	actor aftersales.Actor
	typ   string
	run   func(ctx context.Context, s *staff.Service) (*staff.Organisation, error)
}

// orgSteps build the suite's organisation: eight people and one inactive
// one, the after-sales department and two project departments with their
// heads, a closed design department, two projects with their managers; on
// P-EAST 周专员 appointed and filed; on P-WEST 吴专员 appointed and filed,
// then replaced by 周专员, not yet filed; 吴专员's record updated in place;
// and the head handed to 孙副部长 and back.
func orgSteps() []orgStep {
	putPerson := func(p staff.Person, by aftersales.Actor) orgStep {
		return orgStep{"PutPerson " + p.ID, by, "person", func(ctx context.Context, s *staff.Service) (*staff.Organisation, error) {
			return s.PutPerson(ctx, p, by)
		}}
	}
	putDept := func(d staff.Department, by aftersales.Actor) orgStep {
		return orgStep{"PutDepartment " + d.ID, by, "department", func(ctx context.Context, s *staff.Service) (*staff.Organisation, error) {
			return s.PutDepartment(ctx, d, by)
		}}
	}
	putProject := func(p staff.Project, by aftersales.Actor) orgStep {
		return orgStep{"PutProject " + p.ID, by, "project", func(ctx context.Context, s *staff.Service) (*staff.Organisation, error) {
			return s.PutProject(ctx, p, by)
		}}
	}
	appoint := func(projectID string, specialist, by aftersales.Actor) orgStep {
		return orgStep{"Appoint " + specialist.ID + " to " + projectID, by, "appointment", func(ctx context.Context, s *staff.Service) (*staff.Organisation, error) {
			return s.Appoint(ctx, projectID, specialist.ID, by)
		}}
	}
	changeHead := func(to aftersales.Actor) orgStep {
		return orgStep{"ChangeHead to " + to.ID, gm, "head", func(ctx context.Context, s *staff.Service) (*staff.Organisation, error) {
			return s.ChangeHead(ctx, to.ID, gm)
		}}
	}
	file := func(projectID string, by aftersales.Actor) orgStep {
		return orgStep{"File " + projectID, by, "filing", func(ctx context.Context, s *staff.Service) (*staff.Organisation, error) {
			return s.File(ctx, projectID, by)
		}}
	}
	retired := staff.Person{ID: "u-retired", Name: "郑师傅", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	zhouReached := person(zhou) // contacts round-trip through every store
	zhouReached.Email, zhouReached.Phone = "zhou@example.com", "+8613800138000"
	wuMoved := person(wu)
	wuMoved.Name, wuMoved.DepartmentID = "吴专员（已调岗）", deptEast
	return []orgStep{
		putPerson(person(gm), gm),
		putPerson(person(head), gm),
		putPerson(person(clerk), head),
		putPerson(person(pmEast), head),
		putPerson(person(pmWest), head),
		putPerson(zhouReached, head),
		putPerson(person(wu), head),
		putPerson(retired, head),
		putDept(staff.Department{Department: aftersales.Department{ID: aftersales.DeptAfterSales, Name: "售后管理部", Kind: aftersales.DeptKindAfterSales}, HeadID: head.ID}, gm),
		putDept(staff.Department{Department: aftersales.Department{ID: deptEast, Name: "东区项目部", Kind: aftersales.DeptKindProject}, HeadID: pmEast.ID}, head),
		putDept(staff.Department{Department: aftersales.Department{ID: deptWest, Name: "西区项目部", Kind: aftersales.DeptKindProject}, HeadID: pmWest.ID}, head),
		putProject(staff.Project{Project: aftersales.Project{ID: projectEast, Name: "阳光花园", Kind: aftersales.Residential, DepartmentID: deptEast}, ManagerID: pmEast.ID}, head),
		putProject(staff.Project{Project: aftersales.Project{ID: projectWest, Name: "滨江商务中心", Kind: aftersales.Commercial, DepartmentID: deptWest}, ManagerID: pmWest.ID}, gm),
		appoint(projectEast, zhou, pmEast),
		file(projectEast, head),
		appoint(projectWest, wu, pmWest),
		file(projectWest, head),
		appoint(projectWest, zhou, pmWest), // ends 吴专员's appointment; not filed
		putPerson(wuMoved, head),
		putDept(staff.Department{Department: aftersales.Department{ID: deptOld, Name: "原设计部", Kind: aftersales.DeptKindDesign, Closed: true}}, gm),
		putPerson(person(deputy), head),
		changeHead(deputy), // 钱部长 becomes staff, 孙副部长 head
		changeHead(head),   // and back
	}
}

// buildOrganisation runs orgSteps, an hour apart, and returns the last
// organisation the Service returned. check, if not nil, is called after
// every step.
func (f *fixture) buildOrganisation(t *testing.T, check func(name string, o *staff.Organisation)) *staff.Organisation {
	t.Helper()
	var o *staff.Organisation
	for i, s := range orgSteps() {
		when := orgStart.Add(time.Duration(i) * time.Hour)
		f.setNow(when)
		next, err := s.run(f.ctx, f.svc)
		require.NoError(t, err, "step %s", s.name)
		require.NotNil(t, next, "step %s returned nil", s.name)
		require.Equal(t, i+1, next.Version, "step %s", s.name)
		f.expect(entry{"organisation", s.typ, s.actor, when})
		o = next
		if check != nil {
			check(s.name, o)
		}
	}
	return o
}

// sessionCmds are the suite's training sessions, recorded in this order:
// out of date order, two of them on the same day.
func sessionCmds() []struct {
	actor aftersales.Actor
	s     staff.Session
} {
	return []struct {
		actor aftersales.Actor
		s     staff.Session
	}{
		{head, staff.Session{Date: calendar.D(2026, 3, 10), Topic: staff.TopicCommunication, Title: "投诉接待话术", Trainer: "外聘讲师",
			Hours: dec("3.5"), Attendees: []string{zhou.ID, clerk.ID}}},
		{clerk, staff.Session{Date: calendar.D(2026, 9, 1), Topic: "BIM 运维平台", Title: "运维平台上线培训", Trainer: "信息部",
			Hours: dec("2"), Attendees: []string{clerk.ID}}},
		{head, staff.Session{Date: calendar.D(2026, 3, 10), Topic: staff.TopicQuality, Title: "渗漏问题处理", Trainer: "总工办",
			Hours: dec("1.25"), Attendees: []string{zhou.ID, wu.ID}}},
		{gm, staff.Session{Date: calendar.D(2026, 1, 15), Topic: staff.TopicProcess, Title: "售后服务流程（2026 版）", Trainer: "钱部长",
			Hours: dec("8"), Attendees: []string{wu.ID, head.ID, clerk.ID}}},
	}
}

// recordSessions records sessionCmds a minute apart and returns what the
// Service returned, in the order recorded.
func (f *fixture) recordSessions(t *testing.T) []*staff.Session {
	t.Helper()
	var out []*staff.Session
	for i, c := range sessionCmds() {
		when := recordStart.Add(time.Duration(i) * time.Minute)
		f.setNow(when)
		s, err := f.svc.RecordSession(f.ctx, c.s, c.actor)
		require.NoError(t, err, "RecordSession %d", i)
		require.NotNil(t, s)
		f.expect(entry{"session:" + s.ID, "training", c.actor, when})
		out = append(out, s)
	}
	return out
}

var (
	q1 = staff.Period{From: calendar.D(2026, 1, 1), To: calendar.D(2026, 3, 31)}
	q3 = staff.Period{From: calendar.D(2026, 7, 1), To: calendar.D(2026, 9, 30)}
)

// assessCmds are the suite's assessments, made in this order: out of
// period order, 周专员 assessed twice for the first quarter.
func assessCmds() []staff.AssessCommand {
	return []staff.AssessCommand{
		{PersonID: zhou.ID, Period: q3, ServiceQuality: dec("85"), RatedBy: "孙经理", Actor: head},
		{PersonID: zhou.ID, Period: q1, ServiceQuality: dec("92.5"), RatedBy: "孙经理", Actor: head},
		{PersonID: wu.ID, Period: q1, ServiceQuality: dec("70"), RatedBy: "李经理", Actor: head},
		{PersonID: zhou.ID, Period: q1, ServiceQuality: dec("88.25"), RatedBy: "钱部长", Actor: gm},
		{PersonID: clerk.ID, Period: q3, ServiceQuality: dec("60"), RatedBy: "钱部长", Actor: gm},
	}
}

// assess makes assessCmds a minute apart and returns what the Service
// returned, in the order made.
func (f *fixture) assess(t *testing.T) []*staff.Assessment {
	t.Helper()
	var out []*staff.Assessment
	for i, c := range assessCmds() {
		when := assessStart.Add(time.Duration(i) * time.Minute)
		f.setNow(when)
		a, err := f.svc.Assess(f.ctx, c)
		require.NoError(t, err, "Assess %d", i)
		require.NotNil(t, a)
		f.expect(entry{"assessment:" + a.ID, "assessment", c.Actor, when})
		out = append(out, a)
	}
	return out
}

// full builds the organisation, records the sessions and makes the
// assessments.
func (f *fixture) full(t *testing.T) (*staff.Organisation, []*staff.Session, []*staff.Assessment) {
	t.Helper()
	o := f.buildOrganisation(t, nil)
	ss := f.recordSessions(t)
	as := f.assess(t)
	return o, ss, as
}

func (f *fixture) org(t *testing.T) *staff.Organisation {
	t.Helper()
	o, err := f.store.Organisation(f.ctx)
	require.NoError(t, err, "Organisation")
	require.NotNil(t, o, "Organisation returned nil")
	return o
}

func (f *fixture) session(t *testing.T, id string) *staff.Session {
	t.Helper()
	s, err := f.store.Session(f.ctx, id)
	require.NoError(t, err, "Session(%s)", id)
	require.NotNil(t, s, "Session(%s) returned nil", id)
	return s
}

func (f *fixture) sessions(t *testing.T) []*staff.Session {
	t.Helper()
	ss, err := f.store.Sessions(f.ctx)
	require.NoError(t, err, "Sessions")
	for i, s := range ss {
		require.NotNil(t, s, "Sessions()[%d] is nil", i)
	}
	return ss
}

func (f *fixture) assessment(t *testing.T, id string) *staff.Assessment {
	t.Helper()
	a, err := f.store.Assessment(f.ctx, id)
	require.NoError(t, err, "Assessment(%s)", id)
	require.NotNil(t, a, "Assessment(%s) returned nil", id)
	return a
}

func (f *fixture) assessments(t *testing.T, personID string) []*staff.Assessment {
	t.Helper()
	as, err := f.store.Assessments(f.ctx, personID)
	require.NoError(t, err, "Assessments(%q)", personID)
	for i, a := range as {
		require.NotNil(t, a, "Assessments(%q)[%d] is nil", personID, i)
	}
	return as
}

func (f *fixture) history(t *testing.T) []staff.Change {
	t.Helper()
	h, err := f.store.History(f.ctx)
	require.NoError(t, err, "History")
	return h
}

// state is everything a store holds, normalised.
type state struct {
	Org         *staff.Organisation
	Sessions    []*staff.Session
	Assessments []*staff.Assessment
	History     []staff.Change
}

func (f *fixture) state(t *testing.T) state {
	t.Helper()
	return state{ast.Normalized(f.org(t)), ast.Normalized(f.sessions(t)), ast.Normalized(f.assessments(t, "")), ast.Normalized(f.history(t))}
}

// requireUnchanged requires the store to hold exactly want.
func (f *fixture) requireUnchanged(t *testing.T, want state, msg string) {
	t.Helper()
	got := f.state(t)
	require.Equal(t, want.Org, got.Org, "%s: the stored organisation changed", msg)
	require.Equal(t, want.Sessions, got.Sessions, "%s: the stored sessions changed", msg)
	require.Equal(t, want.Assessments, got.Assessments, "%s: the stored assessments changed", msg)
	require.Equal(t, want.History, got.History, "%s: the stored history changed", msg)
}

// Normalisation (every time in UTC, every decimal in its canonical form,
// every empty slice nil, on copies) is the shared ast.Normalized.

// numbered returns cs with Seq 1..n, as the store must number them.
func numbered(cs []staff.Change) []staff.Change {
	out := ast.Normalized(cs)
	for i := range out {
		out[i].Seq = i + 1
	}
	return out
}

// Direct writes, which do not go through the Service.

// orgFollowing returns o moved on to version v by a direct write that adds
// a person, and its change.
func orgFollowing(o *staff.Organisation, v int, note string) (*staff.Organisation, staff.Change) {
	next := o.Clone()
	next.Version = v
	next.UpdatedAt = assessStart.Add(time.Duration(v) * time.Second)
	next.People = append(next.People, staff.Person{ID: "u-" + note, Name: note, Role: aftersales.RoleAfterSalesStaff,
		DepartmentID: aftersales.DeptAfterSales, Active: true})
	return next, staff.Change{Subject: "organisation", Type: "person", At: next.UpdatedAt, Actor: head, Note: "人员：" + note}
}

// sessionFollowing returns s moved on to version v by a direct write, and
// its change.
func sessionFollowing(s *staff.Session, v int, note string) (*staff.Session, staff.Change) {
	next := s.Clone()
	next.Version = v
	next.Title = note
	next.Hours = next.Hours.Add(dec("0.5"))
	next.UpdatedAt = assessStart.Add(time.Duration(v) * time.Second)
	return next, staff.Change{Subject: "session:" + s.ID, Type: "training_corrected", At: next.UpdatedAt, Actor: clerk, Note: note}
}

// freshSession is a hand-made new session and its change.
func freshSession(id, note string) (*staff.Session, staff.Change) {
	s := &staff.Session{ID: id, Version: 1, Date: calendar.D(2026, 6, 18), Topic: staff.TopicProcess, Title: note,
		Trainer: "钱部长", Hours: dec("1.75"), Attendees: []string{clerk.ID, zhou.ID}, UpdatedAt: assessStart.Add(-time.Hour)}
	return s, staff.Change{Subject: "session:" + id, Type: "training", At: s.UpdatedAt, Actor: clerk, Note: note}
}

// assessmentFollowing returns a moved on to version v by a direct write,
// and its change.
func assessmentFollowing(a *staff.Assessment, v int, note string) (*staff.Assessment, staff.Change) {
	next := a.Clone()
	next.Version = v
	next.RatedBy = note
	next.Total = next.Total.Add(dec("0.25"))
	next.AssessedAt = assessStart.Add(time.Duration(v) * time.Second)
	return next, staff.Change{Subject: "assessment:" + a.ID, Type: "assessment_corrected", At: next.AssessedAt, Actor: head, Note: note}
}

// freshAssessment is a hand-made new assessment and its change.
func freshAssessment(id, note string) (*staff.Assessment, staff.Change) {
	a := &staff.Assessment{ID: id, Version: 1, PersonID: zhou.ID, Period: staff.Period{From: calendar.D(2026, 4, 1), To: calendar.D(2026, 6, 30)},
		Figures: staff.Figures{Met: 3, Missed: 1}, TrainingHours: dec("1.75"), ServiceQuality: dec("75.5"), RatedBy: note,
		Lines: []staff.Line{{Indicator: staff.ServiceQuality, Label: staff.ServiceQuality.Label(), Measured: "主管评分",
			Score: dec("75.5"), Weight: dec("1"), Points: dec("75.5")}},
		Total: dec("75.5"), Band: "合格", Pay: dec("1.0"), AssessedBy: head.ID, AssessedAt: assessStart.Add(-time.Hour)}
	return a, staff.Change{Subject: "assessment:" + id, Type: "assessment", At: a.AssessedAt, Actor: head, Note: note}
}

func testOrganisationRoundTrip(t *testing.T, f *fixture) {
	// Before the first save: an empty organisation at version 0, and
	// nothing else.
	empty := f.org(t)
	require.Equal(t, 0, empty.Version, "Organisation before the first save")
	ast.RequireSame(t, &staff.Organisation{}, empty, "Organisation before the first save must be empty")
	require.Empty(t, f.history(t), "History of an empty store")
	require.Empty(t, f.sessions(t), "Sessions of an empty store")
	require.Empty(t, f.assessments(t, ""), "Assessments of an empty store")
	svcEmpty, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err, "Service.Organisation on an empty store")
	require.Equal(t, 0, svcEmpty.Version)

	final := f.buildOrganisation(t, func(name string, o *staff.Organisation) {
		ast.RequireSame(t, o, f.org(t), "Organisation after %s", name)
	})

	// The fixture must have built a rich record, or the checks above prove
	// little.
	require.Len(t, final.People, 9)
	require.Len(t, final.Departments, 4)
	require.Len(t, final.Projects, 2)
	require.Len(t, final.Appointments, 3)
	var inactive, ended, unfiled int
	for _, p := range final.People {
		if !p.Active {
			inactive++
		}
	}
	for _, a := range final.Appointments {
		if a.EndedAt != nil {
			ended++
		}
		if a.FiledAt == nil {
			unfiled++
		}
	}
	require.Equal(t, []int{1, 1, 1}, []int{inactive, ended, unfiled}, "inactive people, ended and unfiled appointments")
	require.Equal(t, len(orgSteps()), final.Version)

	// Times keep their instants, the pointers too.
	got := f.org(t)
	require.True(t, final.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt %v, stored %v", final.UpdatedAt, got.UpdatedAt)
	require.Len(t, got.Appointments, 3)
	for i, a := range final.Appointments {
		g := got.Appointments[i]
		require.True(t, a.AppointedAt.Equal(g.AppointedAt), "Appointments[%d].AppointedAt %v, stored %v", i, a.AppointedAt, g.AppointedAt)
		require.Equal(t, a.FiledAt == nil, g.FiledAt == nil, "Appointments[%d].FiledAt", i)
		if a.FiledAt != nil {
			require.True(t, a.FiledAt.Equal(*g.FiledAt), "Appointments[%d].FiledAt %v, stored %v", i, *a.FiledAt, *g.FiledAt)
		}
		require.Equal(t, a.EndedAt == nil, g.EndedAt == nil, "Appointments[%d].EndedAt", i)
		if a.EndedAt != nil {
			require.True(t, a.EndedAt.Equal(*g.EndedAt), "Appointments[%d].EndedAt %v, stored %v", i, *a.EndedAt, *g.EndedAt)
		}
	}

	// What the stored organisation answers: G4.1, G4.2, G4.3, P2.1.
	leader, members := got.Group()
	require.Equal(t, gm.ID, leader)
	require.Equal(t, []string{head.ID, pmEast.ID, pmWest.ID}, members)
	spec, ok := got.Specialist(projectEast)
	require.True(t, ok)
	require.Equal(t, zhou.ID, spec)
	_, ok = got.Specialist(projectWest)
	require.False(t, ok, "P-WEST's current appointment is not filed")
	require.Equal(t, []string{projectEast}, got.SpecialistProjects(zhou.ID))
	require.Empty(t, got.SpecialistProjects(wu.ID))
	p, err := got.Directory().Project(f.ctx, projectEast)
	require.NoError(t, err)
	require.Equal(t, zhou.ID, p.SpecialistID)
	require.Equal(t, deptEast, p.DepartmentID)
	_, err = got.Actor("u-retired")
	require.True(t, errors.Is(err, aftersales.ErrForbidden), "an inactive person does not act: %v", err)
	old, err := got.Lookup().Department(f.ctx, deptOld)
	require.NoError(t, err)
	require.True(t, old.Closed, "a closed department comes back closed")
	cur, ok := got.Head()
	require.True(t, ok)
	require.Equal(t, head.ID, cur.ID, "the head after two changes of head")
	dep, ok := got.Person(deputy.ID)
	require.True(t, ok)
	require.Equal(t, aftersales.RoleAfterSalesStaff, dep.Role, "the deputy is staff again")
	moved, ok := got.Person(wu.ID)
	require.True(t, ok)
	require.Equal(t, "吴专员（已调岗）", moved.Name, "PutPerson of an existing person replaces it")

	// The Service reads what the store keeps.
	o, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, final, o)
}

func testRecordsRoundTrip(t *testing.T, f *fixture) {
	f.buildOrganisation(t, nil)
	ss := f.recordSessions(t)
	for i, s := range ss {
		ast.RequireSame(t, []*staff.Session{s}, []*staff.Session{f.session(t, s.ID)}, "Session(%s), the %d. recorded", s.ID, i+1)
		require.True(t, s.UpdatedAt.Equal(f.session(t, s.ID).UpdatedAt))
	}
	// Decimal hours keep their value.
	require.Equal(t, "3.5", f.session(t, ss[0].ID).Hours.String())
	require.Equal(t, "1.25", f.session(t, ss[2].ID).Hours.String())
	require.Equal(t, []string{clerk.ID, zhou.ID}, f.session(t, ss[0].ID).Attendees, "attendees as the Service sorted them")

	// Sessions: by date, then ID.
	want := slices.Clone(ss)
	slices.SortFunc(want, func(a, b *staff.Session) int {
		if c := a.Date.Compare(b.Date); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
	require.NotEqual(t, ss, want, "the fixture must record sessions out of order")
	require.Equal(t, want[1].Date, want[2].Date, "the fixture must record two sessions on one day")
	require.Less(t, want[1].ID, want[2].ID)
	ast.RequireSame(t, want, f.sessions(t), "Sessions must be ordered by date, then ID")

	as := f.assess(t)
	for i, a := range as {
		ast.RequireSame(t, []*staff.Assessment{a}, []*staff.Assessment{f.assessment(t, a.ID)}, "Assessment(%s), the %d. made", a.ID, i+1)
	}
	// The first quarter's assessment of 周专员 counted both sessions of
	// 2026-03-10: 3.5 + 1.25 hours.
	got := f.assessment(t, as[1].ID)
	require.True(t, dec("4.75").Equal(got.TrainingHours), "TrainingHours %s", got.TrainingHours)
	require.True(t, as[1].Total.Equal(got.Total), "Total %s, stored %s", as[1].Total, got.Total)
	require.True(t, as[1].Pay.Equal(got.Pay), "Pay %s, stored %s", as[1].Pay, got.Pay)
	require.Equal(t, as[1].Band, got.Band)
	require.Len(t, got.Lines, len(staff.Indicators()))
	require.True(t, as[1].AssessedAt.Equal(got.AssessedAt))

	// Assessments: a person's, or everyone's, by the start of the period,
	// then ID.
	order := func(as []*staff.Assessment) []*staff.Assessment {
		out := slices.Clone(as)
		slices.SortFunc(out, func(a, b *staff.Assessment) int {
			if c := a.Period.From.Compare(b.Period.From); c != 0 {
				return c
			}
			return strings.Compare(a.ID, b.ID)
		})
		return out
	}
	of := func(personID string) []*staff.Assessment {
		var out []*staff.Assessment
		for _, a := range as {
			if a.PersonID == personID {
				out = append(out, a)
			}
		}
		return order(out)
	}
	all := order(as)
	require.NotEqual(t, as, all, "the fixture must assess out of order")
	ast.RequireSame(t, all, f.assessments(t, ""), `Assessments(""): everyone's, by period then ID`)
	zs := of(zhou.ID)
	require.Len(t, zs, 3)
	require.Equal(t, zs[0].Period, zs[1].Period, "the fixture must assess 周专员 twice for one period")
	ast.RequireSame(t, zs, f.assessments(t, zhou.ID), "Assessments(%s)", zhou.ID)
	ast.RequireSame(t, of(wu.ID), f.assessments(t, wu.ID), "Assessments(%s)", wu.ID)
	ast.RequireSame(t, of(clerk.ID), f.assessments(t, clerk.ID), "Assessments(%s)", clerk.ID)
	require.Empty(t, f.assessments(t, head.ID), "a person never assessed")
	require.Empty(t, f.assessments(t, "u-nobody"), "an unknown person")
	require.Empty(t, f.assessments(t, "u-zho"), "a prefix of a person's ID")

	// The Service reads what the store keeps.
	svcSessions, err := f.svc.Sessions(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, want, svcSessions)
	svcAssessments, err := f.svc.Assessments(f.ctx, zhou.ID)
	require.NoError(t, err)
	ast.RequireSame(t, zs, svcAssessments)

	// Training hours and cadence computed from the stored sessions.
	hours := staff.TrainingHours(f.sessions(t), 2026)
	require.Equal(t, "13.5", hours[clerk.ID].String())
	require.Equal(t, "4.75", hours[zhou.ID].String())
}

func testHistoryInOrder(t *testing.T, f *fixture) {
	f.buildOrganisation(t, nil)
	f.recordSessions(t)
	f.assess(t)
	// One more change of the organisation after the records.
	when := assessStart.Add(time.Hour)
	f.setNow(when)
	_, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "u-new", Name: "新同事", Role: aftersales.RoleAfterSalesStaff,
		DepartmentID: aftersales.DeptAfterSales, Active: true}, head)
	require.NoError(t, err)
	f.expect(entry{"organisation", "person", head, when})

	h := f.history(t)
	require.Len(t, h, len(f.entries), "one change per save")
	for i, c := range h {
		e := f.entries[i]
		require.Equal(t, i+1, c.Seq, "History[%d].Seq", i)
		require.Equal(t, e.subject, c.Subject, "History[%d].Subject", i)
		require.Equal(t, e.typ, c.Type, "History[%d].Type", i)
		require.Equal(t, e.actor, c.Actor, "History[%d].Actor", i)
		require.True(t, e.at.Equal(c.At), "History[%d].At %v, want %v", i, c.At, e.at)
		require.NotEmpty(t, c.Note, "History[%d].Note", i)
	}
	ast.RequireSame(t, numbered(f.rec.changes()), h, "History must return the changes saved, in order")

	// The Service reads the same history.
	sh, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, h, sh)
}

// requireRefused requires save (the Store's method name) to refuse three
// writes with a KindConflict error that leaves the store as it was before:
// one based on a stale version, one ahead of the stored version and a
// second creation of a record that exists.
func requireRefused[R any](t *testing.T, f *fixture, before state, name string, save func(context.Context, R, staff.Change) error,
	stale, ahead, again func() (R, staff.Change)) {
	t.Helper()
	for _, w := range []struct {
		what  string
		write func() (R, staff.Change)
	}{{"on a stale version", stale}, {"ahead of the stored version", ahead}, {"creating an existing record", again}} {
		r, c := w.write()
		err := save(f.ctx, r, c)
		require.True(t, errors.Is(err, aftersales.ErrConflict), "%s %s: want a KindConflict error, got %v", name, w.what, err)
		f.requireUnchanged(t, before, "after "+name+" "+w.what)
	}
}

func testStaleWrites(t *testing.T, f *fixture) {
	org, ss, as := f.full(t)
	ctx := f.ctx

	// The organisation: someone reads it, someone else moves it on.
	stale := f.org(t)
	f.setNow(assessStart.Add(time.Hour))
	cur, err := f.svc.PutPerson(ctx, staff.Person{ID: "u-late", Name: "后来者", Role: aftersales.RoleAfterSalesStaff, Active: true}, head)
	require.NoError(t, err)
	require.Equal(t, org.Version+1, cur.Version)
	before := f.state(t)

	requireRefused(t, f, before, "SaveOrganisation", f.store.SaveOrganisation,
		func() (*staff.Organisation, staff.Change) { return orgFollowing(stale, stale.Version+1, "stale") },
		func() (*staff.Organisation, staff.Change) { return orgFollowing(cur, cur.Version+2, "ahead") },
		func() (*staff.Organisation, staff.Change) { return orgFollowing(&staff.Organisation{}, 1, "again") })

	// A session: a direct correction moves it to version 2.
	s := f.session(t, ss[0].ID)
	require.Equal(t, 1, s.Version)
	corrected, c := sessionFollowing(s, 2, "更正学时")
	require.NoError(t, f.store.SaveSession(ctx, corrected, c), "SaveSession of version 2 over version 1")
	ast.RequireSame(t, []*staff.Session{corrected}, []*staff.Session{f.session(t, s.ID)})
	before = f.state(t)

	requireRefused(t, f, before, "SaveSession", f.store.SaveSession,
		func() (*staff.Session, staff.Change) { return sessionFollowing(s, 2, "stale") },
		func() (*staff.Session, staff.Change) { return sessionFollowing(corrected, 4, "ahead") },
		func() (*staff.Session, staff.Change) { return freshSession(ss[1].ID, "again") })

	// An assessment: the same.
	a := f.assessment(t, as[0].ID)
	require.Equal(t, 1, a.Version)
	revised, c := assessmentFollowing(a, 2, "复核")
	require.NoError(t, f.store.SaveAssessment(ctx, revised, c), "SaveAssessment of version 2 over version 1")
	ast.RequireSame(t, []*staff.Assessment{revised}, []*staff.Assessment{f.assessment(t, a.ID)})
	before = f.state(t)

	requireRefused(t, f, before, "SaveAssessment", f.store.SaveAssessment,
		func() (*staff.Assessment, staff.Change) { return assessmentFollowing(a, 2, "stale") },
		func() (*staff.Assessment, staff.Change) { return assessmentFollowing(revised, 4, "ahead") },
		func() (*staff.Assessment, staff.Change) { return freshAssessment(as[1].ID, "again") })

	// Updating a record that does not exist writes nothing.
	ghostS, _ := freshSession("S-GHOST", "ghost")
	ghostS, c = sessionFollowing(ghostS, 2, "ghost")
	err = f.store.SaveSession(ctx, ghostS, c)
	require.True(t, errors.Is(err, aftersales.ErrConflict) || errors.Is(err, aftersales.ErrNotFound),
		"SaveSession of version 2 for an unknown ID: want a KindConflict or KindNotFound error, got %v", err)
	ghostA, _ := freshAssessment("A-GHOST", "ghost")
	ghostA, c = assessmentFollowing(ghostA, 2, "ghost")
	err = f.store.SaveAssessment(ctx, ghostA, c)
	require.True(t, errors.Is(err, aftersales.ErrConflict) || errors.Is(err, aftersales.ErrNotFound),
		"SaveAssessment of version 2 for an unknown ID: want a KindConflict or KindNotFound error, got %v", err)
	_, err = f.store.Session(ctx, "S-GHOST")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Session after a failed update of an unknown ID: %v", err)
	_, err = f.store.Assessment(ctx, "A-GHOST")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Assessment after a failed update of an unknown ID: %v", err)
	f.requireUnchanged(t, before, "after updates of unknown IDs")

	// Fresh writes on the current versions still succeed, and are logged.
	wantHistory := before.History
	next, c := orgFollowing(cur, cur.Version+1, "current")
	require.NoError(t, f.store.SaveOrganisation(ctx, next, c))
	wantHistory = append(wantHistory, c)
	sn, c := sessionFollowing(corrected, 3, "current")
	require.NoError(t, f.store.SaveSession(ctx, sn, c))
	wantHistory = append(wantHistory, c)
	an, c := assessmentFollowing(revised, 3, "current")
	require.NoError(t, f.store.SaveAssessment(ctx, an, c))
	wantHistory = append(wantHistory, c)
	ast.RequireSame(t, next, f.org(t))
	ast.RequireSame(t, []*staff.Session{sn}, []*staff.Session{f.session(t, sn.ID)})
	ast.RequireSame(t, []*staff.Assessment{an}, []*staff.Assessment{f.assessment(t, an.ID)})
	ast.RequireSame(t, numbered(wantHistory), f.history(t), "after current writes")
}

func testConcurrentWriters(t *testing.T, f *fixture) {
	const writers, rounds = 8, 3
	f.buildOrganisation(t, nil)

	// Eight writers race from the same version of the organisation.
	for round := range rounds {
		before := f.history(t)
		var (
			mu      sync.Mutex
			nexts   = make([]*staff.Organisation, writers)
			changes = make([]staff.Change, writers)
		)
		errs := ast.Race(t, writers, func(i int) (func() error, error) {
			cur, err := f.store.Organisation(f.ctx)
			if err != nil {
				return nil, err
			}
			next, c := orgFollowing(cur, cur.Version+1, fmt.Sprintf("round-%d-writer-%d", round, i))
			mu.Lock()
			nexts[i], changes[i] = next, c
			mu.Unlock()
			return func() error { return f.store.SaveOrganisation(f.ctx, next, c) }, nil
		})
		winner := ast.OneWinner(t, errs, fmt.Sprintf("organisation, round %d", round))
		after := f.history(t)
		require.Len(t, after, len(before)+1, "round %d: the history must grow by exactly one change", round)
		ast.RequireSame(t, numbered(append(slices.Clone(before), changes[winner])), after, "round %d: the winner's change", round)
		ast.RequireSame(t, nexts[winner], f.org(t), "round %d: the winner's organisation", round)
	}

	// Eight writers create the same session.
	before := f.history(t)
	sessions := make([]*staff.Session, writers)
	changes := make([]staff.Change, writers)
	for i := range writers {
		sessions[i], changes[i] = freshSession("S-RACE", fmt.Sprintf("writer-%d", i))
	}
	errs := ast.Race(t, writers, func(i int) (func() error, error) {
		return func() error { return f.store.SaveSession(f.ctx, sessions[i], changes[i]) }, nil
	})
	winner := ast.OneWinner(t, errs, "creating one session")
	ast.RequireSame(t, []*staff.Session{sessions[winner]}, []*staff.Session{f.session(t, "S-RACE")}, "the winner's session")
	ast.RequireSame(t, numbered(append(slices.Clone(before), changes[winner])), f.history(t), "the winner's change")

	// Eight writers create different sessions and assessments: all win,
	// and the store numbers their changes 1..n.
	before = f.history(t)
	errs = ast.Race(t, 2*writers, func(i int) (func() error, error) {
		if i%2 == 0 {
			s, c := freshSession(fmt.Sprintf("S-NEW-%d", i), fmt.Sprintf("writer-%d", i))
			return func() error { return f.store.SaveSession(f.ctx, s, c) }, nil
		}
		a, c := freshAssessment(fmt.Sprintf("A-NEW-%d", i), fmt.Sprintf("writer-%d", i))
		return func() error { return f.store.SaveAssessment(f.ctx, a, c) }, nil
	})
	for i, err := range errs {
		require.NoError(t, err, "creating record %d", i)
	}
	after := f.history(t)
	require.Len(t, after, len(before)+2*writers)
	notes := map[string]bool{}
	for i, c := range after {
		require.Equal(t, i+1, c.Seq, "History[%d].Seq after concurrent creations", i)
		if i >= len(before) {
			notes[c.Note] = true
		}
	}
	require.Len(t, notes, 2*writers, "every concurrent creation logged once")
	require.Len(t, f.sessions(t), 1+writers)
	require.Len(t, f.assessments(t, zhou.ID), writers)
}

func testNotFound(t *testing.T, f *fixture) {
	check := func(id string) {
		t.Helper()
		s, err := f.store.Session(f.ctx, id)
		require.True(t, errors.Is(err, aftersales.ErrNotFound), "Session(%q): want a KindNotFound error, got %v", id, err)
		require.Nil(t, s)
		a, err := f.store.Assessment(f.ctx, id)
		require.True(t, errors.Is(err, aftersales.ErrNotFound), "Assessment(%q): want a KindNotFound error, got %v", id, err)
		require.Nil(t, a)
	}
	check("R-NONE") // empty store
	require.Empty(t, f.assessments(t, zhou.ID))

	_, ss, as := f.full(t)
	check("R-NONE")
	for _, id := range []string{ss[0].ID, as[0].ID} {
		check(id + "0")               // a longer ID sharing the prefix
		check(id[:len(id)-1])         // a prefix
		check(strings.ToLower(id))    // another case
		check(id + "' OR '1'='1")     // not a query fragment
		check(" " + id)               // not trimmed
		check(strings.Repeat("x", 3)) // nothing like it
	}
	check("")
	// A session's ID is not an assessment's, nor the other way round.
	_, err := f.store.Assessment(f.ctx, ss[0].ID)
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Assessment(a session's ID): %v", err)
	_, err = f.store.Session(f.ctx, as[0].ID)
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Session(an assessment's ID): %v", err)
}

func testCopies(t *testing.T, f *fixture) {
	o, ss, as := f.full(t)
	want := f.state(t)
	unchanged := func(msg string) {
		t.Helper()
		f.requireUnchanged(t, want, msg)
	}

	// What the Service returned is what it passed to Save.
	ast.Scribble(o)
	for _, s := range ss {
		ast.Scribble(s)
	}
	for _, a := range as {
		ast.Scribble(a)
	}
	unchanged("changing the values passed to Save")

	ast.Scribble(f.org(t))
	unchanged("changing an organisation returned by Organisation")
	ast.Scribble(f.session(t, want.Sessions[0].ID))
	unchanged("changing a session returned by Session")
	for _, s := range f.sessions(t) {
		ast.Scribble(s)
	}
	unchanged("changing the sessions returned by Sessions")
	ast.Scribble(f.assessment(t, want.Assessments[0].ID))
	unchanged("changing an assessment returned by Assessment")
	for _, a := range f.assessments(t, "") {
		ast.Scribble(a)
	}
	for _, a := range f.assessments(t, zhou.ID) {
		ast.Scribble(a)
	}
	unchanged("changing the assessments returned by Assessments")
	ast.Scribble(f.history(t))
	unchanged("changing the changes returned by History")

	// Values written directly, then changed by their writer.
	next, c := orgFollowing(f.org(t), want.Org.Version+1, "direct")
	require.NoError(t, f.store.SaveOrganisation(f.ctx, next, c))
	sn, sc := freshSession("S-DIRECT", "direct")
	require.NoError(t, f.store.SaveSession(f.ctx, sn, sc))
	an, ac := freshAssessment("A-DIRECT", "direct")
	require.NoError(t, f.store.SaveAssessment(f.ctx, an, ac))
	want = f.state(t)
	ast.RequireSame(t, next, want.Org)
	ast.Scribble(next)
	ast.Scribble(sn)
	ast.Scribble(an)
	unchanged("changing the values passed to direct Saves")
}

func testContextCancelled(t *testing.T, f *fixture) {
	_, ss, as := f.full(t)
	want := f.state(t)

	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
	}{
		{"cancelled", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}},
		{"expired", func() (context.Context, context.CancelFunc) {
			return context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
		}},
	} {
		ctx, cancel := tc.ctx()
		o, err := f.store.Organisation(ctx)
		require.Error(t, err, "Organisation on a %s context", tc.name)
		require.Nil(t, o)
		s, err := f.store.Session(ctx, ss[0].ID)
		require.Error(t, err, "Session on a %s context", tc.name)
		require.Nil(t, s)
		sl, err := f.store.Sessions(ctx)
		require.Error(t, err, "Sessions on a %s context", tc.name)
		require.Empty(t, sl)
		a, err := f.store.Assessment(ctx, as[0].ID)
		require.Error(t, err, "Assessment on a %s context", tc.name)
		require.Nil(t, a)
		al, err := f.store.Assessments(ctx, "")
		require.Error(t, err, "Assessments on a %s context", tc.name)
		require.Empty(t, al)
		h, err := f.store.History(ctx)
		require.Error(t, err, "History on a %s context", tc.name)
		require.Empty(t, h)

		next, c := orgFollowing(f.org(t), want.Org.Version+1, tc.name)
		require.Error(t, f.store.SaveOrganisation(ctx, next, c), "SaveOrganisation on a %s context", tc.name)
		sn, c := sessionFollowing(f.session(t, ss[0].ID), 2, tc.name)
		require.Error(t, f.store.SaveSession(ctx, sn, c), "SaveSession of an update on a %s context", tc.name)
		sn, c = freshSession("S-"+tc.name, tc.name)
		require.Error(t, f.store.SaveSession(ctx, sn, c), "SaveSession of a new session on a %s context", tc.name)
		an, c := assessmentFollowing(f.assessment(t, as[0].ID), 2, tc.name)
		require.Error(t, f.store.SaveAssessment(ctx, an, c), "SaveAssessment of an update on a %s context", tc.name)
		an, c = freshAssessment("A-"+tc.name, tc.name)
		require.Error(t, f.store.SaveAssessment(ctx, an, c), "SaveAssessment of a new assessment on a %s context", tc.name)
		f.requireUnchanged(t, want, "after writes on a "+tc.name+" context")
		_, err = f.store.Session(f.ctx, "S-"+tc.name)
		require.True(t, errors.Is(err, aftersales.ErrNotFound), "a session saved on a %s context was written: %v", tc.name, err)
		_, err = f.store.Assessment(f.ctx, "A-"+tc.name)
		require.True(t, errors.Is(err, aftersales.ErrNotFound), "an assessment saved on a %s context was written: %v", tc.name, err)

		// The Service fails the same way, and writes nothing.
		_, err = f.svc.PutPerson(ctx, staff.Person{ID: "u-ctx", Name: "上下文", Role: aftersales.RoleAfterSalesStaff, Active: true}, head)
		require.Error(t, err, "Service.PutPerson on a %s context", tc.name)
		_, err = f.svc.RecordSession(ctx, sessionCmds()[0].s, head)
		require.Error(t, err, "Service.RecordSession on a %s context", tc.name)
		_, err = f.svc.Assess(ctx, assessCmds()[0])
		require.Error(t, err, "Service.Assess on a %s context", tc.name)
		f.requireUnchanged(t, want, "after Service commands on a "+tc.name+" context")
		cancel()
	}

	// The store still works with a live context.
	next, c := orgFollowing(f.org(t), want.Org.Version+1, "live")
	require.NoError(t, f.store.SaveOrganisation(f.ctx, next, c))
	ast.RequireSame(t, next, f.org(t))
}
