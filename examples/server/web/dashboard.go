package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

type dashboardData struct {
	Open, Overdue, OpenComplaints int
	Satisfaction                  string
	Charts                        []chart
}

// dashboard draws the desk's charts: overdue deadlines by department,
// the on-time rate of each clause, and the follow-up satisfaction of the
// last twelve months.
func (h *Handler) dashboard(w http.ResponseWriter, r *http.Request, u *user) {
	if !u.Desk {
		h.errorPage(w, r, u, http.StatusForbidden, "统计看板仅限售后管理部和总经理查看")
		return
	}
	ctx := r.Context()
	n, err := h.names(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	// The requests' figures from the library: from the store's tally and
	// deadline index, so that the page costs what the open requests cost.
	fig, err := h.cfg.Requests.Figures(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	// The complaints' from their tally and those still owing a deadline.
	cfig, err := h.cfg.Complaints.Figures(ctx)
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	now := fig.AsOf
	d := dashboardData{Open: fig.Open, OpenComplaints: cfig.Open}
	overdue := map[string]int{}
	for owner, k := range fig.Overdue {
		d.Overdue += k
		overdue[n.Dept(owner)] += k
	}
	for dept, k := range cfig.Overdue {
		d.Overdue += k
		overdue[h.complaintDept(dept, n)] += k
	}
	rates := fig.Rates
	for cl, cr := range cfig.Rates {
		if x := rates[cl]; x != nil { // a clause of both chapters, such as G3.3
			x.Met, x.Missed, x.Open = x.Met+cr.Met, x.Missed+cr.Missed, x.Open+cr.Open
			continue
		}
		rates[cl] = cr
	}
	var obars []bar
	for k, v := range overdue {
		obars = append(obars, bar{Label: k, Value: float64(v), Text: strconv.Itoa(v) + " 项逾期", Class: "bad"})
	}
	sort.Slice(obars, func(i, j int) bool {
		if obars[i].Value != obars[j].Value {
			return obars[i].Value > obars[j].Value
		}
		return obars[i].Label < obars[j].Label
	})
	var rlist []aftersales.ClauseRate
	for _, cl := range []aftersales.Clause{aftersales.ClauseP1_2, aftersales.ClauseP1_3, aftersales.ClauseP3_1, aftersales.ClauseP3_2,
		aftersales.ClauseP4_2, complaint.ClauseC2_1, complaint.ClauseC2_2, complaint.ClauseC3_1, complaint.ClauseC4_1} {
		if cr := rates[cl]; cr != nil {
			cr.ComputeRate()
			rlist = append(rlist, *cr)
		}
	}
	var pts []point
	sum, cnt := 0, 0
	m := complaint.MonthOf(now)
	for i := 11; i >= 0; i-- {
		mm := m
		for range i {
			mm = mm.Prev()
		}
		p := point{Label: sprintf("%d月", int(mm.Month))}
		if x, ok := fig.Visits[mm.String()]; ok && x.N > 0 {
			avg := decimal.NewFromInt(int64(x.Sum)).DivRound(decimal.NewFromInt(int64(x.N)), 2)
			p.Value, _ = avg.Float64()
			p.N, p.Text = x.N, avg.StringFixed(2)
			sum, cnt = sum+x.Sum, cnt+x.N
		}
		pts = append(pts, p)
	}
	d.Satisfaction = "—"
	if cnt > 0 {
		d.Satisfaction = decimal.NewFromInt(int64(sum)).DivRound(decimal.NewFromInt(int64(cnt)), 2).StringFixed(2)
	}
	d.Charts = []chart{
		barChart("overdue", "各部门逾期未办的期限", "项", obars),
		barChart("ontime", "各条款按期率", "%", rateBars(rlist)),
		lineChart("satisfaction", "近 12 个月回访满意度（月均，1–5 分）", "分", 1, 5, pts),
	}
	h.render(w, r, http.StatusOK, "dashboard", pageData{Title: "统计看板", User: u, Nav: "dashboard", Data: d})
}
