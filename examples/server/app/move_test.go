package app_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// filled is what fill wrote: each record's answer to GET, the month's
// complaint report, the warranty, the staff chapter's records, the
// notices the scheduler sent and the admin token, for endToEnd to compare.
type filled struct {
	token      string
	requests   map[string]map[string]any
	complaints map[string]map[string]any
	report     map[string]any
	// whole holds the answers to GET of the other chapters' resources,
	// by path.
	whole   map[string]map[string]any
	notices map[string]int
}

// filledAt is the time fill's scheduler tick runs and endToEnd starts
// from: 11-04 08:00, when the P1.2 deadlines of 11-02's requests are
// overdue.
var filledAt = time.Date(2026, 11, 4, 8, 0, 0, 0, calendar.CST())

// wholePaths are the resources of the warranty and staff chapters fill
// writes and endToEnd compares.
var wholePaths = []string{"/api/v1/warranties/P-001", "/api/v1/warranties/P-001/history", "/api/v1/staff/sessions",
	"/api/v1/staff/organisation", "/api/v1/staff/history", "/api/v1/warranty-duties"}

// fill writes a small company's month through the API, in every chapter:
// the organisation (a department, a person), requests in every state of
// the lifecycle up to handling, escalations, complaints forwarded, a
// warranty started, a training session; then it moves c to filledAt and
// runs one scheduler tick, which sends the overdue notices.
func fill(t *testing.T, s *server, c *clock) filled {
	t.Helper()
	s.department("项目一部", "project")
	status, body := s.do("PUT", "/api/v1/staff/people/p-pm", `{"name": "孙经理", "role": "department_staff", "department_id": "项目一部", "active": true}`)
	require.Equal(t, 200, status, "%v", body)
	status, body = s.do("PUT", "/api/v1/staff/projects/P-001", `{"name": "滨江花园", "kind": "residential", "department_id": "项目一部", "manager_id": "p-pm"}`)
	require.Equal(t, 200, status, "%v", body)
	f := filled{token: s.token, requests: map[string]map[string]any{}, complaints: map[string]map[string]any{},
		whole: map[string]map[string]any{}}
	status, body = s.do("PUT", "/api/v1/staff/people/p-staff", `{"name": "周工", "role": "after_sales_staff", "department_id": "after_sales", "active": true}`)
	require.Equal(t, 200, status, "%v", body)
	status, body = s.do("POST", "/api/v1/staff/sessions", `{"date": "2026-10-15", "topic": "communication", "trainer": "讲师", "hours": "2", "attendees": ["p-staff"]}`)
	require.Equal(t, 201, status, "%v", body)
	status, body = s.do("POST", "/api/v1/warranties", `{"project_id": "P-001", "design_life_years": 50, "general_years": 2,
		"contract": [{"class": "decoration", "years": 3}], "planned_start": "2024-06-01"}`)
	require.Equal(t, 201, status, "%v", body)
	status, body = s.do("POST", "/api/v1/warranties/P-001/start", fmt.Sprintf(`{"basis": "acceptance", "date": "2024-06-03",
		"evidence": "竣工验收报告", "version": %v}`, body["version"]))
	require.Equal(t, 200, status, "%v", body)
	for i := range 6 {
		status, r := s.do("POST", "/api/v1/requests", fmt.Sprintf(`{"customer": {"id": "C-%d", "name": "客户%d", "phone": "1380000%04d"},
			"location": "%d号楼1单元10%d", "channel": "phone", "description": "渗水 %d", "received_at": "2026-11-02T08:30:00+08:00", "cause": "construction"}`, i%3, i%3, i, i, i, i))
		require.Equal(t, 201, status, "%v", r)
		id := r["id"].(string)
		if i%2 == 0 {
			status, _ = s.do("POST", "/api/v1/requests/"+id+"/forward", `{"departments": ["项目一部"]}`)
			require.Equal(t, 200, status)
		}
		if i%3 == 0 {
			status, _ = s.do("POST", "/api/v1/requests/"+id+"/escalate", `{"department": "项目一部", "reason": "材料未到"}`)
			require.Contains(t, []int{200, 409, 422}, status)
		}
	}
	for i := range 4 {
		status, c := s.do("POST", "/api/v1/complaints", fmt.Sprintf(`{"complainant": {"id": "C-%d", "name": "客户%d", "phone": "1390000%04d"},
			"type": "delay", "description": "维修拖延 %d", "channel": "phone", "received_at": "2026-11-02T09:00:00+08:00", "received_by": "after_sales"}`, i%2, i%2, i, i))
		require.Equal(t, 201, status, "%v", c)
		if i%2 == 0 {
			status, _ = s.do("POST", "/api/v1/complaints/"+c["id"].(string)+"/forward", `{"departments": ["项目一部"]}`)
			require.Equal(t, 200, status)
		}
	}
	c.Set(filledAt)
	rec := s.notifier.(*recorder)
	_, err := s.app.Scheduler.Tick(context.Background())
	require.NoError(t, err)
	rec.mu.Lock()
	f.notices = maps.Clone(rec.keys)
	rec.mu.Unlock()
	require.NotEmpty(t, f.notices, "the overdue P1.2 deadlines are notified")
	f.snapshot(t, s)
	return f
}

// snapshot reads every record and the report through s.
func (f *filled) snapshot(t *testing.T, s *server) {
	t.Helper()
	status, list := s.do("GET", "/api/v1/requests?limit=1000", "")
	require.Equal(t, 200, status)
	for _, x := range list["items"].([]any) {
		m := x.(map[string]any)
		f.requests[m["id"].(string)] = m
	}
	status, list = s.do("GET", "/api/v1/complaints?limit=1000", "")
	require.Equal(t, 200, status)
	for _, x := range list["items"].([]any) {
		m := x.(map[string]any)
		f.complaints[m["id"].(string)] = m
	}
	status, f.report = s.do("GET", "/api/v1/complaint-reports/2026-11", "")
	require.Equal(t, 200, status, "%v", f.report)
	for _, path := range wholePaths {
		status, f.whole[path] = s.do("GET", path, "")
		require.Equal(t, 200, status, "%s: %v", path, f.whole[path])
	}
}

// endToEnd starts the app on dsn and runs the whole product on what fill
// wrote, as a company would the morning after a restore or a move:
//
//   - reads: every record as it was, each history as long as its version,
//     the month's complaint report, the warranty with its history and
//     duties, the organisation, the training sessions and the staff
//     history, all the same;
//   - the scheduler: a tick at the same moment sends none of the notices
//     sent before the copy (their claims came along), a tick a day later
//     sends new ones;
//   - writes in every chapter: a new request registers, an old one is taken
//     to its close under the version check and audited, a complaint takes
//     its next step, the warranty gets an inspection, a training session is
//     recorded;
//   - the API's lists, the change feed and the deadlines read;
//   - the desk: signed in with the same token through the login form, every
//     page opens and a record's form downloads as .xlsx.
func endToEnd(t *testing.T, dsn string, want filled) {
	t.Helper()
	c := testclock.New(filledAt) // as fill left it: the report is as of now
	rec := &recorder{}
	s := startScheduled(t, dsn, c, rec)
	s.token = want.token
	for id, r := range want.requests {
		status, got := s.do("GET", "/api/v1/requests/"+id, "")
		require.Equal(t, 200, status)
		require.Equal(t, r, got, id)
		status, h := s.do("GET", "/api/v1/requests/"+id+"/history", "")
		require.Equal(t, 200, status)
		require.Len(t, h["events"], int(r["version"].(float64)), id)
	}
	for id, x := range want.complaints {
		status, got := s.do("GET", "/api/v1/complaints/"+id, "")
		require.Equal(t, 200, status)
		require.Equal(t, x, got, id)
	}
	status, rep := s.do("GET", "/api/v1/complaint-reports/2026-11", "")
	require.Equal(t, 200, status)
	require.Equal(t, want.report, rep)
	for _, path := range wholePaths {
		status, got := s.do("GET", path, "")
		require.Equal(t, 200, status, path)
		require.Equal(t, want.whole[path], got, path)
	}

	// The scheduler: nothing notified twice across the copy.
	_, err := s.app.Scheduler.Tick(context.Background())
	require.NoError(t, err)
	rec.mu.Lock()
	for key := range rec.keys {
		require.NotContains(t, want.notices, key, "notified before the copy and again after it")
	}
	rec.mu.Unlock()

	// Writes in every chapter.
	status, created := s.do("POST", "/api/v1/requests", registration)
	require.Equal(t, 201, status, "%v", created)
	closed := ""
	for id, r := range want.requests {
		if r["status"] == string(aftersales.StatusRegistered) {
			// An old request taken on to its close, each step under the
			// version check, then audited.
			v := int(r["version"].(float64))
			for _, step := range []struct{ path, body string }{
				{"forward", `{"departments": ["项目一部"]}`},
				{"plan", `{"department": "项目一部", "measures": "更换防水层", "scheduled_at": "2026-11-05T09:00:00+08:00", "owner": "周工", "complexity": "simple"}`},
				{"complete", `{"department": "项目一部", "result": "闭水试验合格"}`},
				{"accept", `{"signed_by": "客户", "method": "paper", "ref": "SCAN-1"}`},
				{"visit", `{"satisfaction": 5, "visited_by": "赵敏"}`},
			} {
				body := strings.TrimSuffix(step.body, "}") + fmt.Sprintf(`, "version": %d}`, v)
				status, got := s.do("POST", "/api/v1/requests/"+id+"/"+step.path, body)
				require.Equal(t, 200, status, "%s: %v", step.path, got)
				v = int(got["version"].(float64))
			}
			status, got := s.do("GET", "/api/v1/requests/"+id, "")
			require.Equal(t, 200, status)
			require.Equal(t, string(aftersales.StatusClosed), got["status"])
			status, audit := s.do("GET", "/api/v1/requests/"+id+"/audit", "")
			require.Equal(t, 200, status, "%v", audit)
			closed = id
			break
		}
	}
	require.NotEmpty(t, closed, "fill left a request registered")
	stepped := false
	for id, x := range want.complaints {
		if x["status"] == "registered" {
			body := fmt.Sprintf(`{"departments": ["项目一部"], "version": %v}`, x["version"])
			status, got := s.do("POST", "/api/v1/complaints/"+id+"/forward", body)
			require.Equal(t, 200, status, "%v", got)
			stepped = true
			break
		}
	}
	require.True(t, stepped, "fill left a complaint registered")
	status, got := s.do("POST", "/api/v1/warranties/P-001/inspections", fmt.Sprintf(`{"date": "2026-11-03", "inspector": "周工",
		"areas": ["屋面"], "findings": [{"description": "屋面防水层起鼓", "class": "waterproofing", "location": "3 号楼屋面"}],
		"version": %v}`, want.whole["/api/v1/warranties/P-001"]["version"]))
	require.Contains(t, []int{200, 202}, status, "%v", got)
	status, got = s.do("POST", "/api/v1/staff/sessions", `{"date": "2026-11-03", "topic": "communication", "trainer": "讲师", "hours": "2", "attendees": ["p-staff"]}`)
	require.Equal(t, 201, status, "%v", got)

	// A day later the scheduler has new work, and sends it.
	c.Add(24 * time.Hour)
	_, err = s.app.Scheduler.Tick(context.Background())
	require.NoError(t, err)
	rec.mu.Lock()
	require.NotEmpty(t, rec.keys, "the scheduler sends after the copy")
	rec.mu.Unlock()

	for _, path := range []string{"/api/v1/deadlines", "/api/v1/deadlines?overdue=1", "/api/v1/requests?limit=1000",
		"/api/v1/complaints?limit=1000", "/api/v1/warranties", "/api/v1/staff/assessments", "/api/v1/staff/training-overdue"} {
		status, got := s.do("GET", path, "")
		require.Equal(t, 200, status, "%s: %v", path, got)
	}
	status, feed := s.do("GET", "/api/v1/events?limit=1000", "")
	require.Equal(t, 200, status, "%v", feed)
	require.NotEmpty(t, feed["items"])

	// The desk.
	d := newDesk(t, s.app.Handler(), "192.0.2.10")
	require.Equal(t, http.StatusSeeOther, d.login(want.token))
	var complaintID string
	for id := range want.complaints {
		complaintID = id
		break
	}
	for _, path := range []string{"/queue", "/requests", "/complaints", "/dashboard", "/warranties", "/warranties/P-001",
		"/staff", "/reports/complaints", "/requests/" + closed, "/requests/" + created["id"].(string),
		"/complaints/" + complaintID} {
		rec := d.do("GET", path, nil)
		require.Equal(t, 200, rec.Code, "%s: %s", path, rec.Body.String())
	}
	file := d.do("GET", "/requests/"+closed+"/files/"+url.PathEscape("客户反馈登记表")+".xlsx", nil)
	require.Equal(t, 200, file.Code, file.Body.String())
	require.Equal(t, "PK", file.Body.String()[:2], "an .xlsx file")
}

// TestBackupUnderLoadRestores takes a backup of a SQLite database while
// eight writers register requests through the running server; the backup,
// put in place of the database, passes the end-to-end checks, and every
// request in it is whole (its history as long as its version).
func TestBackupUnderLoadRestores(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "shouhou.db")
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	s := startScheduled(t, dsn, c, &recorder{})
	want := fill(t, s, c)

	var stop atomic.Bool
	var wg sync.WaitGroup
	var written atomic.Int64
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				if status, _ := s.do("POST", "/api/v1/requests", registration); status == 201 {
					written.Add(1)
				}
			}
		}()
	}
	for written.Load() < 20 {
		time.Sleep(5 * time.Millisecond)
	}
	backup := filepath.Join(dir, "backup.db")
	err := app.Backup(context.Background(), dsn, backup, quiet)
	again := app.Backup(context.Background(), dsn, backup, quiet)
	stop.Store(true)
	wg.Wait()
	s.stop()
	require.NoError(t, err)
	require.Error(t, again, "an existing file is not overwritten")
	require.Equal(t, "backup_exists", codeOf(again))

	endToEnd(t, backup, want)
	r := start(t, backup, c, &recorder{}, "")
	r.token = want.token
	status, list := r.do("GET", "/api/v1/requests?limit=1000", "")
	require.Equal(t, 200, status)
	n := len(list["items"].([]any))
	require.Greater(t, n, len(want.requests), "the backup holds requests written under load")
	require.Less(t, n, len(want.requests)+int(written.Load())+2, "and no more than were written")
	for _, x := range list["items"].([]any) {
		m := x.(map[string]any)
		status, h := r.do("GET", "/api/v1/requests/"+m["id"].(string)+"/history", "")
		require.Equal(t, 200, status)
		require.Len(t, h["events"], int(m["version"].(float64)))
	}
}

// TestMigrateToPostgres copies a filled SQLite database into an empty
// PostgreSQL one (counts and checksums verified per table), runs the
// end-to-end checks on the result, and refuses the now non-empty target.
func TestMigrateToPostgres(t *testing.T) {
	target := pgtest.Start(t)
	dsn := filepath.Join(t.TempDir(), "shouhou.db")
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	s := startScheduled(t, dsn, c, &recorder{})
	want := fill(t, s, c)
	s.stop()

	sums, err := app.MigrateTo(context.Background(), dsn, target, quiet)
	require.NoError(t, err)
	rows := map[string]int{}
	for _, x := range sums {
		rows[x.Table] = x.Rows
		require.Len(t, x.Sum, 64)
	}
	require.Equal(t, len(want.requests), rows["requests"])
	require.Equal(t, len(want.complaints), rows["complaints"])
	require.Positive(t, rows["request_events"])
	require.Positive(t, rows["feed"])
	require.Positive(t, rows["tokens"])

	_, err = app.MigrateTo(context.Background(), dsn, target, quiet)
	require.Error(t, err)
	require.Equal(t, "migrate_target_not_empty", codeOf(err))

	endToEnd(t, target, want)
}

// codeOf returns err's aftersales.Error code, or "".
func codeOf(err error) string {
	var e *aftersales.Error
	if errors.As(err, &e) {
		return e.Code
	}
	return ""
}
