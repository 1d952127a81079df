package web_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/notify"
)

// TestDeliveryLogPage: the delivery log (/deliveries) lists every notice
// by every channel, newest try first, 50 a page with a link to the next,
// each with its state in words (a failure with its reason, marked) and a
// link to its record, filtered by state (an unknown state is a 400 next
// to the field); it is the after-sales head's and the general
// manager's: staff are refused 403, a forged cursor is a 400. A request's
// page shows the deliveries of its own notices to the desk, and not to a
// department's staff.
func TestDeliveryLogPage(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	ctx := context.Background()
	x := s.app.Deliveries()
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	for i := range 55 {
		d := notify.Delivery{Key: fmt.Sprintf("overdue:P1.2:AS-X%d:after_sales:0:1", i), Channel: "robot:企业微信群机器人 1", Via: "企业微信群机器人 1",
			Subject: fmt.Sprintf("AS-X%d", i), Kind: "overdue", Clause: "P1.2", Message: "售后需求逾期", At: at.Add(time.Duration(i) * time.Second)}
		_, err := x.Try(ctx, d)
		require.NoError(t, err)
		d.State, d.SentAt = notify.DeliverySent, d.At
		require.NoError(t, x.Done(ctx, d))
	}
	failed := notify.Delivery{Key: "overdue:P1.2:" + r.ID + ":after_sales:0:1", Channel: "mail:head@example.com", Via: "邮件",
		Subject: r.ID, Kind: "overdue", Clause: "P1.2", Message: "售后需求 " + r.ID + " 逾期未转交", At: at.Add(time.Hour)}
	_, err := x.Try(ctx, failed)
	require.NoError(t, err)
	failed.State, failed.Error = notify.DeliveryFailed, "550 mailbox unavailable"
	require.NoError(t, x.Done(ctx, failed))

	head := s.login("head")
	p := head.get("/deliveries")
	require.Equal(t, http.StatusOK, p.status)
	body := find(p.doc, func(n *html.Node) bool { return n.Data == "tbody" })
	require.NotNil(t, body)
	rows := findAll(body, func(n *html.Node) bool { return n.Data == "tr" })
	require.Len(t, rows, 50, "a page of 50")
	first := text(rows[0])
	require.Contains(t, first, r.ID, "the newest try first")
	require.Contains(t, first, "发送失败")
	require.Contains(t, first, "550 mailbox unavailable")
	require.Contains(t, attr(rows[0], "class"), "overdue", "a failure is marked")
	require.Contains(t, text(rows[1]), "已送达")
	link := find(rows[0], func(n *html.Node) bool { return n.Data == "a" })
	require.Equal(t, "/requests/"+r.ID, attr(link, "href"))
	next := find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" })
	require.NotNil(t, next)
	p = head.get(attr(next, "href"))
	require.Equal(t, http.StatusOK, p.status)
	require.Contains(t, p.body, "AS-X0<", "the oldest on the second page")
	require.Nil(t, find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" }), "the last page")

	require.Equal(t, http.StatusBadRequest, head.get("/deliveries?after=forged").status)
	p = head.get("/deliveries?state=failed")
	require.Equal(t, http.StatusOK, p.status)
	body = find(p.doc, func(n *html.Node) bool { return n.Data == "tbody" })
	rows = findAll(body, func(n *html.Node) bool { return n.Data == "tr" })
	require.Len(t, rows, 1, "the failures only")
	require.Contains(t, text(rows[0]), r.ID)
	p = head.get("/deliveries?state=sent")
	body = find(p.doc, func(n *html.Node) bool { return n.Data == "tbody" })
	require.Len(t, findAll(body, func(n *html.Node) bool { return n.Data == "tr" }), 50)
	next = find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "rel") == "next" })
	require.Contains(t, attr(next, "href"), "state=sent", "the next page keeps the filter")
	p = head.get("/deliveries?state=lost")
	require.Equal(t, http.StatusBadRequest, p.status)
	require.Contains(t, p.fieldError("filter-state"), "没有这个状态：lost")
	require.Equal(t, http.StatusForbidden, s.login("staff").get("/deliveries").status)
	require.Equal(t, http.StatusOK, s.login("admin").get("/deliveries").status, "the general manager")

	p = head.get("/requests/" + r.ID)
	sec := p.byID("h-deliveries")
	require.NotNil(t, sec, "the request's page shows its notices to the desk")
	require.Contains(t, p.body, "550 mailbox unavailable")
	require.NotContains(t, p.body, "AS-X1<", "only its own")
	_, err = s.app.Requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: gm}) // to 项目一部
	require.NoError(t, err)
	p = s.login("pm").get("/requests/" + r.ID)
	require.Equal(t, http.StatusOK, p.status, "the project's department sees the request")
	require.Nil(t, p.byID("h-deliveries"), "but not its notices' deliveries")
}

// findAll returns every node under n that match accepts, in document order.
func findAll(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}
