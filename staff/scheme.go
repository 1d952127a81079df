package staff

import (
	"sort"

	"github.com/shopspring/decimal"
)

// Indicator is one measured part of an assessment (S2.1).
type Indicator string

// The indicators. All but ServiceQuality are measured from case data;
// ServiceQuality is rated by a manager.
const (
	OnTime              Indicator = "on_time"               // deadlines met / due, every clause
	FirstTimeAcceptance Indicator = "first_time_acceptance" // accepted without a rejection (P4.1)
	Satisfaction        Indicator = "satisfaction"          // average follow-up satisfaction (P4.2)
	Complaints          Indicator = "complaints"            // complaints attributed (C)
	Rework              Indicator = "rework"                // rework rounds after rejections (P4.1)
	TrainingHoursInd    Indicator = "training_hours"        // training hours in the period (S1)
	ServiceQuality      Indicator = "service_quality"       // rated by a manager, 0–100
)

// Indicators returns every indicator in report order: a new slice each
// time, so that no caller can change another's.
func Indicators() []Indicator {
	return []Indicator{OnTime, FirstTimeAcceptance, Satisfaction, Complaints, Rework, TrainingHoursInd, ServiceQuality}
}

// Label returns the indicator's Chinese name.
func (i Indicator) Label() string {
	return map[Indicator]string{OnTime: "按期完成率", FirstTimeAcceptance: "一次验收合格率", Satisfaction: "回访满意度",
		Complaints: "被投诉次数", Rework: "返工次数", TrainingHoursInd: "培训学时", ServiceQuality: "服务质量（主管评分）"}[i]
}

// Band is a grade band (S2.2): scores from Min up to, not including, Max
// (the top band includes 100), with the pay coefficient and promotion
// eligibility it brings.
type Band struct {
	Name       string          `json:"name"`
	Min        decimal.Decimal `json:"min"`
	Max        decimal.Decimal `json:"max"`
	Pay        decimal.Decimal `json:"pay"` // multiplies the performance pay
	Promotable bool            `json:"promotable"`
}

// Scheme is a company's assessment scheme (S2.1, S2.2): decimal weights
// over the indicators, how counts become scores, and the grade bands.
// Scores are 0–100. Each indicator's score is rounded half away from zero
// to 2 places; the total is the weighted sum of those, rounded the same
// way. shopspring/decimal's package settings are never touched.
type Scheme struct {
	Weights map[Indicator]decimal.Decimal `json:"weights"` // sum exactly 1
	// ComplaintPenalty and ReworkPenalty are the points one complaint or
	// one rework round takes off 100.
	ComplaintPenalty decimal.Decimal `json:"complaint_penalty"`
	ReworkPenalty    decimal.Decimal `json:"rework_penalty"`
	// TrainingTarget is the hours in the period that score 100.
	TrainingTarget decimal.Decimal `json:"training_target"`
	Bands          []Band          `json:"bands"`
}

func dec(s string) decimal.Decimal { return decimal.RequireFromString(s) }

// DefaultScheme returns a starting scheme: on time 0.30, first-time
// acceptance 0.15, satisfaction 0.20, complaints 0.10, rework 0.05, training
// 0.05, service quality 0.15; 20 points per complaint, 10 per rework round,
// 16 training hours a period for full marks; bands 优秀 90–100 (pay 1.2,
// promotable), 良好 80–90 (1.1), 合格 60–80 (1.0), 不合格 0–60 (0.8).
func DefaultScheme() Scheme {
	return Scheme{
		Weights: map[Indicator]decimal.Decimal{OnTime: dec("0.30"), FirstTimeAcceptance: dec("0.15"), Satisfaction: dec("0.20"),
			Complaints: dec("0.10"), Rework: dec("0.05"), TrainingHoursInd: dec("0.05"), ServiceQuality: dec("0.15")},
		ComplaintPenalty: dec("20"), ReworkPenalty: dec("10"), TrainingTarget: dec("16"),
		Bands: []Band{
			{Name: "优秀", Min: dec("90"), Max: dec("100"), Pay: dec("1.2"), Promotable: true},
			{Name: "良好", Min: dec("80"), Max: dec("90"), Pay: dec("1.1")},
			{Name: "合格", Min: dec("60"), Max: dec("80"), Pay: dec("1.0")},
			{Name: "不合格", Min: dec("0"), Max: dec("60"), Pay: dec("0.8")},
		},
	}
}

// Validate refuses weights that are negative, name no indicator or do not
// sum to exactly 1, and bands with a gap, an overlap, or not covering 0 to
// 100.
func (s Scheme) Validate() error {
	sum := decimal.Zero
	for ind, w := range s.Weights {
		if ind.Label() == "" {
			return invalid("indicator_unknown", "考核指标 %q 未知", ind)
		}
		if w.IsNegative() {
			return invalid("weight_invalid", "%s的权重 %s 不能为负", ind.Label(), w)
		}
		sum = sum.Add(w)
	}
	if !sum.Equal(decimal.NewFromInt(1)) {
		return invalid("weights_not_one", "各项权重之和为 %s，应恰好为 1（S2.1）", sum)
	}
	for _, p := range []decimal.Decimal{s.ComplaintPenalty, s.ReworkPenalty} {
		if p.IsNegative() {
			return invalid("penalty_invalid", "扣分不能为负")
		}
	}
	if !s.TrainingTarget.IsPositive() {
		return invalid("training_target_invalid", "培训学时目标须大于 0")
	}
	if len(s.Bands) == 0 {
		return invalid("bands_required", "须规定考核等级（S2.2）")
	}
	bands := append([]Band(nil), s.Bands...)
	sort.Slice(bands, func(i, j int) bool { return bands[i].Min.LessThan(bands[j].Min) })
	at := decimal.Zero
	for _, b := range bands {
		switch {
		case b.Name == "":
			return invalid("band_invalid", "考核等级须有名称")
		case !b.Min.LessThan(b.Max):
			return invalid("band_invalid", "等级“%s”的下限 %s 不小于上限 %s", b.Name, b.Min, b.Max)
		case b.Min.GreaterThan(at):
			return invalid("band_gap", "考核等级在 %s 至 %s 之间有空缺（S2.2）", at, b.Min)
		case b.Min.LessThan(at):
			return invalid("band_overlap", "等级“%s”与下一级在 %s 至 %s 之间重叠（S2.2）", b.Name, b.Min, at)
		case b.Pay.IsNegative():
			return invalid("band_invalid", "等级“%s”的薪酬系数不能为负", b.Name)
		}
		at = b.Max
	}
	if !at.Equal(decimal.NewFromInt(100)) {
		return invalid("band_gap", "考核等级须覆盖到 100 分，当前止于 %s（S2.2）", at)
	}
	return nil
}

// band returns the band a total falls in.
func (s Scheme) band(total decimal.Decimal) (Band, error) {
	hundred := decimal.NewFromInt(100)
	for _, b := range s.Bands {
		if !total.LessThan(b.Min) && (total.LessThan(b.Max) || (b.Max.Equal(hundred) && total.Equal(hundred))) {
			return b, nil
		}
	}
	return Band{}, invalid("score_out_of_bands", "总分 %s 不在任何考核等级内", total)
}
