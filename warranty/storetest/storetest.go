// Package storetest is the conformance suite for warranty.Store. Every
// Store runs it: the in-memory MemStore, the reference server's SQL stores,
// and an integrator's store written over their own ERP tables.
//
// An integrator calls Run from a test of their own, with a function that
// returns a fresh, empty store for each subtest:
//
//	func TestERPWarrantyStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) warranty.Store {
//			db := openScratchDB(t) // an empty schema, dropped in t.Cleanup
//			return erp.NewWarrantyStore(db)
//		})
//	}
//
// and runs it with the race detector:
//
//	go test -race -run TestERPWarrantyStore ./...
//
// The suite builds its records by driving a real warranty.Service, wired to
// a real aftersales.Service, through a project's warranty: set-up with
// contract terms (W1.1), the notice (W2.1), the start with its basis and
// evidence, inspections with findings and photos (W2.2) that become
// after-sales requests (W2.3), and the delivery of the summary report
// (W3.2). It then checks:
//
//   - SaveAndGet: Get returns what the Service saved, after every step.
//   - HistoryInOrder: History is what was saved, Seq 1..n, with each
//     change's type and actor.
//   - StaleWriteConflictsAndChangesNothing: a stale write, a write ahead of
//     the stored version and a second creation of a project are KindConflict
//     errors and write nothing.
//   - ConcurrentWritersOneWins: of eight writers racing from the same
//     version, exactly one wins and the others get KindConflict.
//   - NotFound: Get and History of an unknown project are KindNotFound
//     errors.
//   - ListOrdered: List returns every warranty, whole, ordered by project
//     ID.
//   - ReturnedValuesAreCopies: what a caller does with a returned warranty
//     or change, or with the warranty it passed to Save, never changes the
//     store.
//   - ContextCancelled: every method fails on a cancelled context, and
//     nothing is written.
//
// How values must round-trip: a store may change the time.Location of a
// time (a store that keeps JSON or converts to UTC does) but must keep the
// instant; the suite compares every time with its UTC form. It treats a nil
// and an empty slice as the same. Every other field must come back equal.
// The suite's own times are whole seconds, so a database with microsecond
// timestamps passes.
//
// The subtests run one after another, each on its own store; the whole
// suite takes well under a second on MemStore.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	ast "github.com/shouhou/shouhou/aftersales/storetest"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/warranty"
)

// Run runs the conformance suite against the stores newStore returns. It
// calls newStore once per subtest, with the subtest's t, and expects an
// empty store each time.
func Run(t *testing.T, newStore func(t *testing.T) warranty.Store) {
	t.Helper()
	ast.RunSubtests(t, newStore, newFixture,
		subtest{Name: "SaveAndGet", Run: testSaveAndGet},
		subtest{Name: "HistoryInOrder", Run: testHistoryInOrder},
		subtest{Name: "StaleWriteConflictsAndChangesNothing", Run: testStaleWrite},
		subtest{Name: "ConcurrentWritersOneWins", Run: testConcurrentWriters},
		subtest{Name: "NotFound", Run: testNotFound},
		subtest{Name: "ListOrdered", Run: testListOrdered},
		subtest{Name: "ReturnedValuesAreCopies", Run: testCopies},
		subtest{Name: "ContextCancelled", Run: testContextCancelled},
	)
}

type subtest = ast.Subtest[*fixture]

// now is the fixed instant the suite's Services live at: a week after the
// end of the two-year warranty that started on 2024-11-20.
var now = at(2026, 11, 27, 10, 0)

// at returns a whole-second instant in China Standard Time.
func at(year int, month time.Month, day, hour, min int) time.Time {
	return ast.At(year, month, day, hour, min)
}

// The projects of the suite's company.
const (
	projectEast    = "P-EAST"
	projectWest    = "P-WEST"
	projectNorth   = "P-NORTH"
	projectSouth   = "P-SOUTH"
	projectCentral = "P-CENTRAL"
)

var (
	staff     = aftersales.Actor{ID: "u-li", Name: "李娜", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	head      = aftersales.Actor{ID: "u-zhao", Name: "赵部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	inspector = aftersales.Actor{ID: "u-wang", Name: "王工", Role: aftersales.RoleDepartmentStaff, DepartmentID: "proj-east"}
)

// fixture is one subtest's store and the Services that write to it.
type fixture struct {
	ctx   context.Context
	store warranty.Store // the store under test
	rec   *recorder
	svc   *warranty.Service // raises inspection findings as requests
}

func newFixture(t *testing.T, s warranty.Store) *fixture {
	f := &fixture{ctx: context.Background(), store: s, rec: &recorder{Store: s}}
	clock := aftersales.ClockFunc(func() time.Time { return now })
	// The project departments inspect their own projects (W2.2).
	dir := aftersales.NewProjects(aftersales.Project{ID: projectEast, DepartmentID: inspector.DepartmentID},
		aftersales.Project{ID: projectWest, DepartmentID: "proj-west"}, aftersales.Project{ID: projectNorth, DepartmentID: "proj-north"},
		aftersales.Project{ID: projectSouth, DepartmentID: "proj-south"}, aftersales.Project{ID: projectCentral, DepartmentID: "proj-central"})
	w, err := warranty.NewService(warranty.Config{Store: f.rec, Clock: clock, Directory: dir})
	require.NoError(t, err)
	requests, err := aftersales.NewService(aftersales.Config{
		Store: aftersales.NewMemStore(),
		Clock: clock,
		NewID: (&ast.IDQueue{Prefix: "AS"}).Next,
		Directory: aftersales.NewProjects(
			aftersales.Project{ID: projectEast, Name: "阳光花园", Kind: aftersales.Residential, DepartmentID: "proj-east"},
			aftersales.Project{ID: projectWest, Name: "滨江商务中心", Kind: aftersales.Commercial, DepartmentID: "proj-west"},
			aftersales.Project{ID: projectNorth, Name: "北苑小区", Kind: aftersales.Residential, DepartmentID: "proj-north"},
			aftersales.Project{ID: projectSouth, Name: "南湖公寓", Kind: aftersales.Residential, DepartmentID: "proj-south"},
			aftersales.Project{ID: projectCentral, Name: "中央广场", Kind: aftersales.Commercial, DepartmentID: "proj-central"},
		),
		Coverage: w,
	})
	require.NoError(t, err)
	f.svc = w.WithRequests(requests)
	return f
}

// recorder passes everything to the store under test and keeps the
// change of every successful Save.
type recorder struct {
	warranty.Store
	saved ast.Saved[warranty.Change]
}

func (r *recorder) Save(ctx context.Context, w *warranty.Warranty, c warranty.Change) error {
	if err := r.Store.Save(ctx, w, c); err != nil {
		return err
	}
	r.saved.Add(w.ProjectID, c)
	return nil
}

// setUp creates a project's warranty through the Service, with contract
// terms for three classes, a planned start and a region with heating
// seasons.
func (f *fixture) setUp(t *testing.T, projectID string) *warranty.Warranty {
	t.Helper()
	w, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{
		ProjectID:       projectID,
		DesignLifeYears: 50,
		Region:          "北京",
		Contract: []warranty.ContractTerm{
			{Class: warranty.Waterproofing, Years: 8},
			{Class: warranty.HeatingCooling, Seasons: 3},
			{Class: warranty.Decoration, Years: 3},
		},
		PlannedStart:    calendar.D(2024, 11, 20),
		InspectionEvery: 6,
		Actor:           head,
	})
	require.NoError(t, err, "SetUp %s", projectID)
	return w
}

// step is one Service command on a warranty, run on the version it read.
// changes are the types of the changes it saves, each by actor.
type step struct {
	name    string
	actor   aftersales.Actor
	changes []string
	run     func(s *warranty.Service, w *warranty.Warranty) (*warranty.Warranty, error)
}

// lifecycle returns the steps that take a set-up warranty through its
// notice, start, two inspections (the first with two findings, each raised
// as an after-sales request) and the delivery of its summary report.
func lifecycle() []step {
	ctx := context.Background()
	return []step{
		{"RecordNotice", staff, []string{"notified"}, func(s *warranty.Service, w *warranty.Warranty) (*warranty.Warranty, error) {
			return s.RecordNotice(ctx, w.ProjectID, warranty.NoticeCommand{
				To: []string{"项目部（" + w.ProjectID + "）", "工程管理部", "售后管理部"}, At: at(2024, 10, 15, 10, 30),
				Remark: "质保期工作安排已书面通知，回执存档", Actor: staff, Version: w.Version})
		}},
		{"RecordStart", head, []string{"started"}, func(s *warranty.Service, w *warranty.Warranty) (*warranty.Warranty, error) {
			return s.RecordStart(ctx, w.ProjectID, warranty.StartCommand{
				Start: warranty.Start{Basis: warranty.BasisAcceptance, Date: calendar.D(2024, 11, 20),
					Evidence: "竣工验收报告 YS-2024-118"},
				Actor: head, Version: w.Version})
		}},
		{"RecordInspection with findings", inspector, []string{"inspected", "request_raised", "request_raised"}, func(s *warranty.Service, w *warranty.Warranty) (*warranty.Warranty, error) {
			return s.RecordInspection(ctx, w.ProjectID, warranty.InspectionCommand{
				Inspection: warranty.Inspection{Date: calendar.D(2025, 2, 20), Inspector: "王工",
					Areas: []string{"屋面", "3号楼卫生间", "外墙"},
					Findings: []warranty.Finding{
						{Description: "3号楼2单元501卫生间地面渗水", Class: warranty.Waterproofing, Location: "3号楼2单元501",
							Photos: []string{"photo/insp-1.jpg", "photo/insp-2.jpg"}},
						{Description: "外墙涂料局部起皮", Class: warranty.Decoration, Location: "5号楼北侧",
							Photos: []string{"photo/insp-3.jpg"}},
					}},
				Actor: inspector, Version: w.Version})
		}},
		{"RecordInspection without findings", inspector, []string{"inspected"}, func(s *warranty.Service, w *warranty.Warranty) (*warranty.Warranty, error) {
			return s.RecordInspection(ctx, w.ProjectID, warranty.InspectionCommand{
				Inspection: warranty.Inspection{Date: calendar.D(2025, 8, 20), Inspector: "王工",
					Areas: []string{"地下车库", "设备间"}},
				Actor: inspector, Version: w.Version})
		}},
		{"DeliverSummary", head, []string{"summary_delivered"}, func(s *warranty.Service, w *warranty.Warranty) (*warranty.Warranty, error) {
			return s.DeliverSummary(ctx, w.ProjectID, warranty.DeliverCommand{
				To: "公司总经理", Ref: "质保期总结报告 ZJ-" + w.ProjectID, At: at(2026, 11, 26, 15, 0),
				Actor: head, Version: w.Version})
		}},
	}
}

// run runs steps on w and returns the last warranty the Service returned.
// check, if not nil, is called after every step.
func (f *fixture) run(t *testing.T, w *warranty.Warranty, steps []step, check func(name string, w *warranty.Warranty)) *warranty.Warranty {
	t.Helper()
	for _, s := range steps {
		next, err := s.run(f.svc, w)
		require.NoError(t, err, "step %s", s.name)
		require.NotNil(t, next, "step %s returned nil", s.name)
		w = next
		if check != nil {
			check(s.name, w)
		}
	}
	return w
}

// full sets up a project's warranty and runs its whole lifecycle.
func (f *fixture) full(t *testing.T, projectID string) *warranty.Warranty {
	t.Helper()
	return f.run(t, f.setUp(t, projectID), lifecycle(), nil)
}

func (f *fixture) get(t *testing.T, projectID string) *warranty.Warranty {
	t.Helper()
	return ast.MustGet(t, f.ctx, f.store.Get, projectID)
}

func (f *fixture) history(t *testing.T, projectID string) []warranty.Change {
	t.Helper()
	return ast.MustHistory(t, f.ctx, f.store.History, projectID)
}

// requireUnchanged requires the store to hold exactly want and wantHistory
// for want.ProjectID.
func (f *fixture) requireUnchanged(t *testing.T, want *warranty.Warranty, wantHistory []warranty.Change, msg string) {
	t.Helper()
	ast.RequireStored(t, f.ctx, f.store.Get, f.store.History, want.ProjectID, want, wantHistory, msg)
}

// following returns w moved on by a direct write that does not go through
// the Service: an inspection recorded as version seq, and its change.
func following(w *warranty.Warranty, seq int, note string) (*warranty.Warranty, warranty.Change) {
	next := w.Clone()
	next.Version = seq
	next.UpdatedAt = now.Add(-time.Duration(seq) * time.Minute)
	next.Inspections = append(next.Inspections, warranty.Inspection{Date: calendar.D(2026, 10, 9), Inspector: note,
		Areas: []string{"屋面"}, Findings: []warranty.Finding{{Description: note, Photos: []string{"photo/" + note + ".jpg"}}}})
	return next, warranty.Change{ProjectID: w.ProjectID, Seq: seq, Type: "inspected", At: next.UpdatedAt, Actor: staff, Note: note}
}

// fresh is a hand-made new warranty of projectID and its first change.
func fresh(projectID string) (*warranty.Warranty, warranty.Change) {
	w := &warranty.Warranty{ProjectID: projectID, Version: 1, GeneralYears: 2, InspectionEvery: 3,
		PlannedStart: calendar.D(2026, 12, 1), UpdatedAt: now.Add(-time.Hour)}
	return w, warranty.Change{ProjectID: projectID, Seq: 1, Type: "set_up", At: w.UpdatedAt, Actor: head, Note: "直接建立"}
}

func testSaveAndGet(t *testing.T, f *fixture) {
	w := f.setUp(t, projectEast)
	require.Equal(t, 1, w.Version)
	ast.RequireSame(t, w, f.get(t, projectEast), "Get after SetUp")

	final := f.run(t, w, lifecycle(), func(name string, w *warranty.Warranty) {
		ast.RequireSame(t, w, f.get(t, w.ProjectID), "Get after %s", name)
	})

	// The fixture must have built a rich record, or the checks above prove
	// little.
	require.Len(t, final.Contract, 3)
	require.NotNil(t, final.Start)
	require.NotNil(t, final.Notice)
	require.Len(t, final.Notice.To, 3)
	require.Len(t, final.Inspections, 2)
	require.Len(t, final.Inspections[0].Findings, 2)
	for i, fd := range final.Inspections[0].Findings {
		require.NotEmpty(t, fd.RequestID, "finding %d was not raised as a request", i)
		require.NotEmpty(t, fd.Photos, "finding %d has no photos", i)
	}
	require.Empty(t, final.Inspections[1].Findings)
	require.NotNil(t, final.Summary)
	require.Equal(t, 8, final.Version)

	// Times must keep their instants even where the store changes their
	// location.
	got := f.get(t, projectEast)
	require.True(t, final.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt %v, stored %v", final.UpdatedAt, got.UpdatedAt)
	require.NotNil(t, got.Notice)
	require.True(t, final.Notice.At.Equal(got.Notice.At), "Notice.At %v, stored %v", final.Notice.At, got.Notice.At)
	require.NotNil(t, got.Summary)
	require.True(t, final.Summary.At.Equal(got.Summary.At), "Summary.At %v, stored %v", final.Summary.At, got.Summary.At)
	require.Equal(t, final.Start.Date, got.Start.Date)
	require.Equal(t, final.PlannedStart, got.PlannedStart)

	// The Service reads what the store keeps.
	term, err := f.svc.Term(f.ctx, projectEast, warranty.Waterproofing)
	require.NoError(t, err)
	require.NotNil(t, term.Contract)
	require.Equal(t, 8, term.Contract.Years)

	// A minimal warranty: defaults, no contract, no planned start.
	plain, err := f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: projectWest, Actor: staff})
	require.NoError(t, err)
	require.Equal(t, 1, plain.Version)
	ast.RequireSame(t, plain, f.get(t, projectWest), "Get of a minimal warranty")
	ast.RequireSame(t, final, f.get(t, projectEast), "another project's Save changed this one")
}

func testHistoryInOrder(t *testing.T, f *fixture) {
	steps := lifecycle()
	w := f.full(t, projectEast)
	h := f.history(t, projectEast)
	require.Len(t, h, w.Version, "one change per version")

	type entry struct {
		typ   string
		actor aftersales.Actor
	}
	want := []entry{{"set_up", head}}
	for _, s := range steps {
		for _, c := range s.changes {
			want = append(want, entry{c, s.actor})
		}
	}
	require.Len(t, h, len(want))
	for i, c := range h {
		require.Equal(t, i+1, c.Seq, "History[%d].Seq", i)
		require.Equal(t, projectEast, c.ProjectID, "History[%d].ProjectID", i)
		require.Equal(t, want[i].typ, c.Type, "History[%d].Type", i)
		require.Equal(t, want[i].actor, c.Actor, "History[%d].Actor", i)
		require.True(t, now.Equal(c.At), "History[%d].At %v, want %v", i, c.At, now)
		require.NotEmpty(t, c.Note, "History[%d].Note", i)
	}
	ast.RequireSame(t, f.rec.saved.Of(projectEast), h, "History must return the changes saved, in order")

	// A second project does not mix with the first.
	f.setUp(t, projectWest)
	h2 := f.history(t, projectWest)
	require.Len(t, h2, 1)
	require.Equal(t, projectWest, h2[0].ProjectID)
	require.Equal(t, "set_up", h2[0].Type)
	ast.RequireSame(t, h, f.history(t, projectEast))

	// The Service reads the same history.
	sh, err := f.svc.History(f.ctx, projectEast)
	require.NoError(t, err)
	ast.RequireSame(t, h, sh)
}

func testStaleWrite(t *testing.T, f *fixture) {
	f.setUp(t, projectWest)
	stale := f.get(t, projectWest)
	v := stale.Version

	// Someone else moves the warranty on through the Service.
	cur, err := f.svc.RecordNotice(f.ctx, projectWest, warranty.NoticeCommand{To: []string{"项目部"},
		At: at(2024, 10, 15, 10, 0), Actor: staff, Version: v})
	require.NoError(t, err)
	require.Greater(t, cur.Version, v)
	curHistory := f.history(t, projectWest)

	// A write based on the stale version loses.
	next, c := following(stale, v+1, "stale")
	err = f.store.Save(f.ctx, next, c)
	require.Error(t, err, "Save based on stale version %d (stored %d)", v, cur.Version)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "stale Save: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Save")

	// So does a write ahead of the stored version.
	next, c = following(cur, cur.Version+2, "ahead")
	err = f.store.Save(f.ctx, next, c)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Save ahead of the stored version: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a Save ahead of the stored version")

	// Creating a project that exists is a conflict.
	next, c = fresh(projectWest)
	err = f.store.Save(f.ctx, next, c)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Save of Seq 1 for an existing project: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after creating an existing project")

	// So is setting it up again through the Service.
	_, err = f.svc.SetUp(f.ctx, warranty.SetUpCommand{ProjectID: projectWest, Actor: head})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "SetUp of an existing project: got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a second SetUp")

	// The Service reports the conflict of a stale command in the same way.
	_, err = f.svc.RecordStart(f.ctx, projectWest, warranty.StartCommand{Start: warranty.Start{Basis: warranty.BasisHandover,
		Date: calendar.D(2025, 1, 6), Evidence: "移交记录"}, Actor: head, Version: v})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Service command on a stale version: got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Service command")

	// Updating a project that does not exist writes nothing.
	ghost, _ := fresh("P-GHOST")
	next, c = following(ghost, 2, "ghost")
	err = f.store.Save(f.ctx, next, c)
	require.Error(t, err, "Save of Seq 2 for an unknown project")
	require.True(t, errors.Is(err, aftersales.ErrConflict) || errors.Is(err, aftersales.ErrNotFound),
		"Save of Seq 2 for an unknown project: want a KindConflict or KindNotFound error, got %v", err)
	_, err = f.store.Get(f.ctx, "P-GHOST")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Get after a failed update of an unknown project: got %v", err)
	_, err = f.store.History(f.ctx, "P-GHOST")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "History after a failed update of an unknown project: got %v", err)

	// A fresh write on the current version still succeeds.
	next, c = following(cur, cur.Version+1, "current")
	require.NoError(t, f.store.Save(f.ctx, next, c))
	f.requireUnchanged(t, next, append(slices.Clone(curHistory), c), "after a current Save")
}

func testConcurrentWriters(t *testing.T, f *fixture) {
	const writers, rounds = 8, 3
	f.setUp(t, projectEast)
	for round := range rounds {
		before := f.history(t, projectEast)
		nexts := make([]*warranty.Warranty, writers)
		changes := make([]warranty.Change, writers)
		errs := ast.Race(t, writers, func(i int) (func() error, error) {
			cur, err := f.store.Get(f.ctx, projectEast)
			if err != nil {
				return nil, err
			}
			next, c := following(cur, cur.Version+1, fmt.Sprintf("round-%d-writer-%d", round, i))
			nexts[i], changes[i] = next, c
			return func() error { return f.store.Save(f.ctx, next, c) }, nil
		})
		winner := ast.OneWinner(t, errs, fmt.Sprintf("round %d", round))
		after := f.history(t, projectEast)
		require.Len(t, after, len(before)+1, "round %d: the history must grow by exactly one change", round)
		ast.RequireSame(t, append(slices.Clone(before), changes[winner]), after, "round %d: the winner's change", round)
		ast.RequireSame(t, nexts[winner], f.get(t, projectEast), "round %d: the winner's record", round)
	}

	// Eight projects created at once: each creation wins.
	var wg sync.WaitGroup
	errs := make([]error, 8)
	for i := range errs {
		wg.Go(func() {
			w, c := fresh(fmt.Sprintf("P-NEW-%d", i))
			errs[i] = f.store.Save(f.ctx, w, c)
		})
	}
	wg.Wait()
	for i, err := range errs {
		require.NoError(t, err, "creating project P-NEW-%d", i)
		require.Len(t, f.history(t, fmt.Sprintf("P-NEW-%d", i)), 1)
	}
}

func testNotFound(t *testing.T, f *fixture) {
	check := func(id string) {
		t.Helper()
		ast.RequireNotFound(t, f.ctx, f.store.Get, f.store.History, id)
	}
	check("P-NONE") // empty store
	ws, err := f.store.List(f.ctx)
	require.NoError(t, err, "List on an empty store")
	require.Empty(t, ws)

	f.setUp(t, projectEast)
	check("P-NONE")
	check(projectEast + "0")                // a longer ID sharing the prefix
	check(projectEast[:len(projectEast)-1]) // a prefix
	check("p-east")                         // another case
	check("P-EAST' OR '1'='1")              // not a query fragment
	check("")                               // the empty ID
	_, err = f.svc.Get(f.ctx, "P-NONE")     // the Service passes the kind on
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Service.Get: got %v", err)
	_, err = f.svc.RecordStart(f.ctx, "P-NONE", warranty.StartCommand{Start: warranty.Start{Basis: warranty.BasisAcceptance,
		Date: calendar.D(2025, 1, 6), Evidence: "验收记录"}, Actor: head})
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Service.RecordStart of an unknown project: got %v", err)
	check("P-NONE")
}

func testListOrdered(t *testing.T, f *fixture) {
	// Set up out of ID order, so that the order of List is the store's
	// doing; one warranty has been through its whole lifecycle.
	for _, id := range []string{projectWest, projectNorth, projectCentral, projectSouth} {
		f.setUp(t, id)
	}
	east := f.full(t, projectEast)
	_, err := f.svc.RecordStart(f.ctx, projectNorth, warranty.StartCommand{Start: warranty.Start{Basis: warranty.BasisReport,
		Date: calendar.D(2025, 3, 3), Evidence: "竣工验收报告回执"}, Actor: head})
	require.NoError(t, err)

	ws, err := f.store.List(f.ctx)
	require.NoError(t, err)
	var ids []string
	for _, w := range ws {
		require.NotNil(t, w, "List returned a nil warranty")
		ids = append(ids, w.ProjectID)
	}
	require.Equal(t, []string{projectCentral, projectEast, projectNorth, projectSouth, projectWest}, ids)

	// Listed warranties are whole and current: equal to what Get returns.
	for _, w := range ws {
		ast.RequireSame(t, f.get(t, w.ProjectID), w, "List and Get of %s", w.ProjectID)
	}
	ast.RequireSame(t, east, ws[1], "List of the full warranty")
	require.Equal(t, 2, ws[2].Version, "List must return the latest version")
	require.NotNil(t, ws[2].Start)
}

func testCopies(t *testing.T, f *fixture) {
	w := f.full(t, projectEast)
	want := ast.Normalized(f.get(t, projectEast))
	wantHistory := ast.Normalized(f.history(t, projectEast))
	unchanged := func(msg string) {
		t.Helper()
		ast.RequireSame(t, want, f.get(t, projectEast), "%s changed the stored warranty", msg)
		ast.RequireSame(t, wantHistory, f.history(t, projectEast), "%s changed the stored history", msg)
	}

	// What the Service returned is what it passed to Save.
	ast.Scribble(w)
	unchanged("changing the warranty passed to Save")

	got := f.get(t, projectEast)
	ast.Scribble(got)
	unchanged("changing a warranty returned by Get")

	h := f.history(t, projectEast)
	ast.Scribble(h)
	unchanged("changing changes returned by History")

	ws, err := f.store.List(f.ctx)
	require.NoError(t, err)
	require.Len(t, ws, 1)
	ast.Scribble(ws[0])
	ws[0] = nil
	unchanged("changing a warranty returned by List")

	// The warranty passed to Save, written directly.
	next, c := following(f.get(t, projectEast), want.Version+1, "direct")
	require.NoError(t, f.store.Save(f.ctx, next, c))
	want, wantHistory = ast.Normalized(next), append(wantHistory, ast.Normalized(c))
	ast.Scribble(next)
	unchanged("changing the warranty passed to Save")

	// And a new one.
	created, c := fresh(projectWest)
	require.NoError(t, f.store.Save(f.ctx, created, c))
	wantCreated := ast.Normalized(created)
	ast.Scribble(created)
	ast.RequireSame(t, wantCreated, f.get(t, projectWest), "changing a created warranty changed the store")
	unchanged("creating another warranty")
}

func testContextCancelled(t *testing.T, f *fixture) {
	w := f.setUp(t, projectEast)
	want := f.get(t, w.ProjectID)
	wantHistory := f.history(t, w.ProjectID)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	got, err := f.store.Get(ctx, projectEast)
	require.Error(t, err, "Get on a cancelled context")
	require.Nil(t, got)
	h, err := f.store.History(ctx, projectEast)
	require.Error(t, err, "History on a cancelled context")
	require.Empty(t, h)
	ws, err := f.store.List(ctx)
	require.Error(t, err, "List on a cancelled context")
	require.Empty(t, ws)

	next, update := following(want, want.Version+1, "cancelled")
	require.Error(t, f.store.Save(ctx, next, update), "Save of an update on a cancelled context")
	f.requireUnchanged(t, want, wantHistory, "after an update on a cancelled context")

	created, c := fresh("P-CANCELLED")
	require.Error(t, f.store.Save(ctx, created, c), "Save of a new warranty on a cancelled context")
	_, err = f.store.Get(f.ctx, "P-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a new warranty saved on a cancelled context was written: %v", err)
	_, err = f.store.History(f.ctx, "P-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a history saved on a cancelled context was written: %v", err)

	// The Service fails the same way, and writes nothing.
	_, err = f.svc.RecordStart(ctx, projectEast, warranty.StartCommand{Start: warranty.Start{Basis: warranty.BasisAcceptance,
		Date: calendar.D(2024, 11, 20), Evidence: "竣工验收报告"}, Actor: head})
	require.Error(t, err, "Service command on a cancelled context")
	f.requireUnchanged(t, want, wantHistory, "after a Service command on a cancelled context")

	// A context whose deadline has passed fails the same way.
	dctx, dcancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer dcancel()
	_, err = f.store.Get(dctx, projectEast)
	require.Error(t, err, "Get on an expired context")
	_, err = f.store.List(dctx)
	require.Error(t, err, "List on an expired context")
	require.Error(t, f.store.Save(dctx, created, c), "Save on an expired context")
	require.Error(t, f.store.Save(dctx, next, update), "Save of an update on an expired context")
	_, err = f.store.Get(f.ctx, "P-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a warranty saved on an expired context was written: %v", err)
	f.requireUnchanged(t, want, wantHistory, "after an update on an expired context")

	// The store still works with a live context.
	ws, err = f.store.List(f.ctx)
	require.NoError(t, err)
	require.Len(t, ws, 1)
	ast.RequireSame(t, want, ws[0])
}
