package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

func TestDeadlineQueries(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	// a: registered, not forwarded (P1.2 due 11-04 00:00, owed by after-sales).
	a := f.register(at(2026, 11, 2, 8, 0), false)
	// b: forwarded to the project department and procurement (P3.1 due 11-05).
	b := f.register(at(2026, 11, 2, 8, 30), false)
	f.svc.Forward(f.ctx, b.ID, aftersales.ForwardCommand{Departments: []string{projDept, aftersales.DeptProcurement}, Actor: staff})
	// c: not on the project.
	c, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		Description: "地库渗水", Channel: aftersales.ChannelEmail, ReceivedAt: at(2026, 11, 2, 8, 45)}})
	require.NoError(t, err)

	all, err := f.svc.DueWithin(f.ctx, at(2026, 11, 1, 0, 0), at(2026, 11, 30, 0, 0))
	require.NoError(t, err)
	require.Len(t, all, 4) // a P1.2, b P3.1 ×2, c P1.2
	for i := 1; i < len(all); i++ {
		require.False(t, all[i].Deadline.Due.Before(all[i-1].Deadline.Due), "soonest first")
	}

	none, err := f.svc.Overdue(f.ctx)
	require.NoError(t, err)
	require.Empty(t, none)

	f.now = at(2026, 11, 4, 8, 0) // P1.2 of a and c missed; P3.1 of b still open
	over, err := f.svc.Overdue(f.ctx)
	require.NoError(t, err)
	require.Len(t, over, 2)
	for _, it := range over {
		require.Equal(t, aftersales.ClauseP1_2, it.Deadline.Clause)
		require.Equal(t, aftersales.DeadlineMissed, it.State)
		require.Equal(t, aftersales.DeptAfterSales, it.Owner)
		require.Contains(t, []string{a.ID, c.ID}, it.RequestID)
	}

	byDept, err := f.svc.Deadlines(f.ctx, aftersales.DeadlineQuery{Department: aftersales.DeptProcurement})
	require.NoError(t, err)
	require.Len(t, byDept, 1)
	require.Equal(t, b.ID, byDept[0].RequestID)
	require.Equal(t, aftersales.ClauseP3_1, byDept[0].Deadline.Clause)

	bySpecialist, err := f.svc.Deadlines(f.ctx, aftersales.DeadlineQuery{SpecialistID: specialist.ID})
	require.NoError(t, err)
	require.Len(t, bySpecialist, 3, "a and b are on the specialist's project; c is not")
	for _, it := range bySpecialist {
		require.Equal(t, projID, it.ProjectID)
	}
	nobody, err := f.svc.Deadlines(f.ctx, aftersales.DeadlineQuery{SpecialistID: "u-nobody"})
	require.NoError(t, err)
	require.Empty(t, nobody)

	byProject, err := f.svc.Deadlines(f.ctx, aftersales.DeadlineQuery{ProjectID: projID, DueTo: at(2026, 11, 4, 12, 0)})
	require.NoError(t, err)
	require.Len(t, byProject, 1)
	require.Equal(t, a.ID, byProject[0].RequestID)

	// Met deadlines drop out of the queue.
	f.forward(a.ID, time.Time{})
	over, err = f.svc.Overdue(f.ctx)
	require.NoError(t, err)
	require.Len(t, over, 1)
	require.Equal(t, c.ID, over[0].RequestID)
}
