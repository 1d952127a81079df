package export

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/xuri/excelize/v2"
)

// Print and layout settings of the workbook.
const (
	paperA4       = 9    // excelize's paper size index of A4
	lineHeight    = 16.0 // points per wrapped line of 11-point text, CJK included
	titleHeight   = 30.0
	minColWidth   = 8.0
	maxColWidth   = 50.0
	labelMaxWidth = 24.0
	valueMinWidth = 36.0
	portraitWidth = 100.0 // columns wider than this in all print landscape
)

// WriteXLSX writes d as an Excel workbook of one sheet named by the title:
// the title bold and merged across the sheet, the clause line, the fields
// in two bordered columns (the value merged across the rest of the sheet),
// the table with a bold, shaded header, and the notes; every cell wraps its
// text, columns are sized to their content, and the sheet prints on A4,
// fitted to the page's width, with the table's header repeated on every
// page. The workbook's Title property is d.Title.
func (d Document) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	x := &sheetWriter{f: f, sheet: sheetName(d.Title), n: d.width()}
	if err := x.write(d); err != nil {
		return fmt.Errorf("export: %s: %w", d.Title, err)
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// sheetName makes title a valid sheet name: no : \ / ? * [ ], no quote at
// either end, at most 31 UTF-16 units, not empty.
func sheetName(title string) string {
	s := strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`:\/?*[]`, r) {
			return -1
		}
		return r
	}, title)
	s = strings.Trim(s, "' ")
	var b strings.Builder
	units := 0
	for _, r := range s {
		u := 1
		if r > 0xFFFF {
			u = 2
		}
		if units+u > excelize.MaxSheetNameLength {
			break
		}
		units += u
		b.WriteRune(r)
	}
	if s = strings.TrimRight(b.String(), "' "); s == "" {
		return "Sheet1"
	}
	return s
}

// sheetWriter writes one Document on one sheet.
type sheetWriter struct {
	f      *excelize.File
	sheet  string
	n      int // columns
	widths []float64
	styles map[lineKind]int
	err    error
}

func (x *sheetWriter) write(d Document) error {
	if err := x.f.SetSheetName("Sheet1", x.sheet); err != nil {
		return err
	}
	if err := x.newStyles(); err != nil {
		return err
	}
	x.widths = columnWidths(d, x.n)
	for i, w := range x.widths {
		col := colName(i + 1)
		x.check(x.f.SetColWidth(x.sheet, col, col, w))
	}
	header := 0
	for i, l := range d.layout() {
		row := i + 1
		x.line(row, l)
		if l.kind == lineHeader {
			header = row
		}
	}
	if x.err != nil {
		return x.err
	}
	return x.setUp(d, header)
}

// check keeps the first error, so that a run of calls is checked once.
func (x *sheetWriter) check(err error) {
	if x.err == nil {
		x.err = err
	}
}

// newStyles creates the style of each kind of line.
func (x *sheetWriter) newStyles() error {
	border := []excelize.Border{{Type: "left", Color: "000000", Style: 1}, {Type: "top", Color: "000000", Style: 1},
		{Type: "right", Color: "000000", Style: 1}, {Type: "bottom", Color: "000000", Style: 1}}
	wrap := func(h string) *excelize.Alignment {
		return &excelize.Alignment{Horizontal: h, Vertical: "center", WrapText: true}
	}
	defs := map[lineKind]*excelize.Style{
		lineTitle:  {Font: &excelize.Font{Bold: true, Size: 16}, Alignment: wrap("center")},
		lineClause: {Font: &excelize.Font{Size: 10, Color: "404040"}, Alignment: wrap("center")},
		lineField: {Border: border, Font: &excelize.Font{Bold: true}, Alignment: wrap("left"),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"F2F2F2"}}},
		lineBlank: {},
		lineHeader: {Border: border, Font: &excelize.Font{Bold: true}, Alignment: wrap("center"),
			Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}}},
		lineRow:  {Border: border, Alignment: wrap("left")},
		lineNote: {Alignment: wrap("left")},
	}
	x.styles = map[lineKind]int{}
	for k, s := range defs {
		id, err := x.f.NewStyle(s)
		if err != nil {
			return err
		}
		x.styles[k] = id
	}
	return nil
}

// fieldValue is the style key of a field's value: bordered, not bold.
const fieldValue = lineRow

// line writes one laid-out line at row.
func (x *sheetWriter) line(row int, l line) {
	last := colName(x.n)
	switch l.kind {
	case lineTitle, lineClause, lineNote:
		x.cell(1, row, l.cells[0])
		x.merge(row, "A", last, x.styles[l.kind])
		h := height(l.cells[0], x.total())
		if l.kind == lineTitle {
			h = max(h, titleHeight)
		}
		x.rowHeight(row, h)
	case lineField:
		x.cell(1, row, l.cells[0])
		x.cell(2, row, l.cells[1])
		x.check(x.f.SetCellStyle(x.sheet, cellName(1, row), cellName(1, row), x.styles[lineField]))
		x.merge(row, "B", last, x.styles[fieldValue])
		x.rowHeight(row, max(height(l.cells[0], x.widths[0]), height(l.cells[1], x.total()-x.widths[0])))
	case lineHeader, lineRow:
		h := 0.0
		for i := range x.n {
			v := ""
			if i < len(l.cells) {
				v = l.cells[i]
			}
			x.cell(i+1, row, v)
			h = max(h, height(v, x.widths[i]))
		}
		x.check(x.f.SetCellStyle(x.sheet, cellName(1, row), cellName(x.n, row), x.styles[l.kind]))
		x.rowHeight(row, h)
	}
}

func (x *sheetWriter) cell(col, row int, v string) {
	if v != "" {
		x.check(x.f.SetCellStr(x.sheet, cellName(col, row), cellText(v)))
	}
}

// cellText escapes v the way a workbook's strings must be (ECMA-376
// ST_Xstring): a character XML 1.0 cannot hold becomes _xHHHH_, and an
// underscore that starts such a sequence in the text becomes _x005F_, so
// that the text reads back as written. excelize v2.11.1 does neither for
// the shared strings SetCellStr writes: it stores "_x0041_" as it is, and
// every reader, excelize's own included, then shows "A".
func cellText(v string) string {
	if !strings.ContainsFunc(v, func(r rune) bool { return r == '_' || forbiddenInXML(r) }) {
		return v
	}
	var b strings.Builder
	for i, r := range v {
		switch {
		case r == '_' && escapeAt(v[i:]):
			b.WriteString("_x005F_")
		case forbiddenInXML(r):
			fmt.Fprintf(&b, "_x%04X_", r)
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// escapeAt reports whether s starts with an escape sequence _xHHHH_.
func escapeAt(s string) bool {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range s[2:6] {
		if !unicode.Is(unicode.ASCII_Hex_Digit, c) {
			return false
		}
	}
	return true
}

// forbiddenInXML reports whether XML 1.0 cannot hold r as a character: a
// control character other than tab, line feed and carriage return, or
// U+FFFE or U+FFFF. (A string holds no surrogates.)
func forbiddenInXML(r rune) bool {
	return (r < 0x20 && r != '\t' && r != '\n' && r != '\r') || r == 0xFFFE || r == 0xFFFF
}

// merge merges row's cells from column from to column to, when they are
// more than one, and styles them all, so that borders run round the whole.
func (x *sheetWriter) merge(row int, from, to string, style int) {
	a, b := fmt.Sprintf("%s%d", from, row), fmt.Sprintf("%s%d", to, row)
	if a != b {
		x.check(x.f.MergeCell(x.sheet, a, b))
	}
	x.check(x.f.SetCellStyle(x.sheet, a, b, style))
}

// rowHeight sets a row's height when it needs more than one line: Excel
// does not grow a row for text wrapped in merged cells.
func (x *sheetWriter) rowHeight(row int, h float64) {
	if h > lineHeight {
		x.check(x.f.SetRowHeight(x.sheet, row, h))
	}
}

// height estimates the height text needs in a cell width characters wide.
func height(text string, width float64) float64 {
	lines := 0
	avail := max(width-1, 1)
	for _, l := range strings.Split(text, "\n") {
		lines += max(1, int((float64(displayWidth(l))+avail-1)/avail))
	}
	return min(float64(lines)*lineHeight, 409) // Excel's highest row
}

// total is the sheet's width in characters.
func (x *sheetWriter) total() float64 {
	t := 0.0
	for _, w := range x.widths {
		t += w
	}
	return t
}

// setUp sets the print layout and the document properties.
func (x *sheetWriter) setUp(d Document, header int) error {
	orientation, one, auto, yes := "portrait", 1, 0, true
	if x.total() > portraitWidth {
		orientation = "landscape"
	}
	size := paperA4
	x.check(x.f.SetPageLayout(x.sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation,
		FitToWidth: &one, FitToHeight: &auto}))
	x.check(x.f.SetSheetProps(x.sheet, &excelize.SheetPropsOptions{FitToPage: &yes}))
	margin, edge := 0.5, 0.3
	x.check(x.f.SetPageMargins(x.sheet, &excelize.PageLayoutMarginsOptions{Left: &margin, Right: &margin,
		Top: &margin, Bottom: &margin, Header: &edge, Footer: &edge, Horizontally: &yes}))
	x.check(x.f.SetHeaderFooter(x.sheet, &excelize.HeaderFooterOptions{OddFooter: "&C第 &P 页，共 &N 页"}))
	if header > 0 {
		x.check(x.f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", Scope: x.sheet,
			RefersTo: fmt.Sprintf("'%s'!$%d:$%d", x.sheet, header, header)}))
	}
	x.check(x.f.SetDocProps(&excelize.DocProperties{Title: d.Title, Subject: d.Subject, Description: clauseLine(d.Clause),
		Creator: "shouhou", Category: "建筑公司售后管理制度", Language: "zh-CN"}))
	return x.err
}

// columnWidths sizes each column to its longest line, within limits: the
// first to the field labels and the table's first column; the rest to the
// table, and together wide enough for the field values merged across them.
func columnWidths(d Document, n int) []float64 {
	ws := make([]float64, n)
	fit := func(i int, s string) {
		for _, l := range strings.Split(s, "\n") {
			ws[i] = max(ws[i], float64(displayWidth(l))+2)
		}
	}
	for _, f := range d.Fields {
		fit(0, f.Label)
	}
	ws[0] = min(ws[0], labelMaxWidth)
	for i, c := range d.Columns {
		fit(i, c)
	}
	for _, r := range d.Rows {
		for i, c := range r {
			fit(i, c)
		}
	}
	for i := range ws {
		ws[i] = min(max(ws[i], minColWidth), maxColWidth)
	}
	values := valueMinWidth
	for _, f := range d.Fields {
		for _, l := range strings.Split(f.Value, "\n") {
			values = max(values, min(float64(displayWidth(l))+2, 2*maxColWidth))
		}
	}
	rest := 0.0
	for _, w := range ws[1:] {
		rest += w
	}
	if rest < values { // widen the value columns evenly
		grow := (values - rest) / float64(n-1)
		for i := 1; i < n; i++ {
			ws[i] += grow
		}
	}
	return ws
}

// displayWidth counts the columns text takes: two for a wide (CJK or
// full-width) character, one for any other.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		n++
		if wide(r) {
			n++
		}
	}
	return n
}

func wide(r rune) bool {
	return unicode.Is(unicode.Han, r) || (r >= 0x2E80 && r <= 0x303F) || (r >= 0x3040 && r <= 0x30FF) ||
		(r >= 0xAC00 && r <= 0xD7A3) || (r >= 0xFF01 && r <= 0xFF60) || (r >= 0xFFE0 && r <= 0xFFE6) ||
		r == '—' || r == '…' || r == '“' || r == '”' || r == '‘' || r == '’'
}

func colName(col int) string {
	s, _ := excelize.ColumnNumberToName(col)
	return s
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}
