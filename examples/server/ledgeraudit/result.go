package ledgeraudit

import (
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/internal/ledgerreport"
)

// Result is what an audit of an uploaded ledger found: the figures of
// every row, the findings and notes of the rows that have any (at most
// Options.MaxRows of them), the refused rows (at most Options.MaxRefused)
// and, after an import, what it kept. It is the JSON body of
// POST /api/v1/audit/ledger.
type Result struct {
	Ledger  string    `json:"ledger"` // the file's name
	Now     time.Time `json:"now"`    // the instant the ledger was judged at
	Summary Summary   `json:"summary"`
	// Worst are the findings most working days late, at most
	// Options.Worst.
	Worst []Finding `json:"worst"`
	// Rows are the audited rows with findings or notes, in ledger order.
	Rows          []Row `json:"rows"`
	RowsTruncated bool  `json:"rows_truncated"`
	// Refused are the rows that could not be read, with the reason.
	Refused          []Fault       `json:"refused"`
	RefusedTruncated bool          `json:"refused_truncated"`
	Import           *ImportResult `json:"import,omitempty"`
}

// Summary is the ledger in figures.
type Summary struct {
	// Read is the number of data rows read, refused ones included; Refused
	// those refused; Incomplete the audited rows with notes (a date with
	// no time, no department…); Blank the empty rows skipped.
	Read       int `json:"read"`
	Refused    int `json:"refused"`
	Incomplete int `json:"incomplete"`
	Blank      int `json:"blank"`
	Requests   int `json:"requests"`   // request rows audited
	Complaints int `json:"complaints"` // complaint rows audited
	Findings   int `json:"findings"`   // breaches found
	Notes      int `json:"notes"`
	// NotesByCode counts the notes by code (ledger.CodeTimeMissing…).
	NotesByCode map[string]int `json:"notes_by_code"`
	Tables      []Table        `json:"tables"`
	Clauses     []Clause       `json:"clauses"`
}

// Table is a table found in the ledger.
type Table struct {
	Sheet     string      `json:"sheet"`
	Kind      ledger.Kind `json:"kind"`
	Label     string      `json:"label"` // 客户反馈登记表 or 客户投诉登记表
	HeaderRow int         `json:"header_row"`
}

// Clause is one clause's record over the ledger.
type Clause struct {
	Clause aftersales.Clause `json:"clause"`
	Kind   ledger.Kind       `json:"kind"`
	Label  string            `json:"label"` // what it asks for, in Chinese
	// Of the rows the clause applies to: kept, breached, not yet due, not
	// judged (a column it needs is absent, or a date has no time).
	Kept     int `json:"kept"`
	Breached int `json:"breached"`
	Open     int `json:"open"`
	Unjudged int `json:"unjudged"`
	Findings int `json:"findings"`
	// Rate is Kept / (Kept + Breached) in percent, 2 places; nil when no
	// row was judged.
	Rate *decimal.Decimal `json:"rate"`
	// Missing are the fields the clause needs that the ledger has no
	// column for, and MissingHeaders their default headers: the clause, or
	// one of its steps, was not judged.
	Missing        []ledger.Field `json:"missing,omitempty"`
	MissingHeaders []string       `json:"missing_headers,omitempty"`
}

// Row is an audited row with what was found in it.
type Row struct {
	Sheet string      `json:"sheet"`
	Row   int         `json:"row"`
	Kind  ledger.Kind `json:"kind"`
	ID    string      `json:"id"` // its 登记编号 or 投诉编号, or sheet and row
	// RecordID is the ID an import keeps it under (ledger.StableID).
	RecordID string    `json:"record_id"`
	Findings []Finding `json:"findings"`
	Notes    []Fault   `json:"notes,omitempty"`
}

// Finding is one late or missing step.
type Finding struct {
	Sheet     string                 `json:"sheet"`
	Row       int                    `json:"row"`
	ID        string                 `json:"id"`
	Clause    aftersales.Clause      `json:"clause"`
	Step      string                 `json:"step,omitempty"`
	StepLabel string                 `json:"step_label"`
	Kind      aftersales.FindingKind `json:"kind"`
	KindLabel string                 `json:"kind_label"`
	// Department is the department that owed the step, if any.
	Department string `json:"department,omitempty"`
	// Due is the deadline's instant (00:00 CST of the day after its last
	// day for a working-day period); DueText writes it as the regulation
	// counts, "2026-10-09 24:00". Both are absent for a step with no
	// deadline.
	Due     *time.Time `json:"due,omitempty"`
	DueText string     `json:"due_text,omitempty"`
	DoneAt  *time.Time `json:"done_at,omitempty"`
	// LateWorkdays is how late the step was, or is, in working days on the
	// official calendar (ledger.Finding.LateWorkdays).
	LateWorkdays int    `json:"late_workdays"`
	What         string `json:"what"`
}

// Fault is a refused row or a note on a row: where, a stable code and a
// Chinese message.
type Fault struct {
	Sheet   string `json:"sheet"`
	Row     int    `json:"row"`
	Column  string `json:"column,omitempty"` // the Excel letter
	Header  string `json:"header,omitempty"`
	Code    string `json:"code"`
	Message string `json:"message"`
	// Where writes the place in Chinese: 工作表“登记表”第 5 行 C 列（接收时间）.
	Where string `json:"where"`
}

func faultOf(e *ledger.Error) Fault {
	return Fault{Sheet: e.Sheet, Row: e.Row, Column: e.Column, Header: e.Header, Code: e.Code, Message: e.Message, Where: e.Where()}
}

func findingOf(f ledger.Finding) Finding {
	out := Finding{Sheet: f.Sheet, Row: f.Row, ID: f.ID, Clause: f.Clause, Step: f.Step, StepLabel: ledgerreport.StepText(f.Step),
		Kind: f.Kind, KindLabel: f.Kind.Label(), Department: f.Department, LateWorkdays: f.LateWorkdays, What: f.What}
	if !f.Due.IsZero() {
		due := f.Due.In(calendar.CST())
		out.Due, out.DueText = &due, DueText(due)
	}
	if !f.DoneAt.IsZero() {
		done := f.DoneAt.In(calendar.CST())
		out.DoneAt = &done
	}
	return out
}

// DueText writes a deadline the way the regulation counts it: one that
// falls at 00:00 CST is 24:00 of the day before, the last day of the
// period (民法典 第二百零三条).
func DueText(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(calendar.CST())
	if t.Hour() == 0 && t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0 {
		return t.AddDate(0, 0, -1).Format("2006-01-02") + " 24:00"
	}
	return t.Format("2006-01-02 15:04")
}

func summaryOf(s ledger.Summary, incomplete int) Summary {
	out := Summary{Read: s.Read, Refused: s.Refused, Incomplete: incomplete, Blank: s.Blank, Requests: s.Requests,
		Complaints: s.Complaints, Findings: s.Findings, Notes: s.Notes, NotesByCode: s.NotesByCode,
		Tables: []Table{}, Clauses: []Clause{}}
	if out.NotesByCode == nil {
		out.NotesByCode = map[string]int{}
	}
	for _, t := range s.Tables {
		out.Tables = append(out.Tables, Table{Sheet: t.Sheet, Kind: t.Kind, Label: t.Kind.Label(), HeaderRow: t.HeaderRow})
	}
	for _, c := range s.Clauses {
		x := Clause{Clause: c.Clause, Kind: c.Kind, Label: ledgerreport.ClauseText(c.Clause), Kept: c.Kept, Breached: c.Breached,
			Open: c.Open, Unjudged: c.Unjudged, Findings: c.Findings, Rate: c.Rate}
		if len(c.Missing) > 0 {
			x.Missing, x.MissingHeaders = c.Missing, ledgerreport.FieldHeaders(c.Kind, c.Missing)
		}
		out.Clauses = append(out.Clauses, x)
	}
	return out
}
