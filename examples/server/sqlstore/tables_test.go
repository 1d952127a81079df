package sqlstore_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/warranty"
)

var ctx = context.Background()

// requireKind requires err to be of the given kind; format and args say
// what was tried.
func requireKind(t *testing.T, kind aftersales.ErrorKind, err error, format string, args ...any) {
	t.Helper()
	what := fmt.Sprintf(format, args...)
	require.Error(t, err, what)
	require.Equal(t, kind, aftersales.KindOf(err), "%s: %v", what, err)
}

func TestTokens(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		tokens := d.fresh(t).Tokens()
		n, err := tokens.Count(ctx)
		require.NoError(t, err)
		require.Zero(t, n)

		created := time.Date(2026, 10, 20, 9, 30, 15, 123456789, calendar.CST())
		staffTok := sqlstore.Token{Hash: sqlstore.HashToken("secret-staff"), Label: "李娜的工作站", PersonID: "u-li",
			Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, CreatedAt: created}
		custTok := sqlstore.Token{Hash: sqlstore.HashToken("secret-customer"), Label: "客户门户", PersonID: "C-1001",
			Role: aftersales.RoleCustomer, CustomerID: "C-1001", CreatedAt: created.Add(time.Hour)}
		require.NoError(t, tokens.Create(ctx, staffTok))
		require.NoError(t, tokens.Create(ctx, custTok))

		for _, want := range []sqlstore.Token{staffTok, custTok} {
			got, err := tokens.Lookup(ctx, want.Hash)
			require.NoError(t, err)
			require.True(t, want.CreatedAt.Equal(got.CreatedAt), "CreatedAt %v, stored %v", want.CreatedAt, got.CreatedAt)
			got.CreatedAt = want.CreatedAt
			require.Equal(t, want, got)
		}
		// Hex is hex in either case.
		got, err := tokens.Lookup(ctx, strings.ToUpper(custTok.Hash))
		require.NoError(t, err)
		require.Equal(t, "C-1001", got.CustomerID)

		// A second token with the same hash is a conflict and changes nothing.
		dup := staffTok
		dup.Label, dup.Role = "冒名", aftersales.RoleGeneralManager
		requireKind(t, aftersales.KindConflict, tokens.Create(ctx, dup), "duplicate hash")
		requireKind(t, aftersales.KindConflict, tokens.Create(ctx, sqlstore.Token{Hash: strings.ToUpper(staffTok.Hash)}), "duplicate hash in upper case")
		got, err = tokens.Lookup(ctx, staffTok.Hash)
		require.NoError(t, err)
		require.Equal(t, staffTok.Label, got.Label)
		require.Equal(t, aftersales.RoleAfterSalesStaff, got.Role)

		// Unknown hashes, and things that are not hashes, are not found.
		for _, h := range []string{sqlstore.HashToken("never issued"), "", "secret-staff", strings.Repeat("z", 64), "x' OR '1'='1"} {
			_, err := tokens.Lookup(ctx, h)
			requireKind(t, aftersales.KindNotFound, err, "Lookup(%q)", h)
			require.True(t, errors.Is(err, aftersales.ErrNotFound))
		}
		// A secret passed by mistake is refused, not stored.
		requireKind(t, aftersales.KindInvalid, tokens.Create(ctx, sqlstore.Token{Hash: "secret-staff", PersonID: "u-li"}), "a secret as hash")

		n, err = tokens.Count(ctx)
		require.NoError(t, err)
		require.Equal(t, 2, n)

		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		require.Error(t, tokens.Create(cancelled, sqlstore.Token{Hash: sqlstore.HashToken("late")}))
		_, err = tokens.Lookup(cancelled, staffTok.Hash)
		require.Error(t, err)
		_, err = tokens.Count(cancelled)
		require.Error(t, err)
		n, err = tokens.Count(ctx)
		require.NoError(t, err)
		require.Equal(t, 2, n, "a Create on a cancelled context wrote")
	})
}

func TestClaims(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		t0 := time.Date(2026, 10, 20, 9, 0, 0, 0, calendar.CST())
		const lease = time.Minute

		t.Run("Race", func(t *testing.T) {
			// Two instances (two Opens of one database), four workers
			// each, race for each of 20 keys: exactly one wins each.
			dsn := d.newDSN(t)
			instances := []*sqlstore.DB{open(t, dsn), open(t, dsn)}
			const keys, workers = 20, 4
			wins := make([]int, keys)
			var mu sync.Mutex
			var wg sync.WaitGroup
			start := make(chan struct{})
			errs := make(chan error, keys*workers*2)
			for i, db := range instances {
				for w := range workers {
					owner := fmt.Sprintf("instance-%d/worker-%d", i, w)
					wg.Go(func() {
						<-start
						for k := range keys {
							ok, err := db.Claims().Claim(ctx, fmt.Sprintf("reminder:AS-%04d", k), owner, t0, lease)
							if err != nil {
								errs <- err
								return
							}
							if ok {
								mu.Lock()
								wins[k]++
								mu.Unlock()
							}
						}
					})
				}
			}
			close(start)
			wg.Wait()
			close(errs)
			for err := range errs {
				require.NoError(t, err)
			}
			for k, n := range wins {
				require.Equal(t, 1, n, "key %d was won %d times", k, n)
			}
		})

		t.Run("LeaseTakeover", func(t *testing.T) {
			c := d.fresh(t).Claims()
			claim := func(owner string, at time.Time) bool {
				t.Helper()
				ok, err := c.Claim(ctx, "report:2026-09", owner, at, lease)
				require.NoError(t, err)
				return ok
			}
			require.True(t, claim("a", t0), "a new key")
			require.False(t, claim("b", t0.Add(30*time.Second)), "b, within a's lease")
			require.False(t, claim("a", t0.Add(30*time.Second)), "a again, within its own lease: not acquired anew")
			require.False(t, claim("b", t0.Add(lease-time.Nanosecond)), "b, a nanosecond before a's lease runs out")
			require.True(t, claim("b", t0.Add(lease)), "b, once a's claim is lease old")
			require.False(t, claim("a", t0.Add(lease+time.Second)), "a, after b took over")
			require.True(t, claim("c", t0.Add(2*lease+time.Second)), "c, after b's lease")
			// Instants in other locations compare as instants.
			require.False(t, claim("d", t0.Add(2*lease+2*time.Second).UTC()), "d, within c's lease, in UTC")
		})

		t.Run("DonePreventsTakeover", func(t *testing.T) {
			c := d.fresh(t).Claims()
			ok, err := c.Claim(ctx, "k", "a", t0, lease)
			require.NoError(t, err)
			require.True(t, ok)
			require.NoError(t, c.Done(ctx, "k", t0.Add(time.Second)))
			for _, owner := range []string{"a", "b"} {
				ok, err := c.Claim(ctx, "k", owner, t0.Add(24*time.Hour), lease)
				require.NoError(t, err)
				require.False(t, ok, "%s claimed a done key", owner)
			}
			// Release does not undo Done.
			require.NoError(t, c.Release(ctx, "k", "a"))
			ok, err = c.Claim(ctx, "k", "b", t0.Add(48*time.Hour), lease)
			require.NoError(t, err)
			require.False(t, ok, "a released done key was claimed")
			// Done twice is fine; Done of a key never claimed marks it done.
			require.NoError(t, c.Done(ctx, "k", t0.Add(time.Hour)))
			require.NoError(t, c.Done(ctx, "never-claimed", t0))
			ok, err = c.Claim(ctx, "never-claimed", "a", t0.Add(time.Hour), lease)
			require.NoError(t, err)
			require.False(t, ok)
		})

		t.Run("Release", func(t *testing.T) {
			c := d.fresh(t).Claims()
			claim := func(owner string, at time.Time) bool {
				t.Helper()
				ok, err := c.Claim(ctx, "k", owner, at, lease)
				require.NoError(t, err)
				return ok
			}
			require.True(t, claim("a", t0))
			require.NoError(t, c.Release(ctx, "k", "b"), "a release by another owner")
			require.False(t, claim("b", t0.Add(time.Second)), "b released a's claim")
			require.NoError(t, c.Release(ctx, "k", "a"))
			require.True(t, claim("b", t0.Add(2*time.Second)), "after a released it, at once")
			require.False(t, claim("a", t0.Add(3*time.Second)))
			require.NoError(t, c.Release(ctx, "unknown", "a"), "releasing an unknown key")
		})

		t.Run("Invalid", func(t *testing.T) {
			c := d.fresh(t).Claims()
			for _, tc := range []struct {
				key, owner string
				lease      time.Duration
			}{{"", "a", lease}, {"k", "", lease}, {"k", "a", 0}, {"k", "a", -time.Second}, {"k\x00", "a", lease}} {
				_, err := c.Claim(ctx, tc.key, tc.owner, t0, tc.lease)
				requireKind(t, aftersales.KindInvalid, err, "Claim(%q, %q, %v)", tc.key, tc.owner, tc.lease)
			}
			cancelled, cancel := context.WithCancel(ctx)
			cancel()
			_, err := c.Claim(cancelled, "k", "a", t0, lease)
			require.Error(t, err)
			require.Error(t, c.Done(cancelled, "k", t0))
			require.Error(t, c.Release(cancelled, "k", "a"))
			ok, err := c.Claim(ctx, "k", "a", t0, lease)
			require.NoError(t, err)
			require.True(t, ok, "a claim on a cancelled context was written")
		})
	})
}

func TestNotices(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		notices := d.fresh(t).Notices()
		all, err := notices.All(ctx)
		require.NoError(t, err)
		require.Empty(t, all)

		at := time.Date(2026, 11, 12, 17, 5, 0, 999, calendar.CST())
		n2027 := sqlstore.Notice{Year: 2027, JSON: []byte(`{"year": 2027, "papers": ["https://www.gov.cn/x"],
  "days": [{"name": "元旦", "date": "2027-01-01", "isOffDay": true}]}`), LoadedBy: "u-zhao", LoadedAt: at}
		n2026 := sqlstore.Notice{Year: 2026, JSON: []byte(`{"year":2026,"days":[]}`), LoadedBy: "u-li", LoadedAt: at.Add(-time.Hour)}
		require.NoError(t, notices.Save(ctx, n2027))
		require.NoError(t, notices.Save(ctx, n2026))
		check := func(want ...sqlstore.Notice) {
			t.Helper()
			all, err := notices.All(ctx)
			require.NoError(t, err)
			require.Len(t, all, len(want))
			for i := range want {
				require.True(t, want[i].LoadedAt.Equal(all[i].LoadedAt), "LoadedAt")
				all[i].LoadedAt = want[i].LoadedAt
				require.Equal(t, want[i], all[i], "kept byte for byte, ordered by year")
			}
		}
		check(n2026, n2027)

		// Saving a year again replaces it.
		revised := n2027
		revised.JSON = []byte(`{"year":2027,"papers":["https://www.gov.cn/y"],"days":[]}`)
		revised.LoadedBy, revised.LoadedAt = "u-li", at.Add(time.Hour)
		require.NoError(t, notices.Save(ctx, revised))
		check(n2026, revised)

		for _, bad := range []sqlstore.Notice{
			{Year: 2028, JSON: []byte(`{"year":2028`)},
			{Year: 2028, JSON: nil},
			{Year: 0, JSON: []byte(`{}`)},
			{Year: 2028, JSON: []byte("{\"note\":\"\xff\"}")},
		} {
			requireKind(t, aftersales.KindInvalid, notices.Save(ctx, bad), "Save(%d, %q)", bad.Year, bad.JSON)
		}
		cancelled, cancel := context.WithCancel(ctx)
		cancel()
		require.Error(t, notices.Save(cancelled, sqlstore.Notice{Year: 2029, JSON: []byte(`{}`)}))
		_, err = notices.All(cancelled)
		require.Error(t, err)
		check(n2026, revised)
	})
}

// TestUnreadableValuesRefused: a value whose JSON its own decoding rejects
// (a month past 9999 encodes as "10000-01", which it does not parse) is
// refused, and nothing is written, rather than stored where it could never
// be read. A zero calendar.Date, by contrast, round-trips as empty text.
func TestUnreadableValuesRefused(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		now := time.Date(2026, 11, 27, 10, 0, 0, 0, calendar.CST())
		w := &warranty.Warranty{ProjectID: "P-1", Version: 1, Inspections: []warranty.Inspection{{Inspector: "王工"}}, UpdatedAt: now}
		require.NoError(t, db.Warranties().Save(ctx, w, warranty.Change{ProjectID: "P-1", Seq: 1, Type: "set_up", At: now}))
		got, err := db.Warranties().Get(ctx, "P-1")
		require.NoError(t, err)
		require.True(t, got.Inspections[0].Date.IsZero())

		err = db.Complaints().SaveDelivery(ctx, complaint.Delivery{Month: complaint.Month{Year: 10000, Month: time.January}, At: now})
		require.Error(t, err)
		err = db.Complaints().SaveDelivery(ctx, complaint.Delivery{At: now})
		requireKind(t, aftersales.KindInvalid, err, "SaveDelivery of the zero month")
		ds, err := db.Complaints().Deliveries(ctx)
		require.NoError(t, err)
		require.Empty(t, ds)
	})
}

func TestTokenRevocation(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		tokens := d.fresh(t).Tokens()
		at := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
		mk := func(secret, label string) sqlstore.Token {
			tok := sqlstore.Token{Hash: sqlstore.HashToken(secret), Label: label, PersonID: "admin", Role: aftersales.RoleGeneralManager, CreatedAt: at}
			require.NoError(t, tokens.Create(ctx, tok))
			return tok
		}
		a, b, c := mk("a", "SHOUHOU_ADMIN_TOKEN"), mk("b", "SHOUHOU_ADMIN_TOKEN"), mk("c", "其他")

		require.NoError(t, tokens.Revoke(ctx, a.Hash, at.Add(time.Hour)))
		_, err := tokens.Lookup(ctx, a.Hash)
		requireKind(t, aftersales.KindNotFound, err, "a revoked token does not authenticate")
		requireKind(t, aftersales.KindNotFound, tokens.Revoke(ctx, a.Hash, at), "revoked twice")
		requireKind(t, aftersales.KindNotFound, tokens.Revoke(ctx, sqlstore.HashToken("nope"), at), "unknown")

		d2 := mk("d", "SHOUHOU_ADMIN_TOKEN")
		n, err := tokens.RevokeLabelled(ctx, "SHOUHOU_ADMIN_TOKEN", d2.Hash, at.Add(2*time.Hour))
		require.NoError(t, err)
		require.Equal(t, 1, n, "b only: a was revoked already, d is kept")
		for hash, live := range map[string]bool{b.Hash: false, c.Hash: true, d2.Hash: true} {
			_, err := tokens.Lookup(ctx, hash)
			require.Equal(t, live, err == nil, hash)
		}
	})
}
