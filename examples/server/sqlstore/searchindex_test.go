package sqlstore_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// registerAt registers request id for customer through a real Service,
// at location.
func registerAt(s aftersales.Store, id string, customer aftersales.Customer, location string) (*aftersales.Request, error) {
	svc, err := aftersales.NewService(aftersales.Config{
		Store: s,
		Clock: aftersales.ClockFunc(func() time.Time { return time.Date(2026, 10, 20, 9, 0, 0, 0, calendar.CST()) }),
		NewID: func() string { return id },
	})
	if err != nil {
		return nil, err
	}
	return svc.Register(ctx, aftersales.RegisterCommand{
		Registration: aftersales.Registration{Customer: customer, Location: location,
			Description: "卫生间渗水", Channel: aftersales.ChannelPhone, ReceivedAt: time.Date(2026, 10, 19, 9, 0, 0, 0, calendar.CST())},
		Actor: aftersales.Actor{ID: "u-li", Name: "李娜", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales},
	})
}

// TestSearchIndexFindsExactlyTheSubstrings: a search of the requests goes
// through the search index and selects exactly the requests one of whose
// fields (ID, name,
// customer ID, project; phone and location unless noContact) holds the
// query, for random texts over a small alphabet where pairs of characters
// recur in many fields (Chinese, digits, capitals, a character outside
// the BMP), for queries of two to five characters cut from the texts and
// made up; a query of one character is left to the list's own reading. A
// change of a record's texts (an update) is indexed again.
func TestSearchIndexFindsExactlyTheSubstrings(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		rng := rand.New(rand.NewPCG(15, 2026))
		alphabet := []rune("王五李四张139A-号楼𠮷")
		word := func(lo, hi int) string {
			n := lo + rng.IntN(hi-lo+1)
			rs := make([]rune, n)
			for i := range rs {
				rs[i] = alphabet[rng.IntN(len(alphabet))]
			}
			return string(rs)
		}
		var all []*aftersales.Request
		for i := range 60 {
			r, err := registerAt(db.Requests(), fmt.Sprintf("AS-%04d", i),
				aftersales.Customer{ID: "C-" + word(1, 3), Name: word(2, 4), Phone: word(3, 6)}, word(0, 6))
			require.NoError(t, err)
			all = append(all, r)
		}
		want := func(q string, noContact bool) []string {
			out := []string{}
			for _, r := range all {
				public, contact := aftersales.SearchText(r)
				if strings.Contains(public, q) || (!noContact && strings.Contains(contact, q)) {
					out = append(out, r.ID)
				}
			}
			return out
		}
		check := func(q string) {
			t.Helper()
			for _, noContact := range []bool{false, true} {
				got, indexed, err := sqlstore.SearchIndexed(ctx, db, "requests", q, noContact)
				require.NoError(t, err)
				require.Equal(t, want(q, noContact), append([]string{}, got...), "search %q, noContact %v", q, noContact)
				require.True(t, indexed, "%q is two characters or more, and not in every record", q)
			}
		}
		for range 150 {
			r := all[rng.IntN(len(all))]
			public, contact := aftersales.SearchText(r)
			text := []rune(public + "\n" + contact)
			n := 2 + rng.IntN(4)
			if len(text) < n {
				continue
			}
			i := rng.IntN(len(text) - n + 1)
			q := string(text[i : i+n])
			if strings.Contains(q, "\n") {
				continue
			}
			check(q)
			check(strings.ToLower(word(2, 3)))
		}
		_, indexed, err := sqlstore.SearchIndexed(ctx, db, "requests", "王", false)
		require.NoError(t, err)
		require.False(t, indexed, "one character has no pair in the index")

		// An erasure rewrites the customer's name: the old name is no
		// longer found, the pseudonym is.
		old := strings.ToLower(all[0].Customer.Name)
		act := sqlstore.PrivacyAct{Requests: []string{all[0].ID}, Actor: aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead},
			At: time.Date(2030, 1, 2, 9, 0, 0, 0, time.UTC), Reason: "客户要求删除个人信息"}
		require.NoError(t, db.Pseudonymise(ctx, act, aftersales.NewPseudonym()))
		for i, r := range all {
			all[i], err = db.Requests().Get(ctx, r.ID)
			require.NoError(t, err)
		}
		require.NotEqual(t, old, strings.ToLower(all[0].Customer.Name))
		check(old)
		check(strings.ToLower(all[0].Customer.Name))
	})
}

// TestSearchIndexStepsAsideForCommonTerms: a text that more than
// SearchCap records hold is not read from the index (the list's own order
// fills its page quickly then), and the list still finds it, newest first.
func TestSearchIndexStepsAsideForCommonTerms(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		db := d.fresh(t)
		n := sqlstore.SearchCap + 1
		var wg sync.WaitGroup
		errs := make(chan error, n)
		ids := make(chan int, n)
		for i := range n {
			ids <- i
		}
		close(ids)
		for range 8 {
			wg.Go(func() {
				for i := range ids {
					_, err := registerAt(db.Requests(), fmt.Sprintf("AS-%05d", i), aftersales.Customer{ID: fmt.Sprintf("C-%d", i), Name: "王五"}, "")
					errs <- err
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}
		_, indexed, err := sqlstore.SearchIndexed(ctx, db, "requests", "王五", false)
		require.NoError(t, err)
		require.False(t, indexed, "%d records hold 王五", n)
		got, indexed, err := sqlstore.SearchIndexed(ctx, db, "requests", "c-999", false)
		require.NoError(t, err)
		require.True(t, indexed)
		require.Equal(t, []string{"AS-00999"}, got)

		page, err := db.Requests().List(ctx, aftersales.Query{Text: "王五", NewestFirst: true, Limit: 50})
		require.NoError(t, err)
		require.Len(t, page, 50)
		require.True(t, slices.IsSortedFunc(page, func(a, b *aftersales.Request) int { return strings.Compare(b.ID, a.ID) }),
			"newest first (the same instant: the greater ID first)")
	})
}
