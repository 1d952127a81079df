package ledger

import (
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// Imported is an audited ledger row ready to be kept as a record: its
// history under a stable ID, in the documented import form of its kind.
// Nothing is registered through a Service and no command is run: the
// history is the record as the ledger tells it, for a store or a server to
// keep; storing it under ID twice is the same as once.
type Imported struct {
	ID   string
	Kind Kind
	// Request is set for a request row: aftersales.ParseHistory's form.
	Request *aftersales.ImportedHistory
	// Complaint is set for a complaint row: its events, with the deadlines
	// each opened, as complaint.Replay takes them.
	Complaint []complaint.Event
}

// ErrRefusedRow is returned by Import for a row the audit refused.
var ErrRefusedRow = &aftersales.Error{Kind: aftersales.KindInvalid, Code: "ledger_row_refused", Message: "台账中被拒绝的行不能导入"}

// Import turns an audited row into an Imported record. Its ID is derived
// from a SHA-256 hash of the row, so that importing the same ledger twice
// imports each row once: of the kind and the row's own 登记编号 or 投诉编号
// when it has one (a row updated later, say with its visit, keeps its ID),
// otherwise of the kind and the text of every mapped cell in field order
// (not column order, so moving columns changes nothing). IDs read
// "LG-" and 16 hex digits for requests, "LC-" for complaints.
func Import(rec Record) (Imported, error) {
	if rec.Err != nil {
		return Imported{}, ErrRefusedRow
	}
	id := StableID(rec)
	out := Imported{ID: id, Kind: rec.Kind}
	if rec.Kind == Complaints {
		out.Complaint = slices.Clone(rec.Complaint)
		for i := range out.Complaint {
			out.Complaint[i].ComplaintID = id
		}
		return out, nil
	}
	events := slices.Clone(rec.Request)
	for i := range events {
		events[i].RequestID = id
	}
	out.Request = &aftersales.ImportedHistory{RequestID: id, Events: events}
	return out, nil
}

// StableID returns the ID Import gives a row (see Import).
func StableID(rec Record) string {
	h := sha256.New()
	h.Write([]byte(rec.Kind))
	h.Write([]byte{0})
	if own := rec.Cells[FieldID]; own != "" {
		h.Write([]byte("id\x00" + strings.TrimSpace(own)))
	} else {
		for _, s := range rec.Kind.fields() {
			h.Write([]byte(string(s.field) + "\x00" + rec.Cells[s.field] + "\x00"))
		}
	}
	prefix := "LG-"
	if rec.Kind == Complaints {
		prefix = "LC-"
	}
	return prefix + hex.EncodeToString(h.Sum(nil))[:16]
}
