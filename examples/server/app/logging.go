package app

import (
	"context"
	"log/slog"
	"sync"
	"time"
)

// Log rate limiting: a storage outage or a full disk must not write tens
// of thousands of identical error lines. Warnings and errors with the same
// message are let through at most logBurst times a logWindow; the rest are
// counted, and the next line of that message after the window says how
// many were left out. Info and debug lines always pass.
const (
	logBurst  = 10
	logWindow = time.Minute
)

// rateLimited is a slog.Handler that limits repeated warnings and errors.
type rateLimited struct {
	next  slog.Handler
	state *limiterState
}

type limiterState struct {
	mu   sync.Mutex
	seen map[string]*logCount
}

type logCount struct {
	start      time.Time // the window's start
	n          int       // lines let through in the window
	suppressed int       // lines left out since the last one let through
}

// newRateLimited wraps next.
func newRateLimited(next slog.Handler) slog.Handler {
	return &rateLimited{next: next, state: &limiterState{seen: map[string]*logCount{}}}
}

// Enabled implements slog.Handler.
func (h *rateLimited) Enabled(ctx context.Context, l slog.Level) bool { return h.next.Enabled(ctx, l) }

// Handle implements slog.Handler.
func (h *rateLimited) Handle(ctx context.Context, r slog.Record) error {
	if r.Level < slog.LevelWarn {
		return h.next.Handle(ctx, r)
	}
	key := r.Level.String() + "\x00" + r.Message
	s := h.state
	s.mu.Lock()
	c := s.seen[key]
	if c == nil {
		if len(s.seen) > 1000 {
			s.seen = map[string]*logCount{} // many distinct messages: start over rather than grow
		}
		c = &logCount{start: r.Time}
		s.seen[key] = c
	}
	if r.Time.Sub(c.start) >= logWindow || r.Time.Before(c.start) {
		c.start, c.n = r.Time, 0
	}
	if c.n >= logBurst {
		c.suppressed++
		s.mu.Unlock()
		return nil
	}
	c.n++
	suppressed := c.suppressed
	c.suppressed = 0
	s.mu.Unlock()
	if suppressed > 0 {
		r = r.Clone()
		r.AddAttrs(slog.Int("suppressed_before", suppressed))
	}
	return h.next.Handle(ctx, r)
}

// WithAttrs implements slog.Handler.
func (h *rateLimited) WithAttrs(attrs []slog.Attr) slog.Handler {
	return &rateLimited{next: h.next.WithAttrs(attrs), state: h.state}
}

// WithGroup implements slog.Handler.
func (h *rateLimited) WithGroup(name string) slog.Handler {
	return &rateLimited{next: h.next.WithGroup(name), state: h.state}
}
