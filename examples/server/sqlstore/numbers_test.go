package sqlstore_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestNumbersAreNeverGivenTwice: numbers count per prefix and year, go on
// after a reopen, and two databases handles asking at once (two instances
// on PostgreSQL, or two servers on one SQLite file) never get the same
// one; a numbered request is found by its number.
func TestNumbersAreNeverGivenTwice(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		a, b := open(t, dsn), open(t, dsn)
		ctx := context.Background()
		at := time.Date(2026, 12, 31, 15, 59, 0, 0, time.UTC) // 23:59 in China
		n, err := a.NextNumber(ctx, "SH", at)
		require.NoError(t, err)
		require.Equal(t, "SH-2026-000001", n)

		var mu sync.Mutex
		seen := map[string]bool{n: true}
		var wg sync.WaitGroup
		for i := range 40 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				db := a
				if i%2 == 1 {
					db = b
				}
				got, err := db.NextNumber(ctx, "SH", at)
				require.NoError(t, err)
				mu.Lock()
				defer mu.Unlock()
				require.False(t, seen[got], "%s given twice", got)
				seen[got] = true
			}()
		}
		wg.Wait()
		require.True(t, seen["SH-2026-000041"], "41 numbers, none skipped: %v", seen)

		next, err := b.NextNumber(ctx, "SH", at.Add(time.Minute)) // 2027 in China
		require.NoError(t, err)
		require.Equal(t, "SH-2027-000001", next, "a new year counts from 1")
		other, err := b.NextNumber(ctx, "TS", at)
		require.NoError(t, err)
		require.Equal(t, "TS-2026-000001", other, "each prefix counts apart")
		_, err = b.NextNumber(ctx, "sh-1", at)
		require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "number_prefix_invalid"})

		// A numbered request is found by its number.
		svc, err := aftersales.NewService(aftersales.Config{Store: a.Requests(), Clock: aftersales.ClockFunc(func() time.Time { return at }),
			Number: func(ctx context.Context, at time.Time) (string, error) { return a.NextNumber(ctx, "SH", at) }})
		require.NoError(t, err)
		r, err := svc.Register(ctx, aftersales.RegisterCommand{Actor: aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager},
			Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"}, Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: at.In(calendar.CST())}})
		require.NoError(t, err)
		require.Equal(t, "SH-2026-000042", r.Number)
		id, err := b.RequestIDByNumber(ctx, "SH-2026-000042")
		require.NoError(t, err)
		require.Equal(t, r.ID, id)
		_, err = b.RequestIDByNumber(ctx, "SH-2026-000043")
		require.ErrorIs(t, err, aftersales.ErrNotFound)
		_, err = b.ComplaintIDByNumber(ctx, r.ID)
		require.ErrorIs(t, err, aftersales.ErrNotFound)
		require.True(t, aftersales.IsNumber("TS-2026-000045"))
		require.False(t, aftersales.IsNumber(r.ID))
	})
}

// TestDeadlineItemsCarryTheNumber: the queue items of a numbered request
// name its number (what the scheduler's notices show a person), and the
// items stored before they did get it from migration 0026.
func TestDeadlineItemsCarryTheNumber(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db := open(t, dsn)
		at := time.Date(2026, 11, 2, 1, 0, 0, 0, time.UTC)
		svc, err := aftersales.NewService(aftersales.Config{Store: db.Requests(), Clock: aftersales.ClockFunc(func() time.Time { return at }),
			Number: func(ctx context.Context, at time.Time) (string, error) { return db.NextNumber(ctx, "SH", at) }})
		require.NoError(t, err)
		r, err := svc.Register(ctx, aftersales.RegisterCommand{Actor: aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager},
			Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"}, Description: "渗水", Channel: aftersales.ChannelPhone, ReceivedAt: at}})
		require.NoError(t, err)
		items := func(db *sqlstore.DB) []aftersales.DeadlineItem {
			got, err := db.Requests().(aftersales.DeadlineIndex).PendingDeadlines(ctx, aftersales.DeadlineFilter{})
			require.NoError(t, err)
			require.Len(t, got, 1)
			require.Equal(t, r.ID, got[0].RequestID)
			return got
		}
		require.Equal(t, "SH-2026-000001", items(db)[0].Number)
		require.NoError(t, db.Close())

		// As a server before 0026 stored it: the item without the number.
		rdb := raw(t, d, rawDSN(d, dsn))
		strip := "UPDATE request_deadlines SET body = json_remove(body, '$.number')"
		if d.name == sqlstore.DialectPostgres {
			strip = "UPDATE request_deadlines SET body = (body::jsonb - 'number')::text"
		}
		for _, q := range []string{strip, "DELETE FROM schema_migrations WHERE version = 26"} {
			_, err := rdb.ExecContext(ctx, q)
			require.NoError(t, err, q)
		}
		var body string
		require.NoError(t, rdb.QueryRowContext(ctx, "SELECT body FROM request_deadlines").Scan(&body))
		require.NotContains(t, body, "SH-2026")
		require.NoError(t, rdb.Close())

		again := open(t, dsn)
		require.Equal(t, "SH-2026-000001", items(again)[0].Number, "migration 0026 fills it in")
	})
}
