package complaint

import (
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// RegisterCommand registers a complaint on the 客户投诉登记表 (C1, C2.1).
// Major with Criteria declares it major at once (C2.2); only a declarer of
// the Policy may.
type RegisterCommand struct {
	// ID, if set, is the new complaint's ID instead of a generated one; it
	// must be unused (a second registration with it is a KindConflict
	// error). Transports set it for idempotent creation.
	ID string
	Registration
	Major    bool
	Criteria []string
	Actor    aftersales.Actor
}

// DeclareMajorCommand declares a complaint major on documented criteria
// (C2.2).
type DeclareMajorCommand struct {
	Criteria []string
	Note     string
	At       time.Time
	Actor    aftersales.Actor
	Version  int
}

// StepCommand is a dated step with a text: the emergency measures (C2.2),
// the feedback to a major complaint's customer (C2.2), a customer statement
// (C3.2), a result (C4.1), a reason for dissatisfaction (C4.2) or for a
// withdrawal.
type StepCommand struct {
	Text    string
	At      time.Time
	Actor   aftersales.Actor
	Version int
}

// ForwardCommand forwards a complaint to the responsible departments
// (C2.1 "转达给相关责任部门或人员"): the first forwarding, or more departments
// later. Each department gets its own part and its own C3.1 clock.
type ForwardCommand struct {
	// Departments are the departments to add.
	Departments []string
	// Department is one more department, for callers that name a single
	// one; it comes before Departments.
	Department string
	At         time.Time
	Actor      aftersales.Actor
	Version    int
}

// maxDepartments is the most departments one forwarding may add.
const maxDepartments = 20

func (cmd ForwardCommand) departments() []string {
	if cmd.Department == "" {
		return cmd.Departments
	}
	return append([]string{cmd.Department}, cmd.Departments...)
}

func decideRegister(v env, id string, cmd RegisterCommand) ([]Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return nil, err
	}
	if !isAfterSales(cmd.Actor) {
		return nil, forbidden("register_forbidden", "投诉由售后管理部或公司总经理受理登记（C1、C2.1）")
	}
	reg := cmd.Registration
	var p aftersales.Problems // every field's problem at once, for the form
	var err error
	reg.Description, err = text(reg.Description, true, maxLong, "description", "投诉内容")
	p.Add(err)
	if !reg.Channel.Valid() {
		p.Add(invalid("channel_invalid", "投诉方式 %q 无效，应为%s（C1）", reg.Channel, aftersales.Choices(aftersales.Channels()...)))
	}
	if !reg.Type.Valid() {
		p.Add(invalid("type_invalid", "投诉类型 %q 无效，应为%s", reg.Type, aftersales.Choices(Types()...)))
	}
	if reg.Cause != "" && !reg.Cause.Valid() {
		p.Add(invalid("cause_invalid", "投诉原因 %q 无效，应为%s", reg.Cause, aftersales.Choices(aftersales.Causes()...)))
	}
	switch reg.ReceivedBy {
	case "":
		reg.ReceivedBy = ToAfterSales
		if cmd.Actor.Role == aftersales.RoleGeneralManager {
			reg.ReceivedBy = ToGeneralManager
		}
	case ToAfterSales, ToGeneralManager:
	default:
		p.Add(invalid("received_by_invalid", "受理人 %q 无效，应为 after_sales 或 general_manager（C1）", reg.ReceivedBy))
	}
	if reg.ReceivedAt.IsZero() {
		p.Add(invalid("received_at_required", "缺少接收投诉的时间（C2.1 的期限从此起算）"))
	} else if reg.ReceivedAt, err = v.when(reg.ReceivedAt, time.Time{}, "接收投诉"); err != nil {
		p.Add(err)
	}
	c := &reg.Complainant
	// The complainant's, the project's and the request's IDs are IDs
	// (aftersales.CheckID): what the customer's data is found, exported
	// and erased by, and the keys of a project and a request.
	for _, f := range []struct {
		p           *string
		code, label string
	}{{&c.ID, "complainant_id", "投诉人编号"}, {&reg.ProjectID, "project_id", "项目编号"}, {&reg.RequestID, "request_id", "售后需求编号"}} {
		*f.p, err = aftersales.CheckOptionalID(*f.p, f.code, f.label)
		p.Add(err)
	}
	for _, f := range []struct {
		p           *string
		code, label string
	}{{&c.Name, "complainant_name", "投诉人姓名"}, {&c.Phone, "complainant_phone", "联系电话"},
		{&c.Email, "complainant_email", "电子邮箱"}, {&c.Contact, "complainant_contact", "其他联系方式"}} {
		// C2.1: the person filling in the 客户投诉登记表 records who
		// complains; a complaint taken in by the system (an e-mail) may
		// not know the name.
		required := f.p == &c.Name && cmd.Actor.Role != aftersales.RoleSystem
		*f.p, err = text(*f.p, required, maxShort, f.code, f.label)
		p.Add(err)
	}
	if err := p.Err(); err != nil {
		return nil, err
	}
	x := &Complaint{ID: id}
	e := event(x, EventRegistered, cmd.Actor, reg.ReceivedAt)
	e.Registration = &reg
	// C2.1: forward within ForwardDays working days of receipt.
	d, err := aftersales.NewWorkdayDeadline(v.cal, ClauseC2_1, "received", "", 0, reg.ReceivedAt, v.policy.ForwardDays)
	if err != nil {
		return nil, err
	}
	e.Deadlines = []aftersales.Deadline{d}
	events := []Event{e}
	if cmd.Major {
		apply(x, e)
		m, err := decideMajor(v, x, DeclareMajorCommand{Criteria: cmd.Criteria, At: reg.ReceivedAt, Actor: cmd.Actor})
		if err != nil {
			return nil, err
		}
		events = append(events, m)
	}
	return events, nil
}

// decideMajor declares a complaint major and opens C2.2's two deadlines
// from the declaration: the emergency plan within EmergencyHours clock
// hours, and feedback to the customer within FeedbackDays working days.
func decideMajor(v env, c *Complaint, cmd DeclareMajorCommand) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	declarer := false
	for _, r := range v.policy.MajorDeclarers {
		declarer = declarer || r == cmd.Actor.Role
	}
	if !declarer {
		return Event{}, forbidden("declare_major_forbidden", "只有公司规定的人员（默认售后管理部部长、总经理）可以认定重大投诉（C2.2）")
	}
	if c.Major != nil {
		return Event{}, notAllowed("already_major", "该投诉已认定为重大投诉")
	}
	if err := requireStatus(c, "认定为重大投诉", StatusRegistered, StatusInvestigating, StatusAnswered, StatusUnresolved); err != nil {
		return Event{}, err
	}
	if len(cmd.Criteria) == 0 {
		return Event{}, invalid("criteria_required", "认定重大投诉须依据至少一项标准（C2.2）")
	}
	for _, id := range cmd.Criteria {
		if _, ok := v.policy.criterion(id); !ok {
			return Event{}, invalid("criterion_unknown", "重大投诉认定标准 %q 不在公司规定之列", id)
		}
	}
	note, err := text(cmd.Note, false, maxLong, "note", "认定说明")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.ReceivedAt, "认定重大投诉")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventDeclaredMajor, cmd.Actor, at)
	e.Major = &Major{DeclaredBy: cmd.Actor.ID, At: at, Criteria: cmd.Criteria, Note: note}
	fb, err := aftersales.NewWorkdayDeadline(v.cal, ClauseC2_2, eventFeedback, "", 0, at, v.policy.FeedbackDays)
	if err != nil {
		return Event{}, err
	}
	e.Deadlines = []aftersales.Deadline{aftersales.NewHourDeadline(ClauseC2_2, eventEmergency, at, v.policy.EmergencyHours), fb}
	return e, nil
}

// decideMajorStep records the emergency plan's start or the feedback to a
// major complaint's customer (C2.2).
func decideMajorStep(v env, c *Complaint, t EventType, cmd StepCommand) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	if cmd.Actor.Role == aftersales.RoleCustomer {
		return Event{}, forbidden("major_step_forbidden", "客户不能登记应急处理")
	}
	if c.Major == nil {
		return Event{}, notAllowed("not_major", "该投诉不是重大投诉（C2.2）")
	}
	if (t == EventEmergency && c.EmergencyAt != nil) || (t == EventMajorFeedback && c.FeedbackAt != nil) {
		return Event{}, notAllowed("already_recorded", "已经登记过")
	}
	if c.Status.Closed() {
		return Event{}, notAllowed("not_allowed_in_status", "投诉当前状态为“%s”，不能登记应急处理", c.Status.Label())
	}
	label := map[EventType]string{EventEmergency: "应急预案措施", EventMajorFeedback: "向客户反馈的处理情况"}[t]
	body, err := text(cmd.Text, true, maxLong, "text", label)
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, c.Major.At, label)
	if err != nil {
		return Event{}, err
	}
	e := event(c, t, cmd.Actor, at)
	e.Text = body
	return e, nil
}

// decideForward forwards to the responsible departments (C2.1). Each new
// department's part gets its C3.1 deadline, from its own forwarding; the
// first forwarding also opens the complaint's C4.1 deadline, owned by the
// one department it names or, when it names several, by the after-sales
// department that coordinates them (P2.2 by analogy). Forwarding again
// adds departments while the complaint is being handled. check, if not nil,
// refuses a department the organisation does not have or has closed.
func decideForward(v env, c *Complaint, cmd ForwardCommand, check func(string) error) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	if !isAfterSales(cmd.Actor) {
		return Event{}, forbidden("forward_forbidden", "投诉由售后管理部或公司总经理转达（C2.1）")
	}
	if err := requireStatus(c, "转达", StatusRegistered, StatusInvestigating, StatusUnresolved); err != nil {
		return Event{}, err
	}
	depts := slices.Clone(cmd.departments())
	if len(depts) > maxDepartments {
		return Event{}, invalid("departments_too_many", "一次最多转达 %d 个责任部门", maxDepartments)
	}
	if len(depts) == 0 {
		depts = []string{""} // reported as department_required below
	}
	seen := map[string]bool{}
	for i, d := range depts {
		d, err := text(d, true, maxShort, "department", "责任部门")
		if err != nil {
			return Event{}, err
		}
		if _, dup := c.Part(d); dup || seen[d] {
			return Event{}, invalid("department_duplicate", "责任部门 %q 已在处理该投诉", d)
		}
		seen[d] = true
		depts[i] = d
	}
	if check != nil {
		for _, d := range depts {
			if err := check(d); err != nil {
				return Event{}, err
			}
		}
	}
	notBefore := c.ReceivedAt
	if c.ForwardedAt != nil {
		notBefore = *c.ForwardedAt
	}
	at, err := v.when(cmd.At, notBefore, "转达投诉")
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventForwarded, cmd.Actor, at)
	e.Departments = depts
	for _, d := range depts {
		inv, err := aftersales.NewWorkdayDeadline(v.cal, ClauseC3_1, "forwarded", d, 0, at, v.policy.InvestigateDays)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, inv)
	}
	if c.ForwardedAt == nil {
		owner := ""
		if len(depts) == 1 {
			owner = depts[0]
		}
		res, err := aftersales.NewWorkdayDeadline(v.cal, ClauseC4_1, "forwarded", owner, 0, at, v.policy.ResultDays)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, res)
	}
	return e, nil
}
