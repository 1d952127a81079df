package web_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// TestEveryPageIsLabelled visits every page, as every kind of user and
// with requests and complaints in every state, and lets the client check
// each: a <main>, lang="zh-CN", a label for every control, no 500.
func TestEveryPageIsLabelled(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	registered := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	urgent, err := s.app.Requests.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "C-1001", Name: "张先生"}, ProjectID: "P-001", Description: "水管爆裂",
		Channel: aftersales.ChannelOnSite, ReceivedAt: start.Add(-10 * 60e9), Urgent: true}})
	require.NoError(t, err)
	inProgress := s.register("C-1001", "张先生", "门窗密封不严")
	_, err = s.app.Requests.Forward(ctx, inProgress.ID, aftersales.ForwardCommand{Actor: gm, Departments: []string{"proj-1", aftersales.DeptDesign}})
	require.NoError(t, err)
	_, err = s.app.Requests.Plan(ctx, inProgress.ID, aftersales.PlanCommand{Department: "proj-1", Actor: gm, Plan: aftersales.Plan{
		Measures: "更换密封条", ScheduledAt: start, Owner: "周工", Complexity: aftersales.Complex}})
	require.NoError(t, err)
	awaiting := s.register("C-1001", "张先生", "阳台地漏堵塞")
	s.toAcceptance(awaiting.ID)
	accepted := s.register("C-1001", "张先生", "墙面开裂")
	s.toAcceptance(accepted.ID)
	_, err = s.app.Requests.Accept(ctx, accepted.ID, aftersales.AcceptCommand{Actor: gm,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignPaper, Ref: "SCAN-3"}})
	require.NoError(t, err)

	c1, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Major: true, Criteria: []string{"safety"},
		Registration: complaint.Registration{Complainant: aftersales.Customer{Name: "李女士"}, Type: complaint.TypeQuality,
			Description: "阳台栏杆松动", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-60e9)}})
	require.NoError(t, err)
	c2, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
		Complainant: aftersales.Customer{Name: "王先生"}, Type: complaint.TypeService, Description: "态度差",
		Channel: aftersales.ChannelWeChat, ReceivedAt: start.Add(-60e9)}})
	require.NoError(t, err)
	_, err = s.app.Complaints.Forward(ctx, c2.ID, complaint.ForwardCommand{Department: "proj-1", Actor: gm})
	require.NoError(t, err)
	_, err = s.app.Complaints.Plan(ctx, c2.ID, complaint.PlanCommand{Actor: gm, Plan: complaint.Plan{Findings: "属实", Measures: "道歉", Owner: "孙经理"}})
	require.NoError(t, err)
	_, err = s.app.Complaints.CommissionThirdParty(ctx, c2.ID, complaint.ThirdPartyCommand{Agency: "质检站", Scope: "栏杆", Actor: gm})
	require.NoError(t, err)
	_, err = s.app.Complaints.Answer(ctx, c2.ID, complaint.StepCommand{Text: "已道歉", Actor: gm})
	require.NoError(t, err)

	_, err = s.app.Warranties.RecordInspection(ctx, "P-001", warranty.InspectionCommand{Actor: gm, Inspection: warranty.Inspection{
		Date: calendar.D(2026, 10, 30), Inspector: "周工", Areas: []string{"屋面"}}})
	require.NoError(t, err)
	_, err = s.app.Staff.RecordSession(ctx, staff.Session{Date: calendar.D(2026, 10, 28), Topic: staff.TopicProcess,
		Trainer: "钱部长", Hours: decimal.NewFromInt(2), Attendees: []string{"p-staff"}}, gm)
	require.NoError(t, err)

	desk := []string{"/queue", "/queue?overdue=1", "/requests", "/requests?status=in_progress", "/requests/new", "/complaints", "/complaints/new",
		"/complaints/" + c1.ID, "/complaints/" + c2.ID, "/complaints/" + c1.ID + "/print", "/reports/complaints", "/reports/complaints?month=2026-10",
		"/warranties", "/warranties/P-001", "/warranties/P-001/summary", "/staff", "/dashboard", "/login", "/nowhere"}
	for _, r := range []*aftersales.Request{registered, urgent, inProgress, awaiting, accepted} {
		desk = append(desk, "/requests/"+r.ID, "/requests/"+r.ID+"/print")
	}
	for _, who := range []string{"admin", "head", "staff"} {
		c := s.login(who)
		for _, path := range desk {
			p := c.get(path)
			if path == "/login" {
				require.Equal(t, http.StatusSeeOther, p.status)
				continue
			}
			if path == "/nowhere" {
				require.Equal(t, http.StatusNotFound, p.status)
				continue
			}
			require.Equal(t, 200, p.status, "%s %s", who, path)
			require.NotNil(t, find(p.doc, func(n *html.Node) bool { return n.Data == "nav" }), path)
			require.NotNil(t, find(p.doc, func(n *html.Node) bool { return n.Data == "header" }), path)
		}
	}
	// The forms of each state are there.
	c := s.login("head")
	require.NotNil(t, c.get("/requests/"+registered.ID).byID("forward-cause"))
	require.NotNil(t, c.get("/requests/"+urgent.ID).byID("urgent-measures"))
	p := c.get("/requests/" + inProgress.ID)
	require.NotNil(t, p.byID("complete-0-result"))
	require.NotNil(t, p.byID("reclassify-0-complexity"))
	require.NotNil(t, p.byID("plan-1-measures"), "the design department's plan")
	require.NotNil(t, c.get("/requests/"+awaiting.ID).byID("accept-signed_by"))
	require.NotNil(t, c.get("/requests/"+accepted.ID).byID("visit-satisfaction"))
	p = c.get("/complaints/" + c1.ID)
	require.NotNil(t, p.byID("emergency-text"))
	require.NotNil(t, p.byID("forward-other_departments"))
	p = c.get("/complaints/" + c2.ID)
	require.NotNil(t, p.byID("satisfied-text"))
	require.NotNil(t, p.byID("third-party-report-conclusion"))

	for _, who := range []string{"site", "spec", "design", "pm"} {
		c := s.login(who)
		for _, path := range []string{"/queue", "/requests", "/complaints", "/warranties", "/warranties/P-001", "/staff",
			"/requests/" + inProgress.ID} {
			p := c.get(path)
			if who == "design" || who == "pm" || who == "site" || path != "/requests/"+inProgress.ID {
				require.Contains(t, []int{200, 404}, p.status, "%s %s", who, path)
			}
		}
	}
	cust := s.login("cust")
	for _, path := range []string{"/portal", "/portal/requests/" + registered.ID, "/portal/requests/" + inProgress.ID,
		"/portal/requests/" + awaiting.ID, "/portal/requests/" + accepted.ID} {
		p := cust.get(path)
		require.Equal(t, 200, p.status, path)
		require.True(t, strings.Contains(p.body, "我的售后需求"), path)
	}
}
