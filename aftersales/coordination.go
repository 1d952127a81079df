package aftersales

import (
	"slices"
	"time"
)

// Coordination is the after-sales department's answer to a difficulty a
// department reported (P3.3 "由售后管理部协调相关部门共同解决"): it names a
// coordinator, may bring more departments in, and records the measures
// agreed.
type Coordination struct {
	Department  string    `json:"department"`            // the part that reported the difficulty
	Coordinator string    `json:"coordinator"`           // the person who coordinates
	Measures    string    `json:"measures"`              // the measures agreed
	Departments []string  `json:"departments,omitempty"` // departments added to the request
	At          time.Time `json:"at"`
	By          string    `json:"by"`
}

// CoordinateCommand takes up a reported difficulty (P3.3). Departments,
// if any, join the request with their own plan deadlines (P3.1), and the
// after-sales department coordinates them (P2.2).
type CoordinateCommand struct {
	Department  string // the part whose report is answered
	Coordinator string
	Measures    string
	Departments []string
	At          time.Time
	Actor       Actor
	Version     int // if not 0, the version the caller read: a different current version is a conflict
}

// decideCoordinate answers the pending report of a part (P3.3).
func decideCoordinate(v env, r *Request, cmd CoordinateCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if !cmd.Actor.IsAfterSales() {
		return Event{}, forbidden("coordinate_forbidden", "只有售后管理部可以协调上报的困难（P3.3）")
	}
	if err := requireStatus(r, "协调", StatusInProgress); err != nil {
		return Event{}, err
	}
	if _, ok := r.Part(cmd.Department); !ok {
		return Event{}, invalid("part_unknown", "部门 %q 不是该需求的责任部门", cmd.Department)
	}
	var report *Deadline
	for i := range r.Deadlines {
		if d := &r.Deadlines[i]; d.Clause == ClauseP3_3 && d.Step == StepCoordination && d.Department == cmd.Department && d.Pending() {
			report = d
		}
	}
	if report == nil {
		return Event{}, notAllowed("no_escalation", "部门 %q 没有待协调的困难上报（P3.3）", cmd.Department)
	}
	c := Coordination{Department: cmd.Department, By: cmd.Actor.ID}
	var err error
	if c.Coordinator, err = text(cmd.Coordinator, true, maxShortText, "coordinator", "协调人"); err != nil {
		return Event{}, err
	}
	if c.Measures, err = text(cmd.Measures, true, maxLongText, "measures", "协调措施"); err != nil {
		return Event{}, err
	}
	if c.Departments, err = newDepartments(r, cmd.Departments); err != nil {
		return Event{}, err
	}
	if c.At, err = v.when(cmd.At, report.From, "协调"); err != nil {
		return Event{}, err
	}
	e := event(r, EventCoordinated, cmd.Actor, c.At)
	e.Department = cmd.Department
	e.Coordination = &c
	for _, d := range c.Departments {
		dl, err := NewWorkdayDeadline(v.cal, ClauseP3_1, "coordinated", d, 0, c.At, v.policy.PlanDays)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, dl)
	}
	return e, nil
}

// newDepartments checks department IDs joining a request: each given once
// and not already on it.
func newDepartments(r *Request, in []string) ([]string, error) {
	out := slices.Clone(in)
	seen := map[string]bool{}
	for i, d := range out {
		d, err := text(d, true, maxShortText, "department", "责任部门")
		if err != nil {
			return nil, err
		}
		if _, dup := r.Part(d); dup || seen[d] {
			return nil, invalid("department_duplicate", "责任部门 %q 已在处理该需求", d)
		}
		seen[d] = true
		out[i] = d
	}
	return out, nil
}

// coordinationDeadline opens the after-sales department's answer to a
// report (P3.3), CoordinateDays working days from it.
func coordinationDeadline(v env, dept string, round int, at time.Time) (Deadline, error) {
	d, err := NewWorkdayDeadline(v.cal, ClauseP3_3, "escalated", dept, round, at, v.policy.CoordinateDays)
	d.Step = StepCoordination
	return d, err
}
