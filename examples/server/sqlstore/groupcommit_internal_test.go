package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

func openGroupTest(t *testing.T) *DB {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	if _, err := db.w.Exec(`CREATE TABLE g (k TEXT PRIMARY KEY)`); err != nil {
		t.Fatal(err)
	}
	return db
}

func insert(k string) func(tx *sql.Tx) error {
	return func(tx *sql.Tx) error { _, err := tx.Exec(`INSERT INTO g (k) VALUES (?)`, k); return err }
}

func keys(t *testing.T, db *DB) map[string]bool {
	rows, err := db.r.Query(`SELECT k FROM g`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		out[k] = true
	}
	return out
}

// TestGroupKeepsEachWritersOwnFate: in one group, a writer whose function
// fails after writing is rolled back to its savepoint and told its error;
// the writers before and after it are stored and told nothing went wrong.
func TestGroupKeepsEachWritersOwnFate(t *testing.T) {
	db := openGroupTest(t)
	boom := errors.New("boom")
	mk := func(what string, fn func(*sql.Tx) error) *writeReq {
		return &writeReq{ctx: context.Background(), what: what, fn: fn, done: make(chan error, 1)}
	}
	cancelled, cancel := context.WithCancel(context.Background())
	cancel()
	group := []*writeReq{
		mk("a", insert("a")),
		mk("b", func(tx *sql.Tx) error {
			if err := insert("b")(tx); err != nil {
				return err
			}
			return boom
		}),
		mk("c", insert("c")),
		mk("dup", insert("a")), // a constraint error, rolled back alone
		{ctx: cancelled, what: "gone", fn: insert("gone"), done: make(chan error, 1)},
	}
	db.group.run(group)
	want := []error{nil, boom, nil, errors.New("constraint"), context.Canceled}
	for i, r := range group {
		err := <-r.done
		switch {
		case want[i] == nil && err != nil:
			t.Errorf("%s: %v", r.what, err)
		case want[i] != nil && err == nil:
			t.Errorf("%s: no error", r.what)
		case errors.Is(want[i], boom) && !errors.Is(err, boom), errors.Is(want[i], context.Canceled) && !errors.Is(err, context.Canceled):
			t.Errorf("%s: %v, want %v", r.what, err, want[i])
		}
	}
	if got := keys(t, db); len(got) != 2 || !got["a"] || !got["c"] {
		t.Fatalf("stored %v, want a and c", got)
	}
}

// TestConcurrentWritersShareCommits: writers arriving together are
// committed in fewer transactions than there are writers, and every one of
// them is stored.
func TestConcurrentWritersShareCommits(t *testing.T) {
	db := openGroupTest(t)
	const writers = 200
	var wg sync.WaitGroup
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := db.write(context.Background(), "w", insert(fmt.Sprint(i))); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if got := len(keys(t, db)); got != writers {
		t.Fatalf("stored %d of %d", got, writers)
	}
	groups, writes := db.group.groups.Load(), db.group.writes.Load()
	if writes != writers || groups >= writes {
		t.Fatalf("%d writes in %d commits: no grouping", writes, groups)
	}
	t.Logf("%d writes in %d commits", writes, groups)
}

// TestWritersAfterCloseAreRefused: a write after Close says the database
// is closed instead of hanging.
func TestWritersAfterCloseAreRefused(t *testing.T) {
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "g.db"), nil)
	if err != nil {
		t.Fatal(err)
	}
	db.Close()
	if err := db.write(context.Background(), "late", insert("x")); err == nil {
		t.Fatal("a write after Close succeeded")
	}
}

// BenchmarkConcurrentWrites compares, in one run, concurrent one-row
// writes through the store's write path (group commit) with raw SQLite on
// the same connection and settings, one row per transaction, the baseline
// issue 13 names.
func BenchmarkConcurrentWrites(b *testing.B) {
	for _, mode := range []string{"raw-one-row-per-transaction", "group-commit"} {
		b.Run(mode, func(b *testing.B) {
			db, err := Open(context.Background(), filepath.Join(b.TempDir(), "g.db"), nil)
			if err != nil {
				b.Fatal(err)
			}
			defer db.Close()
			if _, err := db.w.Exec(`CREATE TABLE g (k TEXT PRIMARY KEY)`); err != nil {
				b.Fatal(err)
			}
			var n atomic.Int64
			b.SetParallelism(16)
			b.ResetTimer()
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					k := fmt.Sprint(n.Add(1))
					var err error
					if mode == "group-commit" {
						err = db.write(context.Background(), "bench", insert(k))
					} else {
						var tx *sql.Tx
						if tx, err = db.w.Begin(); err == nil {
							if err = insert(k)(tx); err == nil {
								err = tx.Commit()
							} else {
								_ = tx.Rollback()
							}
						}
					}
					if err != nil {
						b.Error(err)
					}
				}
			})
		})
	}
}

// TestWriteStatementsArePreparedOnce: a statement a write runs is prepared
// on the write connection after its first transaction (before the next
// one starts), and the writes after run it prepared: the number prepared
// does not grow with them.
func TestWriteStatementsArePreparedOnce(t *testing.T) {
	db := openGroupTest(t)
	write := func(k string) {
		t.Helper()
		if err := db.write(context.Background(), "test", func(tx *sql.Tx) error {
			_, err := db.exec(context.Background(), tx, "insert "+k, `INSERT INTO g (k) VALUES (?)`, k)
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	prepared := func() int {
		n := 0
		db.stmts.Range(func(_, _ any) bool { n++; return true })
		return n
	}
	write("a")
	write("b") // the committer prepares between transactions: by now, after the first
	if _, ok := db.stmts.Load(`INSERT INTO g (k) VALUES (?)`); !ok {
		t.Fatal("not prepared after its first transaction")
	}
	n := prepared()
	for _, k := range []string{"c", "d"} {
		write(k)
	}
	if got := prepared(); got != n {
		t.Fatalf("%d statements prepared after more writes, %d before: want them prepared once", got, n)
	}
	if got := len(keys(t, db)); got != 4 {
		t.Fatalf("%d rows written, want 4", got)
	}
}

// TestWriteQueriesArePreparedOnce: a query a write reads from (here the
// RETURNING of the next number, which every registration runs) is prepared
// on the write connection like a statement, and reads the same.
func TestWriteQueriesArePreparedOnce(t *testing.T) {
	db := openGroupTest(t)
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())
	var got []string
	for range 3 {
		n, err := db.NextNumber(context.Background(), "SH", at)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, n)
	}
	if want := []string{"SH-2026-000001", "SH-2026-000002", "SH-2026-000003"}; !slices.Equal(got, want) {
		t.Fatalf("numbers %v, want %v", got, want)
	}
	found := false
	db.stmts.Range(func(k, _ any) bool {
		found = found || strings.Contains(k.(string), "INSERT INTO record_numbers")
		return true
	})
	if !found {
		t.Fatal("the next-number query was not prepared after its first transactions")
	}
}
