package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver
)

// sqliteBusyTimeout is how long a SQLite connection waits for a lock held
// by another connection (another DB on the same file, another process)
// before failing with SQLITE_BUSY. Within one DB writers never wait on
// SQLite: they queue for the single write connection.
const sqliteBusyTimeoutMS = 10000

// sqliteReaders is the size of the read pool.
func sqliteReaders() int { return max(4, runtime.NumCPU()) }

// openSQLite opens the SQLite file at path, creating it if missing.
//
// Durability: the journal is WAL with synchronous=FULL, which syncs the WAL
// at every commit, so a committed Save survives a power cut.
// synchronous=NORMAL in WAL mode only syncs at checkpoints and can lose the
// last commits on power loss, which a record of after-sales commitments must
// not do; the price is one fsync per write transaction.
//
// Personal data: writes run with secure_delete, so that the old text of a
// row an update replaced is overwritten with zeros rather than left in the
// file's free space, where a pseudonymised customer's phone number would
// survive (DB.Pseudonymise). A file written before this, with old rows in
// its free space, is cleaned by one VACUUM, or by a Backup (VACUUM INTO
// writes no free space) restored in its place.
//
// Pools: one *sql.DB for writes with a single connection, whose transactions
// start with BEGIN IMMEDIATE, and one for reads with several connections
// that are query_only. SQLite allows one writer at a time; with one write
// connection concurrent Saves queue in database/sql (honouring their
// contexts) instead of racing for the lock and failing with SQLITE_BUSY,
// and WAL lets the readers run beside the writer, each seeing the last
// committed state. busy_timeout covers the rest: another process or
// another DB on the same file holding the write lock.
func openSQLite(ctx context.Context, path string, logger *slog.Logger) (*DB, error) {
	if path == "" {
		return nil, errors.New("sqlstore: no database given: want a SQLite file path or a postgres:// URL")
	}
	if err := checkSQLitePath(path); err != nil {
		return nil, err
	}
	file := "file:" + (&url.URL{Path: path}).EscapedPath()
	pragmas := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)", sqliteBusyTimeoutMS)

	w, err := sql.Open("sqlite", file+"?"+pragmas+
		"&_pragma=journal_mode(WAL)&_pragma=synchronous(FULL)&_pragma=secure_delete(1)&_pragma=temp_store(MEMORY)&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: open SQLite database %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	db := &DB{dialect: DialectSQLite, w: w, r: w, logger: logger}
	fail := func(err error) (*DB, error) {
		db.Close()
		return nil, err
	}
	if err := pingSQLite(ctx, w); err != nil {
		return fail(fmt.Errorf("sqlstore: open SQLite database %s: %w", path, err))
	}
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		return fail(fmt.Errorf("sqlstore: open SQLite database %s: %w", path, err))
	}
	if !strings.EqualFold(mode, "wal") {
		return fail(fmt.Errorf("sqlstore: SQLite database %s: cannot use WAL journal mode (got %q); is it on a network file system?", path, mode))
	}
	if err := db.migrate(ctx); err != nil {
		return fail(fmt.Errorf("sqlstore: SQLite database %s: %w", path, err))
	}

	r, err := sql.Open("sqlite", file+"?"+pragmas+"&_pragma=query_only(1)")
	if err != nil {
		return fail(fmt.Errorf("sqlstore: open SQLite database %s: %w", path, err))
	}
	r.SetMaxOpenConns(sqliteReaders())
	r.SetMaxIdleConns(sqliteReaders())
	db.r = r
	if err := pingSQLite(ctx, r); err != nil {
		return fail(fmt.Errorf("sqlstore: open SQLite database %s: %w", path, err))
	}
	logger.Info("sqlstore: opened", "dialect", DialectSQLite, "path", path)
	return db, nil
}

// checkSQLitePath explains in plain words why path cannot be a database,
// before SQLite says "unable to open database file". A new file is created
// here, readable by its owner only, as it holds token hashes and customers'
// contact details.
func checkSQLitePath(path string) error {
	dir := filepath.Dir(path)
	st, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("sqlstore: cannot create SQLite database %s: directory %s does not exist", path, dir)
	case err != nil:
		return fmt.Errorf("sqlstore: cannot use SQLite database %s: %w", path, err)
	case !st.IsDir():
		return fmt.Errorf("sqlstore: cannot create SQLite database %s: %s is not a directory", path, dir)
	}
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return fmt.Errorf("sqlstore: cannot use SQLite database %s: it is a directory", path)
	}
	if err := checkSQLiteHeader(path); err != nil {
		return err
	}
	// WAL needs the -wal and -shm files beside the database.
	probe, err := os.CreateTemp(dir, ".sqlstore-probe-*")
	if err != nil {
		return fmt.Errorf("sqlstore: cannot use SQLite database %s: directory %s is not writable (SQLite creates its -wal and -shm files there): %w", path, dir, err)
	}
	probe.Close()
	os.Remove(probe.Name())
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("sqlstore: cannot open SQLite database %s for writing: %w", path, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("sqlstore: cannot open SQLite database %s for writing: %w", path, err)
	}
	return nil
}

// sqliteHeader opens every SQLite database file.
const sqliteHeader = "SQLite format 3\x00"

// checkSQLiteHeader refuses an existing, non-empty file that is not a
// SQLite database, which SQLite may otherwise take for an empty one and
// write over.
func checkSQLiteHeader(path string) error {
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("sqlstore: cannot open SQLite database %s: %w", path, err)
	}
	defer f.Close()
	head := make([]byte, len(sqliteHeader))
	n, err := io.ReadFull(f, head)
	if n == 0 && (err == io.EOF || err == nil) {
		return nil // empty: SQLite makes it a database
	}
	if string(head[:n]) != sqliteHeader {
		return fmt.Errorf("sqlstore: %s is not a SQLite database (it does not start with the SQLite header); refusing to write to it", path)
	}
	return nil
}

// pingSQLite opens a first connection, whose DSN pragmas switch a new file
// to WAL. That switch needs the file to itself, and SQLite answers
// SQLITE_BUSY at once, without waiting out busy_timeout, when another
// instance is switching the same new file at that moment: retry for up to
// the busy timeout.
func pingSQLite(ctx context.Context, db *sql.DB) error {
	deadline := time.Now().Add(sqliteBusyTimeoutMS * time.Millisecond)
	for wait := 5 * time.Millisecond; ; wait = min(2*wait, 200*time.Millisecond) {
		err := db.PingContext(ctx)
		if err == nil || !strings.Contains(err.Error(), "SQLITE_BUSY") || time.Now().After(deadline) {
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(wait):
		}
	}
}
