package app_test

import (
	"context"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// openFDs counts this process's open file descriptors.
func openFDs(t *testing.T) int {
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Skip("no /proc/self/fd to count file descriptors with")
	}
	return len(entries)
}

// TestConnectionsAreBounded: idle connections beyond MaxConns wait in the
// listen queue instead of each taking a file descriptor in the server
// (20,500 idle keep-alive connections once exhausted them).
func TestConnectionsAreBounded(t *testing.T) {
	c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
	a, err := app.New(context.Background(), app.Config{DSN: filepath.Join(t.TempDir(), "s.db"), Clock: c, Notifier: &recorder{},
		SchedulerInterval: -1, Logger: quiet, MaxConns: 5})
	require.NoError(t, err)
	t.Cleanup(func() { a.Close() })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Serve(ctx, ln) }()
	t.Cleanup(func() { cancel(); <-done })

	before := openFDs(t)
	const clients = 40
	var conns []net.Conn
	for range clients {
		conn, err := net.Dial("tcp", ln.Addr().String())
		require.NoError(t, err)
		conns = append(conns, conn)
	}
	t.Cleanup(func() {
		for _, c := range conns {
			c.Close()
		}
	})
	time.Sleep(200 * time.Millisecond) // let the server accept what it will
	grown := openFDs(t) - before
	// The clients' own 40 sockets, and at most 5 the server accepted.
	require.LessOrEqual(t, grown, clients+5, "file descriptors grew by %d", grown)
	require.GreaterOrEqual(t, grown, clients, "the clients' sockets are counted")

	// Closing idle connections lets the queued ones in: a request goes through.
	for _, c := range conns[:10] {
		c.Close()
	}
	conn := conns[10] // next in the queue
	_, err = fmt.Fprintf(conn, "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(10*time.Second)))
	buf := make([]byte, 12)
	_, err = conn.Read(buf)
	require.NoError(t, err)
	require.Equal(t, "HTTP/1.1 200", string(buf))
}
