package ledger_test

import (
	"slices"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
)

// requestLedger is a 客户反馈登记表 with the default headers. The due dates
// in the tests below are counted by hand on the official 2026 calendar
// (calendar/testdata/cn-holidays/2026.json): 中秋 9-25..27 and 国庆
// 10-01..07 off, Sunday 9-20 and Saturday 10-10 working; 春节 2-15..23 off,
// Saturdays 2-14 and 2-28 working.
func requestLedger(t testing.TB) []byte {
	return workbook(t, sheet{name: "客户反馈登记表", rows: [][]any{
		requestHeader,
		// R1: over National Day.
		{"R1", "张先生", "电话", "2026/9/30 16:20", "施工质量", "否", "", "项目一部", "2026-10-09 09:00", "2026年10月10日 10时00分",
			"简单", "", "", "2026/10/16 17:00", "2026/10/19 10:00", "张先生", "2026/10/21 15:00", "李四", "5"},
		{},
		// R2: completed before the holiday, accepted after it (P4.2).
		{"R2", "王女士", "微信", "2026/9/21 9:00", "材料质量", "否", "", "物资采购部", "2026/9/21 14:00", "2026/9/22 10:00",
			"复杂", "", "", "2026/9/30 17:00", "2026/10/9 10:00", "王女士", "2026/10/12 10:00", "李四", "很满意"},
		// R3: Spring Festival; never completed.
		{"R3", "赵先生", "现场", "2026/2/13 10:00", "设计", "否", "", "设计部", "2026/2/14 9:00", "2026/2/25 9:00", "简单"},
		// R4: dates without times.
		{"R4", "钱先生", "邮件", "2026年3月2日", "其他", "否", "", "项目二部", "2026/3/4"},
		// R5: a rework round; urgent.
		{"R5", "孙女士", "电话", "2026/6/1 8:00", "施工质量", "是", "2026/6/1 14:00", "项目一部", "2026/6/1 9:00", "2026/6/2 9:00",
			"简单", "2026/6/5 17:00", "2026/6/8 10:00", "2026/6/16 10:00", "2026/6/17 10:00", "", "2026/6/18 10:00", "李四", "3"},
	}})
}

func TestRequestClausesOnTheOfficialCalendar(t *testing.T) {
	sum, recs := run(t, "ledger.xlsx", requestLedger(t), ledger.Options{})
	if sum.Read != 5 || sum.Refused != 0 || sum.Requests != 5 || sum.Blank != 0 {
		t.Errorf("summary read %d refused %d requests %d blank %d, want 5 0 5 0", sum.Read, sum.Refused, sum.Requests, sum.Blank)
	}
	type want struct {
		id     string
		clause aftersales.Clause
		kind   aftersales.FindingKind
		due    time.Time
		late   int
	}
	for _, w := range []want{
		// R1: received Wed 9-30; 10-01..07 off; the 1st working day after is Thu 10-08.
		{"R1", aftersales.ClauseP1_2, aftersales.FindingLate, due(2026, 10, 8), 1},
		// R1: forwarded Fri 10-09; 5 working days: Sat 10-10 (makeup), 10-12, 13, 14, 15.
		{"R1", aftersales.ClauseP3_2, aftersales.FindingLate, due(2026, 10, 15), 1},
		// R2: completed Wed 9-30; 3 working days: 10-08, 10-09, Sat 10-10. Visited Mon 10-12.
		{"R2", aftersales.ClauseP4_2, aftersales.FindingLate, due(2026, 10, 10), 1},
		// R3: forwarded on makeup Sat 2-14; 2-15..23 off; 5 working days: 2-24..27 and makeup Sat 2-28.
		{"R3", aftersales.ClauseP3_2, aftersales.FindingMissed, due(2026, 2, 28), -1},
		// R4: received Mon 3-2 (no time); the 1st working day after is Tue 3-3; forwarded Wed 3-4.
		{"R4", aftersales.ClauseP1_2, aftersales.FindingLate, due(2026, 3, 3), 1},
		// R5: urgent, received 08:00, measures at 14:00: 4 clock hours (DefaultPolicy) end at 12:00.
		{"R5", aftersales.ClauseP1_3, aftersales.FindingLate, at(2026, 6, 1, 12, 0), 0},
		// R5: rejected Mon 6-8; the rework round: 6-9..12, 6-15 (端午 is 6-19); completed 6-16.
		{"R5", aftersales.ClauseP3_2, aftersales.FindingLate, due(2026, 6, 15), 1},
	} {
		fs := findings(recs[w.id], w.clause)
		if len(fs) != 1 {
			t.Errorf("%s %s: %d findings %+v, want 1", w.id, w.clause, len(fs), recs[w.id].Findings)
			continue
		}
		f := fs[0]
		if f.Kind != w.kind || !f.Due.Equal(w.due) || (w.late >= 0 && f.LateWorkdays != w.late) {
			t.Errorf("%s %s: %s due %v late %d, want %s due %v late %d", w.id, w.clause, f.Kind, f.Due, f.LateWorkdays, w.kind, w.due, w.late)
		}
		if f.Sheet != "客户反馈登记表" || f.ID != w.id || f.Row == 0 {
			t.Errorf("%s: finding placed at %s row %d id %s", w.id, f.Sheet, f.Row, f.ID)
		}
	}
	// Kept on time, each counted on the same calendar.
	for _, k := range []struct {
		id     string
		clause aftersales.Clause
	}{
		{"R1", aftersales.ClauseP3_1}, // forwarded Fri 10-09, planned on makeup Sat 10-10: due 10-12 24:00
		{"R1", aftersales.ClauseP4_2}, // completed Fri 10-16, visited Wed 10-21: due 10-21 24:00
		{"R2", aftersales.ClauseP1_2},
		{"R2", aftersales.ClauseP3_2}, // complex, forwarded 9-21: 10 working days end Mon 10-12
		{"R3", aftersales.ClauseP1_2}, // forwarded on makeup Sat 2-14, the 1st working day after Fri 2-13
		{"R3", aftersales.ClauseP3_1}, // due Wed 2-25 24:00 after the festival
		{"R5", aftersales.ClauseP4_2}, // completed Tue 6-16, visited Thu 6-18
	} {
		if o := outcome(recs[k.id], k.clause); o != ledger.OutcomeKept {
			t.Errorf("%s %s: outcome %s, want kept; findings %+v", k.id, k.clause, o, recs[k.id].Findings)
		}
	}
	if got := noteCodes(recs["R4"]); !slices.Equal(got, []string{ledger.CodeTimeMissing, ledger.CodeTimeMissing}) {
		t.Errorf("R4 notes %v, want two %s", got, ledger.CodeTimeMissing)
	}
	if n := recs["R4"].Notes[0]; n.Column != "D" || n.Header != "接收时间" || n.Row != 6 {
		t.Errorf("R4 note at %s row %d (%s), want D row 6 (接收时间)", n.Column, n.Row, n.Header)
	}
	// R5 was accepted without a signature on the ledger.
	if fs := findings(recs["R5"], aftersales.ClauseP4_1); len(fs) != 1 || fs[0].Kind != aftersales.FindingMissing {
		t.Errorf("R5 P4.1 findings %+v, want one missing signature", fs)
	}
}

func TestP4_2RunsFromCompletionNotAcceptance(t *testing.T) {
	// Completed Wed 9-30, accepted Fri 10-09 after National Day, visited
	// Mon 10-12. From the completion (处理完毕) the 3 working days are 10-08,
	// 10-09 and makeup Sat 10-10: late. Counted from the acceptance it would
	// have been on time (10-10, 10-12, 10-13).
	_, recs := run(t, "ledger.xlsx", requestLedger(t), ledger.Options{})
	fs := findings(recs["R2"], aftersales.ClauseP4_2)
	if len(fs) != 1 || !fs[0].Due.Equal(due(2026, 10, 10)) {
		t.Fatalf("R2 P4.2 findings %+v, want one due 2026-10-10 24:00 (from completion)", fs)
	}
	if o := outcome(recs["R2"], aftersales.ClauseP4_2); o != ledger.OutcomeBreached {
		t.Errorf("R2 P4.2 outcome %s, want breached", o)
	}
}

func TestClauseRates(t *testing.T) {
	sum, _ := run(t, "ledger.xlsx", requestLedger(t), ledger.Options{})
	rates := map[aftersales.Clause]ledger.ClauseSummary{}
	for _, c := range sum.Clauses {
		rates[c.Clause] = c
	}
	// P1.2: R2, R3, R5 kept; R1, R4 late.
	if c := rates[aftersales.ClauseP1_2]; c.Kept != 3 || c.Breached != 2 || c.Rate == nil || c.Rate.String() != "60" {
		t.Errorf("P1.2 %+v, want 3 kept, 2 breached, 60%%", c)
	}
	// P1.3 applies to the one urgent request, R5, late.
	if c := rates[aftersales.ClauseP1_3]; c.Kept != 0 || c.Breached != 1 {
		t.Errorf("P1.3 %+v, want 0 kept 1 breached", c)
	}
	// P3.2: R2 kept; R1, R3, R5 breached; R4 not yet planned: its default
	// complex period from 3-4 has long passed, so it is breached too.
	if c := rates[aftersales.ClauseP3_2]; c.Kept != 1 || c.Breached != 4 {
		t.Errorf("P3.2 %+v, want 1 kept 4 breached", c)
	}
	if len(sum.Worst) == 0 || sum.Worst[0].ID != "R3" && sum.Worst[0].ID != "R4" {
		t.Errorf("worst %+v, want a never-done step of R3 or R4 first", sum.Worst)
	}
}

func TestP4_2VisitBeforeAcceptanceIsJudgedFromCompletion(t *testing.T) {
	// Completed Tue 6-16, visited Thu 6-18, accepted Mon 6-22 (端午 6-19..21
	// off): the visit falls within 6-17, 6-18, 6-22 and is not refused as out
	// of order.
	csv := "登记编号,接收时间,责任部门,转达时间,方案制定时间,问题类别,完成时间,回访时间,验收时间,验收签字人\n" +
		"V-1,2026/6/10 9:00,项目一部,2026/6/10 10:00,2026/6/11 9:00,简单,2026/6/16 17:00,2026/6/18 10:00,2026/6/22 10:00,张先生\n" +
		"V-2,2026/6/10 9:00,项目一部,2026/6/10 10:00,2026/6/11 9:00,简单,2026/6/16 17:00,2026/6/15 10:00,2026/6/22 10:00,张先生\n"
	_, recs := run(t, "visits.csv", []byte(csv), ledger.Options{})
	v1 := recs["V-1"]
	if v1.Err != nil || outcome(v1, aftersales.ClauseP4_2) != ledger.OutcomeKept || outcome(v1, aftersales.ClauseP4_1) != ledger.OutcomeKept {
		t.Errorf("V-1: %v, outcomes %+v, findings %+v; want P4.1 and P4.2 kept", v1.Err, v1.Outcomes, v1.Findings)
	}
	if e := recs["V-2"].Err; e == nil || e.Code != ledger.CodeTimeOrder || e.Header != "回访时间" {
		t.Errorf("V-2 visited before completion: %v, want %s on 回访时间", e, ledger.CodeTimeOrder)
	}
}
