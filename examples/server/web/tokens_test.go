package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"testing"

	"github.com/stretchr/testify/require"
)

// People get their access tokens on the staff page, not through curl: the
// after-sales head issues one for a member of staff, shown once, which
// signs them in; only the general manager issues one for a leader; a
// revoked token stops at once.
func TestStaffTokensOnTheStaffPage(t *testing.T) {
	s := newSite(t, "")
	head := s.login("head")
	res := head.post("/staff/tokens", url.Values{"person_id": {"p-site"}, "label": {"周工的手机"}, "days": {"90"}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	token := res.value("new-token")
	require.Regexp(t, `^shouhou_\S+$`, token)
	require.Contains(t, text(res.byID("tokens").Parent), "周工的手机")

	// The token signs 周工 in.
	site := s.client()
	p := site.get("/login")
	res = site.post("/login", url.Values{"csrf_token": {p.hidden("csrf_token")}, "token": {token}})
	require.Equal(t, http.StatusSeeOther, res.status)
	require.Equal(t, http.StatusOK, site.get("/queue").status)

	// Not for a leader unless one is the general manager; not for someone
	// not in the organisation; not by a member of staff.
	res = head.post("/staff/tokens", url.Values{"person_id": {"p-head"}})
	require.Equal(t, http.StatusForbidden, res.status)
	require.Contains(t, res.fieldError("token-person_id"), "只有总经理")
	res = head.post("/staff/tokens", url.Values{"person_id": {"nobody"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("token-person_id"))
	res = head.post("/staff/tokens", url.Values{"person_id": {"p-site"}, "days": {"0"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("token-days"))
	require.Nil(t, s.login("staff").get("/staff").byID("tokens"), "a member of staff sees no tokens")
	require.Equal(t, http.StatusForbidden, s.login("staff").post("/staff/tokens", url.Values{"person_id": {"p-site"}}).status)

	// Revoked: 周工 is signed out at once.
	page := head.get("/staff")
	m := regexp.MustCompile(`(?s)<td>周工的手机</td>.*?name="hash" value="([0-9a-f]{64})"`).FindStringSubmatch(page.body)
	require.Len(t, m, 2)
	res = head.post("/staff/tokens/revoke", url.Values{"hash": {m[1]}})
	require.Equal(t, http.StatusSeeOther, res.status)
	require.NotEqual(t, http.StatusOK, site.get("/queue").status)
	require.Contains(t, text(head.get("/staff").byID("tokens").Parent), "已撤销")
}
