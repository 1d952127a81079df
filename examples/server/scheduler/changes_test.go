package scheduler_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// feed is a ChangeFeed over a list of request IDs: the position is how
// many were read.
type feed struct {
	mu  sync.Mutex
	ids []string
}

func (f *feed) add(ids ...string) { f.mu.Lock(); defer f.mu.Unlock(); f.ids = append(f.ids, ids...) }

func (f *feed) End(context.Context) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return strings.Repeat("x", len(f.ids)), nil
}

func (f *feed) Requests(_ context.Context, after string) ([]string, string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.ids[len(after):]...), strings.Repeat("x", len(f.ids)), nil
}

// TestTickReadsChangedRequestsAndSurvivesAnUnreadableOne: between sweeps a
// tick reads the overdue deadlines of the requests the ChangeFeed names,
// even one due long before the last scan; a named request that cannot be
// read does not hold back the others: they are notified, the tick reports
// the error, and the next tick reads the changes again.
func TestTickReadsChangedRequestsAndSurvivesAnUnreadableOne(t *testing.T) {
	f := newFixture(t, cst(2026, 11, 2, 9))
	rec := &recorder{}
	changes := &feed{}
	s := f.scheduler(t, "a", rec, func(c *scheduler.Config) { c.Changes = changes })
	_, err := s.Tick(f.ctx) // a sweep of nothing
	require.NoError(t, err)

	// Written now, due days ago: only the change feed brings it to a tick
	// before the next sweep.
	r := f.handlingRequest(t, cst(2026, 10, 20, 9))
	f.clock.Set(cst(2026, 11, 2, 9).Add(time.Minute))
	changes.add("AS-unreadable", r.ID)
	_, err = s.Tick(f.ctx)
	require.ErrorContains(t, err, "AS-unreadable", "the unreadable request is reported")
	got := rec.byKey()
	found := false
	for key := range got {
		found = found || strings.HasPrefix(key, "overdue:P3.2:"+r.ID+":")
	}
	require.True(t, found, "the readable one is notified: %v", got)

	_, err = s.Tick(f.ctx)
	require.ErrorContains(t, err, "AS-unreadable", "read again: the position did not move")
	for key, n := range rec.byKey() {
		require.Equal(t, 1, n, key)
	}
}
