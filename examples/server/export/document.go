package export

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/shouhou/shouhou/aftersales"
)

// Format is a file format a Document is written in.
type Format string

// The formats.
const (
	// XLSX is an Office Open XML workbook, for Excel, WPS and LibreOffice.
	XLSX Format = "xlsx"
	// CSV is comma-separated values (RFC 4180), UTF-8 with a byte order mark.
	CSV Format = "csv"
)

// ParseFormat returns the format named s ("xlsx" or "csv", in any case, with
// or without a leading dot). Any other name is an invalid-kind
// aftersales.Error with code "format_unsupported".
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(strings.TrimPrefix(strings.TrimSpace(s), "."))); f {
	case XLSX, CSV:
		return f, nil
	}
	return "", unsupported(s)
}

// ContentType returns the media type of f for a Content-Type header, or ""
// for an unknown format.
func ContentType(f Format) string {
	switch f {
	case XLSX:
		return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	case CSV:
		return "text/csv; charset=utf-8"
	}
	return ""
}

func unsupported(s any) error {
	return aftersales.Errorf(aftersales.KindInvalid, "format_unsupported", "导出格式 %q 不支持，应为 xlsx 或 csv", fmt.Sprint(s))
}

// Field is one labelled entry of a form, such as 客户 张先生.
type Field struct{ Label, Value string }

// Document is one form or report: a title block, labelled fields, an
// optional table, and notes (signature lines).
type Document struct {
	Title   string   // the regulation's name, e.g. 客户反馈登记表 — also the sheet name
	Clause  string   // e.g. "P1.2、P4.1"
	Subject string   // e.g. the request ID or the month, for the file name
	Fields  []Field  // label and value, in order
	Columns []string // the table's header; none for no table
	Rows    [][]string
	Notes   []string // printed under the table: signature lines, remarks
}

// Write writes d in format f: WriteXLSX or WriteCSV. An unknown format is an
// invalid-kind aftersales.Error and nothing is written.
func (d Document) Write(w io.Writer, f Format) error {
	switch f {
	case XLSX:
		return d.WriteXLSX(w)
	case CSV:
		return d.WriteCSV(w)
	}
	return unsupported(f)
}

// FileName returns the name to save d under in format f, such as
// "客户反馈登记表-AS-0001.xlsx": the title, the subject if any, and the
// extension, without the characters that are unsafe in file names on
// Windows, macOS or Linux (/ \ : * ? " < > | and control characters).
func (d Document) FileName(f Format) string {
	name := safeName(d.Title)
	if s := safeName(d.Subject); s != "" {
		if name != "" {
			name += "-"
		}
		name += s
	}
	if name == "" {
		name = "export"
	}
	return name + "." + string(f)
}

// safeName drops what a file name must not hold and trims the spaces and
// dots that Windows refuses at its ends.
func safeName(s string) string {
	s = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) || strings.ContainsRune(`/\:*?"<>|`, r) {
			return -1
		}
		return r
	}, s)
	return strings.Trim(s, " .")
}

// lineKind is what a line of the laid-out document holds.
type lineKind int

const (
	lineTitle lineKind = iota
	lineClause
	lineField
	lineBlank
	lineHeader
	lineRow
	lineNote
)

// line is one row of the laid-out document, its cells from column A.
type line struct {
	kind  lineKind
	cells []string
}

// width returns the number of columns d is laid out in: the table's, and
// at least two for the fields' labels and values.
func (d Document) width() int {
	n := max(2, len(d.Columns))
	for _, r := range d.Rows {
		n = max(n, len(r))
	}
	return n
}

// layout lays d out in rows, the same for every format: the title, the
// clause line, one row per field (label, value), then, when there is a
// table, a blank row, its header and its rows, then, when there are notes, a
// blank row and one row per note.
func (d Document) layout() []line {
	out := []line{{lineTitle, []string{d.Title}}, {lineClause, []string{clauseLine(d.Clause)}}}
	for _, f := range d.Fields {
		out = append(out, line{lineField, []string{f.Label, f.Value}})
	}
	if len(d.Columns) > 0 || len(d.Rows) > 0 {
		out = append(out, line{kind: lineBlank}, line{lineHeader, d.Columns})
		for _, r := range d.Rows {
			out = append(out, line{lineRow, r})
		}
	}
	if len(d.Notes) > 0 {
		out = append(out, line{kind: lineBlank})
		for _, n := range d.Notes {
			out = append(out, line{lineNote, []string{n}})
		}
	}
	return out
}

// clauseLine is the line under the title that cites the regulation.
func clauseLine(clause string) string {
	if clause == "" {
		return ""
	}
	return "依据条款：" + clause
}
