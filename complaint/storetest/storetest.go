// Package storetest is the conformance suite for complaint.Store. Every
// Store runs it: the in-memory MemStore, the reference server's SQL stores,
// and an integrator's store written over their own ERP tables.
//
// An integrator calls Run from a test of their own, with a function that
// returns a fresh, empty store for each subtest:
//
//	func TestERPComplaintStore(t *testing.T) {
//		storetest.Run(t, func(t *testing.T) complaint.Store {
//			db := openScratchDB(t) // an empty schema, dropped in t.Cleanup
//			return erp.NewComplaintStore(db)
//		})
//	}
//
// and runs it with the race detector:
//
//	go test -race -run TestERPComplaintStore ./...
//
// The suite builds its records by driving a real complaint.Service through
// the lifecycle (registration, a major complaint declared on the "safety"
// criterion with its emergency plan and feedback, forwarding, the plan, a
// customer statement, a third-party investigation and its report, a
// result, the customer's dissatisfaction and the escalation to the
// after-sales head, a second department forwarded the complaint, its clocks
// paused and resumed, the second department's plan, the head's result,
// satisfaction; and elsewhere withdrawal and a complaint flagged at the top
// of the chain), so the stored complaints carry several departments'
// parts, plans, pauses with their evidence, entries, third parties and
// deadlines that are met, pending, moved by a pause or cancelled. It then
// checks:
//
//   - SaveAndGet: Get returns what the Service saved, after every step.
//   - HistoryReplaysToRecord: History is what was saved, Seq 1..n, and
//     complaint.Replay of it equals Get.
//   - StaleWriteConflictsAndChangesNothing: a stale write, a write ahead of
//     the stored version and a second creation of an ID are KindConflict
//     errors and write nothing.
//   - ConcurrentWritersOneWins: of eight writers racing from the same
//     version, exactly one wins and the others get KindConflict.
//   - NotFound: Get and History of an unknown ID are KindNotFound errors.
//   - ListFilters: every Query field, alone and combined (the received
//     window is half-open: ReceivedFrom included, ReceivedTo excluded; a
//     department selects every complaint it has a part of, whichever part),
//     paging with AfterID and Limit, and ordering by ID.
//   - Deliveries: a month's report is delivered once (a second delivery of
//     the month is KindConflict and changes nothing), and Deliveries returns
//     them ordered by month.
//   - ReturnedValuesAreCopies: what a caller does with a returned complaint,
//     event or delivery, or with the values it passed to Save, never changes
//     the store.
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
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	ast "github.com/shouhou/shouhou/aftersales/storetest"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// Run runs the conformance suite against the stores newStore returns. It
// calls newStore once per subtest, with the subtest's t, and expects an
// empty store each time.
func Run(t *testing.T, newStore func(t *testing.T) complaint.Store) {
	t.Helper()
	ast.RunSubtests(t, newStore, newFixture,
		subtest{Name: "SaveAndGet", Run: testSaveAndGet},
		subtest{Name: "HistoryReplaysToRecord", Run: testHistoryReplaysToRecord},
		subtest{Name: "StaleWriteConflictsAndChangesNothing", Run: testStaleWrite},
		subtest{Name: "ConcurrentWritersOneWins", Run: testConcurrentWriters},
		subtest{Name: "NotFound", Run: testNotFound},
		subtest{Name: "ListFilters", Run: testListFilters},
		subtest{Name: "ListNewestFirst", Run: testNewestFirst},
		subtest{Name: "Scanner", Run: testScanner},
		subtest{Name: "ListTextSearch", Run: testTextSearch},
		subtest{Name: "TallyAgreesWithTheComplaints", Run: testTally},
		subtest{Name: "Deliveries", Run: testDeliveries},
		subtest{Name: "ReturnedValuesAreCopies", Run: testCopies},
		subtest{Name: "ContextCancelled", Run: testContextCancelled},
	)
}

type subtest = ast.Subtest[*fixture]

// now is the fixed instant the suite's Service lives at. Every event
// happens before it.
var now = at(2026, 10, 20, 9, 0)

// at returns a whole-second instant in China Standard Time.
func at(year int, month time.Month, day, hour, min int) time.Time {
	return ast.At(year, month, day, hour, min)
}

// The projects and departments of the suite's company.
const (
	projectEast = "P-EAST"
	projectWest = "P-WEST"
	deptEast    = "proj-east" // 项目部 of P-EAST
	deptWest    = "proj-west" // 项目部 of P-WEST
	deptDesign  = "design"    // 设计部, brought into resolved complaints at the second level
)

var (
	staff = aftersales.Actor{ID: "u-li", Name: "李娜", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	head  = aftersales.Actor{ID: "u-zhao", Name: "赵部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	gm    = aftersales.Actor{ID: "u-gm", Name: "周总", Role: aftersales.RoleGeneralManager}
)

func deptStaff(dept string) aftersales.Actor {
	return aftersales.Actor{ID: "u-" + dept, Name: dept + " 值班员", Role: aftersales.RoleDepartmentStaff, DepartmentID: dept}
}

func customer(id string) aftersales.Actor {
	return aftersales.Actor{ID: id, Role: aftersales.RoleCustomer}
}

// fixture is one subtest's store and the Service that writes to it.
type fixture struct {
	ctx   context.Context
	store complaint.Store // the store under test
	rec   *recorder
	svc   *complaint.Service
	ids   ast.IDQueue // TS-0001, TS-0002, … after any queued
}

func newFixture(t *testing.T, s complaint.Store) *fixture {
	f := &fixture{ctx: context.Background(), store: s, rec: &recorder{Store: s}, ids: ast.IDQueue{Prefix: "TS"}}
	svc, err := complaint.NewService(complaint.Config{
		Store: f.rec,
		Clock: aftersales.ClockFunc(func() time.Time { return now }),
		NewID: f.ids.Next,
	})
	require.NoError(t, err)
	f.svc = svc
	return f
}

// recorder passes everything to the store under test and keeps the
// events of every successful Save.
type recorder struct {
	complaint.Store
	saved ast.Saved[complaint.Event]
}

func (r *recorder) Save(ctx context.Context, c *complaint.Complaint, events []complaint.Event) error {
	if err := r.Store.Save(ctx, c, events); err != nil {
		return err
	}
	r.saved.Add(c.ID, events...)
	return nil
}

// reg describes a complaint to register.
type reg struct {
	project, complainant, request string
	received                      time.Time
	major                         bool // declared major on "safety" at registration, by the head
	byGM                          bool // received by the general manager
}

// register registers a complaint through the Service.
func (f *fixture) register(t *testing.T, g reg) *complaint.Complaint {
	t.Helper()
	actor := staff
	var criteria []string
	switch {
	case g.major:
		actor, criteria = head, []string{"safety", "group"}
	case g.byGM:
		actor = gm
	}
	c, err := f.svc.Register(f.ctx, complaint.RegisterCommand{
		Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: g.complainant, Name: "𠮷先生", Phone: "13800138000",
				Email: "ji@example.com", Contact: "微信 ji-2026"},
			ProjectID:   g.project,
			RequestID:   g.request,
			Type:        complaint.TypeQuality,
			Cause:       aftersales.CauseConstruction,
			Description: "卫生间渗水维修三次仍未修好，楼下住户天花板脱落，险些砸伤老人",
			Channel:     aftersales.ChannelPhone,
			ReceivedAt:  g.received,
		},
		Major:    g.major,
		Criteria: criteria,
		Actor:    actor,
	})
	require.NoError(t, err, "Register")
	require.NotNil(t, c)
	return c
}

// step is one Service command of a lifecycle, run on the version it read.
type step = ast.Step[*complaint.Service, *complaint.Complaint]

// dayOf returns hour:00 CST of the n-th day after t0's day.
func dayOf(t0 time.Time, n, hour int) time.Time {
	d := t0.In(calendar.CST())
	return time.Date(d.Year(), d.Month(), d.Day()+n, hour, 0, 0, 0, calendar.CST())
}

// investigation returns the steps that take a registered complaint
// received at t0 to answered by dept: the emergency plan and the feedback
// (if major), forwarding, the plan, a statement, a third-party
// investigation (if thirdParty) and the result.
func investigation(t0 time.Time, dept string, thirdParty bool) []step {
	ctx := context.Background()
	day := func(n, hour int) time.Time { return dayOf(t0, n, hour) }
	steps := []step{
		{Name: "StartEmergency", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			if c.Major == nil {
				return c, nil
			}
			return s.StartEmergency(ctx, c.ID, complaint.StepCommand{Text: "启动应急预案：疏散楼下住户，加固天花板",
				At: t0.Add(time.Hour), Actor: staff, Version: c.Version})
		}},
		{Name: "Forward", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.Forward(ctx, c.ID, complaint.ForwardCommand{Department: dept, At: t0.Add(3 * time.Hour),
				Actor: staff, Version: c.Version})
		}},
		{Name: "GiveMajorFeedback", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			if c.Major == nil {
				return c, nil
			}
			return s.GiveMajorFeedback(ctx, c.ID, complaint.StepCommand{Text: "已电话告知客户应急处理情况和后续安排",
				At: day(1, 10), Actor: staff, Version: c.Version})
		}},
		{Name: "Plan", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.Plan(ctx, c.ID, complaint.PlanCommand{Plan: complaint.Plan{
				Findings: "防水层施工时搭接不足，闭水试验记录缺失", Measures: "重做卫生间防水并修复楼下天花板", Owner: "王工",
				At: day(1, 15)}, Actor: deptStaff(dept), Version: c.Version})
		}},
		{Name: "RecordStatement", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.RecordStatement(ctx, c.ID, complaint.StepCommand{Text: "希望一次修好，并赔偿楼下住户损失",
				At: day(2, 10), Actor: customer(c.Complainant.ID), Version: c.Version})
		}},
	}
	if thirdParty {
		steps = append(steps,
			step{Name: "CommissionThirdParty", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
				return s.CommissionThirdParty(ctx, c.ID, complaint.ThirdPartyCommand{Agency: "市建设工程质量检测中心",
					Scope: "卫生间防水层及楼板渗漏原因鉴定", At: day(2, 14), Actor: deptStaff(dept), Version: c.Version})
			}},
			step{Name: "RecordThirdPartyReport", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
				return s.RecordThirdPartyReport(ctx, c.ID, complaint.ThirdPartyReportCommand{ReportRef: "JC-2026-0931",
					Conclusion: "渗漏系防水层搭接不足所致，属施工质量问题", At: day(10, 10), Actor: deptStaff(dept), Version: c.Version})
			}},
		)
	}
	return append(steps, step{Name: "Answer", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
		return s.Answer(ctx, c.ID, complaint.StepCommand{Text: "已重做防水，闭水试验 48 小时无渗漏，楼下天花板已修复",
			At: day(11, 10), Actor: deptStaff(dept), Version: c.Version})
	}})
}

// notSatisfied is the customer's dissatisfaction at day n after t0.
func notSatisfied(t0 time.Time, n int) step {
	return step{Name: fmt.Sprintf("NotSatisfied (day %d)", n), Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
		return s.NotSatisfied(context.Background(), c.ID, complaint.StepCommand{Text: "墙角仍有潮湿，不满意",
			At: dayOf(t0, n, 9), Actor: customer(c.Complainant.ID), Version: c.Version})
	}}
}

// answer is a result given by actor at day n after t0.
func answer(t0 time.Time, n int, actor aftersales.Actor) step {
	return step{Name: fmt.Sprintf("Answer by %s (day %d)", actor.ID, n), Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
		return s.Answer(context.Background(), c.ID, complaint.StepCommand{Text: "复查后更换了墙角防潮层，并书面致歉",
			At: dayOf(t0, n, 10), Actor: actor, Version: c.Version})
	}}
}

// lifecycle returns the steps that take a registered complaint received at
// t0 to resolved: the investigation with a third party, the department's
// result, the customer's dissatisfaction, a second department brought in
// by the after-sales head with the clocks paused while the customer could
// not be reached, that department's plan, the head's result and the
// customer's satisfaction.
func lifecycle(t0 time.Time, dept string) []step {
	ctx := context.Background()
	return append(investigation(t0, dept, true),
		notSatisfied(t0, 12),
		step{Name: "Forward again", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: []string{deptDesign}, At: dayOf(t0, 12, 11),
				Actor: head, Version: c.Version})
		}},
		step{Name: "Pause", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.Pause(ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户复查",
				Evidence: []string{"微信聊天截图 2026-10-10.png", "通话记录"}, At: dayOf(t0, 12, 14), Actor: head, Version: c.Version})
		}},
		step{Name: "Plan of the second department", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.Plan(ctx, c.ID, complaint.PlanCommand{Department: deptDesign, Plan: complaint.Plan{
				Findings: "墙角节点设计未设防潮层", Measures: "修改节点做法并补做防潮层", Owner: "设计部刘工", At: dayOf(t0, 13, 10)},
				Actor: head, Version: c.Version})
		}},
		step{Name: "Resume", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.Resume(ctx, c.ID, aftersales.ResumeCommand{At: dayOf(t0, 14, 9), Actor: staff, Version: c.Version})
		}},
		answer(t0, 15, head),
		step{Name: "Satisfied", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
			return s.Satisfied(context.Background(), c.ID, complaint.StepCommand{Text: "满意",
				At: dayOf(t0, 16, 10), Actor: customer(c.Complainant.ID), Version: c.Version})
		}},
	)
}

// flagging returns the steps that take a registered complaint received at
// t0 up the whole chain to flagged: not satisfied at every level.
func flagging(t0 time.Time, dept string) []step {
	return append(investigation(t0, dept, false),
		notSatisfied(t0, 12), answer(t0, 13, head),
		notSatisfied(t0, 14), answer(t0, 15, gm),
		notSatisfied(t0, 16))
}

// withdrawing is the customer's withdrawal at hour h after t0.
func withdrawing(t0 time.Time, h int) step {
	return step{Name: "Withdraw", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
		return s.Withdraw(context.Background(), c.ID, complaint.StepCommand{Text: "已与物业协商解决",
			At: t0.Add(time.Duration(h) * time.Hour), Actor: customer(c.Complainant.ID), Version: c.Version})
	}}
}

// run runs steps on c and returns the last complaint the Service returned.
// check, if not nil, is called after every step.
func (f *fixture) run(t *testing.T, c *complaint.Complaint, steps []step, check func(name string, c *complaint.Complaint)) *complaint.Complaint {
	t.Helper()
	return ast.RunSteps(t, f.svc, c, steps, check)
}

// resolved registers a major complaint received at t0 and runs it to
// resolved.
func (f *fixture) resolved(t *testing.T, g reg, dept string) *complaint.Complaint {
	t.Helper()
	g.major = true
	return f.run(t, f.register(t, g), lifecycle(g.received, dept), nil)
}

func (f *fixture) get(t *testing.T, id string) *complaint.Complaint {
	t.Helper()
	return ast.MustGet(t, f.ctx, f.store.Get, id)
}

func (f *fixture) history(t *testing.T, id string) []complaint.Event {
	t.Helper()
	return ast.MustHistory(t, f.ctx, f.store.History, id)
}

// requireUnchanged requires the store to hold exactly want and wantHistory
// for want.ID.
func (f *fixture) requireUnchanged(t *testing.T, want *complaint.Complaint, wantHistory []complaint.Event, msg string) {
	t.Helper()
	ast.RequireStored(t, f.ctx, f.store.Get, f.store.History, want.ID, want, wantHistory, msg)
}

// replay returns the record history produces, failing the test if it
// cannot.
func replay(t *testing.T, history []complaint.Event) *complaint.Complaint {
	t.Helper()
	c, err := complaint.Replay(history)
	require.NoError(t, err, "Replay")
	return c
}

// withdrawal is a hand-made event: the complaint withdrawn, as the Seq-th
// event of complaint id.
func withdrawal(id string, seq int, reason string) complaint.Event {
	return complaint.Event{ComplaintID: id, Seq: seq, Type: complaint.EventWithdrawn, At: now.Add(-time.Hour),
		RecordedAt: now, Actor: staff, Text: reason}
}

// statement is a hand-made event: a customer statement, as the Seq-th
// event of complaint id.
func statement(id string, seq int, text string) complaint.Event {
	return complaint.Event{ComplaintID: id, Seq: seq, Type: complaint.EventStatement, At: now.Add(-time.Duration(seq) * time.Minute),
		RecordedAt: now, Actor: staff, Text: text}
}

// registration is a hand-made first event of complaint id.
func registration(id string) complaint.Event {
	received := at(2026, 10, 19, 14, 0)
	return complaint.Event{ComplaintID: id, Seq: 1, Type: complaint.EventRegistered, At: received, RecordedAt: now,
		Actor: staff,
		Registration: &complaint.Registration{
			Complainant: aftersales.Customer{ID: "C-HAND", Name: "钱女士", Phone: "13900139000"},
			Type:        complaint.TypeService, Description: "维修人员态度恶劣", Channel: aftersales.ChannelWeChat,
			ReceivedAt: received, ReceivedBy: complaint.ToAfterSales,
		},
		Deadlines: []aftersales.Deadline{{Clause: complaint.ClauseC2_1, Event: "received", From: received,
			Due: at(2026, 10, 21, 0, 0), Workdays: 1}},
	}
}

// following returns the next events and record after history, a direct
// write that does not go through the Service.
func following(t *testing.T, history []complaint.Event, events ...complaint.Event) (*complaint.Complaint, []complaint.Event) {
	t.Helper()
	return replay(t, append(slices.Clone(history), events...)), events
}

func testSaveAndGet(t *testing.T, f *fixture) {
	t0 := at(2026, 9, 28, 9, 0)
	c := f.register(t, reg{project: projectEast, complainant: "C-1001", request: "AS-0001", received: t0, major: true})
	require.Equal(t, 2, c.Version, "a major complaint is saved with its declaration")
	ast.RequireSame(t, c, f.get(t, c.ID), "Get after Register")

	final := f.run(t, c, lifecycle(t0, deptEast), func(name string, c *complaint.Complaint) {
		ast.RequireSame(t, c, f.get(t, c.ID), "Get after %s", name)
	})

	// The fixture must have built a rich record, or the checks above prove
	// little.
	require.Equal(t, complaint.StatusResolved, final.Status)
	require.NotNil(t, final.Major)
	require.Equal(t, []string{"safety", "group"}, final.Major.Criteria)
	require.NotNil(t, final.EmergencyAt)
	require.NotNil(t, final.FeedbackAt)
	require.NotNil(t, final.ForwardedAt)
	require.Len(t, final.Parts, 2)
	require.Equal(t, []string{deptEast, deptDesign}, final.Departments())
	require.True(t, final.Planned())
	require.Len(t, final.Pauses, 1)
	require.NotNil(t, final.Pauses[0].ResumedAt)
	require.Len(t, final.Pauses[0].Evidence, 2)
	require.Positive(t, final.Pauses[0].Workdays)
	require.Len(t, final.Statements, 1)
	require.NotNil(t, final.ThirdParty)
	require.NotNil(t, final.ThirdParty.ReportedAt)
	require.Len(t, final.Results, 2)
	require.Len(t, final.Escalations, 1)
	require.Equal(t, 1, final.Level)
	require.NotNil(t, final.ResolvedAt)
	var done int
	for _, d := range final.Deadlines {
		if d.DoneAt != nil {
			done++
		}
	}
	require.Greater(t, done, 4, "deadlines with DoneAt")
	var moved bool
	for _, d := range final.Deadlines {
		moved = moved || d.PausedDays > 0
	}
	require.True(t, moved, "a deadline moved by the pause")

	// Times must keep their instants even where the store changes their
	// location.
	got := f.get(t, final.ID)
	require.True(t, final.ReceivedAt.Equal(got.ReceivedAt), "ReceivedAt %v, stored %v", final.ReceivedAt, got.ReceivedAt)
	require.True(t, final.UpdatedAt.Equal(got.UpdatedAt), "UpdatedAt %v, stored %v", final.UpdatedAt, got.UpdatedAt)
	require.NotNil(t, got.ResolvedAt)
	require.True(t, final.ResolvedAt.Equal(*got.ResolvedAt), "ResolvedAt %v, stored %v", *final.ResolvedAt, *got.ResolvedAt)
	ast.RequireSameInstants(t, final.Deadlines, got.Deadlines)

	// A withdrawn complaint, with cancelled deadlines.
	t1 := at(2026, 10, 12, 9, 0)
	w := f.register(t, reg{project: projectWest, complainant: "C-1002", received: t1})
	w = f.run(t, w, []step{investigation(t1, deptWest, false)[1], withdrawing(t1, 5)}, func(name string, c *complaint.Complaint) {
		ast.RequireSame(t, c, f.get(t, c.ID), "Get after %s", name)
	})
	require.Equal(t, complaint.StatusWithdrawn, w.Status)
	require.NotNil(t, w.Withdrawal)
	var cancelled int
	for _, d := range w.Deadlines {
		if d.Cancelled {
			cancelled++
		}
	}
	require.Positive(t, cancelled, "cancelled deadlines")

	// A complaint with no project, no request and no contact details,
	// received by the general manager.
	plain, err := f.svc.Register(f.ctx, complaint.RegisterCommand{
		Registration: complaint.Registration{Complainant: aftersales.Customer{Name: "孙先生"}, Type: complaint.TypeOther,
			Description: "售后电话无人接听", Channel: aftersales.ChannelOnSite, ReceivedAt: at(2026, 10, 19, 16, 30)},
		Actor: gm,
	})
	require.NoError(t, err)
	require.Equal(t, 1, plain.Version)
	require.Equal(t, complaint.ToGeneralManager, plain.ReceivedBy)
	ast.RequireSame(t, plain, f.get(t, plain.ID), "Get of a minimal complaint")
	ast.RequireSame(t, final, f.get(t, final.ID), "other complaints' Saves changed this one")
}

func testHistoryReplaysToRecord(t *testing.T, f *fixture) {
	t0 := at(2026, 9, 28, 9, 0)
	c := f.resolved(t, reg{project: projectEast, complainant: "C-1001", received: t0}, deptEast)
	h := f.history(t, c.ID)
	require.Len(t, h, c.Version, "one event per version")
	for i, e := range h {
		require.Equal(t, i+1, e.Seq, "History[%d].Seq", i)
		require.Equal(t, c.ID, e.ComplaintID, "History[%d].ComplaintID", i)
	}
	var types []complaint.EventType
	for _, e := range h {
		types = append(types, e.Type)
	}
	require.Equal(t, []complaint.EventType{
		complaint.EventRegistered, complaint.EventDeclaredMajor, complaint.EventEmergency, complaint.EventForwarded,
		complaint.EventMajorFeedback, complaint.EventPlanned, complaint.EventStatement, complaint.EventThirdParty,
		complaint.EventThirdPartyReport, complaint.EventAnswered, complaint.EventEscalated, complaint.EventForwarded,
		complaint.EventPaused, complaint.EventPlanned, complaint.EventResumed, complaint.EventAnswered,
		complaint.EventSatisfied,
	}, types)
	require.Equal(t, head, h[0].Actor, "the registration's actor")
	require.Equal(t, head, h[len(h)-2].Actor, "the head's answer")
	require.Equal(t, customer("C-1001"), h[len(h)-1].Actor, "the satisfaction's actor")
	ast.RequireSame(t, f.rec.saved.Of(c.ID), h, "History must return the events saved, in order")
	ast.RequireSame(t, f.get(t, c.ID), replay(t, h), "Replay(History) must equal Get")
	ast.RequireSame(t, c, replay(t, h), "Replay(History) must equal what the Service returned")

	// A flagged complaint replays too.
	t1 := at(2026, 9, 15, 10, 0)
	fl := f.run(t, f.register(t, reg{project: projectWest, complainant: "C-2002", received: t1}), flagging(t1, deptWest), nil)
	require.Equal(t, complaint.StatusUnresolved, fl.Status)
	require.True(t, fl.Flagged)
	hf := f.history(t, fl.ID)
	require.Len(t, hf, fl.Version)
	ast.RequireSame(t, f.rec.saved.Of(fl.ID), hf)
	ast.RequireSame(t, f.get(t, fl.ID), replay(t, hf), "Replay(History) of a flagged complaint must equal Get")

	// A third complaint does not mix with the others.
	c3 := f.register(t, reg{complainant: "C-3003", received: at(2026, 10, 19, 10, 0)})
	h3 := f.history(t, c3.ID)
	require.Len(t, h3, 1)
	ast.RequireSame(t, f.get(t, c3.ID), replay(t, h3))
	require.Len(t, f.history(t, c.ID), len(h))
	require.Len(t, f.history(t, fl.ID), len(hf))

	// The Service reads the same history.
	sh, err := f.svc.History(f.ctx, c.ID)
	require.NoError(t, err)
	ast.RequireSame(t, h, sh)
}

func testStaleWrite(t *testing.T, f *fixture) {
	c0 := f.register(t, reg{project: projectWest, complainant: "C-3003", received: at(2026, 10, 19, 9, 0), major: true})
	stale := f.get(t, c0.ID)
	staleHistory := f.history(t, c0.ID)
	v := stale.Version

	// Someone else moves the complaint on through the Service.
	cur, err := f.svc.Forward(f.ctx, c0.ID, complaint.ForwardCommand{Department: deptWest, At: at(2026, 10, 19, 15, 0),
		Actor: staff, Version: v})
	require.NoError(t, err)
	require.Greater(t, cur.Version, v)
	curHistory := f.history(t, c0.ID)

	// A write based on the stale version loses.
	next, events := following(t, staleHistory, withdrawal(c0.ID, v+1, "客户已自行修好"))
	err = f.store.Save(f.ctx, next, events)
	require.Error(t, err, "Save based on stale version %d (stored %d)", v, cur.Version)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "stale Save: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Save")

	// So does a write ahead of the stored version.
	aheadHistory := append(slices.Clone(curHistory), statement(c0.ID, cur.Version+1, "占位"))
	next, events = following(t, aheadHistory, withdrawal(c0.ID, cur.Version+2, "跳过了一个版本"))
	err = f.store.Save(f.ctx, next, events)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Save ahead of the stored version: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a Save ahead of the stored version")

	// A stale write of several events writes none of them.
	next, events = following(t, staleHistory, statement(c0.ID, v+1, "第一条"), withdrawal(c0.ID, v+2, "第二条"))
	err = f.store.Save(f.ctx, next, events)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "stale Save of two events: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Save of two events")

	// Creating an ID that exists is a conflict.
	next, events = following(t, nil, registration(c0.ID))
	err = f.store.Save(f.ctx, next, events)
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Save of Seq 1 for an existing ID: want a KindConflict error, got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after creating an existing ID")

	// So is registering it again through the Service.
	f.ids.Queue(c0.ID)
	_, err = f.svc.Register(f.ctx, complaint.RegisterCommand{Registration: complaint.Registration{
		Complainant: aftersales.Customer{Name: "重号"}, Type: complaint.TypeOther, Description: "重复编号",
		Channel: aftersales.ChannelPhone, ReceivedAt: at(2026, 10, 19, 16, 0)}, Actor: staff})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Register with an existing ID: got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after registering an existing ID")

	// The Service reports the conflict of a stale command in the same way.
	_, err = f.svc.Withdraw(f.ctx, c0.ID, complaint.StepCommand{Text: "不需要了", Actor: staff, Version: v})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "Service command on a stale version: got %v", err)
	f.requireUnchanged(t, cur, curHistory, "after a stale Service command")

	// Updating an ID that does not exist writes nothing.
	next, events = following(t, []complaint.Event{registration("TS-GHOST")}, withdrawal("TS-GHOST", 2, "不存在"))
	err = f.store.Save(f.ctx, next, events)
	require.Error(t, err, "Save of Seq 2 for an unknown ID")
	require.True(t, errors.Is(err, aftersales.ErrConflict) || errors.Is(err, aftersales.ErrNotFound),
		"Save of Seq 2 for an unknown ID: want a KindConflict or KindNotFound error, got %v", err)
	_, err = f.store.Get(f.ctx, "TS-GHOST")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Get after a failed update of an unknown ID: got %v", err)
	_, err = f.store.History(f.ctx, "TS-GHOST")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "History after a failed update of an unknown ID: got %v", err)
	cs, err := f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	require.Len(t, cs, 1, "a failed write listed a complaint")

	// A fresh write on the current version still succeeds, several events
	// at once.
	next, events = following(t, curHistory, statement(c0.ID, cur.Version+1, "客户补充意见"), withdrawal(c0.ID, cur.Version+2, "客户撤回"))
	require.NoError(t, f.store.Save(f.ctx, next, events))
	f.requireUnchanged(t, next, append(slices.Clone(curHistory), events...), "after a current Save")
}

func testConcurrentWriters(t *testing.T, f *fixture) {
	const writers, rounds = 8, 3
	c := f.register(t, reg{project: projectEast, complainant: "C-4004", received: at(2026, 10, 19, 9, 0)})
	for round := range rounds {
		before := f.history(t, c.ID)
		nexts := make([]*complaint.Complaint, writers)
		events := make([]complaint.Event, writers)
		errs := ast.Race(t, writers, func(i int) (func() error, error) {
			cur, err := f.store.Get(f.ctx, c.ID)
			if err != nil {
				return nil, err
			}
			h, err := f.store.History(f.ctx, c.ID)
			if err != nil {
				return nil, err
			}
			e := statement(c.ID, cur.Version+1, fmt.Sprintf("第 %d 轮，写入者 %d 记录的客户意见", round, i))
			next, err := complaint.Replay(append(h, e))
			if err != nil {
				return nil, err
			}
			nexts[i], events[i] = next, e
			return func() error { return f.store.Save(f.ctx, next, []complaint.Event{e}) }, nil
		})
		winner := ast.OneWinner(t, errs, fmt.Sprintf("round %d", round))
		after := f.history(t, c.ID)
		require.Len(t, after, len(before)+1, "round %d: the history must grow by exactly one event", round)
		ast.RequireSame(t, append(slices.Clone(before), events[winner]), after, "round %d: the winner's event", round)
		ast.RequireSame(t, nexts[winner], f.get(t, c.ID), "round %d: the winner's record", round)
	}

	// Eight writers creating the same ID: exactly one wins.
	errs := ast.Race(t, writers, func(i int) (func() error, error) {
		e := registration("TS-RACE")
		e.Registration.Description = fmt.Sprintf("写入者 %d", i)
		next, err := complaint.Replay([]complaint.Event{e})
		if err != nil {
			return nil, err
		}
		return func() error { return f.store.Save(f.ctx, next, []complaint.Event{e}) }, nil
	})
	winner := ast.OneWinner(t, errs, "creating one complaint")
	h := f.history(t, "TS-RACE")
	require.Len(t, h, 1)
	require.Equal(t, fmt.Sprintf("写入者 %d", winner), f.get(t, "TS-RACE").Description)
	cs, err := f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	require.Len(t, cs, 2, "List after racing creations")
}

func testNotFound(t *testing.T, f *fixture) {
	check := func(id string) {
		t.Helper()
		ast.RequireNotFound(t, f.ctx, f.store.Get, f.store.History, id)
	}
	check("TS-NONE") // empty store
	cs, err := f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err, "List on an empty store")
	require.Empty(t, cs)

	c := f.register(t, reg{complainant: "C-5005", received: at(2026, 10, 19, 9, 0)})
	check("TS-NONE")
	check(c.ID + "0")                    // a longer ID sharing the prefix
	check(c.ID[:len(c.ID)-1])            // a prefix
	check("ts-0001")                     // another case
	check("TS-0001' OR '1'='1")          // not a query fragment
	check("")                            // the empty ID
	_, err = f.svc.Get(f.ctx, "TS-NONE") // the Service passes the kind on
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Service.Get: got %v", err)
	_, err = f.svc.Withdraw(f.ctx, "TS-NONE", complaint.StepCommand{Text: "撤回", Actor: staff})
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Service.Withdraw of an unknown ID: got %v", err)
	check("TS-NONE")
}

func testListFilters(t *testing.T, f *fixture) {
	// Registered out of ID order, so that the order of List is the store's
	// doing. The roles:
	//	TS-0001 P-WEST C-3 AS-0001 answered       received 2026-09-30 18:00
	//	TS-0002 P-EAST C-2 AS-0002 investigating  received 2026-10-09 10:00
	//	TS-0003 P-EAST C-3 (none)  unresolved     received 2026-09-15 10:00
	//	TS-0004 P-EAST C-1 AS-0001 resolved       received 2026-09-28 09:00
	//	TS-0005 (none) C-2 (none)  withdrawn      received 2026-10-01 00:00
	//	TS-0006 P-WEST C-1 (none)  registered     received 2026-10-19 09:00
	var (
		t1 = at(2026, 9, 30, 18, 0)
		t2 = at(2026, 10, 9, 10, 0)
		t3 = at(2026, 9, 15, 10, 0)
		t4 = at(2026, 9, 28, 9, 0)
		t5 = at(2026, 10, 1, 0, 0)
		t6 = at(2026, 10, 19, 9, 0)
	)
	f.ids.Queue("TS-0004", "TS-0002", "TS-0006", "TS-0001", "TS-0005", "TS-0003")
	f.resolved(t, reg{project: projectEast, complainant: "C-1", request: "AS-0001", received: t4}, deptEast)
	c2 := f.register(t, reg{project: projectEast, complainant: "C-2", request: "AS-0002", received: t2})
	c2 = f.run(t, c2, investigation(t2, deptEast, false)[1:2], nil)
	// TS-0002 waits for its customer: its C3.1 clock stands still, the
	// pause's limit (G3.3) runs.
	f.run(t, c2, []step{{Name: "Pause", Run: func(s *complaint.Service, c *complaint.Complaint) (*complaint.Complaint, error) {
		return s.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户复查",
			At: dayOf(t2, 1, 10), Actor: head, Version: c.Version})
	}}}, nil)
	f.register(t, reg{project: projectWest, complainant: "C-1", received: t6, byGM: true})
	c1 := f.register(t, reg{project: projectWest, complainant: "C-3", request: "AS-0001", received: t1})
	f.run(t, c1, investigation(t1, deptWest, false), nil)
	c5 := f.register(t, reg{complainant: "C-2", received: t5})
	f.run(t, c5, []step{withdrawing(t5, 2)}, nil)
	c3 := f.register(t, reg{project: projectEast, complainant: "C-3", received: t3})
	f.run(t, c3, flagging(t3, deptEast), nil)

	all := []string{"TS-0001", "TS-0002", "TS-0003", "TS-0004", "TS-0005", "TS-0006"}
	want := map[string]complaint.Status{"TS-0001": complaint.StatusAnswered, "TS-0002": complaint.StatusInvestigating,
		"TS-0003": complaint.StatusUnresolved, "TS-0004": complaint.StatusResolved, "TS-0005": complaint.StatusWithdrawn,
		"TS-0006": complaint.StatusRegistered}
	for id, s := range want {
		require.Equal(t, s, f.get(t, id).Status, "the fixture's %s", id)
	}
	oct := at(2026, 10, 1, 0, 0)

	for _, tc := range []struct {
		name string
		q    complaint.Query
		want []string
	}{
		{"everything", complaint.Query{}, all},
		{"received from", complaint.Query{ReceivedFrom: oct}, []string{"TS-0002", "TS-0005", "TS-0006"}},
		{"received from, in UTC", complaint.Query{ReceivedFrom: oct.UTC()}, []string{"TS-0002", "TS-0005", "TS-0006"}},
		{"received from a second later", complaint.Query{ReceivedFrom: oct.Add(time.Second)}, []string{"TS-0002", "TS-0006"}},
		{"received to is strict", complaint.Query{ReceivedTo: oct}, []string{"TS-0001", "TS-0003", "TS-0004"}},
		{"received to, in UTC", complaint.Query{ReceivedTo: oct.UTC()}, []string{"TS-0001", "TS-0003", "TS-0004"}},
		{"received to a second later", complaint.Query{ReceivedTo: oct.Add(time.Second)}, []string{"TS-0001", "TS-0003", "TS-0004", "TS-0005"}},
		{"received window is half-open", complaint.Query{ReceivedFrom: t4, ReceivedTo: t2}, []string{"TS-0001", "TS-0004", "TS-0005"}},
		{"empty window", complaint.Query{ReceivedFrom: oct, ReceivedTo: oct}, nil},
		{"a month, as the report asks", complaint.Query{ReceivedFrom: at(2026, 9, 1, 0, 0), ReceivedTo: oct}, []string{"TS-0001", "TS-0003", "TS-0004"}},
		{"complainant", complaint.Query{ComplainantID: "C-1"}, []string{"TS-0004", "TS-0006"}},
		{"another complainant", complaint.Query{ComplainantID: "C-2"}, []string{"TS-0002", "TS-0005"}},
		{"unknown complainant", complaint.Query{ComplainantID: "C-9"}, nil},
		{"project", complaint.Query{ProjectID: projectEast}, []string{"TS-0002", "TS-0003", "TS-0004"}},
		{"another project", complaint.Query{ProjectID: projectWest}, []string{"TS-0001", "TS-0006"}},
		{"unknown project", complaint.Query{ProjectID: "P-NONE"}, nil},
		{"department", complaint.Query{Department: deptEast}, []string{"TS-0002", "TS-0003", "TS-0004"}},
		{"another department", complaint.Query{Department: deptWest}, []string{"TS-0001"}},
		{"a department's second part", complaint.Query{Department: deptDesign}, []string{"TS-0004"}},
		{"unknown department", complaint.Query{Department: "nobody"}, nil},
		{"department and status", complaint.Query{Department: deptEast, Statuses: []complaint.Status{complaint.StatusResolved,
			complaint.StatusInvestigating}}, []string{"TS-0002", "TS-0004"}},
		{"department, after ID and limit", complaint.Query{Department: deptEast, AfterID: "TS-0002", Limit: 1}, []string{"TS-0003"}},
		{"department and project that exclude each other", complaint.Query{Department: deptWest, ProjectID: projectEast}, nil},
		{"request", complaint.Query{RequestID: "AS-0001"}, []string{"TS-0001", "TS-0004"}},
		{"another request", complaint.Query{RequestID: "AS-0002"}, []string{"TS-0002"}},
		{"unknown request", complaint.Query{RequestID: "AS-0009"}, nil},
		{"one status", complaint.Query{Statuses: []complaint.Status{complaint.StatusResolved}}, []string{"TS-0004"}},
		{"registered", complaint.Query{Statuses: []complaint.Status{complaint.StatusRegistered}}, []string{"TS-0006"}},
		{"two statuses", complaint.Query{Statuses: []complaint.Status{complaint.StatusUnresolved, complaint.StatusAnswered}}, []string{"TS-0001", "TS-0003"}},
		{"open statuses", complaint.Query{Statuses: []complaint.Status{complaint.StatusRegistered, complaint.StatusInvestigating,
			complaint.StatusAnswered, complaint.StatusUnresolved}}, []string{"TS-0001", "TS-0002", "TS-0003", "TS-0006"}},
		{"closed statuses", complaint.Query{Statuses: []complaint.Status{complaint.StatusWithdrawn, complaint.StatusResolved}}, []string{"TS-0004", "TS-0005"}},
		{"status nobody has", complaint.Query{Statuses: []complaint.Status{"no_such_status"}}, nil},
		{"project and status", complaint.Query{ProjectID: projectEast, Statuses: []complaint.Status{complaint.StatusInvestigating, complaint.StatusResolved}}, []string{"TS-0002", "TS-0004"}},
		{"complainant and project", complaint.Query{ComplainantID: "C-1", ProjectID: projectEast}, []string{"TS-0004"}},
		{"complainant and project that exclude each other", complaint.Query{ComplainantID: "C-2", ProjectID: projectWest}, nil},
		{"request and window", complaint.Query{RequestID: "AS-0001", ReceivedFrom: t1}, []string{"TS-0001"}},
		{"complainant, window and status", complaint.Query{ComplainantID: "C-3", ReceivedTo: oct,
			Statuses: []complaint.Status{complaint.StatusUnresolved}}, []string{"TS-0003"}},
		{"limit", complaint.Query{Limit: 2}, []string{"TS-0001", "TS-0002"}},
		{"limit larger than the result", complaint.Query{Limit: 100}, all},
		{"after ID", complaint.Query{AfterID: "TS-0004"}, []string{"TS-0005", "TS-0006"}},
		{"after ID and limit", complaint.Query{AfterID: "TS-0002", Limit: 2}, []string{"TS-0003", "TS-0004"}},
		{"after an ID that does not exist", complaint.Query{AfterID: "TS-00035"}, []string{"TS-0004", "TS-0005", "TS-0006"}},
		{"after the last ID", complaint.Query{AfterID: "TS-0006"}, nil},
		{"limit applies after filtering", complaint.Query{ProjectID: projectEast, Limit: 1}, []string{"TS-0002"}},
		{"filtered page two", complaint.Query{ProjectID: projectEast, AfterID: "TS-0002", Limit: 1}, []string{"TS-0003"}},
		{"filtered, after ID", complaint.Query{RequestID: "AS-0001", AfterID: "TS-0001"}, []string{"TS-0004"}},
		{"window, limit", complaint.Query{ReceivedFrom: oct, Limit: 2}, []string{"TS-0002", "TS-0005"}},
	} {
		cs, err := f.store.List(f.ctx, tc.q)
		require.NoError(t, err, "List %s", tc.name)
		require.Equal(t, tc.want, ast.RequireIDs(t, cs, complaintID, tc.q.Matches, "List "+tc.name), "List %s (%+v)", tc.name, tc.q)
	}

	// Listed complaints are whole: equal to what Get returns.
	cs, err := f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	for _, c := range cs {
		ast.RequireSame(t, f.get(t, c.ID), c, "List and Get of %s", c.ID)
	}

	// Paging with AfterID and Limit visits every complaint once, in order.
	ast.RequirePaging(t, func(afterID string, limit int) ([]*complaint.Complaint, error) {
		return f.store.List(f.ctx, complaint.Query{AfterID: afterID, Limit: limit})
	}, complaintID, all)

	// DueBefore: the complaints with a running deadline due before an
	// instant (the scheduler's question): those still owing a step
	// (registered, investigating), not those answered, flagged at the top
	// or closed. Each one's next due instant (NextDue) is the edge: not
	// before itself, before a nanosecond later. A paused clock does not
	// count: TS-0002's next due is its pause's limit, not its C3.1.
	pending := map[string]time.Time{}
	for _, id := range all {
		if due, ok := complaint.NextDue(f.get(t, id)); ok {
			pending[id] = due
		}
	}
	require.ElementsMatch(t, []string{"TS-0002", "TS-0006"}, slices.Collect(maps.Keys(pending)),
		"the complaints owing a step have running deadlines, the others none")
	paused := f.get(t, "TS-0002")
	var c31, limit time.Time
	for _, d := range paused.Deadlines {
		switch {
		case d.Clause == complaint.ClauseC3_1 && d.Paused():
			c31 = d.Due
		case d.Clause == aftersales.ClauseG3_3 && d.Pending() && !d.Paused():
			limit = d.Due
		}
	}
	require.False(t, c31.IsZero() || limit.IsZero(), "TS-0002: a paused C3.1 and a running pause limit: %+v", paused.Deadlines)
	require.True(t, c31.Before(limit), "the fixture's paused C3.1 falls due before the pause's limit")
	require.Equal(t, limit, pending["TS-0002"], "NextDue passes over the paused clock")
	q := complaint.Query{DueBefore: c31.Add(time.Nanosecond), ProjectID: projectEast}
	cs, err = f.store.List(f.ctx, q)
	require.NoError(t, err)
	require.NotContains(t, ast.RequireIDs(t, cs, complaintID, q.Matches, "DueBefore a paused deadline"), "TS-0002",
		"a paused deadline is never due")
	far := at(2030, 1, 1, 0, 0)
	for _, tc := range []struct {
		name   string
		before time.Time
	}{{"far ahead", far}, {"far ahead, in UTC", far.UTC()}} {
		cs, err := f.store.List(f.ctx, complaint.Query{DueBefore: tc.before})
		require.NoError(t, err)
		require.Equal(t, []string{"TS-0002", "TS-0006"},
			ast.RequireIDs(t, cs, complaintID, complaint.Query{DueBefore: tc.before}.Matches, "DueBefore "+tc.name))
	}
	for id, due := range pending {
		for _, tc := range []struct {
			before time.Time
			in     bool
		}{{due, false}, {due.Add(time.Nanosecond), true}, {due.Add(-time.Second), false}, {due.Add(time.Second).UTC(), true}} {
			q := complaint.Query{DueBefore: tc.before, ProjectID: f.get(t, id).ProjectID, ComplainantID: f.get(t, id).Complainant.ID}
			cs, err := f.store.List(f.ctx, q)
			require.NoError(t, err)
			ids := ast.RequireIDs(t, cs, complaintID, q.Matches, "DueBefore at the edge of "+id)
			require.Equal(t, tc.in, slices.Contains(ids, id), "%s, next due %s, pending due before %s", id, due, tc.before)
		}
	}

	// SoonestDueFirst: the complaints with a pending deadline, by the
	// earliest, then by ID; cut at Limit; the other filters still apply.
	soonest := slices.SortedFunc(maps.Keys(pending), func(a, b string) int {
		if x := pending[a].Compare(pending[b]); x != 0 {
			return x
		}
		return strings.Compare(a, b)
	})
	for _, tc := range []struct {
		name string
		q    complaint.Query
		want []string
	}{
		{"soonest due first", complaint.Query{SoonestDueFirst: true}, soonest},
		{"soonest due first, limit 1", complaint.Query{SoonestDueFirst: true, Limit: 1}, soonest[:1]},
		{"soonest due first, registered", complaint.Query{SoonestDueFirst: true, Statuses: []complaint.Status{complaint.StatusRegistered}}, []string{"TS-0006"}},
		{"soonest due first, closed", complaint.Query{SoonestDueFirst: true, Statuses: []complaint.Status{complaint.StatusResolved}}, nil},
		{"soonest due first, a department", complaint.Query{SoonestDueFirst: true, Department: deptEast}, []string{"TS-0002"}},
		{"soonest due first, due before", complaint.Query{SoonestDueFirst: true, DueBefore: pending[soonest[0]].Add(time.Nanosecond)}, soonest[:1]},
	} {
		cs, err := f.store.List(f.ctx, tc.q)
		require.NoError(t, err, "List %s", tc.name)
		require.Equal(t, tc.want, ast.RequireIDs(t, cs, complaintID, tc.q.Matches, "List "+tc.name), "List %s", tc.name)
	}
	cs, err = f.store.List(f.ctx, complaint.Query{SoonestDueFirst: true})
	require.NoError(t, err)
	require.True(t, slices.IsSortedFunc(cs, complaint.SoonestDue), "in complaint.SoonestDue's order")

	// The Service's monthly report reads through List.
	r, err := f.svc.Report(f.ctx, complaint.Month{Year: 2026, Month: time.September})
	require.NoError(t, err)
	require.NotNil(t, r)
}

func complaintID(c *complaint.Complaint) string { return c.ID }

func testDeliveries(t *testing.T, f *fixture) {
	ds, err := f.store.Deliveries(f.ctx)
	require.NoError(t, err, "Deliveries on an empty store")
	require.Empty(t, ds)

	// A month's report through the Service.
	sep := complaint.Month{Year: 2026, Month: time.September}
	d, err := f.svc.DeliverReport(f.ctx, sep, complaint.DeliverCommand{To: "公司总经理", Ref: "TSFX-2026-09",
		At: at(2026, 10, 9, 10, 0), Actor: staff})
	require.NoError(t, err)
	ds, err = f.store.Deliveries(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, []complaint.Delivery{d}, ds, "Deliveries after DeliverReport")

	// Others written directly, out of month order, across a year and with
	// times in other locations.
	saved := map[complaint.Month]complaint.Delivery{sep: d}
	for _, x := range []complaint.Delivery{
		{Month: complaint.Month{Year: 2026, Month: time.January}, To: "公司总经理", By: staff.ID, At: at(2026, 2, 4, 9, 0), Ref: "TSFX-2026-01"},
		{Month: complaint.Month{Year: 2025, Month: time.October}, To: "公司总经理", By: head.ID, At: at(2025, 11, 5, 17, 30).UTC()},
		{Month: complaint.Month{Year: 2025, Month: time.December}, To: "周总", By: staff.ID, At: at(2026, 1, 6, 11, 0), Ref: "TSFX-2025-12"},
		{Month: complaint.Month{Year: 2025, Month: time.September}, To: "公司总经理", By: staff.ID, At: at(2025, 10, 10, 8, 0), Ref: "TSFX-2025-09"},
	} {
		require.NoError(t, f.store.SaveDelivery(f.ctx, x), "SaveDelivery %s", x.Month)
		saved[x.Month] = x
	}
	want := []complaint.Delivery{
		saved[complaint.Month{Year: 2025, Month: time.September}],
		saved[complaint.Month{Year: 2025, Month: time.October}],
		saved[complaint.Month{Year: 2025, Month: time.December}],
		saved[complaint.Month{Year: 2026, Month: time.January}],
		saved[sep],
	}
	ds, err = f.store.Deliveries(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, want, ds, "Deliveries must be ordered by month")
	for i, x := range ds {
		require.True(t, want[i].At.Equal(x.At), "Deliveries[%d].At %v, stored %v", i, want[i].At, x.At)
	}

	// A second delivery of a month is a conflict and changes nothing.
	err = f.store.SaveDelivery(f.ctx, complaint.Delivery{Month: sep, To: "另一人", By: head.ID, At: at(2026, 10, 12, 9, 0), Ref: "第二份"})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "a second SaveDelivery of %s: want a KindConflict error, got %v", sep, err)
	_, err = f.svc.DeliverReport(f.ctx, sep, complaint.DeliverCommand{To: "公司总经理", At: at(2026, 10, 12, 9, 0), Actor: head})
	require.True(t, errors.Is(err, aftersales.ErrConflict), "a second DeliverReport of %s: want a KindConflict error, got %v", sep, err)
	ds, err = f.store.Deliveries(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, want, ds, "after a second delivery of a month")

	// The Service reads them back.
	r, err := f.svc.Report(f.ctx, sep)
	require.NoError(t, err)
	require.NotNil(t, r.Delivery)
	ast.RequireSame(t, []complaint.Delivery{d}, []complaint.Delivery{*r.Delivery}, "Report's delivery")

	// Deliveries and complaints do not mix.
	f.register(t, reg{complainant: "C-8008", received: at(2026, 10, 19, 9, 0)})
	ds, err = f.store.Deliveries(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, want, ds, "after a Save of a complaint")
}

func testCopies(t *testing.T, f *fixture) {
	c := f.resolved(t, reg{project: projectEast, complainant: "C-6006", received: at(2026, 9, 28, 9, 0)}, deptEast)
	id := c.ID
	want := ast.Normalized(f.get(t, id))
	wantHistory := ast.Normalized(f.history(t, id))
	unchanged := func(msg string) {
		t.Helper()
		ast.RequireSame(t, want, f.get(t, id), "%s changed the stored complaint", msg)
		ast.RequireSame(t, wantHistory, f.history(t, id), "%s changed the stored history", msg)
	}

	// What the Service returned is what it passed to Save.
	ast.Scribble(c)
	unchanged("changing the complaint passed to Save")

	got := f.get(t, id)
	ast.Scribble(got)
	unchanged("changing a complaint returned by Get")

	h := f.history(t, id)
	ast.Scribble(h)
	unchanged("changing events returned by History")

	cs, err := f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	require.Len(t, cs, 1)
	ast.Scribble(cs[0])
	cs[0] = nil
	unchanged("changing a complaint returned by List")

	// The events passed to Save, and the complaint, written directly.
	h = f.history(t, id)
	next, events := following(t, h, statement(id, want.Version+1, "直接写入"), withdrawal(id, want.Version+2, "直接写入"))
	require.NoError(t, f.store.Save(f.ctx, next, events))
	want, wantHistory = ast.Normalized(next), ast.Normalized(append(h, events...))
	ast.Scribble(next)
	ast.Scribble(events)
	unchanged("changing the complaint and events passed to Save")

	// A major complaint registered directly: its criteria slice too.
	e := registration("TS-DIRECT")
	m := complaint.Event{ComplaintID: "TS-DIRECT", Seq: 2, Type: complaint.EventDeclaredMajor, At: e.At, RecordedAt: now,
		Actor: head, Major: &complaint.Major{DeclaredBy: head.ID, At: e.At, Criteria: []string{"safety"}}}
	next, events = following(t, nil, e, m)
	require.NoError(t, f.store.Save(f.ctx, next, events))
	wantDirect, wantDirectHistory := ast.Normalized(next), ast.Normalized(events)
	ast.Scribble(next)
	ast.Scribble(events)
	ast.RequireSame(t, wantDirect, f.get(t, "TS-DIRECT"), "changing a created complaint changed the store")
	ast.RequireSame(t, wantDirectHistory, f.history(t, "TS-DIRECT"), "changing created events changed the store")
	unchanged("creating another complaint")

	// Deliveries, returned and passed.
	d := complaint.Delivery{Month: complaint.Month{Year: 2026, Month: time.September}, To: "公司总经理", By: staff.ID,
		At: at(2026, 10, 9, 10, 0), Ref: "TSFX-2026-09"}
	require.NoError(t, f.store.SaveDelivery(f.ctx, d))
	ds, err := f.store.Deliveries(f.ctx)
	require.NoError(t, err)
	require.Len(t, ds, 1)
	ds[0] = complaint.Delivery{To: "scribbled"}
	ds, err = f.store.Deliveries(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, []complaint.Delivery{d}, ds, "changing returned deliveries changed the store")
}

func testContextCancelled(t *testing.T, f *fixture) {
	c := f.register(t, reg{project: projectEast, complainant: "C-7007", received: at(2026, 10, 19, 9, 0), major: true})
	want := f.get(t, c.ID)
	wantHistory := f.history(t, c.ID)
	d := complaint.Delivery{Month: complaint.Month{Year: 2026, Month: time.August}, To: "公司总经理", By: staff.ID, At: at(2026, 9, 4, 9, 0)}
	require.NoError(t, f.store.SaveDelivery(f.ctx, d))

	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	got, err := f.store.Get(ctx, c.ID)
	require.Error(t, err, "Get on a cancelled context")
	require.Nil(t, got)
	h, err := f.store.History(ctx, c.ID)
	require.Error(t, err, "History on a cancelled context")
	require.Empty(t, h)
	cs, err := f.store.List(ctx, complaint.Query{})
	require.Error(t, err, "List on a cancelled context")
	require.Empty(t, cs)
	ds, err := f.store.Deliveries(ctx)
	require.Error(t, err, "Deliveries on a cancelled context")
	require.Empty(t, ds)

	next, events := following(t, wantHistory, withdrawal(c.ID, want.Version+1, "取消的写入"))
	require.Error(t, f.store.Save(ctx, next, events), "Save of an update on a cancelled context")
	f.requireUnchanged(t, want, wantHistory, "after an update on a cancelled context")

	created, createdEvents := following(t, nil, registration("TS-CANCELLED"))
	require.Error(t, f.store.Save(ctx, created, createdEvents), "Save of a new complaint on a cancelled context")
	_, err = f.store.Get(f.ctx, "TS-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a new complaint saved on a cancelled context was written: %v", err)
	_, err = f.store.History(f.ctx, "TS-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a history saved on a cancelled context was written: %v", err)

	sep := complaint.Delivery{Month: complaint.Month{Year: 2026, Month: time.September}, To: "公司总经理", By: staff.ID, At: at(2026, 10, 9, 9, 0)}
	require.Error(t, f.store.SaveDelivery(ctx, sep), "SaveDelivery on a cancelled context")

	// The Service fails the same way, and writes nothing.
	_, err = f.svc.Forward(ctx, c.ID, complaint.ForwardCommand{Department: deptEast, Actor: staff})
	require.Error(t, err, "Service command on a cancelled context")
	f.requireUnchanged(t, want, wantHistory, "after a Service command on a cancelled context")

	// A context whose deadline has passed fails the same way.
	dctx, dcancel := context.WithDeadline(context.Background(), time.Now().Add(-time.Second))
	defer dcancel()
	_, err = f.store.Get(dctx, c.ID)
	require.Error(t, err, "Get on an expired context")
	_, err = f.store.List(dctx, complaint.Query{})
	require.Error(t, err, "List on an expired context")
	require.Error(t, f.store.Save(dctx, created, createdEvents), "Save on an expired context")
	require.Error(t, f.store.Save(dctx, next, events), "Save of an update on an expired context")
	require.Error(t, f.store.SaveDelivery(dctx, sep), "SaveDelivery on an expired context")
	_, err = f.store.Get(f.ctx, "TS-CANCELLED")
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "a complaint saved on an expired context was written: %v", err)
	f.requireUnchanged(t, want, wantHistory, "after an update on an expired context")

	// The store still works with a live context, and holds what it held.
	cs, err = f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	require.Len(t, cs, 1)
	ast.RequireSame(t, want, cs[0])
	ds, err = f.store.Deliveries(f.ctx)
	require.NoError(t, err)
	ast.RequireSame(t, []complaint.Delivery{d}, ds, "a delivery saved on a cancelled context was written")
}
