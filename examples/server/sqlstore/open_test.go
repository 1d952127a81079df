package sqlstore_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // "pgx", to look at the tables directly
	"github.com/stretchr/testify/require"
	_ "modernc.org/sqlite" // "sqlite", likewise

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// raw opens dsn with database/sql alone, to look under the store.
func raw(t *testing.T, d dialect, dsn string) *sql.DB {
	t.Helper()
	driver := "sqlite"
	if d.name == sqlstore.DialectPostgres {
		driver = "pgx"
	}
	db, err := sql.Open(driver, dsn)
	require.NoError(t, err)
	t.Cleanup(func() { db.Close() })
	return db
}

// migrationRows returns schema_migrations' versions.
func migrationRows(t *testing.T, db *sql.DB) []int {
	t.Helper()
	rows, err := db.QueryContext(ctx, "SELECT version FROM schema_migrations ORDER BY version")
	require.NoError(t, err)
	defer rows.Close()
	var out []int
	for rows.Next() {
		var v int
		require.NoError(t, rows.Scan(&v))
		out = append(out, v)
	}
	require.NoError(t, rows.Err())
	return out
}

func allMigrations(t *testing.T, dialect string) []int {
	t.Helper()
	n, err := sqlstore.Migrations(dialect)
	require.NoError(t, err)
	var out []int
	for v := 1; v <= n; v++ {
		out = append(out, v)
	}
	return out
}

// sample is a registered request, through a real Service.
func sample(t *testing.T, s aftersales.Store, id string) *aftersales.Request {
	t.Helper()
	r, err := register(s, id)
	require.NoError(t, err)
	return r
}

// register registers request id through a real Service (registerAt).
func register(s aftersales.Store, id string) (*aftersales.Request, error) {
	return registerAt(s, id, aftersales.Customer{ID: "C-1", Name: "𠮷先生"}, "")
}

func TestMigrationsIdempotent(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db1, err := sqlstore.Open(ctx, dsn, nil)
		require.NoError(t, err)
		r := sample(t, db1.Requests(), "AS-0001")
		require.NoError(t, db1.Close())
		// Opened again, and again while open: nothing to do, nothing lost.
		db2 := open(t, dsn)
		db3 := open(t, dsn)
		for _, db := range []*sqlstore.DB{db2, db3} {
			got, err := db.Requests().Get(ctx, r.ID)
			require.NoError(t, err)
			require.Equal(t, r.Version, got.Version)
		}
		require.Equal(t, allMigrations(t, d.name), migrationRows(t, raw(t, d, rawDSN(d, dsn))))
	})
}

// rawDSN returns what database/sql opens for dsn.
func rawDSN(d dialect, dsn string) string {
	if d.name == sqlstore.DialectSQLite {
		return "file:" + dsn + "?_pragma=busy_timeout(10000)"
	}
	return dsn
}

func TestConcurrentOpens(t *testing.T) {
	// Several instances starting at once on a new database: every Open
	// succeeds, and the migrations run once (PostgreSQL: the advisory lock;
	// SQLite: BEGIN IMMEDIATE and the check inside it).
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		const n = 4
		dbs := make([]*sqlstore.DB, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		start := make(chan struct{})
		for i := range n {
			wg.Go(func() {
				<-start
				dbs[i], errs[i] = sqlstore.Open(ctx, dsn, nil)
			})
		}
		close(start)
		wg.Wait()
		for i := range n {
			require.NoError(t, errs[i], "Open %d", i)
			t.Cleanup(func() { dbs[i].Close() })
		}
		require.Equal(t, allMigrations(t, d.name), migrationRows(t, raw(t, d, rawDSN(d, dsn))), "each migration recorded once")
		// Each instance sees the others' writes.
		sample(t, dbs[0].Requests(), "AS-0001")
		for _, db := range dbs {
			_, err := db.Requests().Get(ctx, "AS-0001")
			require.NoError(t, err)
		}
	})
}

func TestDataSurvivesReopen(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db, err := sqlstore.Open(ctx, dsn, nil)
		require.NoError(t, err)
		at := time.Date(2026, 10, 20, 9, 0, 0, 0, calendar.CST())
		r := sample(t, db.Requests(), "AS-0001")
		h, err := db.Requests().History(ctx, r.ID)
		require.NoError(t, err)
		tok := sqlstore.Token{Hash: sqlstore.HashToken("t"), Label: "x", PersonID: "u-li", Role: aftersales.RoleAfterSalesStaff, CreatedAt: at}
		require.NoError(t, db.Tokens().Create(ctx, tok))
		ok, err := db.Claims().Claim(ctx, "k", "a", at, time.Hour)
		require.NoError(t, err)
		require.True(t, ok)
		require.NoError(t, db.Notices().Save(ctx, sqlstore.Notice{Year: 2027, JSON: []byte(`{"year":2027}`), LoadedBy: "u", LoadedAt: at}))
		d1 := complaint.Delivery{Month: complaint.Month{Year: 2026, Month: time.September}, To: "总经理", By: "u-li", At: at}
		require.NoError(t, db.Complaints().SaveDelivery(ctx, d1))
		w := &warranty.Warranty{ProjectID: "P-1", Version: 1, GeneralYears: 2, PlannedStart: calendar.D(2026, 12, 1), UpdatedAt: at}
		require.NoError(t, db.Warranties().Save(ctx, w, warranty.Change{ProjectID: "P-1", Seq: 1, Type: "set_up", At: at}))
		o := &staff.Organisation{Version: 1, People: []staff.Person{{ID: "u-li", Name: "李娜", Role: aftersales.RoleAfterSalesStaff, Active: true}}, UpdatedAt: at}
		require.NoError(t, db.Staff().SaveOrganisation(ctx, o, staff.Change{Subject: "organisation", Type: "person_put", At: at}))
		require.NoError(t, db.Close())

		db = open(t, dsn)
		got, err := db.Requests().Get(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, r.Version, got.Version)
		require.True(t, r.ReceivedAt.Equal(got.ReceivedAt))
		gotH, err := db.Requests().History(ctx, r.ID)
		require.NoError(t, err)
		require.Len(t, gotH, len(h))
		gotTok, err := db.Tokens().Lookup(ctx, tok.Hash)
		require.NoError(t, err)
		require.Equal(t, "u-li", gotTok.PersonID)
		ok, err = db.Claims().Claim(ctx, "k", "b", at.Add(time.Minute), time.Hour)
		require.NoError(t, err)
		require.False(t, ok, "the claim was lost")
		ns, err := db.Notices().All(ctx)
		require.NoError(t, err)
		require.Len(t, ns, 1)
		ds, err := db.Complaints().Deliveries(ctx)
		require.NoError(t, err)
		require.Len(t, ds, 1)
		gw, err := db.Warranties().Get(ctx, "P-1")
		require.NoError(t, err)
		require.Equal(t, calendar.D(2026, 12, 1), gw.PlannedStart)
		gotOrg, err := db.Staff().Organisation(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, gotOrg.Version)
		sh, err := db.Staff().History(ctx)
		require.NoError(t, err)
		require.Len(t, sh, 1)
		require.Equal(t, 1, sh[0].Seq)
	})
}

func TestOpenSQLiteErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "a-file")
	require.NoError(t, os.WriteFile(file, []byte("x"), 0o600))
	for _, tc := range []struct {
		name, path, want string
	}{
		{"missing directory", filepath.Join(dir, "no-such-dir", "shouhou.db"), "does not exist"},
		{"parent is a file", filepath.Join(file, "shouhou.db"), "is not a directory"},
		{"path is a directory", dir, "is a directory"},
		{"not a database", file, "is not a SQLite database"},
		{"empty", "", "no database given"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			db, err := sqlstore.Open(ctx, tc.path, nil)
			require.Error(t, err)
			require.Nil(t, db)
			require.Contains(t, err.Error(), tc.want)
			if tc.path != "" {
				require.Contains(t, err.Error(), tc.path, "the message names the path")
			}
		})
	}
	t.Run("unwritable directory", func(t *testing.T) {
		// A mode-0500 directory for everyone but root; /proc, which nobody
		// may create files in, for root (CI runs as root).
		ro := "/proc"
		if os.Geteuid() != 0 {
			ro = filepath.Join(t.TempDir(), "ro")
			require.NoError(t, os.Mkdir(ro, 0o500))
		}
		_, err := sqlstore.Open(ctx, filepath.Join(ro, "shouhou.db"), nil)
		require.ErrorContains(t, err, "not writable")
	})
	t.Run("new file is private", func(t *testing.T) {
		path := filepath.Join(t.TempDir(), "new.db")
		open(t, path)
		st, err := os.Stat(path)
		require.NoError(t, err)
		require.Equal(t, os.FileMode(0o600), st.Mode().Perm())
	})
}

func TestSQLiteSettings(t *testing.T) {
	db := dialects[0].fresh(t)
	w, r, err := sqlstore.ConnSettings(ctx, db)
	require.NoError(t, err)
	require.Equal(t, map[string]string{"journal_mode": "wal", "synchronous": "2", "foreign_keys": "1",
		"busy_timeout": "10000", "query_only": "0"}, w, "the write connection: WAL, synchronous=FULL")
	require.Equal(t, map[string]string{"journal_mode": "wal", "foreign_keys": "1", "busy_timeout": "10000", "query_only": "1"}, r,
		"the read connections")
}

// TestSQLiteConcurrentWriters: eight writers saving at once, with readers
// beside them, on one DB and on two DBs of one file, never fail (no
// SQLITE_BUSY) and lose nothing.
func TestSQLiteConcurrentWriters(t *testing.T) {
	path := dialects[0].newDSN(t)
	dbs := []*sqlstore.DB{open(t, path), open(t, path)}
	const writers, each = 8, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*each*4)
	stop := make(chan struct{})
	for w := range writers {
		db := dbs[w%2]
		wg.Go(func() {
			for i := range each {
				id := fmt.Sprintf("AS-%d-%02d", w, i)
				r, err := register(db.Requests(), id)
				if err != nil {
					errs <- err
					return
				}
				h, err := db.Requests().History(ctx, id)
				if err != nil {
					errs <- err
					return
				}
				e := aftersales.Event{RequestID: id, Seq: r.Version + 1, Type: aftersales.EventWithdrawn,
					At: r.UpdatedAt, RecordedAt: r.UpdatedAt, Actor: r.RegisteredBy, Reason: "客户已自行处理"}
				next, err := aftersales.Replay(append(h, e))
				if err != nil {
					errs <- err
					return
				}
				if err := db.Requests().Save(ctx, next, []aftersales.Event{e}); err != nil {
					errs <- err
				}
				if _, err := db.Claims().Claim(ctx, "k-"+id, "w", time.Now(), time.Minute); err != nil {
					errs <- err
				}
			}
		})
	}
	var readers sync.WaitGroup
	for i := range 4 {
		readers.Go(func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if _, err := dbs[i%2].Requests().List(ctx, aftersales.Query{Statuses: []aftersales.Status{aftersales.StatusWithdrawn}}); err != nil {
					errs <- err
					return
				}
			}
		})
	}
	wg.Wait()
	close(stop)
	readers.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	for _, db := range dbs {
		rs, err := db.Requests().List(ctx, aftersales.Query{})
		require.NoError(t, err)
		require.Len(t, rs, writers*each)
		for _, r := range rs {
			require.Equal(t, aftersales.StatusWithdrawn, r.Status, r.ID)
		}
	}
}

func TestHistoriesAppendOnly(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db := open(t, dsn)
		sample(t, db.Requests(), "AS-0001")
		rdb := raw(t, d, rawDSN(d, dsn))
		for _, stmt := range []string{
			"UPDATE request_events SET body = '{}'",
			"DELETE FROM request_events",
		} {
			_, err := rdb.ExecContext(ctx, stmt)
			require.Error(t, err, stmt)
			require.Contains(t, err.Error(), "append-only", stmt)
		}
		h, err := db.Requests().History(ctx, "AS-0001")
		require.NoError(t, err)
		require.Len(t, h, 1)
	})
}

func TestOpenNewerSchemaRefused(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		require.NoError(t, open(t, dsn).Close())
		rdb := raw(t, d, rawDSN(d, dsn))
		_, err := rdb.ExecContext(ctx, "INSERT INTO schema_migrations (version, name, applied_at) VALUES (999, '0999_future.sql', 'x')")
		require.NoError(t, err)
		_, err = sqlstore.Open(ctx, dsn, nil)
		require.ErrorContains(t, err, "newer than this program")
	})
}

func TestPostgresErrorsHideThePassword(t *testing.T) {
	dsn := dialects[1].newDSN(t)
	u, err := url.Parse(dsn)
	require.NoError(t, err)
	right, _ := u.User.Password()

	// Opening logs the URL with the password masked.
	var log bytes.Buffer
	db, err := sqlstore.Open(ctx, dsn, slog.New(slog.NewTextHandler(&log, nil)))
	require.NoError(t, err)
	require.NoError(t, db.Close())
	require.NotContains(t, log.String(), right)
	require.Contains(t, log.String(), "xxxxx")

	const secret = "S3cr3t-pa55word"
	wrong := *u
	wrong.User = url.UserPassword("postgres", secret)
	closed := wrong
	closed.Host = net.JoinHostPort("127.0.0.1", fmt.Sprint(freePort(t)))
	inQuery := *u
	inQuery.User = url.User("postgres")
	inQuery.RawQuery = "sslmode=disable&password=" + secret
	for name, bad := range map[string]string{
		"wrong password":          wrong.String(),
		"nothing listening":       closed.String(),
		"password in the query":   inQuery.String() + "&connect_timeout=x",
		"malformed URL":           "postgres://postgres:" + secret + "@127.0.0.1:notaport/db",
		"unknown parameter value": wrong.String() + "&sslmode=bogus",
		"special characters":      strings.Replace(wrong.String(), secret, url.QueryEscape(secret+"@:/ ?%"), 1),
	} {
		t.Run(name, func(t *testing.T) {
			tctx, cancel := context.WithTimeout(ctx, 20*time.Second)
			defer cancel()
			_, err := sqlstore.Open(tctx, bad, nil)
			require.Error(t, err)
			require.NotContains(t, err.Error(), secret)
			require.NotContains(t, err.Error(), url.QueryEscape(secret))
			t.Log(err)
		})
	}
	// A cancelled Open still says so.
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	_, err = sqlstore.Open(cctx, wrong.String(), nil)
	require.Error(t, err)
	require.True(t, errors.Is(err, context.Canceled), "%v", err)
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// TestPostgresOrdersBytewise: IDs are ordered and paged as Go orders
// strings, even in a database whose locale would order them otherwise.
func TestPostgresOrdersBytewise(t *testing.T) {
	base := dialects[1].newDSN(t)
	admin := raw(t, dialects[1], base)
	name := "icu_" + strings.ToLower(strings.NewReplacer("/", "_", "-", "_").Replace(t.Name()))
	if _, err := admin.ExecContext(ctx, `CREATE DATABASE `+name+` TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C'`); err != nil {
		t.Skipf("this PostgreSQL cannot make an ICU database: %v", err)
	}
	t.Cleanup(func() { admin.ExecContext(context.Background(), `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`) })
	u, _ := url.Parse(base)
	u.Path = "/" + name
	db := open(t, u.String())

	ids := []string{"as-3", "AS-2", "AS_1", "AS-10", "Äs-1", "as-1", "AS-1", "B"}
	for _, id := range ids {
		sample(t, db.Requests(), id)
	}
	want := slices.Clone(ids)
	sort.Strings(want)
	rs, err := db.Requests().List(ctx, aftersales.Query{})
	require.NoError(t, err)
	var got []string
	for _, r := range rs {
		got = append(got, r.ID)
	}
	require.Equal(t, want, got)
	rs, err = db.Requests().List(ctx, aftersales.Query{AfterID: "AS-2", Limit: 2})
	require.NoError(t, err)
	require.Len(t, rs, 2)
	require.Equal(t, want[slices.Index(want, "AS-2")+1:][:2], []string{rs[0].ID, rs[1].ID})
}
