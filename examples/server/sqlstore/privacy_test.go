package sqlstore_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestPrivacyRewriteOnly: the event tables refuse an UPDATE outside the
// pseudonymising transaction, and inside it (the privacy_rewrite row
// held) accept a change of an event's body only: its type, time or
// sequence stay refused, and DELETE too.
func TestPrivacyRewriteOnly(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db := open(t, dsn)
		sample(t, db.Requests(), "AS-0001")
		rdb := raw(t, d, rawDSN(d, dsn))
		ctx := context.Background()
		_, err := rdb.ExecContext(ctx, "UPDATE request_events SET body = body")
		require.ErrorContains(t, err, "append-only", "outside the rewrite")
		for _, x := range []struct {
			stmt string
			ok   bool
		}{
			{"UPDATE request_events SET body = body", true},
			{"UPDATE request_events SET type = 'closed'", false},
			{"UPDATE request_events SET at_ns = at_ns + 1", false},
			{"UPDATE request_events SET seq = seq + 1", false},
			{"DELETE FROM request_events", false},
			{"UPDATE complaint_events SET body = body", true},
		} {
			tx, err := rdb.BeginTx(ctx, nil)
			require.NoError(t, err)
			_, err = tx.ExecContext(ctx, "INSERT INTO privacy_rewrite (id) VALUES (1)")
			require.NoError(t, err)
			_, err = tx.ExecContext(ctx, x.stmt)
			if x.ok {
				require.NoError(t, err, x.stmt)
			} else {
				require.ErrorContains(t, err, "append-only", x.stmt)
			}
			require.NoError(t, tx.Rollback())
		}
	})
}

// TestPseudonymiseRewritesHistory: Pseudonymise replaces the customer in
// the record and every event, appends pseudonymised, keeps every other
// field, and the record replays from its history; a second run leaves a
// pseudonymised record alone; RecordExport appends personal_data_exported.
func TestPseudonymiseRewritesHistory(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := open(t, d.newDSN(t))
		ctx := context.Background()
		before := sample(t, db.Requests(), "AS-0001")
		at := time.Date(2030, 1, 2, 9, 0, 0, 0, time.UTC)
		by := aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead}
		act := sqlstore.PrivacyAct{Requests: []string{"AS-0001"}, Actor: by, At: at, Reason: "客户要求删除个人信息"}
		require.NoError(t, db.RecordExport(ctx, act))
		p := aftersales.NewPseudonym()
		require.NoError(t, db.Pseudonymise(ctx, act, p))
		got, err := db.Requests().Get(ctx, "AS-0001")
		require.NoError(t, err)
		require.Equal(t, p, got.Customer)
		require.Equal(t, before.Version+2, got.Version)
		require.Equal(t, before.UpdatedAt.UTC(), got.UpdatedAt.UTC(), "no case fact moves, not even the last change")
		require.JSONEq(t, asJSON(t, before.Deadlines), asJSON(t, got.Deadlines))
		require.Equal(t, before.Status, got.Status)
		h, err := db.Requests().History(ctx, "AS-0001")
		require.NoError(t, err)
		require.Equal(t, aftersales.EventDataExported, h[len(h)-2].Type)
		require.Equal(t, aftersales.EventPseudonymised, h[len(h)-1].Type)
		require.Equal(t, "客户要求删除个人信息", h[len(h)-1].Reason)
		require.Equal(t, p, h[0].Registration.Customer)
		back, err := aftersales.Replay(h)
		require.NoError(t, err)
		require.Equal(t, got.Customer, back.Customer)

		require.NoError(t, db.Pseudonymise(ctx, act, aftersales.NewPseudonym()))
		again, err := db.Requests().Get(ctx, "AS-0001")
		require.NoError(t, err)
		require.Equal(t, got.Version, again.Version, "already pseudonymised: left alone")
	})
}

func asJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}
