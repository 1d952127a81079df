package sqlstore_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestListsReadTheirPageInOrder: a list filtered by a status or a project
// reads its page in the order of an index (migration 0028), whatever the
// number of rows of that status, rather than sorting them all; with
// several statuses or projects, one such query per value (records'
// spreadOut). SQLite keeps no statistics, so its plans do not change as
// the tables grow: what this checks on an empty file holds at 100,000.
func TestListsReadTheirPageInOrder(t *testing.T) {
	db := dialects[0].fresh(t)
	closed, open := aftersales.StatusClosed, aftersales.StatusInProgress
	for _, tc := range []struct {
		name    string
		list    func() error
		queries int
	}{
		{"a status, newest first", func() error {
			_, err := db.Requests().List(ctx, aftersales.Query{Statuses: []aftersales.Status{closed}, NewestFirst: true, Limit: 51})
			return err
		}, 1},
		{"a project, newest first", func() error {
			_, err := db.Requests().List(ctx, aftersales.Query{ProjectIDs: []string{"P-1"}, NewestFirst: true, Limit: 51})
			return err
		}, 1},
		{"two statuses, newest first", func() error {
			_, err := db.Requests().List(ctx, aftersales.Query{Statuses: []aftersales.Status{closed, open}, NewestFirst: true, Limit: 51})
			return err
		}, 2},
		{"three projects and a status, newest first, after a cursor", func() error {
			c := aftersales.RecordCursor{ReceivedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC), ID: "AS-9"}
			_, err := db.Requests().List(ctx, aftersales.Query{ProjectIDs: []string{"P-1", "P-2", "P-3"}, Statuses: []aftersales.Status{open},
				NewestFirst: true, Before: &c, Limit: 51})
			return err
		}, 3},
		{"two statuses, by ID", func() error {
			_, err := db.Requests().List(ctx, aftersales.Query{Statuses: []aftersales.Status{closed, open}, AfterID: "AS-1", Limit: 100})
			return err
		}, 2},
		{"a complaint status, newest first", func() error {
			_, err := db.Complaints().List(ctx, complaint.Query{Statuses: []complaint.Status{complaint.StatusResolved}, NewestFirst: true, Limit: 51})
			return err
		}, 1},
		{"complaints of a project, newest first", func() error {
			_, err := db.Complaints().List(ctx, complaint.Query{ProjectID: "P-1", NewestFirst: true, Limit: 51})
			return err
		}, 1},
		{"open complaints, newest first", func() error {
			_, err := db.Complaints().List(ctx, complaint.Query{Statuses: complaint.OpenStatuses(), NewestFirst: true, Limit: 51})
			return err
		}, len(complaint.OpenStatuses())},
	} {
		plans, err := sqlstore.ListPlans(ctx, db, tc.list)
		require.NoError(t, err, tc.name)
		require.Len(t, plans, tc.queries, "%s: one query per value", tc.name)
		for _, p := range plans {
			require.NotContains(t, p, "TEMP B-TREE", "%s: read in the index's order, not sorted:\n%s", tc.name, p)
		}
	}
}
