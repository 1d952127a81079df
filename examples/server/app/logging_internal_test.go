package app

import (
	"bytes"
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestRepeatedErrorLinesAreLimited: a thousand identical error lines in a
// minute write logBurst; the first line of the next minute says how many
// were left out; info lines and other messages are not limited.
func TestRepeatedErrorLinesAreLimited(t *testing.T) {
	var buf bytes.Buffer
	h := newRateLimited(slog.NewTextHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	t0 := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	log := func(level slog.Level, msg string, at time.Time) {
		r := slog.NewRecord(at, level, msg, 0)
		if err := h.Handle(context.Background(), r); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 1000 {
		log(slog.LevelError, "storage unavailable", t0.Add(time.Duration(i)*time.Millisecond))
		log(slog.LevelInfo, "request", t0.Add(time.Duration(i)*time.Millisecond))
	}
	log(slog.LevelWarn, "another warning", t0)
	out := buf.String()
	if n := strings.Count(out, "storage unavailable"); n != logBurst {
		t.Fatalf("%d error lines let through, want %d", n, logBurst)
	}
	if n := strings.Count(out, "msg=request"); n != 1000 {
		t.Fatalf("%d info lines, want 1000", n)
	}
	if !strings.Contains(out, "another warning") {
		t.Fatal("another message was limited with the first")
	}
	buf.Reset()
	log(slog.LevelError, "storage unavailable", t0.Add(logWindow+time.Second))
	if !strings.Contains(buf.String(), "suppressed_before=990") {
		t.Fatalf("the next window's first line does not say how many were left out: %s", buf.String())
	}
}
