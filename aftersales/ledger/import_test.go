package ledger_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

func TestImportIsIdempotent(t *testing.T) {
	_, first := run(t, "ledger.xlsx", requestLedger(t), ledger.Options{})
	_, again := run(t, "ledger-copy.xlsx", requestLedger(t), ledger.Options{})
	kept := map[string]bool{}
	for _, recs := range []map[string]ledger.Record{first, again} {
		for _, r := range recs {
			imp, err := ledger.Import(r)
			if err != nil {
				t.Fatalf("Import(%s): %v", r.ID, err)
			}
			kept[imp.ID] = true
		}
	}
	if len(kept) != len(first) {
		t.Errorf("importing the same ledger twice kept %d records, want %d", len(kept), len(first))
	}
}

func TestImportedRequestIsTheDocumentedHistoryForm(t *testing.T) {
	_, recs := run(t, "ledger.xlsx", requestLedger(t), ledger.Options{})
	imp, err := ledger.Import(recs["R1"])
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(imp.ID, "LG-") || len(imp.ID) != 19 || imp.Request == nil || imp.Request.RequestID != imp.ID {
		t.Fatalf("imported %+v, want an LG- ID on the history", imp)
	}
	data, err := json.Marshal(imp.Request)
	if err != nil {
		t.Fatal(err)
	}
	events, err := aftersales.ParseHistory(data)
	if err != nil {
		t.Fatalf("ParseHistory of the imported form: %v", err)
	}
	if _, err := aftersales.Replay(events); err != nil {
		t.Errorf("Replay of the imported history: %v", err)
	}
	if events[0].RequestID != imp.ID {
		t.Errorf("events name %s, want %s", events[0].RequestID, imp.ID)
	}
	// The same findings from the imported history as from the row.
	if got, want := len(aftersales.Audit(events, calendar.China(), aftersales.DefaultPolicy(), now)), len(recs["R1"].Findings); got != want {
		t.Errorf("imported history audits to %d findings, the row to %d", got, want)
	}
}

func TestImportedComplaintReplays(t *testing.T) {
	_, recs := run(t, "complaints.xlsx", complaintLedger(t), ledger.Options{})
	imp, err := ledger.Import(recs["K2"])
	if err != nil {
		t.Fatal(err)
	}
	c, err := complaint.Replay(imp.Complaint)
	if err != nil {
		t.Fatalf("Replay: %v", err)
	}
	if c.ID != imp.ID || !strings.HasPrefix(imp.ID, "LC-") || c.Status != complaint.StatusResolved {
		t.Errorf("replayed %s in %s, want %s resolved", c.ID, c.Status, imp.ID)
	}
}

func TestStableIDIgnoresColumnOrderWithoutOwnID(t *testing.T) {
	a := "接收时间,转达时间,责任部门\n2026/9/30 16:20,2026/10/8 9:00,项目一部\n"
	b := "责任部门,转达时间,接收时间\n项目一部,2026/10/8 9:00,2026/9/30 16:20\n"
	c := "责任部门,转达时间,接收时间\n项目二部,2026/10/8 9:00,2026/9/30 16:20\n"
	id := func(text string) string {
		_, recs := run(t, "x.csv", []byte(text), ledger.Options{})
		for _, r := range recs {
			return ledger.StableID(r)
		}
		return ""
	}
	if id(a) != id(b) {
		t.Errorf("moving columns changed the ID: %s, %s", id(a), id(b))
	}
	if id(a) == id(c) {
		t.Errorf("another row has the same ID %s", id(a))
	}
}

func TestRefusedRowsAreNotImported(t *testing.T) {
	_, err := ledger.Import(ledger.Record{Err: &ledger.Error{Code: ledger.CodeTimeInvalid}})
	if !errors.Is(err, ledger.ErrRefusedRow) {
		t.Errorf("err = %v, want ErrRefusedRow", err)
	}
}
