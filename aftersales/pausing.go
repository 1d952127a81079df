package aftersales

// requestClockPauses reports whether a request's deadline stops while the
// company waits on the customer. Urgent measures and their feedback (P1.3)
// and the follow-up visit (P4.2) never pause; neither do the steps inside
// the company that the customer cannot hold up: forwarding (P1.2), the
// after-sales department's coordination (P3.3) and the pause's own limit
// (G3.3). Planning (P3.1), handling and telling the customer (P3.2) pause.
func requestClockPauses(d Deadline) bool {
	switch d.Clause {
	case ClauseP3_1, ClauseP3_2:
		return true
	}
	return false
}

// RequestClockPauses reports whether a deadline of a request is one that a
// pause stops (P3.1 and P3.2; never P1.2, P1.3, P3.3 or P4.2).
func RequestClockPauses(d Deadline) bool { return requestClockPauses(d) }

// mayPause reports whether a may pause or resume r's clocks: the
// after-sales department, or a department responsible for a part.
func mayPause(a Actor, r *Request) bool {
	if a.IsAfterSales() {
		return true
	}
	if a.Role == RoleCustomer || a.DepartmentID == "" {
		return false
	}
	_, ok := r.Part(a.DepartmentID)
	return ok
}

// decidePause stops the request's pausable clocks while the company waits
// on the customer and opens the pause's limit (G3.3).
func decidePause(v env, r *Request, cmd PauseCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if !mayPause(cmd.Actor, r) {
		return Event{}, forbidden("pause_forbidden", "只有售后管理部或该需求的责任部门可以暂停计时")
	}
	// After acceptance no clock that pauses is left to stop.
	if err := requireStatus(r, "暂停计时", StatusRegistered, StatusInProgress, StatusAwaitingAcceptance); err != nil {
		return Event{}, err
	}
	if r.Paused() {
		return Event{}, notAllowed("already_paused", "该需求的计时已经暂停，请先恢复")
	}
	at, err := v.when(cmd.At, r.UpdatedAt, "暂停计时")
	if err != nil {
		return Event{}, err
	}
	p, err := CheckPause(cmd, at)
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventPaused, cmd.Actor, at)
	e.Pause = &p
	limit, err := NewWorkdayDeadline(v.cal, ClauseG3_3, "paused", "", 0, at, v.policy.PauseLimitDays)
	if err != nil {
		return Event{}, err
	}
	limit.Step = StepPauseLimit
	e.Deadlines = []Deadline{limit}
	return e, nil
}

// decideResume starts the paused clocks again, each moved by the working
// days it stood still.
func decideResume(v env, r *Request, cmd ResumeCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if !mayPause(cmd.Actor, r) {
		return Event{}, forbidden("pause_forbidden", "只有售后管理部或该需求的责任部门可以恢复计时")
	}
	p, ok := r.CurrentPause()
	if !ok {
		return Event{}, notAllowed("not_paused", "该需求的计时没有暂停，无需恢复")
	}
	at, err := v.when(cmd.At, p.At, "恢复计时")
	if err != nil {
		return Event{}, err
	}
	moved, err := ResumedDeadlines(v.cal, r.Deadlines, at)
	if err != nil {
		return Event{}, err
	}
	p.ResumedAt, p.ResumedBy, p.Workdays = &at, cmd.Actor.ID, PausedWorkdays(v.cal, p.At, at)
	e := event(r, EventResumed, cmd.Actor, at)
	e.Pause = &p
	e.Recomputed = moved
	return e, nil
}

// refuseWhilePaused refuses the customer's acceptance and rejection while
// the clocks stand still: the customer is back, so the pause
// ends first (resume), and the record says when.
func refuseWhilePaused(r *Request, action string) error {
	if r.Paused() {
		return notAllowed("paused", "该需求的计时处于暂停中，请先恢复计时再%s", action)
	}
	return nil
}
