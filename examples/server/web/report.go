package web

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// reportMonth reads ?month=, defaulting to the current month; what is
// wrong goes on f.
func (h *Handler) reportMonth(f *form) (complaint.Month, bool) {
	s := strings.TrimSpace(f.Get("month"))
	if s == "" {
		m := complaint.MonthOf(h.now())
		f.Values.Set("month", m.String())
		return m, true
	}
	m, err := complaint.ParseMonth(s)
	if err != nil {
		f.set("month", "月份格式错误，应为“年-月”，如 2026-11")
		return complaint.Month{}, false
	}
	return m, true
}

type reportData struct {
	Form    *form
	R       *complaint.Report
	Charts  []chart
	Month   string
	DueText string
	Days    int   // C5.1: working days after month end
	Deliver *form // the delivery form, while the report is not delivered
}

// complaintReportForbidden is the refusal of the complaint report, its page
// and its file, to anyone off the desk.
const complaintReportForbidden = "客户投诉分析报告仅限售后管理部和总经理查看"

// complaintReport is the 客户投诉分析报告 of a month (C5.1, C5.2) with its
// charts.
func (h *Handler) complaintReport(w http.ResponseWriter, r *http.Request, u *user) {
	h.showReport(w, r, u, http.StatusOK, formFrom("report", "/reports/complaints", r.URL.Query()), nil)
}

// showReport renders the report of the month f asks for; deliver is the
// delivery form as posted, or nil for an empty one while the month is
// over and its report not delivered (C5.1).
func (h *Handler) showReport(w http.ResponseWriter, r *http.Request, u *user, status int, f, deliver *form) {
	if !u.Desk {
		h.errorPage(w, r, u, http.StatusForbidden, complaintReportForbidden)
		return
	}
	f.TimeField = "month"
	f.Alias = map[string]string{"report_month_in_future": "month", "month_invalid": "month"}
	d := reportData{Form: f, Deliver: deliver}
	if m, ok := h.reportMonth(f); ok {
		rep, err := h.cfg.Complaints.Report(r.Context(), m)
		if err != nil {
			status = h.fail(r, f, err, "month")
			if status == http.StatusInternalServerError || status == http.StatusServiceUnavailable {
				h.failPage(w, r, u, err)
				return
			}
		} else {
			d.R, d.Month = &rep, m.String()
			d.DueText, d.Days = fmtDue(rep.Due), h.cfg.Complaints.Policy().ReportDays
			d.Charts = reportCharts(rep)
			if d.Deliver == nil && rep.Delivery == nil && !rep.Partial {
				d.Deliver = h.newDeliveryForm("deliver", "/reports/complaints/"+url.PathEscape(m.String())+"/delivery")
			}
		}
	} else {
		status = http.StatusBadRequest
	}
	h.render(w, r, status, "report", pageData{Title: "客户投诉分析报告", User: u, Nav: "report", Data: d})
}

func reportCharts(rep complaint.Report) []chart {
	counts := func(cs []aftersales.Count) []bar {
		var out []bar
		for _, c := range cs {
			out = append(out, bar{Label: c.Label, Value: float64(c.N), Text: strconv.Itoa(c.N)})
		}
		return out
	}
	return []chart{
		barChart("report-type", "投诉类型", "件", counts(rep.ByType)),
		barChart("report-cause", "投诉原因", "件", counts(rep.ByCause)),
		barChart("report-outcome", "处理结果", "件", counts(rep.ByOutcome)),
		barChart("report-ontime", "各条款按期率", "%", rateBars(rep.OnTime)),
	}
}

// rateBars turns on-time rates into bars; a clause with no deadline due
// yet is shown without a bar.
func rateBars(rs []aftersales.ClauseRate) []bar {
	var out []bar
	for _, r := range rs {
		b := bar{Label: string(r.Clause) + " " + complaint.What(aftersales.Deadline{Clause: r.Clause}), Text: "暂无到期"}
		if r.Rate != nil {
			b.Value, _ = r.Rate.Float64()
			b.Text = fmtPercent(r.Rate) + sprintf("（%d/%d）", r.Met, r.Met+r.Missed)
			if r.Missed > 0 {
				b.Class = "bad"
			}
		}
		out = append(out, b)
	}
	return out
}
