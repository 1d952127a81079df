package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// The pieces below are the harness the conformance suites of every chapter
// share (aftersales, complaint, warranty and staff): each suite stays a
// readable account of what its Store must do, and these say once how a
// subtest gets its store, how writers race and how a store's answer is
// compared. An integrator writing a suite for a Store of their own can use
// them too.

// Subtest is one named check of a conformance suite, run on the fixture F
// the suite builds around a fresh store.
type Subtest[F any] struct {
	Name string                  // the subtest's name, as t.Run shows it
	Run  func(t *testing.T, f F) // the check
}

// RunSubtests runs each subtest in t.Run under its name, on the fixture
// newFixture builds around the store newStore returns for that subtest,
// which must be fresh and empty.
func RunSubtests[S, F any](t *testing.T, newStore func(t *testing.T) S, newFixture func(t *testing.T, s S) F, subtests ...Subtest[F]) {
	t.Helper()
	for _, st := range subtests {
		t.Run(st.Name, func(t *testing.T) {
			s := newStore(t)
			require.NotNil(t, s, "newStore returned nil")
			st.Run(t, newFixture(t, s))
		})
	}
}

// At returns a whole-second instant in China Standard Time, as the suites
// write their times.
func At(year int, month time.Month, day, hour, min int) time.Time {
	return time.Date(year, month, day, hour, min, 0, 0, calendar.CST())
}

// IDQueue is a Service's NewID for a suite: it hands out the queued IDs
// first, in order, then Prefix-0001, Prefix-0002, … It is safe for
// concurrent use; the zero IDQueue numbers IDs with no prefix.
type IDQueue struct {
	Prefix string // such as "AS"

	mu    sync.Mutex
	queue []string
	n     int
}

// Queue adds ids to those handed out first.
func (q *IDQueue) Queue(ids ...string) {
	q.mu.Lock()
	defer q.mu.Unlock()
	q.queue = append(q.queue, ids...)
}

// Next returns the next ID.
func (q *IDQueue) Next() string {
	q.mu.Lock()
	defer q.mu.Unlock()
	if len(q.queue) > 0 {
		id := q.queue[0]
		q.queue = q.queue[1:]
		return id
	}
	q.n++
	return fmt.Sprintf("%s-%04d", q.Prefix, q.n)
}

// Saved keeps, in Normalized copies and by record, the events a suite's
// recorder saw the store under test accept. It is safe for concurrent use;
// the zero Saved is empty.
type Saved[E any] struct {
	mu sync.Mutex
	m  map[string][]E
}

// Add keeps events as saved for the record key.
func (s *Saved[E]) Add(key string, events ...E) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[string][]E{}
	}
	s.m[key] = append(s.m[key], Normalized(events)...)
}

// Of returns the events kept for key, in the order saved.
func (s *Saved[E]) Of(key string) []E {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.m[key])
}

// Step is one command of a lifecycle: Run takes a record R, as last
// returned, through the Service S and returns the record the Service
// returned.
type Step[S, R any] struct {
	Name string                    // the step, as a failure names it
	Run  func(s S, r R) (R, error) // the command
}

// RunSteps runs steps on r through svc and returns the last record the
// Service returned. check, if not nil, is called after every step.
func RunSteps[S, R any](t *testing.T, svc S, r R, steps []Step[S, R], check func(name string, r R)) R {
	t.Helper()
	for _, s := range steps {
		next, err := s.Run(svc, r)
		require.NoError(t, err, "step %s", s.Name)
		require.NotNil(t, next, "step %s returned nil", s.Name)
		r = next
		if check != nil {
			check(s.Name, r)
		}
	}
	return r
}

// RequireSame requires got to equal want, both Normalized: every time
// compared as an instant, decimals by value, nil and empty slices alike.
func RequireSame[T any](t *testing.T, want, got T, msgAndArgs ...any) {
	t.Helper()
	require.Equal(t, Normalized(want), Normalized(got), msgAndArgs...)
}

// RequireStored requires get and history to return want and wantHistory
// for key: what the store holds, unchanged by whatever msg says happened.
func RequireStored[R, E any](t *testing.T, ctx context.Context, get func(context.Context, string) (R, error),
	history func(context.Context, string) ([]E, error), key string, want R, wantHistory []E, msg string) {
	t.Helper()
	got, err := get(ctx, key)
	require.NoError(t, err, "%s: Get(%s)", msg, key)
	RequireSame(t, want, got, "%s: the stored record changed", msg)
	h, err := history(ctx, key)
	require.NoError(t, err, "%s: History(%s)", msg, key)
	RequireSame(t, wantHistory, h, "%s: the stored history changed", msg)
}

// RequireNotFound requires get and history of key to fail with a
// KindNotFound error and to return nothing.
func RequireNotFound[R, E any](t *testing.T, ctx context.Context, get func(context.Context, string) (R, error),
	history func(context.Context, string) ([]E, error), key string) {
	t.Helper()
	r, err := get(ctx, key)
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "Get(%q): want a KindNotFound error, got %v", key, err)
	require.Nil(t, r)
	h, err := history(ctx, key)
	require.True(t, errors.Is(err, aftersales.ErrNotFound), "History(%q): want a KindNotFound error, got %v", key, err)
	require.Empty(t, h)
}

// RequireIDs requires every record of a list to be there (not nil) and
// to match, and returns their IDs in order. what names the list.
func RequireIDs[R any](t *testing.T, list []R, id func(R) string, match func(R) bool, what string) []string {
	t.Helper()
	var ids []string
	for i, r := range list {
		require.NotNil(t, r, "%s: record %d is nil", what, i)
		ids = append(ids, id(r))
		require.True(t, match(r), "%s returned %s, which does not match the query", what, id(r))
	}
	return ids
}

// RequirePaging requires pages of 1, 2 and 4 records from list, each page
// after the last ID of the page before, to visit the records want, each
// once, in order.
func RequirePaging[R any](t *testing.T, list func(afterID string, limit int) ([]R, error), id func(R) string, want []string) {
	t.Helper()
	requirePages(t, []int{1, 2, 4}, func(after *string, limit int) ([]R, error) {
		if after == nil {
			return list("", limit)
		}
		return list(*after, limit)
	}, id, id, want, "by ID")
}

// RequireNewestFirstPaging requires pages of 1, 3 and 4 records from list,
// newest received first, each page after the cursor of the last record of
// the page before (nil: the first page), to visit the records want, each
// once, in order.
func RequireNewestFirstPaging[R any](t *testing.T, list func(before *aftersales.RecordCursor, limit int) ([]R, error),
	cursor func(R) aftersales.RecordCursor, id func(R) string, want []string, what string) {
	t.Helper()
	requirePages(t, []int{1, 3, 4}, list, cursor, id, want, what)
}

// requirePages requires the pages of each size from list, each after the
// position next gives of the last record of the page before (nil: the
// first page), to visit the records want, each once, in order.
func requirePages[R, P any](t *testing.T, sizes []int, list func(after *P, limit int) ([]R, error), next func(R) P,
	id func(R) string, want []string, what string) {
	t.Helper()
	for _, size := range sizes {
		var ids []string
		var after *P
		for pages := 0; ; pages++ {
			require.Less(t, pages, 2*len(want)+2, "%s: paging with Limit %d does not end", what, size)
			page, err := list(after, size)
			require.NoError(t, err)
			require.LessOrEqual(t, len(page), size)
			if len(page) == 0 {
				break
			}
			for _, r := range page {
				ids = append(ids, id(r))
			}
			p := next(page[len(page)-1])
			after = &p
		}
		require.Equal(t, want, ids, "%s: paging with Limit %d", what, size)
	}
}

// RequireSameInstants requires the deadlines got to have the instants of
// want (Due, From and DoneAt), whatever their locations.
func RequireSameInstants(t *testing.T, want, got []aftersales.Deadline) {
	t.Helper()
	require.Len(t, got, len(want))
	for i, d := range want {
		g := got[i]
		require.True(t, d.Due.Equal(g.Due), "Deadlines[%d].Due %v, stored %v", i, d.Due, g.Due)
		require.True(t, d.From.Equal(g.From), "Deadlines[%d].From %v, stored %v", i, d.From, g.From)
		require.Equal(t, d.DoneAt == nil, g.DoneAt == nil, "Deadlines[%d].DoneAt", i)
		if d.DoneAt != nil {
			require.True(t, d.DoneAt.Equal(*g.DoneAt), "Deadlines[%d].DoneAt %v, stored %v", i, *d.DoneAt, *g.DoneAt)
		}
	}
}

// Race runs n writers: each prepares (reading from the store) and waits at
// a barrier, then all write at once. It fails the test if a writer could
// not prepare, and returns each writer's error.
func Race(t *testing.T, n int, prepare func(i int) (write func() error, err error)) []error {
	t.Helper()
	var (
		ready, done sync.WaitGroup
		start       = make(chan struct{})
		errs        = make([]error, n)
		prepErrs    = make([]error, n)
	)
	ready.Add(n)
	done.Add(n)
	for i := range n {
		go func() {
			defer done.Done()
			write, err := prepare(i)
			ready.Done()
			if err != nil {
				prepErrs[i] = err
				return
			}
			<-start
			errs[i] = write()
		}()
	}
	ready.Wait()
	close(start)
	done.Wait()
	for i, err := range prepErrs {
		require.NoError(t, err, "writer %d: preparing", i)
	}
	return errs
}

// OneWinner requires exactly one nil error and KindConflict errors for the
// rest, and returns the winner. msg names the race.
func OneWinner(t *testing.T, errs []error, msg string) int {
	t.Helper()
	winner := -1
	for i, err := range errs {
		if err == nil {
			require.Equal(t, -1, winner, "%s: writers %d and %d both won", msg, winner, i)
			winner = i
			continue
		}
		require.True(t, errors.Is(err, aftersales.ErrConflict), "%s, writer %d: want a KindConflict error, got %v", msg, i, err)
	}
	require.NotEqual(t, -1, winner, "%s: no writer won", msg)
	return winner
}

// MustGet returns the record get gives for key, failing the test if it
// gives an error or nothing.
func MustGet[R any](t *testing.T, ctx context.Context, get func(context.Context, string) (*R, error), key string) *R {
	t.Helper()
	r, err := get(ctx, key)
	require.NoError(t, err, "Get(%s)", key)
	require.NotNil(t, r, "Get(%s) returned nil", key)
	return r
}

// MustHistory returns the history history gives for key, failing the test
// if it gives an error.
func MustHistory[E any](t *testing.T, ctx context.Context, history func(context.Context, string) ([]E, error), key string) []E {
	t.Helper()
	h, err := history(ctx, key)
	require.NoError(t, err, "History(%s)", key)
	return h
}
