package web_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// TestQueueIsPaged: the queue shows a page of 50 request deadlines, soonest
// due first, and links the next page; following it shows the rest, each
// request once over both pages, with a way back to the first. The overdue
// count covers every page. A cursor that is not one is refused with a
// message, not an empty page.
func TestQueueIsPaged(t *testing.T) {
	s := newSite(t, "")
	want := map[string]bool{}
	for i := range 60 {
		r := s.register(fmt.Sprintf("C-%03d", i), "客户", "渗水")
		want[r.ID] = true
	}
	head := s.login("head")
	p := head.get("/queue")
	require.Equal(t, 200, p.status)
	first := p.linked("/requests/")
	require.Len(t, first, 50)
	next := find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" })
	require.NotNil(t, next, "a link to the next page")

	p = head.get(attr(next, "href"))
	require.Equal(t, 200, p.status)
	second := p.linked("/requests/")
	require.Len(t, second, 10)
	require.Nil(t, find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" }), "the last page")
	require.Contains(t, p.body, "回到第一页")
	seen := map[string]bool{}
	for _, id := range append(first, second...) {
		require.False(t, seen[id], "%s on both pages", id)
		seen[id] = true
	}
	require.Equal(t, want, seen)

	// Ten days on, all 60 are overdue: the count says so on every page.
	s.clock.Set(start.Add(10 * 24 * time.Hour))
	p = head.get("/queue")
	require.Contains(t, p.body, "共 60 项已逾期")
	require.Contains(t, head.get(attr(next, "href")).body, "共 60 项已逾期")

	p = head.get("/queue?after=nonsense")
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.body, "分页位置无效")
}

// TestRequestListIsPagedNewestFirst: the request list shows 50 requests,
// newest received first, and links the next page with the filter kept;
// the pages together hold each request of the filter once. A status or a
// project that does not exist is a 400 with the reason next to its field.
func TestRequestListIsPagedNewestFirst(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	var ids []string
	for i := range 55 {
		r, err := s.app.Requests.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
			Customer: aftersales.Customer{ID: fmt.Sprintf("C-%03d", i), Name: "客户"}, ProjectID: "P-001", Description: "渗水",
			Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Duration(i) * time.Hour), Cause: aftersales.CauseConstruction}})
		require.NoError(t, err)
		ids = append(ids, r.ID) // newest first: i hours ago
	}
	head := s.login("head")
	p := head.get("/requests?project_id=P-001")
	require.Equal(t, 200, p.status)
	rows := all(p.doc, func(n *html.Node) bool {
		return n.Data == "tr" && find(n, func(a *html.Node) bool { return a.Data == "a" }) != nil
	})
	require.Len(t, rows, 50)
	var order []string
	for _, tr := range rows {
		a := find(tr, func(a *html.Node) bool { return a.Data == "a" })
		order = append(order, strings.TrimPrefix(attr(a, "href"), "/requests/"))
	}
	require.Equal(t, ids[:50], order, "newest received first")
	next := find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" })
	require.NotNil(t, next)
	require.Contains(t, attr(next, "href"), "project_id=P-001", "the filter kept")
	p = head.get(attr(next, "href"))
	require.Equal(t, 200, p.status)
	rest := p.linked("/requests/")
	require.ElementsMatch(t, ids[50:], rest)
	require.Nil(t, find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" }))

	for query, field := range map[string]string{"status=nonsense": "filter-status", "project_id=P-404": "filter-project_id"} {
		p = head.get("/requests?" + query)
		require.Equal(t, http.StatusBadRequest, p.status, query)
		require.NotEmpty(t, p.fieldError(field), query)
	}
	require.Equal(t, http.StatusBadRequest, head.get("/requests?before=x").status)
}

// TestRequestSearch: the list's search box finds a request by its number,
// the customer's name or phone, or the unit, letter case aside, and keeps
// the other filters; the project specialist, who sees phones and units
// masked, finds nothing by them (the search must not tell what the page
// masks) but finds by name and number. A search text with a line break is
// a 400 next to the box.
func TestRequestSearch(t *testing.T) {
	s := newSite(t, "")
	zhang := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	li := s.register("C-2002", "李女士", "外墙开裂")
	head := s.login("head")
	spec := s.login("spec")
	search := func(c *client, q string) []string {
		t.Helper()
		p := c.get("/requests?q=" + url.QueryEscape(q))
		require.Equal(t, 200, p.status, p.body)
		return p.linked("/requests/")
	}
	require.Equal(t, []string{zhang.ID}, search(head, "张先"))
	require.Equal(t, []string{li.ID}, search(head, strings.ToUpper(li.ID)), "the number, letter case aside")
	require.ElementsMatch(t, []string{zhang.ID, li.ID}, search(head, "13800000000"), "the phone")
	require.ElementsMatch(t, []string{zhang.ID, li.ID}, search(head, "2单元501"), "the unit")
	require.Empty(t, search(head, "王"))
	require.Equal(t, []string{zhang.ID}, search(spec, "张先生"))
	require.Empty(t, search(spec, "13800000000"), "masked for the specialist: not searchable by them")
	require.Empty(t, search(spec, "2单元501"))

	p := head.get("/requests?q=" + url.QueryEscape("a\nb"))
	require.Equal(t, http.StatusBadRequest, p.status)
	require.NotEmpty(t, p.fieldError("filter-q"))
}

// TestComplaintListIsPagedNewestFirst: the complaint list shows 50
// complaints, newest received first, and links the rest.
func TestComplaintListIsPagedNewestFirst(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	var ids []string
	for i := range 53 {
		c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: fmt.Sprintf("C-%03d", i), Name: "客户"}, ProjectID: "P-001", Type: complaint.TypeDelay,
			Description: "维修拖延", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Duration(i) * time.Hour)}})
		require.NoError(t, err)
		ids = append(ids, c.ID) // newest first: i hours ago
	}
	head := s.login("head")
	p := head.get("/complaints")
	require.Equal(t, 200, p.status)
	var order []string
	for _, a := range all(p.doc, func(n *html.Node) bool {
		return n.Data == "a" && strings.HasPrefix(attr(n, "href"), "/complaints/TS-")
	}) {
		order = append(order, strings.TrimPrefix(attr(a, "href"), "/complaints/"))
	}
	require.Equal(t, ids[:50], order, "newest received first")
	next := find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" })
	require.NotNil(t, next)
	p = head.get(attr(next, "href"))
	require.Equal(t, 200, p.status)
	require.ElementsMatch(t, ids[50:], p.linked("/complaints/"))
	require.Contains(t, p.body, "回到第一页")
	require.Equal(t, http.StatusBadRequest, head.get("/complaints?before=x").status)
}

// TestComplaintSearch: the complaint list's search box finds by the
// complainant's name and the complaint's number; the head finds by phone.
// A search text with a line break is a 400 next to the box.
func TestComplaintSearch(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	reg := func(id, name string) string {
		c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: id, Name: name, Phone: "13912345678"}, ProjectID: "P-001", Type: complaint.TypeDelay,
			Description: "维修拖延", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour)}})
		require.NoError(t, err)
		return c.ID
	}
	zhang, li := reg("C-1001", "张先生"), reg("C-2002", "李女士")
	head := s.login("head")
	search := func(q string) []string {
		t.Helper()
		p := head.get("/complaints?q=" + url.QueryEscape(q))
		require.Equal(t, 200, p.status, p.body)
		return p.linked("/complaints/")
	}
	require.Equal(t, []string{li}, search("李女"))
	require.Equal(t, []string{zhang}, search(strings.ToLower(zhang)))
	require.ElementsMatch(t, []string{zhang, li}, search("13912345678"))
	require.Empty(t, search("王"))
	p := head.get("/complaints?q=" + url.QueryEscape("a\nb"))
	require.Equal(t, http.StatusBadRequest, p.status)
	require.NotEmpty(t, p.fieldError("filter-q"))
}

// TestQueueShowsTheSoonestComplaintDeadlines: with more open complaints
// than a page holds, the queue and "my work" show the 50 soonest
// complaint deadlines, read from the complaints in the order of their
// earliest deadline (not every open complaint), and say that there are
// more, with the way to the complaint list.
func TestQueueShowsTheSoonestComplaintDeadlines(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	staffer := aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	var cs []*complaint.Complaint
	for i := range 53 {
		c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: staffer, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: fmt.Sprintf("C-%03d", i), Name: "王女士"}, ProjectID: "P-001", Type: complaint.TypeQuality,
			Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Duration(53-i) * 37 * time.Minute)}})
		require.NoError(t, err)
		cs = append(cs, c)
	}
	due := func(c *complaint.Complaint) time.Time { d, ok := complaint.NextDue(c); require.True(t, ok); return d }
	link := regexp.MustCompile(`href="/complaints/(TS-[0-9a-f]+)"`)
	for _, path := range []string{"/queue", "/my"} {
		p := s.login("head").get(path)
		require.Equal(t, http.StatusOK, p.status, path)
		shown := map[string]bool{}
		for _, m := range link.FindAllStringSubmatch(p.body, -1) {
			shown[m[1]] = true
		}
		require.Len(t, shown, 50, "%s: a page of complaint deadlines", path)
		var last time.Time
		for _, c := range cs {
			if shown[c.ID] && due(c).After(last) {
				last = due(c)
			}
		}
		for _, c := range cs {
			if !shown[c.ID] {
				require.False(t, due(c).Before(last), "%s: %s, due %s, is left out while one due %s is shown", path, c.ID, due(c), last)
			}
		}
		require.True(t, strings.Contains(p.body, `全部投诉见<a href="/complaints">投诉列表</a>`), "%s: and it says there are more", path)
	}
}

// TestG3_3_OverdueQueueSeesPastPausedComplaints: a paused clock is never
// overdue, even when its due instant has passed, so complaints waiting on
// their customers do not take the places of the overdue-only queue: with
// 51 complaints paused past their C3.1 due instant, the one complaint
// whose C2.1 forwarding is overdue is listed, and no paused one.
func TestG3_3_OverdueQueueSeesPastPausedComplaints(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	staffer := aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	register := func(i int, received time.Time) *complaint.Complaint {
		c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: staffer, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: fmt.Sprintf("C-%03d", i), Name: "王女士"}, ProjectID: "P-001", Type: complaint.TypeQuality,
			Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: received}})
		require.NoError(t, err)
		return c
	}
	forwarded := time.Date(2026, 10, 26, 9, 0, 0, 0, calendar.CST())
	var paused []string
	for i := range 51 {
		c := register(i, forwarded.Add(-time.Hour))
		c, err := s.app.Complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: []string{"proj-1"}, At: forwarded, Actor: staffer})
		require.NoError(t, err)
		c, err = s.app.Complaints.Pause(ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户",
			At: forwarded.Add(25 * time.Hour), Actor: staffer, Version: c.Version})
		require.NoError(t, err)
		for _, d := range c.Deadlines {
			if d.Clause == complaint.ClauseC3_1 {
				require.True(t, d.Paused() && d.Due.Before(start), "the fixture: C3.1 paused, its due instant past")
			}
		}
		paused = append(paused, c.ID)
	}
	late := register(99, time.Date(2026, 10, 29, 9, 0, 0, 0, calendar.CST()))
	p := s.login("head").get("/queue?overdue=1")
	require.Equal(t, 200, p.status)
	require.True(t, strings.Contains(p.body, `href="/complaints/`+late.ID+`"`), "the overdue forwarding is listed")
	for _, id := range paused {
		require.False(t, strings.Contains(p.body, `href="/complaints/`+id+`"`), "paused %s is not overdue", id)
	}
}
