package ledgeraudit

import (
	"context"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/complaint"
)

// Status is what an Importer did with one row.
type Status string

// The statuses of an imported row.
const (
	// Created: no record had the row's ID; one was registered.
	Created Status = "created"
	// Unchanged: the record kept under the row's ID already holds every
	// step the row records, in the same order at the same instants (it was
	// imported before, and may have been carried on since).
	Unchanged Status = "unchanged"
	// Extended: the record holds the row's first steps and the row records
	// more (the ledger was brought up to date since); they were appended.
	Extended Status = "extended"
	// Differs: the record kept under the row's ID says otherwise; it was
	// left as it is.
	Differs Status = "differs"
)

// Importer keeps an imported ledger row as a record, idempotently: keeping
// the same row twice is keeping it once. by is who asked for the import.
type Importer interface {
	Import(ctx context.Context, x ledger.Imported, by aftersales.Actor) (Status, error)
}

// Stores is the Importer over the library's stores: each row's history is
// replayed into its record (aftersales.Replay, complaint.Replay) and saved
// under its stable ID with the stores' version check, so that two imports
// of one ledger racing keep each row once. The steps are recorded as done
// by the ledger, entered at the import's instant by the one who asked.
type Stores struct {
	Requests   aftersales.Store
	Complaints complaint.Store
	Clock      aftersales.Clock // default the system clock
}

// Import implements Importer.
func (s Stores) Import(ctx context.Context, x ledger.Imported, by aftersales.Actor) (Status, error) {
	now := s.now()
	actor := aftersales.Actor{ID: "ledger", Role: aftersales.RoleSystem, Name: "台账导入（" + who(by) + "）"}
	if x.Kind == ledger.Complaints {
		events := x.Complaint
		return keep(ctx, x.ID, events, s.Complaints.History, func(all, added []complaint.Event) error {
			c, err := complaint.Replay(all)
			if err != nil {
				return err
			}
			return s.Complaints.Save(ctx, c, added)
		}, func(e *complaint.Event, seq int) {
			e.Seq, e.ComplaintID, e.RecordedAt, e.Actor = seq, x.ID, now, actor
		}, func(e complaint.Event) step { return step{string(e.Type), e.At.UnixNano()} })
	}
	if x.Request == nil {
		return "", aftersales.Errorf(aftersales.KindInvalid, "ledger_row_empty", "台账行 %s 没有可导入的历史记录", x.ID)
	}
	return keep(ctx, x.ID, x.Request.Events, s.Requests.History, func(all, added []aftersales.Event) error {
		r, err := aftersales.Replay(all)
		if err != nil {
			return err
		}
		return s.Requests.Save(ctx, r, added)
	}, func(e *aftersales.Event, seq int) {
		e.Seq, e.RequestID, e.RecordedAt, e.Actor = seq, x.ID, now, actor
	}, func(e aftersales.Event) step { return step{string(e.Type), e.At.UnixNano()} })
}

func (s Stores) now() time.Time {
	if s.Clock == nil {
		return time.Now()
	}
	return s.Clock.Now()
}

func who(a aftersales.Actor) string {
	if a.Name != "" {
		return a.Name
	}
	return a.ID
}

// step is what makes two events the same step of a history.
type step struct {
	typ string
	at  int64
}

// keep saves events as the history of record id, or the steps of them
// that its stored history lacks, retrying when another import of the same
// row wins a race. stamp numbers an event and names it as imported; key is
// what makes two events the same step: their type and instant.
func keep[E any](ctx context.Context, id string, events []E, history func(context.Context, string) ([]E, error),
	save func(all, added []E) error, stamp func(*E, int), key func(E) step) (Status, error) {
	if len(events) == 0 {
		return "", aftersales.Errorf(aftersales.KindInvalid, "ledger_row_empty", "台账行 %s 没有可导入的历史记录", id)
	}
	for attempt := 0; attempt < 3; attempt++ {
		stored, err := history(ctx, id)
		if err != nil && aftersales.KindOf(err) != aftersales.KindNotFound {
			return "", err
		}
		n := min(len(stored), len(events))
		for i := range n {
			if key(stored[i]) != key(events[i]) {
				return Differs, nil
			}
		}
		if len(stored) >= len(events) {
			return Unchanged, nil
		}
		added := slices.Clone(events[len(stored):])
		for i := range added {
			stamp(&added[i], len(stored)+i+1)
		}
		err = save(append(slices.Clip(stored), added...), added)
		switch {
		case err == nil && len(stored) == 0:
			return Created, nil
		case err == nil:
			return Extended, nil
		case aftersales.KindOf(err) != aftersales.KindConflict:
			return "", err
		}
		// Another import saved the record first: look again.
	}
	return "", aftersales.Errorf(aftersales.KindConflict, "ledger_import_conflict", "记录 %s 正被同时修改，请稍后重试", id)
}
