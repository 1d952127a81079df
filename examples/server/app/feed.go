package app

import (
	"context"

	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// feedReader gives the API the SQL store's change feed.
type feedReader struct{ db *sqlstore.DB }

// Feed implements api.FeedReader.
func (f feedReader) Feed(ctx context.Context, after string, limit int) ([]api.FeedEvent, string, error) {
	items, next, err := f.db.Feed(ctx, after, limit)
	if err != nil {
		return nil, "", err
	}
	out := make([]api.FeedEvent, len(items))
	for i, it := range items {
		out[i] = api.FeedEvent{Cursor: it.Cursor, Kind: it.Kind, RecordID: it.RecordID, Seq: it.Seq, Type: it.Type, At: it.At, Event: it.Event}
	}
	return out, next, nil
}

// requestChanges is the scheduler's ChangeFeed over the SQL store's change
// feed.
type requestChanges struct{ db *sqlstore.DB }

// End implements scheduler.ChangeFeed.
func (c requestChanges) End(ctx context.Context) (string, error) { return c.db.FeedEnd(ctx) }

// Requests implements scheduler.ChangeFeed: every request written after
// the position, read 1,000 events at a time.
func (c requestChanges) Requests(ctx context.Context, after string) ([]string, string, error) {
	var out []string
	seen := map[string]bool{}
	for {
		ids, next, err := c.db.FeedRecords(ctx, after, sqlstore.FeedRequest, 1000)
		if err != nil {
			return nil, "", err
		}
		for _, id := range ids {
			if !seen[id] {
				seen[id] = true
				out = append(out, id)
			}
		}
		if next == after {
			return out, next, nil
		}
		after = next
	}
}
