// Package storetest is the conformance suite for aftersales.Store. Every
// Store runs it: the in-memory MemStore, the reference server's SQL stores,
// and an integrator's store written over their own ERP tables.
//
// An integrator calls Run from a test of their own, with a function that
// returns a fresh, empty store for each subtest:
//
//	func TestERPStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) aftersales.Store {
//			db := openScratchDB(t) // an empty schema, dropped in t.Cleanup
//			return erp.NewTicketStore(db)
//		})
//	}
//
// and runs it with the race detector:
//
//	go test -race -run TestERPStore ./...
//
// The suite builds its records by driving a real aftersales.Service through
// the lifecycle (registration, urgent measures, forwarding to two
// departments, plans, a reclassification, an escalation, completion, a
// rejection and rework, a signed acceptance, the follow-up visit), so the
// stored requests carry parts, plans, signatures, coverage decisions and
// deadlines that are met, pending or cancelled. It then checks:
//
//   - SaveAndGet: Get returns what the Service saved, after every step.
//   - HistoryReplaysToRecord: History is what was saved, Seq 1..n, and
//     aftersales.Replay of it equals Get.
//   - StaleWriteConflictsAndChangesNothing: a stale write, a write ahead of
//     the stored version and a second creation of an ID are KindConflict
//     errors and write nothing.
//   - ConcurrentWritersOneWins: of eight writers racing from the same
//     version, exactly one wins and the others get KindConflict.
//   - NotFound: Get and History of an unknown ID are KindNotFound errors.
//   - ListFilters: every Query field, alone and combined, paging with
//     AfterID and Limit, and ordering by ID.
//   - ReturnedValuesAreCopies: what a caller does with a returned request or
//     event, or with the values it passed to Save, never changes the store.
//   - ContextCancelled: every method fails on a cancelled context, and
//     nothing is written.
//
// How values must round-trip: a store may change the time.Location of a
// time (a store that keeps JSON or converts to UTC does) but must keep the
// instant; the suite compares every time with its UTC form. It treats a nil
// and an empty slice as the same. Every other field must come back equal.
// The suite's own times are whole seconds, so a database with microsecond
// timestamps passes; a store that keeps the Service's default SystemClock
// times must keep them to the nanosecond, or truncate them the same way in
// the record and in the history.
//
// The subtests run one after another, each on its own store; the whole
// suite takes well under a second on MemStore.
//
// The package also holds what the suites of every chapter share, for the
// suites of warranty, complaint and staff and for an integrator's own:
// Normalized and Scribble, which compare and disturb values, and the
// harness (RunSubtests, Step and RunSteps, IDQueue, Saved, Race and
// OneWinner, and the Require helpers).
package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Run runs the conformance suite against the stores newStore returns. It
// calls newStore once per subtest, with the subtest's t, and expects an
// empty store each time.
func Run(t *testing.T, newStore func(t *testing.T) aftersales.Store) {
	t.Helper()
	RunSubtests(t, newStore, newFixture,
		subtest{Name: "SaveAndGet", Run: testSaveAndGet},
		subtest{Name: "HistoryReplaysToRecord", Run: testHistoryReplaysToRecord},
		subtest{Name: "StaleWriteConflictsAndChangesNothing", Run: testStaleWrite},
		subtest{Name: "ConcurrentWritersOneWins", Run: testConcurrentWriters},
		subtest{Name: "NotFound", Run: testNotFound},
		subtest{Name: "ListFilters", Run: testListFilters},
		subtest{Name: "ReturnedValuesAreCopies", Run: testCopies},
		subtest{Name: "ContextCancelled", Run: testContextCancelled},
		subtest{Name: "ListNewestFirst", Run: testNewestFirst},
		subtest{Name: "ListTextSearch", Run: testTextSearch},
		subtest{Name: "DeadlineIndexAgreesWithTheRequests", Run: testDeadlineIndex},
		subtest{Name: "TallyAgreesWithTheRequests", Run: testTally},
	)
}

type subtest = Subtest[*fixture]

// now is the fixed instant the suite's Service lives at. Every event
// happens before it.
var now = At(2026, 10, 20, 9, 0)

// The projects and departments of the suite's company.
const (
	projectEast = "P-EAST"
	projectWest = "P-WEST"
	deptEast    = "proj-east" // 项目部 of P-EAST
	deptWest    = "proj-west" // 项目部 of P-WEST
)

var (
	staff = aftersales.Actor{ID: "u-li", Name: "李娜", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	head  = aftersales.Actor{ID: "u-zhao", Name: "赵部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
)

func deptStaff(dept string) aftersales.Actor {
	return aftersales.Actor{ID: "u-" + dept, Name: dept + " 值班员", Role: aftersales.RoleDepartmentStaff, DepartmentID: dept}
}

func customer(id string) aftersales.Actor {
	return aftersales.Actor{ID: id, Role: aftersales.RoleCustomer}
}

// coverageStub decides coverage by cause, so that stored requests carry a
// coverage decision and histories a coverage_decided event.
type coverageStub struct{}

func (coverageStub) DecideCoverage(_ context.Context, q aftersales.CoverageQuery) (aftersales.CoverageDecision, error) {
	switch q.Cause {
	case "":
		return aftersales.CoverageDecision{Outcome: aftersales.CoverageUndecided, Reason: "原因尚未查明"}, nil
	case aftersales.CauseConstruction:
		return aftersales.CoverageDecision{Outcome: aftersales.CoverageFree, Reason: "质保期内的施工质量问题", Basis: "W1.2"}, nil
	}
	return aftersales.CoverageDecision{Outcome: aftersales.CoveragePaid, Reason: "非施工原因，按有偿维修处理", Basis: "W3.1"}, nil
}

// fixture is one subtest's store and the Service that writes to it.
type fixture struct {
	ctx   context.Context
	store aftersales.Store // the store under test
	rec   *recorder
	svc   *aftersales.Service
	ids   IDQueue // AS-0001, AS-0002, … after any queued
}

func newFixture(t *testing.T, s aftersales.Store) *fixture {
	f := &fixture{ctx: context.Background(), store: s, rec: &recorder{Store: s}, ids: IDQueue{Prefix: "AS"}}
	svc, err := aftersales.NewService(aftersales.Config{
		Store: f.rec,
		Clock: aftersales.ClockFunc(func() time.Time { return now }),
		NewID: f.ids.Next,
		Directory: aftersales.NewProjects(
			aftersales.Project{ID: projectEast, Name: "阳光花园", Kind: aftersales.Residential, DepartmentID: deptEast},
			aftersales.Project{ID: projectWest, Name: "滨江商务中心", Kind: aftersales.Commercial, DepartmentID: deptWest},
		),
		Coverage: coverageStub{},
	})
	require.NoError(t, err)
	f.svc = svc
	return f
}

// recorder passes everything to the store under test and keeps the
// events of every successful Save.
type recorder struct {
	aftersales.Store
	saved Saved[aftersales.Event]
}

func (r *recorder) Save(ctx context.Context, req *aftersales.Request, events []aftersales.Event) error {
	if err := r.Store.Save(ctx, req, events); err != nil {
		return err
	}
	r.saved.Add(req.ID, events...)
	return nil
}

// reg describes a request to register.
type reg struct {
	project, customer string
	received          time.Time
	urgent            bool
	cause             aftersales.Cause
}

// register registers a request through the Service.
func (f *fixture) register(t *testing.T, g reg) *aftersales.Request {
	t.Helper()
	r, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{
		Registration: aftersales.Registration{
			Customer: aftersales.Customer{ID: g.customer, Name: "𠮷先生", Phone: "13800138000",
				Email: "ji@example.com", Contact: "微信 ji-2026"},
			ProjectID:   g.project,
			Location:    "3号楼2单元501",
			Description: "卫生间地面渗水，楼下天花板出现水渍（附照片两张）",
			Attachments: []string{"photo/bath-1.jpg", "photo/bath-2.jpg"},
			Channel:     aftersales.ChannelPhone,
			ReceivedAt:  g.received,
			Cause:       g.cause,
			Component:   "防水工程",
			Urgent:      g.urgent,
		},
		Actor: staff,
	})
	require.NoError(t, err, "Register")
	return r
}

// step is one Service command of a lifecycle, run on the version it read.
type step = Step[*aftersales.Service, *aftersales.Request]

// lifecycle returns the steps that take a registered request received at
// t0 to closed: urgent measures (if urgent), forwarding to depts, a plan per
// department, a reclassification and an escalation of the last one,
// completion, a rejection and rework, a signed acceptance and the visit.
func lifecycle(t0 time.Time, depts ...string) []step {
	day := func(n, hour int) time.Time {
		d := t0.In(calendar.CST())
		return time.Date(d.Year(), d.Month(), d.Day()+n, hour, 0, 0, 0, calendar.CST())
	}
	last := depts[len(depts)-1]
	steps := []step{
		{Name: "HandleUrgent", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			if !r.Urgent {
				return r, nil
			}
			return s.HandleUrgent(context.Background(), r.ID, aftersales.UrgentCommand{
				Measures: "关闭总阀，临时封堵", At: t0.Add(2 * time.Hour), Actor: staff, Version: r.Version})
		}},
		{Name: "Feedback urgent", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			if !r.Urgent {
				return r, nil
			}
			return s.Feedback(context.Background(), r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent,
				Channel: aftersales.ChannelPhone, Summary: "已关闭总阀，漏水止住", At: t0.Add(3 * time.Hour), Actor: staff, Version: r.Version})
		}},
		{Name: "Forward", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Forward(context.Background(), r.ID, aftersales.ForwardCommand{
				Cause: aftersales.CauseConstruction, Departments: slices.Clone(depts), At: t0.Add(5 * time.Hour),
				Actor: staff, Version: r.Version})
		}},
	}
	for i, d := range depts {
		steps = append(steps, step{Name: "Plan " + d, Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Plan(context.Background(), r.ID, aftersales.PlanCommand{
				Department: d, At: day(1, 10+i),
				Plan: aftersales.Plan{Measures: "凿开地面，重做防水层并闭水试验", ScheduledAt: day(2, 9),
					Owner: "王工", Complexity: aftersales.Simple},
				Actor: deptStaff(d), Version: r.Version})
		}})
	}
	steps = append(steps,
		step{Name: "Reclassify " + last, Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Reclassify(context.Background(), r.ID, aftersales.ReclassifyCommand{
				Department: last, Complexity: aftersales.Complex, Reason: "需更换楼板内预埋管", At: day(2, 9),
				Actor: head, Version: r.Version})
		}},
		step{Name: "Escalate " + last, Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Escalate(context.Background(), r.ID, aftersales.EscalateCommand{
				Department: last, Reason: "需要楼下业主配合入户", At: day(2, 10), Actor: deptStaff(last), Version: r.Version})
		}},
		step{Name: "Coordinate " + last, Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Coordinate(context.Background(), r.ID, aftersales.CoordinateCommand{
				Department: last, Coordinator: head.ID, Measures: "售后管理部约楼下业主周四上午入户", At: day(2, 11),
				Actor: head, Version: r.Version})
		}},
		step{Name: "Pause", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Pause(context.Background(), r.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess,
				Note: "楼下业主出差，无法入户", Evidence: []string{"chat/" + r.ID + ".png"}, At: day(2, 12), Actor: staff, Version: r.Version})
		}},
		step{Name: "Resume", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Resume(context.Background(), r.ID, aftersales.ResumeCommand{At: day(5, 9), Actor: staff, Version: r.Version})
		}},
	)
	complete := func(round, offset int) {
		for i, d := range depts {
			steps = append(steps, step{Name: fmt.Sprintf("Complete %s (round %d)", d, round), Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
				return s.Complete(context.Background(), r.ID, aftersales.CompleteCommand{
					Department: d, Result: fmt.Sprintf("第 %d 轮：已重做防水层，闭水试验 48 小时无渗漏", round+1),
					At: day(offset+i, 17), Actor: deptStaff(d), Version: r.Version})
			}})
		}
	}
	complete(0, 11)
	steps = append(steps, step{Name: "Feedback result " + depts[0], Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
		return s.Feedback(context.Background(), r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: depts[0],
			Channel: aftersales.ChannelWeChat, Summary: "防水层已重做，请验收", At: day(11+len(depts), 9), Actor: staff, Version: r.Version})
	}})
	steps = append(steps, step{Name: "Reject", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
		return s.Reject(context.Background(), r.ID, aftersales.RejectCommand{
			Reason: "墙角仍有潮湿", At: day(15, 10), Actor: customer(r.Customer.ID), Version: r.Version})
	}})
	complete(1, 16)
	steps = append(steps,
		step{Name: "Accept", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Accept(context.Background(), r.ID, aftersales.AcceptCommand{
				Signature: aftersales.Signature{SignedBy: "𠮷先生", Method: aftersales.SignScreen, Ref: "sign/" + r.ID + ".png"},
				At:        day(18, 10), Actor: customer(r.Customer.ID), Version: r.Version})
		}},
		step{Name: "Visit", Run: func(s *aftersales.Service, r *aftersales.Request) (*aftersales.Request, error) {
			return s.Visit(context.Background(), r.ID, aftersales.VisitCommand{
				Visit: aftersales.Visit{Satisfaction: 4, Suggestions: "希望提前电话预约", VisitedBy: staff.Name},
				At:    day(21, 15), Actor: staff, Version: r.Version})
		}},
	)
	return steps
}

// closed registers an urgent request received at t0 on project and runs it
// to closed with depts.
func (f *fixture) closed(t *testing.T, project, cust string, t0 time.Time, depts ...string) *aftersales.Request {
	t.Helper()
	r := f.register(t, reg{project: project, customer: cust, received: t0, urgent: true})
	return RunSteps(t, f.svc, r, lifecycle(t0, depts...), nil)
}

func (f *fixture) get(t *testing.T, id string) *aftersales.Request {
	t.Helper()
	return MustGet(t, f.ctx, f.store.Get, id)
}

func (f *fixture) history(t *testing.T, id string) []aftersales.Event {
	t.Helper()
	return MustHistory(t, f.ctx, f.store.History, id)
}

// requireUnchanged requires the store to hold exactly want and wantHistory
// for want.ID.
func (f *fixture) requireUnchanged(t *testing.T, want *aftersales.Request, wantHistory []aftersales.Event, msg string) {
	t.Helper()
	RequireStored(t, f.ctx, f.store.Get, f.store.History, want.ID, want, wantHistory, msg)
}

// replay returns the record history produces, failing the test if it
// cannot.
func replay(t *testing.T, history []aftersales.Event) *aftersales.Request {
	t.Helper()
	r, err := aftersales.Replay(history)
	require.NoError(t, err, "Replay")
	return r
}

// withdrawal is a hand-made event: the request withdrawn, as the Seq-th
// event of request id.
func withdrawal(id string, seq int, reason string) aftersales.Event {
	return aftersales.Event{RequestID: id, Seq: seq, Type: aftersales.EventWithdrawn, At: now.Add(-time.Hour),
		RecordedAt: now, Actor: staff, Reason: reason}
}

// registration is a hand-made first event of request id.
func registration(id string) aftersales.Event {
	received := At(2026, 10, 19, 14, 0)
	return aftersales.Event{RequestID: id, Seq: 1, Type: aftersales.EventRegistered, At: received, RecordedAt: now,
		Actor: staff,
		Registration: &aftersales.Registration{
			Customer:    aftersales.Customer{ID: "C-HAND", Name: "钱女士", Phone: "13900139000"},
			Description: "入户门关不严", Channel: aftersales.ChannelWeChat, ReceivedAt: received,
		},
		Deadlines: []aftersales.Deadline{{Clause: aftersales.ClauseP1_2, Event: "received", From: received,
			Due: At(2026, 10, 21, 0, 0), Workdays: 1}},
	}
}

// following returns the next event and record after history, a direct
// write that does not go through the Service.
func following(t *testing.T, history []aftersales.Event, e aftersales.Event) (*aftersales.Request, []aftersales.Event) {
	t.Helper()
	return replay(t, append(slices.Clone(history), e)), []aftersales.Event{e}
}

func testSaveAndGet(t *testing.T, f *fixture) {
	t0 := At(2026, 9, 28, 9, 0)
	r := f.register(t, reg{project: projectEast, customer: "C-1001", received: t0, urgent: true})
	require.Equal(t, 2, r.Version, "a registration on a project is saved with its coverage decision")
	RequireSame(t, r, f.get(t, r.ID), "Get after Register")

	final := RunSteps(t, f.svc, r, lifecycle(t0, deptEast, aftersales.DeptDesign), func(name string, r *aftersales.Request) {
		RequireSame(t, r, f.get(t, r.ID), "Get after %s", name)
	})

	// The fixture must have built a rich record, or the checks above prove
	// little.
	require.Equal(t, aftersales.StatusClosed, final.Status)
	require.Len(t, final.Parts, 2)
	require.Equal(t, aftersales.DeptAfterSales, final.Coordinator)
	require.NotNil(t, final.Parts[0].Plan)
	require.NotNil(t, final.Parts[0].DoneAt)
	require.Equal(t, 1, final.Parts[0].Round)
	require.NotNil(t, final.Acceptance)
	require.NotNil(t, final.Visit)
	require.NotNil(t, final.Coverage)
	require.NotNil(t, final.UrgentHandledAt)
	require.NotEmpty(t, final.Escalations)
	require.NotEmpty(t, final.Rejections)
	var done, cancelled int
	for _, d := range final.Deadlines {
		if d.DoneAt != nil {
			done++
		}
		if d.Cancelled {
			cancelled++
		}
	}
	require.Greater(t, done, 3, "deadlines with DoneAt")
	require.Positive(t, cancelled, "cancelled deadlines")

	// Times must keep their instants even where the store changes their
	// location.
	got := f.get(t, final.ID)
	require.True(t, final.ReceivedAt.Equal(got.ReceivedAt), "ReceivedAt %v, stored %v", final.ReceivedAt, got.ReceivedAt)
	require.True(t, final.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt %v, stored %v", final.UpdatedAt, got.UpdatedAt)
	RequireSameInstants(t, final.Deadlines, got.Deadlines)

	// A request with no project, no coverage and no attachments.
	plain, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{
		Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "孙先生"}, Description: "窗户漏风",
			Channel: aftersales.ChannelOnSite, ReceivedAt: At(2026, 10, 19, 16, 30)},
		Actor: staff,
	})
	require.NoError(t, err)
	require.Equal(t, 1, plain.Version)
	RequireSame(t, plain, f.get(t, plain.ID), "Get of a minimal request")
}

func testHistoryReplaysToRecord(t *testing.T, f *fixture) {
	t0 := At(2026, 9, 28, 9, 0)
	r := f.closed(t, projectEast, "C-1001", t0, deptEast, aftersales.DeptDesign)
	h := f.history(t, r.ID)
	require.Len(t, h, r.Version, "one event per version")
	for i, e := range h {
		require.Equal(t, i+1, e.Seq, "History[%d].Seq", i)
		require.Equal(t, r.ID, e.RequestID, "History[%d].RequestID", i)
	}
	require.Equal(t, aftersales.EventRegistered, h[0].Type)
	require.Equal(t, aftersales.EventVisited, h[len(h)-1].Type)
	RequireSame(t, f.rec.saved.Of(r.ID), h, "History must return the events saved, in order")
	RequireSame(t, f.get(t, r.ID), replay(t, h), "Replay(History) must equal Get")
	RequireSame(t, r, replay(t, h), "Replay(History) must equal what the Service returned")

	// A second request does not mix with the first.
	r2 := f.register(t, reg{customer: "C-2002", received: At(2026, 10, 19, 10, 0), cause: aftersales.CauseMaterial})
	h2 := f.history(t, r2.ID)
	require.Len(t, h2, 1)
	RequireSame(t, f.get(t, r2.ID), replay(t, h2))
	require.Len(t, f.history(t, r.ID), len(h))
}

func testStaleWrite(t *testing.T, f *fixture) {
	r0 := f.register(t, reg{project: projectWest, customer: "C-3003", received: At(2026, 10, 19, 9, 0), urgent: true})
	stale := f.get(t, r0.ID)
	staleHistory := f.history(t, r0.ID)
	v := stale.Version

	// Someone else moves the request on through the Service.
	cur, err := f.svc.Forward(f.ctx, r0.ID, aftersales.ForwardCommand{Cause: aftersales.CauseConstruction,
		At: At(2026, 10, 19, 15, 0), Actor: staff, Version: v})
	require.NoError(t, err)
	require.Greater(t, cur.Version, v)
	curHistory := f.history(t, r0.ID)

	// A write based on the stale version loses.
	next, events := following(t, staleHistory, withdrawal(r0.ID, v+1, "客户已自行修好"))
	err = f.store.Save(f.ctx, next, events)
	require.Error(t, err, "Save based on stale version %d (stored %d)", v, cur.Version)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "stale Save: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Save")

	// So does a write ahead of the stored version.
	ahead := withdrawal(r0.ID, cur.Version+2, "跳过了一个版本")
	aheadHistory := append(slices.Clone(curHistory), withdrawal(r0.ID, cur.Version+1, "占位"))
	next, events = following(t, aheadHistory, ahead)
	err = f.store.Save(f.ctx, next, events)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Save ahead of the stored version: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a Save ahead of the stored version")

	// A stale write of several events writes none of them.
	e1 := withdrawal(r0.ID, v+1, "第一条")
	e2 := aftersales.Event{RequestID: r0.ID, Seq: v + 2, Type: aftersales.EventCoverage, At: e1.At, RecordedAt: now,
		Actor:    aftersales.Actor{ID: "system", Role: aftersales.RoleSystem},
		Coverage: &aftersales.CoverageDecision{Outcome: aftersales.CoveragePaid, Reason: "客户撤回"}}
	next = replay(t, append(slices.Clone(staleHistory), e1, e2))
	err = f.store.Save(f.ctx, next, []aftersales.Event{e1, e2})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "stale Save of two events: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Save of two events")

	// Creating an ID that exists is a conflict.
	first := registration(r0.ID)
	next, events = following(t, nil, first)
	err = f.store.Save(f.ctx, next, events)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Save of Seq 1 for an existing ID: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after creating an existing ID")

	// The Service reports the conflict of a stale command in the same way.
	_, err = f.svc.Withdraw(f.ctx, r0.ID, aftersales.WithdrawCommand{Reason: "不需要了", Actor: staff, Version: v})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Service command on a stale version: got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Service command")

	// Updating an ID that does not exist writes nothing.
	ghost := withdrawal("AS-GHOST", 2, "不存在")
	next, events = following(t, []aftersales.Event{registration("AS-GHOST")}, ghost)
	err = f.store.Save(f.ctx, next, events)
	require.Error(t, err, "Save of Seq 2 for an unknown ID")
	require.True(t, errors.Is(err, aftersales.ErrConflict) || errors.Is(err, aftersales.ErrNotFound),
		"Save of Seq 2 for an unknown ID: want a KindConflict or KindNotFound error, got %v", err)
	_, err = f.store.Get(f.ctx, "AS-GHOST")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Get after a failed update of an unknown ID: got %v", err)

	// A fresh write on the current version still succeeds.
	next, events = following(t, curHistory, withdrawal(r0.ID, cur.Version+1, "客户撤回"))
	require.NoError(t, f.store.Save(f.ctx, next, events))
	f.requireUnchanged(t, next, append(slices.Clone(curHistory), events...), "after a current Save")
}

func testConcurrentWriters(t *testing.T, f *fixture) {
	const writers, rounds = 8, 3
	r := f.register(t, reg{project: projectEast, customer: "C-4004", received: At(2026, 10, 19, 9, 0)})
	for round := range rounds {
		before := f.history(t, r.ID)
		nexts := make([]*aftersales.Request, writers)
		events := make([]aftersales.Event, writers)
		errs := Race(t, writers, func(i int) (func() error, error) {
			cur, err := f.store.Get(f.ctx, r.ID)
			if err != nil {
				return nil, err
			}
			h, err := f.store.History(f.ctx, r.ID)
			if err != nil {
				return nil, err
			}
			e := aftersales.Event{RequestID: r.ID, Seq: cur.Version + 1, Type: aftersales.EventUrgentHandled,
				At: now.Add(-time.Duration(i+1) * time.Minute), RecordedAt: now, Actor: staff,
				Measures: fmt.Sprintf("第 %d 轮，写入者 %d 的临时措施", round, i)}
			next, err := aftersales.Replay(append(h, e))
			if err != nil {
				return nil, err
			}
			nexts[i], events[i] = next, e
			return func() error { return f.store.Save(f.ctx, next, []aftersales.Event{e}) }, nil
		})
		winner := OneWinner(t, errs, fmt.Sprintf("round %d", round))
		after := f.history(t, r.ID)
		require.Len(t, after, len(before)+1, "round %d: the history must grow by exactly one event", round)
		RequireSame(t, append(slices.Clone(before), events[winner]), after, "round %d: the winner's event", round)
		RequireSame(t, nexts[winner], f.get(t, r.ID), "round %d: the winner's record", round)
	}
}

func testNotFound(t *testing.T, f *fixture) {
	check := func(id string) {
		t.Helper()
		RequireNotFound(t, f.ctx, f.store.Get, f.store.History, id)
	}
	check("AS-NONE") // empty store
	rs, err := f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err, "List on an empty store")
	require.Empty(t, rs)

	r := f.register(t, reg{customer: "C-5005", received: At(2026, 10, 19, 9, 0)})
	check("AS-NONE")
	check(r.ID + "0")                    // a longer ID sharing the prefix
	check(r.ID[:len(r.ID)-1])            // a prefix
	check("AS-0001' OR '1'='1")          // not a query fragment
	check("")                            // the empty ID
	_, err = f.svc.Get(f.ctx, "AS-NONE") // the Service passes the kind on
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Service.Get: got %v", err)
}

func testListFilters(t *testing.T, f *fixture) {
	t0 := At(2026, 9, 28, 9, 0)
	// Registered out of ID order, so that the order of List is the store's
	// doing. The roles:
	//	AS-0001 P-EAST C-1 registered                    pending P1.2, due 2026-09-30 00:00
	//	AS-0002 P-EAST C-2 in_progress [proj-east]       pending P3.1, due 2026-10-01 00:00
	//	AS-0003 P-WEST C-1 in_progress [design, procurement]
	//	AS-0004 P-WEST C-3 closed      [proj-west]       nothing pending
	//	AS-0005 (none) C-2 withdrawn                     nothing pending
	//	AS-0006 P-EAST C-3 registered                    pending P1.2, due 2026-10-21 00:00
	f.ids.Queue("AS-0004", "AS-0002", "AS-0006", "AS-0001", "AS-0005", "AS-0003")
	r4 := f.closed(t, projectWest, "C-3", t0, deptWest)
	r2 := f.register(t, reg{project: projectEast, customer: "C-2", received: t0, cause: aftersales.CauseConstruction})
	_, err := f.svc.Forward(f.ctx, r2.ID, aftersales.ForwardCommand{At: t0.Add(5 * time.Hour), Actor: staff})
	require.NoError(t, err)
	f.register(t, reg{project: projectEast, customer: "C-3", received: At(2026, 10, 19, 9, 0)})
	r1 := f.register(t, reg{project: projectEast, customer: "C-1", received: t0})
	r5 := f.register(t, reg{customer: "C-2", received: t0})
	_, err = f.svc.Withdraw(f.ctx, r5.ID, aftersales.WithdrawCommand{Reason: "客户已自行处理", At: t0.Add(time.Hour), Actor: staff})
	require.NoError(t, err)
	r3 := f.register(t, reg{project: projectWest, customer: "C-1", received: t0})
	_, err = f.svc.Forward(f.ctx, r3.ID, aftersales.ForwardCommand{Cause: aftersales.CauseDesign,
		Departments: []string{aftersales.DeptDesign, aftersales.DeptProcurement}, At: t0.Add(5 * time.Hour), Actor: staff})
	require.NoError(t, err)
	require.Equal(t, "AS-0004", r4.ID)
	require.Equal(t, "AS-0001", r1.ID)
	require.Equal(t, "AS-0003", r3.ID)

	all := []string{"AS-0001", "AS-0002", "AS-0003", "AS-0004", "AS-0005", "AS-0006"}
	p12Due := f.get(t, "AS-0001").Deadlines[0].Due
	require.True(t, p12Due.Equal(At(2026, 9, 30, 0, 0)), "the fixture's P1.2 deadline moved: %v", p12Due)

	for _, tc := range []struct {
		name string
		q    aftersales.Query
		want []string
	}{
		{"everything", aftersales.Query{}, all},
		{"one project", aftersales.Query{ProjectIDs: []string{projectEast}}, []string{"AS-0001", "AS-0002", "AS-0006"}},
		{"two projects", aftersales.Query{ProjectIDs: []string{projectWest, projectEast}}, []string{"AS-0001", "AS-0002", "AS-0003", "AS-0004", "AS-0006"}},
		{"unknown project", aftersales.Query{ProjectIDs: []string{"P-NONE"}}, nil},
		{"department with one part", aftersales.Query{Department: deptEast}, []string{"AS-0002"}},
		{"department among two parts", aftersales.Query{Department: aftersales.DeptProcurement}, []string{"AS-0003"}},
		{"department of a closed request", aftersales.Query{Department: deptWest}, []string{"AS-0004"}},
		{"coordinator is not a part", aftersales.Query{Department: aftersales.DeptAfterSales}, nil},
		{"customer", aftersales.Query{CustomerID: "C-1"}, []string{"AS-0001", "AS-0003"}},
		{"another customer", aftersales.Query{CustomerID: "C-2"}, []string{"AS-0002", "AS-0005"}},
		{"unknown customer", aftersales.Query{CustomerID: "C-9"}, nil},
		{"one status", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusRegistered}}, []string{"AS-0001", "AS-0006"}},
		{"in progress", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusInProgress}}, []string{"AS-0002", "AS-0003"}},
		{"two statuses", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusWithdrawn, aftersales.StatusClosed}}, []string{"AS-0004", "AS-0005"}},
		{"status nobody has", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusAccepted}}, nil},
		{"pending due before", aftersales.Query{PendingDueBefore: At(2026, 10, 10, 0, 0)}, []string{"AS-0001", "AS-0002", "AS-0003"}},
		{"pending due before, in UTC", aftersales.Query{PendingDueBefore: At(2026, 10, 10, 0, 0).UTC()}, []string{"AS-0001", "AS-0002", "AS-0003"}},
		{"pending due before is strict", aftersales.Query{PendingDueBefore: p12Due}, nil},
		{"pending due a second later", aftersales.Query{PendingDueBefore: p12Due.Add(time.Second)}, []string{"AS-0001"}},
		{"pending due before, all pending", aftersales.Query{PendingDueBefore: At(2027, 1, 1, 0, 0)}, []string{"AS-0001", "AS-0002", "AS-0003", "AS-0006"}},
		{"project and status", aftersales.Query{ProjectIDs: []string{projectEast}, Statuses: []aftersales.Status{aftersales.StatusRegistered}}, []string{"AS-0001", "AS-0006"}},
		{"customer and department", aftersales.Query{CustomerID: "C-1", Department: aftersales.DeptDesign}, []string{"AS-0003"}},
		{"customer and project that exclude each other", aftersales.Query{CustomerID: "C-2", ProjectIDs: []string{projectWest}}, nil},
		{"overdue at", aftersales.Query{OverdueAt: At(2026, 10, 10, 0, 0)}, []string{"AS-0001", "AS-0002", "AS-0003"}},
		{"overdue at the due instant", aftersales.Query{OverdueAt: p12Due}, []string{"AS-0001"}},
		{"not yet overdue a second before", aftersales.Query{OverdueAt: p12Due.Add(-time.Second)}, nil},
		{"overdue at, in UTC, with a status and a limit", aftersales.Query{OverdueAt: At(2027, 1, 1, 0, 0).UTC(),
			Statuses: []aftersales.Status{aftersales.StatusRegistered}, Limit: 1}, []string{"AS-0001"}},
		{"received from", aftersales.Query{ReceivedFrom: At(2026, 10, 1, 0, 0)}, []string{"AS-0006"}},
		{"received from is inclusive", aftersales.Query{ReceivedFrom: At(2026, 10, 19, 9, 0)}, []string{"AS-0006"}},
		{"received from, in UTC", aftersales.Query{ReceivedFrom: At(2026, 10, 19, 9, 0).UTC()}, []string{"AS-0006"}},
		{"received from a second later", aftersales.Query{ReceivedFrom: At(2026, 10, 19, 9, 0).Add(time.Second)}, nil},
		{"received to is strict", aftersales.Query{ReceivedTo: At(2026, 10, 19, 9, 0)}, []string{"AS-0001", "AS-0002", "AS-0003", "AS-0004", "AS-0005"}},
		{"received to a second later", aftersales.Query{ReceivedTo: At(2026, 10, 19, 9, 0).Add(time.Second)}, all},
		{"received window is half-open", aftersales.Query{ReceivedFrom: t0, ReceivedTo: t0.Add(time.Second)}, []string{"AS-0001", "AS-0002", "AS-0003", "AS-0004", "AS-0005"}},
		{"empty received window", aftersales.Query{ReceivedFrom: t0, ReceivedTo: t0}, nil},
		{"received window, status and limit", aftersales.Query{ReceivedFrom: t0, ReceivedTo: At(2026, 11, 1, 0, 0),
			Statuses: []aftersales.Status{aftersales.StatusRegistered}, Limit: 1}, []string{"AS-0001"}},
		{"overdue queue", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusRegistered, aftersales.StatusInProgress},
			ProjectIDs: []string{projectEast}, PendingDueBefore: now}, []string{"AS-0001", "AS-0002"}},
		{"limit", aftersales.Query{Limit: 2}, []string{"AS-0001", "AS-0002"}},
		{"limit larger than the result", aftersales.Query{Limit: 100}, all},
		{"after ID", aftersales.Query{AfterID: "AS-0004"}, []string{"AS-0005", "AS-0006"}},
		{"after ID and limit", aftersales.Query{AfterID: "AS-0002", Limit: 2}, []string{"AS-0003", "AS-0004"}},
		{"after an ID that does not exist", aftersales.Query{AfterID: "AS-00035"}, []string{"AS-0004", "AS-0005", "AS-0006"}},
		{"after the last ID", aftersales.Query{AfterID: "AS-0006"}, nil},
		{"limit applies after filtering", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusInProgress}, Limit: 1}, []string{"AS-0002"}},
		{"a status twice", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusInProgress, aftersales.StatusInProgress}},
			[]string{"AS-0002", "AS-0003"}},
		{"a project twice and a status, newest first", aftersales.Query{ProjectIDs: []string{projectEast, projectEast},
			Statuses: []aftersales.Status{aftersales.StatusRegistered, aftersales.StatusInProgress, aftersales.StatusRegistered}, Limit: 2},
			[]string{"AS-0001", "AS-0002"}},
		{"two statuses, limit", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusInProgress, aftersales.StatusRegistered}, Limit: 3},
			[]string{"AS-0001", "AS-0002", "AS-0003"}},
		{"two statuses, page two", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusInProgress, aftersales.StatusRegistered},
			AfterID: "AS-0002", Limit: 2}, []string{"AS-0003", "AS-0006"}},
		{"two projects and two statuses, limit", aftersales.Query{ProjectIDs: []string{projectWest, projectEast},
			Statuses: []aftersales.Status{aftersales.StatusClosed, aftersales.StatusRegistered}, Limit: 2}, []string{"AS-0001", "AS-0004"}},
		{"filtered page two", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusInProgress}, AfterID: "AS-0002", Limit: 1}, []string{"AS-0003"}},
		{"filtered, after ID", aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusRegistered}, AfterID: "AS-0001"}, []string{"AS-0006"}},
		{"department, limit", aftersales.Query{PendingDueBefore: At(2027, 1, 1, 0, 0), Department: aftersales.DeptDesign, Limit: 1}, []string{"AS-0003"}},
	} {
		rs, err := f.store.List(f.ctx, tc.q)
		require.NoError(t, err, "List %s", tc.name)
		require.Equal(t, tc.want, RequireIDs(t, rs, requestID, tc.q.Matches, "List "+tc.name), "List %s (%+v)", tc.name, tc.q)
	}

	// Listed requests are whole: equal to what Get returns.
	rs, err := f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	for _, r := range rs {
		RequireSame(t, f.get(t, r.ID), r, "List and Get of %s", r.ID)
	}

	// Paging with AfterID and Limit visits every request once, in order.
	RequirePaging(t, func(afterID string, limit int) ([]*aftersales.Request, error) {
		return f.store.List(f.ctx, aftersales.Query{AfterID: afterID, Limit: limit})
	}, requestID, all)
}

func requestID(r *aftersales.Request) string { return r.ID }

func testCopies(t *testing.T, f *fixture) {
	r := f.closed(t, projectEast, "C-6006", At(2026, 9, 28, 9, 0), deptEast, aftersales.DeptDesign)
	id := r.ID
	want := Normalized(f.get(t, id))
	wantHistory := Normalized(f.history(t, id))
	unchanged := func(msg string) {
		t.Helper()
		RequireSame(t, want, f.get(t, id), "%s changed the stored request", msg)
		RequireSame(t, wantHistory, f.history(t, id), "%s changed the stored history", msg)
	}

	// What the Service returned is what it passed to Save.
	Scribble(r)
	unchanged("changing the request passed to Save")

	got := f.get(t, id)
	Scribble(got)
	unchanged("changing a request returned by Get")

	h := f.history(t, id)
	Scribble(h)
	unchanged("changing events returned by History")

	rs, err := f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	require.Len(t, rs, 1)
	Scribble(rs[0])
	rs[0] = nil
	unchanged("changing a request returned by List")

	// The events passed to Save, and the request, written directly.
	h = f.history(t, id)
	next, events := following(t, h, withdrawal(id, want.Version+1, "直接写入"))
	require.NoError(t, f.store.Save(f.ctx, next, events))
	want, wantHistory = Normalized(next), Normalized(append(h, events...))
	Scribble(next)
	Scribble(events)
	unchanged("changing the request and events passed to Save")
}

func testContextCancelled(t *testing.T, f *fixture) {
	r := f.register(t, reg{project: projectEast, customer: "C-7007", received: At(2026, 10, 19, 9, 0), urgent: true})
	want := f.get(t, r.ID)
	wantHistory := f.history(t, r.ID)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	got, err := f.store.Get(ctx, r.ID)
	require.Error(t, err, "Get on a cancelled context")
	require.Nil(t, got)
	h, err := f.store.History(ctx, r.ID)
	require.Error(t, err, "History on a cancelled context")
	require.Empty(t, h)
	rs, err := f.store.List(ctx, aftersales.Query{})
	require.Error(t, err, "List on a cancelled context")
	require.Empty(t, rs)

	next, events := following(t, wantHistory, withdrawal(r.ID, want.Version+1, "取消的写入"))
	require.Error(t, f.store.Save(ctx, next, events), "Save of an update on a cancelled context")
	f.requireUnchanged(t, want, wantHistory, "after an update on a cancelled context")

	next, events = following(t, nil, registration("AS-CANCELLED"))
	require.Error(t, f.store.Save(ctx, next, events), "Save of a new request on a cancelled context")
	_, err = f.store.Get(f.ctx, "AS-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a new request saved on a cancelled context was written: %v", err)
	_, err = f.store.History(f.ctx, "AS-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a history saved on a cancelled context was written: %v", err)

	// A context whose deadline has passed fails the same way.
	dctx, dcancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer dcancel()
	_, err = f.store.Get(dctx, r.ID)
	require.Error(t, err, "Get on an expired context")
	require.Error(t, f.store.Save(dctx, next, events), "Save on an expired context")
	_, err = f.store.Get(f.ctx, "AS-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a request saved on an expired context was written: %v", err)

	// The store still works with a live context.
	rs, err = f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	require.Len(t, rs, 1)
	RequireSame(t, want, rs[0])
}
