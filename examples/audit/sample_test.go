package main

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/shouhou/shouhou/calendar"
	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
)

// update regenerates testdata: go test ./examples/audit -run TestSample -update
var update = flag.Bool("update", false, "regenerate the sample ledgers and the expected output in testdata")

func cst(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.CST())
}

// sampleRequests is the 客户反馈登记表 of the sample ledger: a year of a
// company's requests as its office typed them, dates in several formats,
// some cells real Excel dates, National Day and Spring Festival included,
// and two rows the audit must refuse.
var sampleRequests = [][]any{
	{"登记编号", "客户", "反馈方式", "接收时间", "问题原因", "是否紧急", "紧急处理时间", "责任部门", "转达时间", "方案制定时间", "问题类别",
		"完成时间", "验收时间", "验收签字人", "回访时间", "回访人", "满意度"},
	{"FK-2026-001", "张先生", "电话", cst(2026, 2, 13, 10, 0), "施工质量", "否", "", "项目一部", "2026/2/14 9:00", "2026/2/25 9:00", "简单",
		"2026/3/2 16:00", "2026/3/3 10:00", "张先生", "2026/3/5 15:00", "李四", "5"},
	{"FK-2026-002", "王女士", "微信", "2026年3月2日", "材料质量", "否", "", "物资采购部", "2026/3/4", "2026/3/5 9:00", "复杂",
		"2026/3/20 17:00", "2026/3/23 10:00", "王女士", "2026/3/24 10:00", "李四", "很满意"},
	{"FK-2026-003", "赵先生", "现场", "2026/5/29 17:30", "施工质量", "是", "2026/5/29 19:00", "项目二部", "2026/5/29 18:00", "2026/6/1 9:00",
		"简单", "2026/6/5 16:00", "2026/6/8 10:00", "赵先生", "2026/6/9 10:00", "李四", "4"},
	{"FK-2026-004", "钱先生", "电话", "2026/6/18 9:00", "设计", "否", "", "设计部", "2026/6/22 9:00", "2026/6/25 9:00", "复杂",
		"2026/7/10 17:00", "2026/7/13 10:00", "钱先生", "2026/7/20 10:00", "李四", "3"},
	{},
	{"FK-2026-005", "孙女士", "电话", "2026-09-30 16:20", "施工质量", "否", "", "项目一部", "2026-10-09 09:00", "2026年10月10日 10时00分",
		"简单", "2026/10/16 17:00", "2026/10/19 10:00", "孙女士", "2026/10/21 15:00", "李四", "5"},
	{"FK-2026-006", "周先生", "邮件", "2026/9/21 9:00", "材料质量", "否", "", "物资采购部", "2026/9/21 14:00", "2026/9/22 10:00", "复杂",
		"2026/9/30 17:00", "2026/10/9 10:00", "周先生", "2026/10/12 10:00", "李四", "4"},
	{"FK-2026-007", "吴女士", "电话", cst(2026, 10, 12, 11, 0), "施工质量", "否", "", "项目二部、设计部", "2026/10/13 9:00",
		"2026/10/15 9:00", "简单", "2026/10/20 17:00", "2026/10/21 10:00", "", "2026/10/23 10:00", "李四", "4"},
	{"FK-2026-008", "郑先生", "微信", "2026/11/2 9:00", "其他", "否", "", "项目三部", "2026/11/3 9:00", ""},
	{"FK-2026-009", "冯女士", "电话", "2026/11/16 15:00", "施工质量", "否", "", "项目一部", "2026/11/17 9:00", "2026/11/18 9:00", "简单",
		"2026/11/23 17:00", "2026/11/24 10:00", "冯女士", "", "", ""},
	{"FK-2026-010", "陈先生", "电话", "2026/12/1 9:00", "施工质量", "否", "", "项目一部", "2026/11/30 9:00"},
	{"FK-2026-011", "褚女士", "电话", "2027/1/4 9:00", "施工质量"},
	{"FK-2026-012", "卫先生", "来访", "2026/12/28 10:00", "使用不当", "否", "", "项目二部", "2026/12/28 15:00", "2026/12/29 9:00", "简单"},
}

// sampleComplaints is the 客户投诉登记表 of the sample ledger.
var sampleComplaints = [][]any{
	{"投诉编号", "投诉人", "投诉类型", "投诉方式", "接收时间", "重大投诉", "认定时间", "应急预案启动时间", "重大投诉反馈时间", "责任部门",
		"转达时间", "方案制定时间", "处理结果反馈时间", "升级时间", "升级后反馈时间", "客户确认满意时间"},
	{"TS-2026-01", "吴女士", "服务态度", "现场", "2026/5/6 9:00", "是", "2026/5/6 9:30", "2026/5/6 15:00", "2026/5/9 10:00", "售后管理部",
		"2026/5/6 10:00", "2026/5/8 9:00", "2026/5/14 9:00", "2026/5/15 10:00", "2026/5/27 10:00", "2026/5/28 10:00"},
	{"TS-2026-02", "周先生", "工程质量", "电话", "2026/9/30 10:00", "否", "", "", "", "项目一部", "2026/10/8 16:00", "2026/10/12 9:00",
		"2026/10/20 10:00", "", "", "2026/10/22 10:00"},
	{"TS-2026-03", "郑先生", "响应或处理不及时", "微信", "2026/11/20 9:00", "否", "", "", "", "项目三部", "2026/11/24 9:00"},
}

// sampleCompanyCSV is another company's ledger: its own headers in its own
// order, saved by Chinese Excel as GB18030 CSV.
const sampleCompanyCSV = "转达时间,编号,受理日期,处理部门,办结时间,回访日期\r\n" +
	"2026/2/14 9:00,G-1,2026/2/13,项目三部,2026/2/27 16:00,2026/3/4\r\n" +
	"2026/3/3 10:00,G-2,2026/3/2,项目三部,2026/3/9 10:00,2026/3/11\r\n"

const sampleCompanyMapping = `{
  "requests": {
    "columns": {
      "id": "编号",
      "received_at": "受理日期",
      "forwarded_at": "转达时间",
      "department": "处理部门",
      "completed_at": "办结时间",
      "visited_at": "回访日期"
    }
  }
}
`

// sampleWorkbook writes the sample ledger: a merged title row above each
// table, as offices print them.
func sampleWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for i, s := range []struct {
		name, title string
		rows        [][]any
	}{
		{"客户反馈登记表", "某建筑公司 2026 年客户反馈登记表", sampleRequests},
		{"客户投诉登记表", "某建筑公司 2026 年客户投诉登记表", sampleComplaints},
	} {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		check(t, f.SetCellValue(s.name, "A1", s.title))
		last, _ := excelize.CoordinatesToCellName(len(s.rows[0]), 1)
		check(t, f.MergeCell(s.name, "A1", last))
		for r, row := range s.rows {
			if len(row) > 0 {
				cell, _ := excelize.CoordinatesToCellName(1, r+2)
				check(t, f.SetSheetRow(s.name, cell, &row))
			}
		}
	}
	var b bytes.Buffer
	check(t, f.Write(&b))
	return b.Bytes()
}

func check(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// sampleFiles are the files of testdata the generator writes.
func sampleFiles(t *testing.T) map[string][]byte {
	gb, err := simplifiedchinese.GB18030.NewEncoder().Bytes([]byte(sampleCompanyCSV))
	check(t, err)
	return map[string][]byte{"sample.xlsx": sampleWorkbook(t), "company.csv": gb, "company-mapping.json": []byte(sampleCompanyMapping)}
}

// TestSampleLedgerIsGenerated checks that testdata holds what the generator
// writes (cell by cell for the workbook, whose zip differs by timestamps),
// and rewrites it with -update.
func TestSampleLedgerIsGenerated(t *testing.T) {
	for name, data := range sampleFiles(t) {
		path := filepath.Join("testdata", name)
		if *update {
			check(t, os.WriteFile(path, data, 0o644))
			continue
		}
		got, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./examples/audit -run TestSample -update)", err)
		}
		if filepath.Ext(name) != ".xlsx" {
			if !bytes.Equal(got, data) {
				t.Errorf("%s differs from the generator's (run -update)", path)
			}
			continue
		}
		if a, b := cells(t, got), cells(t, data); !slices.EqualFunc(a, b, slices.Equal) {
			t.Errorf("%s differs from the generator's (run -update)", path)
		}
	}
}

// cells returns every sheet's rows of a workbook, as formulas and values.
func cells(t *testing.T, data []byte) [][]string {
	f, err := excelize.OpenReader(bytes.NewReader(data))
	check(t, err)
	defer func() { _ = f.Close() }()
	var out [][]string
	for _, s := range f.GetSheetList() {
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		check(t, err)
		out = append(out, []string{s})
		out = append(out, rows...)
	}
	return out
}
