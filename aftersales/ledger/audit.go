package ledger

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/xuri/excelize/v2"
)

// Options configure an audit of a ledger.
type Options struct {
	// Mapping says where the ledger keeps what; the zero Mapping is
	// DefaultMapping.
	Mapping Mapping
	// Calendar counts the working days; nil is calendar.China().
	Calendar *calendar.Calendar
	// Policy holds the request periods; the zero Policy is
	// aftersales.DefaultPolicy.
	Policy aftersales.Policy
	// ComplaintPolicy holds the complaint periods and the escalation chain;
	// the zero Policy is complaint.DefaultPolicy.
	ComplaintPolicy complaint.Policy
	// Now is the instant the ledger is judged at: deadlines not yet due are
	// not breaches, and a time after it is refused. Required.
	Now time.Time
	// Worst is how many of the latest findings Summary.Worst keeps; 0 is 10.
	Worst int
}

// ErrNowRequired is returned when Options.Now is zero: an audit never
// reads the clock itself.
var ErrNowRequired = errors.New("ledger: Options.Now is required")

func (o Options) withDefaults() (Options, error) {
	if o.Now.IsZero() {
		return o, ErrNowRequired
	}
	if o.Mapping.Requests == nil && o.Mapping.Complaints == nil {
		m := DefaultMapping()
		m.Channels, m.Causes, m.Types = o.Mapping.Channels, o.Mapping.Causes, o.Mapping.Types
		o.Mapping = m
	}
	if o.Calendar == nil {
		o.Calendar = calendar.China()
	}
	if o.Policy == (aftersales.Policy{}) {
		o.Policy = aftersales.DefaultPolicy()
	}
	if err := o.Policy.Validate(); err != nil {
		return o, fmt.Errorf("ledger: request policy: %w", err)
	}
	if len(o.ComplaintPolicy.Chain) == 0 {
		o.ComplaintPolicy = complaint.DefaultPolicy()
	}
	if err := o.ComplaintPolicy.Validate(); err != nil {
		return o, fmt.Errorf("ledger: complaint policy: %w", err)
	}
	if o.Worst <= 0 {
		o.Worst = 10
	}
	return o, nil
}

// Audit reads a ledger from r, an .xlsx workbook or a CSV file (UTF-8 with
// or without BOM, or GB18030), and judges every row as aftersales.Audit
// judges a live request (requests) or as package complaint counts a live
// complaint's deadlines (complaints). name is the file's name, which names a
// CSV's only sheet. Rows stream: each is handed to each, if not nil, as soon
// as it is judged, and only the Summary is kept, so memory does not grow with
// the ledger (an .xlsx upload is held in memory whole; AuditFile reads one in
// place).
//
// A row that cannot be read is handed to each with Record.Err set and the
// audit goes on. A fault of the whole ledger (not a spreadsheet, an empty
// sheet, no header, a column the mapping names that is not there) stops it
// with an *Error; an error from each stops it and is returned wrapped.
func Audit(ctx context.Context, name string, r io.Reader, opt Options, each func(Record) error) (Summary, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	b, err := openBook(name, r, nil)
	if err != nil {
		return Summary{}, err
	}
	defer func() { _ = b.close() }()
	return run(ctx, b, opt, each)
}

// AuditFile audits the ledger at path as Audit does, reading an .xlsx in
// place rather than into memory.
func AuditFile(ctx context.Context, path string, opt Options, each func(Record) error) (Summary, error) {
	opt, err := opt.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return Summary{}, sheetError(CodeReadFailed, filepath.Base(path), err, "无法打开文件")
	}
	defer func() { _ = f.Close() }()
	b, err := openBook(filepath.Base(path), f, func() (*excelize.File, error) { return excelize.OpenFile(path) })
	if err != nil {
		return Summary{}, err
	}
	defer func() { _ = b.close() }()
	return run(ctx, b, opt, each)
}

// auditor runs one audit.
type auditor struct {
	opt  Options
	b    *book
	each func(Record) error
	sum  *summer
}

func run(ctx context.Context, b *book, opt Options, each func(Record) error) (Summary, error) {
	a := &auditor{opt: opt, b: b, each: each, sum: newSummer(opt)}
	m := opt.Mapping
	for _, t := range []*Table{m.Requests, m.Complaints} {
		if t != nil && t.Sheet != "" && !contains(b.sheets, t.Sheet) {
			return Summary{}, sheetError(CodeSheetMissing, t.Sheet, nil, "映射文件指定的工作表不存在（工作簿中有：%v）", b.sheets)
		}
	}
	found, empty := false, 0
	for _, sheet := range b.sheets {
		kinds, named := a.kindsFor(sheet)
		if len(kinds) == 0 {
			continue
		}
		state, err := a.sheet(ctx, sheet, kinds, named)
		if err != nil {
			return a.sum.result(), err
		}
		switch state {
		case sheetRead:
			found = true
		case sheetEmpty:
			empty++
		}
	}
	if !found {
		if empty == len(b.sheets) {
			return a.sum.result(), sheetError(CodeSheetEmpty, b.sheets[0], nil, "没有任何数据")
		}
		return a.sum.result(), sheetError(CodeHeaderMissing, b.sheets[0], nil,
			"前 %d 行中找不到台账的表头（至少需要“接收时间”列，或在映射文件中指定列名）", maxHeaderScan)
	}
	return a.sum.result(), nil
}

// kindsFor returns the kinds of table a sheet may hold and whether the
// mapping or the sheet's name says so.
func (a *auditor) kindsFor(sheet string) ([]Kind, bool) {
	m := a.opt.Mapping
	var named, free []Kind
	for _, k := range []Kind{Requests, Complaints} {
		t := m.table(k)
		switch {
		case t == nil:
		case t.Sheet == sheet:
			named = append(named, k)
		case t.Sheet == "" && sheet == k.Label():
			named = append(named, k)
		case t.Sheet == "":
			free = append(free, k)
		}
	}
	if len(named) > 0 {
		return named, true
	}
	for _, k := range []Kind{Requests, Complaints} {
		if sheet == k.Label() {
			return nil, false // another table's sheet, which the mapping leaves out
		}
	}
	return free, false
}

func (m Mapping) table(k Kind) *Table {
	if k == Complaints {
		return m.Complaints
	}
	return m.Requests
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
