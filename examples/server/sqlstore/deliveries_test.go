package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestDeliveriesLog: the outbox on both dialects. Try writes a pending row
// and counts attempts; Done records the outcome; Reached gives the
// channels sent; a sent delivery is never set back to pending or failed,
// and Try of it answers false;
// List pages newest first, by subject or all, with a cursor that an
// altered value refuses (cursor_invalid); a key that cannot be stored is
// refused (delivery_invalid).
func TestDeliveriesLog(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		x := db.Deliveries()
		t0 := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
		for i := range 7 {
			subject := []string{"AS-1", "AS-2"}[i%2]
			dl := notify.Delivery{Key: fmt.Sprintf("overdue:P1.2:%s:after_sales:0:%d", subject, i), Channel: "mail:head@example.com",
				Via: "邮件", Subject: subject, Kind: "overdue", Clause: "P1.2", Message: "售后需求逾期", At: t0.Add(time.Duration(i) * time.Minute)}
			ok, err := x.Try(ctx, dl)
			require.NoError(t, err)
			require.True(t, ok)
			dl.State, dl.Error = notify.DeliveryFailed, "550 mailbox unavailable"
			require.NoError(t, x.Done(ctx, dl))
			if i%3 == 0 {
				ok, err := x.Try(ctx, dl)
				require.NoError(t, err)
				require.True(t, ok, "a failed delivery is tried again")
				dl.State, dl.Error, dl.SentAt = notify.DeliverySent, "", dl.At
				require.NoError(t, x.Done(ctx, dl))
				// A late, stale outcome does not undo the sending, and
				// another try of it (by an instance that read Reached
				// before) is refused: the channel is not tried again.
				dl.State = notify.DeliveryFailed
				require.NoError(t, x.Done(ctx, dl))
				ok, err = x.Try(ctx, dl)
				require.NoError(t, err)
				require.False(t, ok, "a sent delivery is not tried again")
			}
			reached, err := x.Reached(ctx, dl.Key)
			require.NoError(t, err)
			require.Equal(t, i%3 == 0, reached["mail:head@example.com"], "delivery %d", i)
		}
		var all []notify.Delivery
		after := ""
		for {
			page, err := x.List(ctx, sqlstore.DeliveryQuery{After: after, Limit: 3})
			require.NoError(t, err)
			all = append(all, page.Deliveries...)
			if page.Next == "" {
				break
			}
			after = page.Next
		}
		require.Len(t, all, 7)
		for i, dl := range all {
			n := 6 - i
			require.Equal(t, fmt.Sprintf("overdue:P1.2:%s:after_sales:0:%d", []string{"AS-1", "AS-2"}[n%2], n), dl.Key, "newest first")
			if n%3 == 0 {
				require.Equal(t, notify.DeliverySent, dl.State)
				require.Equal(t, 2, dl.Attempts)
				require.Empty(t, dl.Error)
			} else {
				require.Equal(t, notify.DeliveryFailed, dl.State)
				require.Equal(t, 1, dl.Attempts)
				require.Equal(t, "550 mailbox unavailable", dl.Error)
				require.True(t, dl.SentAt.IsZero())
			}
		}
		page, err := x.List(ctx, sqlstore.DeliveryQuery{Subject: "AS-2"})
		require.NoError(t, err)
		require.Len(t, page.Deliveries, 3)
		page, err = x.List(ctx, sqlstore.DeliveryQuery{State: notify.DeliveryFailed})
		require.NoError(t, err)
		require.Len(t, page.Deliveries, 4, "deliveries 1, 2, 4 and 5 failed")
		for _, dl := range page.Deliveries {
			require.Equal(t, notify.DeliveryFailed, dl.State)
		}
		_, err = x.List(ctx, sqlstore.DeliveryQuery{After: "bm90IGEgY3Vyc29y"})
		require.ErrorIs(t, err, aftersales.ErrInvalid)
		require.ErrorContains(t, err, "翻页参数无效")
		_, err = x.Try(ctx, notify.Delivery{Key: "k\x00", Channel: "c"})
		require.ErrorIs(t, err, aftersales.ErrInvalid)
	})
}

// TestReachedReadsOneNoticesRows: what a notice already reached is read
// by the outbox's primary key, a notice's few rows, not through the index
// on state, which holds every delivery ever sent: it runs for every notice
// the scheduler sends.
func TestReachedReadsOneNoticesRows(t *testing.T) {
	db := dialects[0].fresh(t)
	plan, err := sqlstore.QueryPlan(ctx, db, sqlstore.ReachedSQL, "overdue:P1.2:AS-1:after_sales:0:1")
	require.NoError(t, err)
	require.Contains(t, plan, "USING INDEX sqlite_autoindex_deliveries_1 (key=?)", plan)
}
