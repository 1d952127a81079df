package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestP1_3_FeedbackAfterUrgentMeasures: "处理完毕后及时将处理情况反馈给客户":
// the feedback is a step of its own, due FeedbackDays after the measures,
// and cannot come before them.
func TestP1_3_FeedbackAfterUrgentMeasures(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0)) // Monday
	r := f.register(at(2026, 11, 2, 8, 0), true)
	fb := aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Channel: aftersales.ChannelPhone, Summary: "已关阀止漏", Actor: staff}
	_, err := f.svc.Feedback(f.ctx, r.ID, fb)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "feedback_before_step"})
	f.requireUnchanged(r)

	r, err = f.svc.HandleUrgent(f.ctx, r.ID, aftersales.UrgentCommand{Measures: "关闭总阀", Actor: projStaff})
	require.NoError(t, err)
	d := stepDeadline(t, r, aftersales.ClauseP1_3, aftersales.StepFeedback, "", 0)
	require.Equal(t, at(2026, 11, 4, 0, 0), d.Due, "1 working day after the measures: Tuesday 11-03")
	require.Equal(t, at(2026, 11, 2, 9, 0), d.From)

	for _, bad := range []struct {
		cmd  aftersales.FeedbackCommand
		code string
	}{
		{aftersales.FeedbackCommand{Kind: "call", Channel: aftersales.ChannelPhone, Summary: "x", Actor: staff}, "feedback_kind_invalid"},
		{aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Channel: "fax", Summary: "x", Actor: staff}, "channel_invalid"},
		{aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Channel: aftersales.ChannelPhone, Actor: staff}, "summary_required"},
		{aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Department: projDept, Channel: aftersales.ChannelPhone, Summary: "x", Actor: staff}, "feedback_department_unexpected"},
		{aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Channel: aftersales.ChannelPhone, Summary: "x", At: at(2026, 11, 2, 8, 30), Actor: staff}, "time_before_previous_step"},
	} {
		_, err := f.svc.Feedback(f.ctx, r.ID, bad.cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: bad.code})
	}
	_, err = f.svc.Feedback(f.ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Channel: aftersales.ChannelPhone, Summary: "x", Actor: customer})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "feedback_forbidden"})
	f.requireUnchanged(r)

	f.now = at(2026, 11, 3, 15, 0)
	r, err = f.svc.Feedback(f.ctx, r.ID, fb)
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, stepDeadline(t, r, aftersales.ClauseP1_3, aftersales.StepFeedback, "", 0).State(f.now))
	require.Len(t, r.Feedbacks, 1)
	require.Equal(t, aftersales.Feedback{Kind: aftersales.FeedbackUrgent, Channel: aftersales.ChannelPhone, Summary: "已关阀止漏",
		At: at(2026, 11, 3, 15, 0), By: staff.ID}, r.Feedbacks[0])
}

// TestP3_2_ResultFeedbackAfterCompletion: the department tells the customer
// its result within FeedbackDays of completing; not before completing.
func TestP3_2_ResultFeedbackAfterCompletion(t *testing.T) {
	f, r := forwarded(t)
	r = f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	result := aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: projDept, Channel: aftersales.ChannelWeChat,
		Summary: "防水层已修复，请验收", Actor: projStaff}
	_, err := f.svc.Feedback(f.ctx, r.ID, result)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "feedback_before_step"})
	_, err = f.svc.Feedback(f.ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: aftersales.DeptDesign,
		Channel: aftersales.ChannelPhone, Summary: "x", Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "part_unknown"})
	_, err = f.svc.Feedback(f.ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: projDept,
		Channel: aftersales.ChannelPhone, Summary: "x", Actor: procStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "department_forbidden"})
	f.requireUnchanged(r)

	f.now = at(2026, 11, 5, 16, 0) // Thursday
	r = f.complete(r.ID, projDept, time.Time{})
	d := stepDeadline(t, r, aftersales.ClauseP3_2, aftersales.StepFeedback, projDept, 0)
	require.Equal(t, at(2026, 11, 7, 0, 0), d.Due, "Friday 11-06")
	f.now = at(2026, 11, 9, 9, 0) // Monday: late
	r, err = f.svc.Feedback(f.ctx, r.ID, result)
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMissed, stepDeadline(t, r, aftersales.ClauseP3_2, aftersales.StepFeedback, projDept, 0).State(f.now))
}

// TestP3_2_AcceptanceAnswersAResultFeedbackStillOwed: the customer who
// accepts (or rejects) judged the result themselves (P4.1).
func TestP3_2_AcceptanceAnswersAResultFeedbackStillOwed(t *testing.T) {
	f, r := completed(t)
	f.now = at(2026, 11, 6, 10, 0)
	r = f.accept(r.ID, time.Time{})
	d := stepDeadline(t, r, aftersales.ClauseP3_2, aftersales.StepFeedback, projDept, 0)
	require.Equal(t, aftersales.DeadlineMet, d.State(f.now))
	require.Equal(t, at(2026, 11, 6, 10, 0), *d.DoneAt)
}

// TestP3_2_ProgressFeedbackOnAComplexProblem: "将处理过程和结果及时反馈给客户":
// while a complex part is handled, the customer hears how it goes at least
// every ProgressDays; each progress feedback opens the next; completion
// ends them.
func TestP3_2_ProgressFeedbackOnAComplexProblem(t *testing.T) {
	f, r := forwarded(t) // forwarded Monday 11-02
	r = f.plan(r.ID, projDept, aftersales.Complex, time.Time{})
	d := stepDeadline(t, r, aftersales.ClauseP3_2, aftersales.StepProgress, projDept, 0)
	require.Equal(t, at(2026, 11, 6, 0, 0), d.Due, "3 working days from the plan: 11-03, 11-04, 11-05")

	progress := aftersales.FeedbackCommand{Kind: aftersales.FeedbackProgress, Department: projDept, Channel: aftersales.ChannelPhone,
		Summary: "管线已拆开，等待材料", Actor: projStaff}
	f.now = at(2026, 11, 4, 10, 0)
	r, err := f.svc.Feedback(f.ctx, r.ID, progress)
	require.NoError(t, err)
	var open []aftersales.Deadline
	for _, x := range r.PendingDeadlines() {
		if x.Step == aftersales.StepProgress {
			open = append(open, x)
		}
	}
	require.Len(t, open, 1)
	require.Equal(t, at(2026, 11, 10, 0, 0), open[0].Due, "the next one from this feedback: 11-05, 11-06, 11-09")

	f.now = at(2026, 11, 6, 10, 0)
	r = f.complete(r.ID, projDept, time.Time{})
	for _, x := range r.PendingDeadlines() {
		require.NotEqual(t, aftersales.StepProgress, x.Step, "completion ends the progress feedback")
	}
	_, err = f.svc.Feedback(f.ctx, r.ID, progress)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "feedback_before_step"}, "nothing is in progress any more")
}
