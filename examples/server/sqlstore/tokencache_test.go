package sqlstore_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// tokenReads counts db's reads of the tokens table.
func tokenReads(db *sqlstore.DB) *atomic.Int64 {
	var n atomic.Int64
	db.SetObserver(func(kind, op string, _ time.Duration, _ error) {
		if kind == "read" && op == "token" {
			n.Add(1)
		}
	})
	return &n
}

// waitLive waits until db's token cache keeps what it reads (on
// PostgreSQL, once its listener has connected).
func waitLive(t *testing.T, db *sqlstore.DB, live bool) {
	t.Helper()
	require.Eventually(t, func() bool { return sqlstore.TokenCacheLive(db) == live }, 10*time.Second, 5*time.Millisecond,
		"the token cache live: %v", live)
}

func newToken(t *testing.T, db *sqlstore.DB, secret, label string) string {
	t.Helper()
	h := sqlstore.HashToken(secret)
	require.NoError(t, db.Tokens().Create(ctx, sqlstore.Token{Hash: h, Label: label, PersonID: "u-li", Role: aftersales.RoleAfterSalesStaff,
		CreatedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}))
	return h
}

// TestTokenCacheRevokedAtOnce: a token found is read from the table once
// and then from the cache; a miss is never cached; Revoke, RevokeLabelled
// and Pseudonymise each end the token on the instance at once, with
// lookups running concurrently: no lookup that starts after the
// revocation has returned finds the token.
func TestTokenCacheRevokedAtOnce(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		waitLive(t, db, true)
		reads := tokenReads(db)
		h := newToken(t, db, "secret-1", "desk")
		for range 5 {
			tok, err := db.Tokens().Lookup(ctx, h)
			require.NoError(t, err)
			require.Equal(t, "u-li", tok.PersonID)
		}
		require.EqualValues(t, 1, reads.Load(), "read once, then from the cache")
		for range 3 {
			_, err := db.Tokens().Lookup(ctx, sqlstore.HashToken("made-up"))
			require.ErrorIs(t, err, aftersales.ErrNotFound)
		}
		require.EqualValues(t, 4, reads.Load(), "a miss is read every time")

		revocations := []struct {
			name   string
			revoke func(h string) error
		}{
			{"Revoke", func(h string) error { return db.Tokens().Revoke(ctx, h, time.Now()) }},
			{"RevokeLabelled", func(string) error {
				_, err := db.Tokens().RevokeLabelled(ctx, "desk", sqlstore.HashToken("none"), time.Now())
				return err
			}},
		}
		for i, rv := range revocations {
			h := newToken(t, db, fmt.Sprintf("secret-race-%d", i), "desk")
			var revoked atomic.Bool
			var late atomic.Int64 // lookups that found the token although they started after the revocation
			var wg sync.WaitGroup
			stop := make(chan struct{})
			for range 4 {
				wg.Go(func() {
					for {
						select {
						case <-stop:
							return
						default:
						}
						after := revoked.Load()
						_, err := db.Tokens().Lookup(ctx, h)
						if after && err == nil {
							late.Add(1)
						}
						if err != nil && !errors.Is(err, aftersales.ErrNotFound) {
							t.Error(err)
							return
						}
					}
				})
			}
			time.Sleep(20 * time.Millisecond)
			require.NoError(t, rv.revoke(h), rv.name)
			revoked.Store(true)
			time.Sleep(20 * time.Millisecond)
			close(stop)
			wg.Wait()
			require.Zero(t, late.Load(), "%s: found after it returned", rv.name)
			_, err := db.Tokens().Lookup(ctx, h)
			require.ErrorIs(t, err, aftersales.ErrNotFound, rv.name)
		}

		// Pseudonymise revokes the customer's tokens.
		hc := sqlstore.HashToken("customer-link")
		require.NoError(t, db.Tokens().Create(ctx, sqlstore.Token{Hash: hc, Label: "link", PersonID: "C-1", Role: aftersales.RoleCustomer,
			CustomerID: "C-1", CreatedAt: time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)}))
		sample(t, db.Requests(), "AS-0001") // customer C-1
		_, err := db.Tokens().Lookup(ctx, hc)
		require.NoError(t, err)
		require.NoError(t, db.Pseudonymise(ctx, sqlstore.PrivacyAct{Requests: []string{"AS-0001"},
			Actor: aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead}, At: time.Now(), Reason: "客户要求删除个人信息"},
			aftersales.NewPseudonym()))
		_, err = db.Tokens().Lookup(ctx, hc)
		require.ErrorIs(t, err, aftersales.ErrNotFound, "the customer's link ends with the erasure")
	})
}

// TestTokenCacheAcrossInstances: two instances on one database. A token
// cached by the second is refused by it soon after the first revokes it:
// on PostgreSQL through the NOTIFY of the revoking transaction, on SQLite
// (a file opened by two servers) through token_epoch, read every
// tokenEpochEvery. On PostgreSQL, when the second's listener connection
// is cut, the cache it kept is dropped, so that a revocation it was never
// told of (here one written straight into the table, with no
// notification) holds as soon as the cut is noticed; once the listener is
// back it caches again.
func TestTokenCacheAcrossInstances(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		a, b := open(t, dsn), open(t, dsn)
		waitLive(t, a, true)
		waitLive(t, b, true)
		reads := tokenReads(b)

		h := newToken(t, a, "shared", "desk")
		for range 3 {
			_, err := b.Tokens().Lookup(ctx, h)
			require.NoError(t, err)
		}
		require.EqualValues(t, 1, reads.Load(), "b reads the token once")
		revokedAt := time.Now()
		require.NoError(t, a.Tokens().Revoke(ctx, h, revokedAt))
		require.Eventually(t, func() bool {
			_, err := b.Tokens().Lookup(ctx, h)
			return errors.Is(err, aftersales.ErrNotFound)
		}, 5*time.Second, time.Millisecond, "b refuses the token a revoked")
		t.Logf("b refused the revoked token %s after a's Revoke returned", time.Since(revokedAt).Round(time.Millisecond))
		if d.name == sqlstore.DialectPostgres {
			cutListener(t, d, dsn, a, b, reads)
		}
	})
}

// cutListener is TestTokenCacheAcrossInstances's PostgreSQL part: b's
// listener connection cut.
func cutListener(t *testing.T, d dialect, dsn string, a, b *sqlstore.DB, reads *atomic.Int64) {
	// Cut b's listener: b drops what it cached.
	h2 := newToken(t, a, "shared-2", "desk")
	_, err := b.Tokens().Lookup(ctx, h2)
	require.NoError(t, err)
	rdb := raw(t, d, rawDSN(d, dsn))
	_, err = rdb.ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query = 'LISTEN shouhou_tokens'`)
	require.NoError(t, err)
	require.Eventually(t, func() bool {
		// Revoked behind every instance's back, without a notification:
		// only an instance that caches nothing sees it at once.
		_, err := rdb.ExecContext(ctx, `UPDATE tokens SET revoked_at = '2026-11-02T10:00:00Z' WHERE hash = $1`, h2)
		require.NoError(t, err)
		_, err = b.Tokens().Lookup(ctx, h2)
		return errors.Is(err, aftersales.ErrNotFound)
	}, 10*time.Second, 5*time.Millisecond)
	waitLive(t, b, true) // back
	h3 := newToken(t, a, "shared-3", "desk")
	before := reads.Load()
	for range 3 {
		_, err := b.Tokens().Lookup(ctx, h3)
		require.NoError(t, err)
	}
	require.EqualValues(t, before+1, reads.Load(), "b caches again")
}
