package app_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

var quiet = slog.New(slog.DiscardHandler)

// clock is a movable clock shared by an app and its test.
type clock = testclock.Clock

// recorder is a Notifier that keeps what it was sent.
type recorder struct {
	mu   sync.Mutex
	keys map[string]int
}

func (r *recorder) Notify(_ context.Context, n scheduler.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.keys == nil {
		r.keys = map[string]int{}
	}
	r.keys[n.Key]++
	return nil
}

// server is a running app behind an httptest server.
type server struct {
	t     *testing.T
	app   *app.App
	http  *httptest.Server
	token string
	// notifier is what the app's scheduler notifies.
	notifier scheduler.Notifier
}

func start(t *testing.T, dsn string, c *clock, n scheduler.Notifier, adminToken string) *server {
	t.Helper()
	return launch(t, app.Config{DSN: dsn, Clock: c, Notifier: n, AdminToken: adminToken,
		Instance: fmt.Sprintf("test-%p", c), SchedulerInterval: -1, Logger: quiet, OrgCacheTTL: -1})
}

// startScheduled is start with a scheduler, which the test ticks itself
// (app.App.Scheduler): the app is not served, so it never runs on its own.
func startScheduled(t *testing.T, dsn string, c *clock, n scheduler.Notifier) *server {
	t.Helper()
	return launch(t, app.Config{DSN: dsn, Clock: c, Notifier: n, Instance: fmt.Sprintf("test-%p", c),
		SchedulerInterval: time.Hour, Logger: quiet, OrgCacheTTL: -1})
}

// launch starts the app of cfg behind an httptest server, stopped when the
// test ends.
func launch(t *testing.T, cfg app.Config) *server {
	t.Helper()
	a, err := app.New(context.Background(), cfg)
	require.NoError(t, err)
	n, adminToken := cfg.Notifier, cfg.AdminToken
	s := &server{t: t, app: a, http: httptest.NewServer(a.Handler()), token: adminToken, notifier: n}
	if a.AdminToken != "" {
		s.token = a.AdminToken
	}
	t.Cleanup(func() { s.stop() })
	return s
}

func (s *server) stop() {
	if s.http != nil {
		s.http.Close()
		s.app.Close()
		s.http = nil
	}
}

func (s *server) do(method, path string, body string) (int, map[string]any) {
	s.t.Helper()
	req, err := http.NewRequest(method, s.http.URL+path, bytes.NewBufferString(body))
	require.NoError(s.t, err)
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := s.http.Client().Do(req)
	require.NoError(s.t, err)
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	require.NotEqual(s.t, 500, res.StatusCode, "%s %s: %s", method, path, raw)
	var m map[string]any
	require.NoError(s.t, json.Unmarshal(raw, &m), string(raw))
	return res.StatusCode, m
}

// department puts a department of the given kind into the organisation:
// requests are forwarded only to departments that exist (P2.1).
func (s *server) department(id, kind string) {
	s.t.Helper()
	status, body := s.do("PUT", "/api/v1/staff/departments/"+id, fmt.Sprintf(`{"name": %q, "kind": %q}`, id, kind))
	require.Equal(s.t, 200, status, "%v", body)
}

const registration = `{"customer": {"name": "王女士"}, "channel": "phone", "description": "卫生间顶棚渗水", "received_at": "2026-11-02T08:30:00+08:00", "cause": "construction", "urgent": false}`

// dialects runs fn on SQLite and, with SHOUHOU_TEST_POSTGRES=1, on
// PostgreSQL. newDSN gives a fresh database each call.
func dialects(t *testing.T, fn func(t *testing.T, dsn string)) {
	t.Run("sqlite", func(t *testing.T) { fn(t, filepath.Join(t.TempDir(), "shouhou.db")) })
	t.Run("postgres", func(t *testing.T) { fn(t, pgtest.Start(t)) })
}

func TestDataSurvivesARestart(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		require.NotEmpty(t, s.app.AdminToken, "generated on first start")
		status, created := s.do("POST", "/api/v1/requests", registration)
		require.Equal(t, 201, status)
		id := created["id"].(string)
		s.department("项目一部", "project")
		status, _ = s.do("POST", "/api/v1/requests/"+id+"/forward", `{"departments": ["项目一部"]}`)
		require.Equal(t, 200, status)
		token := s.token
		s.stop()

		again := start(t, dsn, c, &recorder{}, "")
		require.Empty(t, again.app.AdminToken, "not generated again")
		again.token = token
		status, got := again.do("GET", "/api/v1/requests/"+id, "")
		require.Equal(t, 200, status)
		require.Equal(t, "in_progress", got["status"])
		require.Equal(t, float64(2), got["version"])
		status, h := again.do("GET", "/api/v1/requests/"+id+"/history", "")
		require.Equal(t, 200, status)
		require.Len(t, h["events"], 2)
	})
}

func TestAdminTokenFromTheEnvironment(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	s := start(t, filepath.Join(t.TempDir(), "shouhou.db"), c, &recorder{}, "my-admin-token")
	require.Empty(t, s.app.AdminToken)
	status, _ := s.do("GET", "/api/v1/requests", "")
	require.Equal(t, 200, status)
	s.token = "other"
	status, body := s.do("GET", "/api/v1/requests", "")
	require.Equal(t, 401, status)
	require.Equal(t, "unauthorized", body["code"])
}

func TestParallelUpdatesOverHTTPOneWins(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		_, created := s.do("POST", "/api/v1/requests", registration)
		id := created["id"].(string)
		s.department("项目一部", "project")
		s.do("POST", "/api/v1/requests/"+id+"/forward", `{"departments": ["项目一部"]}`)
		const n = 6
		statuses := make([]int, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				statuses[i], _ = s.do("POST", "/api/v1/requests/"+id+"/escalate",
					fmt.Sprintf(`{"department": "项目一部", "reason": "原因 %d", "version": 2}`, i))
			}()
		}
		wg.Wait()
		won := 0
		for _, st := range statuses {
			require.Contains(t, []int{200, 409}, st)
			if st == 200 {
				won++
			}
		}
		require.Equal(t, 1, won, "%v", statuses)
		_, got := s.do("GET", "/api/v1/requests/"+id, "")
		require.Equal(t, float64(3), got["version"])
	})
}

// TestNoticeLoadedIntoTheRunningServer loads the 2028 notice through the
// API: open deadlines move, each change recorded, and a restart keeps it.
func TestNoticeLoadedIntoTheRunningServer(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2028, 1, 24, 10, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		_, created := s.do("POST", "/api/v1/requests", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2028-01-24T09:00:00+08:00"}`)
		id := created["id"].(string)
		first := created["deadlines"].([]any)[0].(map[string]any)
		require.Equal(t, "2028-02-01T00:00:00+08:00", first["due"])
		require.Equal(t, true, first["provisional"])

		status, body := s.do("POST", "/api/v1/calendar/notices", `{"year": 2028, "days": []}`)
		require.Equal(t, 400, status)
		require.Equal(t, "notice_invalid", body["code"])
		status, res := s.do("POST", "/api/v1/calendar/notices", `{"year": 2028, "papers": ["https://www.gov.cn/2028"],
			"days": [{"name": "春节", "date": "2028-01-31", "isOffDay": true}]}`)
		require.Equal(t, 200, status)
		require.Equal(t, []any{id}, res["recomputed"])
		_, got := s.do("GET", "/api/v1/requests/"+id, "")
		require.Equal(t, "2028-01-26T00:00:00+08:00", got["deadlines"].([]any)[0].(map[string]any)["due"])
		_, day := s.do("GET", "/api/v1/calendar/days/2028-01-31", "")
		require.Equal(t, "官方", day["status"])

		token := s.token
		s.stop()
		again := start(t, dsn, c, &recorder{}, "")
		again.token = token
		_, day = again.do("GET", "/api/v1/calendar/days/2028-01-31", "")
		require.Equal(t, "法定节假日", day["kind"], "the loaded notice survives a restart")
	})
}

// TestTwoInstancesHandleEachDueItemOnce runs two servers on one PostgreSQL
// database and lets both schedulers tick at once: every due item is
// notified exactly once.
func TestTwoInstancesHandleEachDueItemOnce(t *testing.T) {
	dsn := pgtest.Start(t)
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	rec := &recorder{}
	one := start(t, dsn, c, rec, "shared-token")
	for i := range 5 {
		status, _ := one.do("POST", "/api/v1/requests", fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水 %d", "received_at": "2026-11-02T08:30:00+08:00"}`, i))
		require.Equal(t, 201, status)
	}
	// 11-04 08:00: every P1.2 deadline (due 11-04 00:00) is overdue.
	later := time.Date(2026, 11, 4, 8, 0, 0, 0, calendar.CST())
	a2, err := app.New(context.Background(), app.Config{DSN: dsn, Clock: testclock.New(later), Notifier: rec, Instance: "two", AdminToken: "shared-token", Logger: quiet})
	require.NoError(t, err)
	defer a2.Close()
	a1, err := app.New(context.Background(), app.Config{DSN: dsn, Clock: testclock.New(later), Notifier: rec, Instance: "one", AdminToken: "shared-token", Logger: quiet})
	require.NoError(t, err)
	defer a1.Close()
	var wg sync.WaitGroup
	for _, a := range []*app.App{a1, a2} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 10 {
				_, err := a.Scheduler.Tick(context.Background())
				require.NoError(t, err)
			}
		}()
	}
	wg.Wait()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	overdue := 0
	for key, n := range rec.keys {
		require.Equal(t, 1, n, "%s notified %d times", key, n)
		if len(key) > 8 && key[:8] == "overdue:" {
			overdue++
		}
	}
	require.Equal(t, 5, overdue, "%v", rec.keys)
}

// TestTokensFollowTheOrganisation: a staff token stands for a person; once
// the person is deactivated or moved, the token carries no more than the
// person now has.
func TestTokensFollowTheOrganisation(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	s := start(t, filepath.Join(t.TempDir(), "shouhou.db"), c, &recorder{}, "admin-token")
	status, _ := s.do("PUT", "/api/v1/staff/people/p-site", `{"name": "周工", "role": "after_sales_staff", "department_id": "after_sales", "active": true}`)
	require.Equal(t, 200, status)
	status, tok := s.do("POST", "/api/v1/tokens", `{"person_id": "p-site"}`)
	require.Equal(t, 201, status)
	site := &server{t: t, app: s.app, http: s.http, token: tok["token"].(string)}
	status, _ = site.do("GET", "/api/v1/warranty-duties", "")
	require.Equal(t, 200, status, "staff may read")

	status, _ = s.do("PUT", "/api/v1/staff/people/p-site", `{"name": "周工", "role": "after_sales_staff", "department_id": "after_sales", "active": false}`)
	require.Equal(t, 200, status)
	status, body := site.do("GET", "/api/v1/warranty-duties", "")
	require.Equal(t, 401, status, "a deactivated person's token no longer works")
	require.Equal(t, "unauthorized", body["code"])

	status, _ = s.do("PUT", "/api/v1/staff/people/p-site", `{"name": "周工", "role": "after_sales_staff", "department_id": "after_sales", "active": true}`)
	require.Equal(t, 200, status)
	status, _ = site.do("GET", "/api/v1/staff/history", "")
	require.Equal(t, 200, status, "active again: the after-sales desk reads the organisation's history")
	status, _ = s.do("PUT", "/api/v1/staff/people/p-site", `{"name": "周工", "role": "department_staff", "department_id": "proj-1", "active": true}`)
	require.Equal(t, 200, status)
	status, _ = site.do("GET", "/api/v1/staff/history", "")
	require.Equal(t, 403, status, "moved to another role: the token has that role's powers only")
}

// TestTokensCanBeRevoked: a token revoked by its holder or by the general
// manager authenticates no more, and a new SHOUHOU_ADMIN_TOKEN retires the
// old one.
func TestTokensCanBeRevoked(t *testing.T) {
	dsn := filepath.Join(t.TempDir(), "shouhou.db")
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	s := start(t, dsn, c, &recorder{}, "old-admin-token")
	status, tok := s.do("POST", "/api/v1/tokens", `{"customer_id": "C-1"}`)
	require.Equal(t, 201, status)
	cust := &server{t: t, app: s.app, http: s.http, token: tok["token"].(string)}
	status, _ = cust.do("GET", "/api/v1/requests", "")
	require.Equal(t, 200, status)

	status, _ = cust.do("POST", "/api/v1/tokens/revoke", `{"token": "old-admin-token"}`)
	require.Equal(t, 403, status, "a customer cannot revoke the general manager's token")
	status, _ = s.do("POST", "/api/v1/tokens/revoke", fmt.Sprintf(`{"token": %q}`, cust.token))
	require.Equal(t, 200, status)
	status, _ = cust.do("GET", "/api/v1/requests", "")
	require.Equal(t, 401, status, "revoked")
	status, body := s.do("POST", "/api/v1/tokens/revoke", fmt.Sprintf(`{"token": %q}`, cust.token))
	require.Equal(t, 404, status, "revoked twice: %v", body)
	s.stop()

	again := start(t, dsn, c, &recorder{}, "new-admin-token")
	status, _ = again.do("GET", "/api/v1/requests", "")
	require.Equal(t, 200, status)
	again.token = "old-admin-token"
	status, _ = again.do("GET", "/api/v1/requests", "")
	require.Equal(t, 401, status, "the old SHOUHOU_ADMIN_TOKEN is retired")
}
