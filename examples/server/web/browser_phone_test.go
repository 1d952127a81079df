package web_test

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// phoneWidth is the width the desk must fit: a small phone's, in CSS
// pixels.
const phoneWidth = 375

// TestBrowserPagesFitAPhone: at 375 px, as a technician's phone shows
// them, no page of the desk or the customer's portal is wider than the
// screen (the queue's and lists' tables become cards, forms one column),
// and every form control has its label. Screenshots at phone size land
// with the others.
func TestBrowserPagesFitAPhone(t *testing.T) {
	if os.Getenv(BrowserEnvVar) != "1" {
		t.Skip("set " + BrowserEnvVar + "=1 (make test does) to run the browser tests against Debian's chromium")
	}
	s := newSite(t, "")
	seedHistory(t, s)
	ctx := context.Background()
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水，吊顶有水渍，雨后加重，已持续三天，请尽快安排人员上门查看处理")
	r = s.toAcceptance(r.ID)
	require.NoError(t, s.app.Files().Put(ctx, sqlstore.File{ID: "F-1", RecordID: r.ID, Name: "卫生间顶棚渗水照片_2026年11月2日_上午九点.jpg",
		ContentType: "image/jpeg", Data: []byte("\xff\xd8\xff\xe0\x00\x10JFIF"), CreatedBy: "intake", CreatedAt: start}))
	k, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "C-1001", Name: "张先生", Phone: "13800138000"}, ProjectID: "P-001", Type: complaint.TypeDelay,
		Description: "报修一周无人上门", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour), ReceivedBy: complaint.ToAfterSales}})
	require.NoError(t, err)

	b := newBrowser(t, s.srv.URL)
	b.do(chromedp.EmulateViewport(phoneWidth, 812, chromedp.EmulateScale(2), chromedp.EmulateMobile))
	check := func(name, path string) {
		t.Helper()
		b.open(path)
		width := run(b, chromedp.Evaluate[int](`Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)`))
		if width > phoneWidth {
			wide := run(b, chromedp.Evaluate[string](`[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > `+
				`document.documentElement.clientWidth + 1).slice(0, 5).map(e => e.tagName + "." + e.className + " " + `+
				`Math.round(e.getBoundingClientRect().right)).join("; ")`))
			t.Errorf("%s (%s) is %d px wide at %d px: %s", name, path, width, phoneWidth, wide)
		}
		unlabelled := run(b, chromedp.Evaluate[string](`[...document.querySelectorAll("input:not([type=hidden]), select, textarea")].filter(e => `+
			`!(e.labels && e.labels.length) && !e.getAttribute("aria-label") && !e.getAttribute("aria-labelledby")).map(e => e.id || e.name).join(", ")`))
		require.Empty(t, unlabelled, "%s: every control has a label", name)
		b.screenshot("phone-" + name)
	}
	check("login", "/login")
	b.login(s.tokens["head"])
	for _, p := range []struct{ name, path string }{
		{"my", "/my"}, {"queue", "/queue"}, {"requests", "/requests"}, {"register", "/requests/new"}, {"request", "/requests/" + r.ID},
		{"complaints", "/complaints"}, {"complaint", "/complaints/" + k.ID}, {"warranties", "/warranties"}, {"staff", "/staff"},
		{"dashboard", "/dashboard"}, {"report", "/reports/complaints"}, {"deliveries", "/deliveries"}, {"ledger", "/audit/ledger"},
	} {
		check(p.name, p.path)
	}
	b.logout()
	b.login(s.tokens["cust"])
	check("portal", "/portal")
	check("portal-request", "/portal/requests/"+r.ID)
}
