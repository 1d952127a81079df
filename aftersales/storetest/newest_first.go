package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// testNewestFirst checks List with Query.NewestFirst: the requests newest
// received first, ties by ID descending, with the other filters applied
// (a project, a received window);
// paged with Before and Limit, every request once, in that order.
func testNewestFirst(t *testing.T, f *fixture) {
	t0 := At(2026, 10, 1, 9, 0)
	// Registered out of order, three received at the same instant.
	offsets := []int{5, 1, 9, 3, 3, 3, 7, 0, 8, 2}
	f.ids.Queue("AS-0007", "AS-0003", "AS-0010", "AS-0001", "AS-0009", "AS-0002", "AS-0005", "AS-0008", "AS-0004", "AS-0006")
	for i, h := range offsets {
		project := []string{projectEast, projectWest}[i%2]
		f.register(t, reg{project: project, customer: fmt.Sprintf("C-%d", i), received: t0.Add(time.Duration(h) * time.Hour)})
	}
	all, err := f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	want := append([]*aftersales.Request(nil), all...)
	aftersales.SortNewestFirst(want)
	ids := func(rs []*aftersales.Request) []string {
		out := make([]string, len(rs))
		for i, r := range rs {
			out[i] = r.ID
		}
		return out
	}
	got, err := f.store.List(f.ctx, aftersales.Query{NewestFirst: true})
	require.NoError(t, err)
	require.Equal(t, ids(want), ids(got), "newest received first, ties by ID descending")
	require.Equal(t, "AS-0010", got[0].ID, "received at +9h")
	for i := 1; i < len(got); i++ {
		require.False(t, got[i].ReceivedAt.After(got[i-1].ReceivedAt), "newest first")
	}

	east, err := f.store.List(f.ctx, aftersales.Query{NewestFirst: true, ProjectIDs: []string{projectEast}})
	require.NoError(t, err)
	var wantEast []string
	for _, r := range want {
		if r.ProjectID == projectEast {
			wantEast = append(wantEast, r.ID)
		}
	}
	require.Equal(t, wantEast, ids(east), "with a filter")

	// A received window, as the desk's date filter asks: +3h included,
	// +8h excluded.
	from, to := t0.Add(3*time.Hour), t0.Add(8*time.Hour)
	window, err := f.store.List(f.ctx, aftersales.Query{NewestFirst: true, ReceivedFrom: from, ReceivedTo: to, Limit: 4})
	require.NoError(t, err)
	var wantWindow []string
	for _, r := range want {
		if !r.ReceivedAt.Before(from) && r.ReceivedAt.Before(to) && len(wantWindow) < 4 {
			wantWindow = append(wantWindow, r.ID)
		}
	}
	require.Len(t, wantWindow, 4, "+7h, +5h and two of the three at +3h")
	require.Equal(t, wantWindow, ids(window), "a received window, newest first, limited")

	// Page by page; and with a filter of several values (both projects),
	// as a specialist of two projects reads their list: the same order.
	id := func(r *aftersales.Request) string { return r.ID }
	for _, projects := range [][]string{nil, {projectWest, projectEast}} {
		RequireNewestFirstPaging(t, func(before *aftersales.RecordCursor, limit int) ([]*aftersales.Request, error) {
			return f.store.List(f.ctx, aftersales.Query{NewestFirst: true, ProjectIDs: projects, Before: before, Limit: limit})
		}, aftersales.CursorOf, id, ids(want), fmt.Sprintf("projects %v", projects))
	}
}
