package export

import (
	"fmt"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

// The titles of the warranty forms, as the regulation names them.
const (
	titleInspection = "项目巡查记录表" // W2.2
	titleSummary    = "质保期总结报告" // W3.2
)

// InspectionRecord returns the 项目巡查记录表 of w's inspection i, counted
// from 0 in the order recorded (W2.2): the project, the date, the inspector,
// the areas inspected, and a table of the findings with their component
// class, location, photos and the after-sales request each became (W2.3).
// An i out of range is a not-found-kind aftersales.Error.
func InspectionRecord(w *warranty.Warranty, i int) (Document, error) {
	if w == nil || i < 0 || i >= len(w.Inspections) {
		project := ""
		if w != nil {
			project = w.ProjectID
		}
		return Document{}, aftersales.Errorf(aftersales.KindNotFound, "inspection_not_found", "项目 %s 没有第 %d 次巡查记录", project, i+1)
	}
	in := w.Inspections[i]
	d := Document{Title: titleInspection, Clause: "W2.2", Subject: w.ProjectID + "-" + fmtDate(in.Date)}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	add("项目编号", w.ProjectID)
	if w.Start != nil {
		add("质保期起算", fmtDate(w.Start.Date)+"（"+w.Start.Basis.Label()+"）")
	}
	add("巡查次序", fmt.Sprintf("第 %d 次", i+1))
	add("巡查日期", fmtDate(in.Date))
	add("巡查人", in.Inspector)
	add("巡查部位", strings.Join(in.Areas, "、"))
	add("发现问题", fmt.Sprintf("%d 项", len(in.Findings)))

	d.Columns = []string{"序号", "问题描述", "部位类别", "具体位置", "照片", "售后需求编号"}
	d.Rows = make([][]string, 0, len(in.Findings))
	raised := true
	for j, f := range in.Findings {
		class := ""
		if f.Class != "" {
			class = warranty.ComponentLabel(string(f.Class))
		}
		if f.RequestID == "" {
			raised = false
		}
		d.Rows = append(d.Rows, []string{fmt.Sprint(j + 1), f.Description, class, f.Location, strings.Join(f.Photos, "；"),
			orNone(f.RequestID, "尚未登记")})
	}
	switch {
	case len(in.Findings) == 0:
		d.Notes = append(d.Notes, "本次巡查未发现质量问题。")
	case raised:
		d.Notes = append(d.Notes, "发现的问题均已登记为售后需求，按售后流程处理（W2.3）。")
	default:
		d.Notes = append(d.Notes, "尚未登记的问题应登记为售后需求，按售后流程处理（W2.3）。")
	}
	d.Notes = append(d.Notes, signatures("巡查人签字", "项目部负责人签字", "日期"))
	return d, nil
}

// WarrantySummary returns the 质保期总结报告 s (W3.2): the project, its
// warranty period, the report's deadline and addressee, the requests of the
// period with the free-or-paid decisions (W1.2, W3.1), visits and average
// satisfaction, the requests still open, the inspections and their
// findings (W2.2), and a table of the requests by cause and by component
// class and of the on-time record of each clause.
func WarrantySummary(s warranty.Summary) Document {
	d := Document{Title: titleSummary, Clause: "W3.2", Subject: s.ProjectID}
	add := func(label, value string) { d.Fields = append(d.Fields, Field{label, value}) }
	add("项目编号", s.ProjectID)
	add("质保期", fmtDate(s.Period.From)+" 至 "+fmtDate(s.Period.LastDay))
	add("报送对象", s.To)
	add("报送期限", fmtTime(s.Due))
	add("生成时间", fmtTime(s.GeneratedAt))
	add("售后需求", fmt.Sprintf("%d 件", s.Requests))
	add(aftersales.CoverageFree.Label(), fmt.Sprintf("%d 件", s.Free))
	add(aftersales.CoveragePaid.Label(), fmt.Sprintf("%d 件", s.Paid))
	add(aftersales.CoverageExcluded.Label(), fmt.Sprintf("%d 件", s.Excluded))
	add(aftersales.CoverageUndecided.Label(), fmt.Sprintf("%d 件", s.Undecided))
	add("回访", fmt.Sprintf("%d 次", s.Visits))
	satisfaction := "无回访"
	if s.Satisfaction != nil {
		satisfaction = s.Satisfaction.String() + "（满分 5）"
	}
	add("平均满意度", satisfaction)
	add("尚未关闭的需求", orNone(strings.Join(s.StillOpen, "、"), "无"))
	add("巡查", fmt.Sprintf("%d 次", s.Inspections))
	add("巡查发现问题", fmt.Sprintf("%d 项", s.Findings))
	add("未按期巡查", fmt.Sprintf("%d 次", s.MissedInspections))

	d.Columns = countColumns
	d.Rows = countRows("按问题原因", s.ByCause, s.Requests, nil)
	d.Rows = append(d.Rows, countRows("按部位类别", s.ByClass, s.Requests, nil)...)
	d.Rows = append(d.Rows, rateRows(s.OnTime, aftersales.Clause.Label)...)
	d.Notes = []string{"按期率 = 按期 ÷（按期 + 逾期），未到期的不计；统计截至 " + fmtTime(s.GeneratedAt) + "。",
		"本报告报" + s.To + "（W3.2）。", signatures("编制人", "审核人", "日期")}
	return d
}
