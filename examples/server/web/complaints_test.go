package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
)

// complaintOf registers a complaint received at the site's start, and
// forwards it to depts when there are any.
func (s *site) complaintOf(depts ...string) *complaint.Complaint {
	s.t.Helper()
	ctx := context.Background()
	staffer := aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: staffer, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "C-1001", Name: "王女士"}, ProjectID: "P-001", Type: complaint.TypeQuality,
		Description: "外墙渗水，维修后复发", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour)}})
	require.NoError(s.t, err)
	if len(depts) > 0 {
		c, err = s.app.Complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: depts, Actor: staffer})
		require.NoError(s.t, err)
	}
	return c
}

// delayComplaint registers, as the general manager, customer's complaint
// of a repair put off (P-001, received an hour before the site's start),
// and forwards it to depts when there are any.
func (s *site) delayComplaint(customer aftersales.Customer, depts ...string) *complaint.Complaint {
	s.t.Helper()
	ctx := context.Background()
	c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
		Complainant: customer, ProjectID: "P-001", Type: complaint.TypeDelay, Description: "维修一拖再拖",
		Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour)}})
	require.NoError(s.t, err)
	if len(depts) > 0 {
		c, err = s.app.Complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: depts, Actor: gm})
		require.NoError(s.t, err)
	}
	return c
}

// requireComplaintUnchanged checks that the stored complaint is still at
// the version the test read.
func (s *site) requireComplaintUnchanged(c *complaint.Complaint) {
	s.t.Helper()
	now, err := s.app.Complaints.Get(context.Background(), c.ID)
	require.NoError(s.t, err)
	require.Equal(s.t, c.Version, now.Version, "nothing written")
}

// rowWith returns the table row whose text contains all of what.
func (p *page) rowWith(what ...string) *html.Node {
	return find(p.doc, func(n *html.Node) bool {
		if n.Data != "tr" {
			return false
		}
		for _, w := range what {
			if !strings.Contains(text(n), w) {
				return false
			}
		}
		return true
	})
}

func TestC2_1_DeskForwardsAComplaintToSeveralDepartments(t *testing.T) {
	s := newSite(t, "")
	c := s.complaintOf()
	page := "/complaints/" + c.ID
	head := s.login("head")
	p := head.get(page)
	require.NotNil(t, p.byID("forward-departments-0"), "a choice of departments")
	require.Contains(t, text(p.byID("form-forward")), "设计部")

	// A department that does not exist is refused, with nothing written.
	p = head.post(page+"/forward", url.Values{"version": {"1"}, "other_departments": {"工程部"}})
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, text(p.byID("form-forward")), `部门 "工程部" 不存在`)
	s.requireComplaintUnchanged(c)
	// Nor does a department staff member forward.
	site := s.login("site")
	p = site.post(page+"/forward", url.Values{"departments": {"proj-1"}})
	require.Equal(t, http.StatusNotFound, p.status, "a department sees only what reached it")
	s.requireComplaintUnchanged(c)

	// Two departments at once: each has its part and its C3.1 clock.
	p = head.post(page+"/forward", url.Values{"version": {"1"}, "departments": {"proj-1", aftersales.DeptDesign}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = head.get(page)
	parts := text(p.byID("parts"))
	require.Contains(t, parts, "项目一部")
	require.Contains(t, parts, "设计部")
	require.NotNil(t, p.rowWith("项目一部", "2026-11-05"), "C3.1: 3 working days from the forwarding")
	require.NotNil(t, p.rowWith("设计部", "剩余"))
	require.NotNil(t, p.byID("plan-0-findings"), "the after-sales department may record each department's plan")
	require.NotNil(t, p.byID("plan-1-findings"))
	require.NotContains(t, text(p.byID("form-forward")), "设计部", "only departments not forwarded yet are offered")

	// The site department plans its own part only.
	p = site.get(page)
	require.Equal(t, http.StatusOK, p.status)
	require.NotNil(t, p.byID("plan-0-findings"))
	require.Nil(t, p.byID("plan-1-findings"))
	require.Nil(t, p.byID("form-forward"))
	before, err := s.app.Complaints.Get(context.Background(), c.ID)
	require.NoError(t, err)
	p = site.post(page+"/plan", url.Values{"department": {aftersales.DeptDesign}, "findings": {"x"}, "measures": {"y"}, "owner": {"z"}})
	require.Equal(t, http.StatusForbidden, p.status)
	require.Contains(t, text(p.doc), "只有责任部门")
	s.requireComplaintUnchanged(before)
	p = site.post(page+"/plan", url.Values{"department": {"proj-1"}, "findings": {"外墙打胶老化"}, "measures": {"重新打胶"}, "owner": {"周工"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	design := s.login("design")
	require.Contains(t, design.get("/complaints").body, c.ID, "listed for each department it was forwarded to")
	require.Contains(t, site.get("/complaints").body, c.ID)
	p = design.get(page)
	require.NotNil(t, p.byID("plan-1-findings"), "the design department plans its part")
	require.Nil(t, p.byID("form-answer"), "no result before every department's plan (C3.1)")
	p = design.post(page+"/plan", url.Values{"department": {aftersales.DeptDesign}, "findings": {"节点设计缺陷"}, "measures": {""}, "owner": {" "}})
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.fieldError("plan-1-measures"), "处理措施不能为空")
	require.Contains(t, p.fieldError("plan-1-owner"), "责任人不能为空", "every problem at once")
	p = design.post(page+"/plan", url.Values{"department": {aftersales.DeptDesign}, "findings": {"节点设计缺陷"}, "measures": {"修改节点"}, "owner": {"吴工"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = head.get(page)
	require.NotNil(t, p.byID("form-answer"))
	require.Contains(t, text(p.byID("parts")), "修改节点")

	// A closed department is not offered, and refused when named.
	_, err = s.app.Staff.PutDepartment(context.Background(), staff.Department{Department: aftersales.Department{
		ID: aftersales.DeptProcurement, Name: "物资采购部", Kind: aftersales.DeptKindProcurement, Closed: true}}, gm)
	require.NoError(t, err)
	c2 := s.complaintOf()
	p = head.get("/complaints/" + c2.ID)
	require.NotContains(t, text(p.byID("form-forward")), "物资采购部")
	p = head.post("/complaints/"+c2.ID+"/forward", url.Values{"other_departments": {aftersales.DeptProcurement}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	require.Contains(t, text(p.byID("form-forward")), "已撤销")
	s.requireComplaintUnchanged(c2)
}

func TestG3_3_DeskPausesAndResumesAComplaint(t *testing.T) {
	s := newSite(t, "")
	c := s.complaintOf("proj-1")
	page := "/complaints/" + c.ID
	head := s.login("head")
	p := head.get(page)
	require.NotNil(t, p.byID("pause-reason"))
	require.Nil(t, p.byID("form-resume"))

	// A reason from the list and a note are required; nothing is written.
	p = head.post(page+"/pause", url.Values{"reason": {""}, "note": {"客户出差"}})
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.fieldError("pause-reason"), "暂停原因")
	require.Equal(t, "客户出差", p.value("pause-note"), "what was typed stays")
	p = head.post(page+"/pause", url.Values{"reason": {"no_access"}, "note": {" "}})
	require.Contains(t, p.fieldError("pause-note"), "暂停说明不能为空")
	s.requireComplaintUnchanged(c)

	// A department the complaint did not reach cannot see it, let alone
	// pause it.
	design := s.login("design")
	p = design.post(page+"/pause", url.Values{"reason": {"no_access"}, "note": {"x"}})
	require.Equal(t, http.StatusNotFound, p.status)
	s.requireComplaintUnchanged(c)

	// The responsible department pauses, with evidence.
	site := s.login("site")
	s.clock.Set(start.Add(24 * time.Hour))
	p = site.post(page+"/pause", url.Values{"reason": {"no_access"}, "note": {"客户出差，无法入户"}, "evidence": {"IMG-0012，聊天记录"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = head.get(page)
	require.Contains(t, p.body, "计时暂停中")
	row := p.rowWith("C3.1")
	require.NotNil(t, row)
	require.Contains(t, text(row), "计时暂停于")
	require.Contains(t, text(row), "（无法入户）", "a paused clock says why")
	require.Contains(t, text(p.byID("parts")), "计时暂停于")
	require.Contains(t, p.body, "IMG-0012、聊天记录")
	require.NotNil(t, p.rowWith("G3.3"), "the pause's limit")
	require.Nil(t, p.byID("form-pause"), "one pause at a time")
	require.NotNil(t, p.byID("form-resume"))
	paused, err := s.app.Complaints.Get(context.Background(), c.ID)
	require.NoError(t, err)
	p = head.post(page+"/pause", url.Values{"reason": {"customer_request"}, "note": {"再次暂停"}})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	s.requireComplaintUnchanged(paused)

	// Resumed three working days later: the clocks moved.
	s.clock.Set(start.Add(4 * 24 * time.Hour)) // Friday
	p = head.post(page+"/resume", url.Values{})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	p = head.get(page)
	require.Contains(t, p.body, "顺延 3 个工作日")
	require.NotNil(t, p.byID("form-pause"))
	require.Nil(t, p.byID("form-resume"))
	require.Contains(t, text(p.byID("h-history").Parent), "恢复计时")
	resumed, err := s.app.Complaints.Get(context.Background(), c.ID)
	require.NoError(t, err)
	p = head.post(page+"/resume", url.Values{})
	require.Equal(t, http.StatusUnprocessableEntity, p.status)
	require.Contains(t, p.body, "计时没有暂停")
	s.requireComplaintUnchanged(resumed)

	// The print form lists the pause.
	p = head.get(page + "/print")
	require.Contains(t, p.body, "无法入户")
	require.Contains(t, p.body, "顺延 3 个工作日")
}

// TestDashboardCountsComplaints: the dashboard's complaint figures come
// from the library's complaint.Service.Figures (the store's tally and the
// complaints still owing a deadline): an open complaint whose C2.1
// forwarding is overdue counts as open, and as overdue once its deadline
// has passed, owed by the after-sales desk.
func TestDashboardCountsComplaints(t *testing.T) {
	s := newSite(t, "")
	s.complaintOf()
	stat := func(p *page, label string) string {
		t.Helper()
		n := find(p.doc, func(n *html.Node) bool {
			return n.Data == "div" && strings.Contains(attr(n, "class"), "stat") && strings.Contains(text(n), label)
		})
		require.NotNil(t, n, label)
		return strings.TrimSpace(strings.TrimSuffix(text(n), label))
	}
	c := s.login("head")
	p := c.get("/dashboard")
	require.Equal(t, "1", stat(p, "在办客户投诉"))
	require.Equal(t, "0", stat(p, "逾期未办的期限"), "C2.1 not yet due")

	s.clock.Set(start.Add(7 * 24 * time.Hour))
	p = c.get("/dashboard")
	require.Equal(t, "1", stat(p, "在办客户投诉"))
	require.Contains(t, stat(p, "逾期未办的期限"), "1", "C2.1 overdue")
	fig, err := s.app.Complaints.Figures(context.Background())
	require.NoError(t, err)
	require.Equal(t, 1, fig.Overdue[""], "owed by the after-sales desk")
	require.Equal(t, 1, fig.Rates[complaint.ClauseC2_1].Missed)
	require.Contains(t, p.body, "C2.1")
}
