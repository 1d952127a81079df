package web_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
)

// visibilityWorld is the site with a second project, 江畔小区 (P-002, its
// 项目二部, no specialist), and records spread over projects, customers and
// departments:
//
//	requests:   P-001 C-1001 项目一部; P-001 C-2002 not forwarded;
//	            P-002 C-1001 设计部;   P-002 C-2002 项目二部;
//	            no project C-1001 物资采购部
//	complaints: C-1001 项目一部; C-2002 设计部; C-1001 not forwarded
type visibilityWorld struct {
	*site
	requests   []*aftersales.Request
	complaints []*complaint.Complaint
}

func newVisibilityWorld(t *testing.T) *visibilityWorld {
	s := newSite(t, "")
	ctx := context.Background()
	_, err := s.app.Staff.PutDepartment(ctx, staff.Department{Department: aftersales.Department{ID: "proj-2", Name: "项目二部",
		Kind: aftersales.DeptKindProject}}, gm)
	require.NoError(t, err)
	_, err = s.app.Staff.PutProject(ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-002", Name: "江畔小区",
		Kind: aftersales.Residential, DepartmentID: "proj-2"}}, gm)
	require.NoError(t, err)
	w := &visibilityWorld{site: s}
	for _, x := range []struct {
		project, customer string
		cause             aftersales.Cause
		depts             []string
	}{
		{"P-001", "C-1001", aftersales.CauseConstruction, []string{"proj-1"}},
		{"P-001", "C-2002", aftersales.CauseConstruction, nil},
		{"P-002", "C-1001", aftersales.CauseDesign, []string{aftersales.DeptDesign}},
		{"P-002", "C-2002", aftersales.CauseConstruction, []string{"proj-2"}},
		{"", "C-1001", aftersales.CauseMaterial, []string{aftersales.DeptProcurement}},
	} {
		r, err := s.app.Requests.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
			Customer: aftersales.Customer{ID: x.customer, Name: "客户" + x.customer}, ProjectID: x.project, Location: "1号楼",
			Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour), Cause: x.cause}})
		require.NoError(t, err)
		if x.depts != nil {
			r, err = s.app.Requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Departments: x.depts, Actor: gm})
			require.NoError(t, err)
		}
		w.requests = append(w.requests, r)
	}
	for _, x := range []struct {
		customer string
		depts    []string
	}{{"C-1001", []string{"proj-1"}}, {"C-2002", []string{aftersales.DeptDesign}}, {"C-1001", nil}} {
		c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: x.customer, Name: "客户" + x.customer}, ProjectID: "P-001", Type: complaint.TypeQuality,
			Description: "维修后复发", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour)}})
		require.NoError(t, err)
		if x.depts != nil {
			c, err = s.app.Complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: x.depts, Actor: gm})
			require.NoError(t, err)
		}
		w.complaints = append(w.complaints, c)
	}
	return w
}

// ids lists the IDs of records by index.
func (w *visibilityWorld) requestIDs(idx ...int) []string {
	out := []string{}
	for _, i := range idx {
		out = append(out, w.requests[i].ID)
	}
	slices.Sort(out)
	return out
}

// apiGet calls the JSON API as who.
func (s *site) apiGet(who, path string) (int, map[string]any) {
	s.t.Helper()
	req, err := http.NewRequest("GET", s.srv.URL+path, nil)
	require.NoError(s.t, err)
	req.Header.Set("Authorization", "Bearer "+s.tokens[who])
	res, err := http.DefaultClient.Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(s.t, err)
	var out map[string]any
	require.NoError(s.t, json.Unmarshal(raw, &out), string(raw))
	return res.StatusCode, out
}

// apiIDs lists, sorted, the values of key of the items of an API list.
func (s *site) apiIDs(who, path, key string) []string {
	s.t.Helper()
	status, body := s.apiGet(who, path)
	require.Equal(s.t, 200, status, "%s %s: %v", who, path, body)
	out := []string{}
	items, _ := body["items"].([]any)
	for _, it := range items {
		out = append(out, it.(map[string]any)[key].(string))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// linked lists, sorted, the record IDs a page links to under prefix.
func (p *page) linked(prefix string) []string {
	out := []string{}
	for _, a := range all(p.doc, func(n *html.Node) bool { return n.Data == "a" && strings.HasPrefix(attr(n, "href"), prefix) }) {
		id, _, _ := strings.Cut(strings.TrimPrefix(attr(a, "href"), prefix), "/")
		if id != "" && id != "new" && !strings.Contains(id, "?") {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// deskRequests lists the requests the desk shows who at path: the list
// page for staff, the portal for a customer.
func (c *client) deskRequests(customer bool, query string) []string {
	c.t.Helper()
	if customer {
		p := c.get("/portal")
		require.Equal(c.t, 200, p.status)
		return p.linked("/portal/requests/")
	}
	p := c.get("/requests" + query)
	require.Equal(c.t, 200, p.status, p.body)
	return p.linked("/requests/")
}

// G4.3: a specialist sees the requests of the projects they are appointed
// to; a project filter of theirs is intersected with those, never replaced
// by them nor widening them. At the API.
func TestG4_3_SpecialistSeesTheirProjectsAtTheAPI(t *testing.T) {
	w := newVisibilityWorld(t)
	require.Equal(t, w.requestIDs(0, 1), w.apiIDs("spec", "/api/v1/requests", "id"))
	require.Equal(t, w.requestIDs(0, 1), w.apiIDs("spec", "/api/v1/requests?project_id=P-001", "id"))
	require.Empty(t, w.apiIDs("spec", "/api/v1/requests?project_id=P-002", "id"), "another project's filter shows nothing")
	for i, want := range []int{200, 200, 404, 404, 404} {
		status, _ := w.apiGet("spec", "/api/v1/requests/"+w.requests[i].ID)
		require.Equal(t, want, status, w.requests[i].ID)
	}
}

// G4.3 at the desk: the same, where the request list used to replace the
// specialist's project filter with all their projects.
func TestG4_3_SpecialistSeesTheirProjectsAtTheDesk(t *testing.T) {
	w := newVisibilityWorld(t)
	c := w.login("spec")
	require.Equal(t, w.requestIDs(0, 1), c.deskRequests(false, ""))
	require.Equal(t, w.requestIDs(0, 1), c.deskRequests(false, "?project_id=P-001"))
	require.Empty(t, c.deskRequests(false, "?project_id=P-002"), "another project's filter shows nothing")
	for i, want := range []int{200, 200, 404, 404, 404} {
		require.Equal(t, want, c.get("/requests/"+w.requests[i].ID).status, w.requests[i].ID)
	}
}

// The API and the desk show the same records to the same actor, for every
// role, over the same data: lists (with and without a project filter),
// each record's page, and the deadlines queue.
func TestAPIAndDeskShowTheSameRecords(t *testing.T) {
	w := newVisibilityWorld(t)
	// who is each token of the site; want is the requests (by index) the
	// library's rule lets them see, as a check that the two agree on the
	// right answer, not only with each other.
	for _, tc := range []struct {
		who      string
		customer bool
		requests []int
		// complaints by index; nil for a customer, who has no complaint
		// page at the desk.
		complaints []int
	}{
		{"admin", false, []int{0, 1, 2, 3, 4}, []int{0, 1, 2}},
		{"head", false, []int{0, 1, 2, 3, 4}, []int{0, 1, 2}},
		{"staff", false, []int{0, 1, 2, 3, 4}, []int{0, 1, 2}},
		{"spec", false, []int{0, 1}, []int{0}},
		{"site", false, []int{0}, []int{0}},
		{"pm", false, []int{0}, []int{0}},
		{"design", false, []int{2}, []int{1}},
		{"cust", true, []int{0, 2, 4}, nil},
		{"cust2", true, []int{1, 3}, nil},
	} {
		t.Run(tc.who, func(t *testing.T) {
			c := w.login(tc.who)
			want := w.requestIDs(tc.requests...)
			require.Equal(t, want, w.apiIDs(tc.who, "/api/v1/requests", "id"), "API")
			require.Equal(t, want, c.deskRequests(tc.customer, ""), "desk")
			if !tc.customer {
				for _, p := range []string{"P-001", "P-002"} {
					require.Equal(t, w.apiIDs(tc.who, "/api/v1/requests?project_id="+p, "id"), c.deskRequests(false, "?project_id="+p), "filter %s", p)
				}
			}
			for _, r := range w.requests {
				status, _ := w.apiGet(tc.who, "/api/v1/requests/"+r.ID)
				page := c.get("/requests/" + r.ID)
				if tc.customer && page.status == http.StatusSeeOther {
					page = c.get(page.location())
				}
				require.Equal(t, status, page.status, "request %s", r.ID)
				require.Equal(t, slices.Contains(want, r.ID), status == 200, "request %s", r.ID)
			}

			if tc.customer {
				// A customer's complaints are theirs through the API only:
				// the desk has no complaint page for customers.
				require.NotEqual(t, 200, c.get("/complaints").status)
				for _, x := range w.complaints {
					require.NotEqual(t, 200, c.get("/complaints/"+x.ID).status)
				}
				return
			}
			var wantC []string
			for _, i := range tc.complaints {
				wantC = append(wantC, w.complaints[i].ID)
			}
			slices.Sort(wantC)
			require.Equal(t, wantC, w.apiIDs(tc.who, "/api/v1/complaints", "id"), "API complaints")
			p := c.get("/complaints")
			require.Equal(t, 200, p.status)
			require.Equal(t, wantC, p.linked("/complaints/"), "desk complaints")
			for _, x := range w.complaints {
				status, _ := w.apiGet(tc.who, "/api/v1/complaints/"+x.ID)
				require.Equal(t, status, c.get("/complaints/"+x.ID).status, "complaint %s", x.ID)
			}

			// The queue's request deadlines are the API's /deadlines.
			q := c.get("/queue")
			require.Equal(t, 200, q.status)
			require.Equal(t, w.apiIDs(tc.who, "/api/v1/deadlines", "request_id"), q.linked("/requests/"), "deadlines")
		})
	}
}
