package ledger_test

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
)

func TestNotASpreadsheet(t *testing.T) {
	var z bytes.Buffer
	zw := zip.NewWriter(&z)
	w, _ := zw.Create("word/document.xml")
	_, _ = w.Write([]byte("<w:document/>"))
	_ = zw.Close()
	for _, c := range []struct {
		name string
		data []byte
		code string
	}{
		{"photo.png", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), ledger.CodeNotSpreadsheet},
		{"scan.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj"), ledger.CodeNotSpreadsheet},
		{"letter.docx", z.Bytes(), ledger.CodeNotSpreadsheet},
		{"old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0}, ledger.CodeXLSUnsupported},
		{"empty.csv", nil, ledger.CodeSheetEmpty},
		{"notes.txt", []byte("会议纪要\n今天讨论了售后工作。\n"), ledger.CodeHeaderMissing},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := auditErr(t, c.name, c.data, ledger.Options{})
			if e.Code != c.code || e.Message == "" {
				t.Errorf("code %s (%s), want %s", e.Code, e, c.code)
			}
		})
	}
}

func TestEmptySheet(t *testing.T) {
	e := auditErr(t, "empty.xlsx", workbook(t, sheet{name: "客户反馈登记表"}), ledger.Options{})
	if e.Code != ledger.CodeSheetEmpty || e.Sheet != "客户反馈登记表" {
		t.Errorf("got %s, want %s naming the sheet", e, ledger.CodeSheetEmpty)
	}
}

func TestMappingNamesAMissingColumn(t *testing.T) {
	m, err := ledger.ParseMapping([]byte(`{"requests": {"columns": {"received_at": "受理日期"}}}`))
	if err != nil {
		t.Fatal(err)
	}
	data := workbook(t, sheet{name: "台账", rows: [][]any{
		{"2026 年台账"},
		{"登记编号", "接收日期", "转达时间"},
		{"X-1", "2026/9/30", "2026/10/8"},
	}})
	e := auditErr(t, "ledger.xlsx", data, ledger.Options{Mapping: m})
	if e.Code != ledger.CodeColumnMissing || e.Sheet != "台账" || e.Row != 2 || e.Header != "受理日期" {
		t.Errorf("got %s (row %d, header %q), want %s on the header row 2 naming 受理日期", e, e.Row, e.Header, ledger.CodeColumnMissing)
	}
	if !strings.Contains(e.Error(), "工作表“台账”第 2 行") {
		t.Errorf("message %q does not say where", e.Error())
	}
}

func TestMappingNamesAMissingSheet(t *testing.T) {
	m, _ := ledger.ParseMapping([]byte(`{"requests": {"sheet": "2025"}}`))
	e := auditErr(t, "ledger.xlsx", requestLedger(t), ledger.Options{Mapping: m})
	if e.Code != ledger.CodeSheetMissing || e.Sheet != "2025" {
		t.Errorf("got %s, want %s naming 2025", e, ledger.CodeSheetMissing)
	}
}

func TestBadMappingFiles(t *testing.T) {
	for _, bad := range []string{
		`not json`,
		`{}`,
		`{"requests": {"columns": {"recieved_at": "接收时间"}}}`,
		`{"requests": {"colums": {}}}`,
		`{"requests": {"columns": {"received_at": "$1A"}}}`,
		`{"requests": {"header_row": 99}}`,
		`{"requests": {}, "channels": {"400": "fax"}}`,
		`{"requests": {}} {}`,
	} {
		_, err := ledger.ParseMapping([]byte(bad))
		var e *ledger.Error
		if !errors.As(err, &e) || e.Code != ledger.CodeMappingInvalid {
			t.Errorf("ParseMapping(%s) = %v, want %s", bad, err, ledger.CodeMappingInvalid)
		}
	}
}

// Bad rows are refused one by one, naming the row and column, and the rest
// of the ledger is still judged.
func TestBadRowsAreRefusedAndTheRestAudited(t *testing.T) {
	data := workbook(t, sheet{name: "客户反馈登记表", rows: [][]any{
		{"登记编号", "反馈方式", "接收时间", "问题原因", "责任部门", "转达时间", "方案制定时间", "问题类别", "完成时间"},
		{"OK-1", "电话", "2026/9/30 16:20", "施工质量", "项目一部", "2026/10/8 9:00"},
		{"F-1", "电话", "2027/1/5 9:00"},
		{"O-1", "电话", "2026/9/30 16:20", "施工质量", "项目一部", "2026/9/29 9:00"},
		{"O-2", "电话", "2026/9/30 16:20", "施工质量", "项目一部", "2026/10/8 9:00", "2026/10/9", "简单", "2026/10/8"},
		{"D-1", "电话", "2026/13/1 9:00"},
		{"D-2", "电话", "2026/2/30"},
		{"N-1", "传真", "2026/9/30 16:20"},
		{"N-2", "电话", "2026/9/30 16:20", "天气"},
		{"N-3", "电话", "2026/9/30 16:20", "施工质量", "项目一部", "2026/10/8 9:00", "2026/10/9 9:00", "一般般"},
		{"E-1", "电话", ""},
		{"OK-2", "电话", "2026/9/30 16:20", "施工质量", "项目一部", "2026/10/9 9:00"},
	}})
	sum, recs := run(t, "ledger.xlsx", data, ledger.Options{})
	if sum.Read != 11 || sum.Refused != 9 || sum.Requests != 2 {
		t.Errorf("read %d refused %d audited %d, want 11 9 2", sum.Read, sum.Refused, sum.Requests)
	}
	for _, c := range []struct {
		id, code, column string
		row              int
	}{
		{"F-1", ledger.CodeTimeFuture, "C", 3},
		{"O-1", ledger.CodeTimeOrder, "F", 4},
		{"O-2", ledger.CodeTimeOrder, "I", 5},
		{"D-1", ledger.CodeTimeInvalid, "C", 6},
		{"D-2", ledger.CodeTimeInvalid, "C", 7},
		{"N-1", ledger.CodeChannelUnknown, "B", 8},
		{"N-2", ledger.CodeCauseUnknown, "D", 9},
		{"N-3", ledger.CodeComplexityUnknown, "H", 10},
		{"E-1", ledger.CodeValueRequired, "C", 11},
	} {
		e := recs[c.id].Err
		if e == nil {
			t.Errorf("%s was not refused", c.id)
			continue
		}
		if e.Code != c.code || e.Column != c.column || e.Row != c.row || e.Sheet != "客户反馈登记表" || e.Header == "" {
			t.Errorf("%s: %s at %s%d (%s), want %s at %s%d", c.id, e.Code, e.Column, e.Row, e.Header, c.code, c.column, c.row)
		}
		if !errors.Is(e, aftersales.ErrInvalid) || aftersales.KindOf(e) != aftersales.KindInvalid {
			t.Errorf("%s: %v is not an invalid-kind error", c.id, e)
		}
		if recs[c.id].Request != nil || recs[c.id].Findings != nil {
			t.Errorf("%s was refused yet audited", c.id)
		}
	}
	if !strings.Contains(recs["O-1"].Err.Error(), "转达时间") || !strings.Contains(recs["O-1"].Err.Error(), "接收时间") {
		t.Errorf("O-1 message %q names neither step", recs["O-1"].Err)
	}
	if recs["OK-2"].Err != nil || len(findings(recs["OK-2"], aftersales.ClauseP1_2)) != 1 {
		t.Errorf("OK-2 after the bad rows: %v %+v, want audited with P1.2 late", recs["OK-2"].Err, recs["OK-2"].Findings)
	}
}

func TestNowIsRequired(t *testing.T) {
	_, err := ledger.Audit(context.Background(), "x.csv", strings.NewReader("接收时间\n2026/1/5\n"), ledger.Options{}, nil)
	if !errors.Is(err, ledger.ErrNowRequired) {
		t.Errorf("err = %v, want ErrNowRequired", err)
	}
}

func TestHandlerErrorStopsTheAudit(t *testing.T) {
	stop := errors.New("stop")
	n := 0
	_, err := ledger.Audit(context.Background(), "ledger.xlsx", bytes.NewReader(requestLedger(t)), ledger.Options{Now: now},
		func(ledger.Record) error { n++; return stop })
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("err %v after %d rows, want stop after 1", err, n)
	}
}

func TestCancelledContext(t *testing.T) {
	var b strings.Builder
	b.WriteString("登记编号,接收时间\n")
	for i := 0; i < 5000; i++ {
		b.WriteString("X,2026/9/30 9:00\n")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := ledger.Audit(ctx, "big.csv", strings.NewReader(b.String()), ledger.Options{Now: now}, nil)
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
}
