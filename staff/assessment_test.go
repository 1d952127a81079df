package staff_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

var q4 = staff.Period{From: d(2026, 10, 1), To: d(2026, 12, 31)}

// TestS2_1_AssessmentOfWorkResultsAndServiceQuality: "对售后人员的工作业绩、服务质量等进行考核"
// — work results are measured from case data (on time, first-time
// acceptance, satisfaction, complaints, rework, training), service quality
// is a manager's rating; each indicator is explained, weighted and summed.
func TestS2_1_AssessmentOfWorkResultsAndServiceQuality(t *testing.T) {
	f := newSfx(t)
	f.cases["p-spec"] = staff.Figures{Met: 18, Missed: 2, Accepted: 10, FirstTime: 9, Visits: 8, SatisfactionSum: 37, Complaints: 1, Rework: 1}
	_, err := f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 10, 15), Topic: staff.TopicQuality, Trainer: "总工办",
		Hours: dec("8"), Attendees: []string{"p-spec"}}, head)
	require.NoError(t, err)
	_, err = f.svc.RecordSession(f.ctx, staff.Session{Date: d(2026, 9, 30), Topic: staff.TopicProcess, Trainer: "钱部长",
		Hours: dec("4"), Attendees: []string{"p-spec"}}, head)
	require.NoError(t, err)

	a, err := f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: q4, ServiceQuality: dec("85"), RatedBy: "钱部长", Actor: head})
	require.NoError(t, err)
	scores := map[staff.Indicator]string{}
	for _, l := range a.Lines {
		scores[l.Indicator] = l.Score.String()
		require.NotEmpty(t, l.Measured)
		require.NotEmpty(t, l.Label)
		require.True(t, l.Points.Equal(l.Score.Mul(l.Weight)))
	}
	require.Equal(t, map[staff.Indicator]string{staff.OnTime: "90", staff.FirstTimeAcceptance: "90", staff.Satisfaction: "92.5",
		staff.Complaints: "80", staff.Rework: "90", staff.TrainingHoursInd: "50", staff.ServiceQuality: "85"}, scores)
	// 0.30×90 + 0.15×90 + 0.20×92.5 + 0.10×80 + 0.05×90 + 0.05×50 + 0.15×85 = 86.75
	require.Equal(t, "86.75", a.Total.String())
	require.Equal(t, "8", a.TrainingHours.String(), "only the period's training counts (09-30 is outside Q4)")
	require.Equal(t, f.cases["p-spec"], a.Figures)
	require.Equal(t, "钱部长", a.RatedBy)

	// Who assesses, and over what.
	_, err = f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: q4, ServiceQuality: dec("85"), RatedBy: "x", Actor: pm})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindForbidden, Code: "assess_forbidden"})
	for code, cmd := range map[string]staff.AssessCommand{
		"period_invalid":          {PersonID: "p-spec", Period: staff.Period{From: d(2026, 12, 31), To: d(2026, 10, 1)}, ServiceQuality: dec("85"), RatedBy: "x", Actor: head},
		"person_unknown":          {PersonID: "p-ghost", Period: q4, ServiceQuality: dec("85"), RatedBy: "x", Actor: head},
		"rated_by_required":       {PersonID: "p-spec", Period: q4, ServiceQuality: dec("85"), Actor: head},
		"service_quality_invalid": {PersonID: "p-spec", Period: q4, ServiceQuality: dec("100.01"), RatedBy: "x", Actor: head},
	} {
		_, err := f.svc.Assess(f.ctx, cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
	noCases, err := staff.NewService(staff.Config{Store: f.store})
	require.NoError(t, err)
	_, err = noCases.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: q4, ServiceQuality: dec("85"), RatedBy: "x", Actor: head})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "cases_unavailable"})
}

// TestS2_1_SchemeValidation: the company's assessment scheme weighs the
// indicators with weights that sum to exactly 1.
func TestS2_1_SchemeValidation(t *testing.T) {
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
	err = mutate(func(s *staff.Scheme) { s.Weights["charm"] = dec("0") })
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "indicator_unknown"})
	err = mutate(func(s *staff.Scheme) { s.Weights[staff.Rework] = dec("-0.05"); s.Weights[staff.OnTime] = dec("0.40") })
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "weight_invalid"})
}

// TestS2_2_ResultTiedToPayAndPromotion: "考核结果应与售后人员的薪酬、晋升等挂钩"
// — an assessment's band brings its pay coefficient and promotion
// eligibility, from the company's bands.
func TestS2_2_ResultTiedToPayAndPromotion(t *testing.T) {
	f := newSfx(t)
	f.cases["p-spec"] = staff.Figures{Met: 20, Accepted: 10, FirstTime: 10, Visits: 10, SatisfactionSum: 50}
	f.cases["p-staff"] = staff.Figures{Met: 2, Missed: 8, Accepted: 4, FirstTime: 1, Visits: 4, SatisfactionSum: 8, Complaints: 3, Rework: 4}
	tests := []struct {
		person     string
		quality    string
		band, pay  string
		promotable bool
	}{
		{"p-spec", "100", "优秀", "1.2", true},
		{"p-staff", "50", "不合格", "0.8", false},
	}
	for _, tt := range tests {
		a, err := f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: tt.person, Period: q4, ServiceQuality: dec(tt.quality), RatedBy: "钱部长", Actor: gm})
		require.NoError(t, err)
		require.Equal(t, tt.band, a.Band, "%s: %s", tt.person, a.Total)
		require.Equal(t, tt.pay, a.Pay.String(), tt.person)
		require.Equal(t, tt.promotable, a.Promotable, tt.person)
	}

	// A company's own bands decide: here 80 and up is promotable at 1.5.
	s := staff.DefaultScheme()
	s.Bands = []staff.Band{
		{Name: "A", Min: dec("80"), Max: dec("100"), Pay: dec("1.5"), Promotable: true},
		{Name: "B", Min: dec("0"), Max: dec("80"), Pay: dec("1")},
	}
	own, err := staff.NewService(staff.Config{Store: f.store, Cases: f.cases, Scheme: &s})
	require.NoError(t, err)
	f.cases["p-head"] = staff.Figures{Met: 17, Missed: 3, Accepted: 5, FirstTime: 4, Visits: 5, SatisfactionSum: 21}
	a, err := own.Assess(f.ctx, staff.AssessCommand{PersonID: "p-head", Period: q4, ServiceQuality: dec("90"), RatedBy: "王总", Actor: gm})
	require.NoError(t, err)
	require.Equal(t, "A", a.Band, a.Total.String())
	require.Equal(t, "1.5", a.Pay.String())
	require.True(t, a.Promotable)
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

// TestS2_2_BandsCoverEveryScore: the bands that tie results to pay and
// promotion cover 0 to 100 without gap or overlap, so that every result
// has its consequence.
func TestS2_2_BandsCoverEveryScore(t *testing.T) {
	mutate := func(fn func(*staff.Scheme)) error {
		s := staff.DefaultScheme()
		fn(&s)
		return s.Validate()
	}
	require.ErrorIs(t, mutate(func(s *staff.Scheme) { s.Bands[1].Min = dec("81") }), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "band_gap"})
	require.ErrorIs(t, mutate(func(s *staff.Scheme) { s.Bands[2].Max = dec("85") }), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "band_overlap"})
	require.ErrorIs(t, mutate(func(s *staff.Scheme) { s.Bands[0].Max = dec("99") }), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "band_gap"})
	require.ErrorIs(t, mutate(func(s *staff.Scheme) { s.Bands = nil }), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "bands_required"})
	require.ErrorIs(t, mutate(func(s *staff.Scheme) { s.Bands[3].Pay = dec("-1") }), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "band_invalid"})
}

// TestS2_3_AssessmentRecordedOnTheForm: "售后人员考核情况应记录在《售后人员考核记录表》中"
// — every assessment is kept, listed per person and for everyone, and
// written to the history; a refused one writes nothing.
func TestS2_3_AssessmentRecordedOnTheForm(t *testing.T) {
	f := newSfx(t)
	f.cases["p-spec"] = staff.Figures{Met: 9, Missed: 1}
	q3 := staff.Period{From: d(2026, 7, 1), To: d(2026, 9, 30)}
	a4, err := f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: q4, ServiceQuality: dec("80"), RatedBy: "孙经理", Actor: head})
	require.NoError(t, err)
	a3, err := f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: q3, ServiceQuality: dec("70"), RatedBy: "孙经理", Actor: head})
	require.NoError(t, err)
	other, err := f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-staff", Period: q4, ServiceQuality: dec("90"), RatedBy: "钱部长", Actor: gm})
	require.NoError(t, err)

	stored, err := f.store.Assessment(f.ctx, a4.ID)
	require.NoError(t, err)
	require.Equal(t, a4, stored)
	require.Equal(t, head.ID, stored.AssessedBy)
	require.True(t, f.now.Equal(stored.AssessedAt))
	as, err := f.svc.Assessments(f.ctx, "p-spec")
	require.NoError(t, err)
	require.Equal(t, []*staff.Assessment{a3, a4}, as, "by period")
	all, err := f.svc.Assessments(f.ctx, "")
	require.NoError(t, err)
	require.Len(t, all, 3)
	require.Contains(t, all, other)

	h, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, "assessment", last.Type)
	require.Equal(t, "assessment:"+other.ID, last.Subject)
	require.Contains(t, last.Note, other.Total.String()+" 分")
	require.Contains(t, last.Note, other.Band)

	_, err = f.svc.Assess(f.ctx, staff.AssessCommand{PersonID: "p-spec", Period: q4, ServiceQuality: dec("-1"), RatedBy: "x", Actor: head})
	require.Error(t, err)
	after, err := f.svc.History(f.ctx)
	require.NoError(t, err)
	require.Equal(t, h, after, "nothing written")
}
