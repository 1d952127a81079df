package export_test

import (
	"bytes"
	"encoding/csv"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/export"
)

func sample() export.Document {
	return export.Document{Title: "客户反馈登记表", Clause: "P1.2、P4.1", Subject: "AS-0001",
		Fields:  []export.Field{{"客户", "张先生"}, {"问题描述", strings.Repeat("卫生间顶棚渗水，", 30) + "\n第二行"}},
		Columns: []string{"条款", "状态"}, Rows: [][]string{{"P1.2", "按期"}, {"P3.1"}},
		Notes: []string{"客户签字：________________"}}
}

func TestParseFormat(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want export.Format
	}{{"xlsx", export.XLSX}, {"csv", export.CSV}, {"XLSX", export.XLSX}, {" .csv ", export.CSV}} {
		f, err := export.ParseFormat(tc.in)
		require.NoError(t, err, tc.in)
		assert.Equal(t, tc.want, f, tc.in)
	}
	for _, in := range []string{"pdf", "", "xls", "xlsx2", "c sv"} {
		_, err := export.ParseFormat(in)
		require.Error(t, err, in)
		assert.True(t, errors.Is(err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "format_unsupported"}), in)
	}
}

func TestContentType(t *testing.T) {
	assert.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", export.ContentType(export.XLSX))
	assert.Equal(t, "text/csv; charset=utf-8", export.ContentType(export.CSV))
	assert.Equal(t, "", export.ContentType("pdf"))
}

func TestFileName(t *testing.T) {
	for _, tc := range []struct {
		title, subject string
		f              export.Format
		want           string
	}{
		{"客户反馈登记表", "AS-0001", export.XLSX, "客户反馈登记表-AS-0001.xlsx"},
		{"客户投诉分析报告", "2026-11", export.CSV, "客户投诉分析报告-2026-11.csv"},
		{"质保期总结报告", "", export.XLSX, "质保期总结报告.xlsx"},
		{"项目巡查记录表", `P/1\2:3*4?5"6<7>8|9` + "\x00\n", export.CSV, "项目巡查记录表-P123456789.csv"},
		{"客户回访记录表", " ..AS-0002.. ", export.XLSX, "客户回访记录表-AS-0002.xlsx"},
		{"", "", export.CSV, "export.csv"},
	} {
		d := export.Document{Title: tc.title, Subject: tc.subject}
		assert.Equal(t, tc.want, d.FileName(tc.f), "%q %q", tc.title, tc.subject)
	}
}

// An unknown format is refused and nothing is written.
func TestWriteUnknownFormat(t *testing.T) {
	var buf bytes.Buffer
	err := sample().Write(&buf, "pdf")
	assert.Equal(t, aftersales.KindInvalid, aftersales.KindOf(err))
	assert.Zero(t, buf.Len())
}

func TestLayout(t *testing.T) {
	views(t, sample())
	// Fields only: no table, no notes, no blank rows after them.
	d := export.Document{Title: "质保期总结报告", Fields: []export.Field{{"项目编号", "P-001"}}}
	for _, v := range views(t, d) {
		assert.Len(t, v.grid(), 3, v.format())
	}
	// An empty document still has its title.
	for _, v := range views(t, export.Document{Title: "客户回访记录表"}) {
		assert.Equal(t, "客户回访记录表", v.cell("A1"))
	}
}

// The workbook prints on A4, fitted to the width, with the table's header
// repeated; its title is bold and its header shaded; it is titled.
func TestXLSXPrintSetup(t *testing.T) {
	d := sample()
	x := openXLSX(t, d)
	f, sheet := x.f, x.sheet

	layout, err := f.GetPageLayout(sheet)
	require.NoError(t, err)
	assert.Equal(t, 9, *layout.Size, "A4")
	assert.Equal(t, 1, *layout.FitToWidth)
	assert.Equal(t, 0, *layout.FitToHeight, "as many pages as it takes")
	props, err := f.GetSheetProps(sheet)
	require.NoError(t, err)
	assert.True(t, *props.FitToPage)
	doc, err := f.GetDocProps()
	require.NoError(t, err)
	assert.Equal(t, "客户反馈登记表", doc.Title)
	assert.Equal(t, "AS-0001", doc.Subject)

	names := f.GetDefinedName()
	require.Len(t, names, 1)
	assert.Equal(t, "_xlnm.Print_Titles", names[0].Name)
	assert.Equal(t, "'客户反馈登记表'!$6:$6", names[0].RefersTo, "the table's header")

	style := func(cell string) *excelize.Style {
		id, err := f.GetCellStyle(sheet, cell)
		require.NoError(t, err)
		s, err := f.GetStyle(id)
		require.NoError(t, err)
		return s
	}
	assert.True(t, style("A1").Font.Bold, "title")
	assert.Greater(t, style("A1").Font.Size, 11.0, "title")
	assert.Len(t, style("A3").Border, 4, "field label")
	assert.Len(t, style("B3").Border, 4, "field value")
	assert.Len(t, style("B4").Border, 4, "field value")
	assert.True(t, style("B4").Alignment.WrapText, "field value")
	assert.True(t, style("A6").Font.Bold, "header")
	assert.Equal(t, []string{"D9E1F2"}, style("B6").Fill.Color, "header")
	assert.True(t, style("A7").Alignment.WrapText, "row")
	assert.Len(t, style("B8").Border, 4, "a short row is bordered to the end")

	for _, col := range []string{"A", "B"} {
		w, err := f.GetColWidth(sheet, col)
		require.NoError(t, err)
		assert.Greater(t, w, 9.0, "column %s sized", col)
	}
	h, err := f.GetRowHeight(sheet, 4)
	require.NoError(t, err)
	assert.Greater(t, h, 40.0, "a long wrapped value gets its lines")
}

// A title that is no valid sheet name is made one: at most 31 characters,
// none of : \ / ? * [ ].
func TestXLSXSheetName(t *testing.T) {
	d := export.Document{Title: "[草稿] 客户投诉分析报告：2026/11 月度（含重大投诉、升级、重复投诉人与环比分析）"}
	var buf bytes.Buffer
	require.NoError(t, d.WriteXLSX(&buf))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	defer f.Close()
	require.Len(t, f.GetSheetList(), 1)
	name := f.GetSheetList()[0]
	assert.Equal(t, "草稿 客户投诉分析报告：202611 月度（含重大投诉、升级、", name, "a full-width colon is allowed")
	assert.LessOrEqual(t, len([]rune(name)), 31)
	title, err := f.GetCellValue(name, "A1")
	require.NoError(t, err)
	assert.Equal(t, d.Title, title, "the title itself is kept in full")
}

// CSV values a spreadsheet would run as formulas are written as text;
// numbers, percentages and phone numbers are not touched.
func TestCSVFormulaGuard(t *testing.T) {
	d := export.Document{Title: "客户投诉登记表", Fields: []export.Field{
		{"投诉内容", `=HYPERLINK("http://x","点我")`}, {"a", "@SUM(A1)"}, {"b", "+1+cmd|' /C calc'!A0"}, {"c", "-2+3"},
		{"d", "-100%"}, {"e", "+86 138 0000 0000"}, {"f", "-12.5"}, {"g", "正常文字=1"}, {"h", "\t=1"}}}
	var buf bytes.Buffer
	require.NoError(t, d.WriteCSV(&buf))
	records, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(buf.String(), "\uFEFF"))).ReadAll()
	require.NoError(t, err)
	var got []string
	for _, r := range records[2:] {
		got = append(got, r[1])
	}
	assert.Equal(t, []string{`'=HYPERLINK("http://x","点我")`, "'@SUM(A1)", "'+1+cmd|' /C calc'!A0", "'-2+3",
		"-100%", "+86 138 0000 0000", "-12.5", "正常文字=1", "'\t=1"}, got)

	x := openXLSX(t, d)
	assert.Equal(t, `=HYPERLINK("http://x","点我")`, x.cell("B3"), "a workbook cell is text, written as it is")
	formula, err := x.f.GetCellFormula(x.sheet, "B3")
	require.NoError(t, err)
	assert.Empty(t, formula)
}

// errWriter fails every write.
type errWriter struct{}

func (errWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteError(t *testing.T) {
	for _, f := range []export.Format{export.XLSX, export.CSV} {
		err := sample().Write(errWriter{}, f)
		assert.ErrorContains(t, err, "disk full", f)
	}
}

// Text that looks like a workbook escape sequence, or holds a character XML
// cannot, reads back as written (excelize v2.11.1 alone turns "_x0041_"
// into "A").
func TestXLSXEscapes(t *testing.T) {
	d := export.Document{Title: "客户反馈登记表", Fields: []export.Field{{"附件", "photo_x0041_.jpg"},
		{"问题描述", "_x0041_x0042_"}, {"a", "_x005F_"}, {"b", "a\x01b\rc"}}}
	x := openXLSX(t, d)
	checkLayout(t, x, d)
	assert.Equal(t, "photo_x0041_.jpg", x.cell("B3"))
}
