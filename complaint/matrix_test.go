package complaint_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// Every top-level identifier of this file, fuzz_test.go and bench_test.go
// starts with cx, so that they do not collide with the package's other
// external tests.

// cxFx is a fixture: a Service over a MemStore with a clock the test moves.
type cxFx struct {
	t     testing.TB
	ctx   context.Context
	now   time.Time
	store *complaint.MemStore
	svc   *complaint.Service
	seq   int
}

// cxDept is the responsible department complaints are forwarded to;
// cxOtherDept is one they are not.
const (
	cxDept      = "工程部"
	cxOtherDept = "设计部"
)

var (
	cxStaff     = aftersales.Actor{ID: "u-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	cxHead      = aftersales.Actor{ID: "u-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	cxGM        = aftersales.Actor{ID: "u-gm", Name: "孙总", Role: aftersales.RoleGeneralManager}
	cxDeptStaff = aftersales.Actor{ID: "u-dept", Name: "周工", Role: aftersales.RoleDepartmentStaff, DepartmentID: cxDept}
	cxCustomer  = aftersales.Actor{ID: "c-001", Name: "张先生", Role: aftersales.RoleCustomer}
)

func cxAt(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, calendar.CST())
}

func cxNewFx(t testing.TB, now time.Time) *cxFx {
	f := &cxFx{t: t, ctx: context.Background(), now: now, store: complaint.NewMemStore()}
	svc, err := complaint.NewService(complaint.Config{
		Store: f.store,
		Clock: aftersales.ClockFunc(func() time.Time { return f.now }),
		NewID: func() string {
			f.seq++
			return fmt.Sprintf("TS-%04d", f.seq)
		},
	})
	require.NoError(t, err)
	f.svc = svc
	return f
}

// tick moves the clock one hour on.
func (f *cxFx) tick() { f.now = f.now.Add(time.Hour) }

// must fails the test on err and returns c.
func (f *cxFx) must(c *complaint.Complaint, err error) *complaint.Complaint {
	f.t.Helper()
	require.NoError(f.t, err)
	return c
}

// cxOwner is the actor of the level that owns c (C4.2): the responsible
// department's staff at level 0, the after-sales head at level 1, the
// general manager at level 2.
func cxOwner(c *complaint.Complaint) aftersales.Actor {
	switch c.Level {
	case 0:
		return cxDeptStaff
	case 1:
		return cxHead
	}
	return cxGM
}

// cxDeclarer is an actor who may declare c major (C2.2): the owner of the
// level when it is a declarer, else the after-sales head.
func cxDeclarer(c *complaint.Complaint) aftersales.Actor {
	if c.Level == 2 {
		return cxGM
	}
	return cxHead
}

// The rows of the matrix: the six statuses, and two more at the upper
// levels of the chain.
const (
	cxRegistered     = "registered"
	cxInvestigating  = "investigating"   // level 0, forwarded, no plan yet
	cxAnswered       = "answered"        // level 0, planned and answered
	cxResolved       = "resolved"        // level 0, satisfied
	cxUnresolved     = "unresolved"      // escalated through the whole chain, then not satisfied at the top
	cxWithdrawn      = "withdrawn"       // plain: from registered; major: from investigating
	cxInvestigating1 = "investigating@1" // escalated once: the after-sales head owns it
	cxAnswered2      = "answered@2"      // escalated twice and answered by the general manager
	cxPaused         = "paused"          // level 0, forwarded, no plan yet, clocks paused by the after-sales staff
)

// cxInStatus builds a complaint in the given row. A major one is
// registered major by the after-sales head and, once forwarded, gets a
// third-party investigation commissioned by the department.
func cxInStatus(t testing.TB, row string, major bool) (*cxFx, *complaint.Complaint) {
	f := cxNewFx(t, cxAt(2026, 11, 2, 9, 0))
	reg := complaint.RegisterCommand{Actor: cxStaff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: cxCustomer.ID, Name: "张先生", Phone: "13800000000"}, ProjectID: "P-001",
		Type: complaint.TypeQuality, Cause: aftersales.CauseConstruction, Description: "维修后卫生间仍然渗水",
		Channel: aftersales.ChannelPhone, ReceivedAt: cxAt(2026, 11, 2, 8, 30)}}
	if major {
		reg.Actor, reg.Major, reg.Criteria = cxHead, true, []string{"safety"}
	}
	c := f.must(f.svc.Register(f.ctx, reg))
	step := func(c2 *complaint.Complaint, err error) *complaint.Complaint {
		t.Helper()
		c = f.must(c2, err)
		f.tick()
		return c
	}
	f.tick()
	say := func(text string, a aftersales.Actor) complaint.StepCommand {
		return complaint.StepCommand{Text: text, Actor: a, Version: c.Version}
	}
	if row == cxRegistered {
		return f, c
	}
	if row == cxWithdrawn && !major {
		return f, step(f.svc.Withdraw(f.ctx, c.ID, say("已自行解决", cxCustomer)))
	}
	step(f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: cxDept, Actor: cxStaff, Version: c.Version}))
	if major {
		step(f.svc.CommissionThirdParty(f.ctx, c.ID, complaint.ThirdPartyCommand{Agency: "市建设工程质量检测中心",
			Scope: "卫生间防水层", Actor: cxDeptStaff, Version: c.Version}))
	}
	switch row {
	case cxInvestigating:
		return f, c
	case cxPaused:
		return f, step(f.svc.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户不在家，无法入户核实",
			Actor: cxStaff, Version: c.Version}))
	case cxWithdrawn:
		return f, step(f.svc.Withdraw(f.ctx, c.ID, say("已自行解决", cxCustomer)))
	}
	step(f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: cxDeptStaff, Version: c.Version,
		Plan: complaint.Plan{Findings: "防水层破损", Measures: "重做防水层", Owner: "周工"}}))
	step(f.svc.Answer(f.ctx, c.ID, say("已重做防水层，闭水试验合格", cxDeptStaff)))
	switch row {
	case cxAnswered:
		return f, c
	case cxResolved:
		return f, step(f.svc.Satisfied(f.ctx, c.ID, say("", cxCustomer)))
	}
	step(f.svc.NotSatisfied(f.ctx, c.ID, say("仍然渗水", cxCustomer)))
	if row == cxInvestigating1 {
		return f, c
	}
	step(f.svc.Answer(f.ctx, c.ID, say("更换施工班组返工", cxHead)))
	step(f.svc.NotSatisfied(f.ctx, c.ID, say("还是渗水", cxCustomer)))
	step(f.svc.Answer(f.ctx, c.ID, say("整体翻修并赔偿", cxGM)))
	if row == cxAnswered2 {
		return f, c
	}
	require.Equal(t, cxUnresolved, row)
	return f, step(f.svc.NotSatisfied(f.ctx, c.ID, say("不接受", cxCustomer)))
}

// cxRequireUnchanged checks that a refused command wrote nothing.
func (f *cxFx) requireUnchanged(before *complaint.Complaint, history []complaint.Event) {
	f.t.Helper()
	after, err := f.svc.Get(f.ctx, before.ID)
	require.NoError(f.t, err)
	require.Equal(f.t, before, after)
	h, err := f.svc.History(f.ctx, before.ID)
	require.NoError(f.t, err)
	require.Len(f.t, h, before.Version)
	require.Equal(f.t, history, h)
}

// cxRequireRefused checks that err is a domain error of the given kind with
// a code and a message.
func cxRequireRefused(t testing.TB, kind aftersales.ErrorKind, err error) *aftersales.Error {
	t.Helper()
	require.Error(t, err)
	var de *aftersales.Error
	require.ErrorAs(t, err, &de)
	require.Equal(t, kind, de.Kind, "%v", err)
	require.NotEmpty(t, de.Code)
	require.NotEmpty(t, de.Message)
	return de
}

// cxCommand is one column of the matrix: a command, well formed, by an
// actor chosen from the complaint.
type cxCommand struct {
	name string
	run  func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error)
}

// cxCommands are the columns of the matrix, in its order. The actor of
// each is one allowed to issue it in principle: a declarer for
// DeclareMajor, the after-sales staff for Forward, the owner of the current
// level (cxOwner) for the level's work, the complainant for the customer's
// answers. The columns marked /dept use the responsible department's staff
// instead, whom the rules forbid some of these.
var cxCommands = []cxCommand{
	{"DeclareMajor", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.DeclareMajor(f.ctx, c.ID, complaint.DeclareMajorCommand{Criteria: []string{"group", "media"}, Note: "多户联名", Actor: cxDeclarer(c), Version: c.Version})
	}},
	{"DeclareMajor/dept", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.DeclareMajor(f.ctx, c.ID, complaint.DeclareMajorCommand{Criteria: []string{"group"}, Actor: cxDeptStaff, Version: c.Version})
	}},
	{"StartEmergency", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.StartEmergency(f.ctx, c.ID, complaint.StepCommand{Text: "启动应急预案，现场封堵", Actor: cxOwner(c), Version: c.Version})
	}},
	{"GiveMajorFeedback", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.GiveMajorFeedback(f.ctx, c.ID, complaint.StepCommand{Text: "已电话告知处理进展", Actor: cxOwner(c), Version: c.Version})
	}},
	{"Forward", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: cxDept, Actor: cxStaff, Version: c.Version})
	}},
	{"Forward/dept", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: cxDept, Actor: cxDeptStaff, Version: c.Version})
	}},
	{"Forward/another", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{cxOtherDept}, Actor: cxStaff, Version: c.Version})
	}},
	{"Plan", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: cxOwner(c), Version: c.Version,
			Plan: complaint.Plan{Findings: "防水层破损", Measures: "重做防水层", Owner: "周工"}})
	}},
	{"Plan/dept", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: cxDeptStaff, Version: c.Version,
			Plan: complaint.Plan{Findings: "防水层破损", Measures: "重做防水层", Owner: "周工"}})
	}},
	{"RecordStatement", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.RecordStatement(f.ctx, c.ID, complaint.StepCommand{Text: "希望尽快处理", Actor: cxOwner(c), Version: c.Version})
	}},
	{"CommissionThirdParty", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.CommissionThirdParty(f.ctx, c.ID, complaint.ThirdPartyCommand{Agency: "市建设工程质量检测中心", Scope: "卫生间防水层",
			Actor: cxOwner(c), Version: c.Version})
	}},
	{"RecordThirdPartyReport", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.RecordThirdPartyReport(f.ctx, c.ID, complaint.ThirdPartyReportCommand{ReportRef: "检测报告 2026-118", Conclusion: "防水层施工不合格",
			Actor: cxOwner(c), Version: c.Version})
	}},
	{"Answer", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已返工", Actor: cxOwner(c), Version: c.Version})
	}},
	{"Answer/dept", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已返工", Actor: cxDeptStaff, Version: c.Version})
	}},
	{"Satisfied", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Satisfied(f.ctx, c.ID, complaint.StepCommand{Text: "满意", Actor: cxCustomer, Version: c.Version})
	}},
	{"NotSatisfied", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "仍然渗水", Actor: cxCustomer, Version: c.Version})
	}},
	{"Withdraw", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Withdraw(f.ctx, c.ID, complaint.StepCommand{Text: "不再追究", Actor: cxCustomer, Version: c.Version})
	}},
	{"Pause", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseCustomerAsked, Note: "客户要求节后再处理",
			Evidence: []string{"通话录音 0123"}, Actor: cxStaff, Version: c.Version})
	}},
	{"Pause/dept", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseCustomerMaterials, Note: "等待客户自选瓷砖到货",
			Actor: cxDeptStaff, Version: c.Version})
	}},
	{"Resume", func(f *cxFx, c *complaint.Complaint) (*complaint.Complaint, error) {
		return f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: cxStaff, Version: c.Version})
	}},
}

// The cells of the matrix: ok when the command is accepted, else the kind
// of the refusal.
const (
	cxOK = aftersales.ErrorKind("")
	cxNA = aftersales.KindNotAllowed
	cxFB = aftersales.KindForbidden
	cxIV = aftersales.KindInvalid
)

// cxWant is the expected matrix, derived from the rules:
//
//   - DeclareMajor (C2.2) by a declarer: refused once major (already_major),
//     else allowed in registered, investigating, answered and unresolved.
//     Department staff are no declarers: forbidden in every status, since
//     the declarer check comes first.
//   - StartEmergency, GiveMajorFeedback (C2.2): anyone but a customer, on a
//     major complaint (else not_major), once each, while not closed. No
//     level check, and a pause does not stop them.
//   - Forward (C2.1): by the after-sales department or the general manager
//     (department staff: forbidden first), in registered, and again in
//     investigating or unresolved to add departments; a department that
//     already has a part is department_duplicate (invalid).
//     Forward/another adds a second department.
//   - Plan, CommissionThirdParty, RecordThirdPartyReport (C3.1, C3.3): in
//     investigating, answered or unresolved (status checked first), by the
//     owner of the level (else forbidden), once per part (already_planned)
//     or once (third_party_exists), a report only after a commission
//     (no_third_party).
//   - RecordStatement (C3.2): in investigating, answered or unresolved; no
//     level check for staff.
//   - Answer (C4.1): in investigating or unresolved (status first), by the
//     owner of the level (else forbidden), after every part's plan
//     (not_investigated).
//   - Satisfied: in answered. NotSatisfied: in answered; in unresolved it
//     is escalation_past_chain (not allowed). Withdraw: unless closed.
//   - Pause (G3.3, C3, C4 clocks): by the after-sales department or a
//     department with a part (else forbidden first: Pause/dept before the
//     complaint reached the department), unless closed, once at a time
//     (already_paused). Resume: only while paused (not_paused).
//
// Columns, in the order of cxCommands:
//
//	 1 DeclareMajor            2 DeclareMajor/dept   3 StartEmergency   4 GiveMajorFeedback
//	 5 Forward                 6 Forward/dept        7 Forward/another  8 Plan             9 Plan/dept
//	10 RecordStatement        11 CommissionThirdParty                  12 RecordThirdPartyReport
//	13 Answer                 14 Answer/dept        15 Satisfied       16 NotSatisfied    17 Withdraw
//	18 Pause                  19 Pause/dept         20 Resume
var cxWant = map[string]map[string][]aftersales.ErrorKind{
	// A plain complaint: not major, no third party.
	"plain": {
		//                 1     2     3     4     5     6     7     8     9     10    11    12    13    14    15    16    17    18    19    20
		cxRegistered:     {cxOK, cxFB, cxNA, cxNA, cxOK, cxFB, cxOK, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxOK, cxOK, cxFB, cxNA},
		cxInvestigating:  {cxOK, cxFB, cxNA, cxNA, cxIV, cxFB, cxOK, cxOK, cxOK, cxOK, cxOK, cxNA, cxNA, cxNA, cxNA, cxNA, cxOK, cxOK, cxOK, cxNA},
		cxAnswered:       {cxOK, cxFB, cxNA, cxNA, cxNA, cxFB, cxNA, cxNA, cxNA, cxOK, cxOK, cxNA, cxNA, cxNA, cxOK, cxOK, cxOK, cxOK, cxOK, cxNA},
		cxResolved:       {cxNA, cxFB, cxNA, cxNA, cxNA, cxFB, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA},
		cxUnresolved:     {cxOK, cxFB, cxNA, cxNA, cxIV, cxFB, cxOK, cxNA, cxFB, cxOK, cxOK, cxNA, cxOK, cxFB, cxNA, cxNA, cxOK, cxOK, cxOK, cxNA},
		cxWithdrawn:      {cxNA, cxFB, cxNA, cxNA, cxNA, cxFB, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxFB, cxNA},
		cxInvestigating1: {cxOK, cxFB, cxNA, cxNA, cxIV, cxFB, cxOK, cxNA, cxFB, cxOK, cxOK, cxNA, cxOK, cxFB, cxNA, cxNA, cxOK, cxOK, cxOK, cxNA},
		cxAnswered2:      {cxOK, cxFB, cxNA, cxNA, cxNA, cxFB, cxNA, cxNA, cxFB, cxOK, cxOK, cxNA, cxNA, cxNA, cxOK, cxOK, cxOK, cxOK, cxOK, cxNA},
		cxPaused:         {cxOK, cxFB, cxNA, cxNA, cxIV, cxFB, cxOK, cxOK, cxOK, cxOK, cxOK, cxNA, cxNA, cxNA, cxNA, cxNA, cxOK, cxNA, cxNA, cxOK},
	},
	// A major complaint (emergency and feedback not yet recorded) with a
	// third-party investigation commissioned once forwarded.
	"major": {
		//                 1     2     3     4     5     6     7     8     9     10    11    12    13    14    15    16    17    18    19    20
		cxRegistered:     {cxNA, cxFB, cxOK, cxOK, cxOK, cxFB, cxOK, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxOK, cxOK, cxFB, cxNA},
		cxInvestigating:  {cxNA, cxFB, cxOK, cxOK, cxIV, cxFB, cxOK, cxOK, cxOK, cxOK, cxNA, cxOK, cxNA, cxNA, cxNA, cxNA, cxOK, cxOK, cxOK, cxNA},
		cxAnswered:       {cxNA, cxFB, cxOK, cxOK, cxNA, cxFB, cxNA, cxNA, cxNA, cxOK, cxNA, cxOK, cxNA, cxNA, cxOK, cxOK, cxOK, cxOK, cxOK, cxNA},
		cxResolved:       {cxNA, cxFB, cxNA, cxNA, cxNA, cxFB, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA},
		cxUnresolved:     {cxNA, cxFB, cxOK, cxOK, cxIV, cxFB, cxOK, cxNA, cxFB, cxOK, cxNA, cxOK, cxOK, cxFB, cxNA, cxNA, cxOK, cxOK, cxOK, cxNA},
		cxWithdrawn:      {cxNA, cxFB, cxNA, cxNA, cxNA, cxFB, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA, cxNA},
		cxInvestigating1: {cxNA, cxFB, cxOK, cxOK, cxIV, cxFB, cxOK, cxNA, cxFB, cxOK, cxNA, cxOK, cxOK, cxFB, cxNA, cxNA, cxOK, cxOK, cxOK, cxNA},
		cxAnswered2:      {cxNA, cxFB, cxOK, cxOK, cxNA, cxFB, cxNA, cxNA, cxFB, cxOK, cxNA, cxOK, cxNA, cxNA, cxOK, cxOK, cxOK, cxOK, cxOK, cxNA},
		cxPaused:         {cxNA, cxFB, cxOK, cxOK, cxIV, cxFB, cxOK, cxOK, cxOK, cxOK, cxNA, cxOK, cxNA, cxNA, cxNA, cxNA, cxOK, cxNA, cxNA, cxOK},
	},
}

// cxRowStatus is the status each row must be in.
var cxRowStatus = map[string]complaint.Status{
	cxRegistered: complaint.StatusRegistered, cxInvestigating: complaint.StatusInvestigating,
	cxAnswered: complaint.StatusAnswered, cxResolved: complaint.StatusResolved, cxUnresolved: complaint.StatusUnresolved,
	cxWithdrawn: complaint.StatusWithdrawn, cxInvestigating1: complaint.StatusInvestigating, cxAnswered2: complaint.StatusAnswered,
	cxPaused: complaint.StatusInvestigating,
}

// TestEveryStatusTimesEveryCommand runs each command, well formed and by an
// actor who may issue it in principle, in each status: it is either
// accepted and writes exactly one event, or refused with the expected kind,
// a code and a message, and nothing written.
func TestEveryStatusTimesEveryCommand(t *testing.T) {
	for variant, rows := range cxWant {
		require.Len(t, rows, len(cxRowStatus), variant)
		for row, cells := range rows {
			require.Len(t, cells, len(cxCommands), "%s/%s", variant, row)
			for i, cmd := range cxCommands {
				kind := cells[i]
				t.Run(variant+"/"+row+"/"+cmd.name, func(t *testing.T) {
					f, c := cxInStatus(t, row, variant == "major")
					require.Equal(t, cxRowStatus[row], c.Status)
					require.Equal(t, map[string]int{cxInvestigating1: 1, cxAnswered2: 2, cxUnresolved: 2}[row], c.Level)
					require.Equal(t, variant == "major", c.Major != nil)
					require.Equal(t, row == cxPaused, c.Paused())
					h, err := f.svc.History(f.ctx, c.ID)
					require.NoError(t, err)
					got, err := cmd.run(f, c)
					if kind == cxOK {
						require.NoError(t, err)
						require.Equal(t, c.Version+1, got.Version)
						stored, err := f.svc.Get(f.ctx, c.ID)
						require.NoError(t, err)
						require.Equal(t, got, stored)
						h2, err := f.svc.History(f.ctx, c.ID)
						require.NoError(t, err)
						require.Len(t, h2, got.Version)
						require.Equal(t, h, h2[:len(h)])
						return
					}
					require.Nil(t, got)
					cxRequireRefused(t, kind, err)
					f.requireUnchanged(c, h)
				})
			}
		}
	}
}

// TestNotSatisfiedPastTheTopOfTheChain: a complaint not satisfied at the top
// of the chain is unresolved and flagged; saying so again is an escalation
// past the chain, refused and written nowhere (C4.2).
func TestNotSatisfiedPastTheTopOfTheChain(t *testing.T) {
	f, c := cxInStatus(t, cxUnresolved, false)
	require.Equal(t, complaint.StatusUnresolved, c.Status)
	require.True(t, c.Flagged)
	require.Equal(t, len(f.svc.Policy().Chain)-1, c.Level)
	require.Len(t, c.Escalations, 3)
	h, err := f.svc.History(f.ctx, c.ID)
	require.NoError(t, err)
	for _, a := range []aftersales.Actor{cxCustomer, cxStaff} { // the complainant, or the after-sales staff for them
		got, err := f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "还是不满意", Actor: a, Version: c.Version})
		require.Nil(t, got)
		de := cxRequireRefused(t, aftersales.KindNotAllowed, err)
		require.Equal(t, "escalation_past_chain", de.Code)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "escalation_past_chain"})
		f.requireUnchanged(c, h)
	}
}
