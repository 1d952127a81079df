package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestImportKeepsTheLedgerOnce: -import keeps the sample ledger's audited
// rows as records in a SQLite database; the same ledger imported again
// keeps nothing more; without -import nothing is stored.
func TestImportKeepsTheLedgerOnce(t *testing.T) {
	db := filepath.Join(t.TempDir(), "shouhou.db")
	code, out, errs := runCmd(t, "testdata/sample.xlsx", "-now", "2026-12-31 18:00", "-import", db)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, "已导入") || !strings.Contains(out, "新建 13 条") {
		t.Fatalf("first import: %s", out)
	}
	count := func() int {
		s, err := sqlstore.Open(context.Background(), db, nil)
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		rs, err := s.Requests().List(context.Background(), aftersales.Query{})
		if err != nil {
			t.Fatal(err)
		}
		cs, err := s.Complaints().List(context.Background(), complaint.Query{})
		if err != nil {
			t.Fatal(err)
		}
		return len(rs) + len(cs)
	}
	if n := count(); n != 13 {
		t.Fatalf("%d records kept, want the 13 rows audited", n)
	}
	code, out, errs = runCmd(t, "testdata/sample.xlsx", "-now", "2026-12-31 18:00", "-import", db)
	if code != 0 || !strings.Contains(out, "新建 0 条，已存在且相同 13 条") {
		t.Fatalf("second import (exit %d): %s %s", code, out, errs)
	}
	if n := count(); n != 13 {
		t.Fatalf("%d records after the second import, want 13", n)
	}
	if code, _, errs := runCmd(t, "testdata/sample.xlsx", "-import", filepath.Join(t.TempDir(), "no", "such", "dir", "x.db")); code != 1 || errs == "" {
		t.Fatalf("an unopenable database: exit %d, %q", code, errs)
	}
}
