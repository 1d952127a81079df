package warranty

import (
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Term is the effective warranty of one component class of a project: the
// longest of the company's period (W1.1), the contract's and the law's
// floor, ending by the Civil Code's rules (民法典 第二百零二、二百零三条).
type Term struct {
	Class    Class           `json:"class"`
	Floor    Floor           `json:"floor"`
	Contract *ContractTerm   `json:"contract,omitempty"`
	Period   calendar.Period `json:"period"` // from the start; Period.LastDay is the last day covered
	// Basis says which of the three decided the period, in Chinese.
	Basis string `json:"basis"`
}

// candidate is one way to reckon a class's warranty.
type candidate struct {
	last  calendar.Date
	basis string
}

// Term computes the effective warranty of class c. It needs the warranty's
// start (actual, or planned when it has not started: then Term says so
// through Period.From being the planned date).
func (w *Warranty) Term(cal *calendar.Calendar, seasons SeasonTable, c Class) (Term, error) {
	start, ok := w.startDate()
	if !ok {
		return Term{}, aftersales.Errorf(aftersales.KindNotAllowed, "warranty_not_started", "项目 %s 的质保期尚未开始，也没有计划开始日期", w.ProjectID)
	}
	floor := StatutoryFloor(c, w.DesignLifeYears)
	cands := []candidate{{calendar.AddMonths(start, 12*w.GeneralYears), fmt.Sprintf("公司售后管理制度（W1.1）%d 年", w.GeneralYears)}}
	law, err := w.reckon(seasons, c, start, floor.Years, floor.Seasons)
	switch {
	case c == Structure && w.DesignLifeYears == 0:
		return Term{}, invalid("design_life_required", "项目 %s 缺少设计文件规定的合理使用年限，无法确定地基基础和主体结构的保修期（%s）", w.ProjectID, floor.Law)
	case err != nil:
		return Term{}, err
	case floor.Years > 0 || floor.Seasons > 0:
		cands = append(cands, candidate{law, "法定最低期限 " + floor.String()})
	}
	t := Term{Class: c, Floor: floor}
	if ct, ok := w.contract(c); ok {
		t.Contract = &ct
		last, err := w.reckon(seasons, c, start, ct.Years, ct.Seasons)
		if err != nil {
			return Term{}, err
		}
		cands = append(cands, candidate{last, "施工合同约定 " + contractText(ct)})
	}
	best := cands[0]
	for _, x := range cands[1:] {
		if x.last.After(best.last) {
			best = x
		}
	}
	t.Basis = best.basis
	t.Period = rollForward(cal, start, best.last)
	return t, nil
}

// General returns the project's warranty period of W1.1, the one that the
// notice (W2.1), the inspections (W2.2) and the summary (W3.2) refer to.
func (w *Warranty) General(cal *calendar.Calendar) (calendar.Period, error) {
	start, ok := w.startDate()
	if !ok {
		return calendar.Period{}, aftersales.Errorf(aftersales.KindNotAllowed, "warranty_not_started", "项目 %s 的质保期尚未开始，也没有计划开始日期", w.ProjectID)
	}
	return cal.MonthPeriod(start, 12*w.GeneralYears)
}

// reckon returns the nominal last day of a period of years or seasons from
// start.
func (w *Warranty) reckon(seasons SeasonTable, c Class, start calendar.Date, years, n int) (calendar.Date, error) {
	if n == 0 {
		return calendar.AddMonths(start, 12*years), nil
	}
	s, ok := seasons[w.Region]
	if !ok || (s.Heating == nil && s.Cooling == nil) {
		return calendar.Date{}, invalid("region_seasons_unknown", "地区 %q 没有采暖期或供冷期数据，无法计算供热与供冷系统的保修期", w.Region)
	}
	// A system is warranted for n of its own seasons; where a region has
	// both, the later end covers heating and cooling alike.
	var last calendar.Date
	for _, x := range []*Season{s.Heating, s.Cooling} {
		if x != nil {
			if e := x.nthEnd(start, n); e.After(last) {
				last = e
			}
		}
	}
	return last, nil
}

// rollForward ends a period on nominal, moved to the next working day when
// it is a rest day (民法典 第二百零三条).
func rollForward(cal *calendar.Calendar, from, nominal calendar.Date) calendar.Period {
	last := cal.NextWorkday(nominal)
	return calendar.Period{From: from, Nominal: nominal, LastDay: last, Due: last.End(),
		Certainty: cal.Certainty(from.AddDays(1), last)}
}

func contractText(ct ContractTerm) string {
	if ct.Seasons > 0 {
		return fmt.Sprintf("%d 个采暖期或供冷期", ct.Seasons)
	}
	return fmt.Sprintf("%d 年", ct.Years)
}

// CheckContract checks one contract term as SetUp does: a known class, a
// period in years or (for HeatingCooling only) in heating or cooling
// seasons, and not below the class's statutory floor for a structure of
// designLife years, naming the law and the floor (W1.1). A form checks
// each term with it to show each refusal next to its component.
func CheckContract(ct ContractTerm, designLife int) error {
	if _, err := ParseClass(string(ct.Class)); err != nil {
		return err
	}
	if (ct.Years > 0) == (ct.Seasons > 0) || ct.Years < 0 || ct.Seasons < 0 || ct.Years > 200 || ct.Seasons > 200 {
		return invalid("contract_term_invalid", "%s的合同保修期须写明年数或采暖期（供冷期）数之一", ct.Class.Label())
	}
	f := StatutoryFloor(ct.Class, designLife)
	below := (ct.Years > 0 && f.Years > 0 && ct.Years < f.Years) || (ct.Seasons > 0 && f.Seasons > 0 && ct.Seasons < f.Seasons)
	if ct.Seasons > 0 && f.Seasons == 0 {
		return invalid("contract_term_invalid", "%s的保修期不能以采暖期计", ct.Class.Label())
	}
	if below {
		return invalid("below_statutory_floor", "合同约定的%s保修期 %s 低于法定最低期限 %s", ct.Class.Label(), contractText(ct), f)
	}
	return nil
}
