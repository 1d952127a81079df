package staff

import (
	"fmt"

	"github.com/shopspring/decimal"
)

// The regulation's chapter S3 breaks off after "公司应设立售后人员奖励制度，"
// (S3.1): the source document is truncated there. What follows is this
// library's design, chosen to fit the rest of the regulation — rewards for
// what the regulation asks for (praise from customers, deadlines kept,
// satisfied customers), penalties for what it forbids (missed deadlines,
// upheld complaints) — and built to be replaced: a company implements
// RewardScheme, or edits the rules of DefaultRewards.

// RewardFacts are what a reward scheme judges a person on for a period,
// usually a quarter.
type RewardFacts struct {
	PersonID         string
	Period           Period
	Commendations    int              // customer commendations (表扬信、锦旗)
	Handled          int              // deadlines that came due in the period
	Missed           int              // of those, missed
	Visits           int              // follow-up visits
	Satisfaction     *decimal.Decimal // their average, 1–5; nil without visits
	UpheldComplaints int              // complaints upheld against the person
}

// Award is one reward or penalty with its reason.
type Award struct {
	RuleID string          `json:"rule_id"`
	Label  string          `json:"label"`
	Amount decimal.Decimal `json:"amount"` // yuan; negative for a penalty
	Reason string          `json:"reason"` // in Chinese
}

// maxFactCount is the largest count of one kind RewardFacts.Check takes
// for a period: far more than a person meets in a quarter or a year.
const maxFactCount = 1_000_000

// Check says what makes f facts no period can have, as an invalid-kind
// error: a negative count or one beyond a million, more deadlines missed
// than came due, or a satisfaction outside 1–5, or one without visits.
// Evaluate judges whatever it is given; a caller that takes the facts
// from a person (a form, an API) checks them first.
func (f RewardFacts) Check() error {
	for _, c := range []struct {
		n          int
		code, name string
	}{{f.Commendations, "commendations", "表扬次数"}, {f.Handled, "handled", "到期期限数"}, {f.Missed, "missed", "逾期期限数"},
		{f.Visits, "visits", "回访次数"}, {f.UpheldComplaints, "upheld_complaints", "成立的投诉数"}} {
		if c.n < 0 || c.n > maxFactCount {
			return invalid(c.code+"_invalid", "%s应为 0 至 %d 的整数，收到 %d", c.name, maxFactCount, c.n)
		}
	}
	if f.Missed > f.Handled {
		return invalid("missed_invalid", "逾期期限数 %d 多于到期期限数 %d", f.Missed, f.Handled)
	}
	if s := f.Satisfaction; s != nil && (f.Visits == 0 || s.LessThan(decimal.NewFromInt(1)) || s.GreaterThan(decimal.NewFromInt(5))) {
		return invalid("satisfaction_invalid", "平均满意度应在 1 至 5 之间，且须有回访（收到 %s，回访 %d 次）", s, f.Visits)
	}
	return nil
}

// RewardScheme decides a person's awards. Implement it to replace the
// default rules wholesale.
type RewardScheme interface {
	Evaluate(f RewardFacts) []Award
}

// Trigger is what a reward rule looks at.
type Trigger string

// The triggers of the default rules.
const (
	// PerCommendation: Amount for each customer commendation.
	PerCommendation Trigger = "commendation"
	// NoMissedDeadline: Amount once when at least Threshold deadlines came
	// due and none was missed.
	NoMissedDeadline Trigger = "no_missed_deadline"
	// TopSatisfaction: Amount once when the average satisfaction is at
	// least Threshold over at least MinVisits visits.
	TopSatisfaction Trigger = "top_satisfaction"
	// RepeatedMisses: Amount once when at least Threshold deadlines were
	// missed.
	RepeatedMisses Trigger = "repeated_misses"
	// PerUpheldComplaint: Amount for each complaint upheld against the
	// person.
	PerUpheldComplaint Trigger = "upheld_complaint"
)

// RewardRule is one configurable rule.
type RewardRule struct {
	ID        string          `json:"id"`
	Label     string          `json:"label"`
	Trigger   Trigger         `json:"trigger"`
	Threshold decimal.Decimal `json:"threshold,omitzero"`
	MinVisits int             `json:"min_visits,omitempty"`
	Amount    decimal.Decimal `json:"amount"` // yuan; negative for a penalty
}

// RewardRules is the default RewardScheme: a list of rules, each applied.
type RewardRules []RewardRule

// DefaultRewards returns starting rules for a quarter: ¥200 per customer
// commendation; ¥500 for a quarter with at least 5 deadlines due and none
// missed; ¥300 for an average satisfaction of 4.8 or more over at least 5
// visits; −¥300 for 3 or more missed deadlines; −¥200 per upheld complaint.
func DefaultRewards() RewardRules {
	return RewardRules{
		{ID: "commendation", Label: "客户表扬", Trigger: PerCommendation, Amount: dec("200")},
		{ID: "clean_quarter", Label: "季度无逾期", Trigger: NoMissedDeadline, Threshold: dec("5"), Amount: dec("500")},
		{ID: "top_satisfaction", Label: "回访满意度优秀", Trigger: TopSatisfaction, Threshold: dec("4.8"), MinVisits: 5, Amount: dec("300")},
		{ID: "repeated_misses", Label: "多次逾期", Trigger: RepeatedMisses, Threshold: dec("3"), Amount: dec("-300")},
		{ID: "upheld_complaint", Label: "投诉属实", Trigger: PerUpheldComplaint, Amount: dec("-200")},
	}
}

// Validate refuses rules without an ID or with an unknown trigger.
func (rs RewardRules) Validate() error {
	ids := map[string]bool{}
	for _, r := range rs {
		if r.ID == "" || ids[r.ID] {
			return invalid("reward_rule_invalid", "奖惩规则须有唯一编号")
		}
		ids[r.ID] = true
		switch r.Trigger {
		case PerCommendation, NoMissedDeadline, TopSatisfaction, RepeatedMisses, PerUpheldComplaint:
		default:
			return invalid("reward_trigger_unknown", "奖惩规则 %s 的触发条件 %q 未知", r.ID, r.Trigger)
		}
	}
	return nil
}

// Evaluate implements RewardScheme.
func (rs RewardRules) Evaluate(f RewardFacts) []Award {
	var out []Award
	times := func(r RewardRule, n int, reason string) {
		if n > 0 {
			out = append(out, Award{RuleID: r.ID, Label: r.Label, Amount: r.Amount.Mul(decimal.NewFromInt(int64(n))), Reason: reason})
		}
	}
	for _, r := range rs {
		switch r.Trigger {
		case PerCommendation:
			times(r, f.Commendations, fmt.Sprintf("客户表扬 %d 次", f.Commendations))
		case PerUpheldComplaint:
			times(r, f.UpheldComplaints, fmt.Sprintf("投诉属实 %d 件", f.UpheldComplaints))
		case NoMissedDeadline:
			if f.Missed == 0 && !decimal.NewFromInt(int64(f.Handled)).LessThan(r.Threshold) {
				times(r, 1, fmt.Sprintf("本期到期 %d 项期限，无一逾期", f.Handled))
			}
		case TopSatisfaction:
			if f.Satisfaction != nil && f.Visits >= r.MinVisits && !f.Satisfaction.LessThan(r.Threshold) {
				times(r, 1, fmt.Sprintf("%d 次回访平均满意度 %s", f.Visits, f.Satisfaction))
			}
		case RepeatedMisses:
			if !decimal.NewFromInt(int64(f.Missed)).LessThan(r.Threshold) {
				times(r, 1, fmt.Sprintf("本期逾期 %d 项", f.Missed))
			}
		}
	}
	return out
}
