package notify_test

import (
	"context"
	"path/filepath"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/staff"
)

// The desk channel puts a notice on the desk of each person responsible
// (the project department's people, its head and the project's
// specialist for an overdue P3.2), once however often it is notified.
func TestDeskPutsNoticesOnTheDesksOfThoseResponsible(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "desk.db"), nil)
	require.NoError(t, err)
	defer db.Close()
	at := time.Date(2026, 11, 20, 10, 0, 0, 0, time.UTC)
	desk := &notify.Desk{Log: db.Deliveries(), Now: func() time.Time { return at },
		Rules: &notify.Router{Org: func(context.Context) (*staff.Organisation, error) { return company(), nil }}}
	require.NoError(t, desk.Notify(ctx, overdue))
	at = at.Add(time.Minute)
	require.NoError(t, desk.Notify(ctx, overdue), "retried by the scheduler: nothing twice")
	page, err := db.Deliveries().List(ctx, sqlstore.DeliveryQuery{Subject: "AS-1"})
	require.NoError(t, err)
	var desks []string
	for _, d := range page.Deliveries {
		require.Equal(t, notify.DeliverySent, d.State)
		require.Equal(t, 1, d.Attempts)
		require.Equal(t, overdue.Message, d.Message)
		desks = append(desks, d.Channel)
	}
	sort.Strings(desks)
	require.Equal(t, []string{"desk:pm", "desk:site", "desk:spec"}, desks, "not the retired, not another department")
	mine, err := db.Deliveries().List(ctx, sqlstore.DeliveryQuery{Channel: "desk:site"})
	require.NoError(t, err)
	require.Len(t, mine.Deliveries, 1)
}
