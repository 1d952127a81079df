package main

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// buildBinary builds the server into a temporary directory.
func buildBinary(t *testing.T) string {
	bin := filepath.Join(t.TempDir(), "server")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())
	return bin
}

// startBinary starts the server binary on db, with the general manager's
// token "kill-test-token", and returns its base URL. env and args are
// added to its environment and its flags (after -scan 1h, which they may
// override).
func startBinary(t *testing.T, bin, db string, envArgs ...[]string) (*exec.Cmd, string) {
	args := []string{"-addr", "127.0.0.1:0", "-db", db, "-scan", "1h"}
	env := append(os.Environ(), "SHOUHOU_ADMIN_TOKEN=kill-test-token")
	if len(envArgs) > 0 {
		env = append(env, envArgs[0]...)
	}
	if len(envArgs) > 1 {
		args = append(args, envArgs[1]...)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = env
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = io.Discard
	require.NoError(t, cmd.Start())
	sc := bufio.NewScanner(stdout)
	for sc.Scan() {
		if base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(sc.Text()); base != "" {
			go func() { _, _ = io.Copy(io.Discard, stdout) }()
			return cmd, base
		}
	}
	t.Fatal("the server printed no address")
	return nil, ""
}

// TestIdempotentRetryAfterKill9: registrations with keys are sent while the
// server is killed with SIGKILL; after a restart every key is sent again,
// and each key has exactly one request: none lost, none twice.
func TestIdempotentRetryAfterKill9(t *testing.T) {
	bin := buildBinary(t)
	db := filepath.Join(t.TempDir(), "kill.db")

	post := func(base, key string) (int, string, error) {
		body := `{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水 ` + key + `", "received_at": "2026-11-02T08:30:00+08:00"}`
		req, _ := http.NewRequest("POST", base+"/api/v1/requests", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer kill-test-token")
		req.Header.Set("Idempotency-Key", key)
		client := &http.Client{Timeout: 5 * time.Second}
		res, err := client.Do(req)
		if err != nil {
			return 0, "", err
		}
		defer res.Body.Close()
		var m map[string]any
		_ = json.NewDecoder(res.Body).Decode(&m)
		id, _ := m["id"].(string)
		return res.StatusCode, id, nil
	}

	cmd, base := startBinary(t, bin, db)
	const keys = 60
	var mu sync.Mutex
	acked := map[string]string{}
	var wg sync.WaitGroup
	for w := range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < keys; i += 3 {
				key := fmt.Sprintf("order-%03d", i)
				if status, id, err := post(base, key); err == nil && status == http.StatusCreated {
					mu.Lock()
					acked[key] = id
					mu.Unlock()
				}
			}
		}()
	}
	require.Eventually(t, func() bool { mu.Lock(); defer mu.Unlock(); return len(acked) >= 15 }, 20*time.Second, 5*time.Millisecond)
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	_ = cmd.Wait()
	wg.Wait()

	cmd, base = startBinary(t, bin, db)
	t.Cleanup(func() { _ = cmd.Process.Signal(syscall.SIGTERM); _ = cmd.Wait() })
	ids := map[string]bool{}
	for i := range keys {
		key := fmt.Sprintf("order-%03d", i)
		status, id, err := post(base, key)
		require.NoError(t, err)
		require.Equal(t, http.StatusCreated, status, key)
		if first, ok := acked[key]; ok {
			require.Equal(t, first, id, "%s: the retry answers with the acknowledged request", key)
		}
		ids[id] = true
	}
	require.Len(t, ids, keys, "one request per key")

	req, _ := http.NewRequest("GET", base+"/api/v1/requests?limit=1000", nil)
	req.Header.Set("Authorization", "Bearer kill-test-token")
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	var list struct{ Items []map[string]any }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&list))
	require.Len(t, list.Items, keys, "no key registered twice, %d acknowledged before the kill", len(acked))
}
