package export

import (
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// The titles of the complaint forms, as the regulation names them.
const (
	titleComplaint = "客户投诉登记表"  // C2.1
	titleReport    = "客户投诉分析报告" // C5.1, C5.2
)

// ComplaintForm returns the 客户投诉登记表 of c (C2.1): the complainant,
// the type, cause and description, how and by whom it was received, whether
// it is major and on which criteria with the emergency plan (C2.2), every
// responsible department with its own plan (C2.1, C3.1), the customer's
// statements (C3.2), a third-party investigation (C3.3), the results given
// at each level and the escalations (C4.1, C4.2), the pauses of the clocks
// while the company waited on the customer (G3.3), the outcome, and every
// deadline with its state at at (a paused one as 暂停中 with its reason).
//
// The levels and the major-complaint criteria are named by
// complaint.DefaultPolicy; a level or criterion it does not know is shown
// by its ID.
func ComplaintForm(c *complaint.Complaint, at time.Time) Document {
	d := Document{Title: titleComplaint, Clause: "C2.1", Subject: c.ID}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	add("投诉编号", c.ID)
	add("投诉人", customerName(c.Complainant))
	add("联系方式", contact(c.Complainant))
	add("项目编号", c.ProjectID)
	if c.RequestID != "" {
		add("关联售后需求", c.RequestID)
	}
	add("投诉类型", orNone(c.Type.Label(), string(c.Type)))
	add("投诉原因", causeLabel(c.Cause))
	add("投诉内容", c.Description)
	add("投诉方式", c.Channel.Label())
	add("接收时间", fmtTime(c.ReceivedAt))
	add("受理", c.ReceivedBy.Label())
	add("登记人", actorName(c.RegisteredBy))
	add("重大投诉", majorText(c.Major))
	if c.Major != nil {
		add("应急预案", orNone(joinAt(c.Emergency, c.EmergencyAt), "尚未启动"))
		add("重大投诉反馈客户", orNone(fmtTimePtr(c.FeedbackAt), "尚未反馈"))
	}
	if len(c.Parts) == 0 {
		add("责任部门", "尚未转达")
		add("处理方案", "尚未制定")
	}
	// C2.1, C3.1: every department the complaint was forwarded to, each
	// followed by its own investigation and plan.
	for _, p := range c.Parts {
		add("责任部门", aftersales.DepartmentLabel(p.Department)+"（"+fmtTime(p.ForwardedAt)+" 转达）")
		if pl := p.Plan; pl != nil {
			add("调查核实情况", pl.Findings)
			add("处理方案", fmt.Sprintf("%s；责任人 %s（%s 制定）", pl.Measures, pl.Owner, fmtTime(pl.At)))
		} else {
			add("处理方案", "尚未制定")
		}
	}
	for _, s := range c.Statements {
		add("客户意见", entryText(s))
	}
	if tp := c.ThirdParty; tp != nil {
		text := fmt.Sprintf("%s；调查范围 %s；%s 委托", tp.Agency, tp.Scope, fmtTime(tp.Commissioned))
		if tp.ReportedAt != nil {
			text += fmt.Sprintf("；报告 %s（%s）：%s", tp.ReportRef, fmtTime(*tp.ReportedAt), tp.Conclusion)
		}
		add("第三方调查", text)
	}
	for _, r := range c.Results {
		add("处理结果（"+levelLabel(r.Level)+"）", entryText(r))
	}
	for _, e := range c.Escalations {
		add(escalationLabel(e.Level), entryText(e))
	}
	if c.ResolvedAt != nil {
		add("客户确认", "满意，已解决（"+fmtTime(*c.ResolvedAt)+"）"+prefixed("：", c.Resolution))
	}
	if w := c.Withdrawal; w != nil {
		add("撤回", entryText(*w))
	}
	for _, p := range c.Pauses {
		add("计时暂停", pauseText(p))
	}
	add("当前处理级别", levelLabel(c.Level))
	add("当前状态", c.Status.Label())

	d.Columns = deadlineColumns
	rows, provisional := deadlineRows(c.Deadlines, at, complaint.What, levelOrDept)
	if p, ok := c.CurrentPause(); ok {
		for i, dl := range c.Deadlines {
			if dl.Paused() {
				rows[i][5] = "暂停中（" + p.Reason.Label() + "）"
			}
		}
	}
	d.Rows = rows
	d.Notes = append(deadlineNotes(at, provisional), signatures("受理人签字", "日期"))
	return d
}

// ComplaintReport returns the 客户投诉分析报告 r (C5.1, C5.2): the month,
// the instant it was judged at, its deadline and addressee, the totals,
// escalations, flagged complaints, pauses, repeat complainants and the
// change against the previous month, and a table of the complaints by type
// (with each type's change), cause and outcome, the on-time record of each
// clause with its rate, and the raw and net time of the clocks that pause.
func ComplaintReport(r complaint.Report) Document {
	d := Document{Title: titleReport, Clause: "C5.1、C5.2", Subject: r.Month.String()}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	add("统计月份", r.Month.String())
	add("统计截至", fmtTime(r.AsOf))
	if r.Partial {
		add("说明", "本月尚未结束，为阶段性统计")
	}
	add("报送期限", fmtTime(r.Due))
	add("报送对象", r.To)
	add("投诉总数", fmt.Sprint(r.Total))
	add("重大投诉", fmt.Sprint(r.Major))
	add("与上月比较", changeText(r.VsPrevious))
	add("升级次数", fmt.Sprint(r.Escalations))
	add("升级的投诉", fmt.Sprint(r.Escalated))
	add("最高一级仍未解决", fmt.Sprint(r.Flagged))
	add("暂停计时的投诉", fmt.Sprintf("%d 件，共暂停 %d 个工作日", r.Paused, r.PausedWorkdays))
	repeats := make([]string, 0, len(r.Repeats))
	for _, rp := range r.Repeats {
		who := rp.Complainant
		if rp.Name != "" {
			who = rp.Name + "（" + rp.Complainant + "）"
		}
		repeats = append(repeats, who+"："+strings.Join(rp.Complaints, "、"))
	}
	add("重复投诉人", orNone(strings.Join(repeats, "；"), "无"))
	if dl := r.Delivery; dl != nil {
		add("报送情况", fmt.Sprintf("%s 由 %s 报送%s", fmtTime(dl.At), dl.By, dl.To)+prefixed("，文档 ", dl.Ref))
	}

	d.Columns = countColumns
	d.Rows = countRows("按投诉类型", r.ByType, r.Total, func(key string) string {
		if ch, ok := r.TypeVsPrevious[key]; ok {
			return changeText(ch)
		}
		return ""
	})
	for _, t := range []complaint.Type{complaint.TypeQuality, complaint.TypeService, complaint.TypeDelay, complaint.TypeCharge, complaint.TypeOther} {
		if ch, ok := r.TypeVsPrevious[string(t)]; ok && ch.Current == 0 {
			d.Rows = append(d.Rows, []string{"按投诉类型", t.Label(), "0", percent(aftersales.Percent(0, r.Total)), changeText(ch)})
		}
	}
	d.Rows = append(d.Rows, countRows("按投诉原因", r.ByCause, r.Total, nil)...)
	d.Rows = append(d.Rows, countRows("按处理结果", r.ByOutcome, r.Total, nil)...)
	d.Rows = append(d.Rows, rateRows(r.OnTime, func(c aftersales.Clause) string {
		return complaint.What(aftersales.Deadline{Clause: c})
	})...)
	for _, ct := range r.Time {
		d.Rows = append(d.Rows, []string{"用时", string(ct.Clause) + " " + complaint.What(aftersales.Deadline{Clause: ct.Clause}),
			fmt.Sprint(ct.Steps), "", fmt.Sprintf("原始 %d 个工作日，扣除暂停后 %d 个工作日；%d 步曾暂停计时", ct.Raw, ct.Net, ct.Paused)})
	}
	d.Notes = []string{"按期率 = 按期 ÷（按期 + 逾期），未到期的不计；统计截至 " + fmtTime(r.AsOf) + "。",
		"用时为已完成步骤的工作日合计：原始用时自起算至完成，扣除暂停后为减去等待客户期间暂停的工作日（每个责任部门的 C3.1 各计一步）。",
		signatures("编制人", "审核人", "日期")}
	return d
}

// changeText describes a change against the previous month, such as
// 上月 1 件，本月 2 件，增加 1 件（+100%）.
func changeText(ch complaint.Change) string {
	s := fmt.Sprintf("上月 %d 件，本月 %d 件，", ch.Previous, ch.Current)
	switch {
	case ch.Delta > 0:
		s += fmt.Sprintf("增加 %d 件", ch.Delta)
	case ch.Delta < 0:
		s += fmt.Sprintf("减少 %d 件", -ch.Delta)
	default:
		s += "持平"
	}
	if ch.Percent != nil && ch.Delta != 0 {
		sign := ""
		if ch.Percent.IsPositive() {
			sign = "+"
		}
		s += "（" + sign + ch.Percent.String() + "%）"
	}
	return s
}

// pauseText describes a pause of the clocks (G3.3): its reason, note and
// evidence, when it began and, once resumed, when and by how many working
// days the clocks moved.
func pauseText(p aftersales.Pause) string {
	s := p.Reason.Label() + "：" + p.Note
	if len(p.Evidence) > 0 {
		s += "（证据：" + strings.Join(p.Evidence, "、") + "）"
	}
	s += "；" + fmtTime(p.At) + " 起，" + p.By
	if p.ResumedAt == nil {
		return s + "；暂停中"
	}
	return s + fmt.Sprintf("；%s 恢复，期限顺延 %d 个工作日", fmtTime(*p.ResumedAt), p.Workdays)
}

// levelLabel names a level of the escalation chain (C4.2).
func levelLabel(level int) string {
	chain := complaint.DefaultPolicy().Chain
	if level >= 0 && level < len(chain) {
		return chain[level].Label
	}
	return fmt.Sprintf("第 %d 级", level+1)
}

// levelOrDept names a deadline's department: a level of the chain by its
// ID, or a department.
func levelOrDept(id string) string {
	for _, l := range complaint.DefaultPolicy().Chain {
		if l.ID == id {
			return l.Label
		}
	}
	return aftersales.DepartmentLabel(id)
}

// escalationLabel is the label of an escalation from level: to the next
// level up, or, at the top, the flag that it stays unresolved.
func escalationLabel(level int) string {
	if level+1 >= len(complaint.DefaultPolicy().Chain) {
		return "不满意（已升至最高一级，标记未解决）"
	}
	return "不满意升级（" + levelLabel(level) + "→" + levelLabel(level+1) + "）"
}

// majorText says whether a complaint is major, by whom, when and on which
// criteria (C2.2).
func majorText(m *complaint.Major) string {
	if m == nil {
		return "否"
	}
	labels := make([]string, 0, len(m.Criteria))
	for _, id := range m.Criteria {
		label := id
		for _, c := range complaint.DefaultPolicy().MajorCriteria {
			if c.ID == id {
				label = c.Label
			}
		}
		labels = append(labels, label)
	}
	return fmt.Sprintf("是（%s 于 %s 认定；标准：%s）", m.DeclaredBy, fmtTime(m.At), strings.Join(labels, "、")) + prefixed("；", m.Note)
}

// entryText is a dated entry: its text, when and by whom.
func entryText(e complaint.Entry) string {
	return e.Text + "（" + fmtTime(e.At) + "，" + e.By + "）"
}

// prefixed returns prefix and s, or "" when s is empty.
func prefixed(prefix, s string) string {
	if s == "" {
		return ""
	}
	return prefix + s
}
