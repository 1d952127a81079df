package sqlstore

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"sort"
	"strconv"
	"time"
)

// migrationsFS holds one set of numbered migrations per dialect:
// migrations/sqlite/0001_init.sql, migrations/postgres/0001_init.sql, …
// A migration is never edited once released; a change of schema is a new
// file with the next number, in both dialects.
//
//go:embed migrations
var migrationsFS embed.FS

// pgMigrationLock is the key of the PostgreSQL advisory lock that
// serialises the migrations of instances starting at once ("shouhou" in
// ASCII).
const pgMigrationLock int64 = 0x73686f75686f75

type migration struct {
	version int
	name    string // the file name
	sql     string
}

// backfills are the steps in Go that fill what a migration's SQL created
// from the rows already stored, by migration version; each runs after the
// SQL, in the migration's transaction.
func backfills(version int) func(ctx context.Context, db *DB, tx *sql.Tx) error {
	switch version {
	case 10:
		return backfillRequestDeadlines
	case 11:
		return backfillRequestTally
	case 12:
		return backfillRequestSearch
	case 14:
		return backfillComplaintSearch
	case 15:
		return func(ctx context.Context, db *DB, tx *sql.Tx) error {
			if err := reindexSearch(ctx, db, tx, "requests"); err != nil {
				return err
			}
			return reindexSearch(ctx, db, tx, "complaints")
		}
	case 16:
		return backfillComplaintTally
	case 19:
		return backfillPendingMinutes
	case 27:
		return backfillComplaintNextDue
	}
	return nil
}

var migrationName = regexp.MustCompile(`^([0-9]{4})_[a-z0-9_]+\.sql$`)

// migrations returns the dialect's migrations in order. Their versions
// must be 1, 2, … with no gap.
func migrations(dialect string) ([]migration, error) {
	dir := path.Join("migrations", dialect)
	entries, err := fs.ReadDir(migrationsFS, dir)
	if err != nil {
		return nil, fmt.Errorf("migrations of %s: %w", dialect, err)
	}
	var out []migration
	for _, e := range entries {
		m := migrationName.FindStringSubmatch(e.Name())
		if m == nil {
			return nil, fmt.Errorf("migration %s/%s: the name must be NNNN_words.sql", dir, e.Name())
		}
		v, _ := strconv.Atoi(m[1])
		text, err := fs.ReadFile(migrationsFS, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("migration %s/%s: %w", dir, e.Name(), err)
		}
		out = append(out, migration{version: v, name: e.Name(), sql: string(text)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].version < out[j].version })
	for i, m := range out {
		if m.version != i+1 {
			return nil, fmt.Errorf("migrations of %s: %s should be number %d", dialect, m.name, i+1)
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("migrations of %s: none", dialect)
	}
	return out, nil
}

// migrate brings the schema up to date: it applies, each in its own
// transaction, the migrations that schema_migrations does not list. On
// PostgreSQL it holds a session advisory lock meanwhile, so that of several
// instances starting at once one migrates and the others wait, then find
// nothing to do. On SQLite each migration's BEGIN IMMEDIATE does the same:
// it checks schema_migrations again once it holds the write lock.
func (db *DB) migrate(ctx context.Context) error {
	ms, err := migrations(db.dialect)
	if err != nil {
		return err
	}
	conn, err := db.w.Conn(ctx)
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	defer conn.Close()
	if db.pg() {
		if _, err := conn.ExecContext(ctx, "SELECT pg_advisory_lock($1)", pgMigrationLock); err != nil {
			return fmt.Errorf("migrate: take the migration lock: %w", err)
		}
		defer func() {
			uctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if _, err := conn.ExecContext(uctx, "SELECT pg_advisory_unlock($1)", pgMigrationLock); err != nil {
				// Drop the connection rather than return it to the pool
				// still holding the lock: closing the session releases it.
				conn.Raw(func(any) error { return driver.ErrBadConn })
			}
		}()
	}
	create := `CREATE TABLE IF NOT EXISTS schema_migrations (
		version    INTEGER NOT NULL PRIMARY KEY,
		name       TEXT    NOT NULL,
		applied_at TEXT    NOT NULL
	)`
	if _, err := conn.ExecContext(ctx, create); err != nil {
		return fmt.Errorf("migrate: create schema_migrations: %w", err)
	}
	applied, err := appliedMigrations(ctx, conn)
	if err != nil {
		return err
	}
	for v, name := range applied {
		if v > len(ms) {
			return fmt.Errorf("migrate: the database's schema is at version %d (%s), newer than this program's %d: run a newer server", v, name, len(ms))
		}
		if want := ms[v-1].name; name != want {
			return fmt.Errorf("migrate: the database's migration %d is %s, this program's is %s", v, name, want)
		}
	}
	for _, m := range ms {
		if _, ok := applied[m.version]; ok {
			continue
		}
		done, err := db.apply(ctx, conn, m)
		if err != nil {
			return err
		}
		if done {
			db.logger.Info("sqlstore: applied migration", "dialect", db.dialect, "version", m.version, "name", m.name)
		}
	}
	return nil
}

func appliedMigrations(ctx context.Context, conn *sql.Conn) (map[int]string, error) {
	rows, err := conn.QueryContext(ctx, "SELECT version, name FROM schema_migrations")
	if err != nil {
		return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
	}
	defer rows.Close()
	out := map[int]string{}
	for rows.Next() {
		var v int
		var name string
		if err := rows.Scan(&v, &name); err != nil {
			return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
		}
		out[v] = name
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("migrate: read schema_migrations: %w", err)
	}
	return out, nil
}

// apply runs m and records it, in one transaction, unless another process
// recorded it first. It reports whether it applied m.
func (db *DB) apply(ctx context.Context, conn *sql.Conn, m migration) (bool, error) {
	tx, err := conn.BeginTx(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("migrate: %s: begin: %w", m.name, err)
	}
	defer tx.Rollback()
	var n int
	if err := tx.QueryRowContext(ctx, db.q("SELECT COUNT(*) FROM schema_migrations WHERE version = ?"), m.version).Scan(&n); err != nil {
		return false, fmt.Errorf("migrate: %s: %w", m.name, err)
	}
	if n > 0 {
		return false, nil
	}
	if _, err := tx.ExecContext(ctx, m.sql); err != nil {
		return false, fmt.Errorf("migrate: %s: %w", m.name, err)
	}
	if fill := backfills(m.version); fill != nil {
		if err := fill(ctx, db, tx); err != nil {
			return false, fmt.Errorf("migrate: %s: %w", m.name, err)
		}
	}
	if _, err := tx.ExecContext(ctx, db.q("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)"),
		m.version, m.name, time.Now().UTC().Format(time.RFC3339Nano)); err != nil {
		return false, fmt.Errorf("migrate: %s: record: %w", m.name, err)
	}
	if err := tx.Commit(); err != nil {
		return false, fmt.Errorf("migrate: %s: commit: %w", m.name, err)
	}
	return true, nil
}

// errNoRows reports whether err is sql.ErrNoRows.
func errNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }
