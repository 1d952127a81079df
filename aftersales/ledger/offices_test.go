package ledger_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// An office's workbook: a merged title, a two-row header whose times sit
// under a merged 时间 group, a vertically merged 备注, blank rows, dates in
// several formats and an Excel date cell.
func TestMergedHeadersBlankRowsMixedDates(t *testing.T) {
	data := workbook(t, sheet{name: "2026年台账",
		rows: [][]any{
			{"某建筑公司 2026 年客户反馈登记表"},
			{"登记编号", "客户", "时间", nil, nil, nil, "问题类别", "备注"},
			{nil, nil, "接收", "转达", "完成", "回访", nil, nil},
			{"A-1", "张先生", at(2026, 9, 30, 16, 20), "2026年10月9日 9:00", "2026/10/16 17:00", "2026-10-21 15:00", "简单", ""},
			{},
			{nil, "  ", "\u3000"},
			{"A-2", "王女士", "2026.9.21 9:00", "2026/9/21 下午2点", "2026年9月30日 17时", "2026/10/12 10:00", "复杂", "节后回访"},
		},
		merges: [][2]string{{"A1", "H1"}, {"A2", "A3"}, {"B2", "B3"}, {"C2", "F2"}, {"G2", "G3"}, {"H2", "H3"}},
	})
	m, err := ledger.ParseMapping([]byte(`{"requests": {"columns": {
		"id": "登记编号", "received_at": "时间/接收", "forwarded_at": "时间/转达",
		"completed_at": "时间/完成", "visited_at": "时间/回访"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	sum, recs := run(t, "台账.xlsx", data, ledger.Options{Mapping: m})
	if sum.Read != 2 || sum.Blank != 1 || sum.Refused != 0 {
		t.Fatalf("read %d blank %d refused %d, want 2 1 0 (one row of spaces; empty rows have no cells)", sum.Read, sum.Blank, sum.Refused)
	}
	tb := sum.Tables[0]
	if tb.HeaderRow != 3 || tb.Columns[ledger.FieldReceivedAt] != "C" || tb.Columns[ledger.FieldVisitedAt] != "F" ||
		tb.Columns[ledger.FieldComplexity] != "G" {
		t.Errorf("table %+v, want header row 3, 接收 in C, 回访 in F, 问题类别 in G", tb)
	}
	// the Excel date cell reads as 9-30 16:20; P1.2 due 10-08 24:00, forwarded 10-09: late.
	a1 := recs["A-1"]
	if fs := findings(a1, aftersales.ClauseP1_2); len(fs) != 1 || !fs[0].Due.Equal(due(2026, 10, 8)) ||
		!fs[0].DoneAt.Equal(at(2026, 10, 9, 9, 0)) {
		t.Errorf("A-1 P1.2 %+v, want late, due 2026-10-08 24:00, done 10-09 09:00", fs)
	}
	if ev := a1.Request[0]; !ev.Registration.ReceivedAt.Equal(at(2026, 9, 30, 16, 20)) {
		t.Errorf("A-1 received %v, want the Excel date 2026-09-30 16:20", ev.Registration.ReceivedAt)
	}
	// 下午2点 is 14:00; 17时 reads as 17:00; the visit is late from completion (P4.2).
	a2 := recs["A-2"]
	if fs := findings(a2, aftersales.ClauseP1_2); len(fs) != 0 {
		t.Errorf("A-2 forwarded the same afternoon, yet P1.2 %+v", fs)
	}
	if fs := findings(a2, aftersales.ClauseP4_2); len(fs) != 1 || !fs[0].Due.Equal(due(2026, 10, 10)) {
		t.Errorf("A-2 P4.2 %+v, want late, due 2026-10-10 24:00", fs)
	}
	if a2.Row != 7 {
		t.Errorf("A-2 row %d, want 7 (rows counted as Excel shows them, blank rows included)", a2.Row)
	}
}

// A company's CSV, saved by Chinese Excel in GB18030, with its own headers
// in its own order: the date it was received without a time (受理日期), the
// forwarding first.
func TestGB18030CSVWithTheCompanysOwnColumns(t *testing.T) {
	text := "转达时间,编号,受理日期,处理部门,办结时间,回访日期\r\n" +
		"2026/2/14 9:00,G-1,2026/2/13,项目三部,2026/2/27 16:00,2026/3/4\r\n" +
		"\r\n" +
		"2026/3/3 10:00,G-2,2026/3/2,项目三部,,\r\n"
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(text))
	if err != nil {
		t.Fatal(err)
	}
	if bytes.Equal(gb, []byte(text)) {
		t.Fatal("the test text did not change when encoded: it must hold Chinese")
	}
	m, err := ledger.ParseMapping([]byte(`{"requests": {"columns": {"id": "编号", "received_at": "受理日期",
		"forwarded_at": "转达时间", "department": "处理部门", "completed_at": "办结时间", "visited_at": "回访日期"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	sum, recs := run(t, "台账2026.csv", gb, ledger.Options{Mapping: m})
	if sum.Read != 2 || sum.Tables[0].Sheet != "台账2026" {
		t.Fatalf("read %d rows from sheet %q, want 2 from 台账2026", sum.Read, sum.Tables[0].Sheet)
	}
	g1 := recs["G-1"]
	if g1.Row != 2 || g1.Cells[ledger.FieldDepartment] != "项目三部" {
		t.Errorf("G-1 at row %d with department %q, want row 2 and 项目三部 decoded", g1.Row, g1.Cells[ledger.FieldDepartment])
	}
	// G-1: completed Fri 2-27; 3 working days: makeup Sat 2-28, Mon 3-2, Tue 3-3. Visited 3-4 (date only): late.
	if fs := findings(g1, aftersales.ClauseP4_2); len(fs) != 1 || !fs[0].Due.Equal(due(2026, 3, 3)) || fs[0].LateWorkdays != 1 {
		t.Errorf("G-1 P4.2 %+v, want late by 1, due 2026-03-03 24:00", fs)
	}
	// G-1 received Fri 2-13 with no time: forwarded on makeup Sat 2-14 is on time.
	if o := outcome(g1, aftersales.ClauseP1_2); o != ledger.OutcomeKept {
		t.Errorf("G-1 P1.2 %s, want kept", o)
	}
	if codes := noteCodes(g1); len(codes) != 2 || codes[0] != ledger.CodeTimeMissing {
		t.Errorf("G-1 notes %v, want time_missing for 受理日期 and 回访日期", codes)
	}
	// G-2: received Mon 3-2, forwarded Tue 3-3 10:00, handled never: P3.2 complex (not classified) missed.
	g2 := recs["G-2"]
	if fs := findings(g2, aftersales.ClauseP3_2); len(fs) != 1 || fs[0].Kind != aftersales.FindingMissed {
		t.Errorf("G-2 P3.2 %+v, want missed", fs)
	}
	// The ledger has no 方案制定时间: P3.1 is not judged, never breached.
	for _, c := range sum.Clauses {
		if c.Clause == aftersales.ClauseP3_1 && (c.Breached != 0 || c.Unjudged != 2 || len(c.Missing) == 0) {
			t.Errorf("P3.1 %+v, want 2 unjudged for want of 方案制定时间", c)
		}
	}
	if o := outcome(g2, aftersales.ClauseP3_1); o != ledger.OutcomeUnjudged {
		t.Errorf("G-2 P3.1 %s, want unjudged", o)
	}
}

func TestUTF8CSVWithBOMAndDefaultHeaders(t *testing.T) {
	text := "\ufeff登记编号,接收时间,责任部门,转达时间\n" +
		"B-1,2026-09-30 16:20,项目一部,2026-10-08 09:00\n"
	sum, recs := run(t, "export.csv", []byte(text), ledger.Options{})
	if sum.Read != 1 || sum.Tables[0].Columns[ledger.FieldID] != "A" {
		t.Fatalf("read %d, table %+v: the BOM must not hide the first header", sum.Read, sum.Tables)
	}
	if o := outcome(recs["B-1"], aftersales.ClauseP1_2); o != ledger.OutcomeKept {
		t.Errorf("B-1 P1.2 %s, want kept (forwarded Thu 10-08, the 1st working day after 9-30)", o)
	}
}

// A column in the wrong place: the company put 完成时间 first; the default
// mapping finds every column by its header, wherever it stands.
func TestColumnsInAnyOrder(t *testing.T) {
	data := workbook(t, sheet{name: "客户反馈登记表", rows: [][]any{
		{"完成时间", "转达时间", "接收时间", "登记编号", "方案制定时间", "问题类别"},
		{"2026/6/12 9:00", "2026/6/5 9:00", "2026/6/4 9:00", "C-1", "2026/6/8 9:00", "简单"},
	}})
	_, recs := run(t, "moved.xlsx", data, ledger.Options{})
	c1 := recs["C-1"]
	// Forwarded Fri 6-05: P3.1 due Tue 6-09 24:00 (planned Mon 6-08: kept); P3.2 simple due Fri 6-12 24:00 (kept).
	for _, c := range []aftersales.Clause{aftersales.ClauseP1_2, aftersales.ClauseP3_1, aftersales.ClauseP3_2} {
		if o := outcome(c1, c); o != ledger.OutcomeKept {
			t.Errorf("C-1 %s: %s, want kept; findings %+v", c, o, c1.Findings)
		}
	}
	if got := c1.Request[len(c1.Request)-1].At; !got.Equal(time.Date(2026, 6, 12, 9, 0, 0, 0, got.Location())) {
		t.Errorf("last event at %v, want the completion 6-12 09:00 read from column A", got)
	}
}

// A fixed header row and columns named by letter, for a sheet whose headers
// say nothing useful.
func TestHeaderRowAndColumnLetters(t *testing.T) {
	data := workbook(t, sheet{name: "Sheet", rows: [][]any{
		{"2026"},
		{"登记编号", "日期", "日期2"},
		{"L-1", "2026/9/30 16:20", "2026/10/9 9:00"},
	}})
	m, err := ledger.ParseMapping([]byte(`{"requests": {"header_row": 2, "columns": {"received_at": "$B", "forwarded_at": "$C"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	sum, recs := run(t, "letters.xlsx", data, ledger.Options{Mapping: m})
	if sum.Tables[0].HeaderRow != 2 || sum.Tables[0].Columns[ledger.FieldForwardedAt] != "C" {
		t.Fatalf("table %+v, want header row 2 and 转达 in C", sum.Tables[0])
	}
	if fs := findings(recs["L-1"], aftersales.ClauseP1_2); len(fs) != 1 || !fs[0].Due.Equal(due(2026, 10, 8)) {
		t.Errorf("L-1 P1.2 %+v, want late against 2026-10-08 24:00", fs)
	}
}

// A workbook in the 1904 date system (old Mac Excel): its date cells are
// counted from 1904.
func TestDate1904Workbook(t *testing.T) {
	f := excelize.NewFile()
	yes := true
	if err := f.SetWorkbookProps(&excelize.WorkbookPropsOptions{Date1904: &yes}); err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]any{"A1": "登记编号", "B1": "接收时间", "A2": "M-1", "B2": at(2026, 9, 30, 15, 0)} {
		if err := f.SetCellValue("Sheet1", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	_, recs := run(t, "mac.xlsx", b.Bytes(), ledger.Options{})
	if got := recs["M-1"].Request[0].Registration.ReceivedAt; !got.Equal(at(2026, 9, 30, 15, 0)) {
		t.Errorf("received %v, want 2026-09-30 15:00 counted in the 1904 system", got)
	}
}
