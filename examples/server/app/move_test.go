package app_test

import (
	"context"
	"errors"
	"fmt"
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
)

// filled is what fill wrote: each record's answer to GET, the month's
// complaint report and the admin token, for endToEnd to compare.
type filled struct {
	token      string
	requests   map[string]map[string]any
	complaints map[string]map[string]any
	report     map[string]any
}

// fill writes a small company's month through the API: requests in every
// state of the lifecycle up to handling, escalations, complaints forwarded
// and answered.
func fill(t *testing.T, s *server) filled {
	t.Helper()
	s.department("项目一部", "project")
	f := filled{token: s.token, requests: map[string]map[string]any{}, complaints: map[string]map[string]any{}}
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
}

// endToEnd starts the app on dsn and checks what fill wrote: every record
// as it was, each history as long as its version, the month's report the
// same; then the app still works on the copy: a new request registers, an
// old one takes its next step under the version check, the change feed
// reads.
func endToEnd(t *testing.T, dsn string, want filled) {
	t.Helper()
	c := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())} // as fill ran: the report is as of now
	s := start(t, dsn, c, &recorder{}, "")
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

	status, created := s.do("POST", "/api/v1/requests", registration)
	require.Equal(t, 201, status, "%v", created)
	for id, r := range want.requests {
		if r["status"] == string(aftersales.StatusRegistered) {
			// An old request taken on to its close, each step under the
			// version check, then audited.
			v := int(r["version"].(float64))
			for _, step := range []struct{ path, body string }{
				{"forward", `{"departments": ["项目一部"]}`},
				{"plan", `{"department": "项目一部", "measures": "更换防水层", "scheduled_at": "2026-11-03T09:00:00+08:00", "owner": "周工", "complexity": "simple"}`},
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
			break
		}
	}
	status, due := s.do("GET", "/api/v1/deadlines", "")
	require.Equal(t, 200, status, "%v", due)
	status, feed := s.do("GET", "/api/v1/events?limit=1000", "")
	require.Equal(t, 200, status, "%v", feed)
	require.NotEmpty(t, feed["items"])
}

// TestBackupUnderLoadRestores takes a backup of a SQLite database while
// eight writers register requests through the running server; the backup,
// put in place of the database, passes the end-to-end checks, and every
// request in it is whole (its history as long as its version).
func TestBackupUnderLoadRestores(t *testing.T) {
	dir := t.TempDir()
	dsn := filepath.Join(dir, "shouhou.db")
	c := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())}
	s := start(t, dsn, c, &recorder{}, "")
	want := fill(t, s)

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
	c := &clock{t: time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())}
	s := start(t, dsn, c, &recorder{}, "")
	want := fill(t, s)
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
