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
