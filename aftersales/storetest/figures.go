package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// testTally checks a Store that is an aftersales.TallyStore: the figures
// it gives (CombineFigures of its tally and its pending counts) are those
// of every stored request read whole (FiguresOf), at several instants,
// after requests at every point of the lifecycle, closed, withdrawn and
// moved on. A Store without it is skipped: the Service reads every
// request.
func testTally(t *testing.T, f *fixture) {
	ts, ok := f.store.(aftersales.TallyStore)
	if !ok {
		t.Skip("the store keeps no tally (aftersales.TallyStore is optional)")
	}
	check := func(msg string) {
		t.Helper()
		all, err := f.store.List(f.ctx, aftersales.Query{})
		require.NoError(t, err)
		tally, err := ts.FigureTally(f.ctx)
		require.NoError(t, err)
		// Fixed instants, and those around each pending deadline's due
		// instant, where a store that counts by time buckets (a day, a
		// minute) must still agree to the nanosecond.
		instants := []time.Time{At(2026, 9, 1, 0, 0), At(2026, 10, 1, 12, 0), now, At(2027, 1, 1, 0, 0)}
		for _, it := range aftersales.ScanDeadlines(all, aftersales.DeadlineFilter{}) {
			d := it.Deadline.Due
			instants = append(instants, d.Add(-time.Nanosecond), d, d.Add(30*time.Second), d.Truncate(time.Minute).Add(time.Minute-time.Nanosecond))
		}
		for _, at := range instants {
			pending, err := ts.PendingCounts(f.ctx, at)
			require.NoError(t, err)
			require.ElementsMatch(t, aftersales.CountPending(aftersales.ScanDeadlines(all, aftersales.DeadlineFilter{}), at), pending,
				"%s: the pending deadlines counted, as of %s", msg, at)
			want := aftersales.FiguresOf(all, at)
			got := aftersales.CombineFigures(tally, pending, at)
			require.Equal(t, want, got, "%s, as of %s", msg, at)
		}
	}
	check("an empty store")
	t0 := At(2026, 9, 28, 9, 0)
	steps := lifecycle(t0, deptEast)
	var ids []string
	for k := 0; k <= len(steps); k++ {
		r := f.register(t, reg{project: []string{projectEast, projectWest}[k%2], customer: fmt.Sprintf("C-%d", k),
			received: t0.Add(time.Duration(k) * time.Minute), urgent: k%3 == 0})
		r = RunSteps(t, f.svc, r, steps[:k], nil)
		ids = append(ids, r.ID)
	}
	check("requests at every point of the lifecycle")
	w, err := f.store.Get(f.ctx, ids[2])
	require.NoError(t, err)
	_, err = f.svc.Withdraw(f.ctx, w.ID, aftersales.WithdrawCommand{Reason: "客户已自行处理", Actor: staff, Version: w.Version})
	require.NoError(t, err)
	check("after a withdrawal")
}
