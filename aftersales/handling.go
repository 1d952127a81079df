package aftersales

import "time"

// PlanCommand records a department's handling plan (P3.1) and its
// classification as simple or complex (P3.2). The department that plans
// classifies; the after-sales head may reclassify later.
type PlanCommand struct {
	Department string
	Plan       Plan
	At         time.Time
	Actor      Actor
	Version    int // if not 0, the version the caller read: a different current version is a conflict
}

// ReclassifyCommand changes a part's complexity (P3.2). Only the
// after-sales head or the general manager may. The handling deadline is
// recomputed from the same starting event with the new period: simple to
// complex extends it, complex to simple shortens it, and a shortened
// deadline that has already passed is missed.
type ReclassifyCommand struct {
	Department string
	Complexity Complexity
	Reason     string
	At         time.Time
	Actor      Actor
	Version    int // if not 0, the version the caller read: a different current version is a conflict
}

// EscalateCommand reports a difficulty to the after-sales department, which
// coordinates the departments concerned (P3.3).
type EscalateCommand struct {
	Department string
	Reason     string
	At         time.Time
	Actor      Actor
	Version    int // if not 0, the version the caller read: a different current version is a conflict
}

// CompleteCommand records that a department finished its part (P3.2). The
// customer is told the result as a step of its own (FeedbackCommand); when
// the last part is done, handling is complete and the follow-up visit is
// due within VisitDays (P4.2).
type CompleteCommand struct {
	Department string
	Result     string
	At         time.Time
	Actor      Actor
	Version    int // if not 0, the version the caller read: a different current version is a conflict
}

// part finds a department's part for a handling command, checking the
// actor and the request's state.
func handlingPart(r *Request, a Actor, dept, action string) (*Part, error) {
	if err := a.validate(); err != nil {
		return nil, err
	}
	if err := requireStatus(r, action, StatusInProgress); err != nil {
		return nil, err
	}
	p, ok := r.Part(dept)
	if !ok {
		return nil, invalid("part_unknown", "部门 %q 不是该需求的责任部门", dept)
	}
	if !mayActFor(a, dept) {
		return nil, forbidden("department_forbidden", "只有责任部门 %q 或售后管理部可以%s", dept, action)
	}
	if p.DoneAt != nil {
		return nil, notAllowed("part_done", "部门 %q 的处理已经完成", dept)
	}
	return p, nil
}

// decidePlan records the plan and opens the part's P3.2 handling deadline,
// counted from the department's receipt of the request.
func decidePlan(v env, r *Request, cmd PlanCommand) (Event, error) {
	p, err := handlingPart(r, cmd.Actor, cmd.Department, "制定处理方案")
	if err != nil {
		return Event{}, err
	}
	if p.Plan != nil {
		return Event{}, notAllowed("already_planned", "部门 %q 已经制定处理方案", cmd.Department)
	}
	plan := cmd.Plan
	var problems Problems // every field's problem at once, for the form
	plan.Measures, err = text(plan.Measures, true, maxLongText, "measures", "处理措施")
	problems.Add(err)
	plan.Owner, err = text(plan.Owner, true, maxShortText, "owner", "责任人")
	problems.Add(err)
	if plan.ScheduledAt.IsZero() {
		problems.Add(invalid("scheduled_at_required", "处理方案须写明处理时间（P3.1）"))
	}
	if !plan.Complexity.Valid() {
		problems.Add(invalid("complexity_invalid", "问题复杂程度 %q 无效，应为 simple 或 complex（P3.2）", plan.Complexity))
	}
	at, err := v.when(cmd.At, p.ReceivedAt, "制定处理方案")
	problems.Add(err)
	if err := problems.Err(); err != nil {
		return Event{}, err
	}
	e := event(r, EventPlanned, cmd.Actor, at)
	e.Department = cmd.Department
	e.Plan = &plan
	// P3.2: simple within SimpleDays, complex within ComplexDays of receipt.
	d, err := NewWorkdayDeadline(v.cal, ClauseP3_2, "forwarded", cmd.Department, 0, p.ReceivedAt, v.policy.handlingDays(plan.Complexity))
	if err != nil {
		return Event{}, err
	}
	e.Deadlines = []Deadline{d}
	if plan.Complexity == Complex {
		// P3.2: the customer hears how a complex problem goes while it is handled.
		pd, err := progressDeadline(v, p, at)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, pd)
	}
	return e, nil
}

// decideReclassify replaces the pending P3.2 deadline by one with the new
// period from the same starting event.
func decideReclassify(v env, r *Request, cmd ReclassifyCommand) (Event, error) {
	p, err := handlingPart(r, cmd.Actor, cmd.Department, "调整问题复杂程度")
	if err != nil {
		return Event{}, err
	}
	if cmd.Actor.Role != RoleAfterSalesHead && cmd.Actor.Role != RoleGeneralManager {
		return Event{}, forbidden("reclassify_forbidden", "只有售后管理部部长或总经理可以调整问题复杂程度（P3.2）")
	}
	if p.Plan == nil {
		return Event{}, notAllowed("not_planned", "部门 %q 尚未制定处理方案，复杂程度随方案确定（P3.1）", cmd.Department)
	}
	if !cmd.Complexity.Valid() {
		return Event{}, invalid("complexity_invalid", "问题复杂程度 %q 无效，应为 simple 或 complex（P3.2）", cmd.Complexity)
	}
	if cmd.Complexity == p.Complexity {
		return Event{}, invalid("complexity_unchanged", "问题复杂程度已经是 %q", cmd.Complexity)
	}
	reason, err := text(cmd.Reason, true, maxLongText, "reason", "调整理由")
	if err != nil {
		return Event{}, err
	}
	var current *Deadline
	for i := range r.Deadlines {
		if d := &r.Deadlines[i]; d.Clause == ClauseP3_2 && d.Step == "" && d.Department == cmd.Department && d.Pending() {
			current = d
		}
	}
	if current == nil {
		return Event{}, notAllowed("no_pending_deadline", "部门 %q 没有待完成的处理期限", cmd.Department)
	}
	at, err := v.when(cmd.At, p.ReceivedAt, "调整复杂程度")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventReclassified, cmd.Actor, at)
	e.Department = cmd.Department
	e.Complexity = cmd.Complexity
	e.Reason = reason
	d, err := NewWorkdayDeadline(v.cal, ClauseP3_2, current.Event, cmd.Department, current.Round, current.From, v.policy.handlingDays(cmd.Complexity))
	if err != nil {
		return Event{}, err
	}
	d.PausedDays = current.PausedDays // pauses already resumed still count
	if d.PausedDays > 0 {
		if d, err = d.Recount(v.cal); err != nil {
			return Event{}, err
		}
	}
	e.Deadlines = []Deadline{d}
	if cmd.Complexity == Complex {
		pd, err := progressDeadline(v, p, at)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, pd)
	}
	return e, nil
}

// decideEscalate records a report to the after-sales department (P3.3).
func decideEscalate(v env, r *Request, cmd EscalateCommand) (Event, error) {
	p, err := handlingPart(r, cmd.Actor, cmd.Department, "上报困难")
	if err != nil {
		return Event{}, err
	}
	for _, d := range r.Deadlines {
		if d.Clause == ClauseP3_3 && d.Step == StepCoordination && d.Department == cmd.Department && d.Pending() {
			return Event{}, notAllowed("escalation_pending", "部门 %q 已上报困难，正等待售后管理部协调（P3.3）", cmd.Department)
		}
	}
	reason, err := text(cmd.Reason, true, maxLongText, "reason", "上报原因")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, p.ReceivedAt, "上报困难")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventEscalated, cmd.Actor, at)
	e.Department = cmd.Department
	e.Reason = reason
	// P3.3: the after-sales department takes the report up.
	d, err := coordinationDeadline(v, cmd.Department, p.Round, at)
	if err != nil {
		return Event{}, err
	}
	e.Deadlines = []Deadline{d}
	return e, nil
}

// decideComplete records a part's completion (P3.2).
func decideComplete(v env, r *Request, cmd CompleteCommand) (Event, error) {
	p, err := handlingPart(r, cmd.Actor, cmd.Department, "完成处理")
	if err != nil {
		return Event{}, err
	}
	if p.Plan == nil {
		return Event{}, notAllowed("not_planned", "部门 %q 尚未制定处理方案（P3.1），不能完成处理", cmd.Department)
	}
	result, err := text(cmd.Result, true, maxLongText, "result", "处理结果")
	if err != nil {
		return Event{}, err
	}
	since := p.handlingSince()
	for _, d := range r.Deadlines {
		// Not before the progress the customer was last told of (P3.2).
		if d.Clause == ClauseP3_2 && d.Step == StepProgress && d.Department == p.Department && d.Pending() && d.From.After(since) {
			since = d.From
		}
	}
	at, err := v.when(cmd.At, since, "完成处理")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventCompleted, cmd.Actor, at)
	e.Department = cmd.Department
	e.Result = result
	// P3.2: the customer hears the department's result.
	fb, err := resultFeedbackDeadline(v, p, at)
	if err != nil {
		return Event{}, err
	}
	e.Deadlines = []Deadline{fb}
	// P4.2: handling is complete (处理完毕) when the last part is done; the
	// visit runs from then, the latest completion of the round.
	done, others := at, true
	for _, q := range r.Parts {
		if q.Department == p.Department {
			continue
		}
		if q.DoneAt == nil {
			others = false
		} else if q.DoneAt.After(done) {
			done = *q.DoneAt
		}
	}
	if others {
		vd, err := NewWorkdayDeadline(v.cal, ClauseP4_2, "completed", "", p.Round, done, v.policy.VisitDays)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, vd)
	}
	return e, nil
}
