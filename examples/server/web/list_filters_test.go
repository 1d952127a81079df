package web_test

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// lister returns what the list at path links to, as c sees it, for a
// query: the records of its first page.
func lister(t *testing.T, c *client, path string) func(query string) []string {
	return func(query string) []string {
		t.Helper()
		p := c.get(path + "?" + query)
		require.Equal(t, http.StatusOK, p.status, "%s: %s", query, p.body)
		return p.linked(path + "/")
	}
}

// TestRequestListFilters: the request list narrows by status, department,
// received dates (China time, both days included) and overdue, alone and
// together, and the next page keeps them; a department that does not
// exist, a date that is not one, or an end before the start is a 400
// with the reason next to its field.
func TestRequestListFilters(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	reg := func(received time.Time) *aftersales.Request {
		r, err := s.app.Requests.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
			Customer: aftersales.Customer{ID: "C-1", Name: "客户"}, ProjectID: "P-001", Description: "渗水",
			Channel: aftersales.ChannelPhone, ReceivedAt: received, Cause: aftersales.CauseConstruction}})
		require.NoError(t, err)
		return r
	}
	// 10-28 (its P1.2 forwarding long overdue), 10-31 23:59, 11-01 00:00,
	// and one forwarded to 项目一部 on 11-02.
	old, lastOfOct, firstOfNov := reg(start.AddDate(0, 0, -5)), reg(time.Date(2026, 10, 31, 23, 59, 0, 0, start.Location())),
		reg(time.Date(2026, 11, 1, 0, 0, 0, 0, start.Location()))
	forwarded := reg(start.Add(-time.Hour))
	_, err := s.app.Requests.Forward(ctx, forwarded.ID, aftersales.ForwardCommand{Actor: gm})
	require.NoError(t, err)
	// Received 10-22, forwarded and planned at once, paused an hour
	// later: its P3.2 clock (five working days) is past its due instant
	// but stands still, so it is not overdue, nor is the pause (ten
	// working days, G3.3).
	paused := reg(start.AddDate(0, 0, -11))
	at := paused.ReceivedAt.Add(time.Hour)
	_, err = s.app.Requests.Forward(ctx, paused.ID, aftersales.ForwardCommand{At: at, Actor: gm})
	require.NoError(t, err)
	_, err = s.app.Requests.Plan(ctx, paused.ID, aftersales.PlanCommand{Department: "proj-1", Actor: gm, Plan: aftersales.Plan{Measures: "修补",
		ScheduledAt: at.Add(24 * time.Hour), Owner: "周工", Complexity: aftersales.Simple}, At: at})
	require.NoError(t, err)
	p, err := s.app.Requests.Pause(ctx, paused.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "无法入户", At: at.Add(time.Hour), Actor: gm})
	require.NoError(t, err)
	require.True(t, slices.ContainsFunc(p.Deadlines, func(d aftersales.Deadline) bool { return d.Paused() && d.Due.Before(start) }),
		"a clock past its due instant, standing still")

	head := s.login("head")
	list := lister(t, head, "/requests")
	require.ElementsMatch(t, []string{forwarded.ID, paused.ID}, list("department=proj-1"))
	require.ElementsMatch(t, []string{forwarded.ID, paused.ID}, list("status=in_progress"))
	require.ElementsMatch(t, []string{old.ID, lastOfOct.ID, firstOfNov.ID}, list("status=registered"))
	require.Equal(t, []string{lastOfOct.ID}, list("received_from=2026-10-29&received_to=2026-10-31"), "the last day included, to 24:00")
	require.ElementsMatch(t, []string{firstOfNov.ID, lastOfOct.ID}, list("received_from=2026-10-31&received_to=2026-11-01"))
	require.ElementsMatch(t, []string{forwarded.ID, firstOfNov.ID}, list("received_from=2026-11-01"))
	require.ElementsMatch(t, []string{old.ID, paused.ID}, list("received_to=2026-10-30"))
	// At 11-02 09:00 the P1.2 forwarding of those received by 10-30 is
	// overdue (one working day); the others are not yet.
	require.Equal(t, []string{old.ID}, list("overdue=1"))
	require.Equal(t, list("overdue=1"), list("overdue=true"))
	require.Len(t, list("overdue=0"), 5, "0 is off, as the API reads it")
	require.Len(t, list("overdue=false"), 5)
	require.Empty(t, list("overdue=1&department=proj-1"))
	require.Equal(t, []string{old.ID}, list("overdue=1&status=registered&received_to=2026-10-30&project_id=P-001"))

	for query, field := range map[string]string{
		"department=nowhere":                                 "filter-department",
		"received_from=2026-13-01":                           "filter-received_from",
		"received_to=yesterday":                              "filter-received_to",
		"received_from=2026-11-02&received_to=2026-11-01":    "filter-received_to",
		"received_from=2026-11-02&status=registered&q=a%0Ab": "filter-q",
		"overdue=yes":                                        "filter-overdue",
	} {
		p := head.get("/requests?" + query)
		require.Equal(t, http.StatusBadRequest, p.status, query)
		require.NotEmpty(t, p.fieldError(field), query)
	}
}

// TestRequestListFiltersKeptAcrossPages: the next page of a filtered list
// carries every filter, and so does the way back to the first page.
func TestRequestListFiltersKeptAcrossPages(t *testing.T) {
	s := newSite(t, "")
	for range 52 {
		s.register("C-1", "客户", "渗水")
	}
	head := s.login("head")
	query := "status=registered&department=&received_from=2026-11-01&overdue=&project_id=P-001"
	p := head.get("/requests?" + query)
	require.Equal(t, http.StatusOK, p.status)
	require.Len(t, p.linked("/requests/"), 50)
	next := find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" })
	require.NotNil(t, next)
	u, err := url.Parse(attr(next, "href"))
	require.NoError(t, err)
	v := u.Query()
	require.Equal(t, "registered", v.Get("status"))
	require.Equal(t, "2026-11-01", v.Get("received_from"))
	require.Equal(t, "P-001", v.Get("project_id"))
	require.NotEmpty(t, v.Get("before"))
	p = head.get(u.String())
	require.Equal(t, http.StatusOK, p.status)
	require.Len(t, p.linked("/requests/"), 2)
	back := find(p.doc, func(n *html.Node) bool {
		return n.Data == "a" && n.FirstChild != nil && n.FirstChild.Data == "回到第一页"
	})
	require.NotNil(t, back)
	require.Contains(t, attr(back, "href"), "received_from=2026-11-01")
	require.NotContains(t, attr(back, "href"), "before=")
}

// TestComplaintListFilters: the complaint list narrows by status,
// department (the complaints forwarded to it, C2.1), received dates and
// overdue (a running deadline passed; a paused clock is never overdue,
// G3.3); a status of another chapter is a 400 next to its field.
func TestComplaintListFilters(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	reg := func(received time.Time) *complaint.Complaint {
		c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: "C-1", Name: "客户"}, ProjectID: "P-001", Type: complaint.TypeDelay,
			Description: "维修拖延", Channel: aftersales.ChannelPhone, ReceivedAt: received}})
		require.NoError(t, err)
		return c
	}
	old, recent := reg(start.AddDate(0, 0, -5)), reg(start.Add(-time.Hour))
	_, err := s.app.Complaints.Forward(ctx, recent.ID, complaint.ForwardCommand{Department: "proj-1", Actor: gm})
	require.NoError(t, err)
	// Forwarded at once and paused an hour later, before its
	// investigation (C3.1) fell due: that clock stands still.
	paused := reg(start.AddDate(0, 0, -6))
	_, err = s.app.Complaints.Forward(ctx, paused.ID, complaint.ForwardCommand{Department: "proj-1", At: paused.ReceivedAt.Add(time.Hour), Actor: gm})
	require.NoError(t, err)
	_, err = s.app.Complaints.Pause(ctx, paused.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出国，无法联系",
		At: paused.ReceivedAt.Add(2 * time.Hour), Actor: gm})
	require.NoError(t, err)

	head := s.login("head")
	list := lister(t, head, "/complaints")
	require.ElementsMatch(t, []string{recent.ID, paused.ID}, list("department=proj-1"))
	require.ElementsMatch(t, []string{recent.ID, paused.ID}, list("status=investigating"))
	require.Equal(t, []string{old.ID}, list("status=registered"))
	require.Equal(t, []string{recent.ID}, list("received_from=2026-11-02&received_to=2026-11-02"))
	require.Equal(t, []string{old.ID}, list("overdue=1"), "its C2.1 forwarding passed; the paused one stands still")
	require.Empty(t, list("overdue=1&department=proj-1"))

	p := head.get("/complaints?status=in_progress")
	require.Equal(t, http.StatusBadRequest, p.status, "a request's status, not a complaint's")
	require.NotEmpty(t, p.fieldError("filter-status"))
}
