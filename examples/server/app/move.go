package app

import (
	"context"
	"log/slog"

	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// Backup writes a consistent copy of the SQLite database dsn to file while
// servers may be running on it (sqlstore.DB.Backup: VACUUM INTO in one read
// transaction). file must not exist.
//
// Restore: stop every server on the database, move the database file and
// its -wal and -shm files aside, copy the backup to the database's path,
// and start the server; it checks the schema and runs any newer
// migrations.
func Backup(ctx context.Context, dsn, file string, logger *slog.Logger) error {
	db, err := sqlstore.Open(ctx, dsn, logger)
	if err != nil {
		return err
	}
	defer db.Close()
	return db.Backup(ctx, file)
}

// MigrateTo copies the SQLite database dsn into the empty PostgreSQL
// database target (sqlstore.DB.MigrateTo), creating its schema first, and
// returns each table's verified row count and checksum. Stop the servers
// on dsn first, so that nothing is written after the copy.
func MigrateTo(ctx context.Context, dsn, target string, logger *slog.Logger) ([]sqlstore.TableSum, error) {
	src, err := sqlstore.Open(ctx, dsn, logger)
	if err != nil {
		return nil, err
	}
	defer src.Close()
	dst, err := sqlstore.Open(ctx, target, logger)
	if err != nil {
		return nil, err
	}
	defer dst.Close()
	return src.MigrateTo(ctx, dst)
}
