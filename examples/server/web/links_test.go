package web_test

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/examples/server/app"
)

// The after-sales department gives a customer their link from the
// record's page: shown once with a QR code and texted when texts are
// configured; listed with its expiry; revoked, it stops working at once;
// expired, the customer's page says so and how to get a new one. Nobody
// else may issue or revoke one.
func TestDeskIssuesAndRevokesCustomerLinks(t *testing.T) {
	var mu sync.Mutex
	var texts []string
	s := newSiteWith(t, "", func(c *app.Config) {
		c.PublicURL = "https://shouhou.example.com"
		c.LinkLife = 72 * time.Hour
		c.SendLink = func(_ context.Context, phone, number, link string) error {
			mu.Lock()
			defer mu.Unlock()
			texts = append(texts, phone+" "+number+" "+link)
			return nil
		}
	})
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	staff := s.login("staff")
	page := staff.get("/requests/" + r.ID)
	require.NotNil(t, page.byID("h-links"), "the after-sales department sees the section")
	require.Contains(t, text(page.byID("h-links").Parent), "同时用短信发送到 138****0000")
	require.Nil(t, s.login("spec").get("/requests/"+r.ID).byID("h-links"), "only the after-sales department gives access")

	res := staff.post("/requests/"+r.ID+"/links", url.Values{"send": {"1"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	link := res.value("new-link")
	require.Regexp(t, `^https://shouhou\.example\.com/c/\S+$`, link)
	section := res.byID("h-links").Parent
	require.Contains(t, text(section), "已通过短信发送到 138****0000")
	require.NotNil(t, find(section, func(n *html.Node) bool { return n.Data == "svg" }), "a QR code to scan")
	mu.Lock()
	require.Equal(t, []string{"13800000000 " + r.Number + " " + link}, texts)
	mu.Unlock()

	// The link signs the customer in.
	token := strings.TrimPrefix(link, "https://shouhou.example.com/c/")
	customer := s.client()
	require.Equal(t, http.StatusOK, customer.get("/c/"+token).status)
	require.Equal(t, http.StatusOK, customer.get("/portal").status)

	// Listed, never shown again; revoked, it stops at once.
	page = staff.get("/requests/" + r.ID)
	require.Nil(t, page.byID("new-link"))
	require.NotContains(t, page.body, token)
	hash := regexp.MustCompile(`name="hash" value="([0-9a-f]{64})"`).FindStringSubmatch(page.body)
	require.Len(t, hash, 2)
	require.Equal(t, http.StatusForbidden, s.login("spec").post("/requests/"+r.ID+"/links/revoke", url.Values{"hash": {hash[1]}}).status,
		"the project's specialist sees the request, but may not revoke its customer's link")
	require.Equal(t, http.StatusForbidden, s.login("spec").post("/requests/"+r.ID+"/links", nil).status)
	res = staff.post("/requests/"+r.ID+"/links/revoke", url.Values{"hash": {hash[1]}})
	require.Equal(t, http.StatusSeeOther, res.status)
	require.Contains(t, text(staff.get("/requests/"+r.ID).byID("h-links").Parent), "已撤销")
	require.Equal(t, http.StatusNotFound, s.client().get("/c/"+token).status, "revoked: not found")
	require.NotEqual(t, http.StatusOK, customer.get("/portal").status, "and the session it started ends")

	// A new link, left to expire: the customer's page says so.
	res = staff.post("/requests/"+r.ID+"/links", nil)
	require.Equal(t, http.StatusOK, res.status)
	second := strings.TrimPrefix(res.value("new-link"), "https://shouhou.example.com/c/")
	mu.Lock()
	require.Len(t, texts, 1, "not texted unless asked")
	mu.Unlock()
	s.clock.Set(start.Add(73 * time.Hour))
	expired := s.client().get("/c/" + second)
	require.Equal(t, http.StatusGone, expired.status)
	require.Contains(t, expired.body, "过期")
	require.Contains(t, expired.body, "新的链接")
}
