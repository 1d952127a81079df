package export

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// The titles of the staff forms, as the regulation names them.
const (
	titleTraining   = "售后人员培训记录表" // S1.3
	titleAssessment = "售后人员考核记录表" // S2.3
)

// TrainingRecord returns the 售后人员培训记录表 of s (S1.3): the date, the
// topic (S1.2), the title, the trainer and the hours, and the attendance
// sheet: each attendee's ID, name and department from o, with a blank
// column to sign in. o may be nil; attendees are then listed by ID.
func TrainingRecord(s *staff.Session, o *staff.Organisation) Document {
	subject := fmtDate(s.Date)
	if s.ID != "" {
		subject += "-" + s.ID
	}
	d := Document{Title: titleTraining, Clause: "S1.3", Subject: subject}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	add("培训日期", fmtDate(s.Date))
	add("培训内容", s.Topic.Label())
	add("培训主题", s.Title)
	add("培训讲师", s.Trainer)
	add("培训学时", s.Hours.String())
	add("参训人数", fmt.Sprintf("%d 人", len(s.Attendees)))

	d.Columns = []string{"序号", "人员编号", "姓名", "部门", "签到"}
	d.Rows = make([][]string, 0, len(s.Attendees))
	for i, id := range s.Attendees {
		name, dept := person(o, id)
		d.Rows = append(d.Rows, []string{fmt.Sprint(i + 1), id, name, dept, ""})
	}
	d.Notes = []string{signatures("培训讲师签字", "记录人签字", "日期")}
	return d
}

// AssessmentRecord returns the 售后人员考核记录表 of a (S2.3): the person
// and period, every indicator with what was measured, its score, weight
// and points (S2.1), the total, the band with its pay coefficient and
// whether it makes the person promotable (S2.2), who assessed it and when,
// and signature lines. Names and departments come from o, which may be nil.
func AssessmentRecord(a *staff.Assessment, o *staff.Organisation) Document {
	d := Document{Title: titleAssessment, Clause: "S2.3",
		Subject: a.PersonID + "-" + fmtDate(a.Period.From) + "至" + fmtDate(a.Period.To)}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	name, dept := person(o, a.PersonID)
	who := a.PersonID
	if name != "" {
		who = name + "（" + a.PersonID + "）"
	}
	add("被考核人", who)
	add("部门", dept)
	if o != nil {
		if p, ok := o.Person(a.PersonID); ok {
			add("岗位", p.Role.Label())
		}
	}
	add("考核期间", fmtDate(a.Period.From)+" 至 "+fmtDate(a.Period.To))
	add("总分", a.Total.String())
	add("考核等级", a.Band)
	add("薪酬系数", a.Pay.String())
	add("可晋升", yesNo(a.Promotable))
	add("服务质量评分人", a.RatedBy)
	assessor, _ := person(o, a.AssessedBy)
	add("考核人", orNone(assessor, a.AssessedBy))
	add("考核时间", fmtTime(a.AssessedAt))

	d.Columns = []string{"考核指标", "实测情况", "得分", "权重", "折算分"}
	d.Rows = make([][]string, 0, len(a.Lines)+1)
	weights := decimal.Zero
	for _, l := range a.Lines {
		label := l.Label
		if label == "" {
			label = string(l.Indicator)
		}
		d.Rows = append(d.Rows, []string{label, l.Measured, l.Score.String(), l.Weight.String(), l.Points.String()})
		weights = weights.Add(l.Weight)
	}
	d.Rows = append(d.Rows, []string{"合计", "", "", weights.String(), a.Total.String()})
	d.Notes = []string{"折算分 = 得分 × 权重；考核结果与薪酬、晋升挂钩（S2.2）。",
		signatures("被考核人签字", "日期"), signatures("考核人签字", "日期")}
	return d
}

// person returns a person's name and department name from o, or "" for
// what o does not know.
func person(o *staff.Organisation, id string) (name, dept string) {
	if o == nil {
		return "", ""
	}
	p, ok := o.Person(id)
	if !ok {
		return "", ""
	}
	dept = aftersales.DepartmentLabel(p.DepartmentID)
	for _, d := range o.Departments {
		if d.ID == p.DepartmentID && d.Name != "" {
			dept = d.Name
		}
	}
	return p.Name, dept
}
