package web_test

import (
	"context"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
)

// requestStates takes one request of the site into each state a desk user
// meets, through the library, and returns them by name. Every step is the
// desk's (the general manager may take any of them), so that each state is
// reached as the regulation allows.
func (s *site) requestStates() map[string]*aftersales.Request {
	t, ctx, rs := s.t, context.Background(), s.app.Requests
	t.Helper()
	out := map[string]*aftersales.Request{}
	must := func(r *aftersales.Request, err error) *aftersales.Request {
		t.Helper()
		require.NoError(t, err)
		return r
	}
	reg := func(urgent bool, cause aftersales.Cause) *aftersales.Request {
		return must(rs.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
			Customer: aftersales.Customer{ID: "C-1001", Name: "王女士"}, ProjectID: "P-001", Location: "3号楼",
			Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour), Cause: cause, Urgent: urgent}}))
	}
	forward := func(r *aftersales.Request, depts ...string) *aftersales.Request {
		return must(rs.Forward(ctx, r.ID, aftersales.ForwardCommand{Departments: depts, Actor: gm}))
	}
	plan := func(r *aftersales.Request, dept string, c aftersales.Complexity) *aftersales.Request {
		return must(rs.Plan(ctx, r.ID, aftersales.PlanCommand{Department: dept, Actor: gm, Plan: aftersales.Plan{Measures: "修补",
			ScheduledAt: start.Add(24 * time.Hour), Owner: "周工", Complexity: c}}))
	}
	complete := func(r *aftersales.Request, dept string) *aftersales.Request {
		return must(rs.Complete(ctx, r.ID, aftersales.CompleteCommand{Department: dept, Result: "已修复", Actor: gm}))
	}
	tell := func(r *aftersales.Request, dept string) *aftersales.Request {
		return must(rs.Feedback(ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackResult, Department: dept,
			Channel: aftersales.ChannelPhone, Summary: "已修复，请验收", Actor: gm}))
	}
	accept := func(r *aftersales.Request) *aftersales.Request {
		return must(rs.Accept(ctx, r.ID, aftersales.AcceptCommand{Actor: gm,
			Signature: aftersales.Signature{SignedBy: "王女士", Method: aftersales.SignPaper, Ref: "scan.pdf"}}))
	}
	done := func() *aftersales.Request { // awaiting acceptance, the result told
		r := plan(forward(reg(false, aftersales.CauseConstruction)), "proj-1", aftersales.Simple)
		return tell(complete(r, "proj-1"), "proj-1")
	}

	out["registered"] = reg(false, aftersales.CauseConstruction)
	out["registered, no cause"] = reg(false, "")
	u := reg(true, aftersales.CauseConstruction)
	out["urgent"] = u
	out["urgent handled"] = must(rs.HandleUrgent(ctx, reg(true, aftersales.CauseConstruction).ID, aftersales.UrgentCommand{Measures: "关阀", Actor: gm}))
	out["forwarded"] = forward(reg(false, aftersales.CauseConstruction))
	out["forwarded to two"] = forward(reg(false, aftersales.CauseConstruction), "proj-1", aftersales.DeptDesign)
	out["planned"] = plan(forward(reg(false, aftersales.CauseConstruction)), "proj-1", aftersales.Simple)
	out["planned, complex"] = plan(forward(reg(false, aftersales.CauseConstruction)), "proj-1", aftersales.Complex)
	esc := plan(forward(reg(false, aftersales.CauseConstruction)), "proj-1", aftersales.Simple)
	out["escalated"] = must(rs.Escalate(ctx, esc.ID, aftersales.EscalateCommand{Department: "proj-1", Reason: "缺材料", Actor: gm}))
	two := forward(reg(false, aftersales.CauseConstruction), "proj-1", aftersales.DeptDesign)
	two = plan(plan(two, "proj-1", aftersales.Simple), aftersales.DeptDesign, aftersales.Simple)
	out["one of two done"] = complete(two, "proj-1")
	out["paused"] = must(rs.Pause(ctx, plan(forward(reg(false, aftersales.CauseConstruction)), "proj-1", aftersales.Simple).ID,
		aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "无法入户", Actor: gm}))
	out["completed, not told"] = complete(plan(forward(reg(false, aftersales.CauseConstruction)), "proj-1", aftersales.Simple), "proj-1")
	out["awaiting acceptance"] = done()
	out["paused awaiting acceptance"] = must(rs.Pause(ctx, done().ID, aftersales.PauseCommand{Reason: aftersales.PauseCustomerAsked,
		Note: "客户出差", Actor: gm}))
	out["visited before acceptance"] = must(rs.Visit(ctx, done().ID, aftersales.VisitCommand{Actor: gm,
		Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}}))
	out["rejected"] = must(rs.Reject(ctx, done().ID, aftersales.RejectCommand{Reason: "仍渗水", Actor: gm}))
	out["accepted"] = accept(done())
	out["closed"] = must(rs.Visit(ctx, accept(done()).ID, aftersales.VisitCommand{Actor: gm,
		Visit: aftersales.Visit{Satisfaction: 5, VisitedBy: "赵敏"}}))
	out["withdrawn"] = must(rs.Withdraw(ctx, reg(false, aftersales.CauseConstruction).ID, aftersales.WithdrawCommand{Reason: "不需要了", Actor: gm}))
	return out
}

// offered lists a page's forms for the steps of request id, each as
// action, department and feedback kind, as Offer.String would.
func (p *page) offered(prefix string) []string {
	out := []string{}
	for _, f := range all(p.doc, func(n *html.Node) bool {
		return n.Data == "form" && strings.HasPrefix(attr(n, "action"), prefix)
	}) {
		step := strings.TrimPrefix(attr(f, "action"), prefix)
		if step == "files" || strings.HasPrefix(step, "links") {
			continue // photos and customer links are no steps of the lifecycle
		}
		hidden := func(name string) string {
			if n := find(f, func(n *html.Node) bool {
				return n.Data == "input" && attr(n, "type") == "hidden" && attr(n, "name") == name
			}); n != nil {
				return attr(n, "value")
			}
			return ""
		}
		out = append(out, offerKey(step, hidden("department"), hidden("kind")))
	}
	slices.Sort(out)
	return out
}

func offerKey(action, dept, kind string) string { return fmt.Sprintf("%s/%s/%s", action, dept, kind) }

// The desk offers a form for a step exactly when the library would accept
// the step from the user now (aftersales.Service.Actions), for every role
// of the company and every state of a request; what the user may not see
// is not found. The customer's page offers acceptance and rejection (P4.1)
// exactly when the library does, and the rating once they have accepted
// exactly when the library would take the portal's visit (P4.2).
func TestDeskOffersAFormExactlyWhenTheLibraryAcceptsTheStep(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	states := s.requestStates()
	org, err := s.app.Staff.Organisation(ctx)
	require.NoError(t, err)
	actors := map[string]aftersales.Actor{"admin": {ID: "admin", Role: aftersales.RoleGeneralManager}}
	for who, id := range map[string]string{"head": "p-head", "staff": "p-staff", "spec": "p-spec", "site": "p-site", "pm": "p-pm", "design": "p-design"} {
		actors[who], err = org.Actor(id)
		require.NoError(t, err)
	}
	names := make([]string, 0, len(states))
	for name := range states {
		names = append(names, name)
	}
	slices.Sort(names)
	offered := 0
	for who, a := range actors {
		c := s.login(who)
		v, err := s.app.Requests.Viewer(ctx, a)
		require.NoError(t, err)
		for _, state := range names {
			r, err := s.app.Requests.Get(ctx, states[state].ID)
			require.NoError(t, err)
			p := c.get("/requests/" + r.ID)
			if !v.MaySee(r) {
				require.Equal(t, http.StatusNotFound, p.status, "%s, %s", who, state)
				continue
			}
			require.Equal(t, http.StatusOK, p.status, "%s, %s", who, state)
			offers, err := s.app.Requests.Actions(ctx, r, a)
			require.NoError(t, err)
			want := []string{}
			for _, o := range offers {
				want = append(want, offerKey(string(o.Action), o.Department, string(o.Kind)))
			}
			slices.Sort(want)
			require.Equal(t, want, p.offered("/requests/"+r.ID+"/"), "%s, %s", who, state)
			offered += len(want)
		}
	}
	require.Greater(t, offered, 100, "the walk offers steps, not only nothing")

	portal := aftersales.Actor{ID: "customer-portal", Role: aftersales.RoleSystem}
	for who, a := range map[string]aftersales.Actor{"cust": {ID: "C-1001", Role: aftersales.RoleCustomer}, "cust2": {ID: "C-2002", Role: aftersales.RoleCustomer}} {
		c := s.login(who)
		for _, state := range names {
			r, err := s.app.Requests.Get(ctx, states[state].ID)
			require.NoError(t, err)
			p := c.get("/portal/requests/" + r.ID)
			if r.Customer.ID != a.ID {
				require.Equal(t, http.StatusNotFound, p.status, "%s, %s", who, state)
				continue
			}
			require.Equal(t, http.StatusOK, p.status, "%s, %s", who, state)
			offers, err := s.app.Requests.Actions(ctx, r, a)
			require.NoError(t, err)
			want := []string{}
			for _, o := range offers {
				if o.Action == aftersales.ActionAccept || o.Action == aftersales.ActionReject {
					want = append(want, offerKey(string(o.Action), "", ""))
				}
			}
			if r.Status == aftersales.StatusAccepted {
				byPortal, err := s.app.Requests.Actions(ctx, r, portal)
				require.NoError(t, err)
				if slices.ContainsFunc(byPortal, func(o aftersales.Offer) bool { return o.Action == aftersales.ActionVisit }) {
					want = append(want, offerKey("rate", "", ""))
				}
			}
			slices.Sort(want)
			require.Equal(t, want, p.offered("/portal/requests/"+r.ID+"/"), "%s, %s", who, state)
		}
	}
}
