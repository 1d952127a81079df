package warranty

import (
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

const lawExclusions = "房屋建筑工程质量保修办法（建设部令第80号）第十七条"

// Decide says whether a defect of the given component, reported on
// reported with the given cause, is repaired free (W1.2), paid (W3.1), or
// excluded (misuse, third parties and force majeure: 80号令 第十七条), with
// the reason and the clause or article behind it.
//
// Inside the general period of W1.1 (GeneralYears from the start) a quality
// problem is free whatever the component, since every class's term is at
// least that period (W1.2): the component class may then be left empty.
// After the general period the class decides, and an empty component gives
// an undecided outcome that asks for it. An empty cause, or a warranty not
// yet started, also gives an undecided outcome that says what is missing; an
// unknown component class is an error.
func (w *Warranty) Decide(cal *calendar.Calendar, seasons SeasonTable, component string, reported calendar.Date, cause aftersales.Cause) (aftersales.CoverageDecision, error) {
	if cause != "" && !cause.Valid() {
		return aftersales.CoverageDecision{}, invalid("cause_invalid", "问题原因 %q 无效", cause)
	}
	switch cause {
	case aftersales.CauseMisuse, aftersales.CauseThirdParty, aftersales.CauseForceMajeure:
		return aftersales.CoverageDecision{Outcome: aftersales.CoverageExcluded, Basis: lawExclusions,
			Reason: fmt.Sprintf("%s造成的质量缺陷不属于保修范围，可按有偿维修处理（W3.1）", cause.Label())}, nil
	}
	var class Class
	if component != "" {
		c, err := ParseClass(component)
		if err != nil {
			return aftersales.CoverageDecision{}, err
		}
		class = c
	}
	if w.Start == nil {
		return undecided(fmt.Sprintf("项目 %s 的质保期尚未开始（尚无竣工验收、提交验收报告或转移占有的记录）", w.ProjectID))
	}
	if reported.Before(w.Start.Date) {
		return undecided(fmt.Sprintf("报修日期 %s 早于质保期开始日 %s，属施工合同履行期内的问题", reported, w.Start.Date))
	}
	if class == "" {
		return w.decideGeneral(cal, reported, cause)
	}
	t, err := w.Term(cal, seasons, class)
	if err != nil {
		return aftersales.CoverageDecision{}, err
	}
	if reported.After(t.Period.LastDay) {
		return aftersales.CoverageDecision{Outcome: aftersales.CoveragePaid, Basis: "W3.1",
			Reason: fmt.Sprintf("%s保修期已于 %s 届满（%s），可根据实际情况提供有偿维修", class.Label(), t.Period.LastDay, t.Basis)}, nil
	}
	if cause == "" {
		return undecided(fmt.Sprintf("在%s保修期内（至 %s），待查明原因：使用不当、第三方或不可抗力造成的不属保修范围（%s）",
			class.Label(), t.Period.LastDay, lawExclusions))
	}
	return aftersales.CoverageDecision{Outcome: aftersales.CoverageFree, Basis: "W1.2；" + t.Floor.Law,
		Reason: fmt.Sprintf("在%s保修期内（%s 至 %s，依据：%s），免费维修", class.Label(), w.Start.Date, t.Period.LastDay, t.Basis)}, nil
}

// decideGeneral decides a problem reported with no component class. W1.2:
// "在质保期内，若出现质量问题，公司应免费为客户提供维修服务" — inside the general
// period of W1.1, which no class's term is shorter than (Term counts it
// among the candidates), the repair is free whatever the component. After
// it, only the class can say whether a longer statutory or contract term
// still runs, so the outcome is undecided until the class is known.
func (w *Warranty) decideGeneral(cal *calendar.Calendar, reported calendar.Date, cause aftersales.Cause) (aftersales.CoverageDecision, error) {
	g, err := w.General(cal)
	if err != nil {
		return aftersales.CoverageDecision{}, err
	}
	if reported.After(g.LastDay) {
		return undecided(fmt.Sprintf("一般质保期（W1.1，%d 年）已于 %s 届满，未指明部位类别，无法确定是否仍在该部位的保修期内", w.GeneralYears, g.LastDay))
	}
	if cause == "" {
		return undecided(fmt.Sprintf("在一般质保期内（至 %s），待查明原因：使用不当、第三方或不可抗力造成的不属保修范围（%s）",
			g.LastDay, lawExclusions))
	}
	return aftersales.CoverageDecision{Outcome: aftersales.CoverageFree, Basis: "W1.2；W1.1",
		Reason: fmt.Sprintf("在一般质保期内（%s 至 %s，公司售后管理制度（W1.1）%d 年），任何部位的质量问题均免费维修", w.Start.Date, g.LastDay, w.GeneralYears)}, nil
}

// undecided is an undecided coverage outcome for the given reason.
func undecided(reason string) (aftersales.CoverageDecision, error) {
	return aftersales.CoverageDecision{Outcome: aftersales.CoverageUndecided, Reason: reason, Basis: "W1.2"}, nil
}
