package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
)

// TestChangeFeedReadByAnotherProcessWhileTwoServersWrite: two server
// processes on one PostgreSQL database register requests at once, while
// this process follows GET /api/v1/events on one of them: every event
// arrives exactly once, each request's in order.
func TestChangeFeedReadByAnotherProcessWhileTwoServersWrite(t *testing.T) {
	dsn := pgtest.Start(t)
	bin := buildBinary(t)
	var bases []string
	for range 2 {
		cmd, base := startBinary(t, bin, dsn)
		t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
		bases = append(bases, base)
	}
	require.Len(t, bases, 2)
	call := func(method, url, body string) (int, map[string]any) {
		req, _ := http.NewRequest(method, url, strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer kill-test-token")
		req.Header.Set("Content-Type", "application/json")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(res.Body).Decode(&m)
		return res.StatusCode, m
	}

	const each = 20
	var wg sync.WaitGroup
	done := make(chan struct{})
	for _, base := range bases {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range each {
				status, m := call("POST", base+"/api/v1/requests", fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水 %d", "received_at": "2026-11-02T08:30:00+08:00"}`, i))
				require.Equal(t, 201, status, "%v", m)
				status, m = call("POST", base+"/api/v1/requests/"+m["id"].(string)+"/forward", `{"departments": ["项目一部"], "cause": "other"}`)
				require.Contains(t, []int{200, 400}, status, "%v", m) // the department may not exist: the registration's event is enough
			}
		}()
	}
	go func() { wg.Wait(); close(done) }()

	seen := map[string]int{}
	last := map[string]float64{}
	after := ""
	read := func() bool {
		status, page := call("GET", bases[0]+"/api/v1/events?limit=9&after="+url.QueryEscape(after), "")
		require.Equal(t, 200, status, "%v", page)
		items := page["items"].([]any)
		for _, x := range items {
			it := x.(map[string]any)
			id, seq := it["record_id"].(string), it["seq"].(float64)
			seen[fmt.Sprintf("%s/%v", id, seq)]++
			require.Greater(t, seq, last[id], "%s in order", id)
			last[id] = seq
		}
		after = page["next"].(string)
		return len(items) > 0
	}
	for finished := false; !finished; {
		select {
		case <-done:
			finished = true
		default:
			read()
		}
	}
	for read() {
	}
	require.Len(t, last, 2*each, "every request")
	for k, n := range seen {
		require.Equal(t, 1, n, "%s read %d times", k, n)
	}
	status, list := call("GET", bases[1]+"/api/v1/requests?limit=1000", "")
	require.Equal(t, 200, status)
	events := 0
	for _, x := range list["items"].([]any) {
		events += int(x.(map[string]any)["version"].(float64))
	}
	require.Equal(t, events, len(seen), "the feed holds every event of every history, no more")
}
