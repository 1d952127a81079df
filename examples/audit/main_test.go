package main

import (
	"archive/zip"
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

// clock is the command's clock in tests: the instant it would take when
// -now is not given.
func clock() time.Time { return cst(2026, 12, 31, 18, 0) }

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errs bytes.Buffer
	code := run(context.Background(), args, &out, &errs, clock)
	return code, out.String(), errs.String()
}

// TestSampleOutput runs the command on the sample ledger and compares what
// it prints with testdata/sample-output.txt, which the README shows
// (regenerate with -update).
func TestSampleOutput(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report.xlsx")
	code, out, errs := runCmd(t, "testdata/sample.xlsx", "-out", report, "-now", "2026-12-31 18:00")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	out = strings.ReplaceAll(out, report, "report.xlsx")
	golden := filepath.Join("testdata", "sample-output.txt")
	if *update {
		check(t, os.WriteFile(golden, []byte(out), 0o644))
	}
	want, err := os.ReadFile(golden)
	check(t, err)
	if out != string(want) {
		t.Errorf("output differs from %s (run -update after checking it):\n%s", golden, out)
	}
	for _, s := range []string{"读取 15 行", "拒绝 2 行", "P4.2", "[time_future]", "[time_order]", "报告已写入 report.xlsx"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q", s)
		}
	}
}

func TestReportWorkbook(t *testing.T) {
	report := filepath.Join(t.TempDir(), "report.xlsx")
	if code, _, errs := runCmd(t, "testdata/sample.xlsx", "-out", report); code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	f, err := excelize.OpenFile(report)
	check(t, err)
	defer func() { _ = f.Close() }()
	sheets := f.GetSheetList()
	for _, s := range []string{"汇总", "P1.2 转达", "P3.2 处理期限", "P4.2 回访", "C2.2 重大投诉", "C4.1 投诉结果反馈", "拒绝的行", "记录不完整"} {
		if !strings.Contains(strings.Join(sheets, "|"), s) {
			t.Errorf("report lacks sheet %s: %v", s, sheets)
		}
	}
	if sheets[0] != "汇总" {
		t.Errorf("first sheet %s, want 汇总", sheets[0])
	}
	if v, _ := f.GetCellValue("汇总", "B4"); v != "15" {
		t.Errorf("汇总 B4 (读取行数) = %q, want 15", v)
	}
	// FK-2026-006: completed Wed 9-30, visited Mon 10-12; P4.2's 3 working
	// days run 10-08, 10-09 and makeup Sat 10-10.
	rows, err := f.GetRows("P4.2 回访")
	check(t, err)
	found := false
	for _, r := range rows[1:] {
		if len(r) >= 9 && r[2] == "FK-2026-006" {
			found = true
			if r[6] != "2026-10-10 24:00" || r[7] != "2026-10-12 10:00" || r[8] != "1" || r[3] != "逾期完成" {
				t.Errorf("FK-2026-006 on P4.2: %v, want due 2026-10-10 24:00, done 10-12 10:00, 1 working day late", r)
			}
		}
	}
	if !found {
		t.Errorf("P4.2 sheet lacks FK-2026-006: %v", rows)
	}
	refused, err := f.GetRows("拒绝的行")
	check(t, err)
	if len(refused) != 3 || refused[1][4] != "time_order" || refused[2][2] != "D" || refused[2][4] != "time_future" {
		t.Errorf("refused rows %v, want a header and the two refusals with columns and codes", refused)
	}
	if empty, _ := f.GetRows("P3.3 协调"); len(empty) != 1 {
		t.Errorf("P3.3 sheet has %d rows, want only its header", len(empty))
	}
	zr, err := zip.OpenReader(report)
	check(t, err)
	defer func() { _ = zr.Close() }()
	chart := false
	for _, zf := range zr.File {
		chart = chart || strings.HasPrefix(zf.Name, "xl/charts/chart")
	}
	if !chart {
		t.Error("the summary sheet has no chart")
	}
}

func TestCompanyCSVWithMapping(t *testing.T) {
	code, out, errs := runCmd(t, "testdata/company.csv", "-map", "testdata/company-mapping.json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	// G-1: completed Fri 2-27; makeup Sat 2-28, 3-2, 3-3; visited 3-4: late.
	for _, s := range []string{"工作表“company”：客户反馈登记表", "读取 2 行", "G-1", "期限为 2026-03-04 00:00", "只有日期没有时刻", "未判定（台账缺少列）"} {
		if !strings.Contains(out, s) {
			t.Errorf("output lacks %q:\n%s", s, out)
		}
	}
}

func TestBadArguments(t *testing.T) {
	dir := t.TempDir()
	png := filepath.Join(dir, "photo.png")
	check(t, os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00"), 0o644))
	badMap := filepath.Join(dir, "map.json")
	check(t, os.WriteFile(badMap, []byte(`{"requests": {"columns": {"nope": "x"}}}`), 0o644))
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage"},
		{[]string{"a.xlsx", "b.xlsx"}, 2, "exactly one"},
		{[]string{"testdata/sample.xlsx", "-now", "明天"}, 2, "-now"},
		{[]string{filepath.Join(dir, "missing.xlsx")}, 1, "read_failed"},
		{[]string{png}, 1, "not_spreadsheet"},
		{[]string{"testdata/sample.xlsx", "-map", badMap}, 1, "mapping_invalid"},
		{[]string{"testdata/sample.xlsx", "-map", filepath.Join(dir, "none.json")}, 1, "映射文件"},
	} {
		code, _, errs := runCmd(t, c.args...)
		if code != c.code || !strings.Contains(errs, c.want) {
			t.Errorf("audit %v: exit %d, stderr %q; want exit %d mentioning %q", c.args, code, errs, c.code, c.want)
		}
	}
}
