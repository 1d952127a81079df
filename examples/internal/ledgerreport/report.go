package ledgerreport

import (
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/xuri/excelize/v2"
)

const summarySheet = "汇总"

var (
	findingColumns = []any{"工作表", "行", "编号", "情况", "步骤", "责任部门", "期限（官方日历）", "完成时间", "逾期工作日", "说明"}
	refusedColumns = []any{"工作表", "行", "列", "表头", "代码", "原因"}
	noteColumns    = []any{"工作表", "行", "编号", "列", "表头", "代码", "说明"}
)

// Report is the report workbook of one audit. Clause sheets, refused rows
// and notes stream as rows arrive (Add), so a long ledger's report is
// written in constant memory; the summary sheet is written at the end
// (Write or SaveAs). A Report is written once and is not safe for
// concurrent use.
type Report struct {
	f       *excelize.File
	sheets  map[string]*streamSheet
	order   []string
	kinds   map[ledger.Kind]bool
	failure error
	done    bool
}

var errFinished = errors.New("ledgerreport: the report is already written")

// streamSheet is a sheet written row by row.
type streamSheet struct {
	w    *excelize.StreamWriter
	next int
}

// New returns an empty report.
func New() *Report {
	return &Report{f: excelize.NewFile(), sheets: map[string]*streamSheet{}, kinds: map[ledger.Kind]bool{}}
}

// Close releases the workbook's temporary files.
func (r *Report) Close() error { return r.f.Close() }

// sheet returns the stream of a sheet, creating it with its header row.
func (r *Report) sheet(name string, header []any, widths ...float64) (*streamSheet, error) {
	if s, ok := r.sheets[name]; ok {
		return s, nil
	}
	if _, err := r.f.NewSheet(name); err != nil {
		return nil, err
	}
	w, err := r.f.NewStreamWriter(name)
	if err != nil {
		return nil, err
	}
	for i, wd := range widths {
		if err := w.SetColWidth(i+1, i+1, wd); err != nil {
			return nil, err
		}
	}
	s := &streamSheet{w: w, next: 1}
	r.sheets[name], r.order = s, append(r.order, name)
	return s, s.add(header)
}

func (s *streamSheet) add(values []any) error {
	cell, _ := excelize.CoordinatesToCellName(1, s.next)
	s.next++
	return s.w.SetRow(cell, values)
}

// Add writes one audited row: its findings to their clauses' sheets, or
// the row to the refused rows, and its notes. It has the signature of the
// callback ledger.Audit takes.
func (r *Report) Add(rec ledger.Record) error {
	if rec.Err != nil {
		s, err := r.sheet("拒绝的行", refusedColumns, 16, 6, 6, 16, 18, 80)
		if err != nil {
			return err
		}
		e := rec.Err
		return s.add([]any{e.Sheet, e.Row, e.Column, e.Header, e.Code, e.Message})
	}
	if !r.kinds[rec.Kind] {
		r.kinds[rec.Kind] = true
		for _, c := range clausesOf(rec.Kind) {
			if _, err := r.sheet(clauseSheet(c), findingColumns, 16, 6, 12, 12, 12, 12, 18, 18, 10, 70); err != nil {
				return err
			}
		}
	}
	for _, f := range rec.Findings {
		s, err := r.sheet(clauseSheet(f.Clause), findingColumns, 16, 6, 12, 12, 12, 12, 18, 18, 10, 70)
		if err != nil {
			return err
		}
		if err := s.add([]any{f.Sheet, f.Row, f.ID, f.Kind.Label(), StepText(f.Step), f.Department, dueText(f.Due),
			timeText(f.DoneAt), lateText(f), f.What}); err != nil {
			return err
		}
	}
	for _, n := range rec.Notes {
		s, err := r.sheet("记录不完整", noteColumns, 16, 6, 12, 6, 16, 20, 70)
		if err != nil {
			return err
		}
		if err := s.add([]any{n.Sheet, n.Row, rec.ID, n.Column, n.Header, n.Code, n.Message}); err != nil {
			return err
		}
	}
	return nil
}

func timeText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(calendar.CST()).Format("2006-01-02 15:04")
}

// dueText writes a deadline the way the regulation counts it: one that
// falls at 00:00 is 24:00 of the day before, the last day of the period.
func dueText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(calendar.CST())
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 {
		return t.AddDate(0, 0, -1).Format("2006-01-02") + " 24:00"
	}
	return t.Format("2006-01-02 15:04")
}

func lateText(f ledger.Finding) any {
	if f.Due.IsZero() {
		return ""
	}
	return f.LateWorkdays
}

// SaveAs finishes the workbook with sum (see Write) and saves it to path.
func (r *Report) SaveAs(path string, sum ledger.Summary) error {
	if err := r.finish(sum); err != nil {
		return err
	}
	return r.f.SaveAs(path)
}

// Write finishes the workbook with sum, the audit's summary, and writes it
// to w as .xlsx: the 汇总 sheet first, with the figures, each clause's
// record and a chart of the on-time rates.
func (r *Report) Write(w io.Writer, sum ledger.Summary) error {
	if err := r.finish(sum); err != nil {
		return err
	}
	_, err := r.f.WriteTo(w)
	return err
}

// finish writes the summary sheet with its chart and closes the streams.
func (r *Report) finish(sum ledger.Summary) error {
	if r.done {
		return errFinished
	}
	r.done = true
	f := r.f
	if err := f.SetSheetName("Sheet1", summarySheet); err != nil {
		return err
	}
	for _, name := range r.order {
		if err := r.sheets[name].w.Flush(); err != nil {
			return fmt.Errorf("sheet %s: %w", name, err)
		}
	}
	set := func(cell string, v any) {
		if err := f.SetCellValue(summarySheet, cell, v); err != nil && r.failure == nil {
			r.failure = err
		}
	}
	set("A1", "售后台账合规审核（建筑公司售后管理制度）")
	figures := [][2]any{{"审核时点", timeText(sum.Now)}, {"读取行数", sum.Read}, {"审核行数（售后需求）", sum.Requests},
		{"审核行数（投诉）", sum.Complaints}, {"拒绝行数", sum.Refused}, {"违反条款处数", sum.Findings}, {"记录不完整处数", sum.Notes}}
	for i, fg := range figures {
		set(fmt.Sprintf("A%d", i+3), fg[0])
		set(fmt.Sprintf("B%d", i+3), fg[1])
	}
	top := len(figures) + 4
	for i, h := range []string{"条款", "要求", "按期", "违反", "未到期", "未判定", "按期率（%）", "违反处数", "缺少的列"} {
		cell, _ := excelize.CoordinatesToCellName(i+1, top)
		set(cell, h)
	}
	for i, c := range sum.Clauses {
		row := top + 1 + i
		var rate any = ""
		if c.Rate != nil {
			rate = c.Rate.InexactFloat64()
		}
		for j, v := range []any{string(c.Clause), ClauseText(c.Clause), c.Kept, c.Breached, c.Open, c.Unjudged, rate, c.Findings,
			strings.Join(FieldHeaders(c.Kind, c.Missing), "、")} {
			cell, _ := excelize.CoordinatesToCellName(j+1, row)
			set(cell, v)
		}
	}
	if r.failure != nil {
		return r.failure
	}
	for col, w := range map[string]float64{"A": 22, "B": 34, "G": 12, "I": 30} {
		if err := f.SetColWidth(summarySheet, col, col, w); err != nil {
			return err
		}
	}
	if len(sum.Clauses) > 0 {
		last := top + len(sum.Clauses)
		if err := f.AddChart(summarySheet, fmt.Sprintf("K%d", top), &excelize.Chart{
			Type: excelize.Col,
			Series: []excelize.ChartSeries{{Name: fmt.Sprintf("'%s'!$G$%d", summarySheet, top),
				Categories: fmt.Sprintf("'%s'!$A$%d:$A$%d", summarySheet, top+1, last),
				Values:     fmt.Sprintf("'%s'!$G$%d:$G$%d", summarySheet, top+1, last)}},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "各条款按期率（%）"}}},
			Legend: excelize.ChartLegend{Position: "none"},
			YAxis:  excelize.ChartAxis{Maximum: ptr(100.0), Minimum: ptr(0.0)},
		}); err != nil {
			return fmt.Errorf("chart: %w", err)
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }
