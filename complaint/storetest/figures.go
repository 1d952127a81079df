package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	ast "github.com/shouhou/shouhou/aftersales/storetest"
	"github.com/shouhou/shouhou/complaint"
)

// testTally checks a Store that is a complaint.TallyStore: after every
// kind of write (registrations, every step of a lifecycle to resolved and
// its C4.1 feedback still owed, a flagging up the whole chain, a
// withdrawal, major complaints, a deadline met late), the tally it keeps and the complaints it
// says owe a deadline combine into the figures complaint.FiguresOf reads
// from every complaint, at instants before, during and after their
// deadlines; Owing gives exactly the complaints that owe one, in ID order,
// and stops at its function's first error. A Store without it is skipped.
func testTally(t *testing.T, f *fixture) {
	ts, ok := f.store.(complaint.TallyStore)
	if !ok {
		t.Skip("the store keeps no tally (complaint.TallyStore is optional)")
	}
	check := func(msg string) {
		t.Helper()
		all, err := f.store.List(f.ctx, complaint.Query{})
		require.NoError(t, err)
		tally, err := ts.FigureTally(f.ctx)
		require.NoError(t, err)
		var owing, want []string
		var owed []*complaint.Complaint
		require.NoError(t, ts.Owing(f.ctx, func(c *complaint.Complaint) error {
			owing = append(owing, c.ID)
			owed = append(owed, c)
			return nil
		}))
		for _, c := range all {
			if complaint.Owes(c) {
				want = append(want, c.ID)
			}
		}
		require.Equal(t, want, owing, "%s: the complaints owing a deadline", msg)
		for _, at := range []time.Time{ast.At(2026, 9, 1, 0, 0), ast.At(2026, 10, 1, 12, 0), now, ast.At(2027, 1, 1, 0, 0)} {
			require.Equal(t, complaint.FiguresOf(all, at), complaint.CombineFigures(tally, owed, at), "%s, as of %s", msg, at)
		}
	}
	check("an empty store")
	t0 := ast.At(2026, 9, 21, 9, 0)
	life := lifecycle(t0, deptEast)
	for k := 0; k <= len(life); k += 3 {
		c := f.register(t, reg{project: []string{projectEast, projectWest}[k%2], complainant: fmt.Sprintf("C-%d", k),
			received: t0, major: k%2 == 0})
		f.run(t, c, life[:k], nil)
	}
	check("complaints at points of the lifecycle")
	f.run(t, f.register(t, reg{project: projectEast, complainant: "C-flag", received: t0}), flagging(t0, deptEast), nil)
	f.run(t, f.register(t, reg{project: projectWest, complainant: "C-wd", received: t0}), []step{withdrawing(t0, 3)}, nil)
	late := f.register(t, reg{project: projectEast, complainant: "C-late", received: t0})
	_, err := f.svc.Forward(f.ctx, late.ID, complaint.ForwardCommand{Department: deptEast, At: dayOf(t0, 9, 10), Actor: staff, Version: late.Version})
	require.NoError(t, err)
	check("after a flagging, a withdrawal and a forwarding days late (C2.1 missed)")

	stop := fmt.Errorf("enough")
	n := 0
	require.ErrorIs(t, ts.Owing(f.ctx, func(*complaint.Complaint) error { n++; return stop }), stop)
	require.Equal(t, 1, n, "stopped at the first error")
}
