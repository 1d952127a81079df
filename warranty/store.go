package warranty

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Change is one entry of a warranty's append-only history: what changed,
// when, and who did it.
type Change struct {
	ProjectID string           `json:"project_id"`
	Seq       int              `json:"seq"`  // the warranty's version after the change
	Type      string           `json:"type"` // set_up, started, notified, inspected, request_raised, summary_delivered
	At        time.Time        `json:"at"`
	Actor     aftersales.Actor `json:"actor"`
	Note      string           `json:"note"` // in Chinese
}

// Store keeps warranties, one per project, and their histories. It follows
// the rules of aftersales.Store: Save is atomic and checks the version
// (c.Seq-1 is the version read, 0 for a new warranty; a mismatch is a
// KindConflict error and changes nothing); Get and History return
// KindNotFound for an unknown project. Run storetest.Run to check an
// implementation. Save should start with CheckChange.
type Store interface {
	Save(ctx context.Context, w *Warranty, c Change) error
	Get(ctx context.Context, projectID string) (*Warranty, error)
	History(ctx context.Context, projectID string) ([]Change, error)
	// List returns every warranty, ordered by project ID.
	List(ctx context.Context) ([]*Warranty, error)
}

// CheckChange refuses a change that cannot continue a warranty's history,
// with a KindInvalid error: a Seq below 1, a record whose version is not
// the change's Seq, or a change of another project. Every Store's Save
// calls it first: what it refuses is a caller's mistake, not a conflict,
// and nothing is written. The version check against the stored record (a
// KindConflict) is the Store's own.
func CheckChange(w *Warranty, c Change) error {
	if c.Seq < 1 || c.Seq != w.Version || c.ProjectID != w.ProjectID {
		return invalid("change_inconsistent", "质保记录的版本或项目与变更记录不一致")
	}
	return nil
}
