package aftersales_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// tallied is a MemStore that is also a TallyStore, counting in Go: the
// Service's other way to count.
type tallied struct{ *aftersales.MemStore }

func (s tallied) FigureTally(ctx context.Context) (map[string]int, error) {
	rs, err := s.List(ctx, aftersales.Query{})
	out := map[string]int{}
	for _, r := range rs {
		for k, n := range aftersales.FigureTally(r) {
			out[k] += n
		}
	}
	return out, err
}

func (s tallied) PendingCounts(ctx context.Context, asOf time.Time) ([]aftersales.PendingCount, error) {
	rs, err := s.List(ctx, aftersales.Query{})
	return aftersales.CountPending(aftersales.ScanDeadlines(rs, aftersales.DeadlineFilter{}), asOf), err
}

// TestCountOverdue: the overdue deadlines counted, of all departments or
// one, capped at max, are those Overdue lists, and the pending ones
// counted (PendingCounts) those Deadlines lists, whether the store counts
// them (TallyStore) or the Service lists them.
func TestCountOverdue(t *testing.T) {
	for _, store := range []aftersales.Store{aftersales.NewMemStore(), tallied{aftersales.NewMemStore()}} {
		t.Run(fmt.Sprintf("%T", store), func(t *testing.T) {
			ctx := context.Background()
			now := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
			n := 0
			svc, err := aftersales.NewService(aftersales.Config{Store: store, Clock: aftersales.ClockFunc(func() time.Time { return now }),
				NewID: func() string { n++; return fmt.Sprintf("AS-%04d", n) }})
			require.NoError(t, err)
			staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
			for day := range 7 {
				_, err := svc.Register(ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
					Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: now.AddDate(0, 0, -day)}})
				require.NoError(t, err)
			}
			overdue, err := svc.Overdue(ctx)
			require.NoError(t, err)
			require.NotEmpty(t, overdue)
			for _, tc := range []struct {
				q    aftersales.DeadlineQuery
				max  int
				want int
			}{
				{aftersales.DeadlineQuery{}, 0, len(overdue)},
				{aftersales.DeadlineQuery{}, 2, 2},
				{aftersales.DeadlineQuery{Department: aftersales.DeptAfterSales}, 0, len(overdue)},
				{aftersales.DeadlineQuery{Department: "proj-1"}, 0, 0},
			} {
				got, err := svc.CountOverdue(ctx, tc.q, tc.max)
				require.NoError(t, err)
				require.Equal(t, tc.want, got, "%+v max %d", tc.q, tc.max)
			}

			// PendingCounts: every pending deadline once, overdue or not,
			// as the deadlines listed count.
			pending, err := svc.PendingCounts(ctx)
			require.NoError(t, err)
			items, err := svc.Deadlines(ctx, aftersales.DeadlineQuery{})
			require.NoError(t, err)
			require.ElementsMatch(t, aftersales.CountPending(items, now), pending)
			total, late := 0, 0
			for _, c := range pending {
				total += c.N
				if c.Overdue {
					late += c.N
				}
			}
			require.Equal(t, 7, total, "one P1.2 deadline per request")
			require.Equal(t, len(overdue), late)
		})
	}
}
