package complaint_test

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// The commands a step can pick, in the order of op % cxOps.
const (
	cxOpRegister = iota
	cxOpDeclareMajor
	cxOpEmergency
	cxOpFeedback
	cxOpForward
	cxOpPlan
	cxOpStatement
	cxOpThirdParty
	cxOpThirdPartyReport
	cxOpAnswer
	cxOpSatisfied
	cxOpNotSatisfied
	cxOpWithdraw
	cxOpPause
	cxOpResume
	cxOps
)

// cxFuzzActors are the actors a step can pick, in the order of the cxA
// constants.
var cxFuzzActors = [...]aftersales.Actor{
	cxStaff, cxHead, cxGM, cxDeptStaff,
	{ID: "u-other", Name: "设计部员工", Role: aftersales.RoleDepartmentStaff, DepartmentID: cxOtherDept},
	{ID: "u-spec", Name: "售后专员", Role: aftersales.RoleSpecialist, DepartmentID: cxDept},
	cxCustomer,
	{ID: "c-999", Name: "李女士", Role: aftersales.RoleCustomer}, // not the complainant
	{ID: "sys", Role: aftersales.RoleSystem},
	{ID: "", Name: "无名", Role: aftersales.RoleAfterSalesStaff}, // no ID: invalid
	{ID: "u-x", Name: "保洁", Role: "janitor"},                   // no such role: invalid
}

// Actor indexes into cxFuzzActors.
const (
	cxAStaff = iota
	cxAHead
	cxAGM
	cxADept
	cxAOtherDept
	cxASpecialist
	cxACustomer
	cxAStranger
	cxASystem
	cxANoID
	cxABadRole
)

// A step is four bytes: op, actor, flags, when.
//
// flags: bits 0–1 the text (0 empty, 1 and 3 a text, 2 blanks; 3 also
// gives a pause its evidence); bits 2–3 the version sent (0 none, 1 and 3
// the current one, 2 a wrong one: the previous, or the next at version 1);
// bit 4 an alternative (Register major, DeclareMajor an unknown criterion,
// Forward to another department, or with text 3 to two departments at
// once, Pause with a reason not on the list); bits 5–6 both set: an
// unknown complaint; bit 7 the first complaint registered instead of the
// last.
//
// when: bits 0–2 the event time (0–3 zero, that is now; 4 an hour ago; 5
// three days ago; 6 two minutes ahead, within the clock skew; 7 an hour
// ahead); bits 3–5 how far the clock moves first (cxAdvance).
const (
	cxFText    = 1
	cxFBlank   = 2
	cxFVersion = 1 << 2
	cxFStale   = 2 << 2
	cxFAlt     = 1 << 4
	cxFUnknown = 3 << 5
	cxFFirst   = 1 << 7

	cxWNow      = 0
	cxWHourAgo  = 4
	cxW3DaysAgo = 5
	cxWSkew     = 6
	cxWFuture   = 7
)

var cxAdvance = [8]time.Duration{0, time.Minute, time.Hour, 4 * time.Hour, 24 * time.Hour, 72 * time.Hour, 8 * 24 * time.Hour, 0}

const cxFuzzMaxSteps = 64

func cxSeed(steps ...[4]byte) []byte {
	var b []byte
	for _, s := range steps {
		b = append(b, s[:]...)
	}
	return b
}

func cxS(op, actor int, flags, when byte) [4]byte { return [4]byte{byte(op), byte(actor), flags, when} }

// Shorthands for the seeds.
const (
	cxT1    = cxFText              // a text, no version
	cxT2    = cxFText | cxFVersion // a text and the current version
	cxNow   = cxWNow               // at now, the clock unmoved
	cxMin   = cxWNow | 1<<3        // at now, a minute on
	cxHour  = cxWNow | 2<<3        // at now, an hour on
	cx4Hour = cxWNow | 3<<3        // at now, four hours on
	cxDay   = cxWNow | 4<<3        // at now, a day on
)

// cxLifecycleSeeds are FuzzLifecycle's seeds, each with a check of where it
// leaves the last complaint registered (TestLifecycleSeedsReachTheirStates).
var cxLifecycleSeeds = []struct {
	name  string
	data  []byte
	check func(t *testing.T, c *complaint.Complaint)
}{
	{"happy path", cxSeed(cxS(cxOpRegister, cxAStaff, cxT1, cxNow), cxS(cxOpForward, cxAStaff, cxT2, cxHour),
		cxS(cxOpPlan, cxADept, cxT1, cxDay), cxS(cxOpAnswer, cxADept, cxT2, cxDay), cxS(cxOpSatisfied, cxACustomer, 0, cxHour)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusResolved, c.Status)
			require.Equal(t, 5, c.Version)
		}},
	{"whole chain, flagged, answered again, satisfied", cxSeed(cxS(cxOpRegister, cxAStaff, cxT1, cxNow), cxS(cxOpForward, cxAStaff, cxT1, cxHour),
		cxS(cxOpPlan, cxADept, cxT1, cxDay), cxS(cxOpAnswer, cxADept, cxT1, cxDay), cxS(cxOpNotSatisfied, cxACustomer, cxT1, cxDay),
		cxS(cxOpAnswer, cxAHead, cxT1, cxDay), cxS(cxOpNotSatisfied, cxACustomer, cxT1, cxDay),
		cxS(cxOpAnswer, cxAGM, cxT1, cxDay), cxS(cxOpNotSatisfied, cxAStaff, cxT1, cxDay), cxS(cxOpNotSatisfied, cxACustomer, cxT1, cxHour),
		cxS(cxOpAnswer, cxAGM, cxT1, cxDay), cxS(cxOpSatisfied, cxACustomer, cxT1, cxHour)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusResolved, c.Status)
			require.True(t, c.Flagged)
			require.Equal(t, 2, c.Level)
			require.Len(t, c.Escalations, 3)
			require.Len(t, c.Results, 4)
		}},
	{"major at registration", cxSeed(cxS(cxOpRegister, cxAHead, cxT1|cxFAlt, cxNow), cxS(cxOpEmergency, cxAStaff, cxT1, cxMin),
		cxS(cxOpFeedback, cxADept, cxT1, cxDay), cxS(cxOpForward, cxAHead, cxT1, cxHour), cxS(cxOpPlan, cxADept, cxT1, cxDay),
		cxS(cxOpAnswer, cxADept, cxT1, cxDay), cxS(cxOpSatisfied, cxACustomer, cxT1, cxHour)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusResolved, c.Status)
			require.NotNil(t, c.Major)
			require.NotNil(t, c.EmergencyAt)
			require.NotNil(t, c.FeedbackAt)
			require.Equal(t, 8, c.Version)
		}},
	{"declared major once answered", cxSeed(cxS(cxOpRegister, cxAGM, cxT1, cxNow), cxS(cxOpForward, cxAGM, cxT1, cxHour),
		cxS(cxOpPlan, cxASpecialist, cxT1, cxDay), cxS(cxOpAnswer, cxADept, cxT1, cxDay), cxS(cxOpDeclareMajor, cxADept, cxT1, cxHour),
		cxS(cxOpDeclareMajor, cxAGM, cxT1, cxHour), cxS(cxOpEmergency, cxACustomer, cxT1, cxHour), cxS(cxOpEmergency, cxASystem, cxT1, cxHour),
		cxS(cxOpFeedback, cxAGM, 0, cxHour), cxS(cxOpNotSatisfied, cxACustomer, cxT1, cxWNow|6<<3)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusInvestigating, c.Status)
			require.Equal(t, 1, c.Level)
			require.Equal(t, complaint.ToGeneralManager, c.ReceivedBy)
			require.NotNil(t, c.Major)
			require.NotNil(t, c.EmergencyAt)
			require.Nil(t, c.FeedbackAt)
		}},
	{"withdrawal", cxSeed(cxS(cxOpRegister, cxAStaff, cxT1, cxNow), cxS(cxOpForward, cxAStaff, cxT1, cxHour),
		cxS(cxOpStatement, cxACustomer, cxT1, cxHour), cxS(cxOpStatement, cxAStranger, cxT1, cxHour),
		cxS(cxOpWithdraw, cxACustomer, 0, cxHour), cxS(cxOpWithdraw, cxACustomer, cxT1, cxHour),
		cxS(cxOpAnswer, cxADept, cxT1, cxHour), cxS(cxOpWithdraw, cxACustomer, cxT1, cxHour), cxS(cxOpSatisfied, cxACustomer, cxT1, cxHour)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusWithdrawn, c.Status)
			require.Len(t, c.Statements, 1)
			require.Equal(t, 4, c.Version)
		}},
	{"third party", cxSeed(cxS(cxOpRegister, cxAStaff, cxT1, cxNow), cxS(cxOpThirdParty, cxADept, cxT1, cxHour), cxS(cxOpForward, cxAStaff, cxT1, cxHour),
		cxS(cxOpThirdPartyReport, cxADept, cxT1, cxHour), cxS(cxOpThirdParty, cxADept, cxT1, cxHour), cxS(cxOpThirdParty, cxADept, cxT1, cxHour),
		cxS(cxOpThirdPartyReport, cxADept, cxT1, cxWNow|5<<3), cxS(cxOpThirdPartyReport, cxADept, cxT1, cxHour),
		cxS(cxOpPlan, cxADept, cxT1, cxHour), cxS(cxOpAnswer, cxADept, cxT1, cxDay), cxS(cxOpSatisfied, cxACustomer, cxT1, cxHour)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusResolved, c.Status)
			require.NotNil(t, c.ThirdParty)
			require.NotNil(t, c.ThirdParty.ReportedAt)
			require.Equal(t, 7, c.Version)
		}},
	{"refusals", cxSeed(cxS(cxOpRegister, cxACustomer, cxT1, cxNow), cxS(cxOpRegister, cxANoID, cxT1, cxNow), cxS(cxOpRegister, cxABadRole, cxT1, cxNow),
		cxS(cxOpRegister, cxAStaff, cxFBlank, cxNow), cxS(cxOpRegister, cxAStaff, cxT1|cxFAlt, cxNow), cxS(cxOpRegister, cxAStaff, cxT1, cxWFuture),
		cxS(cxOpForward, cxAStaff, cxT1, cxHour), cxS(cxOpRegister, cxAStaff, cxT1, cxWHourAgo),
		cxS(cxOpForward, cxADept, cxT1, cxHour), cxS(cxOpForward, cxAStaff, cxT1|cxFStale, cxHour), cxS(cxOpForward, cxAStaff, 0, cxHour),
		cxS(cxOpForward, cxAStaff, cxT1|cxFUnknown, cxHour), cxS(cxOpForward, cxAStaff, cxT1, cxW3DaysAgo),
		cxS(cxOpForward, cxAStaff, cxT1|cxFAlt, cxWSkew), cxS(cxOpDeclareMajor, cxAHead, cxT1|cxFAlt, cxHour),
		cxS(cxOpPlan, cxADept, cxT1, cxHour), cxS(cxOpPlan, cxAOtherDept, cxT1, cxHour), cxS(cxOpSatisfied, cxACustomer, cxT1|cxFFirst, cxHour)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusInvestigating, c.Status)
			require.Equal(t, []string{cxOtherDept}, c.Departments())
			require.True(t, c.Planned())
			require.Nil(t, c.Major)
			require.Equal(t, 3, c.Version)
		}},
	{"backdated answer at level 1", cxSeed(cxS(cxOpRegister, cxAStaff, cxT1, cxWHourAgo), cxS(cxOpForward, cxAStaff, cxT1, cxWSkew),
		cxS(cxOpPlan, cxADept, cxT1, cxMin), cxS(cxOpPlan, cxAOtherDept, cxT1, cxHour), cxS(cxOpPlan, cxADept, cxT1, cxHour),
		cxS(cxOpAnswer, cxADept, cxT1, cx4Hour), cxS(cxOpNotSatisfied, cxACustomer, cxT1, cxMin),
		cxS(cxOpStatement, cxAHead, cxT1, cxW3DaysAgo), cxS(cxOpAnswer, cxADept, cxT1, cxNow),
		// an hour ago: after the plan, before the escalation: refused
		cxS(cxOpAnswer, cxAHead, cxT1, cxWHourAgo), cxS(cxOpWithdraw, cxAStaff, cxT1, cxWHourAgo|1<<3)), // before the escalation too: refused
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusInvestigating, c.Status)
			require.Equal(t, 1, c.Level)
			require.Len(t, c.Results, 1, "the back-dated answer at level 1 was refused")
			require.Empty(t, c.Statements)
		}},
	{"pause and resume", cxSeed(cxS(cxOpRegister, cxAStaff, cxT1, cxNow), cxS(cxOpResume, cxAStaff, 0, cxHour),
		cxS(cxOpPause, cxADept, cxT1, cxHour), cxS(cxOpForward, cxAStaff, cxT1, cxHour), cxS(cxOpPause, cxADept, 3, cxHour),
		cxS(cxOpPause, cxAStaff, cxT1, cxHour), cxS(cxOpPlan, cxADept, cxT1, cxDay), cxS(cxOpResume, cxACustomer, cxT1, cxDay),
		cxS(cxOpResume, cxAOtherDept, cxT1, cxDay), cxS(cxOpResume, cxADept, cxT1, cxWNow|5<<3), cxS(cxOpPause, cxAStaff, cxT1|cxFAlt, cxHour),
		cxS(cxOpPause, cxAStaff, 0, cxHour), cxS(cxOpAnswer, cxADept, cxT1, cxDay)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusAnswered, c.Status)
			require.Len(t, c.Pauses, 1)
			require.NotNil(t, c.Pauses[0].ResumedAt)
			require.Equal(t, []string{"照片 1.jpg"}, c.Pauses[0].Evidence)
			require.Positive(t, c.Pauses[0].Workdays)
			require.Equal(t, 6, c.Version)
		}},
	{"several departments, withdrawn while paused", cxSeed(cxS(cxOpRegister, cxAStaff, cxT1, cxNow),
		cxS(cxOpForward, cxAStaff, 3|cxFAlt, cxHour), cxS(cxOpForward, cxAStaff, cxT1|cxFAlt, cxHour), cxS(cxOpPlan, cxADept, cxT1, cxHour),
		cxS(cxOpAnswer, cxADept, cxT1, cxHour), cxS(cxOpPause, cxAOtherDept, 3, cxHour), cxS(cxOpPlan, cxAOtherDept, cxT1, cxDay),
		cxS(cxOpWithdraw, cxACustomer, cxT1, cxDay), cxS(cxOpResume, cxAStaff, cxT1, cxHour)),
		func(t *testing.T, c *complaint.Complaint) {
			require.Equal(t, complaint.StatusWithdrawn, c.Status)
			require.Equal(t, []string{cxDept, cxOtherDept}, c.Departments())
			require.True(t, c.Planned())
			require.False(t, c.Paused())
			require.Len(t, c.Pauses, 1)
			require.Equal(t, 6, c.Version)
		}},
	{"empty", nil, func(t *testing.T, c *complaint.Complaint) { require.Nil(t, c) }},
}

// TestLifecycleSeedsReachTheirStates checks that FuzzLifecycle's seeds
// exercise what they are named for.
func TestLifecycleSeedsReachTheirStates(t *testing.T) {
	for _, s := range cxLifecycleSeeds {
		t.Run(s.name, func(t *testing.T) {
			fx, ids := cxLifecycle(t, s.data)
			if len(ids) == 0 {
				s.check(t, nil)
				return
			}
			c, err := fx.svc.Get(fx.ctx, ids[len(ids)-1])
			require.NoError(t, err)
			s.check(t, c)
		})
	}
}

// FuzzLifecycle runs random command sequences on a Service and checks after
// every command: no panic; a refusal is an *aftersales.Error of a known
// kind with a code and a message, and writes nothing; an acceptance writes
// exactly its events; every stored complaint is legal and is the replay of
// its history.
func FuzzLifecycle(f *testing.F) {
	for _, s := range cxLifecycleSeeds {
		f.Add(s.data)
	}
	f.Fuzz(func(t *testing.T, data []byte) { cxLifecycle(t, data) })
}

// cxLifecycle runs data as FuzzLifecycle does, and returns the fixture and
// the IDs of the complaints registered.
func cxLifecycle(t *testing.T, data []byte) (*cxFx, []string) {
	if len(data) > 4*cxFuzzMaxSteps {
		data = data[:4*cxFuzzMaxSteps]
	}
	fx := cxNewFx(t, cxAt(2026, 11, 2, 9, 0))
	policy := fx.svc.Policy()
	var ids []string
	for i := 0; i+4 <= len(data); i += 4 {
		op, actor, flags, when := int(data[i])%cxOps, cxFuzzActors[int(data[i+1])%len(cxFuzzActors)], data[i+2], data[i+3]
		fx.now = fx.now.Add(cxAdvance[when>>3&7])
		target := "TS-none"
		if len(ids) > 0 && flags&cxFUnknown != cxFUnknown {
			target = ids[len(ids)-1]
			if flags&cxFFirst != 0 {
				target = ids[0]
			}
		}
		before, beforeH := cxSnapshot(t, fx, target)
		all, err := fx.svc.List(fx.ctx, complaint.Query{})
		require.NoError(t, err)
		got, err := cxRun(fx, op, actor, flags, when, target, before)
		if err != nil {
			require.Nil(t, got)
			cxRequireDomainError(t, err)
			after, afterH := cxSnapshot(t, fx, target)
			require.Equal(t, before, after, "step %d: a refused command changed the complaint", i/4)
			require.Equal(t, beforeH, afterH, "step %d: a refused command wrote history", i/4)
			all2, err := fx.svc.List(fx.ctx, complaint.Query{})
			require.NoError(t, err)
			require.Equal(t, all, all2, "step %d: a refused command changed the store", i/4)
		} else {
			require.NotNil(t, got)
			stored, h := cxSnapshot(t, fx, got.ID)
			require.Equal(t, got, stored, "step %d: the result is not what was stored", i/4)
			if op == cxOpRegister {
				require.NotContains(t, ids, got.ID)
				ids = append(ids, got.ID)
				want := 1
				if got.Major != nil {
					want = 2
				}
				require.Equal(t, want, got.Version, "step %d: Register", i/4)
			} else {
				require.Equal(t, target, got.ID)
				require.Equal(t, before.Version+1, got.Version, "step %d: an accepted command writes one event", i/4)
				require.Equal(t, beforeH, h[:len(beforeH)], "step %d: the history was rewritten", i/4)
			}
		}
		for _, id := range ids {
			c, h := cxSnapshot(t, fx, id)
			cxRequireLegal(t, c, h, policy)
		}
	}
	return fx, ids
}

// cxRun runs one fuzz step on target, whose stored state is c (nil when
// unknown).
func cxRun(f *cxFx, op int, actor aftersales.Actor, flags, when byte, target string, c *complaint.Complaint) (*complaint.Complaint, error) {
	txt := []string{"", "客户反映的情况", " \t ", "处理意见"}[flags&3]
	version := 0
	if c != nil {
		switch flags >> 2 & 3 {
		case 1, 3:
			version = c.Version
		case 2:
			version = c.Version + 1
			if c.Version > 1 {
				version = c.Version - 1
			}
		}
	}
	alt := flags&cxFAlt != 0
	var at time.Time
	switch when & 7 {
	case cxWHourAgo:
		at = f.now.Add(-time.Hour)
	case cxW3DaysAgo:
		at = f.now.Add(-72 * time.Hour)
	case cxWSkew:
		at = f.now.Add(2 * time.Minute)
	case cxWFuture:
		at = f.now.Add(time.Hour)
	}
	step := complaint.StepCommand{Text: txt, At: at, Actor: actor, Version: version}
	ctx, svc := f.ctx, f.svc
	switch op {
	case cxOpRegister:
		received := at
		if received.IsZero() {
			received = f.now
		}
		types := []complaint.Type{complaint.TypeQuality, complaint.TypeService, complaint.TypeDelay, complaint.TypeCharge, complaint.TypeOther}
		causes := []aftersales.Cause{"", aftersales.CauseConstruction, aftersales.CauseMaterial, aftersales.CauseDesign}
		cmd := complaint.RegisterCommand{Actor: actor, Major: alt, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: cxCustomer.ID, Name: "张先生"}, Type: types[int(when)%len(types)],
			Cause: causes[int(flags>>2)%len(causes)], Description: txt, Channel: aftersales.ChannelWeChat, ReceivedAt: received}}
		if alt {
			cmd.Criteria = []string{"safety", "legal"}
		}
		return svc.Register(ctx, cmd)
	case cxOpDeclareMajor:
		criteria := []string{"repeat"}
		if alt {
			criteria = []string{"weather"}
		}
		return svc.DeclareMajor(ctx, target, complaint.DeclareMajorCommand{Criteria: criteria, Note: txt, At: at, Actor: actor, Version: version})
	case cxOpEmergency:
		return svc.StartEmergency(ctx, target, step)
	case cxOpFeedback:
		return svc.GiveMajorFeedback(ctx, target, step)
	case cxOpForward:
		depts := []string{cxDept}
		switch {
		case alt && flags&3 == 3:
			depts = []string{cxDept, cxOtherDept}
		case alt:
			depts = []string{cxOtherDept}
		}
		if txt == "" {
			depts = nil
		}
		return svc.Forward(ctx, target, complaint.ForwardCommand{Departments: depts, At: at, Actor: actor, Version: version})
	case cxOpPlan:
		return svc.Plan(ctx, target, complaint.PlanCommand{Actor: actor, Version: version,
			Plan: complaint.Plan{Findings: txt, Measures: "返工", Owner: "周工", At: at}})
	case cxOpStatement:
		return svc.RecordStatement(ctx, target, step)
	case cxOpThirdParty:
		return svc.CommissionThirdParty(ctx, target, complaint.ThirdPartyCommand{Agency: "检测中心", Scope: txt, At: at, Actor: actor, Version: version})
	case cxOpThirdPartyReport:
		return svc.RecordThirdPartyReport(ctx, target, complaint.ThirdPartyReportCommand{ReportRef: "R-1", Conclusion: txt, At: at, Actor: actor, Version: version})
	case cxOpAnswer:
		return svc.Answer(ctx, target, step)
	case cxOpSatisfied:
		return svc.Satisfied(ctx, target, step)
	case cxOpNotSatisfied:
		return svc.NotSatisfied(ctx, target, step)
	case cxOpWithdraw:
		return svc.Withdraw(ctx, target, step)
	case cxOpPause:
		reason := aftersales.PauseNoAccess
		if alt {
			reason = "weather"
		}
		var evidence []string
		if flags&3 == 3 {
			evidence = []string{"照片 1.jpg"}
		}
		return svc.Pause(ctx, target, aftersales.PauseCommand{Reason: reason, Note: txt, Evidence: evidence, At: at, Actor: actor, Version: version})
	case cxOpResume:
		return svc.Resume(ctx, target, aftersales.ResumeCommand{At: at, Actor: actor, Version: version})
	}
	panic("unknown op")
}

// cxSnapshot returns the stored complaint and its history, or nils when id
// is unknown.
func cxSnapshot(t *testing.T, f *cxFx, id string) (*complaint.Complaint, []complaint.Event) {
	t.Helper()
	c, err := f.svc.Get(f.ctx, id)
	if aftersales.KindOf(err) == aftersales.KindNotFound {
		_, err := f.svc.History(f.ctx, id)
		require.Equal(t, aftersales.KindNotFound, aftersales.KindOf(err), "%v", err)
		return nil, nil
	}
	require.NoError(t, err)
	h, err := f.svc.History(f.ctx, id)
	require.NoError(t, err)
	return c, h
}

// cxRequireDomainError checks that err is an *aftersales.Error of a kind a
// command may be refused with, with a code and a message.
func cxRequireDomainError(t *testing.T, err error) {
	t.Helper()
	var de *aftersales.Error
	require.True(t, errors.As(err, &de), "not an *aftersales.Error: %T %v", err, err)
	require.Contains(t, []aftersales.ErrorKind{aftersales.KindInvalid, aftersales.KindNotFound, aftersales.KindConflict,
		aftersales.KindForbidden, aftersales.KindNotAllowed}, de.Kind, "%v", err)
	require.NotEmpty(t, de.Code, "%v", err)
	require.NotEmpty(t, de.Message, "%v", err)
}

// cxRequireLegal checks that a stored complaint is in a legal state and is
// the replay of its history.
func cxRequireLegal(t *testing.T, c *complaint.Complaint, h []complaint.Event, p complaint.Policy) {
	t.Helper()
	require.NotNil(t, c)
	require.Contains(t, []complaint.Status{complaint.StatusRegistered, complaint.StatusInvestigating, complaint.StatusAnswered,
		complaint.StatusResolved, complaint.StatusUnresolved, complaint.StatusWithdrawn}, c.Status)
	require.Len(t, h, c.Version)
	for i, e := range h {
		require.Equal(t, c.ID, e.ComplaintID)
		require.Equal(t, i+1, e.Seq)
	}
	if c.Status == complaint.StatusAnswered {
		require.NotEmpty(t, c.Results, "answered without a result")
		require.True(t, c.Planned(), "answered without every department's plan")
	}
	if c.Status == complaint.StatusResolved {
		require.NotNil(t, c.ResolvedAt, "resolved without a time")
	}
	if c.Status == complaint.StatusUnresolved {
		require.True(t, c.Flagged, "unresolved but not flagged")
	}
	if c.Flagged {
		require.Equal(t, len(p.Chain)-1, c.Level, "flagged below the top of the chain")
	}
	if c.Status == complaint.StatusWithdrawn {
		require.NotNil(t, c.Withdrawal)
		for _, d := range c.Deadlines {
			require.False(t, d.Pending(), "withdrawn with a pending deadline: %+v", d)
		}
	}
	if c.Status != complaint.StatusRegistered && c.Status != complaint.StatusWithdrawn {
		require.NotNil(t, c.ForwardedAt, "%s but never forwarded", c.Status)
		require.NotEmpty(t, c.Parts)
	}
	seen := map[string]bool{}
	for _, p := range c.Parts {
		require.False(t, seen[p.Department], "department %q has two parts", p.Department)
		seen[p.Department] = true
		require.NotEmpty(t, p.Department)
	}
	// Pauses: only the last one may be open, never on a closed complaint;
	// the G3.3 limit is pending exactly while paused; intake and urgent
	// clocks never pause, and nothing stands still unless paused.
	for i, p := range c.Pauses {
		if i < len(c.Pauses)-1 {
			require.NotNil(t, p.ResumedAt, "pause %d is open but not the last", i)
		}
		if p.ResumedAt != nil {
			require.False(t, p.ResumedAt.Before(p.At), "pause %d ends before it starts", i)
		}
		require.True(t, p.Reason.Valid())
		require.NotEmpty(t, p.Note)
	}
	if c.Status.Closed() {
		require.False(t, c.Paused(), "%s while paused", c.Status)
	}
	limits := 0
	for _, d := range c.Deadlines {
		if d.Clause == aftersales.ClauseG3_3 && d.Pending() {
			limits++
		}
		if d.Paused() {
			require.True(t, c.Paused(), "a deadline stands still on a complaint not paused: %+v", d)
			require.NotContains(t, []aftersales.Clause{complaint.ClauseC2_1, complaint.ClauseC2_2, aftersales.ClauseG3_3}, d.Clause)
			require.NotZero(t, d.Workdays)
		}
	}
	require.Equal(t, map[bool]int{true: 1, false: 0}[c.Paused()], limits, "pending G3.3 limits")
	require.GreaterOrEqual(t, c.Level, 0)
	require.Less(t, c.Level, len(p.Chain))
	escalated := 0
	for _, e := range h {
		if e.Type == complaint.EventEscalated {
			escalated++
		}
	}
	require.Equal(t, escalated, c.Level, "the level is not the number of escalations")
	r, err := complaint.Replay(h)
	require.NoError(t, err)
	require.Equal(t, c, r, "the stored complaint is not the replay of its history")
	// Steps may be entered late (back-dated), so the history need not be in
	// time order; but no deadline is done before it started.
	for _, d := range c.Deadlines {
		if d.DoneAt != nil {
			require.False(t, d.DoneAt.Before(d.From), "deadline done before it started: %+v", d)
		}
	}
}

// FuzzParseMonth: ParseMonth never panics; it accepts a month or refuses
// with an invalid-kind error; an accepted month is a real month and
// round-trips through String, MarshalText and UnmarshalText.
func FuzzParseMonth(f *testing.F) {
	for _, s := range []string{"2026-10", "2026-01", "0000-01", "9999-12", "2026-13", "2026-00", "2026-1", "26-10", "+026-10",
		"-001-01", "2026-10-01", "2026/10", "", " 2026-10", "２０２６-10", "2026-10\x00"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		m, err := complaint.ParseMonth(s)
		if err != nil {
			var de *aftersales.Error
			require.ErrorAs(t, err, &de)
			require.Equal(t, aftersales.KindInvalid, de.Kind)
			require.Equal(t, "month_invalid", de.Code)
			require.NotEmpty(t, de.Message)
			require.Equal(t, complaint.Month{}, m)
			return
		}
		require.GreaterOrEqual(t, m.Month, time.January)
		require.LessOrEqual(t, m.Month, time.December)
		require.Equal(t, s, m.String(), "an accepted month is in canonical form")
		back, err := complaint.ParseMonth(m.String())
		require.NoError(t, err)
		require.Equal(t, m, back)
		b, err := m.MarshalText()
		require.NoError(t, err)
		var u complaint.Month
		require.NoError(t, u.UnmarshalText(b))
		require.Equal(t, m, u)
		require.Equal(t, m, complaint.MonthOf(m.Start()))
		require.Equal(t, m.Next(), complaint.MonthOf(m.End()))
	})
}
