package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// paused is a request forwarded and planned (simple) on Monday 11-02 and
// paused on Tuesday 11-03 10:00 because the unit could not be entered.
func paused(t *testing.T) (*fx, *aftersales.Request) {
	f, r := forwarded(t)
	f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	f.now = at(2026, 11, 3, 10, 0)
	r, err := f.svc.Pause(f.ctx, r.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差至周五，无法入户",
		Evidence: []string{"chat/1.png"}, Actor: projStaff})
	require.NoError(t, err)
	return f, r
}

// TestG3_3_PauseStopsTheHandlingClocksAndResumeMovesThem: while the company
// waits on the customer the P3.1 and P3.2 clocks stand still; resuming
// moves each by the working days it stood still, and the pause itself is
// due to end within PauseLimitDays (G3.3, timely response).
func TestG3_3_PauseStopsTheHandlingClocksAndResumeMovesThem(t *testing.T) {
	f, r := paused(t)
	handling := deadline(t, r, aftersales.ClauseP3_2, projDept, 0)
	require.Equal(t, at(2026, 11, 10, 0, 0), handling.Due, "5 working days from 11-02, as counted before the pause")
	require.True(t, handling.Paused())
	require.False(t, deadline(t, r, aftersales.ClauseP1_2, "", 0).Paused(), "done before: not paused")
	limit := stepDeadline(t, r, aftersales.ClauseG3_3, aftersales.StepPauseLimit, "", 0)
	require.Equal(t, at(2026, 11, 18, 0, 0), limit.Due, "10 working days from 11-03")
	p, ok := r.CurrentPause()
	require.True(t, ok)
	require.Equal(t, aftersales.PauseNoAccess, p.Reason)

	// Paused clocks are never overdue, however late it gets.
	f.now = at(2026, 11, 12, 9, 0)
	require.Equal(t, aftersales.DeadlineOpen, handling.State(f.now))
	items, err := f.svc.Overdue(f.ctx)
	require.NoError(t, err)
	for _, it := range items {
		require.NotEqual(t, aftersales.ClauseP3_2, it.Deadline.Clause)
	}

	r, err = f.svc.Resume(f.ctx, r.ID, aftersales.ResumeCommand{At: at(2026, 11, 6, 15, 0), Actor: staff})
	require.NoError(t, err)
	handling = deadline(t, r, aftersales.ClauseP3_2, projDept, 0)
	require.False(t, handling.Paused())
	require.Equal(t, 3, handling.PausedDays, "11-04, 11-05 and 11-06")
	require.Equal(t, at(2026, 11, 13, 0, 0), handling.Due, "8 working days from 11-02")
	require.Equal(t, aftersales.DeadlineMet, stepDeadline(t, r, aftersales.ClauseG3_3, aftersales.StepPauseLimit, "", 0).State(f.now))
	require.Equal(t, 3, r.Pauses[0].Workdays)
	require.Equal(t, staff.ID, r.Pauses[0].ResumedBy)

	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	replayed, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, r, replayed)
}

// TestG3_3_APauseOverAHolidayCostsNothingExtra: a pause from the eve of
// National Day to the first working day after it moves the clock by that
// one working day only.
func TestG3_3_APauseOverAHolidayCostsNothingExtra(t *testing.T) {
	f := newFx(t, at(2026, 9, 29, 9, 0))
	r := f.register(at(2026, 9, 29, 8, 0), false)
	f.forward(r.ID, time.Time{})
	f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	f.now = at(2026, 9, 30, 9, 0)
	_, err := f.svc.Pause(f.ctx, r.ID, aftersales.PauseCommand{Reason: aftersales.PauseCustomerAsked, Note: "客户要求节后再修", Actor: staff})
	require.NoError(t, err)
	f.now = at(2026, 10, 8, 9, 0)
	r, err = f.svc.Resume(f.ctx, r.ID, aftersales.ResumeCommand{Actor: staff})
	require.NoError(t, err)
	d := deadline(t, r, aftersales.ClauseP3_2, projDept, 0)
	require.Equal(t, 1, d.PausedDays, "10-01..10-07 are rest days; only 10-08 counts")
	// 5+1 working days from 09-29: 09-30, 10-08, 10-09, 10-10 (makeup Saturday), 10-12, 10-13.
	require.Equal(t, at(2026, 10, 14, 0, 0), d.Due)
}

// TestG3_3_StepsDoneWhilePausedAreOnTime: a step done during a pause was
// done while its clock stood still.
func TestG3_3_StepsDoneWhilePausedAreOnTime(t *testing.T) {
	f, r := paused(t)
	f.now = at(2026, 11, 16, 9, 0) // past the raw 11-10 due
	r = f.complete(r.ID, projDept, time.Time{})
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP3_2, projDept, 0).State(f.now))
	// The result feedback opened during the pause is paused from its start.
	fb := stepDeadline(t, r, aftersales.ClauseP3_2, aftersales.StepFeedback, projDept, 0)
	require.True(t, fb.Paused())
	// The visit never pauses (P4.2).
	require.False(t, deadline(t, r, aftersales.ClauseP4_2, "", 0).Paused())
	// The customer's acceptance ends the waiting: resume first.
	_, err := f.svc.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Actor: customer, Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "s.png"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "paused"})
	f.requireUnchanged(r)
}

// TestG3_3_UrgentClocksNeverPause: P1.3 (measures and feedback) and P1.2
// forwarding keep running.
func TestG3_3_UrgentClocksNeverPause(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), true)
	r, err := f.svc.Pause(f.ctx, r.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "无人应门", Actor: staff})
	require.NoError(t, err)
	for _, d := range r.PendingDeadlines() {
		require.False(t, d.Paused(), "%s %s", d.Clause, d.Step)
	}
}

// TestG3_3_PauseRefusals: a pause with no listed reason or note, by the
// customer or another department, a second pause, a resume without a
// pause, and a pause on a closed request are each refused, nothing
// written.
func TestG3_3_PauseRefusals(t *testing.T) {
	f, r := forwarded(t)
	ok := aftersales.PauseCommand{Reason: aftersales.PauseCustomerMaterials, Note: "等客户自购瓷砖到货", Actor: staff}
	for _, tc := range []struct {
		cmd  aftersales.PauseCommand
		kind aftersales.ErrorKind
		code string
	}{
		{aftersales.PauseCommand{Reason: "weather", Note: "下雨", Actor: staff}, aftersales.KindInvalid, "pause_reason_invalid"},
		{aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Actor: staff}, aftersales.KindInvalid, "pause_note_required"},
		{aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "x", Actor: customer}, aftersales.KindForbidden, "pause_forbidden"},
		{aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "x", Actor: procStaff}, aftersales.KindForbidden, "pause_forbidden"},
	} {
		_, err := f.svc.Pause(f.ctx, r.ID, tc.cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: tc.kind, Code: tc.code})
	}
	_, err := f.svc.Resume(f.ctx, r.ID, aftersales.ResumeCommand{Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_paused"})
	f.requireUnchanged(r)

	r, err = f.svc.Pause(f.ctx, r.ID, ok)
	require.NoError(t, err)
	_, err = f.svc.Pause(f.ctx, r.ID, ok)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "already_paused"})
	_, err = f.svc.Resume(f.ctx, r.ID, aftersales.ResumeCommand{At: at(2026, 11, 2, 8, 0), Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "time_before_previous_step"})
	f.requireUnchanged(r)

	g, closed := completed(t)
	g.now = at(2026, 11, 6, 10, 0)
	g.accept(closed.ID, time.Time{})
	closed = g.visit(closed.ID, time.Time{})
	_, err = g.svc.Pause(g.ctx, closed.ID, ok)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_allowed_in_status"})
	g.requireUnchanged(closed)
}
