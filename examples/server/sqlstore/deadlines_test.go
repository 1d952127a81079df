package sqlstore_test

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestRequestIndexesBackfilledByMigration: a database whose requests were
// stored before request_deadlines, request_tally and the search columns
// existed (schema version 9) gets the rows of their pending deadlines,
// their tallies, their search texts and search index, and the complaints'
// tallies and their next due instants, when migrations 0010 to 0028 run,
// each in its transaction: the index, the figures and the search then
// answer as the requests themselves do.
func TestRequestIndexesBackfilledByMigration(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db1, err := sqlstore.Open(ctx, dsn, nil)
		require.NoError(t, err)
		for i := range 5 {
			sample(t, db1.Requests(), fmt.Sprintf("AS-%04d", i+1))
		}
		received := time.Date(2026, 10, 19, 9, 0, 0, 0, calendar.CST())
		csvc, err := complaint.NewService(complaint.Config{Store: db1.Complaints(), NewID: func() string { return "TS-OLD1" },
			Clock: aftersales.ClockFunc(func() time.Time { return received.Add(time.Hour) })})
		require.NoError(t, err)
		_, err = csvc.Register(ctx, complaint.RegisterCommand{Actor: aftersales.Actor{ID: "u-li", Role: aftersales.RoleAfterSalesStaff,
			DepartmentID: aftersales.DeptAfterSales}, Registration: complaint.Registration{Complainant: aftersales.Customer{ID: "C-1", Name: "𠮷先生"},
			Type: complaint.TypeDelay, Description: "维修拖延", Channel: aftersales.ChannelPhone, ReceivedAt: received}})
		require.NoError(t, err)
		require.NoError(t, db1.Close())

		// Back to version 9: as the server before this release left it.
		rdb := raw(t, d, rawDSN(d, dsn))
		drops := []string{"DROP INDEX requests_status_received", "DROP INDEX requests_project_received", "DROP INDEX complaints_status_received",
			"DROP INDEX complaints_project_received", "DROP INDEX complaints_next_due", "ALTER TABLE complaints DROP COLUMN next_due_ns", "DROP INDEX tokens_customer", "DROP INDEX deliveries_channel", "ALTER TABLE files DROP COLUMN thumb", "ALTER TABLE files DROP COLUMN captured_ns", "DROP INDEX requests_number", "ALTER TABLE requests DROP COLUMN number", "DROP INDEX complaints_number",
			"ALTER TABLE complaints DROP COLUMN number", "DROP TABLE record_numbers", "DROP INDEX requests_customer_email", "DROP INDEX complaints_complainant_email", "DROP TABLE files", "DROP TABLE request_pending_minutes", "DROP TABLE deliveries", "DROP TABLE token_epoch", "DROP TABLE complaint_tally", "DROP TABLE complaint_totals", "DROP INDEX complaints_owing",
			"ALTER TABLE complaints DROP COLUMN owing", "DROP TABLE requests_search", "DROP TABLE complaints_search"}
		if d.name == "sqlite" {
			drops = append(drops, "DROP TABLE requests_grams", "DROP TABLE complaints_grams")
		}
		for _, q := range append(drops, "DROP TABLE request_tally", "DROP TABLE request_totals", "DROP TABLE request_deadlines",
			"DROP INDEX requests_received", "ALTER TABLE requests DROP COLUMN search_public",
			"ALTER TABLE requests DROP COLUMN search_contact", "DROP INDEX complaints_received",
			"CREATE INDEX complaints_received ON complaints (received_ns)", "ALTER TABLE complaints DROP COLUMN search_public",
			"ALTER TABLE complaints DROP COLUMN search_contact", "DELETE FROM schema_migrations WHERE version >= 10") {
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
		found, err := db.Requests().List(ctx, aftersales.Query{Text: "as-0003"})
		require.NoError(t, err)
		require.Len(t, found, 1, "the search finds a request stored before the search columns")
		cs, err := db.Complaints().List(ctx, complaint.Query{Text: "ts-old"})
		require.NoError(t, err)
		require.Len(t, cs, 1, "and a complaint")
		cs, err = db.Complaints().List(ctx, complaint.Query{Text: "𠮷先"})
		require.NoError(t, err)
		require.Len(t, cs, 1, "by the complainant's name, a character outside the BMP included")
		cts := db.Complaints().(complaint.TallyStore)
		ctally, err := cts.FigureTally(ctx)
		require.NoError(t, err)
		var owing []*complaint.Complaint
		require.NoError(t, cts.Owing(ctx, func(c *complaint.Complaint) error { owing = append(owing, c); return nil }))
		require.Len(t, owing, 1, "the complaint owes its C2.1 forwarding")
		due, err := db.Complaints().List(ctx, complaint.Query{DueBefore: at})
		require.NoError(t, err)
		require.Len(t, due, 1, "its C2.1 deadline, filled into next_due_ns by migration 0027, is found as due")
		require.Equal(t, complaint.FiguresOf(cs, at), complaint.CombineFigures(ctally, owing, at), "the complaint figures")
		require.Equal(t, allMigrations(t, d.name), migrationRows(t, raw(t, d, rawDSN(d, dsn))))
	})
}

// TestConcurrentSavesKeepTheTotals: writers saving different requests at
// once all succeed (on PostgreSQL the sums' rows are locked in one order,
// so that the writers wait for each other rather than deadlock), and the
// sums are then those of the requests read whole.
func TestConcurrentSavesKeepTheTotals(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		var wg sync.WaitGroup
		errs := make(chan error, 64)
		for w := range 8 {
			wg.Go(func() {
				for i := range 8 {
					r, err := register(db.Requests(), fmt.Sprintf("AS-%d-%d", w, i))
					if err == nil {
						err = db.Requests().Save(ctx, settled(r), []aftersales.Event{{RequestID: r.ID, Seq: r.Version + 1,
							Type: aftersales.EventVisited, At: r.UpdatedAt}})
					}
					if err != nil {
						errs <- err
					}
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		all, err := db.Requests().List(ctx, aftersales.Query{})
		require.NoError(t, err)
		require.Len(t, all, 64)
		ts := db.Requests().(aftersales.TallyStore)
		tally, err := ts.FigureTally(ctx)
		require.NoError(t, err)
		at := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
		counts, err := ts.PendingCounts(ctx, at)
		require.NoError(t, err)
		require.Equal(t, aftersales.FiguresOf(all, at), aftersales.CombineFigures(tally, counts, at))
	})
}

// settled returns r's next version as a closed request with a deadline
// of each clause done, on time or late, and a visit: a save that changes
// many sums at once.
func settled(r *aftersales.Request) *aftersales.Request {
	c := r.Clone()
	c.Version++
	c.Status = aftersales.StatusClosed
	at := r.UpdatedAt
	c.Deadlines = nil
	for i, cl := range []aftersales.Clause{aftersales.ClauseP1_2, aftersales.ClauseP1_3, aftersales.ClauseP3_1, aftersales.ClauseP3_2, aftersales.ClauseP4_2} {
		done := at.Add(time.Duration(i) * time.Hour)
		c.Deadlines = append(c.Deadlines, aftersales.Deadline{Clause: cl, Event: "received", From: at, Due: at.Add(2 * time.Hour), DoneAt: &done})
	}
	c.Visit = &aftersales.Visit{Satisfaction: 4}
	c.VisitedAt = &at
	return c
}

// TestPendingMinutesHoldOnlyWhatIsPending: the buckets of the pending
// counts hold the minutes open deadlines fall due in; when the requests
// close (here, withdrawn), their buckets go, so that the table does not
// grow with every minute a deadline ever fell due in.
func TestPendingMinutesHoldOnlyWhatIsPending(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db := open(t, dsn)
		for i := range 3 {
			sample(t, db.Requests(), fmt.Sprintf("AS-%04d", i+1))
		}
		rdb := raw(t, d, rawDSN(d, dsn))
		count := func() int {
			var n int
			require.NoError(t, rdb.QueryRowContext(ctx, `SELECT COUNT(*) FROM request_pending_minutes`).Scan(&n))
			return n
		}
		require.Positive(t, count(), "the open requests' deadlines are counted")
		svc, err := aftersales.NewService(aftersales.Config{Store: db.Requests(),
			Clock: aftersales.ClockFunc(func() time.Time { return time.Date(2026, 10, 20, 10, 0, 0, 0, calendar.CST()) })})
		require.NoError(t, err)
		for i := range 3 {
			r, err := db.Requests().Get(ctx, fmt.Sprintf("AS-%04d", i+1))
			require.NoError(t, err)
			_, err = svc.Withdraw(ctx, r.ID, aftersales.WithdrawCommand{Reason: "客户已自行处理", Version: r.Version,
				Actor: aftersales.Actor{ID: "u-li", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}})
			require.NoError(t, err)
		}
		require.Zero(t, count(), "no bucket is left once nothing is pending")
	})
}
