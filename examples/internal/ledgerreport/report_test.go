package ledgerreport_test

import (
	"bytes"
	"context"
	"os"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/internal/ledgerreport"
)

// TestWriteTheSampleReport audits the command's sample ledger into a
// Report and writes it to a buffer, as the desk's download does: the 汇总
// sheet first with the rows read, a sheet per clause, the refused rows; a
// second Write is refused rather than writing a broken workbook.
func TestWriteTheSampleReport(t *testing.T) {
	data, err := os.ReadFile("../../audit/testdata/sample.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	rep := ledgerreport.New()
	defer func() { _ = rep.Close() }()
	now := time.Date(2026, 12, 31, 18, 0, 0, 0, calendar.CST())
	sum, err := ledger.Audit(context.Background(), "sample.xlsx", bytes.NewReader(data), ledger.Options{Now: now}, rep.Add)
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := rep.Write(&out, sum); err != nil {
		t.Fatal(err)
	}
	if err := rep.Write(&bytes.Buffer{}, sum); err == nil {
		t.Error("a second Write succeeded")
	}
	f, err := excelize.OpenReader(&out)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = f.Close() }()
	sheets := f.GetSheetList()
	if len(sheets) == 0 || sheets[0] != "汇总" {
		t.Fatalf("sheets %v, want 汇总 first", sheets)
	}
	if v, _ := f.GetCellValue("汇总", "B4"); v != "15" {
		t.Errorf("汇总 B4 (读取行数) = %q, want 15", v)
	}
	for _, s := range []string{"P1.2 转达", "P4.2 回访", "C4.1 投诉结果反馈", "拒绝的行"} {
		if idx, _ := f.GetSheetIndex(s); idx < 0 {
			t.Errorf("no sheet %s in %v", s, sheets)
		}
	}
}

func TestLabels(t *testing.T) {
	if got := ledgerreport.NoteText(ledger.CodeTimeMissing); got == ledger.CodeTimeMissing {
		t.Errorf("NoteText(%s) has no text", got)
	}
	if got := ledgerreport.NoteText("no_such_code"); got != "no_such_code" {
		t.Errorf("NoteText of an unknown code = %q", got)
	}
	if got := ledgerreport.SortedCodes(map[string]int{"b": 1, "a": 2}); len(got) != 2 || got[0] != "a" {
		t.Errorf("SortedCodes = %v", got)
	}
}
