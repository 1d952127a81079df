package staff_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/staff"
)

var (
	gm     = aftersales.Actor{ID: "p-gm", Role: aftersales.RoleGeneralManager}
	head   = aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
	pm     = aftersales.Actor{ID: "p-pm", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}
	others = aftersales.Actor{ID: "p-pm2", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目二部"}
	d      = calendar.D
)

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// sfx is a staff Service with a small organisation: the general manager,
// the after-sales head, two project managers, a specialist, a staff member.
type sfx struct {
	t     *testing.T
	ctx   context.Context
	now   time.Time
	svc   *staff.Service
	store *staff.MemStore
	cases fixedCases
}

type fixedCases map[string]staff.Figures

func (c fixedCases) Figures(_ context.Context, id string, _ staff.Period) (staff.Figures, error) {
	return c[id], nil
}

func newSfx(t *testing.T) *sfx {
	f := &sfx{t: t, ctx: context.Background(), now: time.Date(2026, 11, 27, 10, 0, 0, 0, calendar.CST), store: staff.NewMemStore(), cases: fixedCases{}}
	n := 0
	svc, err := staff.NewService(staff.Config{Store: f.store, Cases: f.cases, Clock: aftersales.ClockFunc(func() time.Time { return f.now }),
		NewID: func() string { n++; return fmt.Sprintf("R%03d", n) }})
	require.NoError(t, err)
	f.svc = svc
	for _, p := range []staff.Person{
		{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: true},
		{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "p-pm", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Active: true},
		{ID: "p-pm2", Name: "李经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目二部", Active: true},
		{ID: "p-spec", Name: "周专员", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部", Active: true},
		{ID: "p-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, Active: true},
	} {
		_, err := svc.PutPerson(f.ctx, p, gm)
		require.NoError(t, err)
	}
	for _, dp := range []staff.Department{
		{Department: aftersales.Department{ID: aftersales.DeptAfterSales, Name: "售后管理部", Kind: aftersales.AfterSalesDept}, HeadID: "p-head"},
		{Department: aftersales.Department{ID: "项目一部", Name: "项目一部", Kind: aftersales.ProjectDept}, HeadID: "p-pm"},
	} {
		_, err := svc.PutDepartment(f.ctx, dp, gm)
		require.NoError(t, err)
	}
	_, err = svc.PutProject(f.ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-001", Name: "滨江花园",
		Kind: aftersales.Residential, DepartmentID: "项目一部"}}, head)
	require.NoError(t, err)
	return f
}

func TestG4_1_TheAfterSalesGroup(t *testing.T) {
	f := newSfx(t)
	o, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)
	leader, members := o.Group()
	require.Equal(t, "p-gm", leader)
	require.Equal(t, []string{"p-head", "p-pm"}, members)
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "x", Name: "x", Role: aftersales.RoleAfterSalesStaff}, pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "organisation_forbidden"})
}

func TestG4_3_SpecialistAppointedByTheProjectManagerAndFiled(t *testing.T) {
	f := newSfx(t)
	before, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)

	// Someone who is not that project's manager cannot appoint.
	for _, a := range []aftersales.Actor{others, head, gm} {
		_, err := f.svc.Appoint(f.ctx, "P-001", "p-spec", a)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "not_project_manager"}, a.ID)
		require.Contains(t, err.Error(), "不是项目 P-001 的经理")
	}
	_, err = f.svc.Appoint(f.ctx, "P-001", "p-staff", pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "not_specialist"})
	after, err := f.svc.Organisation(f.ctx)
	require.NoError(t, err)
	require.Equal(t, before, after, "nothing written")

	o, err := f.svc.Appoint(f.ctx, "P-001", "p-spec", pm)
	require.NoError(t, err)
	_, filed := o.Specialist("P-001")
	require.False(t, filed, "not acting until filed with the after-sales department")
	_, err = f.svc.File(f.ctx, "P-001", pm)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "filing_forbidden"})
	o, err = f.svc.File(f.ctx, "P-001", head)
	require.NoError(t, err)
	spec, ok := o.Specialist("P-001")
	require.True(t, ok)
	require.Equal(t, "p-spec", spec)
	require.Equal(t, []string{"P-001"}, o.SpecialistProjects("p-spec"))

	// The organisation answers aftersales' questions.
	p, err := o.Directory().Project(f.ctx, "P-001")
	require.NoError(t, err)
	require.Equal(t, "p-spec", p.SpecialistID)
	require.Equal(t, "项目一部", p.DepartmentID)
	a, err := o.Actor("p-spec")
	require.NoError(t, err)
	require.Equal(t, aftersales.RoleSpecialist, a.Role)
	_, err = o.Actor("p-nobody")
	require.ErrorIs(t, err, aftersales.ErrForbidden)

	h, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Equal(t, "filing", h[len(h)-1].Type)
	require.Equal(t, head.ID, h[len(h)-1].Actor.ID)
}

func TestS1_TrainingRecordsHoursAndCadence(t *testing.T) {
	f := newSfx(t)
	s, err := f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 3, 10), Topic: staff.TopicCommunication, Title: "投诉接待话术",
		Trainer: "外聘讲师", Hours: dec("3.5"), Attendees: []string{"p-staff", "p-spec"}}, head)
	require.NoError(t, err)
	require.Equal(t, "客户沟通技巧", s.Topic.Label())
	_, err = f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 9, 1), Topic: "BIM 运维平台", Trainer: "信息部",
		Hours: dec("2"), Attendees: []string{"p-staff"}}, head)
	require.NoError(t, err)

	ss, err := f.svc.Sessions(f.ctx)
	require.NoError(t, err)
	hours := staff.TrainingHours(ss, 2026)
	require.Equal(t, "5.5", hours["p-staff"].String())
	require.Equal(t, "3.5", hours["p-spec"].String())

	// Every 3 months: on 2026-11-27 the head was never trained, the
	// specialist's last session (03-10) is overdue since 06-10, and the
	// staff member's (09-01) is due 12-01.
	gaps, err := f.svc.OverdueTraining(f.ctx)
	require.NoError(t, err)
	require.Equal(t, []staff.TrainingGap{{PersonID: "p-head"}, {PersonID: "p-spec", LastTrained: d(2026, 3, 10), DueBy: d(2026, 6, 10)}}, gaps)

	for code, bad := range map[string]staff.Session{
		"session_date_invalid": {Date: d(2026, 12, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1"), Attendees: []string{"p-staff"}},
		"topic_required":       {Date: d(2026, 11, 1), Trainer: "x", Hours: dec("1"), Attendees: []string{"p-staff"}},
		"hours_invalid":        {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("0"), Attendees: []string{"p-staff"}},
		"attendees_required":   {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1")},
		"attendee_unknown":     {Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1"), Attendees: []string{"p-ghost"}},
	} {
		_, err := f.svc.RecordSession(f.ctx, bad, head)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	_, err = f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 11, 1), Topic: staff.TopicProcess, Trainer: "x", Hours: dec("1"), Attendees: []string{"p-staff"}}, pm)
	require.ErrorIs(t, err, aftersales.ErrForbidden)
	ss, _ = f.svc.Sessions(f.ctx)
	require.Len(t, ss, 2, "nothing written")
}

func TestS2_SchemeValidation(t *testing.T) {
	require.NoError(t, staff.DefaultScheme().Validate())
	mutate := func(fn func(*staff.Scheme)) error {
		s := staff.DefaultScheme()
		fn(&s)
		_, err := staff.NewService(staff.Config{Store: staff.NewMemStore(), Scheme: &s})
		return err
	}
	err := mutate(func(s *staff.Scheme) { s.Weights[staff.OnTime] = dec("0.31") })
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "weights_not_one"})
	require.Contains(t, err.Error(), "1.01")
	err = mutate(func(s *staff.Scheme) { s.Bands[1].Min = dec("81") })
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "band_gap"})
	err = mutate(func(s *staff.Scheme) { s.Bands[2].Max = dec("85") })
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "band_overlap"})
	err = mutate(func(s *staff.Scheme) { s.Bands[0].Max = dec("99") })
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "band_gap"})
	err = mutate(func(s *staff.Scheme) { s.Weights["charm"] = dec("0") })
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "indicator_unknown"})
}

// TestS2_2_BandEdges scores a manager-rated-only scheme, so that the total
// is exactly the rating, on each band edge.
func TestS2_2_BandEdges(t *testing.T) {
	s := staff.DefaultScheme()
	s.Weights = map[staff.Indicator]decimal.Decimal{staff.ServiceQuality: dec("1")}
	for rating, want := range map[string]string{
		"100": "优秀", "90": "优秀", "89.99": "良好", "80": "良好", "79.99": "合格", "60": "合格", "59.99": "不合格", "0": "不合格",
	} {
		_, total, band, err := s.Score(staff.Figures{}, decimal.Zero, dec(rating))
		require.NoError(t, err)
		require.True(t, total.Equal(dec(rating)), "%s gave %s", rating, total)
		require.Equal(t, want, band.Name, rating)
	}
	_, _, _, err := s.Score(staff.Figures{}, decimal.Zero, dec("100.01"))
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "service_quality_invalid"})
}

func TestS2_AssessmentExplainedIndicatorByIndicator(t *testing.T) {
	f := newSfx(t)
	f.cases["p-spec"] = staff.Figures{Met: 18, Missed: 2, Accepted: 10, FirstTime: 9, Visits: 8, SatisfactionSum: 37, Complaints: 1, Rework: 1}
	_, err := f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 10, 15), Topic: staff.TopicQuality, Trainer: "总工办",
		Hours: dec("8"), Attendees: []string{"p-spec"}}, head)
	require.NoError(t, err)

	a, err := f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: staff.Period{From: d(2026, 10, 1), To: d(2026, 12, 31)},
		ServiceQuality: dec("85"), RatedBy: "钱部长", Actor: head})
	require.NoError(t, err)
	scores := map[staff.Indicator]string{}
	for _, l := range a.Lines {
		scores[l.Indicator] = l.Score.String()
		require.NotEmpty(t, l.Measured)
		require.True(t, l.Points.Equal(l.Score.Mul(l.Weight)))
	}
	require.Equal(t, map[staff.Indicator]string{staff.OnTime: "90", staff.FirstTimeAcceptance: "90", staff.Satisfaction: "92.5",
		staff.Complaints: "80", staff.Rework: "90", staff.TrainingHoursInd: "50", staff.ServiceQuality: "85"}, scores)
	// 0.30×90 + 0.15×90 + 0.20×92.5 + 0.10×80 + 0.05×90 + 0.05×50 + 0.15×85 = 86.75
	require.Equal(t, "86.75", a.Total.String())
	require.Equal(t, "良好", a.Band)
	require.Equal(t, "1.1", a.Pay.String())
	require.False(t, a.Promotable)
	require.Equal(t, "8", a.TrainingHours.String())

	as, err := f.svc.Assessments(f.ctx, "p-spec")
	require.NoError(t, err)
	require.Equal(t, []*staff.Assessment{a}, as)

	_, err = f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: staff.Period{From: d(2026, 10, 1), To: d(2026, 12, 31)},
		ServiceQuality: dec("85"), RatedBy: "x", Actor: pm})
	require.ErrorIs(t, err, aftersales.ErrForbidden)
	_, err = f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: staff.Period{From: d(2026, 12, 31), To: d(2026, 10, 1)},
		ServiceQuality: dec("85"), RatedBy: "x", Actor: head})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "period_invalid"})
}

func TestS3_DefaultRewardsAndPenalties(t *testing.T) {
	svc, err := staff.NewService(staff.Config{Store: staff.NewMemStore()})
	require.NoError(t, err)
	high := dec("4.9")
	awards := svc.Rewards(staff.RewardFacts{PersonID: "p-spec", Commendations: 2, Handled: 12, Missed: 0, Visits: 6, Satisfaction: &high})
	var total decimal.Decimal
	ids := []string{}
	for _, a := range awards {
		total = total.Add(a.Amount)
		ids = append(ids, a.RuleID)
		require.NotEmpty(t, a.Reason)
	}
	require.Equal(t, []string{"commendation", "clean_quarter", "top_satisfaction"}, ids)
	require.Equal(t, "1200", total.String())

	awards = svc.Rewards(staff.RewardFacts{PersonID: "p-spec", Handled: 10, Missed: 3, UpheldComplaints: 2})
	total = decimal.Zero
	for _, a := range awards {
		total = total.Add(a.Amount)
	}
	require.Equal(t, "-700", total.String())

	bad := staff.RewardRules{{ID: "x", Trigger: "birthday"}}
	_, err = staff.NewService(staff.Config{Store: staff.NewMemStore(), Rewards: bad})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "reward_trigger_unknown"})
}

func TestG4_3_ASpecialistWhoLeavesTheRoleLeavesTheAppointment(t *testing.T) {
	f := newSfx(t)
	_, err := f.svc.Appoint(f.ctx, "P-001", "p-spec", pm)
	require.NoError(t, err)
	_, err = f.svc.File(f.ctx, "P-001", head)
	require.NoError(t, err)
	o, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-spec", Name: "周专员", Role: aftersales.RoleAfterSalesStaff, Active: true}, gm)
	require.NoError(t, err)
	_, ok := o.Specialist("P-001")
	require.False(t, ok, "no longer a specialist: the appointment ended")
	p, err := o.Directory().Project(f.ctx, "P-001")
	require.NoError(t, err)
	require.Empty(t, p.SpecialistID)
}

func TestG4_2_TheAfterSalesHeadKeepsTheOrganisation(t *testing.T) {
	f := newSfx(t)
	o, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-new", Name: "新专员", Role: aftersales.RoleSpecialist, Active: true}, head)
	require.NoError(t, err)
	_, ok := o.Person("p-new")
	require.True(t, ok)
	staffActor := aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff}
	_, err = f.svc.PutPerson(f.ctx, staff.Person{ID: "p-x", Name: "x", Role: aftersales.RoleSpecialist, Active: true}, staffActor)
	require.ErrorIs(t, err, aftersales.ErrForbidden)
}

func TestG4_1_OnlyTheGeneralManagerAppointsTheLeaders(t *testing.T) {
	f := newSfx(t)
	for _, p := range []staff.Person{
		{ID: "p-gm2", Name: "副总", Role: aftersales.RoleGeneralManager, Active: true},
		{ID: "p-head2", Name: "新部长", Role: aftersales.RoleAfterSalesHead, Active: true},
		{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: false},    // removing the general manager
		{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesStaff, Active: true}, // demoting a head
	} {
		_, err := f.svc.PutPerson(f.ctx, p, head)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "organisation_forbidden"}, p.ID)
	}
	_, err := f.svc.PutPerson(f.ctx, staff.Person{ID: "p-head2", Name: "新部长", Role: aftersales.RoleAfterSalesHead, Active: true}, gm)
	require.NoError(t, err)
}
