package staff

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Change is one entry of the staff records' append-only history.
type Change struct {
	Seq     int              `json:"seq"`     // position in the whole history
	Subject string           `json:"subject"` // "organisation", "session:ID" or "assessment:ID"
	Type    string           `json:"type"`
	At      time.Time        `json:"at"`
	Actor   aftersales.Actor `json:"actor"`
	Note    string           `json:"note"` // in Chinese
}

// Store keeps the organisation, training sessions and assessments, and
// their history. Each Save checks the version like aftersales.Store: the
// stored version must be the record's Version-1 (0: the record is new, and
// one that exists is a conflict); a mismatch is a KindConflict error and
// changes nothing. Getting an unknown session or assessment is KindNotFound;
// Organisation returns an empty organisation at version 0 before the first
// save. Run storetest.Run to check an implementation.
type Store interface {
	Organisation(ctx context.Context) (*Organisation, error)
	SaveOrganisation(ctx context.Context, o *Organisation, c Change) error
	Session(ctx context.Context, id string) (*Session, error)
	SaveSession(ctx context.Context, s *Session, c Change) error
	// Sessions returns every session, by date then ID.
	Sessions(ctx context.Context) ([]*Session, error)
	Assessment(ctx context.Context, id string) (*Assessment, error)
	SaveAssessment(ctx context.Context, a *Assessment, c Change) error
	// Assessments returns a person's assessments (everyone's for ""), by
	// period then ID.
	Assessments(ctx context.Context, personID string) ([]*Assessment, error)
	History(ctx context.Context) ([]Change, error)
}
