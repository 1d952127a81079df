package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

// The titles of the after-sales forms, as the regulation names them.
const (
	titleFeedback = "客户反馈登记表" // P1.2, P4.1
	titleVisit    = "客户回访记录表" // P4.2
)

// FeedbackForm returns the 客户反馈登记表 of r (P1.2, P4.1): the customer and
// the problem as registered, the channel, the cause, whether it is urgent
// and what was done at once (P1.3), each responsible department with its
// plan and result (P2, P3), escalations (P3.3), rejections and the
// customer's acceptance signature (P4.1), and every deadline with its state
// at at. While the customer has not signed, the notes end with a blank
// signature line for the paper form.
func FeedbackForm(r *aftersales.Request, at time.Time) Document {
	d := Document{Title: titleFeedback, Clause: "P1.2、P4.1", Subject: r.ID}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	add("登记编号", r.ID)
	add("客户", customerName(r.Customer))
	add("联系方式", contact(r.Customer))
	add("项目编号", r.ProjectID)
	add("部位或位置", r.Location)
	if r.Component != "" {
		add("部位类别", warranty.ComponentLabel(r.Component))
	}
	add("问题描述", r.Description)
	add("附件", orNone(strings.Join(r.Attachments, "；"), "无"))
	add("反馈方式", r.Channel.Label())
	add("接收时间", fmtTime(r.ReceivedAt))
	add("登记人", actorName(r.RegisteredBy))
	add("问题原因", causeLabel(r.Cause))
	add("是否紧急", yesNo(r.Urgent))
	if r.Urgent {
		add("紧急处理措施", orNone(joinAt(r.UrgentMeasures, r.UrgentHandledAt), "尚未登记"))
	}
	if r.Coverage != nil {
		add("质保判定", coverageText(r.Coverage))
	}
	if r.Coordinator != "" {
		add("协调部门", aftersales.DepartmentLabel(r.Coordinator))
	}
	for _, p := range r.Parts {
		dept := aftersales.DepartmentLabel(p.Department)
		if p.Assignee != "" {
			dept += "，责任人 " + p.Assignee
		}
		add("责任部门", dept+"（"+fmtTime(p.ReceivedAt)+" 转达）")
		add("处理方案（"+dept+"）", planText(p))
		add("处理结果（"+dept+"）", resultText(p))
	}
	for _, e := range r.Escalations {
		add("上报困难（"+aftersales.DepartmentLabel(e.Department)+"）", e.Reason+"（"+fmtTime(e.At)+"，"+e.By+"）")
	}
	for _, c := range r.Coordinations {
		text := c.Measures + "；协调人 " + c.Coordinator
		if len(c.Departments) > 0 {
			var ds []string
			for _, x := range c.Departments {
				ds = append(ds, aftersales.DepartmentLabel(x))
			}
			text += "；增加部门 " + strings.Join(ds, "、")
		}
		add("售后管理部协调（"+aftersales.DepartmentLabel(c.Department)+"）", text+"（"+fmtTime(c.At)+"，"+c.By+"）")
	}
	for _, f := range r.Feedbacks {
		label := f.Kind.Label()
		if f.Department != "" {
			label += "（" + aftersales.DepartmentLabel(f.Department) + "）"
		}
		add(label, f.Summary+"（"+f.Channel.Label()+"，"+fmtTime(f.At)+"，"+f.By+"）")
	}
	for _, p := range r.Pauses {
		text := p.Reason.Label() + "：" + p.Note
		if len(p.Evidence) > 0 {
			text += "；证据 " + strings.Join(p.Evidence, "、")
		}
		text += "；" + fmtTime(p.At) + " 起"
		if p.ResumedAt != nil {
			text += fmt.Sprintf("，%s 恢复，顺延 %d 个工作日", fmtTime(*p.ResumedAt), p.Workdays)
		} else {
			text += "，暂停中"
		}
		add("计时暂停", text)
	}
	for i, e := range r.Rejections {
		add(fmt.Sprintf("验收不合格（第 %d 次）", i+1), e.Reason+"（"+fmtTime(e.At)+"）")
	}
	if s := r.Acceptance; s != nil {
		add("验收签字人", s.SignedBy)
		add("验收时间", fmtTimePtr(r.AcceptedAt))
		add("签字方式", s.Method.Label())
		add("签字凭证", s.Ref)
	}
	if w := r.Withdrawal; w != nil {
		add("撤回", w.Reason+"（"+fmtTime(w.At)+"，"+w.By+"）")
	}
	add("当前状态", r.Status.Label())

	d.Columns = deadlineColumns
	rows, provisional := deadlineRows(r.Deadlines, at, requestTask, aftersales.DepartmentLabel)
	d.Rows = rows
	d.Notes = deadlineNotes(at, provisional)
	if r.Acceptance == nil {
		d.Notes = append(d.Notes, "客户验收签字（P4.1）：", signatures("客户签字", "日期"))
	} else {
		d.Notes = append(d.Notes, "客户已于 "+fmtTimePtr(r.AcceptedAt)+" 验收合格并签字确认（P4.1）。")
	}
	return d
}

// VisitRecord returns the 客户回访记录表 of r (P4.2): the request, the
// customer, when and by whom the visit was made, the satisfaction rating
// (1–5, with its words), the suggestions and whether the visit came within
// its deadline. Its table is the rating scale with the customer's choice
// ticked; before the visit it is a blank form to fill in.
func VisitRecord(r *aftersales.Request) Document {
	d := Document{Title: titleVisit, Clause: "P4.2", Subject: r.ID}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	add("售后需求编号", r.ID)
	add("客户", customerName(r.Customer))
	add("联系方式", contact(r.Customer))
	add("项目编号", r.ProjectID)
	add("部位或位置", r.Location)
	add("问题描述", r.Description)
	// P4.2 runs from 处理完毕, the completion the customer goes on to accept.
	if done, ok := r.HandlingDone(); ok {
		add("处理完毕时间", fmtTime(done))
	} else {
		add("处理完毕时间", "")
	}
	add("验收时间", fmtTimePtr(r.AcceptedAt))
	var due *aftersales.Deadline
	for i := range r.Deadlines {
		if r.Deadlines[i].Clause == aftersales.ClauseP4_2 && !r.Deadlines[i].Cancelled {
			due = &r.Deadlines[i]
		}
	}
	if due != nil {
		add("回访期限", fmtTime(due.Due))
	}
	v := r.Visit
	if v == nil {
		v = &aftersales.Visit{}
	}
	add("回访时间", fmtTimePtr(r.VisitedAt))
	add("回访人", v.VisitedBy)
	add("满意度", satisfactionText(v.Satisfaction))
	add("意见建议", v.Suggestions)
	if due != nil && r.VisitedAt != nil {
		add("是否按期回访", due.State(*r.VisitedAt).Label())
	}

	d.Columns = []string{"分值", "评价", "客户选择"}
	for n := 5; n >= 1; n-- {
		tick := ""
		if n == v.Satisfaction {
			tick = "√"
		}
		d.Rows = append(d.Rows, []string{fmt.Sprint(n), aftersales.SatisfactionLabel(n), tick})
	}
	d.Notes = []string{signatures("回访人签字", "日期")}
	return d
}

// satisfactionText is a rating with its words, such as "4（满意）", or ""
// when there is none.
func satisfactionText(n int) string {
	w := aftersales.SatisfactionLabel(n)
	if w == "" {
		return ""
	}
	return fmt.Sprintf("%d（%s）", n, w)
}

// requestTask names what an after-sales deadline asks for.
func requestTask(d aftersales.Deadline) string {
	if d.Clause == aftersales.ClauseP3_2 && d.Step == "" && d.Round > 0 {
		return fmt.Sprintf("%s（第 %d 轮）", d.What(), d.Round)
	}
	return d.What()
}

// planText is a department's plan (P3.1), or that there is none yet.
func planText(p aftersales.Part) string {
	if p.Plan == nil {
		return "尚未制定"
	}
	complexity := p.Complexity.Label() + "问题"
	return fmt.Sprintf("%s；计划处理时间 %s；责任人 %s；%s（%s 制定）", p.Plan.Measures, fmtTime(p.Plan.ScheduledAt),
		p.Plan.Owner, complexity, fmtTimePtr(p.PlannedAt))
}

// resultText is a department's result (P3.2), or that it is not done.
func resultText(p aftersales.Part) string {
	if p.DoneAt == nil {
		if p.Round > 0 {
			return fmt.Sprintf("返工中（第 %d 轮）", p.Round)
		}
		return "尚未完成"
	}
	return p.Result + "（" + fmtTime(*p.DoneAt) + " 完成）"
}

// joinAt is a text with the time it was recorded, or "" when there is none.
func joinAt(text string, at *time.Time) string {
	if text == "" {
		return ""
	}
	if at == nil {
		return text
	}
	return text + "（" + fmtTime(*at) + "）"
}

// coverageText is a free-or-paid decision with its reason (W1.2, W3.1).
func coverageText(c *aftersales.CoverageDecision) string {
	outcome := c.Outcome.Label()
	if c.Reason == "" {
		return outcome
	}
	return outcome + "：" + c.Reason
}
