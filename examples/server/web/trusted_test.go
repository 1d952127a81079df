package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/app"
)

// TestTrustedOriginMayPost: a form posted from an origin the server was
// told to trust (-trusted-origins, a company portal embedding the desk)
// is taken; one from any other site is still refused.
func TestTrustedOriginMayPost(t *testing.T) {
	s := newSiteWith(t, "", func(c *app.Config) { c.TrustedOrigins = []string{"https://portal.example.com"} })
	c := s.login("staff")
	form := url.Values{"customer_name": {"张先生"}, "channel": {"phone"}, "description": {"渗水"}, "received_at": {"2026-11-02T08:30"}}
	c.get("/requests/new")
	c.forgedFrom = "https://evil.example"
	require.Equal(t, http.StatusForbidden, c.post("/requests", form).status)
	c.forgedFrom = "https://portal.example.com"
	require.Equal(t, http.StatusSeeOther, c.post("/requests", form).status, "the trusted portal's post is taken")
	rs, err := s.app.Requests.List(context.Background(), aftersales.Query{})
	require.NoError(t, err)
	require.Len(t, rs, 1)
}
