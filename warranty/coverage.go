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
// the reason and the clause or article behind it. An empty component or
// cause, or a warranty not yet started, gives an undecided outcome that says
// what is missing; an unknown component class is an error.
func (w *Warranty) Decide(cal *calendar.Calendar, seasons SeasonTable, component string, reported calendar.Date, cause aftersales.Cause) (aftersales.CoverageDecision, error) {
	undecided := func(reason string) (aftersales.CoverageDecision, error) {
		return aftersales.CoverageDecision{Outcome: aftersales.CoverageUndecided, Reason: reason, Basis: "W1.2"}, nil
	}
	if cause != "" && !cause.Valid() {
		return aftersales.CoverageDecision{}, invalid("cause_invalid", "问题原因 %q 无效", cause)
	}
	switch cause {
	case aftersales.CauseMisuse, aftersales.CauseThirdParty, aftersales.CauseForceMajeure:
		return aftersales.CoverageDecision{Outcome: aftersales.CoverageExcluded, Basis: lawExclusions,
			Reason: fmt.Sprintf("%s造成的质量缺陷不属于保修范围，可按有偿维修处理（W3.1）", cause.Label())}, nil
	}
	if component == "" {
		return undecided("未指明部位类别，无法确定保修期")
	}
	class, err := ParseClass(component)
	if err != nil {
		return aftersales.CoverageDecision{}, err
	}
	if w.Start == nil {
		return undecided(fmt.Sprintf("项目 %s 的质保期尚未开始（尚无竣工验收、提交验收报告或转移占有的记录）", w.ProjectID))
	}
	if reported.Before(w.Start.Date) {
		return undecided(fmt.Sprintf("报修日期 %s 早于质保期开始日 %s，属施工合同履行期内的问题", reported, w.Start.Date))
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
