package storetest

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// testDeadlineIndex checks a Store that is an aftersales.DeadlineIndex
// against the reading every index must agree with (aftersales.ScanDeadlines
// over the stored requests): the same items, in the same order, for every
// kind of filter, and the same again page by page; a request that moves on
// takes its rows with it. A Store without an index is skipped: the Service
// reads it request by request.
func testDeadlineIndex(t *testing.T, f *fixture) {
	idx, ok := f.store.(aftersales.DeadlineIndex)
	if !ok {
		t.Skip("the store keeps no deadline index (aftersales.DeadlineIndex is optional)")
	}
	t0 := At(2026, 9, 28, 9, 0)
	// Requests at every point of the lifecycle, on both projects: each
	// prefix of the lifecycle's steps, so that pending deadlines of every
	// clause, owner and round are there, one of them paused, and closed
	// and withdrawn requests that owe nothing.
	steps := lifecycle(t0, deptEast, aftersales.DeptDesign)
	var ids []string
	for k := 0; k <= len(steps); k++ {
		project := []string{projectEast, projectWest}[k%2]
		r := f.register(t, reg{project: project, customer: fmt.Sprintf("C-%d", k), received: t0.Add(time.Duration(k) * time.Minute),
			urgent: k%4 == 0})
		r = RunSteps(t, f.svc, r, steps[:k], nil)
		ids = append(ids, r.ID)
	}
	w := f.register(t, reg{project: projectEast, customer: "C-W", received: t0})
	_, err := f.svc.Withdraw(f.ctx, w.ID, aftersales.WithdrawCommand{Reason: "客户已自行处理", At: t0.Add(time.Hour), Actor: staff})
	require.NoError(t, err)

	all, err := f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	everything := aftersales.ScanDeadlines(all, aftersales.DeadlineFilter{})
	require.Greater(t, len(everything), 10, "the fixture has pending deadlines")
	paused := false
	for _, it := range everything {
		paused = paused || it.Deadline.PausedAt != nil
	}
	require.True(t, paused, "the fixture has a paused deadline")

	mid := everything[len(everything)/2].Deadline.Due
	after := everything[3].Cursor()
	filters := map[string]aftersales.DeadlineFilter{
		"everything":               {},
		"owed by the desk":         {Owner: aftersales.DeptAfterSales},
		"owed by a 项目部":            {Owner: deptEast},
		"owed by nobody":           {Owner: "dept-none"},
		"one project":              {ProjectIDs: []string{projectWest}},
		"two projects":             {ProjectIDs: []string{projectWest, projectEast}},
		"due before":               {DueBefore: mid},
		"due from":                 {DueFrom: mid},
		"a window":                 {DueFrom: everything[1].Deadline.Due, DueBefore: mid},
		"running only":             {Running: true},
		"overdue at mid":           {DueBefore: mid.Add(time.Nanosecond), Running: true},
		"after a cursor":           {After: &after},
		"limited":                  {Limit: 3},
		"a project's first page":   {ProjectIDs: []string{projectEast}, Limit: 2},
		"owner, window and cursor": {Owner: aftersales.DeptAfterSales, DueFrom: t0, After: &after, Limit: 4},
	}
	for name, flt := range filters {
		got, err := idx.PendingDeadlines(f.ctx, flt)
		require.NoError(t, err, name)
		RequireSame(t, aftersales.ScanDeadlines(all, flt), got, name)
	}

	// Page by page, with the cursor of each page's last item.
	var paged []aftersales.DeadlineItem
	var cur *aftersales.DeadlineCursor
	for range len(everything) + 1 {
		page, err := idx.PendingDeadlines(f.ctx, aftersales.DeadlineFilter{After: cur, Limit: 4})
		require.NoError(t, err)
		if len(page) == 0 {
			break
		}
		paged = append(paged, page...)
		c := page[len(page)-1].Cursor()
		cur = &c
	}
	RequireSame(t, everything, paged, "paging")

	// A request that moves on takes its rows with it: withdrawn, it owes
	// nothing.
	r, err := f.store.Get(f.ctx, ids[1])
	require.NoError(t, err)
	_, err = f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Reason: "客户已自行处理", Actor: staff, Version: r.Version})
	require.NoError(t, err)
	got, err := idx.PendingDeadlines(f.ctx, aftersales.DeadlineFilter{})
	require.NoError(t, err)
	for _, it := range got {
		require.NotEqual(t, r.ID, it.RequestID, "a withdrawn request owes nothing")
	}
	all, err = f.store.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	RequireSame(t, aftersales.ScanDeadlines(all, aftersales.DeadlineFilter{}), got, "after the withdrawal")
}
