package sqlstore

import (
	"context"
	"database/sql"
)

// ConnSettings returns, for the tests, the SQLite settings of the write
// and the read connections as "name=value" pairs.
func ConnSettings(ctx context.Context, db *DB) (write, read map[string]string, err error) {
	get := func(pool *sql.DB, names ...string) (map[string]string, error) {
		out := map[string]string{}
		for _, n := range names {
			var v string
			if err := pool.QueryRowContext(ctx, "PRAGMA "+n).Scan(&v); err != nil {
				return nil, err
			}
			out[n] = v
		}
		return out, nil
	}
	if write, err = get(db.w, "journal_mode", "synchronous", "foreign_keys", "busy_timeout", "query_only"); err != nil {
		return nil, nil, err
	}
	if read, err = get(db.r, "journal_mode", "foreign_keys", "busy_timeout", "query_only"); err != nil {
		return nil, nil, err
	}
	return write, read, nil
}

// Migrations returns the number of the dialect's migrations.
func Migrations(dialect string) (int, error) {
	ms, err := migrations(dialect)
	return len(ms), err
}

// RawOneRowWriter creates a table g on db's write connection and returns a
// function that writes one row of it per transaction, with none of the
// store's machinery: the raw SQLite baseline of the benchmarks.
func RawOneRowWriter(db *DB) (func(k string) error, error) {
	if _, err := db.w.Exec(`CREATE TABLE IF NOT EXISTS g (k TEXT PRIMARY KEY)`); err != nil {
		return nil, err
	}
	return func(k string) error {
		tx, err := db.w.Begin()
		if err != nil {
			return err
		}
		if _, err := tx.Exec(`INSERT INTO g (k) VALUES (?)`, k); err != nil {
			_ = tx.Rollback()
			return err
		}
		return tx.Commit()
	}, nil
}
