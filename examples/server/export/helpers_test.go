package export_test

import (
	"bytes"
	"encoding/csv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/shouhou/shouhou/examples/server/export"
)

// view is a written document read back: a workbook's sheet or a CSV file.
type view interface {
	// cell returns the text at ref, such as "B3".
	cell(ref string) string
	// grid returns every row from row 1, as far as it has text.
	grid() [][]string
	format() export.Format
}

// xlsxView reads a cell of the workbook's one sheet.
type xlsxView struct {
	t     *testing.T
	f     *excelize.File
	sheet string
}

func (v xlsxView) cell(ref string) string {
	s, err := v.f.GetCellValue(v.sheet, ref)
	require.NoError(v.t, err)
	return s
}

func (v xlsxView) grid() [][]string {
	rows, err := v.f.GetRows(v.sheet)
	require.NoError(v.t, err)
	return rows
}

func (xlsxView) format() export.Format { return export.XLSX }

// csvView reads a record of the CSV file.
type csvView struct {
	t       *testing.T
	records [][]string
}

func (v csvView) cell(ref string) string {
	col, row, err := excelize.CellNameToCoordinates(ref)
	require.NoError(v.t, err)
	if row > len(v.records) || col > len(v.records[row-1]) {
		return ""
	}
	return v.records[row-1][col-1]
}

func (v csvView) grid() [][]string { return v.records }

func (csvView) format() export.Format { return export.CSV }

// openXLSX writes d as a workbook and opens it again.
func openXLSX(t *testing.T, d export.Document) xlsxView {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, d.Write(&buf, export.XLSX))
	f, err := excelize.OpenReader(&buf)
	require.NoError(t, err)
	t.Cleanup(func() { f.Close() })
	require.Equal(t, []string{d.Title}, f.GetSheetList(), "one sheet, named by the title")
	return xlsxView{t: t, f: f, sheet: d.Title}
}

// openCSV writes d as CSV and parses it back after its byte order mark;
// the default reader also checks that every record has as many fields.
func openCSV(t *testing.T, d export.Document) csvView {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, d.Write(&buf, export.CSV))
	text, ok := strings.CutPrefix(buf.String(), "\uFEFF")
	require.True(t, ok, "CSV starts with a UTF-8 byte order mark")
	require.Contains(t, text, "\r\n", "RFC 4180 line ends")
	records, err := csv.NewReader(strings.NewReader(text)).ReadAll()
	require.NoError(t, err)
	return csvView{t: t, records: records}
}

// views writes d in both formats and checks each against d, cell by cell.
func views(t *testing.T, d export.Document) []view {
	t.Helper()
	vs := []view{openXLSX(t, d), openCSV(t, d)}
	for _, v := range vs {
		checkLayout(t, v, d)
	}
	return vs
}

// want is one expected row: its cells from column A and, in a workbook,
// the column from which its last cell is merged to the sheet's end (0: none).
type want struct {
	cells []string
	merge int
}

// expectedLayout is the document as the package documents its rows: title,
// clause, fields, then a blank row and the table, then a blank row and the
// notes.
func expectedLayout(d export.Document) []want {
	clause := ""
	if d.Clause != "" {
		clause = "依据条款：" + d.Clause
	}
	out := []want{{[]string{d.Title}, 1}, {[]string{clause}, 1}}
	for _, f := range d.Fields {
		out = append(out, want{[]string{f.Label, f.Value}, 2})
	}
	if len(d.Columns) > 0 || len(d.Rows) > 0 {
		out = append(out, want{}, want{cells: d.Columns})
		for _, r := range d.Rows {
			out = append(out, want{cells: r})
		}
	}
	if len(d.Notes) > 0 {
		out = append(out, want{})
		for _, n := range d.Notes {
			out = append(out, want{[]string{n}, 1})
		}
	}
	return out
}

// checkLayout compares every cell of v with d, and that nothing follows. In
// a workbook it also checks the merged ranges, whose cells all read as the
// first one's text.
func checkLayout(t *testing.T, v view, d export.Document) {
	t.Helper()
	layout := expectedLayout(d)
	width := max(2, len(d.Columns))
	var merges []string
	for i, row := range layout {
		if row.merge > 0 && width > row.merge {
			merges = append(merges, ref(t, row.merge, i+1)+":"+ref(t, width, i+1))
		}
		for j := range width {
			w := ""
			switch {
			case j < len(row.cells):
				w = row.cells[j]
			case v.format() == export.XLSX && row.merge > 0 && j >= row.merge-1:
				w = row.cells[len(row.cells)-1]
			}
			assert.Equal(t, w, v.cell(ref(t, j+1, i+1)), "%s %s", v.format(), ref(t, j+1, i+1))
		}
	}
	got := v.grid()
	for i := len(layout); i < len(got); i++ {
		assert.Empty(t, strings.Join(got[i], ""), "%s: row %d after the document", v.format(), i+1)
	}
	if x, ok := v.(xlsxView); ok {
		ms, err := x.f.GetMergeCells(x.sheet)
		require.NoError(t, err)
		var have []string
		for _, m := range ms {
			have = append(have, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		assert.ElementsMatch(t, merges, have, "merged ranges")
	}
}

// rowOf returns the 1-based row whose first cell is first.
func rowOf(t *testing.T, v view, first string) int {
	t.Helper()
	for i, r := range v.grid() {
		if len(r) > 0 && r[0] == first {
			return i + 1
		}
	}
	t.Fatalf("%s: no row starts with %q", v.format(), first)
	return 0
}

// field returns the value of the field labelled label, read from column B
// of its row.
func field(t *testing.T, v view, label string) string {
	t.Helper()
	return v.cell(ref(t, 2, rowOf(t, v, label)))
}

// table returns the rows under the header that starts with first, up to
// the blank row after them.
func table(t *testing.T, v view, first string) [][]string {
	t.Helper()
	grid := v.grid()
	var out [][]string
	for i := rowOf(t, v, first); i < len(grid) && strings.Join(grid[i], "") != ""; i++ {
		out = append(out, grid[i])
	}
	return out
}

// rowCells reads row's cells from column A, n of them.
func rowCells(t *testing.T, v view, row, n int) []string {
	t.Helper()
	out := make([]string, n)
	for j := range n {
		out[j] = v.cell(ref(t, j+1, row))
	}
	return out
}

func ref(t *testing.T, col, row int) string {
	t.Helper()
	s, err := excelize.CoordinatesToCellName(col, row)
	require.NoError(t, err)
	return s
}

// fieldOf returns the value of the document's field labelled label.
func fieldOf(t *testing.T, d export.Document, label string) string {
	t.Helper()
	for _, f := range d.Fields {
		if f.Label == label {
			return f.Value
		}
	}
	t.Fatalf("%s: no field %q", d.Title, label)
	return ""
}
