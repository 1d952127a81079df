package ledger

import (
	"fmt"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
)

// The stable codes of an Error. Codes never change; messages may.
const (
	// Whole-ledger faults: nothing can be read.
	CodeNotSpreadsheet  = "not_spreadsheet"  // neither .xlsx nor CSV text
	CodeXLSUnsupported  = "xls_unsupported"  // the old binary .xls format
	CodeSheetMissing    = "sheet_missing"    // a sheet the mapping names is absent
	CodeSheetEmpty      = "sheet_empty"      // a sheet with no rows at all
	CodeHeaderMissing   = "header_missing"   // no header row in the first rows
	CodeColumnMissing   = "column_missing"   // a column the mapping names is absent
	CodeColumnAmbiguous = "column_ambiguous" // a header the mapping names appears twice
	CodeMappingInvalid  = "mapping_invalid"  // the mapping file is not valid
	CodeReadFailed      = "read_failed"      // the file could not be read

	// Row faults: the row is refused and the rest still audited.
	CodeValueRequired     = "value_required"     // a required cell is empty
	CodeTimeInvalid       = "time_invalid"       // a date or time that cannot be read
	CodeTimeFuture        = "time_future"        // a date after the instant of the audit
	CodeTimeRange         = "time_range"         // a date before 2000 or after 2100
	CodeTimeOrder         = "time_order"         // a step before the one it follows
	CodeChannelUnknown    = "channel_unknown"    // 反馈方式 not one of P1.1's
	CodeCauseUnknown      = "cause_unknown"      // 问题原因 not one of P2.1's
	CodeComplexityUnknown = "complexity_unknown" // 问题类别 neither 简单 nor 复杂
	CodeTypeUnknown       = "type_unknown"       // 投诉类型 not one of the complaint types
	CodeFlagInvalid       = "flag_invalid"       // a yes/no cell that is neither
	CodeSatisfaction      = "satisfaction_invalid"
	CodeRejectionMissing  = "rejection_missing" // 首次完成时间 without 验收不合格时间
	CodeHistoryInvalid    = "history_invalid"   // the row's history does not replay

	// Notes: what a row lacks without stopping its audit.
	CodeTimeMissing       = "time_missing"       // a date with no time of day
	CodeComplexityMissing = "complexity_missing" // planned, but not classified (P3.2 judged as complex)
	CodeDepartmentMissing = "department_missing" // forwarded, but to no named department
	CodeFirstRoundMissing = "first_round_missing"
	CodeHourUnjudged      = "hour_unjudged"    // a clock-hour clause with a date-only time
	CodeMajorAtAssumed    = "major_at_assumed" // a major complaint with no declaration time
)

// Error is a fault in a ledger, named by where it is: the sheet (the file
// name for CSV), the row and the column as Excel numbers them, the header
// of that column, a stable Code and a Chinese Message. Row is 0 for a
// fault of a whole sheet or file, Column "" for one of a whole row.
//
// Error matches aftersales.ErrInvalid under errors.Is, and
// aftersales.KindOf reports it as invalid input.
type Error struct {
	Code    string
	Sheet   string
	Row     int
	Column  string
	Header  string
	Message string
	Err     error // the cause, if any
}

// Where returns the place of the fault in Chinese, such as
// 工作表“登记表”第 5 行 C 列（接收时间）.
func (e *Error) Where() string {
	var b strings.Builder
	if e.Sheet != "" {
		fmt.Fprintf(&b, "工作表“%s”", e.Sheet)
	}
	if e.Row > 0 {
		fmt.Fprintf(&b, "第 %d 行", e.Row)
	}
	if e.Column != "" {
		fmt.Fprintf(&b, " %s 列", e.Column)
	}
	if e.Header != "" {
		fmt.Fprintf(&b, "（%s）", e.Header)
	}
	return b.String()
}

// Error returns the place, the message and the code.
func (e *Error) Error() string {
	where := e.Where()
	if where != "" {
		where += "："
	}
	return where + e.Message + " [" + e.Code + "]"
}

// Unwrap returns the domain error (kind invalid, the same code) and the
// cause.
func (e *Error) Unwrap() []error {
	errs := []error{&aftersales.Error{Kind: aftersales.KindInvalid, Code: e.Code, Message: e.Where() + e.Message}}
	if e.Err != nil {
		errs = append(errs, e.Err)
	}
	return errs
}

// cellError is a fault of one cell.
func cellError(code string, c cellRef, format string, args ...any) *Error {
	return &Error{Code: code, Sheet: c.sheet, Row: c.row, Column: c.column, Header: c.header, Message: fmt.Sprintf(format, args...)}
}

// sheetError is a fault of a whole sheet or file.
func sheetError(code, sheet string, err error, format string, args ...any) *Error {
	return &Error{Code: code, Sheet: sheet, Message: fmt.Sprintf(format, args...), Err: err}
}

// cellRef is where a value was read.
type cellRef struct {
	sheet  string
	row    int
	column string // the Excel letter
	header string
}
