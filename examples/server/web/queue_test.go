package web_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"
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
	s.clock.set(start.Add(10 * 24 * time.Hour))
	p = head.get("/queue")
	require.Contains(t, p.body, "共 60 项已逾期")
	require.Contains(t, head.get(attr(next, "href")).body, "共 60 项已逾期")

	p = head.get("/queue?after=nonsense")
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.body, "分页位置无效")
}
