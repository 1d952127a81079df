package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

func audit(h []aftersales.Event, now time.Time) []aftersales.Finding {
	return aftersales.Audit(h, calendar.China(), aftersales.DefaultPolicy(), now)
}

func TestAuditOfACompliantHistoryFindsNothing(t *testing.T) {
	f, r := completed(t)
	f.now = at(2026, 11, 6, 10, 0)
	f.accept(r.ID, time.Time{})
	f.visit(r.ID, time.Time{})
	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	require.Empty(t, audit(h, at(2027, 1, 1, 0, 0)))
}

func TestAuditAgreesWithTheServiceDeadlines(t *testing.T) {
	// A history the Service wrote with late steps: the audit recomputes
	// the same deadlines and reports each late step.
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), false)
	f.now = at(2026, 11, 5, 9, 0) // P1.2 due 11-04 00:00: late
	f.forward(r.ID, time.Time{})
	f.now = at(2026, 11, 10, 9, 0) // P3.1 due 11-10 00:00 (11-06 and 11-09): late
	f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	f.now = at(2026, 11, 20, 9, 0)
	got := f.complete(r.ID, projDept, time.Time{})

	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	findings := audit(h, f.now)
	var clauses []aftersales.Clause
	for _, fd := range findings {
		require.Equal(t, aftersales.FindingLate, fd.Kind)
		clauses = append(clauses, fd.Clause)
		// Each due instant is the one the Service stored.
		require.Equal(t, deadline(t, got, fd.Clause, fd.Department, 0).Due, fd.Due, fd.Clause)
		require.NotEmpty(t, fd.What)
	}
	require.Equal(t, []aftersales.Clause{aftersales.ClauseP1_2, aftersales.ClauseP3_1, aftersales.ClauseP3_2}, clauses)
}

const importedHistory = `{"request_id": "ERP-1001", "events": [
 {"type": "registered", "at": "2026-09-30T16:20:00+08:00",
  "registration": {"channel": "phone", "description": "卫生间渗水", "received_at": "2026-09-30T16:20:00+08:00"}},
 {"type": "forwarded", "at": "2026-10-09T09:00:00+08:00", "departments": ["项目一部"]},
 {"type": "completed", "at": "2026-10-30T17:00:00+08:00", "department": "项目一部", "result": "已修复"},
 {"type": "accepted", "at": "2026-10-31T10:00:00+08:00"},
 {"type": "closed", "at": "2026-11-20T10:00:00+08:00"}]}`

func TestAuditOfAnImportedHistory(t *testing.T) {
	h, err := aftersales.ParseHistory([]byte(importedHistory))
	require.NoError(t, err)
	require.Equal(t, "ERP-1001", h[0].RequestID)
	require.Equal(t, 5, h[4].Seq)

	findings := audit(h, at(2026, 12, 1, 0, 0))
	type row struct {
		clause aftersales.Clause
		kind   aftersales.FindingKind
	}
	var got []row
	for _, f := range findings {
		got = append(got, row{f.Clause, f.Kind})
	}
	require.Equal(t, []row{
		{aftersales.ClauseP1_2, aftersales.FindingLate},    // due 2026-10-09 00:00, forwarded 09:00
		{aftersales.ClauseP3_2, aftersales.FindingLate},    // complex period assumed: due 10-23 00:00 (10-10 makeup Saturday counts)
		{aftersales.ClauseP3_1, aftersales.FindingMissing}, // completed (10-30) without a plan
		{aftersales.ClauseP4_1, aftersales.FindingMissing}, // accepted without a signature
		{aftersales.ClauseP4_2, aftersales.FindingMissing}, // closed without a visit
	}, got)
	require.Equal(t, at(2026, 10, 9, 0, 0), findings[0].Due)
	require.Equal(t, at(2026, 10, 23, 0, 0), findings[1].Due)
	require.Equal(t, at(2026, 11, 5, 0, 0), findings[4].Due, "the visit was due 3 working days after acceptance")
}

func TestAuditNeverForwardedAndOpenSteps(t *testing.T) {
	h, err := aftersales.ParseHistory([]byte(`{"request_id": "X", "events": [
		{"type": "registered", "at": "2026-11-02T08:00:00+08:00", "registration": {"channel": "phone", "description": "x", "urgent": true}}]}`))
	require.NoError(t, err)
	// Before any deadline: nothing to report.
	require.Empty(t, audit(h, at(2026, 11, 2, 9, 0)))
	// After: never forwarded (P1.2), no urgent measures (P1.3).
	findings := audit(h, at(2026, 11, 10, 0, 0))
	require.Len(t, findings, 2)
	require.Equal(t, aftersales.ClauseP1_3, findings[0].Clause)
	require.Equal(t, at(2026, 11, 2, 12, 0), findings[0].Due)
	require.Equal(t, aftersales.ClauseP1_2, findings[1].Clause)
	require.Equal(t, aftersales.FindingMissed, findings[1].Kind)
	require.Contains(t, findings[1].What, "从未转达")
}

func TestAuditStopsOwingAtWithdrawal(t *testing.T) {
	f, r := forwarded(t)
	f.now = at(2026, 11, 3, 9, 0)
	_, err := f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Reason: "已自行修好", Actor: customer})
	require.NoError(t, err)
	h, _ := f.svc.History(f.ctx, r.ID)
	require.Empty(t, audit(h, at(2027, 1, 1, 0, 0)))
}

func TestParseHistoryRefusesBadInput(t *testing.T) {
	for code, doc := range map[string]string{
		"history_malformed":            `{"events": [`,
		"history_empty":                `{"request_id": "X", "events": []}`,
		"history_without_registration": `{"events": [{"type": "forwarded", "at": "2026-11-02T08:00:00+08:00", "departments": ["a"]}]}`,
		"history_time_missing":         `{"events": [{"type": "registered", "registration": {}}]}`,
		"history_event_unknown": `{"events": [{"type": "registered", "at": "2026-11-02T08:00:00+08:00", "registration": {}},
			{"type": "teleported", "at": "2026-11-02T09:00:00+08:00"}]}`,
		"history_department_missing": `{"events": [{"type": "registered", "at": "2026-11-02T08:00:00+08:00", "registration": {}},
			{"type": "planned", "at": "2026-11-02T09:00:00+08:00"}]}`,
	} {
		_, err := aftersales.ParseHistory([]byte(doc))
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code}, doc)
	}
	_, err := aftersales.ParseHistory([]byte(`{"request_id": "X", "evnts": []}`))
	require.ErrorContains(t, err, "evnts", "a misspelt field is named")
}

func TestReplayRefusesInconsistentHistories(t *testing.T) {
	const reg = `{"type":"registered","at":"2026-09-30T16:20:00+08:00","registration":{"channel":"phone","description":"x"}}`
	const fwd = `{"type":"forwarded","at":"2026-10-08T08:00:00+08:00","departments":["项目一部"]}`
	const plan = `"plan":{"measures":"m","owner":"o","complexity":"simple","scheduled_at":"2026-10-09T09:00:00+08:00"}`
	for name, events := range map[string]string{
		"planned for a department never forwarded": reg + `,{"type":"planned","at":"2026-10-08T09:00:00+08:00","department":"项目一部",` + plan + `}`,
		"planned without a plan":                   reg + `,` + fwd + `,{"type":"planned","at":"2026-10-08T09:00:00+08:00","department":"项目一部"}`,
		"completed by another department":          reg + `,` + fwd + `,{"type":"completed","at":"2026-10-08T09:00:00+08:00","department":"设计部"}`,
	} {
		h, err := aftersales.ParseHistory([]byte(`{"request_id":"ERP-1","events":[` + events + `]}`))
		require.NoError(t, err, name)
		require.NotPanics(t, func() {
			_, err = aftersales.Replay(h)
		}, name)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "history_inconsistent"}, name)
		require.NotPanics(t, func() { audit(h, at(2026, 12, 1, 0, 0)) }, name)
	}
	_, err := aftersales.Replay([]aftersales.Event{{Seq: 1, Type: aftersales.EventRegistered}})
	require.ErrorIs(t, err, aftersales.ErrInvalid)
}

// TestAuditP4_2_CountsTheVisitFromCompletion: the audit reads P4.2 as the
// Service does, from the completion the customer accepts.
func TestAuditP4_2_CountsTheVisitFromCompletion(t *testing.T) {
	h, err := aftersales.ParseHistory([]byte(`{"request_id": "ERP-7", "events": [
	 {"type": "registered", "at": "2026-09-21T08:00:00+08:00", "registration": {"channel": "phone", "description": "渗水"}},
	 {"type": "forwarded", "at": "2026-09-21T09:00:00+08:00", "departments": ["项目一部"]},
	 {"type": "planned", "at": "2026-09-21T10:00:00+08:00", "department": "项目一部",
	  "plan": {"measures": "修补", "owner": "周工", "complexity": "simple", "scheduled_at": "2026-09-22T09:00:00+08:00"}},
	 {"type": "completed", "at": "2026-09-29T15:00:00+08:00", "department": "项目一部", "result": "已修复"},
	 {"type": "feedback", "at": "2026-09-29T16:00:00+08:00", "feedback": {"kind": "result", "department": "项目一部", "channel": "phone", "summary": "请验收"}},
	 {"type": "accepted", "at": "2026-10-09T10:00:00+08:00", "signature": {"signed_by": "张先生", "method": "paper", "ref": "s.pdf"}},
	 {"type": "visited", "at": "2026-10-12T10:00:00+08:00", "visit": {"satisfaction": 5, "visited_by": "赵敏"}}]}`))
	require.NoError(t, err)
	findings := audit(h, at(2026, 12, 1, 0, 0))
	require.Len(t, findings, 1)
	f := findings[0]
	require.Equal(t, aftersales.ClauseP4_2, f.Clause)
	require.Equal(t, aftersales.FindingLate, f.Kind)
	// 09-30, 10-08 and 10-09 after the 09-29 completion; from the 10-09
	// acceptance (10-10 makeup Saturday, 10-12, 10-13) it would have been
	// 10-14, and on time.
	require.Equal(t, at(2026, 10, 10, 0, 0), f.Due)
}

// TestAuditFindsMissingFeedbackAndCoordination: P1.3 and P3.2 feedback
// never given, and a P3.3 report nobody took up, are findings by clause.
func TestAuditFindsMissingFeedbackAndCoordination(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), true)
	_, err := f.svc.HandleUrgent(f.ctx, r.ID, aftersales.UrgentCommand{Measures: "关闭总阀", Actor: staff})
	require.NoError(t, err)
	f.forward(r.ID, time.Time{})
	f.plan(r.ID, projDept, aftersales.Complex, time.Time{})
	_, err = f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "缺材料", Actor: projStaff})
	require.NoError(t, err)
	f.now = at(2026, 11, 9, 9, 0)
	f.complete(r.ID, projDept, time.Time{})
	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)

	type row struct {
		clause aftersales.Clause
		step   string
		kind   aftersales.FindingKind
	}
	var got []row
	for _, fd := range audit(h, at(2026, 11, 20, 0, 0)) {
		got = append(got, row{fd.Clause, fd.Step, fd.Kind})
	}
	require.Equal(t, []row{
		{aftersales.ClauseP1_3, aftersales.StepFeedback, aftersales.FindingMissed},     // due 11-04
		{aftersales.ClauseP3_3, aftersales.StepCoordination, aftersales.FindingMissed}, // due 11-04
		{aftersales.ClauseP3_2, aftersales.StepProgress, aftersales.FindingLate},       // due 11-06, completed 11-09 with no progress given
		{aftersales.ClauseP3_2, aftersales.StepFeedback, aftersales.FindingMissed},     // due 11-11
		{aftersales.ClauseP4_2, "", aftersales.FindingMissed},                          // due 11-13
	}, got)
}

// TestAuditNetsPausesOutAndNamesThem: a late step is judged by its
// deadline net of the pause, and the finding gives both; a pause without a
// listed reason or evidence is a finding of its own.
func TestAuditNetsPausesOutAndNamesThem(t *testing.T) {
	f, r := paused(t) // planned 11-02, paused 11-03 10:00
	f.now = at(2026, 11, 6, 15, 0)
	_, err := f.svc.Resume(f.ctx, r.ID, aftersales.ResumeCommand{Actor: staff})
	require.NoError(t, err)
	f.now = at(2026, 11, 16, 9, 0)
	f.complete(r.ID, projDept, time.Time{})
	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	var late *aftersales.Finding
	for _, fd := range audit(h, f.now) {
		if fd.Clause == aftersales.ClauseP3_2 && fd.Step == "" {
			late = &fd
		}
	}
	require.NotNil(t, late)
	require.Equal(t, aftersales.FindingLate, late.Kind)
	require.Equal(t, at(2026, 11, 13, 0, 0), late.Due, "net: 5 + 3 paused working days")
	require.Equal(t, at(2026, 11, 10, 0, 0), late.RawDue)
	require.Equal(t, 3, late.PausedWorkdays)
	require.Contains(t, late.What, "暂停的 3 个工作日")

	// On time by the net deadline: no P3.2 finding.
	g, r2 := paused(t)
	g.now = at(2026, 11, 6, 15, 0)
	_, err = g.svc.Resume(g.ctx, r2.ID, aftersales.ResumeCommand{Actor: staff})
	require.NoError(t, err)
	g.now = at(2026, 11, 12, 9, 0)
	g.complete(r2.ID, projDept, time.Time{})
	h2, err := g.svc.History(g.ctx, r2.ID)
	require.NoError(t, err)
	for _, fd := range audit(h2, g.now) {
		require.NotEqual(t, aftersales.ClauseP3_2, fd.Clause, "%+v", fd)
	}

	imported, err := aftersales.ParseHistory([]byte(`{"request_id": "ERP-8", "events": [
	 {"type": "registered", "at": "2026-11-02T08:00:00+08:00", "registration": {"channel": "phone", "description": "渗水"}},
	 {"type": "forwarded", "at": "2026-11-02T09:00:00+08:00", "departments": ["项目一部"]},
	 {"type": "paused", "at": "2026-11-02T10:00:00+08:00", "pause": {"reason": "", "note": ""}},
	 {"type": "resumed", "at": "2026-11-03T10:00:00+08:00"}]}`))
	require.NoError(t, err)
	var unjustified int
	for _, fd := range audit(imported, at(2026, 11, 3, 12, 0)) {
		if fd.Kind == aftersales.FindingUnjustified {
			unjustified++
			require.Equal(t, aftersales.ClauseG3_3, fd.Clause)
		}
	}
	require.Equal(t, 1, unjustified)
}
