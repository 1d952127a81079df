package complaint

import (
	"context"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// clockPauses reports whether a deadline's clock stops while the company
// waits on the customer: the working-day clocks of C3 (the investigation
// and plan) and C4 (the result, at every level). Forwarding (C2.1) is
// intake and a major complaint's clocks (C2.2) are urgent: they never
// pause.
func clockPauses(d aftersales.Deadline) bool {
	c := string(d.Clause)
	return d.Workdays > 0 && (strings.HasPrefix(c, "C3.") || strings.HasPrefix(c, "C4."))
}

// mayPause reports whether a may stop or restart a complaint's clocks: the
// after-sales department, the general manager, or a department the
// complaint was forwarded to.
func mayPause(a aftersales.Actor, c *Complaint) bool {
	return isAfterSales(a) || inPart(a, c)
}

// decidePause stops the complaint's C3 and C4 working-day clocks while the
// company waits on the customer, with a reason from the documented list,
// a note and optional evidence, and opens the G3.3 limit of the pause:
// Policy.PauseLimitDays working days, after which the pause is escalated.
// A closed complaint, or one already paused, is refused.
func decidePause(v env, c *Complaint, cmd aftersales.PauseCommand) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	if !mayPause(cmd.Actor, c) {
		return Event{}, forbidden("pause_forbidden", "只有售后管理部或投诉已转达的责任部门可以暂停计时")
	}
	if c.Status.Closed() {
		return Event{}, notAllowed("not_allowed_in_status", "投诉当前状态为“%s”，不能暂停计时", c.Status.Label())
	}
	if p, ok := c.CurrentPause(); ok {
		return Event{}, notAllowed("already_paused", "计时已于 %s 暂停（%s），请先恢复计时", fmtCST(p.At), p.Reason.Label())
	}
	at, err := v.when(cmd.At, c.UpdatedAt, "暂停计时")
	if err != nil {
		return Event{}, err
	}
	p, err := aftersales.CheckPause(cmd, at)
	if err != nil {
		return Event{}, err
	}
	limit, err := aftersales.NewWorkdayDeadline(v.cal, aftersales.ClauseG3_3, "paused", "", 0, at, v.policy.PauseLimitDays)
	if err != nil {
		return Event{}, err
	}
	limit.Step = aftersales.StepPauseLimit
	e := event(c, EventPaused, cmd.Actor, at)
	e.Pause = &p
	e.Deadlines = []aftersales.Deadline{limit}
	return e, nil
}

// decideResume starts the paused clocks again: each paused deadline moves
// by the working days it stood still (aftersales.ResumedDeadlines), and the
// G3.3 limit of the pause is met. A complaint that is not paused is
// refused.
func decideResume(v env, c *Complaint, cmd aftersales.ResumeCommand) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	if !mayPause(cmd.Actor, c) {
		return Event{}, forbidden("resume_forbidden", "只有售后管理部或投诉已转达的责任部门可以恢复计时")
	}
	p, ok := c.CurrentPause()
	if !ok {
		return Event{}, notAllowed("not_paused", "计时没有暂停，无需恢复")
	}
	at, err := v.when(cmd.At, p.At, "恢复计时")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventResumed, cmd.Actor, at)
	if err := endPause(v, c, &e); err != nil {
		return Event{}, err
	}
	return e, nil
}

// endPause records on e, when c is paused, the pause ended at e's time (or
// at its start, if e is dated earlier) and the paused deadlines moved by
// the working days they stood still: a resume, or a complaint resolved or
// withdrawn while paused.
func endPause(v env, c *Complaint, e *Event) error {
	p, ok := c.CurrentPause()
	if !ok {
		return nil
	}
	at := e.At
	if at.Before(p.At) {
		at = p.At
	}
	moved, err := aftersales.ResumedDeadlines(v.cal, c.Deadlines, at)
	if err != nil {
		return err
	}
	p.ResumedAt, p.ResumedBy = &at, e.Actor.ID
	p.Workdays = aftersales.PausedWorkdays(v.cal, p.At, at)
	e.Pause, e.Recomputed = &p, moved
	return nil
}

// Pause stops the complaint's C3 and C4 clocks while the company waits on
// the customer (G3.3 limits how long).
func (s *Service) Pause(ctx context.Context, id string, cmd aftersales.PauseCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decidePause(v, c, cmd) })
}

// Resume starts a paused complaint's clocks again.
func (s *Service) Resume(ctx context.Context, id string, cmd aftersales.ResumeCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideResume(v, c, cmd) })
}

func fmtCST(t time.Time) string { return t.In(calendar.CST()).Format("2006-01-02 15:04") }
