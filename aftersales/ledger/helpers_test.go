package ledger_test

import (
	"bytes"
	"context"
	"errors"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/xuri/excelize/v2"
)

// now is the instant the test ledgers are judged at.
var now = time.Date(2026, 12, 31, 18, 0, 0, 0, calendar.CST())

// at is an instant in China Standard Time.
func at(y int, m time.Month, d, hh, mm int) time.Time {
	return time.Date(y, m, d, hh, mm, 0, 0, calendar.CST())
}

// due is 24:00 of a day: the instant a deadline ending that day falls.
func due(y int, m time.Month, d int) time.Time { return calendar.D(y, m, d).End() }

// sheet is a worksheet of a generated test workbook: its rows from A1 and
// the ranges merged, such as {"A1", "H1"}.
type sheet struct {
	name   string
	rows   [][]any
	merges [][2]string
}

// workbook writes sheets as an .xlsx the way an office would: text cells,
// dates as real Excel dates where a time.Time is given.
func workbook(t testing.TB, sheets ...sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.rows {
			if len(row) == 0 {
				continue
			}
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
		for _, m := range s.merges {
			if err := f.MergeCell(s.name, m[0], m[1]); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// run audits data and returns the summary and every record, by ID.
func run(t testing.TB, name string, data []byte, opt ledger.Options) (ledger.Summary, map[string]ledger.Record) {
	t.Helper()
	if opt.Now.IsZero() {
		opt.Now = now
	}
	recs := map[string]ledger.Record{}
	sum, err := ledger.Audit(context.Background(), name, bytes.NewReader(data), opt, func(r ledger.Record) error {
		if _, dup := recs[r.ID]; dup {
			t.Errorf("two records with ID %s", r.ID)
		}
		recs[r.ID] = r
		return nil
	})
	if err != nil {
		t.Fatalf("Audit: %v", err)
	}
	return sum, recs
}

// auditErr audits data expecting a whole-ledger fault and returns it.
func auditErr(t *testing.T, name string, data []byte, opt ledger.Options) *ledger.Error {
	t.Helper()
	opt.Now = now
	_, err := ledger.Audit(context.Background(), name, bytes.NewReader(data), opt, nil)
	var le *ledger.Error
	if !errors.As(err, &le) {
		t.Fatalf("Audit error = %v, want a *ledger.Error", err)
	}
	if !errors.Is(err, aftersales.ErrInvalid) {
		t.Errorf("error %v does not match aftersales.ErrInvalid", err)
	}
	return le
}

// findings returns a record's findings of one clause.
func findings(r ledger.Record, c aftersales.Clause) []ledger.Finding {
	var out []ledger.Finding
	for _, f := range r.Findings {
		if f.Clause == c {
			out = append(out, f)
		}
	}
	return out
}

// outcome returns a record's outcome for a clause, or "" when it does not
// apply.
func outcome(r ledger.Record, c aftersales.Clause) ledger.Outcome {
	for _, o := range r.Outcomes {
		if o.Clause == c {
			return o.Outcome
		}
	}
	return ""
}

// noteCodes returns the codes of a record's notes.
func noteCodes(r ledger.Record) []string {
	var out []string
	for _, n := range r.Notes {
		out = append(out, n.Code)
	}
	return out
}

// requestHeader is the default header of a request table, as this project
// exports it.
var requestHeader = []any{"登记编号", "客户", "反馈方式", "接收时间", "问题原因", "是否紧急", "紧急处理时间", "责任部门", "转达时间",
	"方案制定时间", "问题类别", "首次完成时间", "验收不合格时间", "完成时间", "验收时间", "验收签字人", "回访时间", "回访人", "满意度"}
