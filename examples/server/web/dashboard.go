package web

import (
	"net/http"
	"sort"
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
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
	rs, err := h.cfg.Requests.List(ctx, aftersales.Query{})
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	cs, err := h.cfg.Complaints.List(ctx, complaint.Query{})
	if err != nil {
		h.failPage(w, r, u, err)
		return
	}
	now := h.now()
	var d dashboardData
	overdue := map[string]int{}
	rates := map[aftersales.Clause]*aftersales.ClauseRate{}
	rate := func(dl aftersales.Deadline) {
		cr := rates[dl.Clause]
		if cr == nil {
			cr = &aftersales.ClauseRate{Clause: dl.Clause}
			rates[dl.Clause] = cr
		}
		cr.Add(dl, now)
	}
	type month struct{ sum, n int }
	months := map[string]*month{}
	for _, x := range rs {
		if !x.Status.Terminal() {
			d.Open++
		}
		for _, dl := range x.Deadlines {
			rate(dl)
			if dl.Overdue(now) {
				d.Overdue++
				overdue[n.Dept(dl.Owner())]++
			}
		}
		if x.Visit != nil && x.VisitedAt != nil {
			k := monthKey(calendar.DateOf(*x.VisitedAt))
			if months[k] == nil {
				months[k] = &month{}
			}
			months[k].sum += x.Visit.Satisfaction
			months[k].n++
		}
	}
	for _, c := range cs {
		if !c.Status.Closed() {
			d.OpenComplaints++
		}
		for _, dl := range c.Deadlines {
			rate(dl)
			if dl.Overdue(now) {
				d.Overdue++
				overdue[h.complaintOwner(dl, n)]++
			}
		}
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
		if x := months[mm.String()]; x != nil {
			avg := decimal.NewFromInt(int64(x.sum)).DivRound(decimal.NewFromInt(int64(x.n)), 2)
			p.Value, _ = avg.Float64()
			p.N, p.Text = x.n, avg.StringFixed(2)
			sum, cnt = sum+x.sum, cnt+x.n
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
