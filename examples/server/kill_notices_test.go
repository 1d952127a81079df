package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestNoticesSurviveKill9: the server, with a 企业微信 robot, -scan 1s and
// -quiet off, is killed with SIGKILL while overdue requests' notices are
// being sent (the robot refuses its first posts and answers the others
// slowly, so that some are failing, some in flight, some not yet tried);
// restarted on the same database, it sends the rest. Counted at the
// robot: every request's notice arrives (none lost), and a notice arrives
// twice only if the robot had taken it but not yet answered when the
// server died (the outbox knew it pending): the duplicates are at most
// the posts in flight at the kill. The lease (-lease 2s) lets the
// restarted server take over the killed one's claims within the test.
func TestNoticesSurviveKill9(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "notices.db")
	var mu sync.Mutex
	var posts, answered int
	seen := map[string]int{}                             // request ID → posts naming it
	named := regexp.MustCompile(`售后需求 (SH-\d{4}-\d{6})`) // a notice names the number
	robot := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		raw, _ := io.ReadAll(r.Body)
		var body struct {
			MsgType  string `json:"msgtype"`
			Markdown struct {
				Content string `json:"content"`
			} `json:"markdown"`
		}
		if r.URL.Query().Get("key") != "kill-key" || json.Unmarshal(raw, &body) != nil || body.MsgType != "markdown" {
			fmt.Fprint(w, `{"errcode":40008,"errmsg":"invalid message type"}`)
			return
		}
		mu.Lock()
		posts++
		n := posts
		mu.Unlock()
		if n <= 3 {
			fmt.Fprint(w, `{"errcode":-1,"errmsg":"system busy"}`)
			mu.Lock()
			answered++
			mu.Unlock()
			return
		}
		// Taken: the group shows it, whatever happens to the answer.
		mu.Lock()
		inPost := map[string]bool{} // a message names its request twice
		for _, m := range named.FindAllStringSubmatch(body.Markdown.Content, -1) {
			inPost[m[1]] = true
		}
		for id := range inPost {
			seen[id]++
		}
		mu.Unlock()
		time.Sleep(300 * time.Millisecond)
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
		mu.Lock()
		answered++
		mu.Unlock()
	}))
	defer robot.Close()
	env := []string{"SHOUHOU_WECOM_WEBHOOK=" + robot.URL + "/cgi-bin/webhook/send?key=kill-key"}
	// A short lease: the restarted server takes over the claims the killed
	// one held after 2 s, rather than 5 minutes.
	args := []string{"-scan", "1s", "-quiet", "off", "-lease", "2s"}

	cmd, base := startBinary(t, bin, db, env, args)
	const requests = 10
	var ids []string
	received := time.Now().AddDate(0, 0, -7).Format(time.RFC3339)
	for i := range requests {
		req, _ := http.NewRequest("POST", base+"/api/v1/requests", strings.NewReader(fmt.Sprintf(
			`{"customer": {"name": "王女士"}, "channel": "phone", "description": "卫生间渗水 %d", "received_at": %q}`, i, received)))
		req.Header.Set("Authorization", "Bearer kill-test-token")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var created struct {
			Number string `json:"number"`
		}
		require.NoError(t, json.NewDecoder(res.Body).Decode(&created))
		res.Body.Close()
		require.Equal(t, http.StatusCreated, res.StatusCode)
		ids = append(ids, created.Number)
	}
	// Kill once some notices went and others wait.
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(seen) >= 3
	}, 20*time.Second, 5*time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	mu.Lock()
	inFlight, before := posts-answered, len(seen)
	mu.Unlock()

	cmd, _ = startBinary(t, bin, db, env, args)
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	require.Eventually(t, func() bool {
		mu.Lock()
		defer mu.Unlock()
		for _, id := range ids {
			if seen[id] == 0 {
				return false
			}
		}
		return true
	}, 60*time.Second, 20*time.Millisecond, "every request's notice arrives")
	time.Sleep(5 * time.Second) // past the lease: anything sent twice would come now
	mu.Lock()
	defer mu.Unlock()
	twice := 0
	for _, id := range ids {
		twice += seen[id] - 1
	}
	t.Logf("%d requests: %d notified before the kill, %d posts in flight at the kill; after the restart all %d notified, %d twice",
		requests, before, inFlight, requests, twice)
	require.LessOrEqual(t, twice, inFlight, "a notice arrives twice only if it was in flight when the server died: %v", seen)
}
