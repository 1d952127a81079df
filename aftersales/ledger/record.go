package ledger

import (
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// Finding is one breach found in a ledger row: the audit's finding with
// the row it came from and how late it was in working days.
type Finding struct {
	aftersales.Finding
	Sheet string
	Row   int
	Table Kind // which table the row is in
	ID    string
	// LateWorkdays is the number of working days from the day after the
	// deadline's last day up to the day the step was done, or, for a step
	// never done, up to the audit's instant (or the row's withdrawal or
	// closing): 1 means done on the first working day after the deadline;
	// 0 for a step done on a rest day straight after it, and for a finding
	// with no deadline (a step missing).
	LateWorkdays int
}

// Outcome is how a row stands with one clause.
type Outcome string

// The outcomes.
const (
	// OutcomeKept: the step was done and the audit found no breach.
	OutcomeKept Outcome = "kept"
	// OutcomeBreached: the audit found at least one breach.
	OutcomeBreached Outcome = "breached"
	// OutcomeOpen: not done and not yet due.
	OutcomeOpen Outcome = "open"
	// OutcomeUnjudged: the ledger does not say enough to judge: a column the
	// clause needs is absent, or a clock-hour clause has a date-only time.
	OutcomeUnjudged Outcome = "unjudged"
)

// ClauseOutcome is a row's outcome for one clause.
type ClauseOutcome struct {
	Clause  aftersales.Clause
	Outcome Outcome
}

// Record is one data row of a ledger table, read and audited. A refused row
// has Err set and nothing else but its place and kind.
type Record struct {
	Sheet string
	Row   int
	Kind  Kind
	// ID is the row's own 登记编号 or 投诉编号, or its sheet and row when it
	// has none.
	ID  string
	Err *Error
	// Cells holds the text of each mapped field the row fills.
	Cells map[Field]string
	// Request is the history a request row becomes, as aftersales.Audit
	// judged it; Complaint the history of a complaint row.
	Request   []aftersales.Event
	Complaint []complaint.Event
	Findings  []Finding
	// Notes are what the row lacks without stopping its audit, such as a
	// date without a time (CodeTimeMissing).
	Notes    []*Error
	Outcomes []ClauseOutcome
}

// judge fills a read row's findings and outcomes.
func (rec *Record) judge(raw []aftersales.Finding, l *layout, done func(aftersales.Clause) (bool, bool), cal *calendar.Calendar, until time.Time) {
	clauses, needs := requestClauses, requestNeeds
	if rec.Kind == Complaints {
		clauses, needs = complaintClauses, complaintNeeds
	}
	unjudged := map[aftersales.Clause]bool{}
	for _, c := range clauses {
		for _, f := range needs[c] {
			unjudged[c] = unjudged[c] || l.absent[f]
		}
	}
	for _, n := range rec.Notes {
		if n.Code == CodeHourUnjudged {
			unjudged[map[Kind]aftersales.Clause{Requests: aftersales.ClauseP1_3, Complaints: complaint.ClauseC2_2}[rec.Kind]] = true
		}
	}
	breached := map[aftersales.Clause]bool{}
	for _, f := range raw {
		if unjudged[f.Clause] || (rec.Kind == Requests && l.absent[stepNeeds[f.Clause][f.Step]]) {
			continue
		}
		breached[f.Clause] = true
		rec.Findings = append(rec.Findings, Finding{Finding: f, Sheet: rec.Sheet, Row: rec.Row, Table: rec.Kind, ID: rec.ID,
			LateWorkdays: lateness(cal, f, until)})
	}
	for _, c := range clauses {
		applies, did := done(c)
		switch {
		case !applies:
			continue
		case unjudged[c]:
			rec.Outcomes = append(rec.Outcomes, ClauseOutcome{c, OutcomeUnjudged})
		case breached[c]:
			rec.Outcomes = append(rec.Outcomes, ClauseOutcome{c, OutcomeBreached})
		case did:
			rec.Outcomes = append(rec.Outcomes, ClauseOutcome{c, OutcomeKept})
		default:
			rec.Outcomes = append(rec.Outcomes, ClauseOutcome{c, OutcomeOpen})
		}
	}
}

// lateness counts the working days a finding is late by.
func lateness(cal *calendar.Calendar, f aftersales.Finding, until time.Time) int {
	if f.Due.IsZero() {
		return 0
	}
	at := f.DoneAt
	if f.Kind == aftersales.FindingMissed || at.IsZero() {
		at = until
	}
	if at.Before(f.Due) {
		return 0
	}
	return cal.WorkdaysBetween(f.Due.Add(-time.Nanosecond), at)
}

// rowEnd is the instant a row's obligations stop: now, or its withdrawal
// or closing when earlier.
func rowEnd(st stamps, now time.Time) time.Time {
	end := now
	for _, f := range []Field{FieldWithdrawnAt, FieldClosedAt} {
		if t := st[f]; t != nil && t.Time.Before(end) {
			end = t.Time
		}
	}
	return end
}
