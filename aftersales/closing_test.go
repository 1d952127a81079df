package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// completed returns a request whose single part was completed on Thursday
// 2026-11-05 at 16:00.
func completed(t *testing.T) (*fx, *aftersales.Request) {
	f, r := forwarded(t)
	f.now = at(2026, 11, 3, 9, 0)
	f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	f.now = at(2026, 11, 5, 16, 0)
	return f, f.complete(r.ID, projDept, time.Time{})
}

func TestP4_1_AcceptanceIsSigned(t *testing.T) {
	f, r := completed(t)
	f.now = at(2026, 11, 6, 10, 0)
	sig := aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "sig/1.png"}

	// Only the customer draws an on-screen signature; staff may record a
	// scanned paper one.
	_, err := f.svc.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Signature: sig, Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "screen_signature_forbidden"})
	_, err = f.svc.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Signature: sig, Actor: stranger})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "customer_forbidden"})
	for code, bad := range map[string]aftersales.Signature{
		"signed_by_required":       {Method: aftersales.SignPaper, Ref: "scan.pdf"},
		"signature_ref_required":   {SignedBy: "张先生", Method: aftersales.SignPaper},
		"signature_method_invalid": {SignedBy: "张先生", Method: "fingerprint", Ref: "x"},
	} {
		_, err = f.svc.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Signature: bad, Actor: staff})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	f.requireUnchanged(r)

	r, err = f.svc.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Actor: staff,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignPaper, Ref: "scan/2026-11-06.pdf"}})
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusAccepted, r.Status)
	require.Equal(t, aftersales.SignPaper, r.Acceptance.Method)
	require.Equal(t, f.now, *r.AcceptedAt)
}

func TestP4_1_RejectionSendsBackToReworkUntilAccepted(t *testing.T) {
	f, r := completed(t)
	f.now = at(2026, 11, 6, 10, 0)
	_, err := f.svc.Reject(f.ctx, r.ID, aftersales.RejectCommand{Actor: customer})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "reason_required"})

	r, err = f.svc.Reject(f.ctx, r.ID, aftersales.RejectCommand{Reason: "仍有水渍", Actor: customer})
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusInProgress, r.Status)
	require.Len(t, r.Rejections, 1)
	p, _ := r.Part(projDept)
	require.Nil(t, p.DoneAt)
	require.Equal(t, 1, p.Round)
	// A fresh completion deadline from the rejection: 5 working days from
	// Friday 11-06 → before 11-14 00:00.
	d := deadline(t, r, aftersales.ClauseP3_2, projDept, 1)
	require.Equal(t, at(2026, 11, 14, 0, 0), d.Due)
	require.Equal(t, "rejected", d.Event)
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP3_2, projDept, 0).State(f.now), "round 0 stays met")

	f.now = at(2026, 11, 10, 10, 0)
	_, err = f.svc.Complete(f.ctx, r.ID, aftersales.CompleteCommand{Department: projDept, Result: "返工完成", At: at(2026, 11, 6, 9, 0), Actor: projStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "time_before_previous_step"}, "rework cannot finish before the rejection that ordered it")
	r = f.complete(r.ID, projDept, time.Time{})
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP3_2, projDept, 1).State(f.now))
	f.now = at(2026, 11, 10, 15, 0)
	r = f.accept(r.ID, time.Time{})
	require.Equal(t, aftersales.StatusAccepted, r.Status)
}

// TestP4_2_VisitWithinThreeWorkdaysOfCompletion: "售后问题处理完毕后的3个工作日内"
// counts from the completion of handling (处理完毕, the words P4.1 uses for
// the moment before acceptance), not from the acceptance.
func TestP4_2_VisitWithinThreeWorkdaysOfCompletion(t *testing.T) {
	// Completed on the eve of National Day 2026: 10-08, 10-09 and the makeup
	// Saturday 10-10 count, so the visit is due before 10-11 00:00 however
	// late the customer accepts.
	f := newFx(t, at(2026, 9, 21, 9, 0))
	r := f.register(at(2026, 9, 21, 8, 0), false)
	f.forward(r.ID, time.Time{})
	f.plan(r.ID, projDept, aftersales.Simple, time.Time{})

	_, err := f.svc.Visit(f.ctx, r.ID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "visit_before_completion"})

	f.now = at(2026, 9, 30, 15, 0)
	r = f.complete(r.ID, projDept, time.Time{})
	d := deadline(t, r, aftersales.ClauseP4_2, "", 0)
	require.Equal(t, at(2026, 10, 11, 0, 0), d.Due)
	require.Equal(t, "completed", d.Event)
	require.Equal(t, at(2026, 9, 30, 15, 0), d.From)

	f.now = at(2026, 10, 9, 10, 0)
	r = f.accept(r.ID, time.Time{})
	require.Equal(t, aftersales.StatusAccepted, r.Status)
	require.Equal(t, at(2026, 10, 11, 0, 0), deadline(t, r, aftersales.ClauseP4_2, "", 0).Due, "acceptance does not move the visit")

	f.now = at(2026, 10, 10, 11, 0)
	for _, s := range []int{0, 6, -1} {
		_, err := f.svc.Visit(f.ctx, r.ID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: s, VisitedBy: "赵敏"}})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "satisfaction_invalid"})
	}
	_, err = f.svc.Visit(f.ctx, r.ID, aftersales.VisitCommand{Actor: projStaff, Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "周工"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "visit_forbidden"})
	_, err = f.svc.Visit(f.ctx, r.ID, aftersales.VisitCommand{Actor: staff, At: at(2026, 9, 30, 14, 0), Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "time_before_previous_step"}, "not before the completion")
	f.requireUnchanged(r)

	r = f.visit(r.ID, time.Time{})
	require.Equal(t, aftersales.StatusClosed, r.Status)
	require.Equal(t, 5, r.Visit.Satisfaction)
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP4_2, "", 0).State(f.now))
	require.Empty(t, r.PendingDeadlines())
}

// TestP4_2_VisitBeforeAcceptanceThenAcceptanceCloses: the visit may come
// first; the request closes when both are done.
func TestP4_2_VisitBeforeAcceptanceThenAcceptanceCloses(t *testing.T) {
	f, r := completed(t)
	f.now = f.now.Add(2 * time.Hour)
	r = f.visit(r.ID, time.Time{})
	require.Equal(t, aftersales.StatusAwaitingAcceptance, r.Status, "visited, still to be accepted")
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP4_2, "", 0).State(f.now))
	_, err := f.svc.Visit(f.ctx, r.ID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 3, VisitedBy: "赵敏"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "already_visited"})
	r = f.accept(r.ID, time.Time{})
	require.Equal(t, aftersales.StatusClosed, r.Status)
	require.Empty(t, r.PendingDeadlines())
}

// TestP4_2_RejectionCancelsTheVisitAndTheNextCompletionOpensAFreshOne: a
// rework round is handled again, so the visit runs from its completion.
func TestP4_2_RejectionCancelsTheVisitAndTheNextCompletionOpensAFreshOne(t *testing.T) {
	f, r := completed(t)
	first := deadline(t, r, aftersales.ClauseP4_2, "", 0)
	f.now = f.now.Add(time.Hour)
	r = f.visit(r.ID, time.Time{}) // visited in round 0, before the customer rejected
	f.now = f.now.Add(time.Hour)
	r, err := f.svc.Reject(f.ctx, r.ID, aftersales.RejectCommand{Reason: "墙角仍有水渍", Actor: customer})
	require.NoError(t, err)
	require.Nil(t, r.Visit, "the record holds the current round's visit; the earlier one stays in the history")
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP4_2, "", 0).State(f.now))
	for _, d := range r.PendingDeadlines() {
		require.NotEqual(t, aftersales.ClauseP4_2, d.Clause, "no visit is owed while the problem is reworked")
	}

	f.now = at(2026, 11, 12, 16, 0) // Thursday
	r = f.complete(r.ID, projDept, time.Time{})
	again := deadline(t, r, aftersales.ClauseP4_2, "", 1)
	require.Equal(t, at(2026, 11, 12, 16, 0), again.From)
	require.Equal(t, at(2026, 11, 18, 0, 0), again.Due, "Fri 13, Mon 16, Tue 17")
	require.NotEqual(t, first.From, again.From)

	// A rejection with no visit made cancels the pending one.
	f.now = f.now.Add(time.Hour)
	r, err = f.svc.Reject(f.ctx, r.ID, aftersales.RejectCommand{Reason: "仍不合格", Actor: customer})
	require.NoError(t, err)
	for _, d := range r.Deadlines {
		if d.Clause == aftersales.ClauseP4_2 && d.Round == 1 {
			require.Equal(t, aftersales.DeadlineCancelled, d.State(f.now))
		}
	}
}

func TestWithdrawCancelsOpenDeadlines(t *testing.T) {
	f, r := forwarded(t)
	_, err := f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Actor: customer})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "reason_required"})
	_, err = f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Reason: "已自行修好", Actor: stranger})
	require.ErrorIs(t, err, aftersales.ErrForbidden)

	r, err = f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Reason: "已自行修好", Actor: customer})
	require.NoError(t, err)
	require.Equal(t, aftersales.StatusWithdrawn, r.Status)
	require.Equal(t, "已自行修好", r.Withdrawal.Reason)
	require.Empty(t, r.PendingDeadlines())
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP1_2, "", 0).State(f.now), "met deadlines stay met")

	_, err = f.svc.Visit(f.ctx, r.ID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 3, VisitedBy: "赵敏"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_allowed_in_status"})
	_, err = f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Reason: "again", Actor: customer})
	require.ErrorIs(t, err, aftersales.ErrNotAllowed)
}

func TestStaleVersionIsAConflictAndWritesNothing(t *testing.T) {
	f, r := forwarded(t)
	_, err := f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "缺材料", Actor: projStaff, Version: r.Version - 1})
	require.ErrorIs(t, err, aftersales.ErrConflict)
	f.requireUnchanged(r)
	_, err = f.svc.Escalate(f.ctx, r.ID, aftersales.EscalateCommand{Department: projDept, Reason: "缺材料", Actor: projStaff, Version: r.Version})
	require.NoError(t, err)
}

func TestHistoryReplaysToTheRecord(t *testing.T) {
	f, r := completed(t)
	f.now = at(2026, 11, 6, 10, 0)
	f.svc.Reject(f.ctx, r.ID, aftersales.RejectCommand{Reason: "仍有水渍", Actor: customer})
	f.now = at(2026, 11, 9, 10, 0)
	f.complete(r.ID, projDept, time.Time{})
	f.accept(r.ID, time.Time{})
	want := f.visit(r.ID, time.Time{})

	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	require.Len(t, h, want.Version)
	got, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, want, got)

	_, err = aftersales.Replay(h[1:])
	require.ErrorIs(t, err, aftersales.ErrInvalid)
}
