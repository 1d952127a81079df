package staff

import (
	"context"
	"fmt"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Period is the assessed period, both days included.
type Period struct {
	From calendar.Date `json:"from"`
	To   calendar.Date `json:"to"`
}

// Figures are a person's case figures for a period, measured from
// after-sales and complaint data.
type Figures struct {
	Met             int `json:"met"`              // deadlines met
	Missed          int `json:"missed"`           // deadlines missed
	Accepted        int `json:"accepted"`         // requests accepted (P4.1)
	FirstTime       int `json:"first_time"`       // of those, accepted with no rejection
	Visits          int `json:"visits"`           // follow-up visits (P4.2)
	SatisfactionSum int `json:"satisfaction_sum"` // sum of their 1–5 ratings
	Complaints      int `json:"complaints"`       // complaints attributed
	Rework          int `json:"rework"`           // rework rounds after rejections
}

// CaseData measures a person's Figures. It is how the indicators come in:
// aftersales and complaint data satisfy it (see CaseIndicators), and staff
// imports no store.
type CaseData interface {
	Figures(ctx context.Context, personID string, p Period) (Figures, error)
}

// RequestFigures measures Figures other than Complaints from the requests a
// person is accountable for, with deadlines judged at asOf.
func RequestFigures(requests []*aftersales.Request, asOf time.Time) Figures {
	var f Figures
	for _, r := range requests {
		for _, d := range r.Deadlines {
			switch d.State(asOf) {
			case aftersales.DeadlineMet:
				f.Met++
			case aftersales.DeadlineMissed:
				f.Missed++
			}
		}
		if r.AcceptedAt != nil {
			f.Accepted++
			if len(r.Rejections) == 0 {
				f.FirstTime++
			}
		}
		f.Rework += len(r.Rejections)
		if r.Visit != nil {
			f.Visits++
			f.SatisfactionSum += r.Visit.Satisfaction
		}
	}
	return f
}

// CaseIndicators is a CaseData over functions that return the requests a
// person is accountable for and the complaints attributed to them; the
// wiring decides the attribution (a specialist's projects, a department's
// parts).
type CaseIndicators struct {
	Requests   func(ctx context.Context, personID string, p Period) ([]*aftersales.Request, error)
	Complaints func(ctx context.Context, personID string, p Period) (int, error)
	AsOf       func() time.Time
}

// Figures implements CaseData.
func (c CaseIndicators) Figures(ctx context.Context, personID string, p Period) (Figures, error) {
	rs, err := c.Requests(ctx, personID, p)
	if err != nil {
		return Figures{}, err
	}
	f := RequestFigures(rs, c.AsOf())
	if c.Complaints != nil {
		if f.Complaints, err = c.Complaints(ctx, personID, p); err != nil {
			return Figures{}, err
		}
	}
	return f, nil
}

// Line explains one indicator of an assessment.
type Line struct {
	Indicator Indicator       `json:"indicator"`
	Label     string          `json:"label"`
	Measured  string          `json:"measured"` // what was measured, in Chinese
	Score     decimal.Decimal `json:"score"`    // 0–100, 2 places
	Weight    decimal.Decimal `json:"weight"`
	Points    decimal.Decimal `json:"points"` // Score × Weight
}

// Assessment is one person's assessment for a period, the 售后人员考核记录表
// (S2.3): every indicator explained, the total, the band, and what it means
// for pay and promotion (S2.2).
type Assessment struct {
	ID             string          `json:"id"`
	Version        int             `json:"version"`
	PersonID       string          `json:"person_id"`
	Period         Period          `json:"period"`
	Figures        Figures         `json:"figures"`
	TrainingHours  decimal.Decimal `json:"training_hours"`
	ServiceQuality decimal.Decimal `json:"service_quality"` // the manager's rating
	RatedBy        string          `json:"rated_by"`
	Lines          []Line          `json:"lines"`
	Total          decimal.Decimal `json:"total"`
	Band           string          `json:"band"`
	Pay            decimal.Decimal `json:"pay"`
	Promotable     bool            `json:"promotable"`
	AssessedBy     string          `json:"assessed_by"`
	AssessedAt     time.Time       `json:"assessed_at"`
}

var hundred = decimal.NewFromInt(100)

// Score applies the scheme to figures, training hours and the manager's
// service-quality rating (0–100), indicator by indicator.
func (s Scheme) Score(f Figures, training, quality decimal.Decimal) (lines []Line, total decimal.Decimal, band Band, err error) {
	if quality.IsNegative() || quality.GreaterThan(hundred) {
		return nil, decimal.Zero, Band{}, invalid("service_quality_invalid", "服务质量评分 %s 无效，应在 0 至 100 之间", quality)
	}
	if !s.TrainingTarget.IsPositive() {
		return nil, decimal.Zero, Band{}, invalid("training_target_invalid", "培训学时目标须大于 0")
	}
	if training.IsNegative() {
		return nil, decimal.Zero, Band{}, invalid("training_hours_invalid", "培训学时不能为负")
	}
	ratio := func(n, d int, none string) (decimal.Decimal, string) {
		if d == 0 {
			return hundred, none
		}
		return decimal.NewFromInt(int64(n) * 100).Div(decimal.NewFromInt(int64(d))), fmt.Sprintf("%d / %d", n, d)
	}
	penalty := func(n int, per decimal.Decimal) decimal.Decimal {
		return decimal.Max(decimal.Zero, hundred.Sub(per.Mul(decimal.NewFromInt(int64(n)))))
	}
	for _, ind := range Indicators() {
		w, ok := s.Weights[ind]
		if !ok || w.IsZero() {
			continue
		}
		var score decimal.Decimal
		var measured string
		switch ind {
		case OnTime:
			score, measured = ratio(f.Met, f.Met+f.Missed, "本期无到期的期限")
			measured = "按期 " + measured
		case FirstTimeAcceptance:
			score, measured = ratio(f.FirstTime, f.Accepted, "本期无验收")
			measured = "一次验收合格 " + measured
		case Satisfaction:
			if f.Visits == 0 {
				score, measured = hundred, "本期无回访"
			} else {
				score = decimal.NewFromInt(int64(f.SatisfactionSum) * 20).Div(decimal.NewFromInt(int64(f.Visits)))
				measured = fmt.Sprintf("%d 次回访平均 %s 分（满分 5）", f.Visits,
					decimal.NewFromInt(int64(f.SatisfactionSum)).DivRound(decimal.NewFromInt(int64(f.Visits)), 2))
			}
		case Complaints:
			score, measured = penalty(f.Complaints, s.ComplaintPenalty), fmt.Sprintf("被投诉 %d 次，每次扣 %s 分", f.Complaints, s.ComplaintPenalty)
		case Rework:
			score, measured = penalty(f.Rework, s.ReworkPenalty), fmt.Sprintf("返工 %d 次，每次扣 %s 分", f.Rework, s.ReworkPenalty)
		case TrainingHoursInd:
			score = decimal.Min(hundred, training.Mul(hundred).Div(s.TrainingTarget))
			measured = fmt.Sprintf("培训 %s 学时，目标 %s 学时", training, s.TrainingTarget)
		case ServiceQuality:
			score, measured = quality, "主管评分"
		}
		score = score.Round(2)
		pts := score.Mul(w)
		lines = append(lines, Line{Indicator: ind, Label: ind.Label(), Measured: measured, Score: score, Weight: w, Points: pts})
		total = total.Add(pts)
	}
	total = total.Round(2)
	band, err = s.band(total)
	return lines, total, band, err
}

// Clone returns a deep copy of a.
func (a *Assessment) Clone() *Assessment {
	c := *a
	c.Lines = append([]Line(nil), a.Lines...)
	return &c
}
