package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
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

	"github.com/shouhou/shouhou/examples/server/internal/pgtest"
	"github.com/shouhou/shouhou/examples/server/scheduler"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// TestRunPrintsWhereToGoAndShutsDownGracefully runs the command in-process
// on a SQLite file.
func TestRunPrintsWhereToGoAndShutsDownGracefully(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var out, errb syncBuffer
	done := make(chan int)
	dbPath := filepath.Join(t.TempDir(), "shouhou.db")
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-db", dbPath, "-scan", "-1s"}, func(string) string { return "" }, &out, &errb)
	}()
	require.Eventually(t, func() bool { return strings.Contains(out.String(), "/healthz") }, 10*time.Second, 20*time.Millisecond)
	require.Contains(t, out.String(), "sqlite")
	require.Regexp(t, `shouhou_[A-Za-z0-9_-]{20,}`, out.String(), "the generated token is shown once")
	base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(out.String())
	res, err := http.Get(base + "/healthz")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	stopServer(t, cancel, done, &errb)
	require.Contains(t, out.String(), "已停止")
}

// stopServer cancels a running server's context (cancel) and requires it
// to stop gracefully, with exit code 0 (from done), within 15 seconds.
func stopServer(t *testing.T, cancel context.CancelFunc, done <-chan int, errb *syncBuffer) {
	t.Helper()
	cancel()
	select {
	case code := <-done:
		require.Equal(t, 0, code, errb.String())
	case <-time.After(15 * time.Second):
		t.Fatal("no graceful shutdown")
	}
}

func TestRunRefusesBadFlags(t *testing.T) {
	var out, errb syncBuffer
	require.Equal(t, 2, run(context.Background(), []string{"-nope"}, func(string) string { return "" }, &out, &errb))
	require.Equal(t, 2, run(context.Background(), []string{"-webhook", "http://127.0.0.1:1/x"}, func(string) string { return "" }, &out, &errb))
	require.Contains(t, errb.String(), "SHOUHOU_WEBHOOK_SECRET")
	require.Equal(t, 1, run(context.Background(), []string{"-db", "/proc/no/such/dir/x.db"}, func(string) string { return "" }, &out, &errb))
	require.Equal(t, 2, run(context.Background(), []string{"-request-prefix", "售后"}, func(string) string { return "" }, &out, &errb))
	require.Contains(t, errb.String(), "-request-prefix")
}

// TestTwoProcessesOnePostgresEachItemOnce starts two server processes on
// one PostgreSQL database, each scanning every 200 ms and posting signed
// notifications to one webhook: every due item arrives exactly once.
func TestTwoProcessesOnePostgresEachItemOnce(t *testing.T) {
	dsn := pgtest.Start(t)
	bin := filepath.Join(t.TempDir(), "server")
	build := exec.Command("go", "build", "-o", bin, ".")
	build.Stderr = os.Stderr
	require.NoError(t, build.Run())

	secret := []byte("webhook-secret")
	var mu sync.Mutex
	keys := map[string]int{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if !scheduler.Verify(secret, r.Header.Get(scheduler.HeaderTimestamp), body, r.Header.Get(scheduler.HeaderSignature)) {
			http.Error(w, "bad signature", http.StatusUnauthorized)
			return
		}
		var n scheduler.Notification
		if json.Unmarshal(body, &n) != nil {
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		mu.Lock()
		keys[n.Key]++
		mu.Unlock()
	}))
	defer hook.Close()

	var bases []string
	for i := range 2 {
		cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-db", dsn, "-scan", "200ms", "-webhook", hook.URL, "-instance", fmt.Sprintf("p%d", i))
		cmd.Env = append(os.Environ(), "SHOUHOU_ADMIN_TOKEN=two-process-token", "SHOUHOU_WEBHOOK_SECRET="+string(secret))
		stdout, err := cmd.StdoutPipe()
		require.NoError(t, err)
		cmd.Stderr = io.Discard
		require.NoError(t, cmd.Start())
		t.Cleanup(func() {
			_ = cmd.Process.Signal(syscall.SIGTERM)
			_ = cmd.Wait()
		})
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			if base := regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(sc.Text()); base != "" {
				bases = append(bases, base)
				break
			}
		}
		go func() { _, _ = io.Copy(io.Discard, stdout) }()
	}
	require.Len(t, bases, 2)

	// Five requests received a week ago: their P1.2 deadlines are overdue.
	received := time.Now().AddDate(0, 0, -7).Format(time.RFC3339)
	for i := range 5 {
		body := fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水 %d", "received_at": %q}`, i, received)
		req, _ := http.NewRequest("POST", bases[i%2]+"/api/v1/requests", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer two-process-token")
		res, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		res.Body.Close()
		require.Equal(t, 201, res.StatusCode)
	}
	overdue := func() int {
		mu.Lock()
		defer mu.Unlock()
		n := 0
		for k := range keys {
			if strings.HasPrefix(k, "overdue:P1.2:") {
				n++
			}
		}
		return n
	}
	require.Eventually(t, func() bool { return overdue() == 5 }, 20*time.Second, 100*time.Millisecond)
	time.Sleep(1500 * time.Millisecond) // several more scans by both processes
	mu.Lock()
	defer mu.Unlock()
	for k, n := range keys {
		require.Equal(t, 1, n, "%s delivered %d times", k, n)
	}
}

// syncBuffer is a bytes.Buffer safe for a writer and a reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}
func (s *syncBuffer) String() string { s.mu.Lock(); defer s.mu.Unlock(); return s.b.String() }
