package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
)

// The backfills fill what a migration created from the records already
// stored (backfills in migrate.go), in the migration's transaction, before
// the stores exist.

// eachStoredRow calls fn with every row of table (id, body, version), then
// closes the rows, so that fn collects what the backfill writes after.
func eachStoredRow(ctx context.Context, tx *sql.Tx, table string, fn func(id, body string, version int) error) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, body, version FROM `+table)
	if err != nil {
		return fmt.Errorf("sqlstore: backfill from %s: %w", table, err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			return fmt.Errorf("sqlstore: backfill from %s: %w", table, err)
		}
		if err := fn(id, body, version); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: backfill from %s: %w", table, err)
	}
	return nil
}

// eachStoredRequest is eachStoredRow of requests, each decoded and checked
// to name its row.
func eachStoredRequest(ctx context.Context, tx *sql.Tx, fn func(r *aftersales.Request) error) error {
	return eachStoredRow(ctx, tx, "requests", func(id, body string, version int) error {
		r, err := decode[aftersales.Request]("request "+id, body)
		if err == nil && (r.ID != id || r.Version != version) {
			err = fmt.Errorf("sqlstore: request %s: the body is %s version %d, the row version %d", id, r.ID, r.Version, version)
		}
		if err != nil {
			return err
		}
		return fn(r)
	})
}
