// Package sqlstore is the reference server's durable storage: the Stores of
// aftersales, complaint, warranty and staff, and the server's own tables
// (API tokens, claims of scheduled items, calendar notices), over SQLite
// (modernc.org/sqlite, pure Go) or PostgreSQL (pgx through database/sql).
//
// Open picks the dialect from the DSN and brings the schema up to date with
// the dialect's embedded migrations. Both dialects share the code of this
// package; only the migrations, the placeholders and the connection set-up
// differ.
//
// How values are kept: each aggregate is stored whole as the JSON text of
// its Go value (encoding/json keeps a time.Time to the nanosecond with its
// UTC offset), next to copies of the fields that List filters and orders
// on. Reads decode the JSON, so every value returned is the caller's own
// copy. List narrows in SQL and then applies the package's Query.Matches to
// every row as the final word, so that the SQL never decides alone. Saves
// are one transaction each, checked in SQL: an INSERT that does nothing if
// the key exists, or an UPDATE guarded by the version read (optimistic
// locking); no rows affected is a KindConflict error and the transaction is
// rolled back. Histories are append-only tables keyed by (id, seq).
//
// Errors: the domain kinds (KindConflict, KindNotFound, KindInvalid) are
// *aftersales.Error values; every other failure is a plain error wrapping
// the driver's error with %w, which the Services report as internal errors
// without showing its text.
package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// The dialects Dialect returns.
const (
	DialectSQLite   = "sqlite"
	DialectPostgres = "postgres"
)

// DB is an open database with the server's schema. It is safe for
// concurrent use; Close it when done.
type DB struct {
	dialect string
	// w runs every write transaction, r every read. On PostgreSQL they are
	// the same pool. On SQLite w holds one connection, so that writers
	// queue in database/sql instead of failing with SQLITE_BUSY, and r
	// several, which WAL lets read while w writes.
	w, r   *sql.DB
	logger *slog.Logger

	requests   *requestStore
	complaints *complaintStore
	warranties *warrantyStore
	staff      *staffStore
	tokens     *Tokens
	claims     *Claims
	notices    *Notices
	deliveries *Deliveries
	blobs      *Blobs

	probe prober // the health check's write probe (Probe)

	sessions *Sessions
	observer atomic.Pointer[Observer] // SetObserver

	group *committer // SQLite's group commit (groupcommit.go); nil on PostgreSQL

	// PostgreSQL's connection settings and the secrets of its URL, for
	// the token cache's listener (tokencache.go), and how to stop the
	// listener or SQLite's watcher of token_epoch.
	pgConfig     *pgx.ConnConfig
	secrets      []string
	stopListen   context.CancelFunc
	listenerDone chan struct{}

	// stmts holds the write statements prepared once on SQLite's write
	// connection, by query text (txExec), and wanted those to prepare: the
	// group committer prepares them between its transactions, when the
	// one write connection is free. PostgreSQL's driver keeps its own
	// cache of prepared statements per connection.
	stmts  sync.Map // string → *sql.Stmt
	wanted sync.Map // string → struct{}

	// traceList, if set (by the tests, export_test.go), sees the SQL and
	// arguments of every list query before it runs.
	traceList func(query string, args []any)
}

// Open opens dsn: a "postgres://" or "postgresql://" URL selects PostgreSQL;
// anything else is the path of a SQLite file, created if missing. It runs
// the dialect's embedded migrations (on PostgreSQL under an advisory lock,
// so that several instances may start at once). Errors never carry the
// DSN's password. logger may be nil.
func Open(ctx context.Context, dsn string, logger *slog.Logger) (*DB, error) {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	var (
		db  *DB
		err error
	)
	if isPostgresDSN(dsn) {
		db, err = openPostgres(ctx, dsn, logger)
	} else {
		db, err = openSQLite(ctx, dsn, logger)
	}
	if err != nil {
		return nil, err
	}
	db.requests = newRequestStore(db)
	db.complaints = newComplaintStore(db)
	db.warranties = newWarrantyStore(db)
	db.staff = &staffStore{db: db}
	db.tokens = &Tokens{db: db, cache: newTokenCache(false, time.Now)} // live once its watcher is (watchTokenEpoch, listenTokens)
	db.claims = &Claims{db: db}
	db.notices = &Notices{db: db}
	db.deliveries = &Deliveries{db: db}
	db.blobs = &Blobs{db: db}
	db.sessions = &Sessions{db: db}
	// The token cache's watcher (tokencache.go).
	lctx, stop := context.WithCancel(context.WithoutCancel(ctx))
	db.stopListen, db.listenerDone = stop, make(chan struct{})
	if !db.pg() {
		db.group = newCommitter(db)
		go func() {
			defer close(db.listenerDone)
			watchTokenEpoch(lctx, db.r, db.tokens.cache)
		}()
	} else {
		go func() {
			defer close(db.listenerDone)
			listenTokens(lctx, db.pgConfig, db.tokens.cache, db.logger, db.secrets)
		}()
	}
	return db, nil
}

func isPostgresDSN(dsn string) bool {
	l := strings.ToLower(dsn)
	return strings.HasPrefix(l, "postgres://") || strings.HasPrefix(l, "postgresql://")
}

// Close closes the database.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close() // the queued writers finish first
	}
	if db.stopListen != nil {
		db.stopListen()
		<-db.listenerDone
	}
	db.stmts.Range(func(_, st any) bool {
		_ = st.(*sql.Stmt).Close()
		return true
	})
	err := db.w.Close()
	if db.r != db.w {
		err = errors.Join(err, db.r.Close())
	}
	if err != nil {
		return fmt.Errorf("sqlstore: close: %w", err)
	}
	return nil
}

// Ping checks that the database answers, for readiness probes.
func (db *DB) Ping(ctx context.Context) error {
	if err := db.w.PingContext(ctx); err != nil {
		return fmt.Errorf("sqlstore: ping: %w", err)
	}
	if db.r != db.w {
		if err := db.r.PingContext(ctx); err != nil {
			return fmt.Errorf("sqlstore: ping: %w", err)
		}
	}
	return nil
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect }

// Requests returns the aftersales.Store.
func (db *DB) Requests() aftersales.Store { return db.requests }

// Complaints returns the complaint.Store.
func (db *DB) Complaints() complaint.Store { return db.complaints }

// Warranties returns the warranty.Store.
func (db *DB) Warranties() warranty.Store { return db.warranties }

// Staff returns the staff.Store.
func (db *DB) Staff() staff.Store { return db.staff }

// Tokens returns the API tokens.
func (db *DB) Tokens() *Tokens { return db.tokens }

// Claims returns the claims of scheduled items.
func (db *DB) Claims() *Claims { return db.claims }

// Notices returns the calendar notices loaded at run time.
func (db *DB) Notices() *Notices { return db.notices }

// Blobs returns the binary objects kept for the web pages.
func (db *DB) Blobs() *Blobs { return db.blobs }

// pg reports whether the dialect is PostgreSQL.
func (db *DB) pg() bool { return db.dialect == DialectPostgres }

// q returns query in the dialect's placeholders. Queries are written with
// ?, which PostgreSQL spells $1, $2, …; no query of this package has a ?
// anywhere else.
func (db *DB) q(query string) string {
	if !db.pg() {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 16)
	n := 0
	for i := 0; i < len(query); i++ {
		if query[i] == '?' {
			n++
			b.WriteByte('$')
			b.WriteString(strconv.Itoa(n))
			continue
		}
		b.WriteByte(query[i])
	}
	return b.String()
}

// write runs fn in a write transaction and commits it if fn returns nil.
// On SQLite the transaction is BEGIN IMMEDIATE (the DSN's _txlock), so it
// holds the write lock from the start and never fails to upgrade a read
// lock, and the writers waiting at one moment share it, each in its own
// savepoint (group commit, groupcommit.go). A cancelled context rolls it
// back.
func (db *DB) write(ctx context.Context, what string, fn func(tx *sql.Tx) error) (err error) {
	if err := ctx.Err(); err != nil {
		return err
	}
	defer func(start time.Time) { db.observe("write", what, start, err) }(time.Now())
	if db.group != nil {
		return db.group.submit(ctx, what, fn)
	}
	tx, err := db.w.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("sqlstore: %s: begin: %w", what, err)
	}
	defer tx.Rollback() // a no-op after Commit
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("sqlstore: %s: commit: %w", what, err)
	}
	return nil
}

// exec runs a statement in tx and returns the number of rows it affected
// (txExec).
func (db *DB) exec(ctx context.Context, tx *sql.Tx, what, query string, args ...any) (int64, error) {
	res, err := db.txExec(ctx, tx, db.q(query), args...)
	if err != nil {
		return 0, fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	n, err := res.RowsAffected()
	if err != nil {
		return 0, fmt.Errorf("sqlstore: %s: %w", what, err)
	}
	return n, nil
}

// txExec runs query, in the dialect's syntax, in tx: on SQLite through
// the statement prepared once on the write connection when it is ready,
// else as it is, asking for it to be prepared (prepareWanted).
func (db *DB) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	if st := db.prepared(query); st != nil {
		return tx.StmtContext(ctx, st).ExecContext(ctx, args...)
	}
	return tx.ExecContext(ctx, query, args...)
}

// txQuery runs query, in the dialect's syntax, in tx as txExec does: on
// SQLite through the statement prepared once on the write connection.
func (db *DB) txQuery(ctx context.Context, tx *sql.Tx, query string, args ...any) (*sql.Rows, error) {
	if st := db.prepared(query); st != nil {
		return tx.StmtContext(ctx, st).QueryContext(ctx, args...)
	}
	return tx.QueryContext(ctx, query, args...)
}

// txQueryRow is txQuery for one row.
func (db *DB) txQueryRow(ctx context.Context, tx *sql.Tx, query string, args ...any) *sql.Row {
	if st := db.prepared(query); st != nil {
		return tx.StmtContext(ctx, st).QueryRowContext(ctx, args...)
	}
	return tx.QueryRowContext(ctx, query, args...)
}

// prepared returns, on SQLite, the statement of query prepared on the
// write connection, or nil, asking for it (prepareWanted).
func (db *DB) prepared(query string) *sql.Stmt {
	if db.pg() {
		return nil
	}
	if st, ok := db.stmts.Load(query); ok {
		return st.(*sql.Stmt)
	}
	db.wanted.Store(query, struct{}{})
	return nil
}

// prepareWanted prepares on the write connection the statements txExec,
// txQuery and txQueryRow asked for (prepared). The group committer calls it between its transactions, when
// the connection is free; a statement that cannot be prepared is left to
// run unprepared.
func (db *DB) prepareWanted() {
	db.wanted.Range(func(k, _ any) bool {
		query := k.(string)
		db.wanted.Delete(query)
		if _, ok := db.stmts.Load(query); ok {
			return true
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		st, err := db.w.PrepareContext(ctx, query)
		cancel()
		if err == nil {
			db.stmts.Store(query, st)
		}
		return true
	})
}

// conflict returns a KindConflict error with code version_conflict.
func conflict(format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindConflict, "version_conflict", format, args...)
}

// invalid returns a KindInvalid error.
func invalid(code, format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindInvalid, code, format, args...)
}
