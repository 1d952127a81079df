package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	ast "github.com/shouhou/shouhou/aftersales/storetest"
	"github.com/shouhou/shouhou/complaint"
)

// testNewestFirst checks List with Query.NewestFirst: the complaints
// newest received first, ties by ID descending, with the other filters
// applied; paged with Before and Limit, every complaint once, in order.
func testNewestFirst(t *testing.T, f *fixture) {
	t0 := ast.At(2026, 10, 1, 9, 0)
	offsets := []int{5, 1, 9, 3, 3, 3, 7, 0}
	f.ids.Queue("TS-0007", "TS-0003", "TS-0008", "TS-0001", "TS-0006", "TS-0002", "TS-0005", "TS-0004")
	for i, h := range offsets {
		project := []string{"P-EAST", "P-WEST"}[i%2]
		f.register(t, reg{project: project, complainant: fmt.Sprintf("C-%d", i), received: t0.Add(time.Duration(h) * time.Hour)})
	}
	all, err := f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	want := append([]*complaint.Complaint(nil), all...)
	complaint.SortNewestFirst(want)
	ids := func(cs []*complaint.Complaint) []string {
		out := make([]string, len(cs))
		for i, c := range cs {
			out[i] = c.ID
		}
		return out
	}
	got, err := f.store.List(f.ctx, complaint.Query{NewestFirst: true})
	require.NoError(t, err)
	require.Equal(t, ids(want), ids(got), "newest received first, ties by ID descending")
	require.Equal(t, "TS-0008", got[0].ID, "received at +9h")

	var west []string
	for _, c := range want {
		if c.ProjectID == "P-WEST" {
			west = append(west, c.ID)
		}
	}
	got, err = f.store.List(f.ctx, complaint.Query{NewestFirst: true, ProjectID: "P-WEST"})
	require.NoError(t, err)
	require.Equal(t, west, ids(got), "with a filter")

	// Page by page; and, two of them withdrawn, with a filter of several
	// values (two statuses), as the desk asks for the open ones: the same
	// order.
	pages := func(statuses []complaint.Status, what string) {
		ast.RequireNewestFirstPaging(t, func(before *aftersales.RecordCursor, limit int) ([]*complaint.Complaint, error) {
			return f.store.List(f.ctx, complaint.Query{NewestFirst: true, Statuses: statuses, Before: before, Limit: limit})
		}, complaint.CursorOf, func(c *complaint.Complaint) string { return c.ID }, ids(want), what)
	}
	pages(nil, "every complaint")
	for _, id := range []string{"TS-0003", "TS-0006"} {
		_, err := f.svc.Withdraw(f.ctx, id, complaint.StepCommand{Text: "不需要了", Actor: staff})
		require.NoError(t, err)
	}
	pages([]complaint.Status{complaint.StatusWithdrawn, complaint.StatusRegistered}, "two statuses")
	withdrawn, err := f.store.List(f.ctx, complaint.Query{NewestFirst: true, Limit: 3, Statuses: []complaint.Status{complaint.StatusWithdrawn}})
	require.NoError(t, err)
	require.ElementsMatch(t, []string{"TS-0003", "TS-0006"}, ids(withdrawn))
}

// testScanner checks a Store that is a complaint.Scanner: Scan calls its
// function for exactly the complaints List gives, in ID order, and stops at
// the function's first error, returning it. A Store without it is skipped.
func testScanner(t *testing.T, f *fixture) {
	sc, ok := f.store.(complaint.Scanner)
	if !ok {
		t.Skip("the store is no Scanner (complaint.Scanner is optional)")
	}
	t0 := ast.At(2026, 10, 1, 9, 0)
	for i := range 6 {
		f.register(t, reg{project: []string{"P-EAST", "P-WEST"}[i%2], complainant: fmt.Sprintf("C-%d", i),
			received: t0.Add(time.Duration(i) * 24 * time.Hour)})
	}
	for _, q := range []complaint.Query{{}, {ProjectID: "P-WEST"}, {ReceivedFrom: t0.Add(48 * time.Hour)}, {ComplainantID: "C-none"}} {
		listed, err := f.store.List(f.ctx, q)
		require.NoError(t, err)
		var want, got []string
		for _, c := range listed {
			want = append(want, c.ID)
		}
		require.NoError(t, sc.Scan(f.ctx, q, func(c *complaint.Complaint) error {
			got = append(got, c.ID)
			return nil
		}))
		require.Equal(t, want, got, "%+v", q)
	}
	stop := fmt.Errorf("enough")
	n := 0
	err := sc.Scan(f.ctx, complaint.Query{}, func(*complaint.Complaint) error { n++; return stop })
	require.ErrorIs(t, err, stop)
	require.Equal(t, 1, n, "stopped at the first error")
}

// testTextSearch checks List with Query.Text: the store finds what
// Query.Matches finds, by the complaint's ID, the complainant's name, ID
// and phone and the project, letter case aside; with TextNoContact the
// phone finds nothing.
func testTextSearch(t *testing.T, f *fixture) {
	t0 := ast.At(2026, 10, 1, 9, 0)
	f.ids.Queue("TS-ab01", "TS-AB02", "TS-cd03")
	for i, who := range []string{"C-Zhang", "C-Li", "C-Wang"} {
		f.register(t, reg{project: []string{"P-EAST", "P-WEST", "P-EAST"}[i], complainant: who, received: t0.Add(time.Duration(i))})
	}
	all, err := f.store.List(f.ctx, complaint.Query{})
	require.NoError(t, err)
	for _, q := range []complaint.Query{
		{Text: "ab0"}, {Text: "AB0"}, {Text: "ts-cd"}, {Text: "𠮷"}, {Text: "c-li"}, {Text: "p-west"}, {Text: "13800138000"},
		{Text: "13800138000", TextNoContact: true}, {Text: "ab", TextNoContact: true}, {Text: "nothing like it"},
		{Text: "ab0", ProjectID: "P-EAST"}, {Text: "TS-", NewestFirst: true, Limit: 2}, {Text: "\n"},
	} {
		want := []string{}
		for _, c := range all {
			if q.Matches(c) {
				want = append(want, c.ID)
			}
		}
		if q.NewestFirst {
			want = []string{"TS-cd03", "TS-AB02"}
		}
		got, err := f.store.List(f.ctx, q)
		require.NoError(t, err, "%+v", q)
		ids := []string{}
		for _, c := range got {
			ids = append(ids, c.ID)
		}
		require.Equal(t, want, ids, "%+v", q)
	}
	got, err := f.store.List(f.ctx, complaint.Query{Text: "13800138000"})
	require.NoError(t, err)
	require.Len(t, got, 3, "every complainant of the fixture has that phone")
}
