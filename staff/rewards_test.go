package staff_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// awards sums awards and lists their rule IDs.
func awards(as []staff.Award) (ids []string, total decimal.Decimal) {
	for _, a := range as {
		ids = append(ids, a.RuleID)
		total = total.Add(a.Amount)
	}
	return ids, total
}

// TestS3_1_DefaultRewardsAndPenalties: "公司应设立售后人员奖励制度，……" — the
// source breaks off here; the library's default scheme rewards
// commendations, a clean quarter and top satisfaction, and penalises
// repeated misses and upheld complaints, each award with its reason.
func TestS3_1_DefaultRewardsAndPenalties(t *testing.T) {
	svc, err := staff.NewService(staff.Config{Store: staff.NewMemStore()})
	require.NoError(t, err)
	high := dec("4.9")
	got := svc.Rewards(staff.RewardFacts{PersonID: "p-spec", Commendations: 2, Handled: 12, Missed: 0, Visits: 6, Satisfaction: &high})
	for _, a := range got {
		require.NotEmpty(t, a.Reason)
		require.NotEmpty(t, a.Label)
	}
	ids, total := awards(got)
	require.Equal(t, []string{"commendation", "clean_quarter", "top_satisfaction"}, ids)
	require.Equal(t, "1200", total.String())

	ids, total = awards(svc.Rewards(staff.RewardFacts{PersonID: "p-spec", Handled: 10, Missed: 3, UpheldComplaints: 2}))
	require.Equal(t, []string{"repeated_misses", "upheld_complaint"}, ids)
	require.Equal(t, "-700", total.String())
}

// TestS3_1_RewardFactsCheck: facts no period can have are refused with
// the field's code before any scheme judges them; those of the test above
// pass.
func TestS3_1_RewardFactsCheck(t *testing.T) {
	high, low, zero := dec("4.9"), dec("0.5"), dec("0")
	require.NoError(t, staff.RewardFacts{Commendations: 2, Handled: 12, Visits: 6, Satisfaction: &high}.Check())
	require.NoError(t, staff.RewardFacts{}.Check())
	for code, f := range map[string]staff.RewardFacts{
		"commendations_invalid":     {Commendations: -1},
		"handled_invalid":           {Handled: 2_000_000},
		"visits_invalid":            {Visits: -3},
		"upheld_complaints_invalid": {UpheldComplaints: -1},
		"missed_invalid":            {Handled: 2, Missed: 3},
		"satisfaction_invalid":      {Visits: 2, Satisfaction: &low},
	} {
		require.ErrorIs(t, f.Check(), &aftersales.Error{Kind: aftersales.KindInvalid, Code: code}, "%+v", f)
	}
	require.ErrorIs(t, staff.RewardFacts{Satisfaction: &zero}.Check(), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "satisfaction_invalid"},
		"a satisfaction without visits")
}

// TestS3_1_RewardThresholds: each default rule applies from its threshold
// on, not before.
func TestS3_1_RewardThresholds(t *testing.T) {
	svc, err := staff.NewService(staff.Config{Store: staff.NewMemStore()})
	require.NoError(t, err)
	s48, s47 := dec("4.8"), dec("4.79")
	tests := []struct {
		name  string
		facts staff.RewardFacts
		ids   []string
	}{
		{"5 deadlines, none missed", staff.RewardFacts{Handled: 5}, []string{"clean_quarter"}},
		{"4 deadlines are too few", staff.RewardFacts{Handled: 4}, nil},
		{"one miss spoils the quarter", staff.RewardFacts{Handled: 9, Missed: 1}, nil},
		{"4.8 over 5 visits", staff.RewardFacts{Visits: 5, Satisfaction: &s48}, []string{"top_satisfaction"}},
		{"4.79 is below", staff.RewardFacts{Visits: 5, Satisfaction: &s47}, nil},
		{"4 visits are too few", staff.RewardFacts{Visits: 4, Satisfaction: &s48}, nil},
		{"2 misses are not yet repeated", staff.RewardFacts{Handled: 10, Missed: 2}, nil},
		{"3 misses are", staff.RewardFacts{Handled: 10, Missed: 3}, []string{"repeated_misses"}},
		{"no facts, no awards", staff.RewardFacts{}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ids, _ := awards(svc.Rewards(tt.facts))
			require.Equal(t, tt.ids, ids)
		})
	}
}

// flatBonus is a company's own reward scheme: ¥100 per handled deadline.
type flatBonus struct{}

func (flatBonus) Evaluate(f staff.RewardFacts) []staff.Award {
	return []staff.Award{{RuleID: "flat", Label: "计件奖", Amount: decimal.NewFromInt(int64(100 * f.Handled)), Reason: "按件计奖"}}
}

// TestS3_1_ACompanyReplacesTheScheme: the rest of S3 is missing from the
// source, so the scheme is the company's to set: its own rules, checked
// when the Service is made, or its own RewardScheme altogether.
func TestS3_1_ACompanyReplacesTheScheme(t *testing.T) {
	own := staff.RewardRules{{ID: "praise", Label: "表扬", Trigger: staff.PerCommendation, Amount: dec("50")}}
	svc, err := staff.NewService(staff.Config{Store: staff.NewMemStore(), Rewards: own})
	require.NoError(t, err)
	ids, total := awards(svc.Rewards(staff.RewardFacts{Commendations: 3, Handled: 20}))
	require.Equal(t, []string{"praise"}, ids)
	require.Equal(t, "150", total.String())

	svc, err = staff.NewService(staff.Config{Store: staff.NewMemStore(), Rewards: flatBonus{}})
	require.NoError(t, err)
	_, total = awards(svc.Rewards(staff.RewardFacts{Handled: 7}))
	require.Equal(t, "700", total.String())

	for code, bad := range map[string]staff.RewardRules{
		"reward_trigger_unknown": {{ID: "x", Trigger: "birthday"}},
		"reward_rule_invalid":    {{ID: "x", Trigger: staff.PerCommendation}, {ID: "x", Trigger: staff.PerUpheldComplaint}},
	} {
		_, err := staff.NewService(staff.Config{Store: staff.NewMemStore(), Rewards: bad})
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: code})
	}
}
