package storetest

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// testTextSearch checks List with Query.Text: the store finds what
// Query.Matches finds, by the request's ID, the customer's name, ID and
// phone, the unit and the project, letter case aside; with TextNoContact
// the phone and the unit find nothing; with other filters and newest first.
func testTextSearch(t *testing.T, f *fixture) {
	t0 := At(2026, 10, 1, 9, 0)
	f.ids.Queue("AS-ab01", "AS-AB02", "AS-cd03")
	for i, g := range []reg{
		{project: projectEast, customer: "C-Zhang", received: t0},
		{project: projectWest, customer: "C-Li", received: t0.Add(1)},
		{project: projectEast, customer: "C-Wang", received: t0.Add(2)},
	} {
		r := f.register(t, g)
		require.Equal(t, []string{"AS-ab01", "AS-AB02", "AS-cd03"}[i], r.ID)
	}
	all, err := f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	for _, q := range []aftersales.Query{
		{Text: "ab0"}, {Text: "AB0"}, {Text: "as-cd"}, {Text: "𠮷"}, {Text: "c-li"}, {Text: "p-west"},
		{Text: "13800138000"}, {Text: "138001"}, {Text: "3号楼2单元"},
		{Text: "13800138000", TextNoContact: true}, {Text: "3号楼", TextNoContact: true}, {Text: "ab", TextNoContact: true},
		{Text: "nothing like it"}, {Text: "ab0", ProjectIDs: []string{projectEast}},
		{Text: "AS-", NewestFirst: true, Limit: 2},
		{Text: "\n"},
	} {
		var want []string
		for _, r := range all {
			if q.Matches(r) {
				want = append(want, r.ID)
			}
		}
		if q.NewestFirst {
			want = []string{"AS-cd03", "AS-AB02"}
		}
		got, err := f.store.List(f.ctx, q)
		require.NoError(t, err, "%+v", q)
		ids := []string{}
		for _, r := range got {
			ids = append(ids, r.ID)
		}
		if want == nil {
			want = []string{}
		}
		require.Equal(t, want, ids, "%+v", q)
	}
	// The fixture's customer is 𠮷先生 at 3号楼2单元501, phone 13800138000:
	// every request matches those; the phone not without contact.
	got, err := f.store.List(f.ctx, aftersales.Query{Text: "13800138000"})
	require.NoError(t, err)
	require.Len(t, got, 3)
	got, err = f.store.List(f.ctx, aftersales.Query{Text: "13800138000", TextNoContact: true})
	require.NoError(t, err)
	require.Empty(t, got)
}
