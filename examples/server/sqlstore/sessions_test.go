package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestSessionsLifecycle: a session is created once, found until it ends,
// touched only forwards, and purged once old; tokens keep their expiry.
func TestSessionsLifecycle(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		ctx := context.Background()
		db := d.fresh(t)
		s := db.Sessions()
		at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
		id, tok := sqlstore.HashToken("session"), sqlstore.HashToken("token")
		require.NoError(t, s.Create(ctx, sqlstore.Session{IDHash: id, TokenHash: tok, Created: at, Seen: at}))
		require.ErrorIs(t, s.Create(ctx, sqlstore.Session{IDHash: id, TokenHash: tok, Created: at, Seen: at}), aftersales.ErrConflict)
		require.ErrorIs(t, s.Create(ctx, sqlstore.Session{IDHash: "not-a-hash", TokenHash: tok}), aftersales.ErrInvalid)

		got, err := s.Get(ctx, id)
		require.NoError(t, err)
		require.Equal(t, tok, got.TokenHash)
		require.True(t, got.Created.Equal(at))
		require.NoError(t, s.Touch(ctx, id, at.Add(time.Hour)))
		require.NoError(t, s.Touch(ctx, id, at.Add(time.Minute)), "never back")
		got, err = s.Get(ctx, id)
		require.NoError(t, err)
		require.True(t, got.Seen.Equal(at.Add(time.Hour)), "%v", got.Seen)

		require.NoError(t, s.End(ctx, id, at.Add(2*time.Hour)))
		_, err = s.Get(ctx, id)
		require.ErrorIs(t, err, aftersales.ErrNotFound)
		require.NoError(t, s.End(ctx, id, at.Add(3*time.Hour)), "ending twice is fine")

		other := sqlstore.HashToken("other")
		require.NoError(t, s.Create(ctx, sqlstore.Session{IDHash: other, TokenHash: tok, Created: at, Seen: at.Add(5 * time.Hour)}))
		n, err := s.Purge(ctx, at.Add(4*time.Hour))
		require.NoError(t, err)
		require.Equal(t, 1, n, "the ended one only")
		_, err = s.Get(ctx, other)
		require.NoError(t, err)

		// Tokens keep their expiry.
		exp := at.Add(24 * time.Hour)
		require.NoError(t, db.Tokens().Create(ctx, sqlstore.Token{Hash: tok, Label: "x", PersonID: "C-1", Role: aftersales.RoleCustomer,
			CustomerID: "C-1", CreatedAt: at, ExpiresAt: exp}))
		got2, err := db.Tokens().Lookup(ctx, tok)
		require.NoError(t, err)
		require.True(t, got2.ExpiresAt.Equal(exp))
		require.False(t, got2.Expired(exp.Add(-time.Nanosecond)))
		require.True(t, got2.Expired(exp))
	})
}
