package ledger_test

import (
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/complaint"
)

var complaintHeader = []any{"投诉编号", "投诉人", "投诉类型", "投诉方式", "接收时间", "重大投诉", "认定时间", "应急预案启动时间",
	"重大投诉反馈时间", "责任部门", "转达时间", "方案制定时间", "处理结果反馈时间", "升级时间", "升级后反馈时间", "客户确认满意时间"}

// complaintLedger holds two complaints on the 客户投诉登记表; its due dates are
// counted by hand on the official 2026 calendar (国庆 10-01..07 off,
// Saturday 10-10 working; 劳动节 5-01..05 off, Saturday 5-09 working).
func complaintLedger(t testing.TB) []byte {
	return workbook(t, sheet{name: "客户投诉登记表", rows: [][]any{
		complaintHeader,
		{"K1", "周先生", "工程质量", "电话", "2026/9/30 10:00", "否", "", "", "", "项目一部", "2026/10/8 16:00", "2026/10/12 9:00",
			"2026/10/20 10:00", "", "", "2026/10/22 10:00"},
		{"K2", "吴女士", "服务态度", "现场", "2026/5/6 9:00", "是", "", "2026/5/6 15:00", "2026/5/9 10:00", "售后管理部",
			"2026/5/6 10:00", "2026/5/8 9:00", "2026/5/14 9:00", "2026/5/15 10:00", "2026/5/27 10:00", "2026/5/28 10:00"},
	}})
}

func TestComplaintClausesOnTheOfficialCalendar(t *testing.T) {
	sum, recs := run(t, "complaints.xlsx", complaintLedger(t), ledger.Options{})
	if sum.Complaints != 2 || sum.Requests != 0 || sum.Refused != 0 {
		t.Fatalf("summary complaints %d requests %d refused %d, want 2 0 0", sum.Complaints, sum.Requests, sum.Refused)
	}
	type want struct {
		id     string
		clause aftersales.Clause
		due    time.Time
		late   int
	}
	for _, w := range []want{
		// K1: forwarded Thu 10-08; 7 working days: 10-09, Sat 10-10, 10-12..16. Answered Tue 10-20.
		{"K1", complaint.ClauseC4_1, due(2026, 10, 16), 2},
		// K2: major at receipt 09:00; the emergency plan within 2 clock hours; started 15:00.
		{"K2", complaint.ClauseC2_2, at(2026, 5, 6, 11, 0), 0},
		// K2: feedback within 2 working days of Wed 5-06: 5-07, 5-08; given on makeup Sat 5-09.
		{"K2", complaint.ClauseC2_2, due(2026, 5, 8), 1},
		// K2: escalated Fri 5-15; the next level's 7 working days: 5-18..22, 5-25, 5-26; answered Wed 5-27.
		{"K2", complaint.ClauseC4_1, due(2026, 5, 26), 1},
	} {
		found := false
		for _, f := range findings(recs[w.id], w.clause) {
			if f.Due.Equal(w.due) {
				found = true
				if f.Kind != aftersales.FindingLate || f.LateWorkdays != w.late {
					t.Errorf("%s %s due %v: %s late %d, want late by %d", w.id, w.clause, w.due, f.Kind, f.LateWorkdays, w.late)
				}
			}
		}
		if !found {
			t.Errorf("%s %s: no finding due %v in %+v", w.id, w.clause, w.due, recs[w.id].Findings)
		}
	}
	if n := len(recs["K1"].Findings); n != 1 {
		t.Errorf("K1 has %d findings, want only C4.1: %+v", n, recs["K1"].Findings)
	}
	// K1 C2.1: received Wed 9-30, forwarded Thu 10-08, the 1st working day after.
	// K1 C3.1: 3 working days from 10-08 are 10-09, Sat 10-10, 10-12: planned 10-12.
	for _, c := range []aftersales.Clause{complaint.ClauseC2_1, complaint.ClauseC3_1} {
		if o := outcome(recs["K1"], c); o != ledger.OutcomeKept {
			t.Errorf("K1 %s outcome %s, want kept", c, o)
		}
	}
	if o := outcome(recs["K1"], complaint.ClauseC2_2); o != "" {
		t.Errorf("K1 is not major, yet C2.2 outcome %s", o)
	}
	if got := noteCodes(recs["K2"]); len(got) != 1 || got[0] != ledger.CodeMajorAtAssumed {
		t.Errorf("K2 notes %v, want %s", got, ledger.CodeMajorAtAssumed)
	}
}

func TestRequestsAndComplaintsInOneWorkbook(t *testing.T) {
	req := requestLedger(t)
	_ = req
	data := workbook(t,
		sheet{name: "说明", rows: [][]any{{"本工作簿为 2026 年售后台账"}}},
		sheet{name: "需求", rows: [][]any{requestHeader,
			{"R9", "张先生", "电话", "2026/9/30 16:20", "施工质量", "否", "", "项目一部", "2026/10/8 9:00"}}},
		sheet{name: "投诉", rows: [][]any{complaintHeader,
			{"K9", "周先生", "工程质量", "电话", "2026/9/30 10:00", "否", "", "", "", "项目一部", "2026/10/8 16:00"}}},
	)
	sum, recs := run(t, "both.xlsx", data, ledger.Options{})
	if recs["R9"].Kind != ledger.Requests || recs["K9"].Kind != ledger.Complaints {
		t.Errorf("kinds R9 %s K9 %s, want requests and complaints, recognised by their headers", recs["R9"].Kind, recs["K9"].Kind)
	}
	if len(sum.Tables) != 2 || sum.Tables[0].Sheet != "需求" || sum.Tables[1].Sheet != "投诉" {
		t.Errorf("tables %+v, want 需求 and 投诉 (说明 has no header)", sum.Tables)
	}
}
