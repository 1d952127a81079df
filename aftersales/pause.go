package aftersales

import (
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// PauseReason says why a record's clocks stop: the company is waiting on
// the customer. The list is closed so that an auditor can read every pause
// by its reason; "other" reasons are not accepted.
type PauseReason string

// The pause reasons.
const (
	// PauseNoAccess: the unit cannot be entered (无法入户), the customer is
	// away or not available at any time offered.
	PauseNoAccess PauseReason = "no_access"
	// PauseCustomerAsked: the customer asked to wait (客户要求暂缓).
	PauseCustomerAsked PauseReason = "customer_request"
	// PauseCustomerMaterials: waiting for materials the customer chooses or
	// supplies (客户自选材料).
	PauseCustomerMaterials PauseReason = "customer_materials"
	// PauseCustomerDecision: waiting for the customer to agree to a plan or
	// a charge (待客户确认方案或费用, W3.1 paid repairs).
	PauseCustomerDecision PauseReason = "customer_decision"
)

// PauseReasons returns every pause reason, in the order forms list them.
func PauseReasons() []PauseReason {
	return []PauseReason{PauseNoAccess, PauseCustomerAsked, PauseCustomerMaterials, PauseCustomerDecision}
}

// Valid reports whether r is one of PauseReasons.
func (r PauseReason) Valid() bool {
	switch r {
	case PauseNoAccess, PauseCustomerAsked, PauseCustomerMaterials, PauseCustomerDecision:
		return true
	}
	return false
}

// Label returns the reason's Chinese name.
func (r PauseReason) Label() string {
	switch r {
	case PauseNoAccess:
		return "无法入户"
	case PauseCustomerAsked:
		return "客户要求暂缓"
	case PauseCustomerMaterials:
		return "等待客户自选材料"
	case PauseCustomerDecision:
		return "待客户确认方案或费用"
	}
	return string(r)
}

// Pause is one stop of a record's working-day clocks while the company
// waits on the customer, and its end.
type Pause struct {
	Reason   PauseReason `json:"reason"`
	Note     string      `json:"note"`               // what the company waits for: the evidence in words
	Evidence []string    `json:"evidence,omitempty"` // attachment references: a photo of the locked door, a chat message
	At       time.Time   `json:"at"`
	By       string      `json:"by"`
	// ResumedAt is when the clocks ran again; nil while paused.
	ResumedAt *time.Time `json:"resumed_at,omitempty"`
	ResumedBy string     `json:"resumed_by,omitempty"`
	// Workdays is how many working days the pause added to the clocks it
	// stopped, once resumed: the working days after At's date up to
	// ResumedAt's date.
	Workdays int `json:"workdays,omitempty"`
}

// PauseCommand stops a record's working-day clocks while the company waits
// on the customer, with a reason and its evidence.
type PauseCommand struct {
	Reason   PauseReason
	Note     string
	Evidence []string
	At       time.Time
	Actor    Actor
	Version  int // if not 0, the version the caller read: a different current version is a conflict
}

// ResumeCommand starts the paused clocks again.
type ResumeCommand struct {
	At      time.Time
	Actor   Actor
	Version int // if not 0, the version the caller read: a different current version is a conflict
}

// CheckPause validates a pause command's content, trimming its texts, and
// returns the Pause it records at at. It is shared by every chapter whose
// clocks pause.
func CheckPause(cmd PauseCommand, at time.Time) (Pause, error) {
	if !cmd.Reason.Valid() {
		return Pause{}, invalid("pause_reason_invalid", "暂停原因 %q 无效，应为%s", cmd.Reason, Choices(PauseReasons()...))
	}
	note, err := text(cmd.Note, true, maxLongText, "pause_note", "暂停说明")
	if err != nil {
		return Pause{}, err
	}
	ev, err := refs(cmd.Evidence, "pause_evidence", "暂停证据")
	if err != nil {
		return Pause{}, err
	}
	return Pause{Reason: cmd.Reason, Note: note, Evidence: ev, At: at, By: cmd.Actor.ID}, nil
}

// PausedWorkdays returns the working days a pause from from to to stops a
// clock for: the working days after from's CST date up to and including
// to's. A pause over a weekend or a holiday costs nothing extra; one that
// starts and ends on the same day costs nothing.
func PausedWorkdays(cal *calendar.Calendar, from, to time.Time) int {
	if !to.After(from) {
		return 0
	}
	return cal.WorkdaysBetween(from, to)
}

// PauseDeadlines stops the clocks of the deadlines in ds that are pending,
// not yet paused, admitted by pausable, counted in working days and not yet
// due when the pause takes hold (at, or the deadline's own start when that
// is later). It changes ds in place.
func PauseDeadlines(ds []Deadline, at time.Time, pausable func(Deadline) bool) {
	for i := range ds {
		d := &ds[i]
		if !d.Pending() || d.PausedAt != nil || d.Workdays == 0 || !pausable(*d) {
			continue
		}
		since := at
		if d.From.After(since) {
			since = d.From
		}
		if since.Before(d.Due) {
			d.PausedAt = &since
		}
	}
}

// ResumedDeadlines returns the paused pending deadlines of ds as they stand
// when the clocks run again at at: each period lengthened by the working
// days its clock stood still (PausedWorkdays) and its due instant counted
// again with cal, with PausedAt cleared. The event that resumes records
// them, and MoveDeadlines applies them.
func ResumedDeadlines(cal *calendar.Calendar, ds []Deadline, at time.Time) ([]Deadline, error) {
	var out []Deadline
	for _, d := range ds {
		if !d.Paused() {
			continue
		}
		d.PausedDays += PausedWorkdays(cal, *d.PausedAt, at)
		d.PausedAt = nil
		nd, err := d.Recount(cal)
		if err != nil {
			return nil, err
		}
		out = append(out, nd)
	}
	return out, nil
}

// MoveDeadlines replaces each pending deadline of ds that is the same step
// as one of moved (SameStep) by it: its due instant, provisional mark and
// pause state. It changes ds in place.
func MoveDeadlines(ds []Deadline, moved []Deadline) {
	for _, nd := range moved {
		for i := range ds {
			if d := &ds[i]; d.Pending() && d.SameStep(nd) {
				d.Due, d.Provisional, d.PausedAt, d.PausedDays = nd.Due, nd.Provisional, nd.PausedAt, nd.PausedDays
			}
		}
	}
}

// NetWorkdays returns the working days a deadline's step took net of its
// pauses, and the raw working days from its start to done (or to now when
// still pending). A step done on its start's date took 0.
func (d Deadline) NetWorkdays(cal *calendar.Calendar, now time.Time) (net, raw int) {
	end := now
	if d.DoneAt != nil {
		end = *d.DoneAt
	}
	raw = PausedWorkdays(cal, d.From, end)
	net = raw - d.PausedDays
	if d.PausedAt != nil {
		net -= PausedWorkdays(cal, *d.PausedAt, end)
	}
	return max(net, 0), raw
}
