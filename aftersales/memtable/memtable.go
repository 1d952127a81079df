// Package memtable keeps versioned records, and the history of each, in
// memory, the way the MemStores of aftersales, complaint, warranty and staff
// keep theirs: deep copies in and out, optimistic concurrency on the
// record's version, records in key order. An integrator writing an
// in-memory Store of their own, such as a test double for their ERP
// tables, can build it on a Table in the same way.
//
// A Table knows nothing of the regulation: the caller checks a write before
// it calls Save, and says in Errors how each refusal is worded.
package memtable

import (
	"context"
	"slices"
	"sync"
)

// Cloner is a record that makes deep copies of itself, such as
// *aftersales.Request.
type Cloner[R any] interface {
	// Clone returns a deep copy: changing it never changes the original.
	Clone() R
}

// Errors word the refusals of a Table in the caller's terms.
type Errors struct {
	// NotFound is the error of Get and History for a key with no record.
	NotFound func(key string) error
	// Conflict is the error of a Save based on version prev when the
	// stored record is at version stored (0 when there is none).
	Conflict func(key string, stored, prev int) error
	// Exists, if set, is the error of a Save that creates (prev 0) a key
	// that has a record; if nil, that is a Conflict.
	Exists func(key string) error
	// Missing, if set, is the error of a Save that updates (prev above 0)
	// a key that has no record; if nil, that is a Conflict.
	Missing func(key string) error
}

// Config says how a Table handles its records R and their events E.
type Config[R Cloner[R], E any] struct {
	// Version returns a record's version. Required.
	Version func(R) int
	// CloneEvent returns a deep copy of an event; nil copies events as
	// they are, which is enough for events without pointers or slices.
	CloneEvent func(E) E
	// Errors word the refusals. NotFound and Conflict are required.
	Errors Errors
}

// Table is a set of records R under string keys, each with its history of
// events E, kept as deep copies. It is safe for concurrent use. Every
// method fails with the context's error, and changes nothing, when ctx is
// done.
type Table[R Cloner[R], E any] struct {
	cfg  Config[R, E]
	mu   sync.RWMutex
	rows map[string]*row[R, E]
	keys []string // sorted
}

type row[R, E any] struct {
	rec     R
	version int
	history []E
}

// New returns an empty Table. It panics when cfg lacks Version,
// Errors.NotFound or Errors.Conflict: that is a programming error.
func New[R Cloner[R], E any](cfg Config[R, E]) *Table[R, E] {
	if cfg.Version == nil || cfg.Errors.NotFound == nil || cfg.Errors.Conflict == nil {
		panic("memtable: Config needs Version, Errors.NotFound and Errors.Conflict")
	}
	return &Table[R, E]{cfg: cfg, rows: map[string]*row[R, E]{}}
}

// Save stores a copy of rec under key and appends copies of events to the
// key's history, if the stored record is at version prev (0: there must be
// none). Otherwise it returns the error Errors words and changes nothing.
func (t *Table[R, E]) Save(ctx context.Context, key string, prev int, rec R, events ...E) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	r, ok := t.rows[key]
	if err := t.refusal(key, r, ok, prev); err != nil {
		return err
	}
	if !ok {
		r = &row[R, E]{}
		t.rows[key] = r
		i, _ := slices.BinarySearch(t.keys, key)
		t.keys = slices.Insert(t.keys, i, key)
	}
	r.rec, r.version = rec.Clone(), t.cfg.Version(rec)
	for _, e := range events {
		r.history = append(r.history, t.cloneEvent(e))
	}
	return nil
}

// refusal returns the error of a Save based on version prev of key, whose
// row is r (ok false: none), or nil if the Save may go ahead.
func (t *Table[R, E]) refusal(key string, r *row[R, E], ok bool, prev int) error {
	errs := t.cfg.Errors
	switch {
	case ok && prev == 0 && errs.Exists != nil:
		return errs.Exists(key)
	case !ok && prev > 0 && errs.Missing != nil:
		return errs.Missing(key)
	case !ok && prev != 0:
		return errs.Conflict(key, 0, prev)
	case ok && r.version != prev:
		return errs.Conflict(key, r.version, prev)
	}
	return nil
}

// Get returns a copy of the record under key.
func (t *Table[R, E]) Get(ctx context.Context, key string) (R, error) {
	var zero R
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	r, ok := t.rows[key]
	if !ok {
		return zero, t.cfg.Errors.NotFound(key)
	}
	return r.rec.Clone(), nil
}

// History returns copies of the events saved under key, in the order
// saved. A key with no record has no history: Errors.NotFound.
func (t *Table[R, E]) History(ctx context.Context, key string) ([]E, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	r, ok := t.rows[key]
	if !ok {
		return nil, t.cfg.Errors.NotFound(key)
	}
	out := make([]E, len(r.history))
	for i, e := range r.history {
		out[i] = t.cloneEvent(e)
	}
	return out, nil
}

// List returns copies of the records that match (nil: every record) in key
// order, at most limit of them when limit is above 0. It never returns a
// nil slice.
func (t *Table[R, E]) List(ctx context.Context, match func(R) bool, limit int) ([]R, error) {
	out, err := t.shared(ctx, match, limit)
	if err != nil {
		return nil, err
	}
	// Save replaces records, it never changes one: these may be copied
	// outside the lock.
	for i, r := range out {
		out[i] = r.Clone()
	}
	return out, nil
}

// ListSorted is List in the order of cmp (as slices.SortFunc takes it)
// instead of key order: the records that match, sorted, then at most limit
// of them when limit is above 0, copied.
func (t *Table[R, E]) ListSorted(ctx context.Context, match func(R) bool, cmp func(a, b R) int, limit int) ([]R, error) {
	out, err := t.shared(ctx, match, 0)
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(out, cmp)
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	for i, r := range out {
		out[i] = r.Clone()
	}
	return out, nil
}

// Shared returns the stored records that match (nil: every record) in key
// order: the records themselves, not copies, for a caller that only reads
// them, such as a Scanner. The caller must never change them; Save
// replaces a record with a new copy, never changes one in place, so a
// shared record stays as it was.
func (t *Table[R, E]) Shared(ctx context.Context, match func(R) bool) ([]R, error) {
	return t.shared(ctx, match, 0)
}

// shared returns the stored records that match, in key order, at most
// limit of them when limit is above 0.
func (t *Table[R, E]) shared(ctx context.Context, match func(R) bool, limit int) ([]R, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	t.mu.RLock()
	defer t.mu.RUnlock()
	out := []R{}
	for _, k := range t.keys {
		if limit > 0 && len(out) == limit {
			break
		}
		if rec := t.rows[k].rec; match == nil || match(rec) {
			out = append(out, rec)
		}
	}
	return out, nil
}

func (t *Table[R, E]) cloneEvent(e E) E {
	if t.cfg.CloneEvent == nil {
		return e
	}
	return t.cfg.CloneEvent(e)
}
