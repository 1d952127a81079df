package sqlstore_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestRequestIndexesBackfilledByMigration: a database whose requests were
// stored before request_deadlines and request_tally existed (schema
// version 9) gets the rows of their pending deadlines and their tallies
// when migrations 0010 and 0011 run, each in its transaction: the index
// and the figures then answer as the requests themselves do.
func TestRequestIndexesBackfilledByMigration(t *testing.T) {
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
		for _, q := range []string{"DROP TABLE request_tally", "DROP TABLE request_totals", "DROP TABLE request_deadlines",
			"DROP INDEX requests_received", "DELETE FROM schema_migrations WHERE version >= 10"} {
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
		ts := db.Requests().(aftersales.TallyStore)
		tally, err := ts.FigureTally(ctx)
		require.NoError(t, err)
		require.Equal(t, 5, tally["open"])
		at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		counts, err := ts.PendingCounts(ctx, at)
		require.NoError(t, err)
		require.Equal(t, aftersales.FiguresOf(all, at), aftersales.CombineFigures(tally, counts, at))
		require.Equal(t, allMigrations(t, d.name), migrationRows(t, raw(t, d, rawDSN(d, dsn))))
	})
}
