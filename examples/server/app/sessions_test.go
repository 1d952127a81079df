package app_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// desk is a browser on the desk's pages, served by h without a network,
// from the client address addr.
type desk struct {
	t       testing.TB
	h       http.Handler
	addr    string
	cookies map[string]string
}

func newDesk(t testing.TB, h http.Handler, addr string) *desk {
	return &desk{t: t, h: h, addr: addr, cookies: map[string]string{}}
}

var hiddenCSRF = regexp.MustCompile(`name="csrf_token" value="([^"]*)"`)

// do sends a request with the desk's cookies and keeps the ones it sets.
func (d *desk) do(method, path string, form url.Values) *httptest.ResponseRecorder {
	d.t.Helper()
	var req *http.Request
	if form != nil {
		req = httptest.NewRequest(method, path, strings.NewReader(form.Encode()))
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	} else {
		req = httptest.NewRequest(method, path, nil)
	}
	req.RemoteAddr = d.addr + ":51234"
	for k, v := range d.cookies {
		req.AddCookie(&http.Cookie{Name: k, Value: v})
	}
	rec := httptest.NewRecorder()
	d.h.ServeHTTP(rec, req)
	for _, c := range rec.Result().Cookies() {
		if c.MaxAge < 0 {
			delete(d.cookies, c.Name)
		} else {
			d.cookies[c.Name] = c.Value
		}
	}
	return rec
}

// login signs in through the login form with token and returns the status.
func (d *desk) login(token string) int {
	d.t.Helper()
	page := d.do("GET", "/login", nil)
	m := hiddenCSRF.FindStringSubmatch(page.Body.String())
	require.NotNil(d.t, m, page.Body.String())
	return d.do("POST", "/login", url.Values{"csrf_token": {m[1]}, "token": {token}}).Code
}

// signedIn reports whether the desk's queue opens (else it redirects to the login).
func (d *desk) signedIn() bool {
	d.t.Helper()
	rec := d.do("GET", "/queue", nil)
	require.Contains(d.t, []int{200, 303}, rec.Code, rec.Body.String())
	return rec.Code == 200
}

// TestSessionsExpire: a desk session ends after the idle timeout without
// use, and after the absolute timeout however busy; the session cookie
// holds neither the API token nor anything that works once it ended.
func TestSessionsExpire(t *testing.T) {
	wall := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	a, err := app.New(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "shouhou.db"), Clock: testclock.New(wall.Now()),
		AdminToken: "admin-token", SchedulerInterval: -1, Logger: quiet, OrgCacheTTL: -1,
		SessionClock: wall, SessionIdle: 30 * time.Minute, SessionMax: 2 * time.Hour})
	require.NoError(t, err)
	defer a.Close()

	d := newDesk(t, a.Handler(), "10.0.0.1")
	require.Equal(t, http.StatusSeeOther, d.login("admin-token"))
	require.NotContains(t, d.cookies["shouhou_session"], "admin-token")
	require.True(t, d.signedIn())
	// In use every 29 minutes: it stays.
	for range 3 {
		wall.Add(29 * time.Minute)
		require.True(t, d.signedIn())
	}
	// Left alone for 31 minutes: it has ended.
	wall.Add(31 * time.Minute)
	require.False(t, d.signedIn(), "idle timeout")
	wall.Add(-10 * time.Minute)
	require.False(t, d.signedIn(), "ended for good, even with the clock set back")

	// Busy all along: it ends 2 hours after sign-in all the same.
	require.Equal(t, http.StatusSeeOther, d.login("admin-token"))
	for range 5 {
		wall.Add(20 * time.Minute)
		require.True(t, d.signedIn())
	}
	wall.Add(20 * time.Minute)
	require.False(t, d.signedIn(), "absolute timeout")
}

// TestLogoutEndsTheSession: after logging out, the session's cookie no
// longer works, wherever a copy of it was kept.
func TestLogoutEndsTheSession(t *testing.T) {
	a := deskApp(t)
	d := newDesk(t, a.Handler(), "10.0.0.1")
	require.Equal(t, http.StatusSeeOther, d.login("admin-token"))
	copied := newDesk(t, a.Handler(), "10.0.0.2")
	copied.cookies["shouhou_session"] = d.cookies["shouhou_session"]
	require.True(t, copied.signedIn())

	require.Equal(t, http.StatusSeeOther, d.do("POST", "/logout", url.Values{}).Code)
	require.Empty(t, d.cookies["shouhou_session"], "the cookie is cleared")
	require.False(t, d.signedIn())
	require.False(t, copied.signedIn(), "the copied cookie no longer works")
	require.Equal(t, http.StatusUnauthorized, copied.do("POST", "/requests", url.Values{"description": {"x"}}).Code)

	// A customer's link opened on a browser where someone is signed in
	// switches only once confirmed, and then ends the session it had: a
	// copy of the earlier cookie no longer works.
	req := httptest.NewRequest("POST", "/api/v1/tokens", strings.NewReader(`{"customer_id": "C-1"}`))
	req.Header.Set("Authorization", "Bearer admin-token")
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	require.Equal(t, 201, rec.Code, rec.Body.String())
	link := "/c/" + regexp.MustCompile(`"token":"([^"]+)"`).FindStringSubmatch(rec.Body.String())[1]
	require.Equal(t, http.StatusSeeOther, d.login("admin-token"))
	earlier := newDesk(t, a.Handler(), "10.0.0.3")
	earlier.cookies["shouhou_session"] = d.cookies["shouhou_session"]
	require.True(t, earlier.signedIn())
	confirm := d.do("GET", link, nil)
	require.Equal(t, 200, confirm.Code)
	csrf := hiddenCSRF.FindStringSubmatch(confirm.Body.String())
	require.NotNil(t, csrf, confirm.Body.String())
	require.Equal(t, 200, d.do("POST", link, url.Values{"csrf_token": {csrf[1]}}).Code)
	require.Equal(t, 200, d.do("GET", "/portal", nil).Code, "now the customer")
	require.False(t, earlier.signedIn(), "the earlier session ended")

	// The API token itself still works: a session is not the token.
	req = httptest.NewRequest("GET", "/api/v1/requests", nil)
	req.Header.Set("Authorization", "Bearer admin-token")
	rec = httptest.NewRecorder()
	a.Handler().ServeHTTP(rec, req)
	require.Equal(t, 200, rec.Code)
}

// TestTokensExpire: a token issued with expires_at works until then and is
// 401 token_expired after, over the API and at the desk; an expiry in the
// past is refused.
func TestTokensExpire(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	s := start(t, filepath.Join(t.TempDir(), "shouhou.db"), c, &recorder{}, "admin-token")
	status, body := s.do("POST", "/api/v1/tokens", `{"customer_id": "C-1", "expires_at": "2026-11-02T08:00:00+08:00"}`)
	require.Equal(t, 400, status)
	require.Equal(t, "token_expiry_invalid", body["code"])
	status, tok := s.do("POST", "/api/v1/tokens", `{"customer_id": "C-1", "label": "一小时", "expires_at": "2026-11-02T10:00:00+08:00"}`)
	require.Equal(t, 201, status, "%v", tok)
	require.Equal(t, "2026-11-02T10:00:00+08:00", tok["expires_at"])
	cust := &server{t: t, app: s.app, http: s.http, token: tok["token"].(string)}
	status, _ = cust.do("GET", "/api/v1/requests", "")
	require.Equal(t, 200, status)
	d := newDesk(t, s.app.Handler(), "10.0.0.1")
	require.Equal(t, http.StatusSeeOther, d.login(cust.token))
	require.Equal(t, 200, d.do("GET", "/portal", nil).Code)

	c.Add(time.Hour)
	status, body = cust.do("GET", "/api/v1/requests", "")
	require.Equal(t, 401, status)
	require.Equal(t, "token_expired", body["code"])
	require.Contains(t, body["message"], "已过期")
	require.Equal(t, http.StatusSeeOther, d.do("GET", "/portal", nil).Code, "its desk session ends with it")
	require.Equal(t, http.StatusUnauthorized, newDesk(t, s.app.Handler(), "10.0.0.3").login(cust.token))
	status, _ = s.do("GET", "/api/v1/requests", "")
	require.Equal(t, 200, status, "tokens without expires_at never expire")
}

// TestRevokedTokenStopsOnEveryInstance: two instances on one database; a
// token revoked through one is refused by that one on the very next
// request, and by the other within moments (its token cache is emptied by
// PostgreSQL's notification, or on SQLite by the token epoch it reads
// every 50 ms), over the API and in a desk session started with it.
func TestRevokedTokenStopsOnEveryInstance(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		one := start(t, dsn, c, &recorder{}, "admin-token")
		two := start(t, dsn, c, &recorder{}, "admin-token")
		status, tok := one.do("POST", "/api/v1/tokens", `{"customer_id": "C-1"}`)
		require.Equal(t, 201, status)
		onOne := &server{t: t, app: one.app, http: one.http, token: tok["token"].(string)}
		onTwo := &server{t: t, app: two.app, http: two.http, token: tok["token"].(string)}
		status, _ = onTwo.do("GET", "/api/v1/requests", "")
		require.Equal(t, 200, status)
		status, _ = onOne.do("GET", "/api/v1/requests", "")
		require.Equal(t, 200, status)
		d := newDesk(t, two.app.Handler(), "10.0.0.1")
		require.Equal(t, http.StatusSeeOther, d.login(onTwo.token))
		require.Equal(t, 200, d.do("GET", "/portal", nil).Code)

		status, _ = one.do("POST", "/api/v1/tokens/revoke", fmt.Sprintf(`{"token": %q}`, onOne.token))
		require.Equal(t, 200, status)
		status, _ = onOne.do("GET", "/api/v1/requests", "")
		require.Equal(t, 401, status, "refused at once by the instance that revoked it")
		require.Eventually(t, func() bool {
			status, _ := onTwo.do("GET", "/api/v1/requests", "")
			return status == 401
		}, 2*time.Second, 5*time.Millisecond, "refused by the other instance within moments")
		require.Equal(t, http.StatusSeeOther, d.do("GET", "/portal", nil).Code, "its desk session on the other instance ends with it")
	})
}

// TestFailedLoginsAreThrottled: after LoginBurst failed logins from one
// address the next is answered 429 at once with Retry-After, even with a
// good token, while another address signs in as usual; the address gets
// a try back every LoginEvery.
func TestFailedLoginsAreThrottled(t *testing.T) {
	a := deskApp(t)
	guesser := newDesk(t, a.Handler(), "192.0.2.7")
	for i := range 5 {
		require.Equal(t, http.StatusUnauthorized, guesser.login(fmt.Sprintf("shouhou_guess-%d", i)), "try %d", i)
	}
	begin := time.Now()
	page := guesser.do("GET", "/login", nil)
	csrf := hiddenCSRF.FindStringSubmatch(page.Body.String())[1]
	rec := guesser.do("POST", "/login", url.Values{"csrf_token": {csrf}, "token": {"admin-token"}})
	require.Less(t, time.Since(begin), time.Second, "answered at once, never held")
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	require.NotEmpty(t, rec.Header().Get("Retry-After"))
	require.Contains(t, rec.Body.String(), "登录失败次数过多")
	require.False(t, guesser.signedIn())

	other := newDesk(t, a.Handler(), "198.51.100.9")
	require.Equal(t, http.StatusSeeOther, other.login("admin-token"), "another address is not slowed down")
	require.True(t, other.signedIn())
}

// TestGuessedCustomerLinksAreThrottled: a customer link is a token, so
// guessing links from one address is throttled like guessing tokens at the
// login form: after LoginBurst wrong links the next is answered 429 at
// once, while another address opens a link as usual.
func TestGuessedCustomerLinksAreThrottled(t *testing.T) {
	a := deskApp(t)
	guesser := newDesk(t, a.Handler(), "192.0.2.8")
	for i := range 5 {
		require.Equal(t, http.StatusNotFound, guesser.do("GET", fmt.Sprintf("/c/shouhou_guess-%d", i), nil).Code, "try %d", i)
	}
	rec := guesser.do("GET", "/c/shouhou_guess-6", nil)
	require.Equal(t, http.StatusTooManyRequests, rec.Code)
	require.NotEmpty(t, rec.Header().Get("Retry-After"))
	other := newDesk(t, a.Handler(), "198.51.100.10")
	require.Equal(t, http.StatusNotFound, other.do("GET", "/c/shouhou_guess-7", nil).Code, "another address is not slowed down")
}

// deskApp is an app on a fresh SQLite file with the general manager's token
// "admin-token" and no scheduler, closed when t ends.
func deskApp(t *testing.T) *app.App {
	t.Helper()
	a, err := app.New(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "shouhou.db"),
		Clock: testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())), AdminToken: "admin-token",
		SchedulerInterval: -1, Logger: quiet, OrgCacheTTL: -1})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	return a
}
