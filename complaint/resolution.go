package complaint

import (
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// decideAnswer gives the result to the customer (C4.1). A result needs an
// investigation with a plan first (C3.1).
func decideAnswer(v env, c *Complaint, cmd StepCommand) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	if err := requireStatus(c, "反馈处理结果", StatusInvestigating, StatusUnresolved); err != nil {
		return Event{}, err
	}
	if !isOwner(cmd.Actor, c, v.policy) {
		return Event{}, forbidden("level_forbidden", "该投诉目前由“%s”处理，您不能反馈处理结果", v.policy.Chain[c.Level].Label)
	}
	if !c.Planned() {
		var missing []string
		for _, p := range c.Parts {
			if p.Plan == nil {
				missing = append(missing, p.Department)
			}
		}
		return Event{}, notAllowed("not_investigated", "责任部门 %s 尚未调查核实并制定处理方案（C3.1），不能反馈处理结果",
			strings.Join(missing, "、"))
	}
	body, err := text(cmd.Text, true, maxLong, "text", "处理结果")
	if err != nil {
		return Event{}, err
	}
	var since time.Time
	for _, p := range c.Parts {
		if p.Plan.At.After(since) {
			since = p.Plan.At // the result follows every department's plan
		}
	}
	if n := len(c.Escalations); n > 0 && c.Escalations[n-1].At.After(since) {
		since = c.Escalations[n-1].At // a level answers after it took the complaint over
	}
	at, err := v.when(cmd.At, since, "反馈处理结果")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventAnswered, cmd.Actor, at)
	e.Text = body
	return e, nil
}

// decideSatisfied records that the customer is satisfied: resolved.
func decideSatisfied(v env, c *Complaint, cmd StepCommand) (Event, error) {
	if err := customerStep(c, cmd.Actor, "确认满意"); err != nil {
		return Event{}, err
	}
	if err := requireStatus(c, "确认满意", StatusAnswered); err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.Results[len(c.Results)-1].At, "确认满意")
	if err != nil {
		return Event{}, err
	}
	remark, err := text(cmd.Text, false, maxLong, "text", "客户意见")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventSatisfied, cmd.Actor, at)
	e.Text = remark
	if err := endPause(v, c, &e); err != nil {
		return Event{}, err
	}
	return e, nil
}

// decideNotSatisfied escalates one level up the chain, restarting the C4.1
// clock that level owns (C4.2). At the top of the chain the complaint stays
// open and is flagged; it is never closed without the customer. Asking
// again when already flagged is an escalation past the chain, refused.
func decideNotSatisfied(v env, c *Complaint, cmd StepCommand) (Event, error) {
	if err := customerStep(c, cmd.Actor, "登记不满意"); err != nil {
		return Event{}, err
	}
	if c.Status == StatusUnresolved {
		return Event{}, notAllowed("escalation_past_chain", "已升至最高一级（%s），不能再升级；投诉保持未结并已标记（C4.2）", v.policy.Chain[c.Level].Label)
	}
	if err := requireStatus(c, "登记不满意", StatusAnswered); err != nil {
		return Event{}, err
	}
	reason, err := text(cmd.Text, true, maxLong, "reason", "不满意的理由")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.Results[len(c.Results)-1].At, "登记不满意")
	if err != nil {
		return Event{}, err
	}
	if c.Level+1 >= len(v.policy.Chain) {
		e := event(c, EventFlagged, cmd.Actor, at)
		e.Text = reason
		return e, nil
	}
	next := v.policy.Chain[c.Level+1]
	e := event(c, EventEscalated, cmd.Actor, at)
	e.Text = reason
	d, err := aftersales.NewWorkdayDeadline(v.cal, ClauseC4_1, "escalated", next.ID, c.Level+1, at, v.policy.ResultDays)
	if err != nil {
		return Event{}, err
	}
	e.Deadlines = []aftersales.Deadline{d}
	return e, nil
}

// decideWithdraw withdraws a complaint at the customer's wish.
func decideWithdraw(v env, c *Complaint, cmd StepCommand) (Event, error) {
	if err := customerStep(c, cmd.Actor, "撤回投诉"); err != nil {
		return Event{}, err
	}
	if c.Status.Closed() {
		return Event{}, notAllowed("not_allowed_in_status", "投诉当前状态为“%s”，不能撤回", c.Status.Label())
	}
	reason, err := text(cmd.Text, true, maxLong, "reason", "撤回原因")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.UpdatedAt, "撤回投诉")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventWithdrawn, cmd.Actor, at)
	e.Text = reason
	if err := endPause(v, c, &e); err != nil {
		return Event{}, err
	}
	return e, nil
}

func customerStep(c *Complaint, a aftersales.Actor, action string) error {
	if err := checkActor(a); err != nil {
		return err
	}
	if !speaksForCustomer(a, c) {
		return forbidden("customer_forbidden", "只有投诉人本人或售后管理部可以%s", action)
	}
	return nil
}
