package aftersales_test

import (
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// The fuzz targets of this file use the prefix fz for every helper, so that
// they do not collide with the package's other external tests.

const (
	fzID       = "AS-fuzz"     // the Service's NewID always returns it: a second Register conflicts
	fzProject  = "P-1"         // the one project of the directory
	fzDeptA    = "proj-1-dept" // P-1's 项目部: construction causes route here (P2.1)
	fzDeptB    = aftersales.DeptProcurement
	fzDeptX    = "no-such-dept" // a department the request was never forwarded to
	fzMaxSteps = 64             // commands after the registration; longer inputs are cut
)

// fzActors are the actors a step can pick.
var fzActors = [...]aftersales.Actor{
	{ID: "as-1", Name: "售后专员甲", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales},
	{ID: "as-head", Name: "售后部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales},
	{ID: "a-1", Name: "项目部员工", Role: aftersales.RoleDepartmentStaff, DepartmentID: fzDeptA},
	{ID: "b-1", Name: "采购部员工", Role: aftersales.RoleDepartmentStaff, DepartmentID: fzDeptB},
	{ID: "cust-1", Name: "张先生", Role: aftersales.RoleCustomer}, // the request's own customer
	{ID: "cust-2", Name: "王女士", Role: aftersales.RoleCustomer}, // somebody else's customer
	{ID: "spec-1", Name: "项目售后专员", Role: aftersales.RoleSpecialist},
}

// The commands a step can pick, in the order of op % fzCommands.
const (
	fzForward = iota
	fzUrgent
	fzPlan
	fzReclassify
	fzEscalate
	fzComplete
	fzAccept
	fzReject
	fzVisit
	fzWithdraw
	fzFeedback
	fzCoordinate
	fzPause
	fzResume
	fzRegister
	fzCommands
)

// Actor indexes into fzActors.
const (
	fzStaff = iota
	fzHead
	fzStaffA
	fzStaffB
	fzOwnCustomer
	fzOtherCustomer
	fzSpecialist
)

// fzClock is the controllable clock of one fuzz run.
type fzClock struct{ t time.Time }

func (c *fzClock) Now() time.Time { return c.t }

// fzCoverage decides coverage by cause, and fails in both ways a decider
// can fail (a domain error, any other error) for the others.
type fzCoverage struct{}

func (fzCoverage) DecideCoverage(_ context.Context, q aftersales.CoverageQuery) (aftersales.CoverageDecision, error) {
	switch q.Cause {
	case aftersales.CauseConstruction:
		return aftersales.CoverageDecision{Outcome: aftersales.CoverageFree, Reason: "保修期内施工质量问题", Basis: "W1.2"}, nil
	case aftersales.CauseMaterial:
		return aftersales.CoverageDecision{Outcome: aftersales.CoveragePaid, Reason: "超出保修期", Basis: "W3.1"}, nil
	case aftersales.CauseDesign:
		return aftersales.CoverageDecision{}, aftersales.Errorf(aftersales.KindNotFound, "warranty_unknown", "项目质保资料缺失")
	}
	return aftersales.CoverageDecision{}, errors.New("warranty service down")
}

// Input encoding of FuzzLifecycle.
//
// Byte 0, the header: bit 0 urgent; bit 1 the request belongs to project
// P-1; bit 2 a CoverageDecider is configured; bits 3–4 who registers (staff,
// own customer, specialist, head); bits 5–6 the registered cause ("",
// construction, material, design); bit 7 the start date (before the National
// Day holiday, or an ordinary Monday).
//
// Then 3 bytes a step (a trailing partial step is ignored):
//
//	op:  op%15 the command (fzForward…fzRegister); op/15%7 the actor;
//	     op/105 the version mode: 0 none, 1 the current version, 2 a stale
//	     version
//	mod: bits 0–1 the department (A, B, unknown, none/A); bit 2 blank text;
//	     bits 3–4 a variant (complexity simple/complex/invalid/empty, cause,
//	     satisfaction, signature method); bits 5–6 the event time (zero, before
//	     the previous step, in the future, an explicit recent time in UTC);
//	     bit 7 an alternative (second department, screen signature, within
//	     the clock skew, …)
//	dt:  the clock advances dt&0x7f hours before the step; bit 7 gives the
//	     actor a blank ID
func fzOp(cmd, actor, mode int) byte {
	return byte(cmd + fzCommands*actor + fzCommands*len(fzActors)*mode)
}

// fzBlankActor is the dt bit that gives the step's actor a blank ID.
const fzBlankActor = 0x80

func fzMod(dept int, blank bool, variant, tmode int, alt bool) byte {
	b := byte(dept&3) | byte(variant&3)<<3 | byte(tmode&3)<<5
	if blank {
		b |= 4
	}
	if alt {
		b |= 0x80
	}
	return b
}

type fzStep struct {
	cmd, mode, dept, variant, tmode int
	actor                           aftersales.Actor
	blank, alt                      bool
	hours                           int
}

func fzDecode(op, mod, dt byte) fzStep {
	s := fzStep{
		cmd:     int(op) % fzCommands,
		actor:   fzActors[int(op)/fzCommands%len(fzActors)],
		mode:    int(op) / (fzCommands * len(fzActors)),
		dept:    int(mod & 3),
		blank:   mod&4 != 0,
		variant: int(mod>>3) & 3,
		tmode:   int(mod>>5) & 3,
		alt:     mod&0x80 != 0,
		hours:   int(dt & 0x7f),
	}
	if dt&fzBlankActor != 0 {
		s.actor.ID = " "
	}
	return s
}

// fzRun is one run of FuzzLifecycle: a Service over a MemStore with its own
// clock.
type fzRun struct {
	t     *testing.T
	ctx   context.Context
	clock *fzClock
	store *aftersales.MemStore
	svc   *aftersales.Service
}

func fzNewRun(t *testing.T, header byte) *fzRun {
	start := time.Date(2026, 9, 30, 16, 20, 0, 0, calendar.CST()) // the day before the National Day holiday
	if header&0x80 != 0 {
		start = time.Date(2026, 11, 16, 9, 30, 0, 0, calendar.CST()) // an ordinary Monday
	}
	r := &fzRun{t: t, ctx: context.Background(), clock: &fzClock{t: start}, store: aftersales.NewMemStore()}
	cfg := aftersales.Config{
		Store:     r.store,
		Clock:     r.clock,
		Directory: aftersales.NewProjects(aftersales.Project{ID: fzProject, Name: "一期", Kind: aftersales.Residential, DepartmentID: fzDeptA, SpecialistID: "spec-1"}),
		NewID:     func() string { return fzID },
	}
	if header&4 != 0 {
		cfg.Coverage = fzCoverage{}
	}
	svc, err := aftersales.NewService(cfg)
	require.NoError(t, err)
	r.svc = svc
	return r
}

func fzText(blank bool, s string) string {
	if blank {
		return " \t "
	}
	return s
}

func fzDept(d int) string {
	return [...]string{fzDeptA, fzDeptB, fzDeptX, fzDeptA}[d]
}

// at is the event time a step asks for.
func (r *fzRun) at(s fzStep, prev time.Time) time.Time {
	now := r.clock.Now()
	switch s.tmode {
	case 0:
		return time.Time{} // now
	case 1: // before the previous step
		if s.alt {
			return prev.Add(-time.Minute)
		}
		return prev.Add(-25 * time.Hour)
	case 2: // in the future: within the clock skew, or beyond it
		if s.alt {
			return now.Add(3 * time.Minute)
		}
		return now.Add(2 * time.Hour)
	}
	return now.Add(-30 * time.Minute).UTC() // explicit, recent, another Location
}

func fzRegistration(header byte, at time.Time) aftersales.Registration {
	reg := aftersales.Registration{
		Customer:    aftersales.Customer{ID: "cust-1", Name: "张先生", Phone: "13800000000"},
		Location:    "3号楼2单元501",
		Description: "卫生间渗水",
		Attachments: []string{"photo/1.jpg"},
		Channel:     aftersales.ChannelPhone,
		ReceivedAt:  at,
		Cause:       [...]aftersales.Cause{"", aftersales.CauseConstruction, aftersales.CauseMaterial, aftersales.CauseDesign}[header>>5&3],
		Component:   "防水",
		Urgent:      header&1 != 0,
	}
	if header&2 != 0 {
		reg.ProjectID = fzProject
	}
	return reg
}

// register runs the opening registration, which must succeed, except for
// a specialist registering without a project: a 项目部 registers only for
// its own projects (P1.2). It reports whether there is a request to go on
// with.
func (r *fzRun) register(header byte) bool {
	actor := fzActors[[...]int{fzStaff, fzOwnCustomer, fzSpecialist, fzHead}[header>>3&3]]
	got, err := r.svc.Register(r.ctx, aftersales.RegisterCommand{
		Registration: fzRegistration(header, r.clock.Now().Add(-90*time.Minute)),
		Actor:        actor,
	})
	if actor.Role == aftersales.RoleSpecialist && header&fzProjectBit == 0 {
		require.ErrorIs(r.t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "register_forbidden"})
		_, err := r.svc.Get(r.ctx, fzID)
		require.ErrorIs(r.t, err, aftersales.ErrNotFound, "nothing written")
		return false
	}
	require.NoError(r.t, err, "the opening registration")
	require.Equal(r.t, fzID, got.ID)
	stored, err := r.svc.Get(r.ctx, fzID)
	require.NoError(r.t, err)
	require.Equal(r.t, got, stored)
	hist, err := r.svc.History(r.ctx, fzID)
	require.NoError(r.t, err)
	r.checkRecord(stored, hist)
	return true
}

// do runs one command and returns what the Service returned.
func (r *fzRun) do(s fzStep, cur *aftersales.Request) (*aftersales.Request, error) {
	version := 0
	switch s.mode {
	case 1:
		version = cur.Version
	case 2:
		version = cur.Version + 1 // a version nobody has read
		if s.alt && cur.Version > 1 {
			version = cur.Version - 1
		}
	}
	at := r.at(s, cur.UpdatedAt)
	dept := fzDept(s.dept)
	complexity := [...]aftersales.Complexity{aftersales.Simple, aftersales.Complex, "medium", ""}[s.variant]
	ctx, a := r.ctx, s.actor
	switch s.cmd {
	case fzForward:
		cmd := aftersales.ForwardCommand{At: at, Actor: a, Version: version}
		if s.dept != 3 {
			cmd.Departments = []string{dept}
			if s.alt {
				cmd.Departments = append(cmd.Departments, fzDeptB)
			}
			if s.blank {
				cmd.Departments = []string{" "}
			}
		}
		cmd.Cause = [...]aftersales.Cause{"", aftersales.CauseConstruction, aftersales.CauseMaterial, aftersales.CauseOther}[s.variant]
		if s.alt {
			cmd.Cause = [...]aftersales.Cause{"weather", aftersales.CauseDesign, aftersales.CauseMisuse, aftersales.CauseThirdParty}[s.variant]
		}
		return r.svc.Forward(ctx, fzID, cmd)
	case fzUrgent:
		return r.svc.HandleUrgent(ctx, fzID, aftersales.UrgentCommand{Measures: fzText(s.blank, "关闭总阀，临时封堵"), At: at, Actor: a, Version: version})
	case fzPlan:
		plan := aftersales.Plan{Measures: fzText(s.blank, "更换防水层"), Owner: "王工", ScheduledAt: r.clock.Now().Add(48 * time.Hour), Complexity: complexity}
		if s.alt {
			plan.ScheduledAt = time.Time{}
		}
		return r.svc.Plan(ctx, fzID, aftersales.PlanCommand{Department: dept, Plan: plan, At: at, Actor: a, Version: version})
	case fzReclassify:
		return r.svc.Reclassify(ctx, fzID, aftersales.ReclassifyCommand{Department: dept, Complexity: complexity,
			Reason: fzText(s.blank, "需更换管道"), At: at, Actor: a, Version: version})
	case fzEscalate:
		return r.svc.Escalate(ctx, fzID, aftersales.EscalateCommand{Department: dept, Reason: fzText(s.blank, "需设计部配合"), At: at, Actor: a, Version: version})
	case fzComplete:
		return r.svc.Complete(ctx, fzID, aftersales.CompleteCommand{Department: dept, Result: fzText(s.blank, "已修复"), At: at, Actor: a, Version: version})
	case fzAccept:
		sig := aftersales.Signature{SignedBy: fzText(s.blank, "张先生"), Method: aftersales.SignPaper, Ref: "scan/1.pdf"}
		if s.alt {
			sig.Method = aftersales.SignScreen
		}
		if s.variant == 3 {
			sig.Method = "fax"
		}
		return r.svc.Accept(ctx, fzID, aftersales.AcceptCommand{Signature: sig, At: at, Actor: a, Version: version})
	case fzReject:
		return r.svc.Reject(ctx, fzID, aftersales.RejectCommand{Reason: fzText(s.blank, "仍有渗水"), At: at, Actor: a, Version: version})
	case fzVisit:
		visit := aftersales.Visit{Satisfaction: [...]int{5, 1, 0, 6}[s.variant], VisitedBy: fzText(s.blank, "李四")}
		if s.alt {
			visit.Suggestions = "希望缩短维修时间"
		}
		return r.svc.Visit(ctx, fzID, aftersales.VisitCommand{Visit: visit, At: at, Actor: a, Version: version})
	case fzWithdraw:
		return r.svc.Withdraw(ctx, fzID, aftersales.WithdrawCommand{Reason: fzText(s.blank, "已自行修好"), At: at, Actor: a, Version: version})
	case fzFeedback:
		kind := [...]aftersales.FeedbackKind{aftersales.FeedbackResult, aftersales.FeedbackProgress, aftersales.FeedbackUrgent, "letter"}[s.variant]
		if kind == aftersales.FeedbackUrgent && !s.alt {
			dept = ""
		}
		channel := aftersales.ChannelPhone
		if s.alt && s.variant == 0 {
			channel = "fax"
		}
		return r.svc.Feedback(ctx, fzID, aftersales.FeedbackCommand{Kind: kind, Department: dept, Channel: channel,
			Summary: fzText(s.blank, "已电话告知"), At: at, Actor: a, Version: version})
	case fzCoordinate:
		cmd := aftersales.CoordinateCommand{Department: dept, Coordinator: "as-head", Measures: fzText(s.blank, "协调设计部出图"),
			At: at, Actor: a, Version: version}
		if s.alt {
			cmd.Departments = []string{[...]string{aftersales.DeptDesign, fzDeptB, fzDeptA, " "}[s.variant]}
		}
		return r.svc.Coordinate(ctx, fzID, cmd)
	case fzPause:
		reason := [...]aftersales.PauseReason{aftersales.PauseNoAccess, aftersales.PauseCustomerAsked, aftersales.PauseCustomerMaterials, "rain"}[s.variant]
		cmd := aftersales.PauseCommand{Reason: reason, Note: fzText(s.blank, "客户出差"), At: at, Actor: a, Version: version}
		if s.alt {
			cmd.Evidence = []string{"photo/door.jpg"}
		}
		return r.svc.Pause(ctx, fzID, cmd)
	case fzResume:
		return r.svc.Resume(ctx, fzID, aftersales.ResumeCommand{At: at, Actor: a, Version: version})
	default: // fzRegister: the ID exists, so at best a conflict
		reg := fzRegistration(0, at)
		if s.blank {
			reg.Description = ""
		}
		return r.svc.Register(ctx, aftersales.RegisterCommand{Registration: reg, Actor: a, Version: version})
	}
}

var fzKinds = map[aftersales.ErrorKind]bool{
	aftersales.KindInvalid: true, aftersales.KindNotFound: true, aftersales.KindConflict: true,
	aftersales.KindForbidden: true, aftersales.KindNotAllowed: true,
}

// step runs one command and checks every invariant around it. The checks
// run after every command of every input, so they use plain comparisons
// and fall back to testify only to show a difference.
func (r *fzRun) step(s fzStep) {
	t := r.t
	r.clock.t = r.clock.t.Add(time.Duration(s.hours) * time.Hour)
	before, err := r.svc.Get(r.ctx, fzID)
	fzNoError(t, err)

	got, cmdErr := r.do(s, before)

	after, err := r.svc.Get(r.ctx, fzID)
	fzNoError(t, err)
	hist, err := r.svc.History(r.ctx, fzID)
	fzNoError(t, err)
	// checkRecord of the previous step checked len(history) == before.Version.
	added := len(hist) - before.Version
	if cmdErr != nil {
		fzCheckError(t, cmdErr)
		if got != nil {
			t.Fatalf("a refused command returned a request: %v", cmdErr)
		}
		fzEqualf(t, before, after, "a refused command changed the record: %v", cmdErr)
		if added != 0 {
			t.Fatalf("a refused command appended %d events: %v", added, cmdErr)
		}
	} else {
		if added <= 0 {
			t.Fatalf("an accepted command appended %d events", added)
		}
		if after.Version != before.Version+added {
			t.Fatalf("version %d after appending %d events to version %d", after.Version, added, before.Version)
		}
		fzEqualf(t, after, got, "the command returns the stored record")
	}
	r.checkRecord(after, hist)
}

func fzNoError(t *testing.T, err error) {
	if err != nil {
		t.Helper()
		t.Fatalf("unexpected error: %v", err)
	}
}

// fzEqualf fails when want and got differ, showing testify's diff.
func fzEqualf(t *testing.T, want, got any, format string, args ...any) {
	if !reflect.DeepEqual(want, got) {
		t.Helper()
		require.Equalf(t, want, got, format, args...)
		t.Fatalf(format, args...) // DeepEqual and testify disagree: fail anyway
	}
}

func fzCheckError(t *testing.T, err error) {
	t.Helper()
	if kind := aftersales.KindOf(err); !fzKinds[kind] {
		t.Fatalf("error of kind %q: %v", kind, err)
	}
	var de *aftersales.Error
	if !errors.As(err, &de) {
		t.Fatalf("not an *aftersales.Error: %#v", err)
	}
	if de.Code == "" || de.Message == "" {
		t.Fatalf("error without a code or a message: %#v", de)
	}
}

var fzStatuses = map[aftersales.Status]bool{
	aftersales.StatusRegistered: true, aftersales.StatusInProgress: true, aftersales.StatusAwaitingAcceptance: true,
	aftersales.StatusAccepted: true, aftersales.StatusClosed: true, aftersales.StatusWithdrawn: true,
}

// checkRecord checks that the stored record rec is legal and that its
// history hist replays to it.
func (r *fzRun) checkRecord(rec *aftersales.Request, hist []aftersales.Event) {
	t := r.t
	if len(hist) != rec.Version {
		t.Fatalf("version %d, history of %d events", rec.Version, len(hist))
	}
	for i, e := range hist {
		if e.Seq != i+1 || e.RequestID != fzID {
			t.Fatalf("event %d has seq %d and request %q", i+1, e.Seq, e.RequestID)
		}
	}

	fail := func(format string, args ...any) {
		t.Helper()
		t.Fatalf("status %s: "+format, append([]any{rec.Status}, args...)...)
	}
	if !fzStatuses[rec.Status] {
		fail("unknown status")
	}
	allDone := len(rec.Parts) > 0
	for _, p := range rec.Parts {
		allDone = allDone && p.DoneAt != nil
	}
	switch rec.Status {
	case aftersales.StatusInProgress:
		if len(rec.Parts) == 0 {
			fail("no part")
		}
	case aftersales.StatusAwaitingAcceptance:
		if !allDone {
			fail("a part is not done, or there is none: %+v", rec.Parts)
		}
	case aftersales.StatusAccepted, aftersales.StatusClosed:
		if rec.Acceptance == nil || rec.AcceptedAt == nil {
			fail("no signed acceptance")
		}
		if rec.Status == aftersales.StatusClosed && rec.Visit == nil {
			fail("no visit")
		}
		if rec.Paused() {
			fail("accepted while paused")
		}
	case aftersales.StatusWithdrawn:
		if rec.Withdrawal == nil {
			fail("no withdrawal note")
		}
		for _, d := range rec.Deadlines {
			if d.Pending() {
				fail("%s %s is pending", d.Clause, d.Department)
			}
		}
	}
	for i, p := range rec.Parts {
		for _, q := range rec.Parts[:i] {
			if p.Department == q.Department {
				fail("department %s has two parts", p.Department)
			}
		}
	}
	for i, p := range rec.Pauses {
		if p.ResumedAt == nil && i != len(rec.Pauses)-1 {
			fail("pause %d never resumed, yet another followed", i)
		}
	}
	for _, d := range rec.Deadlines {
		if !d.Due.After(d.From) {
			fail("deadline %s %s due %v, not after %v", d.Clause, d.Department, d.Due, d.From)
		}
		if d.Paused() && !rec.Paused() {
			fail("deadline %s %s paused while the request is not", d.Clause, d.Department)
		}
		if d.Paused() && !aftersales.RequestClockPauses(d) {
			fail("deadline %s %q paused, which never pauses", d.Clause, d.Step)
		}
		if d.DoneAt != nil && d.Cancelled {
			fail("deadline %s %s both done and cancelled", d.Clause, d.Department)
		}
	}

	replayed, err := aftersales.Replay(hist)
	fzNoError(t, err)
	fzEqualf(t, rec, replayed, "Replay(history) differs from the stored record")

	for _, d := range rec.Deadlines {
		if d.DoneAt != nil && d.DoneAt.Before(d.From) {
			fail("deadline %s %s round %d from %v done before it started, at %v", d.Clause, d.Department, d.Round, d.From, *d.DoneAt)
		}
	}
	data, err := json.Marshal(aftersales.ImportedHistory{RequestID: fzID, Events: hist})
	fzNoError(t, err)
	if _, err := aftersales.ParseHistory(data); err != nil {
		t.Fatalf("ParseHistory refuses the Service's own history: %v", err)
	}
}

var fzClauses = map[aftersales.Clause]bool{
	aftersales.ClauseP1_2: true, aftersales.ClauseP1_3: true, aftersales.ClauseP3_1: true,
	aftersales.ClauseP3_2: true, aftersales.ClauseP3_3: true, aftersales.ClauseP4_1: true, aftersales.ClauseP4_2: true,
	aftersales.ClauseG3_3: true,
}

var fzFindingKinds = map[aftersales.FindingKind]bool{
	aftersales.FindingLate: true, aftersales.FindingMissed: true, aftersales.FindingMissing: true,
	aftersales.FindingUnjustified: true,
}

func fzCheckAudit(t *testing.T, history []aftersales.Event, now time.Time) {
	for _, f := range aftersales.Audit(history, calendar.China(), aftersales.DefaultPolicy(), now) {
		if !fzClauses[f.Clause] || !fzFindingKinds[f.Kind] || f.What == "" {
			t.Fatalf("finding of an unknown clause or kind, or without text: %+v", f)
		}
	}
}

// fzSeed builds an input from a header and steps of {op, mod, dt}.
func fzSeed(header byte, steps ...[3]byte) []byte {
	b := []byte{header}
	for _, s := range steps {
		b = append(b, s[:]...)
	}
	return b
}

// fzS is a step with the usual defaults: no version, the current time, no
// variation.
func fzS(cmd, actor int, mod byte, hours byte) [3]byte {
	return [3]byte{fzOp(cmd, actor, 0), mod, hours}
}

// Header bits.
const (
	fzUrgentBit   = 1
	fzProjectBit  = 2
	fzCoverageBit = 4
)

func fzHeader(urgent, project, coverage bool, registrar, cause int, monday bool) byte {
	var h byte
	if urgent {
		h |= fzUrgentBit
	}
	if project {
		h |= fzProjectBit
	}
	if coverage {
		h |= fzCoverageBit
	}
	h |= byte(registrar&3)<<3 | byte(cause&3)<<5
	if monday {
		h |= 0x80
	}
	return h
}

// The modifiers the seeds use.
var (
	fzModA       = fzMod(0, false, 0, 0, false) // department A, simple
	fzModB       = fzMod(1, false, 0, 0, false) // department B, simple
	fzModRoute   = fzMod(3, false, 0, 0, false) // Forward: route by the registered cause
	fzModAB      = fzMod(0, false, 0, 0, true)  // Forward: A and B
	fzModComplex = fzMod(0, false, 1, 0, false) // department A, complex
	fzModScreen  = fzMod(0, false, 0, 0, true)  // Accept: signed on screen
	fzModBlank   = fzMod(0, true, 0, 0, false)  // blank text
)

func fzSeeds() [][]byte {
	happy := fzHeader(false, true, true, 0, 1, true) // project, coverage, construction
	return [][]byte{
		nil,
		// A full happy path: register, forward by routing, plan, complete,
		// accept on screen, visit.
		// The steps around the lifecycle: urgent measures and their feedback,
		// a complex plan with progress, a report coordinated with another
		// department brought in, a pause and its end, the result feedback,
		// the visit before the acceptance.
		fzSeed(fzHeader(true, true, true, 0, 1, true),
			fzS(fzUrgent, fzStaff, fzModA, 1),
			fzS(fzFeedback, fzStaff, fzMod(0, false, 2, 0, false), 1),
			fzS(fzForward, fzStaff, fzModRoute, 2),
			fzS(fzPlan, fzStaffA, fzModComplex, 5),
			fzS(fzFeedback, fzStaffA, fzMod(0, false, 1, 0, false), 20),
			fzS(fzEscalate, fzStaffA, fzModA, 2),
			fzS(fzCoordinate, fzHead, fzMod(0, false, 0, 0, true), 3),
			fzS(fzPause, fzStaff, fzMod(0, false, 0, 0, true), 2),
			fzS(fzResume, fzStaffA, fzModA, 50),
			fzS(fzComplete, fzStaffA, fzModA, 30),
			fzS(fzComplete, fzSpecialist, fzMod(2, false, 0, 0, false), 1),
			fzS(fzFeedback, fzStaffA, fzModA, 2),
			fzS(fzVisit, fzStaff, fzModA, 24),
			fzS(fzAccept, fzOwnCustomer, fzModScreen, 24)),
		// Pauses refused: a second pause, a resume without one, a pause with
		// a reason not on the list, acceptance while paused.
		fzSeed(happy,
			fzS(fzResume, fzStaff, fzModA, 1),
			fzS(fzPause, fzStaff, fzMod(0, false, 3, 0, false), 1),
			fzS(fzPause, fzOwnCustomer, fzModA, 1),
			fzS(fzPause, fzStaff, fzModA, 1),
			fzS(fzPause, fzStaff, fzModA, 1),
			fzS(fzForward, fzStaff, fzModRoute, 2),
			fzS(fzPlan, fzStaffA, fzModA, 5),
			fzS(fzComplete, fzStaffA, fzModA, 30),
			fzS(fzAccept, fzOwnCustomer, fzModScreen, 24),
			fzS(fzResume, fzStaff, fzModA, 1),
			fzS(fzAccept, fzOwnCustomer, fzModScreen, 24)),
		fzSeed(happy,
			fzS(fzForward, fzStaff, fzModRoute, 2),
			fzS(fzPlan, fzStaffA, fzModA, 5),
			fzS(fzComplete, fzStaffA, fzModA, 30),
			fzS(fzAccept, fzOwnCustomer, fzModScreen, 24),
			fzS(fzVisit, fzStaff, fzModA, 24)),
		// A rejection-rework loop: rejected twice, accepted on paper the
		// third time.
		fzSeed(fzHeader(false, false, false, 1, 0, true),
			fzS(fzForward, fzStaff, fzModA, 1),
			fzS(fzPlan, fzStaffA, fzModA, 3),
			fzS(fzComplete, fzStaffA, fzModA, 48),
			fzS(fzReject, fzOwnCustomer, fzModA, 20),
			fzS(fzComplete, fzStaffA, fzModA, 40),
			fzS(fzReject, fzStaff, fzModA, 2),
			fzS(fzReclassify, fzHead, fzModComplex, 1),
			fzS(fzComplete, fzStaffA, fzModA, 100),
			fzS(fzAccept, fzSpecialist, fzModA, 5),
			fzS(fzVisit, fzHead, fzModA, 50)),
		// A withdrawal while two departments are at work.
		fzSeed(fzHeader(true, true, false, 2, 2, false),
			fzS(fzForward, fzStaff, fzModAB, 1),
			fzS(fzPlan, fzStaffA, fzModA, 2),
			fzS(fzPlan, fzStaffB, fzModB, 2),
			fzS(fzWithdraw, fzOwnCustomer, fzModA, 10),
			fzS(fzComplete, fzStaffA, fzModA, 1)),
		// Urgent handling, a reclassification and an escalation.
		fzSeed(fzHeader(true, false, false, 0, 0, true),
			fzS(fzUrgent, fzStaff, fzModA, 1),
			fzS(fzForward, fzSpecialist, fzModA, 1),
			fzS(fzPlan, fzStaffA, fzModComplex, 4),
			fzS(fzReclassify, fzHead, fzModA, 2),
			fzS(fzEscalate, fzStaffA, fzModA, 2),
			fzS(fzComplete, fzStaffA, fzModA, 20),
			fzS(fzAccept, fzStaff, fzModA, 3),
			fzS(fzVisit, fzStaff, fzModA, 3)),
		// Two departments coordinated by after-sales, with coverage decided
		// again when forwarding names the cause.
		fzSeed(fzHeader(false, true, true, 3, 3, false),
			fzS(fzForward, fzStaff, fzMod(0, false, 2, 0, true), 1), // cause misuse, A and B
			fzS(fzPlan, fzStaffB, fzModB, 1),
			fzS(fzPlan, fzStaff, fzModComplex, 1),
			fzS(fzComplete, fzStaffB, fzModB, 30),
			fzS(fzComplete, fzStaffA, fzModA, 30),
			fzS(fzAccept, fzOwnCustomer, fzModA, 1),
			fzS(fzVisit, fzStaff, fzMod(0, false, 0, 0, true), 1)),
		// Refusals of every kind: forbidden, not allowed, invalid, conflict.
		fzSeed(fzHeader(false, false, false, 0, 0, false),
			fzS(fzPlan, fzStaffA, fzModA, 1),                           // not forwarded yet
			fzS(fzForward, fzOwnCustomer, fzModA, 1),                   // a customer may not forward
			fzS(fzForward, fzStaff, fzModRoute, 1),                     // no cause to route by
			fzS(fzUrgent, fzStaff, fzModA, 1),                          // not urgent
			fzS(fzRegister, fzStaff, fzMod(0, false, 0, 3, false), 0),  // the ID exists
			[3]byte{fzOp(fzForward, fzStaff, 2), fzModA, 0},            // stale version
			[3]byte{fzOp(fzForward, fzStaff, 0), fzModA, fzBlankActor}, // blank actor
			fzS(fzForward, fzStaff, fzMod(0, false, 0, 2, false), 0),   // in the future
			fzS(fzForward, fzStaff, fzMod(0, false, 0, 1, false), 0),   // before the registration
			fzS(fzForward, fzStaff, fzModBlank, 0),                     // blank department
			[3]byte{fzOp(fzForward, fzStaff, 1), fzModA, 0},            // the current version
			fzS(fzForward, fzStaff, fzModA, 0),                         // department A twice
			fzS(fzComplete, fzStaffB, fzModA, 1),                       // B may not act for A
			fzS(fzPlan, fzStaffA, fzMod(0, false, 2, 0, false), 1),     // complexity invalid
			fzS(fzReclassify, fzStaffA, fzModComplex, 1),               // not planned, and not the head
			fzS(fzAccept, fzOwnCustomer, fzModA, 1),                    // not done
			fzS(fzWithdraw, fzOtherCustomer, fzModA, 1),                // somebody else's request
			fzS(fzWithdraw, fzOwnCustomer, fzModBlank, 1),              // no reason
			fzS(fzVisit, fzStaff, fzMod(0, false, 2, 0, false), 1),     // not accepted
			fzS(fzWithdraw, fzStaff, fzMod(0, false, 0, 3, false), 1),  // explicit UTC time
			fzS(fzWithdraw, fzOwnCustomer, fzModA, 1)),                 // already withdrawn
		// Everything late: weeks between the steps, so that every deadline is
		// missed.
		fzSeed(fzHeader(true, true, false, 1, 1, false),
			fzS(fzForward, fzStaff, fzModRoute, 200),
			fzS(fzPlan, fzStaffA, fzModA, 200),
			fzS(fzUrgent, fzStaff, fzModA, 1),
			fzS(fzComplete, fzStaffA, fzModA, 255),
			fzS(fzReject, fzOwnCustomer, fzModA, 255),
			fzS(fzComplete, fzStaffA, fzModA, 255),
			fzS(fzAccept, fzOwnCustomer, fzModA, 255),
			fzS(fzVisit, fzStaff, fzModA, 255)),
		// Times at the edges: within the clock skew, explicit UTC times, a
		// completion dated before the plan.
		fzSeed(fzHeader(false, false, false, 0, 0, true),
			fzS(fzForward, fzStaff, fzMod(0, false, 0, 2, true), 0),    // A and B, 3 minutes ahead: within the skew
			fzS(fzPlan, fzStaffA, fzMod(0, false, 0, 3, false), 1),     // explicit UTC time
			fzS(fzPlan, fzStaffB, fzModB, 1),                           //
			fzS(fzComplete, fzStaffA, fzMod(0, false, 0, 1, true), 0),  // a minute before B's plan
			fzS(fzComplete, fzStaffB, fzMod(1, false, 0, 3, false), 3), // explicit UTC time
			fzS(fzAccept, fzOwnCustomer, fzMod(0, false, 0, 3, false), 2),
			fzS(fzVisit, fzStaff, fzModA, 0)),
	}
}

// FuzzLifecycle drives one request through an arbitrary sequence of
// commands and checks after every command that nothing panics, that errors
// are typed and never internal, that a refused command changes nothing,
// that an accepted one bumps the version by the events it appends, that the
// record is in a legal state, and that the history replays to the record.
// At the end it audits the history.
func FuzzLifecycle(f *testing.F) {
	for _, s := range fzSeeds() {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		header := byte(0)
		if len(data) > 0 {
			header, data = data[0], data[1:]
		}
		r := fzNewRun(t, header)
		if !r.register(header) {
			return
		}
		for i := 0; i+3 <= len(data) && i/3 < fzMaxSteps; i += 3 {
			r.step(fzDecode(data[i], data[i+1], data[i+2]))
		}
		hist, err := r.svc.History(r.ctx, fzID)
		require.NoError(t, err)
		fzCheckAudit(t, hist, r.clock.Now())
		fzCheckAudit(t, hist, r.clock.Now().AddDate(0, 3, 0))
	})
}

// fzImportedExample is the example of ImportedHistory's documentation.
const fzImportedExample = `{"request_id": "ERP-1001",
 "events": [
  {"type": "registered", "at": "2026-09-30T16:20:00+08:00",
   "registration": {"channel": "phone", "description": "卫生间渗水",
                    "received_at": "2026-09-30T16:20:00+08:00", "urgent": false}},
  {"type": "forwarded", "at": "2026-10-08T09:00:00+08:00", "departments": ["项目一部"]},
  {"type": "planned", "at": "2026-10-09T10:00:00+08:00", "department": "项目一部",
   "plan": {"measures": "更换防水层", "owner": "王工", "complexity": "simple",
            "scheduled_at": "2026-10-12T09:00:00+08:00"}},
  {"type": "completed", "at": "2026-10-13T17:00:00+08:00", "department": "项目一部", "result": "已修复"},
  {"type": "accepted", "at": "2026-10-14T10:00:00+08:00",
   "signature": {"signed_by": "张先生", "method": "paper", "ref": "scan/1001.pdf"}},
  {"type": "visited", "at": "2026-10-16T15:00:00+08:00",
   "visit": {"satisfaction": 5, "visited_by": "李四"}}]}`

// FuzzParseHistory feeds arbitrary bytes to ParseHistory: it never panics,
// refuses with a typed invalid-kind error, and whatever it accepts is a
// well-formed history that Audit can judge.
func FuzzParseHistory(f *testing.F) {
	f.Add([]byte(fzImportedExample))
	f.Add([]byte(fzImportedExample[:len(fzImportedExample)/2])) // truncated
	f.Add([]byte(`{"request_id": "ERP-1", "colour": "red", "events": []}`))
	f.Add([]byte(`{"request_id": "ERP-2", "events": [
  {"type": "registered", "at": "2026-10-08T09:00:00+08:00", "registration": {"channel": "phone", "description": "漏水"}},
  {"type": "forwarded", "at": "2026-10-07T09:00:00+08:00", "departments": ["项目一部"]}]}`)) // out of order
	f.Add([]byte(`{"request_id": "ERP-3", "events": [
  {"type": "registered", "at": "2026-10-08T09:00:00+08:00", "registration": {"channel": "phone", "description": "漏水", "urgent": true}},
  {"type": "completed", "at": "2026-10-20T09:00:00+08:00", "department": "设计部"},
  {"type": "reclassified", "at": "2026-10-21T09:00:00+08:00", "department": "采购部", "complexity": "complex"},
  {"type": "rejected", "at": "2026-10-22T09:00:00+08:00", "reason": "不合格"},
  {"type": "accepted", "at": "2026-10-23T09:00:00+08:00"},
  {"type": "closed", "at": "2026-10-24T09:00:00+08:00"}]}`)) // steps skipped, closed its own way
	f.Add([]byte(`{"request_id": "ERP-4", "events": [{"type": "registered", "at": "0001-01-01T00:00:01Z", "registration": {}},
  {"type": "withdrawn", "at": "9999-12-31T23:59:59Z"}]}`)) // the ends of time
	f.Add([]byte(`{"events": []} {}`))
	f.Add([]byte(`null`))
	if h := fzServiceHistory(f); h != nil {
		f.Add(h)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		history, err := aftersales.ParseHistory(data)
		if err != nil {
			fzCheckError(t, err)
			require.Equal(t, aftersales.KindInvalid, aftersales.KindOf(err))
			require.Nil(t, history)
			return
		}
		require.NotEmpty(t, history)
		require.Equal(t, aftersales.EventRegistered, history[0].Type)
		for i, e := range history {
			require.Equal(t, i+1, e.Seq)
			require.False(t, e.At.IsZero())
			require.NotEmpty(t, e.Actor.Role)
		}
		require.NotPanics(t, func() { _, _ = aftersales.Replay(history) }, "Replay of an accepted history")
		last := history[len(history)-1].At
		for _, now := range []time.Time{time.Date(2026, 10, 1, 0, 0, 0, 0, calendar.CST()), last, last.AddDate(1, 0, 0)} {
			fzCheckAudit(t, history, now)
		}
	})
}

// fzServiceHistory returns a history the Service wrote, in the import
// format.
func fzServiceHistory(tb testing.TB) []byte {
	clock := &fzClock{t: time.Date(2026, 11, 16, 9, 30, 0, 0, calendar.CST())}
	svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: clock, NewID: func() string { return fzID }})
	if err != nil {
		tb.Fatal(err)
	}
	ctx := context.Background()
	staff, deptA, cust := fzActors[fzStaff], fzActors[fzStaffA], fzActors[fzOwnCustomer]
	steps := []func() error{
		func() error {
			_, err := svc.Register(ctx, aftersales.RegisterCommand{Registration: fzRegistration(fzUrgentBit, clock.t), Actor: staff})
			return err
		},
		func() error {
			_, err := svc.HandleUrgent(ctx, fzID, aftersales.UrgentCommand{Measures: "关闭总阀", Actor: staff})
			return err
		},
		func() error {
			_, err := svc.Forward(ctx, fzID, aftersales.ForwardCommand{Departments: []string{fzDeptA}, Actor: staff})
			return err
		},
		func() error {
			_, err := svc.Plan(ctx, fzID, aftersales.PlanCommand{Department: fzDeptA, Actor: deptA,
				Plan: aftersales.Plan{Measures: "更换防水层", Owner: "王工", ScheduledAt: clock.t.Add(24 * time.Hour), Complexity: aftersales.Simple}})
			return err
		},
		func() error {
			_, err := svc.Complete(ctx, fzID, aftersales.CompleteCommand{Department: fzDeptA, Result: "已修复", Actor: deptA})
			return err
		},
		func() error {
			_, err := svc.Accept(ctx, fzID, aftersales.AcceptCommand{Actor: cust,
				Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "sig/1.png"}})
			return err
		},
		func() error {
			_, err := svc.Visit(ctx, fzID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 5, VisitedBy: "李四"}})
			return err
		},
	}
	for _, step := range steps {
		clock.t = clock.t.Add(5 * time.Hour)
		if err := step(); err != nil {
			tb.Fatal(err)
		}
	}
	history, err := svc.History(ctx, fzID)
	if err != nil {
		tb.Fatal(err)
	}
	data, err := json.Marshal(aftersales.ImportedHistory{RequestID: fzID, Events: history})
	if err != nil {
		tb.Fatal(err)
	}
	return data
}

// FuzzParseDeadlineCursor: any text is read back to a cursor or refused
// with cursor_invalid, never a panic; a cursor read back prints as a token
// that reads back to it.
func FuzzParseDeadlineCursor(f *testing.F) {
	cursorSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := aftersales.ParseDeadlineCursor(s)
		if err != nil {
			var e *aftersales.Error
			if !errors.As(err, &e) || e.Code != "cursor_invalid" || e.Kind != aftersales.KindInvalid {
				t.Fatalf("ParseDeadlineCursor(%q): %v, want cursor_invalid", s, err)
			}
			return
		}
		again, err := aftersales.ParseDeadlineCursor(c.String())
		if err != nil || again.Compare(c) != 0 || again.RequestID != c.RequestID {
			t.Fatalf("cursor %+v does not read back from its token: %+v, %v", c, again, err)
		}
	})
}

// FuzzParseRecordCursor is FuzzParseDeadlineCursor for the record cursor
// of the newest-first lists.
func FuzzParseRecordCursor(f *testing.F) {
	cursorSeeds(f)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := aftersales.ParseRecordCursor(s)
		if err != nil {
			var e *aftersales.Error
			if !errors.As(err, &e) || e.Code != "cursor_invalid" {
				t.Fatalf("ParseRecordCursor(%q): %v, want cursor_invalid", s, err)
			}
			return
		}
		again, err := aftersales.ParseRecordCursor(c.String())
		if err != nil || !again.ReceivedAt.Equal(c.ReceivedAt) || again.ID != c.ID {
			t.Fatalf("cursor %+v does not read back from its token: %+v, %v", c, again, err)
		}
	})
}

// cursorSeeds seeds a cursor parser's corpus: tokens of both kinds and
// text that is none.
func cursorSeeds(f *testing.F) {
	for _, c := range []aftersales.DeadlineCursor{
		{Due: time.Date(2026, 11, 5, 0, 0, 0, 0, time.UTC), RequestID: "AS-0001", Index: 2},
		{Due: time.Date(2026, 11, 5, 8, 30, 0, 123, time.UTC), RequestID: "AS-|x|", Index: 0},
	} {
		f.Add(c.String())
	}
	f.Add(aftersales.RecordCursor{ReceivedAt: time.Date(2026, 11, 2, 8, 30, 0, 0, time.UTC), ID: "AS-0007"}.String())
	f.Add("")
	f.Add("not base64!")
	f.Add("MjAyNi0xMS0wNVQwMDowMDowMFp8LTF8QVM") // index -1
}
