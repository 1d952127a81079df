package sqlstore_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// A database written before a complaint could go to several departments
// (C2.1) holds complaints whose body names one "department" and one
// "plan". Migrated, each reads as a complaint with one part, its history
// replays to it, its department finds it, and it goes on.
func TestC2_1_ComplaintsStoredWithOneDepartmentMigrate(t *testing.T) {
	record := compactJSON(t, "../../../complaint/testdata/single_department_record.json")
	var history []json.RawMessage
	require.NoError(t, json.Unmarshal([]byte(compactJSON(t, "../../../complaint/testdata/single_department_history.json")), &history))
	require.Contains(t, record, `"department":"项目一部","forwarded_at"`, "the record is in the old shape")

	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db := raw(t, d, dsn)
		ph := func(q string) string { return q }
		if d.name == sqlstore.DialectPostgres {
			ph = func(q string) string {
				for i := 1; strings.Contains(q, "?"); i++ {
					q = strings.Replace(q, "?", fmt.Sprintf("$%d", i), 1)
				}
				return q
			}
		}
		// The schema as it was: the migrations before this change.
		_, err := db.ExecContext(ctx, `CREATE TABLE schema_migrations (version INTEGER NOT NULL PRIMARY KEY,
			name TEXT NOT NULL, applied_at TEXT NOT NULL)`)
		require.NoError(t, err)
		dir := filepath.Join("migrations", d.name)
		entries, err := os.ReadDir(dir)
		require.NoError(t, err)
		for i, e := range entries {
			if e.Name() >= "0004" {
				break
			}
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			require.NoError(t, err)
			_, err = db.ExecContext(ctx, string(b))
			require.NoError(t, err, e.Name())
			_, err = db.ExecContext(ctx, ph("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
				i+1, e.Name(), time.Now().UTC().Format(time.RFC3339))
			require.NoError(t, err)
		}
		received := time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC).UnixNano()
		_, err = db.ExecContext(ctx, ph(`INSERT INTO complaints (id, version, complainant_id, project_id, request_id, status,
			received_ns, updated_ns, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
			"TS-OLD1", 5, "c-1", "P-001", "AS-0001", "investigating", received, received, record)
		require.NoError(t, err)
		for i, e := range history {
			var head struct {
				Type string    `json:"type"`
				At   time.Time `json:"at"`
			}
			require.NoError(t, json.Unmarshal(e, &head))
			_, err = db.ExecContext(ctx, ph(`INSERT INTO complaint_events (complaint_id, seq, type, at_ns, body) VALUES (?, ?, ?, ?, ?)`),
				"TS-OLD1", i+1, head.Type, head.At.UnixNano(), string(e))
			require.NoError(t, err)
		}
		require.NoError(t, db.Close())

		// Opened by this program: migrated.
		s := open(t, dsn).Complaints()
		c, err := s.Get(ctx, "TS-OLD1")
		require.NoError(t, err)
		require.Equal(t, []string{"项目一部"}, c.Departments())
		require.NotNil(t, c.Parts[0].Plan)
		h, err := s.History(ctx, "TS-OLD1")
		require.NoError(t, err)
		replayed, err := complaint.Replay(h)
		require.NoError(t, err)
		require.Equal(t, jsonOf(t, c), jsonOf(t, replayed), "the stored record is its history's replay")
		cs, err := s.List(ctx, complaint.Query{Department: "项目一部"})
		require.NoError(t, err)
		require.Len(t, cs, 1, "its department finds it")

		// It goes on: the after-sales head brings in a second department,
		// which finds it too.
		now := time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)
		svc, err := complaint.NewService(complaint.Config{Store: s, Clock: aftersales.ClockFunc(func() time.Time { return now })})
		require.NoError(t, err)
		head := aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}
		c, err = svc.Forward(ctx, "TS-OLD1", complaint.ForwardCommand{Departments: []string{"设计部"}, Actor: head})
		require.NoError(t, err)
		require.Len(t, c.Parts, 2)
		for _, dept := range []string{"项目一部", "设计部"} {
			cs, err = s.List(ctx, complaint.Query{Department: dept})
			require.NoError(t, err)
			require.Len(t, cs, 1, dept)
			require.Equal(t, jsonOf(t, c), jsonOf(t, cs[0]))
		}
	})
}

// compactJSON returns the file's JSON on one line.
func compactJSON(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, json.Compact(&out, b))
	return out.String()
}

// jsonOf is v as JSON decoded into generic values, so that records compare
// by content whatever their times' locations.
func jsonOf(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	var out any
	require.NoError(t, json.Unmarshal(b, &out))
	return out
}
