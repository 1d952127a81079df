package ledger

import (
	"slices"
	"strings"
)

// maxHeaderScan is how many rows from the top the header is looked for in.
const maxHeaderScan = 20

// layout is a table found in a sheet: its kind, its last header row and
// the column of each field the sheet has.
type layout struct {
	kind      Kind
	sheet     string
	headerRow int
	cols      map[Field]int    // 0-based column index
	headers   map[Field]string // the header as found, for messages
	absent    map[Field]bool   // fields the sheet has no column for
}

// TableInfo describes a table read from a ledger: the sheet, the kind, the
// last header row, the column letter of each field found and the fields the
// sheet has no column for.
type TableInfo struct {
	Sheet     string
	Kind      Kind
	HeaderRow int
	Columns   map[Field]string
	Absent    []Field
}

func (l *layout) info() TableInfo {
	t := TableInfo{Sheet: l.sheet, Kind: l.kind, HeaderRow: l.headerRow, Columns: map[Field]string{}}
	for f, c := range l.cols {
		t.Columns[f] = columnLetter(c + 1)
	}
	for _, s := range l.kind.fields() {
		if l.absent[s.field] {
			t.Absent = append(t.Absent, s.field)
		}
	}
	return t
}

// bufferedRow is a row read while looking for the header.
type bufferedRow struct {
	cells []string
	row   int
}

// clean is a header cell as compared: spaces and line breaks inside it
// removed, full-width parentheses made ASCII.
func clean(s string) string {
	s = strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000':
			return -1
		case '（':
			return '('
		case '）':
			return ')'
		}
		return r
	}, s)
	return s
}

// wanted is the header each field is looked for under: the table's column
// or the default; explicit marks those the mapping named.
func wanted(k Kind, t *Table) (names map[Field]string, explicit map[Field]bool) {
	names, explicit = map[Field]string{}, map[Field]bool{}
	for _, s := range k.fields() {
		names[s.field] = s.header
	}
	for f, h := range t.Columns {
		names[f], explicit[f] = h, true
	}
	return names, explicit
}

// findLayout finds a table of kind k in the buffered top rows of a sheet.
// It returns nil and no error when the sheet holds no such table, and an
// error when the header is found but a column the mapping names is not.
func findLayout(k Kind, t *Table, sheet string, top []bufferedRow) (*layout, *Error) {
	names, explicit := wanted(k, t)
	segments := map[string]bool{}
	for _, h := range names {
		if h != "" && !strings.HasPrefix(h, "$") {
			for _, s := range strings.Split(clean(h), "/") {
				segments[s] = true
			}
		}
	}
	first, leaf := -1, -1
	for i, r := range top {
		hit := slices.ContainsFunc(r.cells, func(c string) bool { return segments[clean(c)] })
		if t.HeaderRow > 0 {
			if r.row > t.HeaderRow {
				break
			}
			if !hit {
				first = -1
			} else if first < 0 {
				first = i
			}
			if r.row == t.HeaderRow {
				leaf = i
			}
			continue
		}
		if hit && first < 0 {
			first = i
		}
		if !hit && first >= 0 {
			break
		}
		if hit {
			leaf = i
		}
	}
	if leaf < 0 {
		return nil, nil
	}
	if first < 0 || first > leaf {
		first = leaf
	}
	paths := headerPaths(top[first : leaf+1])
	l := &layout{kind: k, sheet: sheet, headerRow: top[leaf].row, cols: map[Field]int{}, headers: map[Field]string{}, absent: map[Field]bool{}}
	for _, s := range k.fields() {
		h := names[s.field]
		if h == "" {
			l.absent[s.field] = true
			continue
		}
		col, err := resolve(h, paths, sheet, l.headerRow)
		if err != nil && (explicit[s.field] || err.Code == CodeColumnAmbiguous) {
			return nil, err
		}
		if err != nil {
			l.absent[s.field] = true
			continue
		}
		l.cols[s.field], l.headers[s.field] = col, h
	}
	if l.absent[FieldReceivedAt] {
		return nil, nil
	}
	return l, nil
}

// headerPaths returns, for each column, the texts of the header rows above
// it from top to bottom: a group header merged across several columns (its
// text only in the first) is carried to the right over the columns that have
// a header of their own below it.
func headerPaths(block []bufferedRow) [][]string {
	width := 0
	for _, r := range block {
		width = max(width, len(r.cells))
	}
	last := block[len(block)-1].cells
	paths := make([][]string, width)
	for i, r := range block {
		carry := ""
		for c := 0; c < width; c++ {
			v := ""
			if c < len(r.cells) {
				v = clean(r.cells[c])
			}
			if v != "" {
				carry = v
			} else if i < len(block)-1 && c < len(last) && clean(last[c]) != "" {
				v = carry
			}
			if v != "" && (len(paths[c]) == 0 || paths[c][len(paths[c])-1] != v) {
				paths[c] = append(paths[c], v)
			}
		}
	}
	return paths
}

// resolve finds the column of a header name: "$C" is column C; "a/b" is a
// column whose header path ends with a, b.
func resolve(name string, paths [][]string, sheet string, headerRow int) (int, *Error) {
	where := cellRef{sheet: sheet, row: headerRow, header: name}
	if strings.HasPrefix(name, "$") {
		if n := columnNumber(name[1:]); n > 0 {
			return n - 1, nil
		}
		return 0, cellError(CodeColumnMissing, where, "列号“%s”无效", name)
	}
	want := strings.Split(clean(name), "/")
	found := []int{}
	for c, p := range paths {
		if len(p) >= len(want) && slices.Equal(p[len(p)-len(want):], want) {
			found = append(found, c)
		}
	}
	switch len(found) {
	case 0:
		return 0, cellError(CodeColumnMissing, where, "表头中没有“%s”列", name)
	case 1:
		return found[0], nil
	}
	letters := make([]string, len(found))
	for i, c := range found {
		letters[i] = columnLetter(c + 1)
	}
	return 0, cellError(CodeColumnAmbiguous, where, "表头“%s”出现在 %s 列，请在映射文件中用“上级表头/%s”或列号指明", name,
		strings.Join(letters, "、"), name)
}
