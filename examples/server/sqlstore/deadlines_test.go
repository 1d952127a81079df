package sqlstore_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestDeadlineIndexBackfilledByMigration: a database whose requests were
// stored before request_deadlines existed (schema version 9) gets the rows
// of their pending deadlines when migration 0010 runs, in its transaction:
// the index then answers as the requests themselves do.
func TestDeadlineIndexBackfilledByMigration(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db1, err := sqlstore.Open(ctx, dsn, nil)
		require.NoError(t, err)
		for i := range 5 {
			sample(t, db1.Requests(), fmt.Sprintf("AS-%04d", i+1))
		}
		require.NoError(t, db1.Close())

		// Back to version 9: as the server before this release left it.
		rdb := raw(t, d, rawDSN(d, dsn))
		for _, q := range []string{"DROP TABLE request_deadlines", "DROP INDEX requests_received",
			"DELETE FROM schema_migrations WHERE version = 10"} {
			_, err := rdb.ExecContext(ctx, q)
			require.NoError(t, err, q)
		}
		require.NoError(t, rdb.Close())

		db := open(t, dsn)
		idx, ok := db.Requests().(aftersales.DeadlineIndex)
		require.True(t, ok, "the SQL request store is a deadline index")
		got, err := idx.PendingDeadlines(ctx, aftersales.DeadlineFilter{})
		require.NoError(t, err)
		all, err := db.Requests().List(ctx, aftersales.Query{})
		require.NoError(t, err)
		require.Len(t, all, 5)
		want := aftersales.ScanDeadlines(all, aftersales.DeadlineFilter{})
		require.Len(t, want, 5, "each request owes its P1.2 forwarding")
		require.Equal(t, want, got)
		require.Equal(t, allMigrations(t, d.name), migrationRows(t, raw(t, d, rawDSN(d, dsn))))
	})
}
