package app_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// TestTickReadsWhatWasWrittenOverdue: between sweeps a tick reads only
// the deadlines that fell due since the last clean scan, plus every
// deadline of the requests written since (the store's change feed). A
// request registered days after the customer called, its P1.2 forwarding
// already overdue when it is written, is notified at the very next tick,
// once; the ticks after send nothing more.
func TestTickReadsWhatWasWrittenOverdue(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 10, 9, 0, 0, 0, calendar.CST()))
		rec := &recorder{}
		s := startScheduled(t, dsn, c, rec)
		ctx := context.Background()
		_, err := s.app.Scheduler.Tick(ctx) // the first tick: a sweep of nothing
		require.NoError(t, err)

		status, r := s.do("POST", "/api/v1/requests", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00"}`)
		require.Equal(t, 201, status, "%v", r)
		id := r["id"].(string)
		c.Add(time.Minute)
		res, err := s.app.Scheduler.Tick(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, res.Sent, "the back-dated request's overdue P1.2")
		rec.mu.Lock()
		found := false
		for key := range rec.keys {
			found = found || strings.HasPrefix(key, "overdue:P1.2:"+id+":")
		}
		rec.mu.Unlock()
		require.True(t, found, "notified: %v", rec.keys)

		for range 3 {
			res, err = s.app.Scheduler.Tick(ctx)
			require.NoError(t, err)
			require.Zero(t, res.Sent)
		}
		rec.mu.Lock()
		defer rec.mu.Unlock()
		for key, n := range rec.keys {
			require.Equal(t, 1, n, key)
		}
	})
}
