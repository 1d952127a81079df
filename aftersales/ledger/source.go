package ledger

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/transform"
)

// rows streams the rows of one sheet: each call to next returns the cells
// of the next row that has any and its number as Excel shows it.
type rows interface {
	next() (cells []string, row int, ok bool)
	err() error
	close() error
}

// book is an opened ledger: its sheets and how to stream each.
type book struct {
	sheets   []string
	date1904 bool
	open     func(sheet string) (rows, error)
	close    func() error
}

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0}
	bom      = []byte("\xEF\xBB\xBF")
)

// openBook sniffs the first bytes of r and opens it as .xlsx or as CSV
// (UTF-8 with or without BOM, or GB18030). ra, when not nil, lets an .xlsx
// be read in place instead of into memory.
func openBook(name string, r io.Reader, ra func() (*excelize.File, error)) (*book, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, err := br.Peek(4096)
	if err != nil && !errors.Is(err, io.EOF) && !errors.Is(err, bufio.ErrBufferFull) {
		return nil, sheetError(CodeReadFailed, name, err, "无法读取文件")
	}
	switch {
	case len(bytes.TrimSpace(head)) == 0:
		return nil, sheetError(CodeSheetEmpty, name, nil, "文件是空的")
	case bytes.HasPrefix(head, zipMagic):
		var f *excelize.File
		if ra != nil {
			f, err = ra()
		} else {
			f, err = excelize.OpenReader(br, excelize.Options{})
		}
		if err != nil {
			return nil, sheetError(CodeNotSpreadsheet, name, err, "不是可读取的 Excel 工作簿（.xlsx）")
		}
		return xlsxBook(name, f)
	case bytes.HasPrefix(head, oleMagic):
		return nil, sheetError(CodeXLSUnsupported, name, nil, "是旧版 Excel（.xls）或加密的工作簿，请另存为 .xlsx 或 CSV 后再导入")
	case binary(head):
		return nil, sheetError(CodeNotSpreadsheet, name, nil, "不是电子表格：既不是 .xlsx 工作簿，也不是 CSV 文本")
	}
	return csvBook(name, br, head), nil
}

// binary reports whether head looks like no text: control characters
// other than tab and line ends, or a PDF.
func binary(head []byte) bool {
	if bytes.HasPrefix(head, []byte("%PDF")) {
		return true
	}
	for _, c := range head {
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' {
			return true
		}
	}
	return false
}

func xlsxBook(name string, f *excelize.File) (*book, error) {
	b := &book{sheets: f.GetSheetList(), close: f.Close}
	if props, err := f.GetWorkbookProps(); err == nil && props.Date1904 != nil {
		b.date1904 = *props.Date1904
	}
	if len(b.sheets) == 0 {
		_ = f.Close()
		return nil, sheetError(CodeNotSpreadsheet, name, nil, "工作簿中没有工作表")
	}
	b.open = func(sheet string) (rows, error) {
		r, err := f.Rows(sheet)
		if err != nil {
			return nil, sheetError(CodeReadFailed, sheet, err, "无法读取工作表")
		}
		return &xlsxRows{r: r}, nil
	}
	return b, nil
}

type xlsxRows struct {
	r   *excelize.Rows
	n   int
	bad error
}

func (x *xlsxRows) next() ([]string, int, bool) {
	for x.r.Next() {
		x.n++
		cells, err := x.r.Columns(excelize.Options{RawCellValue: true})
		if err != nil {
			x.bad = err
			return nil, 0, false
		}
		if len(cells) > 0 {
			return cells, x.n, true
		}
	}
	return nil, 0, false
}

func (x *xlsxRows) err() error {
	if x.bad != nil {
		return x.bad
	}
	return x.r.Error()
}

func (x *xlsxRows) close() error { return x.r.Close() }

// csvBook reads r as one sheet named after the file. The encoding is UTF-8
// when the first 4 KiB are valid UTF-8 (a BOM is dropped), GB18030
// otherwise; the delimiter is the commonest of comma, tab and semicolon in
// the first line.
func csvBook(name string, br *bufio.Reader, head []byte) *book {
	sheet := strings.TrimSuffix(filepath.Base(name), filepath.Ext(name))
	var text io.Reader = br
	if bytes.HasPrefix(head, bom) {
		_, _ = br.Discard(len(bom))
	} else if !validPrefix(head) {
		text = transform.NewReader(br, simplifiedchinese.GB18030.NewDecoder())
	}
	first := head
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	delim := ','
	for _, d := range []rune{'\t', ';'} {
		if bytes.Count(first, []byte(string(d))) > bytes.Count(first, []byte(string(delim))) {
			delim = d
		}
	}
	used := false
	return &book{sheets: []string{sheet}, close: func() error { return nil },
		open: func(string) (rows, error) {
			if used {
				return nil, sheetError(CodeReadFailed, sheet, nil, "CSV 文件只能读取一次")
			}
			used = true
			cr := csv.NewReader(text)
			cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes, cr.ReuseRecord = delim, -1, true, true
			return &csvRows{r: cr}, nil
		}}
}

// validPrefix reports whether head is UTF-8, allowing a rune cut at its end.
func validPrefix(head []byte) bool {
	for i := 0; i < utf8.UTFMax && i < len(head); i++ {
		if utf8.Valid(head[:len(head)-i]) {
			return true
		}
	}
	return false
}

type csvRows struct {
	r   *csv.Reader
	bad error
}

func (c *csvRows) next() ([]string, int, bool) {
	rec, err := c.r.Read()
	if err != nil {
		if !errors.Is(err, io.EOF) {
			c.bad = err
		}
		return nil, 0, false
	}
	line, _ := c.r.FieldPos(0)
	return rec, line, true
}

func (c *csvRows) err() error   { return c.bad }
func (c *csvRows) close() error { return nil }
