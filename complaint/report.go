package complaint

import (
	"sort"
	"time"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// Change compares a figure with the previous month's.
type Change struct {
	Previous int `json:"previous"`
	Current  int `json:"current"`
	Delta    int `json:"delta"`
	// Percent is Delta / Previous in percent, 2 places, half away from
	// zero; nil when the previous month had none.
	Percent *decimal.Decimal `json:"percent,omitempty"`
}

// Repeat is a complainant with more than one complaint in the month.
type Repeat struct {
	Complainant string   `json:"complainant"` // ID, else phone, else name
	Name        string   `json:"name,omitempty"`
	Complaints  []string `json:"complaints"`
}

// ClauseTime is how long the finished steps of one clause took, in
// working days counted the regulation's way (the day a step started is not
// counted): raw from the step's start to its completion, and net of the
// days its clock stood still while the company waited on the customer.
type ClauseTime struct {
	Clause aftersales.Clause `json:"clause"`
	Steps  int               `json:"steps"` // finished steps counted
	Raw    int               `json:"raw_workdays"`
	Net    int               `json:"net_workdays"`
	// Paused is how many of the steps had their clock stopped at least
	// once.
	Paused int `json:"paused"`
}

// Report is the 客户投诉分析报告 of one month (C5.1, C5.2): counts by type,
// cause and outcome, on-time rates per clause (each department's C3.1 step
// counts once), the raw and net time of the clocks that pause, escalations,
// repeat complainants and the change against the previous month. It is a
// function of the complaints and the instant AsOf: the same data gives the
// same report.
type Report struct {
	Month   Month     `json:"month"`
	AsOf    time.Time `json:"as_of"`
	Partial bool      `json:"partial"` // the month was not over at AsOf
	Due     time.Time `json:"due"`     // C5.1: ReportDays working days after month end
	To      string    `json:"to"`

	Total     int                `json:"total"`
	Major     int                `json:"major"`
	ByType    []aftersales.Count `json:"by_type"`
	ByCause   []aftersales.Count `json:"by_cause"`
	ByOutcome []aftersales.Count `json:"by_outcome"`

	OnTime      []aftersales.ClauseRate `json:"on_time"`
	Escalations int                     `json:"escalations"` // escalation steps taken (C4.2)
	Escalated   int                     `json:"escalated"`   // complaints escalated at least once
	Flagged     int                     `json:"flagged"`     // unresolved at the top of the chain
	// Time gives, for the clocks that pause (C3.1 for each department, and
	// C4.1 at each level), the raw and the net working days their finished
	// steps took.
	Time []ClauseTime `json:"time"`
	// Paused is the number of complaints whose clocks were paused, and
	// PausedWorkdays the working days they stood still in all, up to AsOf.
	Paused         int      `json:"paused"`
	PausedWorkdays int      `json:"paused_workdays"`
	Repeats        []Repeat `json:"repeats"`

	VsPrevious     Change            `json:"vs_previous"`
	TypeVsPrevious map[string]Change `json:"type_vs_previous"`
	Delivery       *Delivery         `json:"delivery,omitempty"`
}

// BuildReport builds the report of month from the complaints received in
// it (current) and in the month before (previous), judging deadlines at
// asOf: a ReportBuilder given each complaint in turn, counted as the slice
// it is in says.
func BuildReport(month Month, current, previous []*Complaint, asOf time.Time, cal *calendar.Calendar, p Policy) Report {
	b := NewReportBuilder(month, asOf, cal, p)
	for _, c := range previous {
		b.addPrevious(c)
	}
	for _, c := range current {
		b.addCurrent(c)
	}
	return b.Report()
}

// ReportBuilder builds a month's report one complaint at a time, so that a
// report over many complaints never holds them all: what it keeps grows
// with the complainants (for the repeats), not with the complaints. Give it
// every complaint received in the month and in the month before, in any
// order, then ask for the Report.
type ReportBuilder struct {
	month   Month
	asOf    time.Time
	cal     *calendar.Calendar
	r       Report
	types   map[string]int
	causes  map[string]int
	outcome map[string]int
	prev    map[string]int // the previous month's complaints by type
	prevN   int
	rates   map[aftersales.Clause]*aftersales.ClauseRate
	times   map[aftersales.Clause]*ClauseTime
	who     map[string]*Repeat
	order   []string
}

// NewReportBuilder starts the report of month, judging deadlines at asOf.
func NewReportBuilder(month Month, asOf time.Time, cal *calendar.Calendar, p Policy) *ReportBuilder {
	b := &ReportBuilder{month: month, asOf: asOf, cal: cal,
		r: Report{Month: month, AsOf: asOf, Partial: asOf.Before(month.End()), To: "公司总经理",
			Due: cal.Deadline(month.LastDay().Start(), p.ReportDays), Repeats: []Repeat{}},
		types: map[string]int{}, causes: map[string]int{}, outcome: map[string]int{}, prev: map[string]int{},
		rates: map[aftersales.Clause]*aftersales.ClauseRate{},
		times: map[aftersales.Clause]*ClauseTime{ClauseC3_1: {Clause: ClauseC3_1}, ClauseC4_1: {Clause: ClauseC4_1}},
		who:   map[string]*Repeat{}}
	for _, cl := range []aftersales.Clause{ClauseC2_1, ClauseC2_2, ClauseC3_1, ClauseC4_1} {
		b.rates[cl] = &aftersales.ClauseRate{Clause: cl}
	}
	return b
}

// Add counts c: in the month's figures when it was received in the month,
// in the comparison when in the month before; any other is ignored. c is
// read, not kept.
func (b *ReportBuilder) Add(c *Complaint) {
	switch {
	case !c.ReceivedAt.Before(b.month.End()) || c.ReceivedAt.Before(b.month.Prev().Start()):
	case c.ReceivedAt.Before(b.month.Start()):
		b.addPrevious(c)
	default:
		b.addCurrent(c)
	}
}

// addPrevious counts c in the comparison with the month before.
func (b *ReportBuilder) addPrevious(c *Complaint) {
	b.prev[string(c.Type)]++
	b.prevN++
}

// addCurrent counts c in the month's figures.
func (b *ReportBuilder) addCurrent(c *Complaint) {
	r := &b.r
	r.Total++
	b.types[string(c.Type)]++
	b.causes[string(c.Cause)]++
	b.outcome[string(c.Status)]++
	if c.Major != nil {
		r.Major++
	}
	// Level counts the escalation steps taken; the flag at the top of the
	// chain is not a step.
	r.Escalations += c.Level
	if c.Level > 0 {
		r.Escalated++
	}
	if c.Status == StatusUnresolved {
		r.Flagged++
	}
	for i := range c.Deadlines {
		d := &c.Deadlines[i]
		if cr := b.rates[d.Clause]; cr != nil {
			cr.Add(*d, b.asOf)
		}
		if ct := b.times[d.Clause]; ct != nil && d.DoneAt != nil && !d.Cancelled {
			net, raw := d.NetWorkdays(b.cal, b.asOf)
			ct.Steps, ct.Raw, ct.Net = ct.Steps+1, ct.Raw+raw, ct.Net+net
			if d.PausedDays > 0 || d.PausedAt != nil {
				ct.Paused++
			}
		}
	}
	if len(c.Pauses) > 0 {
		r.Paused++
	}
	for _, p := range c.Pauses {
		if p.ResumedAt != nil {
			r.PausedWorkdays += p.Workdays
		} else {
			r.PausedWorkdays += aftersales.PausedWorkdays(b.cal, p.At, b.asOf)
		}
	}
	key := complainantKey(c)
	if key == "" {
		return
	}
	if b.who[key] == nil {
		b.who[key] = &Repeat{Complainant: key, Name: c.Complainant.Name}
		b.order = append(b.order, key)
	}
	b.who[key].Complaints = append(b.who[key].Complaints, c.ID)
}

// Report returns the report of what was added.
func (b *ReportBuilder) Report() Report {
	r := b.r
	r.Repeats = []Repeat{}
	r.ByType = aftersales.Counts(b.types, func(k string) string { return Type(k).Label() })
	r.ByCause = aftersales.Counts(b.causes, func(k string) string {
		if k == "" {
			return "原因未定"
		}
		return aftersales.Cause(k).Label()
	})
	r.ByOutcome = aftersales.Counts(b.outcome, func(k string) string { return Status(k).Label() })
	r.OnTime = nil
	for _, cl := range []aftersales.Clause{ClauseC2_1, ClauseC2_2, ClauseC3_1, ClauseC4_1} {
		cr := *b.rates[cl]
		if n := cr.Met + cr.Missed; n > 0 {
			v := decimal.NewFromInt(int64(cr.Met)*100).DivRound(decimal.NewFromInt(int64(n)), 2)
			cr.Rate = &v
		}
		r.OnTime = append(r.OnTime, cr)
	}
	r.Time = []ClauseTime{*b.times[ClauseC3_1], *b.times[ClauseC4_1]}
	for _, k := range b.order {
		if rp := b.who[k]; len(rp.Complaints) > 1 {
			ids := append([]string(nil), rp.Complaints...)
			sort.Strings(ids)
			r.Repeats = append(r.Repeats, Repeat{Complainant: rp.Complainant, Name: rp.Name, Complaints: ids})
		}
	}
	sort.Slice(r.Repeats, func(i, j int) bool {
		if len(r.Repeats[i].Complaints) != len(r.Repeats[j].Complaints) {
			return len(r.Repeats[i].Complaints) > len(r.Repeats[j].Complaints)
		}
		return r.Repeats[i].Complainant < r.Repeats[j].Complainant
	})
	r.VsPrevious = change(b.prevN, r.Total)
	r.TypeVsPrevious = map[string]Change{}
	for _, t := range []Type{TypeQuality, TypeService, TypeDelay, TypeCharge, TypeOther} {
		if b.types[string(t)] > 0 || b.prev[string(t)] > 0 {
			r.TypeVsPrevious[string(t)] = change(b.prev[string(t)], b.types[string(t)])
		}
	}
	return r
}

// complainantKey identifies a complainant across complaints: their ID,
// else their phone, else their name.
func complainantKey(c *Complaint) string {
	switch {
	case c.Complainant.ID != "":
		return c.Complainant.ID
	case c.Complainant.Phone != "":
		return "tel:" + c.Complainant.Phone
	case c.Complainant.Name != "":
		return "name:" + c.Complainant.Name
	}
	return ""
}

func change(prev, cur int) Change {
	ch := Change{Previous: prev, Current: cur, Delta: cur - prev}
	if prev > 0 {
		v := decimal.NewFromInt(int64(ch.Delta)*100).DivRound(decimal.NewFromInt(int64(prev)), 2)
		ch.Percent = &v
	}
	return ch
}
