package ledger

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"
	"github.com/shouhou/shouhou/aftersales"
)

// Summary is what an audit of a whole ledger found, in figures: it is all
// an audit keeps, whatever the ledger's length.
type Summary struct {
	Now    time.Time   // the instant the ledger was judged at
	Tables []TableInfo // each table read, in the order of the sheets
	// Read is the number of data rows read, refused ones included; Refused
	// those refused; Blank the empty rows skipped.
	Read, Refused, Blank int
	Requests             int // request rows audited
	Complaints           int // complaint rows audited
	Findings             int // breaches found
	Notes                int // notes on rows audited (CodeTimeMissing and others)
	// NotesByCode counts the notes by code.
	NotesByCode map[string]int
	// Clauses is the record of each clause, request clauses first.
	Clauses []ClauseSummary
	// Worst are the latest findings, most working days late first.
	Worst []Finding
}

// ClauseSummary is one clause's record over a ledger: of the rows the
// clause applies to, how many kept it, breached it, are still open or
// cannot be judged.
type ClauseSummary struct {
	Clause                         aftersales.Clause
	Kind                           Kind
	Kept, Breached, Open, Unjudged int
	Findings                       int
	// Rate is Kept / (Kept + Breached) in percent, 2 places; nil when no
	// row was judged.
	Rate *decimal.Decimal
	// Missing lists the columns the clause, or one of its steps, needs that
	// some table lacks: the clause, or that step, was not judged.
	Missing []Field
}

// summer accumulates a Summary row by row.
type summer struct {
	s       Summary
	worst   int
	clauses map[aftersales.Clause]*ClauseSummary
	blank   int
}

func newSummer(opt Options) *summer {
	return &summer{s: Summary{Now: opt.Now, NotesByCode: map[string]int{}}, worst: opt.Worst,
		clauses: map[aftersales.Clause]*ClauseSummary{}}
}

// table records a table found and opens its clauses.
func (m *summer) table(l *layout) {
	m.s.Tables = append(m.s.Tables, l.info())
	clauses, needs := requestClauses, requestNeeds
	if l.kind == Complaints {
		clauses, needs = complaintClauses, complaintNeeds
	}
	for _, c := range clauses {
		cs, ok := m.clauses[c]
		if !ok {
			cs = &ClauseSummary{Clause: c, Kind: l.kind}
			m.clauses[c] = cs
		}
		need := append([]Field{}, needs[c]...)
		if l.kind == Requests {
			for _, sp := range requestFields {
				for _, f := range stepNeeds[c] {
					if f == sp.field {
						need = append(need, f)
					}
				}
			}
		}
		for _, f := range need {
			if l.absent[f] && !containsField(cs.Missing, f) {
				cs.Missing = append(cs.Missing, f)
			}
		}
	}
}

func containsField(list []Field, f Field) bool {
	for _, x := range list {
		if x == f {
			return true
		}
	}
	return false
}

// add counts one row.
func (m *summer) add(rec Record) {
	m.s.Read++
	if rec.Err != nil {
		m.s.Refused++
		return
	}
	if rec.Kind == Complaints {
		m.s.Complaints++
	} else {
		m.s.Requests++
	}
	m.s.Notes += len(rec.Notes)
	for _, n := range rec.Notes {
		m.s.NotesByCode[n.Code]++
	}
	for _, o := range rec.Outcomes {
		cs := m.clauses[o.Clause]
		if cs == nil {
			continue
		}
		switch o.Outcome {
		case OutcomeKept:
			cs.Kept++
		case OutcomeBreached:
			cs.Breached++
		case OutcomeOpen:
			cs.Open++
		case OutcomeUnjudged:
			cs.Unjudged++
		}
	}
	for _, f := range rec.Findings {
		m.s.Findings++
		if cs := m.clauses[f.Clause]; cs != nil {
			cs.Findings++
		}
		m.keepWorst(f)
	}
}

// keepWorst keeps the findings latest by working days, at most m.worst.
func (m *summer) keepWorst(f Finding) {
	w := m.s.Worst
	i := sort.Search(len(w), func(i int) bool { return w[i].LateWorkdays < f.LateWorkdays })
	if i >= m.worst {
		return
	}
	w = append(w, Finding{})
	copy(w[i+1:], w[i:])
	w[i] = f
	if len(w) > m.worst {
		w = w[:m.worst]
	}
	m.s.Worst = w
}

// result returns the Summary with each clause's rate.
func (m *summer) result() Summary {
	s := m.s
	s.Blank = m.blank
	s.Clauses = nil
	for _, c := range append(append([]aftersales.Clause{}, requestClauses...), complaintClauses...) {
		cs, ok := m.clauses[c]
		if !ok {
			continue
		}
		x := *cs
		x.Rate = aftersales.Percent(x.Kept, x.Kept+x.Breached)
		s.Clauses = append(s.Clauses, x)
	}
	return s
}
