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
