package sqlstore

import (
	"reflect"
	"testing"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// FuzzQuickEncodeAgrees: for requests, complaints and their events with
// any text in their fields (invalid UTF-8, escapes, a real U+FFFD
// included), encoding without reading back (encodeAs, as Save does for
// them) writes the same body as the full round trip, and the columns taken
// from what it returns (eventStore.row, the search texts, each event's
// seq, type and instant) are those the round trip's copy gives: what List
// filters on agrees with what Get returns.
func FuzzQuickEncodeAgrees(f *testing.F) {
	f.Add("王五", "13800000000", "3号楼2单元501", "卫生间渗水", "C-1")
	f.Add("\xff\xfe王", `\ufffd`, "\ufffd", "a\x00b", "C-\xc3")
	f.Add("<script>&", "\u2028", "", "\"quoted\"", "")
	dbs := []*DB{{dialect: DialectSQLite}, {dialect: DialectPostgres}}
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	f.Fuzz(func(t *testing.T, name, phone, location, text, customerID string) {
		cust := aftersales.Customer{ID: customerID, Name: name, Phone: phone}
		r := &aftersales.Request{ID: "AS-1", Version: 1, Status: aftersales.StatusRegistered,
			Registration: aftersales.Registration{Customer: cust, Location: location, Description: text, ReceivedAt: at},
			Deadlines:    []aftersales.Deadline{{Clause: aftersales.ClauseP1_2, Department: text, From: at, Due: at.Add(24 * time.Hour)}}}
		c := &complaint.Complaint{ID: "TS-1", Version: 1, Status: complaint.StatusRegistered,
			Registration: complaint.Registration{Complainant: cust, ProjectID: location, Description: text, ReceivedAt: at}}
		re := []aftersales.Event{{RequestID: "AS-1", Seq: 1, Type: aftersales.EventRegistered, At: at, Reason: text}}
		ce := []complaint.Event{{ComplaintID: "TS-1", Seq: 1, Type: complaint.EventRegistered, At: at, Text: text}}
		for _, db := range dbs {
			agree(t, db, newRequestStore(db).eventStore, r, re)
			agree(t, db, newComplaintStore(db).eventStore, c, ce)
		}
	})
}

// agree checks one record and its events under both encodings.
func agree[R, E any](t *testing.T, db *DB, s eventStore[R, E], r *R, events []E) {
	t.Helper()
	qBody, qRec, qErr := encodeAs("record", r, false)
	fBody, fRec, fErr := encodeAs("record", r, true)
	if (qErr == nil) != (fErr == nil) || qBody != fBody {
		t.Fatalf("bodies differ: %q (%v) and %q (%v)", qBody, qErr, fBody, fErr)
	}
	if qErr != nil {
		return
	}
	qVals, qp, qc := s.values(db, qRec, qBody)
	fVals, fp, fc := s.values(db, fRec, fBody)
	if !reflect.DeepEqual(qVals, fVals) {
		t.Fatalf("columns differ:\n%#v\n%#v", qVals, fVals)
	}
	if qp != fp || qc != fc {
		t.Fatalf("search texts differ: %q %q and %q %q", qp, qc, fp, fc)
	}
	ql, qErr := encodeEvents("X", events, s.event, true)
	fl, fErr := encodeEvents("X", events, s.event, false)
	if (qErr == nil) != (fErr == nil) || !reflect.DeepEqual(ql, fl) {
		t.Fatalf("events differ:\n%#v (%v)\n%#v (%v)", ql, qErr, fl, fErr)
	}
}
