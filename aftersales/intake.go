package aftersales

import (
	"slices"
	"time"
)

// RegisterCommand registers customer feedback on the 客户反馈登记表 (P1.2).
type RegisterCommand struct {
	Registration
	// ID, if set, is the new request's ID instead of a generated one; it
	// must be unused (a second registration with it is a KindConflict
	// error). Transports set it for idempotent creation.
	ID      string
	Actor   Actor
	Version int // if not 0, the version the caller read: a different current version is a conflict
}

// ForwardCommand forwards a request to the responsible departments or
// people (P1.2 "转达给相关责任部门或人员", P2.1, P2.2). With neither, the
// department comes from the routing by cause: with an Organisation, the
// project's 项目部 or the company's one department of the kind. Forwarding
// an in-progress request again adds departments.
type ForwardCommand struct {
	Cause       Cause    // sets or corrects the cause; empty keeps the registered one
	Departments []string // explicit departments; required for CauseOther
	// People names persons to forward to (needs an Organisation): each
	// one's department joins the request with them as its assignee.
	People    []string
	assignees []Assignee
	At        time.Time
	Actor     Actor
	Version   int // if not 0, the version the caller read: a different current version is a conflict
}

// UrgentCommand records the immediate measures taken on an urgent request
// (P1.3).
type UrgentCommand struct {
	Measures string
	At       time.Time
	Actor    Actor
	Version  int // if not 0, the version the caller read: a different current version is a conflict
}

// decideRegister checks a registration and opens its deadlines: P1.2 from
// the moment the feedback was received, and P1.3 for an urgent request.
// project is the request's project, or nil.
func decideRegister(v env, id string, cmd RegisterCommand, project *Project) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	switch cmd.Actor.Role {
	case RoleGeneralManager, RoleAfterSalesHead, RoleAfterSalesStaff, RoleSpecialist, RoleDepartmentStaff, RoleSystem, RoleCustomer:
	default:
		return Event{}, forbidden("register_forbidden", "只有售后管理部、项目部或客户本人可以登记售后需求（P1.2）")
	}
	reg := cmd.Registration
	reg.Number = "" // the Service's Numberer gives it
	var p Problems  // every field's problem at once, for the form
	var err error
	reg.Description, err = text(reg.Description, true, maxLongText, "description", "问题描述")
	p.Add(err)
	if !reg.Channel.Valid() {
		p.Add(invalid("channel_invalid", "反馈方式 %q 无效，应为%s（P1.1）", reg.Channel, Choices(Channels()...)))
	}
	if reg.Cause != "" && !reg.Cause.Valid() {
		p.Add(invalid("cause_invalid", "问题原因 %q 无效，应为%s（P2.1）", reg.Cause, Choices(Causes()...)))
	}
	if reg.ReceivedAt.IsZero() {
		p.Add(invalid("received_at_required", "缺少接收时间（P1.2 的期限从接收反馈时起算）"))
	} else if reg.ReceivedAt, err = v.when(reg.ReceivedAt, earliest, "接收反馈"); err != nil {
		p.Add(err)
	}
	c := &reg.Customer
	// The customer's and the project's IDs are IDs (CheckID): what the
	// customer's data is found, exported and erased by, and a project's key.
	c.ID, err = CheckOptionalID(c.ID, "customer_id", "客户编号")
	p.Add(err)
	reg.ProjectID, err = CheckOptionalID(reg.ProjectID, "project_id", "项目编号")
	p.Add(err)
	for _, f := range []struct {
		p          *string
		code, name string
	}{{&c.Name, "customer_name", "客户姓名"}, {&c.Phone, "customer_phone", "联系电话"},
		{&c.Email, "customer_email", "电子邮箱"}, {&c.Contact, "customer_contact", "其他联系方式"},
		{&reg.Location, "location", "部位或位置"}, {&reg.Component, "component", "部位类别"}} {
		// P1.2: a person of the company filling in the 客户反馈登记表
		// records whose feedback it is. Intake by the system (a WeChat
		// message, an e-mail) may not know the name; a customer
		// registering for themself is known by their account.
		required := f.p == &c.Name && cmd.Actor.Role != RoleSystem && cmd.Actor.Role != RoleCustomer
		*f.p, err = text(*f.p, required, maxShortText, f.code, f.name)
		p.Add(err)
	}
	if cmd.Actor.Role == RoleCustomer {
		c.ID = cmd.Actor.ID // a customer registers only for themself
	}
	reg.Attachments, err = refs(reg.Attachments, "attachment", "附件")
	p.Add(err)
	if err := p.Err(); err != nil {
		return Event{}, err
	}
	if reg.ProjectID != "" && project == nil {
		return Event{}, invalid("project_unknown", "项目 %q 不存在", reg.ProjectID)
	}
	// P1.2: 售后管理部或项目部 registers the feedback; a project department
	// (its staff and its specialist) for its own projects.
	if !cmd.Actor.IsAfterSales() && cmd.Actor.Role != RoleCustomer && !ofProject(cmd.Actor, project) {
		return Event{}, forbidden("register_forbidden", "项目部只能为本项目登记售后需求，请选择本项目（P1.2）")
	}
	r := &Request{ID: id}
	e := event(r, EventRegistered, cmd.Actor, reg.ReceivedAt)
	e.Registration = &reg
	// P1.2: forward within ForwardDays working days of receipt.
	d, err := NewWorkdayDeadline(v.cal, ClauseP1_2, "received", "", 0, reg.ReceivedAt, v.policy.ForwardDays)
	if err != nil {
		return Event{}, err
	}
	e.Deadlines = append(e.Deadlines, d)
	if reg.Urgent {
		// P1.3: immediate measures, a clock-hour target.
		e.Deadlines = append(e.Deadlines, NewHourDeadline(ClauseP1_3, "received", reg.ReceivedAt, v.policy.UrgentHours))
	}
	e.RecordedAt = v.now
	return e, nil
}

// decideForward routes the request (P2.1) and opens each new department's
// P3.1 plan deadline from the moment it received the request.
func decideForward(v env, r *Request, cmd ForwardCommand, project *Project) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if !cmd.Actor.IsAfterSales() && !ofProject(cmd.Actor, project) {
		return Event{}, forbidden("forward_forbidden", "只有售后管理部或本项目的项目部可以转达售后需求（P1.2）")
	}
	if err := requireStatus(r, "转达", StatusRegistered, StatusInProgress); err != nil {
		return Event{}, err
	}
	cause := r.Cause
	if cmd.Cause != "" {
		if !cmd.Cause.Valid() {
			return Event{}, invalid("cause_invalid", "问题原因 %q 无效，应为%s（P2.1）", cmd.Cause, Choices(Causes()...))
		}
		cause = cmd.Cause
	}
	depts := slices.Clone(cmd.Departments)
	if len(depts) == 0 {
		if cause == "" {
			return Event{}, invalid("cause_required", "尚未确定问题原因，请指定原因或责任部门（P2.1）")
		}
		dept, err := v.routing.Route(cause, project)
		if err != nil {
			return Event{}, err
		}
		depts = []string{dept}
	}
	depts, err := newDepartments(r, depts)
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, r.UpdatedAt, "转达")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventForwarded, cmd.Actor, at)
	if cause != r.Cause {
		e.Cause = cause
	}
	e.Departments = depts
	e.Assignees = cmd.assignees
	for _, d := range depts {
		dl, err := NewWorkdayDeadline(v.cal, ClauseP3_1, "forwarded", d, 0, at, v.policy.PlanDays)
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, dl)
	}
	return e, nil
}

// decideUrgent records the immediate measures on an urgent request (P1.3).
func decideUrgent(v env, r *Request, cmd UrgentCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if cmd.Actor.Role == RoleCustomer {
		return Event{}, forbidden("urgent_forbidden", "客户不能登记紧急处理措施")
	}
	if !r.Urgent {
		return Event{}, notAllowed("not_urgent", "该需求不是紧急需求（P1.3）")
	}
	if r.UrgentHandledAt != nil {
		return Event{}, notAllowed("urgent_already_handled", "紧急处理措施已经登记")
	}
	if err := requireStatus(r, "登记紧急处理措施", StatusRegistered, StatusInProgress, StatusAwaitingAcceptance); err != nil {
		return Event{}, err
	}
	measures, err := text(cmd.Measures, true, maxLongText, "measures", "紧急处理措施")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, r.ReceivedAt, "紧急处理")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventUrgentHandled, cmd.Actor, at)
	e.Measures = measures
	// P1.3: "处理完毕后及时将处理情况反馈给客户".
	fb, err := NewWorkdayDeadline(v.cal, ClauseP1_3, "urgent_handled", "", 0, at, v.policy.FeedbackDays)
	if err != nil {
		return Event{}, err
	}
	fb.Step = StepFeedback
	e.Deadlines = []Deadline{fb}
	return e, nil
}

// ofProject reports whether a belongs to project's 项目部: its after-sales
// specialist, or staff of its project department (G4.3, P1.2).
func ofProject(a Actor, project *Project) bool {
	if project == nil || (a.Role != RoleSpecialist && a.Role != RoleDepartmentStaff) {
		return false
	}
	return a.ID == project.SpecialistID || (a.DepartmentID != "" && a.DepartmentID == project.DepartmentID)
}
