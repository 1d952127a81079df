package complaint_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// month builds October 2026 (three complaints, one repeat complainant, one
// major, one escalation) and September (one complaint).
func octoberData(t *testing.T) *cf {
	f := newCf(t, cst(2026, 9, 15, 10, 0))
	f.register(cst(2026, 9, 15, 9, 0), false)

	f.now = cst(2026, 10, 12, 10, 0)
	a := f.investigated(cst(2026, 10, 12, 9, 0))
	_, err := f.svc.Answer(f.ctx, a.ID, complaint.StepCommand{Text: "已维修", Actor: site})
	require.NoError(t, err)
	_, err = f.svc.NotSatisfied(f.ctx, a.ID, complaint.StepCommand{Text: "不满意", Actor: owner})
	require.NoError(t, err)

	f.now = cst(2026, 10, 20, 10, 0)
	f.register(cst(2026, 10, 20, 9, 0), true) // same complainant, major

	f.now = cst(2026, 10, 26, 10, 0)
	_, err = f.svc.Register(f.ctx, complaint.RegisterCommand{Actor: asStaff, Registration: complaint.Registration{
		Complainant: aftersales.Customer{Name: "李女士", Phone: "13900000000"}, Type: complaint.TypeService,
		Description: "客服态度差", Channel: aftersales.ChannelEmail, ReceivedAt: cst(2026, 10, 26, 9, 0)}})
	require.NoError(t, err)
	return f
}

// TestC5_2_ReportGivesCountsTypesCausesAndOutcomes: "应包括投诉数量、投诉类型、
// 投诉原因、处理结果等内容": the count, major complaints, types, causes, the
// on-time outcome of each clause, escalations, repeat complainants and the
// change against the previous month.
func TestC5_2_ReportGivesCountsTypesCausesAndOutcomes(t *testing.T) {
	f := octoberData(t)
	f.now = cst(2026, 11, 3, 9, 0)
	r, err := f.svc.Report(f.ctx, complaint.Month{Year: 2026, Month: 10})
	require.NoError(t, err)
	require.False(t, r.Partial)
	require.Equal(t, "公司总经理", r.To)
	require.Equal(t, cst(2026, 11, 7, 0, 0), r.Due, "5 working days after 10-31: 11-02..11-06")
	require.Equal(t, 3, r.Total)
	require.Equal(t, 1, r.Major)
	require.Equal(t, []aftersales.Count{{Key: "delay", Label: "响应或处理不及时", N: 2}, {Key: "service", Label: "服务态度", N: 1}}, r.ByType)
	require.Equal(t, 2, r.ByCause[0].N)
	require.Equal(t, 1, r.Escalations)
	require.Equal(t, 1, r.Escalated)
	require.Len(t, r.Repeats, 1)
	require.Equal(t, owner.ID, r.Repeats[0].Complainant)
	require.Len(t, r.Repeats[0].Complaints, 2)

	rates := map[aftersales.Clause]aftersales.ClauseRate{}
	for _, cr := range r.OnTime {
		rates[cr.Clause] = cr
	}
	// C2.1: one forwarded on time; two never forwarded and overdue.
	require.Equal(t, 1, rates[complaint.ClauseC2_1].Met)
	require.Equal(t, 2, rates[complaint.ClauseC2_1].Missed)
	require.Equal(t, "33.33", rates[complaint.ClauseC2_1].Rate.String())
	require.Equal(t, "0", rates[complaint.ClauseC2_2].Rate.String(), "the major complaint's emergency and feedback were missed")

	require.Equal(t, complaint.Change{Previous: 1, Current: 3, Delta: 2, Percent: r.VsPrevious.Percent}, r.VsPrevious)
	require.Equal(t, "200", r.VsPrevious.Percent.String())
	require.Equal(t, 2, r.TypeVsPrevious["delay"].Current)
	require.Equal(t, 1, r.TypeVsPrevious["delay"].Previous)

	again, err := f.svc.Report(f.ctx, complaint.Month{Year: 2026, Month: 10})
	require.NoError(t, err)
	require.Equal(t, r, again, "same data, same report")
}

func TestC5_ReportMonthInTheFutureIsRefused(t *testing.T) {
	f := newCf(t, cst(2026, 11, 27, 10, 0))
	_, err := f.svc.Report(f.ctx, complaint.Month{Year: 2026, Month: 12})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "report_month_in_future"})
	r, err := f.svc.Report(f.ctx, complaint.Month{Year: 2026, Month: 11})
	require.NoError(t, err)
	require.True(t, r.Partial, "the current month gives a partial report")
	_, err = complaint.ParseMonth("2026-13")
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "month_invalid"})
	_, err = f.svc.Report(f.ctx, complaint.Month{Year: 2026, Month: 0})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "month_invalid"})
	_, err = f.svc.ReportDuties(f.ctx, complaint.Month{})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "month_invalid"})
}

func TestC5_ReportDeliveryTracked(t *testing.T) {
	f := octoberData(t)
	oct := complaint.Month{Year: 2026, Month: 10}
	f.now = cst(2026, 10, 31, 12, 0)
	_, err := f.svc.DeliverReport(f.ctx, oct, complaint.DeliverCommand{To: "王总经理", Actor: asHead})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "time_before_previous_step"}, "not before the month is over")

	f.now = cst(2026, 11, 9, 9, 0)
	duties, err := f.svc.ReportDuties(f.ctx, complaint.Month{Year: 2026, Month: 9})
	require.NoError(t, err)
	require.Len(t, duties, 2)
	require.Equal(t, aftersales.DeadlineMissed, duties[1].State, "October's report was due before 11-07")

	_, err = f.svc.DeliverReport(f.ctx, oct, complaint.DeliverCommand{To: "王总经理", Ref: "reports/2026-10.xlsx", Actor: site})
	require.ErrorIs(t, err, aftersales.ErrForbidden)
	// A month has one delivery, kept for good: its text is short and clean.
	for code, cmd := range map[string]complaint.DeliverCommand{
		"recipient_required": {Actor: asHead},
		"recipient_too_long": {To: strings.Repeat("王", aftersales.MaxShortText+1), Actor: asHead},
		"recipient_invalid":  {To: "王总\x00", Actor: asHead},
		"ref_too_long":       {To: "王总经理", Ref: strings.Repeat("r", 2*aftersales.MaxShortText+1), Actor: asHead},
	} {
		_, err = f.svc.DeliverReport(f.ctx, oct, cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	d, err := f.svc.DeliverReport(f.ctx, oct, complaint.DeliverCommand{To: "王总经理", Ref: "reports/2026-10.xlsx", At: cst(2026, 11, 5, 16, 0), Actor: asHead})
	require.NoError(t, err)
	require.Equal(t, asHead.ID, d.By)
	_, err = f.svc.DeliverReport(f.ctx, oct, complaint.DeliverCommand{To: "王总经理", Actor: asHead})
	require.ErrorIs(t, err, aftersales.ErrConflict)

	duties, err = f.svc.ReportDuties(f.ctx, oct)
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, duties[0].State)
	r, err := f.svc.Report(f.ctx, oct)
	require.NoError(t, err)
	require.Equal(t, "reports/2026-10.xlsx", r.Delivery.Ref)
}

// Each department's part counts in the on-time figures of C3.1, and the
// report gives the raw and net time of the clocks that pause (G3.3).
func TestC5_ReportCountsEachDepartmentAndNetTime(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 10, 0))
	c := f.register(cst(2026, 11, 2, 9, 0), false)
	c, err := f.svc.Forward(f.ctx, c.ID, complaint.ForwardCommand{Departments: []string{"项目一部", "设计部"}, Actor: asStaff})
	require.NoError(t, err)
	f.now = cst(2026, 11, 3, 10, 0)
	c, err = f.svc.Pause(f.ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "无法入户", Actor: asStaff})
	require.NoError(t, err)
	f.now = cst(2026, 11, 6, 10, 0) // 11-04, 05, 06 stood still
	c, err = f.svc.Resume(f.ctx, c.ID, aftersales.ResumeCommand{Actor: asStaff})
	require.NoError(t, err)
	f.now = cst(2026, 11, 9, 10, 0) // raw 5 working days, net 2
	c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Department: "项目一部", Actor: asStaff, Plan: ptPlan("核实")})
	require.NoError(t, err)
	f.now = cst(2026, 11, 12, 10, 0) // raw 8, net 5: late even net of the pause (due 11-11)
	c, err = f.svc.Plan(f.ctx, c.ID, complaint.PlanCommand{Department: "设计部", Actor: asStaff, Plan: ptPlan("核实")})
	require.NoError(t, err)
	f.now = cst(2026, 11, 13, 10, 0) // raw 9, net 6
	_, err = f.svc.Answer(f.ctx, c.ID, complaint.StepCommand{Text: "两部门共同处理完毕", Actor: asStaff})
	require.NoError(t, err)

	f.now = cst(2026, 11, 20, 10, 0)
	r, err := f.svc.Report(f.ctx, complaint.Month{Year: 2026, Month: 11})
	require.NoError(t, err)
	require.Equal(t, 1, r.Total)
	for _, cr := range r.OnTime {
		if cr.Clause == complaint.ClauseC3_1 {
			require.Equal(t, 1, cr.Met, "项目一部 on time")
			require.Equal(t, 1, cr.Missed, "设计部 late")
		}
	}
	require.Equal(t, []complaint.ClauseTime{
		{Clause: complaint.ClauseC3_1, Steps: 2, Raw: 5 + 8, Net: 2 + 5, Paused: 2},
		{Clause: complaint.ClauseC4_1, Steps: 1, Raw: 9, Net: 6, Paused: 1},
	}, r.Time)
	require.Equal(t, 1, r.Paused)
	require.Equal(t, 3, r.PausedWorkdays)
}
