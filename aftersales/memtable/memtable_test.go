package memtable_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales/memtable"
)

// note is a record with a slice, so that copies show.
type note struct {
	Key     string
	Version int
	Lines   []string
}

func (n *note) Clone() *note {
	c := *n
	c.Lines = slices.Clone(n.Lines)
	return &c
}

var (
	errNotFound = errors.New("not found")
	errConflict = errors.New("conflict")
	errExists   = errors.New("exists")
	errMissing  = errors.New("missing")
)

func newTable(exists, missing bool) *memtable.Table[*note, []string] {
	errs := memtable.Errors{
		NotFound: func(key string) error { return fmt.Errorf("%s: %w", key, errNotFound) },
		Conflict: func(key string, stored, prev int) error {
			return fmt.Errorf("%s at %d, based on %d: %w", key, stored, prev, errConflict)
		},
	}
	if exists {
		errs.Exists = func(key string) error { return fmt.Errorf("%s: %w", key, errExists) }
	}
	if missing {
		errs.Missing = func(key string) error { return fmt.Errorf("%s: %w", key, errMissing) }
	}
	return memtable.New(memtable.Config[*note, []string]{
		Version:    func(n *note) int { return n.Version },
		CloneEvent: slices.Clone[[]string],
		Errors:     errs,
	})
}

func TestSaveRefusals(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name            string
		exists, missing bool
		key             string
		prev            int
		want            error
	}{
		{"create", true, true, "B", 0, nil},
		{"update", true, true, "A", 2, nil},
		{"create existing", true, true, "A", 0, errExists},
		{"create existing, no Exists", false, true, "A", 0, errConflict},
		{"update missing", true, true, "B", 1, errMissing},
		{"update missing, no Missing", true, false, "B", 1, errConflict},
		{"stale", true, true, "A", 1, errConflict},
		{"ahead", true, true, "A", 3, errConflict},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newTable(tc.exists, tc.missing)
			require.NoError(t, tb.Save(ctx, "A", 0, &note{Key: "A", Version: 1}, []string{"v1"}))
			require.NoError(t, tb.Save(ctx, "A", 1, &note{Key: "A", Version: 2}, []string{"v2"}))
			err := tb.Save(ctx, tc.key, tc.prev, &note{Key: tc.key, Version: tc.prev + 1}, []string{"new"})
			if tc.want == nil {
				require.NoError(t, err)
				h, err := tb.History(ctx, tc.key)
				require.NoError(t, err)
				require.Equal(t, []string{"new"}, h[len(h)-1])
				return
			}
			require.ErrorIs(t, err, tc.want)
			a, err := tb.Get(ctx, "A")
			require.NoError(t, err)
			require.Equal(t, 2, a.Version, "a refused Save changed the record")
			h, err := tb.History(ctx, "A")
			require.NoError(t, err)
			require.Equal(t, [][]string{{"v1"}, {"v2"}}, h, "a refused Save changed the history")
			_, err = tb.Get(ctx, "B")
			require.ErrorIs(t, err, errNotFound)
		})
	}
}

func TestCopiesInAndOut(t *testing.T) {
	ctx := context.Background()
	tb := newTable(true, true)
	n, e := &note{Key: "A", Version: 1, Lines: []string{"一"}}, []string{"e"}
	require.NoError(t, tb.Save(ctx, "A", 0, n, e))
	n.Lines[0], e[0] = "changed", "changed"
	got, err := tb.Get(ctx, "A")
	require.NoError(t, err)
	require.Equal(t, []string{"一"}, got.Lines)
	got.Lines[0] = "changed"
	list, err := tb.List(ctx, nil, 0)
	require.NoError(t, err)
	require.Equal(t, []string{"一"}, list[0].Lines)
	list[0].Lines[0] = "changed"
	h, err := tb.History(ctx, "A")
	require.NoError(t, err)
	require.Equal(t, [][]string{{"e"}}, h)
	h[0][0] = "changed"
	h, err = tb.History(ctx, "A")
	require.NoError(t, err)
	require.Equal(t, [][]string{{"e"}}, h)
	shared, err := tb.Shared(ctx, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"一"}, shared[0].Lines)
}

func TestListInKeyOrder(t *testing.T) {
	ctx := context.Background()
	tb := newTable(true, true)
	for _, k := range []string{"C", "A", "D", "B"} {
		require.NoError(t, tb.Save(ctx, k, 0, &note{Key: k, Version: 1}))
	}
	keys := func(ns []*note) []string {
		var out []string
		for _, n := range ns {
			out = append(out, n.Key)
		}
		return out
	}
	notB := func(n *note) bool { return n.Key != "B" }
	for _, tc := range []struct {
		name  string
		match func(*note) bool
		limit int
		want  []string
	}{
		{"all", nil, 0, []string{"A", "B", "C", "D"}},
		{"limit", nil, 2, []string{"A", "B"}},
		{"match", notB, 0, []string{"A", "C", "D"}},
		{"limit counts matches", notB, 2, []string{"A", "C"}},
		{"none", func(*note) bool { return false }, 0, nil},
	} {
		got, err := tb.List(ctx, tc.match, tc.limit)
		require.NoError(t, err, tc.name)
		require.NotNil(t, got, tc.name)
		require.Equal(t, tc.want, keys(got), tc.name)
	}
	shared, err := tb.Shared(ctx, notB)
	require.NoError(t, err)
	require.Equal(t, []string{"A", "C", "D"}, keys(shared))
}

func TestContextDone(t *testing.T) {
	tb := newTable(true, true)
	require.NoError(t, tb.Save(context.Background(), "A", 0, &note{Key: "A", Version: 1}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, tb.Save(ctx, "B", 0, &note{Key: "B", Version: 1}), context.Canceled)
	_, err := tb.Get(ctx, "A")
	require.ErrorIs(t, err, context.Canceled)
	_, err = tb.History(ctx, "A")
	require.ErrorIs(t, err, context.Canceled)
	_, err = tb.List(ctx, nil, 0)
	require.ErrorIs(t, err, context.Canceled)
	_, err = tb.Shared(ctx, nil)
	require.ErrorIs(t, err, context.Canceled)
	_, err = tb.Get(context.Background(), "B")
	require.ErrorIs(t, err, errNotFound, "a Save on a cancelled context wrote")
}

func TestNewNeedsVersionAndErrors(t *testing.T) {
	require.Panics(t, func() { memtable.New(memtable.Config[*note, string]{}) })
}
