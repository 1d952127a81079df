package complaint

import (
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// PlanCommand records one department's findings and handling plan (C3.1).
// Department names the part; empty, it is the actor's own department's
// part, or the only part.
type PlanCommand struct {
	Department string
	Plan       Plan
	Actor      aftersales.Actor
	Version    int
}

// ThirdPartyCommand commissions a third-party investigation (C3.3).
type ThirdPartyCommand struct {
	Agency  string
	Scope   string
	At      time.Time
	Actor   aftersales.Actor
	Version int
}

// ThirdPartyReportCommand records the third party's report (C3.3).
type ThirdPartyReportCommand struct {
	ReportRef  string
	Conclusion string
	At         time.Time
	Actor      aftersales.Actor
	Version    int
}

// investigating checks the actor may act for the owning level and the
// complaint is under investigation.
func investigating(v env, c *Complaint, a aftersales.Actor, action string) error {
	if err := checkActor(a); err != nil {
		return err
	}
	if err := requireStatus(c, action, StatusInvestigating, StatusAnswered, StatusUnresolved); err != nil {
		return err
	}
	if !isOwner(a, c, v.policy) {
		return forbidden("level_forbidden", "该投诉目前由“%s”处理，您不能%s", v.policy.Chain[c.Level].Label, action)
	}
	return nil
}

// planPart returns the part a plan is for: the one named, else the actor's
// department's, else the only one.
func planPart(c *Complaint, cmd PlanCommand) (*Part, error) {
	dept, err := text(cmd.Department, false, maxShort, "department", "责任部门")
	if err != nil {
		return nil, err
	}
	switch {
	case dept != "":
	case inPart(cmd.Actor, c):
		dept = cmd.Actor.DepartmentID
	case len(c.Parts) == 1:
		dept = c.Parts[0].Department
	default:
		return nil, invalid("department_required", "该投诉已转达 %d 个责任部门，请指明为哪个部门登记处理方案", len(c.Parts))
	}
	part, ok := c.Part(dept)
	if !ok {
		return nil, invalid("department_not_forwarded", "投诉未转达给部门 %q（C2.1）", dept)
	}
	return part, nil
}

// decidePlan records a department's plan (C3.1). At the first level a
// department plans its own part only; the after-sales department may
// record any part's.
func decidePlan(v env, c *Complaint, cmd PlanCommand) (Event, error) {
	if err := investigating(v, c, cmd.Actor, "制定处理方案"); err != nil {
		return Event{}, err
	}
	part, err := planPart(c, cmd)
	if err != nil {
		return Event{}, err
	}
	if c.Level == 0 && !isAfterSales(cmd.Actor) && cmd.Actor.DepartmentID != part.Department {
		return Event{}, forbidden("department_forbidden", "只有责任部门 %q 或售后管理部可以登记该部门的处理方案", part.Department)
	}
	if part.Plan != nil {
		return Event{}, notAllowed("already_planned", "部门 %q 的处理方案已经制定", part.Department)
	}
	p := cmd.Plan
	var problems aftersales.Problems // every field's problem at once, for the form
	p.Findings, err = text(p.Findings, true, maxLong, "findings", "调查核实情况")
	problems.Add(err)
	p.Measures, err = text(p.Measures, true, maxLong, "measures", "处理措施")
	problems.Add(err)
	p.Owner, err = text(p.Owner, true, maxShort, "owner", "责任人")
	problems.Add(err)
	p.At, err = v.when(p.At, part.ForwardedAt, "制定处理方案")
	problems.Add(err)
	if err := problems.Err(); err != nil {
		return Event{}, err
	}
	e := event(c, EventPlanned, cmd.Actor, p.At)
	e.Department = part.Department
	e.Plan = &p
	return e, nil
}

// decideStatement records what the customer said during the investigation
// (C3.2).
func decideStatement(v env, c *Complaint, cmd StepCommand) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	if cmd.Actor.Role == aftersales.RoleCustomer && !speaksForCustomer(cmd.Actor, c) {
		return Event{}, forbidden("customer_forbidden", "只能记录投诉人本人的意见")
	}
	if err := requireStatus(c, "记录客户意见", StatusInvestigating, StatusAnswered, StatusUnresolved); err != nil {
		return Event{}, err
	}
	body, err := text(cmd.Text, true, maxLong, "text", "客户的意见和建议")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.ReceivedAt, "记录客户意见")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventStatement, cmd.Actor, at)
	e.Text = body
	return e, nil
}

func decideThirdParty(v env, c *Complaint, cmd ThirdPartyCommand) (Event, error) {
	if err := investigating(v, c, cmd.Actor, "委托第三方调查"); err != nil {
		return Event{}, err
	}
	if c.ThirdParty != nil {
		return Event{}, notAllowed("third_party_exists", "已委托 %s 调查", c.ThirdParty.Agency)
	}
	agency, err := text(cmd.Agency, true, maxShort, "agency", "第三方机构")
	if err != nil {
		return Event{}, err
	}
	scope, err := text(cmd.Scope, true, maxLong, "scope", "调查范围")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.ReceivedAt, "委托第三方调查")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventThirdParty, cmd.Actor, at)
	e.ThirdParty = &ThirdParty{Agency: agency, Scope: scope, Commissioned: at}
	return e, nil
}

func decideThirdPartyReport(v env, c *Complaint, cmd ThirdPartyReportCommand) (Event, error) {
	if err := investigating(v, c, cmd.Actor, "登记第三方调查报告"); err != nil {
		return Event{}, err
	}
	if c.ThirdParty == nil {
		return Event{}, notAllowed("no_third_party", "尚未委托第三方调查（C3.3）")
	}
	if c.ThirdParty.ReportedAt != nil {
		return Event{}, notAllowed("already_reported", "第三方调查报告已经登记")
	}
	ref, err := text(cmd.ReportRef, true, maxShort*2, "report_ref", "调查报告")
	if err != nil {
		return Event{}, err
	}
	conclusion, err := text(cmd.Conclusion, true, maxLong, "conclusion", "调查结论")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.ThirdParty.Commissioned, "登记第三方调查报告")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventThirdPartyReport, cmd.Actor, at)
	e.ThirdParty = &ThirdParty{ReportRef: ref, Conclusion: conclusion}
	return e, nil
}
