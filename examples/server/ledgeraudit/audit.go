package ledgeraudit

import (
	"bytes"
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// Options configure an audit of an upload: the instant and the rules it is
// judged by, and how much of it a Result lists.
type Options struct {
	// Now is the instant the ledger is judged at. Required.
	Now time.Time
	// Calendar, Policy and ComplaintPolicy are those the server runs on;
	// zero values are the library's defaults.
	Calendar        *calendar.Calendar
	Policy          aftersales.Policy
	ComplaintPolicy complaint.Policy
	// MaxRows bounds Result.Rows and MaxRefused Result.Refused: 0 is 1000.
	// The figures count every row whatever these are.
	MaxRows, MaxRefused int
	// Worst is how many of the latest findings Result.Worst keeps: 0 is 10.
	Worst int
}

func (o Options) ledger(m ledger.Mapping) ledger.Options {
	return ledger.Options{Mapping: m, Calendar: o.Calendar, Policy: o.Policy, ComplaintPolicy: o.ComplaintPolicy, Now: o.Now, Worst: o.Worst}
}

// Audit judges an uploaded ledger and returns what it found, handing each
// row to each as well, if not nil (the desk writes its report workbook so).
// Nothing is written. A fault of the mapping file or of the whole ledger
// (not a spreadsheet, an empty sheet, a column the mapping names that is
// not there) is a *ledger.Error, of kind invalid, with its stable code.
func Audit(ctx context.Context, up Upload, opt Options, each func(ledger.Record) error) (Result, error) {
	m, err := up.mapping()
	if err != nil {
		return Result{}, err
	}
	maxRows, maxRefused := limit(opt.MaxRows), limit(opt.MaxRefused)
	res := Result{Ledger: up.Name, Now: opt.Now.In(calendar.CST()), Worst: []Finding{}, Rows: []Row{}, Refused: []Fault{}}
	incomplete := 0
	sum, err := ledger.Audit(ctx, up.Name, bytes.NewReader(up.Ledger), opt.ledger(m), func(rec ledger.Record) error {
		if rec.Err != nil {
			if len(res.Refused) < maxRefused {
				res.Refused = append(res.Refused, faultOf(rec.Err))
			} else {
				res.RefusedTruncated = true
			}
		} else {
			if len(rec.Notes) > 0 {
				incomplete++
			}
			if len(rec.Findings) > 0 || len(rec.Notes) > 0 {
				if len(res.Rows) < maxRows {
					res.Rows = append(res.Rows, rowOf(rec))
				} else {
					res.RowsTruncated = true
				}
			}
		}
		if each != nil {
			return each(rec)
		}
		return nil
	})
	if err != nil {
		return Result{}, err
	}
	res.Summary = summaryOf(sum, incomplete)
	for _, f := range sum.Worst {
		res.Worst = append(res.Worst, findingOf(f))
	}
	return res, nil
}

func limit(n int) int {
	if n <= 0 {
		return 1000
	}
	return n
}

func rowOf(rec ledger.Record) Row {
	row := Row{Sheet: rec.Sheet, Row: rec.Row, Kind: rec.Kind, ID: rec.ID, RecordID: ledger.StableID(rec), Findings: []Finding{}}
	for _, f := range rec.Findings {
		row.Findings = append(row.Findings, findingOf(f))
	}
	for _, n := range rec.Notes {
		row.Notes = append(row.Notes, faultOf(n))
	}
	return row
}

// ImportResult is what an import kept: of the rows audited, how many were
// registered as new records, were already kept as they are (imported
// before, perhaps carried on since at the desk), had steps added that the
// ledger now records and the record did not, or differ from the record
// kept under their ID and were left as they are.
type ImportResult struct {
	Created   int `json:"created"`
	Unchanged int `json:"unchanged"`
	Extended  int `json:"extended"`
	Differs   int `json:"differs"`
	// Differing names the rows that differ, at most 100: the row and the
	// record's ID.
	Differing []Differing `json:"differing"`
}

// Differing is a row whose record differs from what the ledger says.
type Differing struct {
	Sheet    string `json:"sheet"`
	Row      int    `json:"row"`
	ID       string `json:"id"`
	RecordID string `json:"record_id"`
}

// Import keeps the audited rows of an upload as records through imp, by
// as the one who asked. It reads the whole ledger first without writing,
// so that a ledger that cannot be read (the errors of Audit) writes
// nothing; refused rows are never kept. Importing the same ledger again
// keeps nothing more: each row is kept under its stable ID
// (ledger.Import).
func Import(ctx context.Context, up Upload, opt Options, imp Importer, by aftersales.Actor) (ImportResult, error) {
	if imp == nil {
		return ImportResult{}, aftersales.Errorf(aftersales.KindNotAllowed, "ledger_import_unavailable", "本服务器未配置台账导入")
	}
	m, err := up.mapping()
	if err != nil {
		return ImportResult{}, err
	}
	lo := opt.ledger(m)
	if _, err := ledger.Audit(ctx, up.Name, bytes.NewReader(up.Ledger), lo, nil); err != nil {
		return ImportResult{}, err
	}
	out := ImportResult{Differing: []Differing{}}
	_, err = ledger.Audit(ctx, up.Name, bytes.NewReader(up.Ledger), lo, func(rec ledger.Record) error {
		if rec.Err != nil {
			return nil
		}
		x, err := ledger.Import(rec)
		if err != nil {
			return err
		}
		st, err := imp.Import(ctx, x, by)
		if err != nil {
			return err
		}
		switch st {
		case Created:
			out.Created++
		case Unchanged:
			out.Unchanged++
		case Extended:
			out.Extended++
		case Differs:
			out.Differs++
			if len(out.Differing) < 100 {
				out.Differing = append(out.Differing, Differing{Sheet: rec.Sheet, Row: rec.Row, ID: rec.ID, RecordID: x.ID})
			}
		}
		return nil
	})
	// An error here is the Importer's (the ledger was read once already),
	// wrapped by ledger.Audit with its kind kept.
	return out, err
}
