package app_test

import (
	"context"
	"encoding/json"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestP4_2_AnExistingDatabaseIsBroughtForwardAtStart: a request stored
// while P4.2 was counted from the acceptance gets its visit deadline counted
// from the completion of handling when the server starts, recorded in its
// history, once however often the server starts.
func TestP4_2_AnExistingDatabaseIsBroughtForwardAtStart(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		var old struct {
			History []aftersales.Event  `json:"history"`
			Record  *aftersales.Request `json:"record"`
		}
		data, err := os.ReadFile("../../../aftersales/testdata/history-before-p4_2.json")
		require.NoError(t, err)
		require.NoError(t, json.Unmarshal(data, &old))
		ctx := context.Background()
		db, err := sqlstore.Open(ctx, dsn, quiet)
		require.NoError(t, err)
		require.NoError(t, db.Requests().Save(ctx, old.Record, old.History))
		require.NoError(t, db.Close())

		c := testclock.New(time.Date(2026, 10, 9, 12, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		id := old.Record.ID
		r, err := s.app.Requests.Get(ctx, id)
		require.NoError(t, err)
		var live []aftersales.Deadline
		for _, d := range r.Deadlines {
			if d.Clause == aftersales.ClauseP4_2 && d.Pending() {
				live = append(live, d)
			}
		}
		require.Len(t, live, 1)
		require.Equal(t, "completed", live[0].Event)
		require.True(t, live[0].Due.Equal(time.Date(2026, 10, 10, 0, 0, 0, 0, calendar.CST())), "%v", live[0].Due)
		require.Equal(t, old.Record.Version+1, r.Version, "one event records the change")
		s.stop()

		again := start(t, dsn, c, &recorder{}, "")
		r2, err := again.app.Requests.Get(ctx, id)
		require.NoError(t, err)
		require.Equal(t, r.Version, r2.Version, "nothing more at the next start")
	})
}
