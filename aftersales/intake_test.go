package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

func TestP1_1_Channels(t *testing.T) {
	f := newFx(t, at(2026, 11, 27, 10, 0))
	for _, ch := range []aftersales.Channel{aftersales.ChannelPhone, aftersales.ChannelEmail, aftersales.ChannelWeChat, aftersales.ChannelOnSite} {
		r, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
			Description: "外墙开裂", Channel: ch, ReceivedAt: at(2026, 11, 27, 9, 0)}})
		require.NoError(t, err, ch)
		require.Equal(t, ch, r.Channel)
		require.NotEmpty(t, ch.Label())
	}
	_, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		Description: "外墙开裂", Channel: "fax", ReceivedAt: at(2026, 11, 27, 9, 0)}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "channel_invalid"})
}

func TestP1_2_ForwardWithinOneWorkdayOfReceipt(t *testing.T) {
	// Received on the eve of National Day 2026: the one working day is
	// 10-08, so forwarding is due before 10-09 00:00.
	f := newFx(t, at(2026, 9, 30, 16, 30))
	r := f.register(at(2026, 9, 30, 16, 20), false)
	require.Equal(t, aftersales.StatusRegistered, r.Status)
	d := deadline(t, r, aftersales.ClauseP1_2, "", 0)
	require.Equal(t, at(2026, 10, 9, 0, 0), d.Due)
	require.Equal(t, "received", d.Event)
	require.Equal(t, at(2026, 9, 30, 16, 20), d.From)
	require.Equal(t, 1, d.Workdays)
	require.False(t, d.Provisional)
	require.Equal(t, aftersales.DeadlineOpen, d.State(f.now))

	f.now = at(2026, 10, 8, 17, 0)
	r = f.forward(r.ID, time.Time{})
	d = deadline(t, r, aftersales.ClauseP1_2, "", 0)
	require.Equal(t, aftersales.DeadlineMet, d.State(f.now))
	require.Equal(t, aftersales.StatusInProgress, r.Status)
}

func TestP1_2_LateEntryShowsMissedDeadline(t *testing.T) {
	// Feedback received on 11-02 and typed in on 11-10: the record is
	// accepted, and its P1.2 deadline (11-04 00:00) is already missed.
	f := newFx(t, at(2026, 11, 10, 9, 0))
	r := f.register(at(2026, 11, 2, 9, 0), false)
	d := deadline(t, r, aftersales.ClauseP1_2, "", 0)
	require.Equal(t, at(2026, 11, 4, 0, 0), d.Due)
	require.Equal(t, aftersales.DeadlineMissed, d.State(f.now))
	require.True(t, d.Overdue(f.now))
	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, f.now, h[0].RecordedAt)
	require.Equal(t, at(2026, 11, 2, 9, 0), h[0].At)
}

func TestP1_2_DeadlineAcrossProvisionalYearSaysSo(t *testing.T) {
	f := newFx(t, at(2027, 12, 31, 12, 0))
	r := f.register(at(2027, 12, 31, 11, 0), false)
	require.True(t, deadline(t, r, aftersales.ClauseP1_2, "", 0).Provisional)
}

func TestP1_3_UrgentMeasuresInClockHours(t *testing.T) {
	// An urgent leak on National Day: the clock-hour target runs through
	// the holiday.
	f := newFx(t, at(2026, 10, 1, 10, 5))
	r := f.register(at(2026, 10, 1, 10, 0), true)
	d := deadline(t, r, aftersales.ClauseP1_3, "", 0)
	require.Equal(t, at(2026, 10, 1, 14, 0), d.Due)
	require.Equal(t, 4, d.Hours)

	f.now = at(2026, 10, 1, 12, 0)
	r, err := f.svc.HandleUrgent(f.ctx, r.ID, aftersales.UrgentCommand{Measures: "关闭总阀，临时排水", Actor: projStaff})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeadlineMet, deadline(t, r, aftersales.ClauseP1_3, "", 0).State(f.now))
	require.Equal(t, "关闭总阀，临时排水", r.UrgentMeasures)

	_, err = f.svc.HandleUrgent(f.ctx, r.ID, aftersales.UrgentCommand{Measures: "再次处理", Actor: projStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "urgent_already_handled"})

	plain := f.register(at(2026, 10, 1, 11, 0), false)
	_, err = f.svc.HandleUrgent(f.ctx, plain.ID, aftersales.UrgentCommand{Measures: "x", Actor: projStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_urgent"})
}

func TestP1_3_PolicyConfiguresUrgentHours(t *testing.T) {
	p := aftersales.DefaultPolicy()
	p.UrgentHours = 2
	svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Policy: &p,
		Clock: aftersales.ClockFunc(func() time.Time { return at(2026, 11, 27, 10, 0) })})
	require.NoError(t, err)
	r, err := svc.Register(t.Context(), aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		Description: "燃气管道漏气", Channel: aftersales.ChannelPhone, ReceivedAt: at(2026, 11, 27, 9, 0), Urgent: true}})
	require.NoError(t, err)
	require.Equal(t, at(2026, 11, 27, 11, 0), deadline(t, r, aftersales.ClauseP1_3, "", 0).Due)

	p.ComplexDays = 3
	_, err = aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Policy: &p})
	require.ErrorIs(t, err, aftersales.ErrInvalid)
}

func TestP2_1_RoutingByCause(t *testing.T) {
	tests := []struct {
		cause aftersales.Cause
		want  string
	}{
		{aftersales.CauseConstruction, projDept},
		{aftersales.CauseMaterial, aftersales.DeptProcurement},
		{aftersales.CauseDesign, aftersales.DeptDesign},
	}
	for _, tt := range tests {
		f := newFx(t, at(2026, 11, 27, 10, 0))
		r := f.register(at(2026, 11, 27, 9, 0), false)
		r, err := f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Cause: tt.cause, Actor: specialist})
		require.NoError(t, err)
		require.Len(t, r.Parts, 1)
		require.Equal(t, tt.want, r.Parts[0].Department, tt.cause)
		require.Equal(t, tt.cause, r.Cause)
		require.Empty(t, r.Coordinator)
		require.Equal(t, at(2026, 12, 2, 0, 0), deadline(t, r, aftersales.ClauseP3_1, tt.want, 0).Due, "P3.1: 2 working days from receipt (11-30, 12-01)")
	}

	// Other causes: the department is chosen at forwarding.
	f := newFx(t, at(2026, 11, 27, 10, 0))
	r := f.register(at(2026, 11, 27, 9, 0), false)
	_, err := f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Cause: aftersales.CauseOther, Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "department_required"})
	f.requireUnchanged(r)
	r, err = f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Cause: aftersales.CauseOther, Departments: []string{"物业部"}, Actor: staff})
	require.NoError(t, err)
	require.Equal(t, "物业部", r.Parts[0].Department)
}

func TestP2_1_CompanyOverridesRouting(t *testing.T) {
	routing := aftersales.DefaultRouting()
	routing[aftersales.CauseMaterial] = aftersales.DeptKindDesign // a company whose design department buys materials
	routing[aftersales.CauseOther] = aftersales.DeptKindAfterSales
	svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Routing: routing,
		Clock: aftersales.ClockFunc(func() time.Time { return at(2026, 11, 27, 10, 0) })})
	require.NoError(t, err)
	for cause, want := range map[aftersales.Cause]string{aftersales.CauseMaterial: aftersales.DeptDesign, aftersales.CauseOther: aftersales.DeptAfterSales} {
		r, err := svc.Register(t.Context(), aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
			Description: "瓷砖空鼓", Channel: aftersales.ChannelWeChat, ReceivedAt: at(2026, 11, 27, 9, 0), Cause: cause}})
		require.NoError(t, err)
		r, err = svc.Forward(t.Context(), r.ID, aftersales.ForwardCommand{Actor: staff})
		require.NoError(t, err)
		require.Equal(t, want, r.Parts[0].Department)
	}
}

func TestP2_2_SeveralDepartmentsEachOwnTheirPart(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 30), false)
	r, err := f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Departments: []string{projDept, aftersales.DeptProcurement}, Actor: staff})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeptAfterSales, r.Coordinator, "P2.2: the after-sales department coordinates")
	require.Len(t, r.Parts, 2)
	deadline(t, r, aftersales.ClauseP3_1, projDept, 0)
	deadline(t, r, aftersales.ClauseP3_1, aftersales.DeptProcurement, 0)

	f.now = at(2026, 11, 3, 9, 0)
	f.plan(r.ID, projDept, aftersales.Simple, time.Time{})
	f.plan(r.ID, aftersales.DeptProcurement, aftersales.Complex, time.Time{})
	f.now = at(2026, 11, 5, 9, 0)
	r = f.complete(r.ID, projDept, time.Time{})
	require.Equal(t, aftersales.StatusInProgress, r.Status, "cannot complete until every part has")
	_, err = f.svc.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Actor: customer, Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "s.png"}})
	require.ErrorIs(t, err, aftersales.ErrNotAllowed)
	r = f.complete(r.ID, aftersales.DeptProcurement, time.Time{})
	require.Equal(t, aftersales.StatusAwaitingAcceptance, r.Status)

	// A department already on the request is not added twice.
	f2 := newFx(t, at(2026, 11, 2, 9, 0))
	r2 := f2.forward(f2.register(at(2026, 11, 2, 8, 30), false).ID, time.Time{})
	_, err = f2.svc.Forward(f2.ctx, r2.ID, aftersales.ForwardCommand{Departments: []string{projDept}, Actor: staff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "department_duplicate"})
	r2, err = f2.svc.Forward(f2.ctx, r2.ID, aftersales.ForwardCommand{Departments: []string{aftersales.DeptDesign}, Actor: staff})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeptAfterSales, r2.Coordinator)
}

func TestG2_EveryKindOfProject(t *testing.T) {
	for _, k := range []aftersales.ProjectKind{aftersales.Residential, aftersales.Commercial, aftersales.Industrial, aftersales.OtherKind} {
		require.True(t, k.Valid(), k)
	}
	require.False(t, aftersales.ProjectKind("bridge").Valid())
}

// TestG4_2_AfterSalesDepartmentRunsTheDesk: the after-sales department
// coordinates several departments (P2.2) and does the daily work of
// forwarding; a department that is not the project's may not forward.
func TestG4_2_AfterSalesDepartmentRunsTheDesk(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), false)
	r, err := f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Departments: []string{projDept, aftersales.DeptDesign}, Actor: staff})
	require.NoError(t, err)
	require.Equal(t, aftersales.DeptAfterSales, r.Coordinator)
	_, err = f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Departments: []string{aftersales.DeptProcurement}, Actor: procStaff})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "forward_forbidden"}, "only the desk or the project's department forwards")
	f.requireUnchanged(r)
}

// TestG4_4_OtherDepartmentsTakeTheirPart: any department of the company
// can be given its part and acts on it.
func TestG4_4_OtherDepartmentsTakeTheirPart(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), false)
	_, err := f.svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Cause: aftersales.CauseOther, Departments: []string{"物业部"}, Actor: staff})
	require.NoError(t, err)
	property := aftersales.Actor{ID: "u-wy", Role: aftersales.RoleDepartmentStaff, DepartmentID: "物业部"}
	r, err = f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: "物业部", Actor: property,
		Plan: aftersales.Plan{Measures: "更换门禁", ScheduledAt: f.now, Owner: "物业", Complexity: aftersales.Simple}})
	require.NoError(t, err)
	require.NotNil(t, r.Parts[0].Plan)
}
