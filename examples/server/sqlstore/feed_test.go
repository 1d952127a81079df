package sqlstore_test

import (
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// readAll reads the feed from after to its end in pages of n.
func readAll(t *testing.T, db *sqlstore.DB, after string, n int) ([]sqlstore.FeedItem, string) {
	t.Helper()
	var all []sqlstore.FeedItem
	for {
		items, next, err := db.Feed(ctx, after, n)
		require.NoError(t, err)
		if len(items) == 0 {
			require.Equal(t, after, next, "an empty page keeps the cursor")
			return all, after
		}
		require.Equal(t, items[len(items)-1].Cursor, next)
		all = append(all, items...)
		after = next
	}
}

// TestFeedPagesThroughEveryEventOnce: every event written is in the feed,
// once, with its body, in the order written; a page's cursor goes on where
// it stopped; a bad cursor is refused.
func TestFeedPagesThroughEveryEventOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		for i := range 5 {
			sample(t, db.Requests(), fmt.Sprintf("AS-%04d", i))
		}
		items, end := readAll(t, db, "", 2)
		require.Len(t, items, 5)
		for i, it := range items {
			require.Equal(t, sqlstore.FeedRequest, it.Kind)
			require.Equal(t, fmt.Sprintf("AS-%04d", i), it.RecordID, "in the order written")
			require.Equal(t, 1, it.Seq)
			var e aftersales.Event
			require.NoError(t, json.Unmarshal(it.Event, &e))
			require.Equal(t, it.RecordID, e.RequestID)
			require.Equal(t, aftersales.EventRegistered, e.Type)
		}
		sample(t, db.Requests(), "AS-0005")
		more, _ := readAll(t, db, end, 10)
		require.Len(t, more, 1, "only what came after the cursor")
		require.Equal(t, "AS-0005", more[0].RecordID)

		for _, bad := range []string{"x", "1", "1.2.3", "-1.2", "99999999999999999999999.1"} {
			_, _, err := db.Feed(ctx, bad, 10)
			require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "cursor_invalid"}, bad)
		}
	})
}

// TestFeedWhileWritersCommit: a reader following the feed while four
// writers commit sees every event exactly once, each record's events in
// their order.
func TestFeedWhileWritersCommit(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		const writers, each = 4, 15
		done := make(chan struct{})
		var wg sync.WaitGroup
		for w := range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					_, err := register(db.Requests(), fmt.Sprintf("AS-%d-%02d", w, i))
					require.NoError(t, err)
				}
			}()
		}
		go func() { wg.Wait(); close(done) }()

		seen := map[string]int{}
		after := ""
		for finished := false; !finished; {
			select {
			case <-done:
				finished = true
			default:
			}
			items, next, err := db.Feed(ctx, after, 7)
			require.NoError(t, err)
			for _, it := range items {
				seen[fmt.Sprintf("%s/%d", it.RecordID, it.Seq)]++
			}
			after = next
		}
		rest, _ := readAll(t, db, after, 7)
		for _, it := range rest {
			seen[fmt.Sprintf("%s/%d", it.RecordID, it.Seq)]++
		}
		require.Len(t, seen, writers*each, "every event")
		for k, n := range seen {
			require.Equal(t, 1, n, "%s read %d times", k, n)
		}
	})
}

// TestFeedEndAndRecords: FeedEnd is where the feed ends now, and
// FeedRecords from it names exactly the records written since, each once
// however many events they had, page by page.
func TestFeedEndAndRecords(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		end, err := db.FeedEnd(ctx)
		require.NoError(t, err)
		require.Equal(t, "", end, "an empty feed")
		sample(t, db.Requests(), "AS-0001")
		end, err = db.FeedEnd(ctx)
		require.NoError(t, err)
		require.NotEmpty(t, end)
		ids, next, err := db.FeedRecords(ctx, end, sqlstore.FeedRequest, 100)
		require.NoError(t, err)
		require.Empty(t, ids, "nothing written since the end")
		require.Equal(t, end, next)

		for _, id := range []string{"AS-0002", "AS-0003", "AS-0004"} {
			sample(t, db.Requests(), id) // each a registration and a coverage decision
		}
		got := map[string]int{}
		cur := end
		for range 20 {
			ids, next, err := db.FeedRecords(ctx, cur, sqlstore.FeedRequest, 3) // pages that split a record's events
			require.NoError(t, err)
			if next == cur {
				break
			}
			for _, id := range ids {
				got[id]++
			}
			cur = next
		}
		require.Len(t, got, 3)
		for _, id := range []string{"AS-0002", "AS-0003", "AS-0004"} {
			require.Contains(t, got, id)
		}
		ids, _, err = db.FeedRecords(ctx, end, sqlstore.FeedComplaint, 100)
		require.NoError(t, err)
		require.Empty(t, ids, "no complaint written")
		_, _, err = db.FeedRecords(ctx, "nonsense", sqlstore.FeedRequest, 100)
		require.Error(t, err)
	})
}
