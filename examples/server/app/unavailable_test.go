package app_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// loadResult is what a bounded load saw: every status, and the IDs the
// server acknowledged with 201.
type loadResult struct {
	mu         sync.Mutex
	statuses   map[int]int
	acked      []string
	noRetry503 int
}

// load registers requests one after another until stop is closed or max
// requests were sent, recording each answer.
func load(t *testing.T, base, token string, stop <-chan struct{}, max int, res *loadResult) {
	client := &http.Client{Timeout: 5 * time.Second}
	for i := 0; i < max; i++ {
		select {
		case <-stop:
			return
		default:
		}
		req, _ := http.NewRequest("POST", base+"/api/v1/requests", strings.NewReader(registration))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		resp, err := client.Do(req)
		if err != nil {
			continue // a broken connection is no answer at all
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		res.mu.Lock()
		res.statuses[resp.StatusCode]++
		if resp.StatusCode == http.StatusCreated {
			var m map[string]any
			if json.Unmarshal(body, &m) == nil {
				if id, ok := m["id"].(string); ok {
					res.acked = append(res.acked, id)
				}
			}
		}
		if resp.StatusCode == http.StatusServiceUnavailable && resp.Header.Get("Retry-After") == "" {
			res.noRetry503++
		}
		res.mu.Unlock()
	}
}

// TestStorageUnavailableIs503AndNothingAcknowledgedIsLost makes the
// database unavailable in the middle of a load of registrations: on SQLite
// the database is closed under the running server, on PostgreSQL the
// database stops taking connections and its sessions are ended. Every
// answer is 201 or 503 with Retry-After (never 500, never 401 for a good
// token), /healthz says 503, and once the database is back every
// acknowledged request is there.
func TestStorageUnavailableIs503AndNothingAcknowledgedIsLost(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		token := s.token
		res := &loadResult{statuses: map[int]int{}}
		stop := make(chan struct{})
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() { defer wg.Done(); load(t, s.http.URL, token, stop, 400, res) }()
		}
		waitFor(t, func() bool { res.mu.Lock(); defer res.mu.Unlock(); return len(res.acked) >= 20 })

		pg := strings.HasPrefix(dsn, "postgres")
		var restore func()
		if pg {
			restore = cutPostgres(t, dsn)
		} else {
			require.NoError(t, s.app.Close()) // the server goes on answering, without its database
		}
		waitFor(t, func() bool { res.mu.Lock(); defer res.mu.Unlock(); return res.statuses[503] >= 10 })

		resp, err := http.Get(s.http.URL + "/healthz")
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusServiceUnavailable, resp.StatusCode, "the health check sees the database cannot take a write")
		require.NotEmpty(t, resp.Header.Get("Retry-After"))
		close(stop)
		wg.Wait()

		for status := range res.statuses {
			require.Contains(t, []int{http.StatusCreated, http.StatusServiceUnavailable}, status, "statuses seen: %v", res.statuses)
		}
		require.Zero(t, res.noRetry503, "every 503 says when to retry")

		// The database back: every acknowledged registration is there.
		if pg {
			restore()
		}
		s.http.Close()
		again := start(t, dsn, c, &recorder{}, "")
		again.token = token
		for _, id := range res.acked {
			status, got := again.do("GET", "/api/v1/requests/"+id, "")
			require.Equal(t, 200, status, "acknowledged %s lost: %v", id, got)
		}
		t.Logf("%d acknowledged, statuses %v", len(res.acked), res.statuses)
	})
}

// cutPostgres stops the test database from taking connections and ends its
// sessions; the returned function lets it take connections again.
func cutPostgres(t *testing.T, dsn string) func() {
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	name := strings.TrimPrefix(u.Path, "/")
	u.Path = "/postgres"
	admin, err := sql.Open("pgx", u.String())
	require.NoError(t, err)
	t.Cleanup(func() { admin.Close() })
	ctx := context.Background()
	_, err = admin.ExecContext(ctx, `ALTER DATABASE "`+name+`" WITH ALLOW_CONNECTIONS false`)
	require.NoError(t, err)
	_, err = admin.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, name)
	require.NoError(t, err)
	return func() {
		_, err := admin.ExecContext(ctx, `ALTER DATABASE "`+name+`" WITH ALLOW_CONNECTIONS true`)
		require.NoError(t, err)
	}
}

// waitFor polls cond for up to 20 seconds.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatal("condition not met within 20 seconds")
		}
		time.Sleep(20 * time.Millisecond)
	}
}
