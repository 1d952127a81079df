package export

import (
	"encoding/csv"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// bom is the UTF-8 byte order mark: without it Excel reads a CSV file in
// the system's legacy code page and garbles Chinese.
const bom = "\uFEFF"

// WriteCSV writes d as CSV: UTF-8 with a byte order mark, RFC 4180 (CRLF
// line ends, quotes where needed). The rows are those of the workbook: the
// title, the clause line (依据条款：…), one row per field (label, value), a
// blank row, the table's header and rows, a blank row, and one row per
// note; the table and the notes, with the blank row before each, only when
// there are any. Every row has the same number of fields, padded with empty
// ones.
//
// Line breaks inside a value are written as CRLF. A value that a
// spreadsheet would run as a formula (one starting with =, @ or a tab, or
// with + or - when it is not a number), such as text a customer typed, is
// written with a leading apostrophe, the usual guard against CSV formula
// injection; the workbook needs none, as its cells are text.
func (d Document) WriteCSV(w io.Writer) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	n := d.width()
	for _, l := range d.layout() {
		rec := make([]string, n)
		for i, c := range l.cells {
			if i < n {
				rec[i] = defuse(lineBreaks.Replace(c))
			}
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("export: %w", err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("export: %w", err)
	}
	return nil
}

// lineBreaks makes every line break inside a value a \n, which the writer
// writes as CRLF; it would drop a lone \r.
var lineBreaks = strings.NewReplacer("\r\n", "\n", "\r", "\n")

// plainNumber is a signed number, a percentage or a phone number such as
// +86 138 0000 0000: text that starts with + or - and is not a formula.
var plainNumber = regexp.MustCompile(`^[+-][0-9][0-9 .,%()-]*$`)

// defuse guards a CSV value against being run as a formula.
func defuse(s string) string {
	if s == "" {
		return s
	}
	switch s[0] {
	case '=', '@', '\t':
		return "'" + s
	case '+', '-':
		if !plainNumber.MatchString(s) {
			return "'" + s
		}
	}
	return s
}
