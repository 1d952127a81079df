package ledger

import (
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// complaintOrder is the order the steps of a complaint follow (C2.1 →
// C4.2).
var complaintOrder = []Field{FieldReceivedAt, FieldForwardedAt, FieldPlannedAt, FieldAnsweredAt, FieldEscalatedAt,
	FieldReansweredAt, FieldResolvedAt}

// complaintFollows are the other time fields, each after the receipt.
var complaintFollows = []follow{{FieldMajorAt, nil}, {FieldEmergencyAt, []Field{FieldMajorAt}},
	{FieldMajorFeedbackAt, []Field{FieldMajorAt}}, {FieldWithdrawnAt, nil}}

// complaintNeeds names, for each clause, the columns it cannot be judged
// without.
var complaintNeeds = map[aftersales.Clause][]Field{
	complaint.ClauseC2_1: {FieldForwardedAt},
	complaint.ClauseC2_2: {FieldMajor, FieldEmergencyAt, FieldMajorFeedbackAt},
	complaint.ClauseC3_1: {FieldForwardedAt, FieldPlannedAt},
	complaint.ClauseC4_1: {FieldForwardedAt, FieldAnsweredAt},
}

// complaintClauses are the complaint clauses in the order reports list them.
var complaintClauses = []aftersales.Clause{complaint.ClauseC2_1, complaint.ClauseC2_2, complaint.ClauseC3_1, complaint.ClauseC4_1}

// The deadline events of C2.2, as package complaint names them.
const (
	eventEmergency = "declared_major"
	eventFeedback  = "declared_major_feedback"
)

// complaintRow is a complaint read from a row, with its history.
type complaintRow struct {
	events []complaint.Event
	st     stamps
	major  bool
}

// readComplaint turns a row of a complaint table into a complaint history
// whose events carry the deadlines package complaint opens for them (C2.1
// from receipt, C2.2 from the declaration, C3.1 and C4.1 from forwarding,
// C4.1 again from an escalation), so that complaint.Replay marks each met
// or not.
func readComplaint(v *rowView, m *Mapping, id string, cal *calendar.Calendar, p complaint.Policy) (complaintRow, *Error) {
	st, err := readTimes(v, complaintOrder, complaintFollows)
	if err != nil {
		return complaintRow{}, err
	}
	reg := complaint.Registration{Complainant: aftersales.Customer{Name: v.text(FieldCustomer), Phone: v.text(FieldContact)},
		ProjectID: v.text(FieldProject), Description: v.text(FieldDescription), ReceivedAt: st[FieldReceivedAt].Time,
		ReceivedBy: complaint.ToAfterSales, Type: complaint.TypeOther}
	if s := v.text(FieldChannel); s != "" {
		c, ok := lookup(s, channelWords, m.Channels)
		if !ok {
			return complaintRow{}, cellError(CodeChannelUnknown, v.ref(FieldChannel), "投诉方式“%s”不是电话、邮件、微信或现场（C1）；可在映射文件 channels 中对应", s)
		}
		reg.Channel = c
	}
	if s := v.text(FieldCause); s != "" {
		c, ok := lookup(s, causeWords, m.Causes)
		if !ok {
			return complaintRow{}, cellError(CodeCauseUnknown, v.ref(FieldCause), "投诉原因“%s”无法识别；可在映射文件 causes 中对应", s)
		}
		reg.Cause = c
	}
	if s := v.text(FieldType); s != "" {
		t, ok := lookup(s, typeWords, m.Types)
		if !ok {
			return complaintRow{}, cellError(CodeTypeUnknown, v.ref(FieldType), "投诉类型“%s”无法识别；可在映射文件 types 中对应", s)
		}
		reg.Type = t
	}
	major, err := v.flag(FieldMajor)
	if err != nil {
		return complaintRow{}, err
	}
	depts := departments(v.text(FieldDepartment))
	if len(depts) == 0 && (st.has(FieldForwardedAt) || st.has(FieldPlannedAt)) {
		v.notes = append(v.notes, cellError(CodeDepartmentMissing, v.ref(FieldDepartment), "未填写责任部门，记为“未注明”"))
		depts = []string{"未注明"}
	}
	h := complaintHistory{id: id}
	received := reg.ReceivedAt
	h.add(complaint.Event{Type: complaint.EventRegistered, At: received, Registration: &reg},
		workdays(cal, complaint.ClauseC2_1, "received", "", 0, received, p.ForwardDays))
	if major {
		at := received
		if t := st[FieldMajorAt]; t != nil {
			at = t.Time
		} else {
			v.notes = append(v.notes, cellError(CodeMajorAtAssumed, v.ref(FieldMajor), "重大投诉没有认定时间，C2.2 的期限按接收时间起算"))
		}
		h.add(complaint.Event{Type: complaint.EventDeclaredMajor, At: at, Major: &complaint.Major{At: at}},
			aftersales.NewHourDeadline(complaint.ClauseC2_2, eventEmergency, at, p.EmergencyHours),
			workdays(cal, complaint.ClauseC2_2, eventFeedback, "", 0, at, p.FeedbackDays))
		if t := st[FieldEmergencyAt]; t != nil {
			h.add(complaint.Event{Type: complaint.EventEmergency, At: t.Time})
		}
		if t := st[FieldMajorFeedbackAt]; t != nil {
			h.add(complaint.Event{Type: complaint.EventMajorFeedback, At: t.Time})
		}
		hourStamps := []*Stamp{st[FieldMajorAt], st[FieldEmergencyAt]}
		if st[FieldMajorAt] == nil {
			hourStamps[0] = st[FieldReceivedAt]
		}
		for _, s := range hourStamps {
			if s != nil && s.DateOnly {
				v.notes = append(v.notes, cellError(CodeHourUnjudged, v.ref(FieldEmergencyAt), "重大投诉的认定或应急时间没有具体时刻，C2.2 的应急小时时限无法判断"))
				break
			}
		}
	}
	if t := st[FieldForwardedAt]; t != nil {
		// As complaint's decideForward: C3.1 for each department, one C4.1
		// owned by the department when there is one.
		var ds []aftersales.Deadline
		for _, d := range depts {
			ds = append(ds, workdays(cal, complaint.ClauseC3_1, "forwarded", d, 0, t.Time, p.InvestigateDays))
		}
		owner := ""
		if len(depts) == 1 {
			owner = depts[0]
		}
		ds = append(ds, workdays(cal, complaint.ClauseC4_1, "forwarded", owner, 0, t.Time, p.ResultDays))
		h.add(complaint.Event{Type: complaint.EventForwarded, At: t.Time, Departments: depts}, ds...)
	}
	if t := st[FieldPlannedAt]; t != nil && st.has(FieldForwardedAt) {
		for _, d := range depts {
			h.add(complaint.Event{Type: complaint.EventPlanned, At: t.Time, Department: d, Plan: &complaint.Plan{At: t.Time}})
		}
	}
	if t := st[FieldAnsweredAt]; t != nil {
		h.add(complaint.Event{Type: complaint.EventAnswered, At: t.Time})
	}
	if t := st[FieldEscalatedAt]; t != nil && len(p.Chain) > 1 {
		h.add(complaint.Event{Type: complaint.EventEscalated, At: t.Time},
			workdays(cal, complaint.ClauseC4_1, "escalated", p.Chain[1].ID, 1, t.Time, p.ResultDays))
	}
	if t := st[FieldReansweredAt]; t != nil {
		h.add(complaint.Event{Type: complaint.EventAnswered, At: t.Time})
	}
	if t := st[FieldResolvedAt]; t != nil {
		h.add(complaint.Event{Type: complaint.EventSatisfied, At: t.Time})
	}
	if t := st[FieldWithdrawnAt]; t != nil {
		h.add(complaint.Event{Type: complaint.EventWithdrawn, At: t.Time})
	}
	return complaintRow{events: h.events, st: st, major: major}, nil
}

// workdays opens a working-day deadline; the times were checked to lie
// in 2000–2100, where the calendar always answers.
func workdays(cal *calendar.Calendar, c aftersales.Clause, event, dept string, round int, from time.Time, n int) aftersales.Deadline {
	return aftersales.Deadline{Clause: c, Event: event, Department: dept, Round: round, From: from,
		Due: cal.Deadline(from, n), Workdays: n}
}

type complaintHistory struct {
	id     string
	events []complaint.Event
}

func (h *complaintHistory) add(e complaint.Event, ds ...aftersales.Deadline) {
	e.ComplaintID, e.Seq, e.Deadlines = h.id, len(h.events)+1, ds
	e.Actor = aftersales.Actor{ID: "ledger", Role: aftersales.RoleSystem}
	h.events = append(h.events, e)
}

// auditComplaint replays a complaint's history and reports each deadline
// missed by now: done late, or not done once due.
func auditComplaint(events []complaint.Event, now time.Time) ([]aftersales.Finding, error) {
	c, err := complaint.Replay(events)
	if err != nil {
		return nil, fmt.Errorf("replaying the complaint: %w", err)
	}
	var out []aftersales.Finding
	for _, d := range c.Deadlines {
		if d.State(now) != aftersales.DeadlineMissed {
			continue
		}
		what := complaintTask(d)
		f := aftersales.Finding{Clause: d.Clause, Department: d.Department, Due: d.Due}
		if d.DoneAt != nil {
			f.Kind, f.DoneAt = aftersales.FindingLate, *d.DoneAt
			f.What = fmt.Sprintf("%s于 %s 完成，期限为 %s", what, cst(*d.DoneAt), cst(d.Due))
		} else {
			f.Kind = aftersales.FindingMissed
			f.What = fmt.Sprintf("%s，期限 %s 已过", what+"未完成", cst(d.Due))
		}
		out = append(out, f)
	}
	return out, nil
}

// complaintTask names what a complaint deadline asks for.
func complaintTask(d aftersales.Deadline) string {
	switch {
	case d.Clause == complaint.ClauseC2_1:
		return "转达责任部门"
	case d.Clause == complaint.ClauseC2_2 && d.Event == eventEmergency:
		return "启动应急预案"
	case d.Clause == complaint.ClauseC2_2:
		return "向客户反馈重大投诉处理情况"
	case d.Clause == complaint.ClauseC3_1:
		return "调查核实并制定处理方案"
	case d.Clause == complaint.ClauseC4_1 && d.Round > 0:
		return "升级后反馈处理结果"
	}
	return "反馈处理结果"
}

func cst(t time.Time) string { return t.In(calendar.CST()).Format("2006-01-02 15:04") }

// complaintDone reports whether a row did the step of clause c.
func complaintDone(c aftersales.Clause, r complaintRow) (applies, done bool) {
	st := r.st
	switch c {
	case complaint.ClauseC2_1:
		return true, st.has(FieldForwardedAt)
	case complaint.ClauseC2_2:
		return r.major, st.has(FieldEmergencyAt) && st.has(FieldMajorFeedbackAt)
	case complaint.ClauseC3_1:
		return st.has(FieldForwardedAt), st.has(FieldPlannedAt)
	case complaint.ClauseC4_1:
		return st.has(FieldForwardedAt), st.has(FieldAnsweredAt) && (!st.has(FieldEscalatedAt) || st.has(FieldReansweredAt))
	}
	return false, false
}
