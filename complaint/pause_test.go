package complaint_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// psPause is a well-formed pause by a.
func psPause(a aftersales.Actor) aftersales.PauseCommand {
	return aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户核实",
		Evidence: []string{"微信聊天记录截图.png"}, Actor: a}
}

// psForwarded is a complaint received 2026-11-02 09:00 and forwarded to
// 项目一部 at 10:00: C3.1 due 11-06, C4.1 due 11-12.
func psForwarded(t *testing.T) (*cf, *complaint.Complaint) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(t, err)
	return f, c
}

func TestG3_3_PauseStopsTheC3AndC4ClocksAndResumeMovesThem(t *testing.T) {
	f, c := psForwarded(t)
	require.Equal(t, cst(2026, 11, 6, 0, 0), dl(t, c, complaint.ClauseC3_1, "", 0).Due)
	require.Equal(t, cst(2026, 11, 12, 0, 0), dl(t, c, complaint.ClauseC4_1, "", 0).Due)

	// The responsible department pauses: the customer cannot be reached.
	f.now = cst(2026, 11, 3, 10, 0)
	c, err := f.svc.Pause(f.ctx, c.ID, psPause(site))
	require.NoError(t, err)
	require.True(t, c.Paused())
	p, ok := c.CurrentPause()
	require.True(t, ok)
	require.Equal(t, aftersales.Pause{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户核实",
		Evidence: []string{"微信聊天记录截图.png"}, At: f.now, By: site.ID}, p)
	for _, cl := range []aftersales.Clause{complaint.ClauseC3_1, complaint.ClauseC4_1} {
		d := dl(t, c, cl, "", 0)
		require.True(t, d.Paused(), "%s", cl)
		require.Equal(t, f.now, *d.PausedAt)
	}
	require.False(t, dl(t, c, complaint.ClauseC2_1, "", 0).Paused(), "C2.1 is done and never pauses")
	limit := dl(t, c, "G3.3", "paused", 0)
	require.Equal(t, aftersales.StepPauseLimit, limit.Step)
	require.Equal(t, 10, limit.Workdays, "Policy.PauseLimitDays")
	require.Equal(t, cst(2026, 11, 18, 0, 0), limit.Due)
	require.False(t, limit.Paused())

	// Past its due instant, a paused clock is not overdue.
	f.now = cst(2026, 11, 6, 15, 0)
	inv := dl(t, c, complaint.ClauseC3_1, "", 0)
	require.False(t, inv.Overdue(f.now))
	require.Equal(t, aftersales.DeadlineOpen, inv.State(f.now))

	// Resumed: each clock moves by the working days it stood still (11-04,
	// 05 and 06), and the pause's limit is met.
	c, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asStaff})
	require.NoError(t, err)
	require.False(t, c.Paused())
	require.Len(t, c.Pauses, 1)
	require.Equal(t, f.now, *c.Pauses[0].ResumedAt)
	require.Equal(t, asStaff.ID, c.Pauses[0].ResumedBy)
	require.Equal(t, 3, c.Pauses[0].Workdays)
	inv = dl(t, c, complaint.ClauseC3_1, "", 0)
	require.Nil(t, inv.PausedAt)
	require.Equal(t, 3, inv.PausedDays)
	require.Equal(t, cst(2026, 11, 11, 0, 0), inv.Due, "3 + 3 working days from 11-02")
	res := dl(t, c, complaint.ClauseC4_1, "", 0)
	require.Equal(t, cst(2026, 11, 17, 0, 0), res.Due, "7 + 3 working days from 11-02")
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, "G3.3", "paused", 0).State(f.now))

	// The history records both, with the moved deadlines on the resume.
	h, err := f.svc.History(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, complaint.EventPaused, h[2].Type)
	require.Equal(t, complaint.EventResumed, h[3].Type)
	require.Len(t, h[3].Recomputed, 2)
	f.requireReplays(c)

	// Raw and net time: planned on 11-09, five working days after the
	// forwarding, two of them net of the pause.
	f.now = cst(2026, 11, 9, 10, 0)
	c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: ptPlan("工单积压")})
	require.NoError(t, err)
	inv = dl(t, c, complaint.ClauseC3_1, "", 0)
	require.Equal(t, aftersales.DeadlineMet, inv.State(f.now))
	net, raw := inv.NetWorkdays(f.svc.Calendar(), f.now)
	require.Equal(t, 5, raw)
	require.Equal(t, 2, net)
}

func TestG3_3_PauseOverAHolidayCostsNothingExtra(t *testing.T) {
	f := newCf(t, cst(2026, 9, 29, 10, 0))
	c := f.register(cst(2026, 9, 29, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(t, err)
	before := dl(t, c, complaint.ClauseC3_1, "", 0).Due
	f.now = cst(2026, 9, 30, 10, 0)
	c, err = f.svc.Pause(f.ctx, c.ID, psPause(asStaff))
	require.NoError(t, err)
	f.now = cst(2026, 10, 9, 10, 0)
	c, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, 2, c.Pauses[0].Workdays, "ten calendar days over National Day are two working days: 10-08 and 10-09")
	after := dl(t, c, complaint.ClauseC3_1, "", 0)
	require.Equal(t, 2, after.PausedDays)
	require.Equal(t, f.svc.Calendar().Deadline(c.Parts[0].ForwardedAt, 5), after.Due)
	require.True(t, after.Due.After(before))
}

func TestG3_3_ClocksOpenedDuringAPauseArePausedFromTheirStart(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	// Paused before anything was forwarded: nothing stops yet.
	c, err := f.svc.Pause(f.ctx, c.ID, psPause(asStaff))
	require.NoError(t, err)
	require.False(t, dl(t, c, complaint.ClauseC2_1, "", 0).Paused(), "C2.1 is intake: it never pauses")

	// Forwarded during the pause: the new C3.1 and C4.1 stand still from
	// their start.
	f.now = cst(2026, 11, 2, 11, 0)
	c, err = f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{"项目一部", "设计部"}, Actor: asStaff})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, complaint.ClauseC2_1, "", 0).State(f.now))
	for _, d := range c.Deadlines {
		if d.Clause == complaint.ClauseC3_1 || d.Clause == complaint.ClauseC4_1 {
			require.True(t, d.Paused(), "%s %s", d.Clause, d.Department)
			require.Equal(t, f.now, *d.PausedAt, "paused from its own start")
		}
	}
	h, err := f.svc.History(f.ctx, c.ID)
	require.NoError(t, err)
	require.Nil(t, h[len(h)-1].Deadlines[0].PausedAt, "the event records the deadline as opened; the record pauses it")
	f.requireReplays(c)

	// Resumed two working days later: every clock moves by 2.
	f.now = cst(2026, 11, 4, 11, 0)
	c, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asHead})
	require.NoError(t, err)
	for _, d := range c.Deadlines {
		if d.Clause == complaint.ClauseC3_1 || d.Clause == complaint.ClauseC4_1 {
			require.Equal(t, 2, d.PausedDays, "%s %s", d.Clause, d.Department)
			require.False(t, d.Paused())
		}
	}
	require.Equal(t, cst(2026, 11, 10, 0, 0), ptDeadlines(c, complaint.ClauseC3_1, "设计部")[0].Due)

	// An escalation during a pause opens a paused C4.1 for the next level.
	for _, dept := range []string{"项目一部", "设计部"} {
		c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Department: dept, Actor: asStaff, Plan: ptPlan("核实")})
		require.NoError(t, err)
	}
	c, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已处理", Actor: asStaff})
	require.NoError(t, err)
	c, err = f.svc.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseCustomerDecision, Note: "等客户确认补偿方案", Actor: asStaff})
	require.NoError(t, err)
	f.now = cst(2026, 11, 5, 9, 0)
	c, err = f.svc.NotSatisfied(f.ctx, c.ID, complaint.StepCommand{Text: "补偿太少", Actor: owner})
	require.NoError(t, err)
	up := dl(t, c, complaint.ClauseC4_1, "escalated", 1)
	require.True(t, up.Paused())
	require.Equal(t, f.now, *up.PausedAt)
	f.requireReplays(c)
}

func TestC2_2_UrgentClocksNeverPause(t *testing.T) {
	f := newCf(t, cst(2026, 11, 6, 20, 0))
	c := f.register(cst(2026, 11, 6, 19, 0), true)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(t, err)
	c, err = f.svc.Pause(f.ctx, c.ID, psPause(asHead))
	require.NoError(t, err)
	for _, d := range c.Deadlines {
		switch d.Clause {
		case complaint.ClauseC2_1, complaint.ClauseC2_2, "G3.3":
			require.False(t, d.Paused(), "%s %s never pauses", d.Clause, d.Event)
		default:
			require.True(t, d.Paused(), "%s", d.Clause)
		}
	}
	// The emergency plan's clock-hour target runs through the pause.
	f.now = cst(2026, 11, 6, 22, 0)
	require.True(t, dl(t, c, complaint.ClauseC2_2, "declared_major", 0).Overdue(f.now))
	c, err = f.svc.StartEmergency(f.ctx, c.ID, complaint.StepCommand{Text: "启动应急预案", Actor: asHead})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMissed, dl(t, c, complaint.ClauseC2_2, "declared_major", 0).State(f.now))
}

func TestG3_3_APauseOutlivingItsLimitIsOverdue(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	p := complaint.DefaultPolicy()
	p.PauseLimitDays = 2
	svc, err := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Policy: &p,
		Clock: aftersales.ClockFunc(func() time.Time { return f.now })})
	require.NoError(t, err)
	f.svc = svc
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err = svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Department: "项目一部", Actor: asStaff})
	require.NoError(t, err)
	c, err = svc.Pause(f.ctx, c.ID, psPause(asStaff))
	require.NoError(t, err)
	limit := dl(t, c, "G3.3", "paused", 0)
	require.Equal(t, cst(2026, 11, 5, 0, 0), limit.Due, "2 working days: 11-03 and 11-04")
	require.False(t, limit.Overdue(cst(2026, 11, 4, 23, 59)))
	require.True(t, limit.Overdue(cst(2026, 11, 5, 0, 0)), "the scheduler escalates a pause past its limit")

	for _, n := range []int{0, 1001} {
		bad := complaint.DefaultPolicy()
		bad.PauseLimitDays = n
		_, err := complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Policy: &bad})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "policy_period_invalid"}, "%d", n)
	}
	require.Equal(t, 10, complaint.DefaultPolicy().PauseLimitDays)
}

func TestG3_3_BadPauseOrResumeWritesNothing(t *testing.T) {
	f, c := psForwarded(t)
	stranger := aftersales.Actor{ID: "u-x", Role: aftersales.RoleDepartmentStaff, DepartmentID: "设计部"}

	// Resume without a pause.
	_, err := f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asStaff})
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "not_paused")
	// Who may pause: the after-sales department or a department with a
	// part; not a customer, not another department.
	for _, a := range []aftersales.Actor{owner, stranger} {
		_, err = f.svc.Pause(f.ctx, c.ID, psPause(a))
		f.requireRefusedUnchanged(c, err, aftersales.KindForbidden, "pause_forbidden")
	}
	// The reason from the list, and a note.
	for code, mutate := range map[string]func(*aftersales.PauseCommand){
		"pause_reason_invalid": func(p *aftersales.PauseCommand) { p.Reason = "weather" },
		"pause_note_required":  func(p *aftersales.PauseCommand) { p.Note = " " },
		"time_in_future":       func(p *aftersales.PauseCommand) { p.At = f.now.Add(time.Hour) },
		"actor_required":       func(p *aftersales.PauseCommand) { p.Actor.ID = "" },
		"pause_evidence_too_many": func(p *aftersales.PauseCommand) {
			p.Evidence = make([]string, 100)
			for i := range p.Evidence {
				p.Evidence[i] = "ref"
			}
		},
	} {
		cmd := psPause(asStaff)
		mutate(&cmd)
		_, err = f.svc.Pause(f.ctx, c.ID, cmd)
		f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, code)
	}

	// A second pause while paused; a resume by someone who may not.
	c, err = f.svc.Pause(f.ctx, c.ID, psPause(asStaff))
	require.NoError(t, err)
	_, err = f.svc.Pause(f.ctx, c.ID, psPause(site))
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "already_paused")
	_, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: stranger})
	f.requireRefusedUnchanged(c, err, aftersales.KindForbidden, "resume_forbidden")
	_, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asStaff, At: cst(2026, 11, 2, 9, 0)})
	f.requireRefusedUnchanged(c, err, aftersales.KindInvalid, "time_before_previous_step")
	_, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asStaff, Version: c.Version - 1})
	f.requireRefusedUnchanged(c, err, aftersales.KindConflict, "version_conflict")

	// Closed complaints do not pause.
	c, err = f.svc.Withdraw(f.ctx, c.ID, complaint.StepCommand{Text: "不再追究", Actor: owner})
	require.NoError(t, err)
	_, err = f.svc.Pause(f.ctx, c.ID, psPause(asStaff))
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "not_allowed_in_status")
	_, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asStaff})
	f.requireRefusedUnchanged(c, err, aftersales.KindNotAllowed, "not_paused")

	g := newCf(t, cst(2026, 11, 2, 10, 0))
	r := g.investigated(cst(2026, 11, 2, 9, 0))
	r, err = g.svc.Answer(g.ctx, r.ID, complaint.StepCommand{Text: "已处理", Actor: site})
	require.NoError(t, err)
	r, err = g.svc.Satisfied(g.ctx, r.ID, complaint.StepCommand{Actor: owner})
	require.NoError(t, err)
	_, err = g.svc.Pause(g.ctx, r.ID, psPause(asStaff))
	g.requireRefusedUnchanged(r, err, aftersales.KindNotAllowed, "not_allowed_in_status")
}

func TestG3_3_ResolvedOrWithdrawnWhilePausedEndsThePause(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.investigated(cst(2026, 11, 2, 9, 0))
	c, err := f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "已处理", Actor: site})
	require.NoError(t, err)
	c, err = f.svc.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseCustomerAsked, Note: "客户要求一周后再答复是否满意", Actor: asStaff})
	require.NoError(t, err)
	f.now = cst(2026, 11, 4, 10, 0)
	c, err = f.svc.Satisfied(f.ctx, c.ID, complaint.StepCommand{Actor: owner})
	require.NoError(t, err)
	require.Equal(t, complaint.StatusResolved, c.Status)
	require.False(t, c.Paused())
	require.Equal(t, f.now, *c.Pauses[0].ResumedAt)
	require.Equal(t, 2, c.Pauses[0].Workdays)
	require.Equal(t, aftersales.DeadlineMet, dl(t, c, "G3.3", "paused", 0).State(f.now))
	f.requireReplays(c)

	g := newCf(t, cst(2026, 11, 2, 10, 0))
	w := g.investigated(cst(2026, 11, 2, 9, 0))
	w, err = g.svc.Pause(g.ctx, w.ID, psPause(site))
	require.NoError(t, err)
	g.now = cst(2026, 11, 3, 10, 0)
	w, err = g.svc.Withdraw(g.ctx, w.ID, complaint.StepCommand{Text: "已协商", Actor: owner})
	require.NoError(t, err)
	require.False(t, w.Paused())
	require.NotNil(t, w.Pauses[0].ResumedAt)
	for _, d := range w.Deadlines {
		require.False(t, d.Pending(), "%s", d.Clause)
	}
	g.requireReplays(w)
}

// A withdrawal entered late, dated before the pause began, ends the pause
// at its start: neither the pause nor its limit ends before it began.
func TestG3_3_ABackdatedClosingEndsThePauseAtItsStart(t *testing.T) {
	f, c := psForwarded(t)
	f.now = cst(2026, 11, 4, 10, 0)
	c, err := f.svc.RecordStatement(f.ctx, c.ID, complaint.StepCommand{Text: "客户要求下周再来", At: cst(2026, 11, 3, 9, 0), Actor: asStaff})
	require.NoError(t, err)
	c, err = f.svc.Pause(f.ctx, c.ID, psPause(asStaff))
	require.NoError(t, err)
	c, err = f.svc.RecordStatement(f.ctx, c.ID, complaint.StepCommand{Text: "补记", At: cst(2026, 11, 2, 11, 0), Actor: asStaff})
	require.NoError(t, err)
	c, err = f.svc.Withdraw(f.ctx, c.ID, complaint.StepCommand{Text: "已协商", At: cst(2026, 11, 2, 12, 0), Actor: owner})
	require.NoError(t, err)
	require.Equal(t, f.now, *c.Pauses[0].ResumedAt, "ended where it began")
	require.Zero(t, c.Pauses[0].Workdays)
	limit := dl(t, c, "G3.3", "paused", 0)
	require.Equal(t, f.now, *limit.DoneAt)
	f.requireReplays(c)
}
