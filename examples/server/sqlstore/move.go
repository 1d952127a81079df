package sqlstore

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"database/sql/driver"
	"encoding/hex"
	"fmt"
	"os"
	"slices"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
)

// Backup writes a consistent copy of a SQLite database to path, while the
// server runs: one VACUUM INTO statement on a read connection. It reads
// the whole database in one read transaction, so the copy is the state of
// one commit; in WAL mode that transaction neither blocks the writers nor
// is disturbed by them. path must not exist (VACUUM INTO never overwrites
// a file with content). The copy is compacted and complete in itself (no
// -wal file beside it); restore it by stopping the server and putting it
// in place of the database file, with the old file's -wal and -shm
// removed.
//
// VACUUM INTO rather than SQLite's online backup API: it runs through
// database/sql with no driver-specific connection, and the backup API,
// copying a few pages per step, starts over whenever another connection
// writes between steps, which under steady load may never finish (or
// holds a read lock for the whole copy when done in one step, as VACUUM
// INTO does anyway).
//
// On PostgreSQL Backup refuses: use pg_dump.
func (db *DB) Backup(ctx context.Context, path string) error {
	if db.pg() {
		return aftersales.Errorf(aftersales.KindInvalid, "backup_postgres", "PostgreSQL 数据库请用 pg_dump 备份")
	}
	if _, err := os.Stat(path); err == nil {
		return aftersales.Errorf(aftersales.KindConflict, "backup_exists", "备份文件 %s 已存在，不覆盖", path)
	}
	// The read pool's connections are query_only, which VACUUM INTO (it
	// writes the new file) refuses: lift it on one connection for the
	// statement, and drop that connection should it not come back.
	conn, err := db.r.Conn(ctx)
	if err != nil {
		return fmt.Errorf("sqlstore: backup: %w", err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(ctx, "PRAGMA query_only = 0"); err != nil {
		return fmt.Errorf("sqlstore: backup: %w", err)
	}
	_, err = conn.ExecContext(ctx, "VACUUM INTO ?", path)
	if _, rerr := conn.ExecContext(context.WithoutCancel(ctx), "PRAGMA query_only = 1"); rerr != nil {
		conn.Raw(func(any) error { return driver.ErrBadConn })
	}
	if err != nil {
		return fmt.Errorf("sqlstore: backup to %s: %w", path, err)
	}
	return nil
}

// moved are the tables MigrateTo copies, parents before children. The
// health probe (one row per database, rewritten by every instance) and
// schema_migrations (written by Open) are not copied.
var moved = []string{
	"requests", "request_parts", "request_deadlines", "request_pending_minutes", "request_tally", "request_totals", "request_events",
	"complaints", "complaint_departments", "complaint_tally", "complaint_totals", "complaint_events", "complaint_deliveries",
	"warranties", "warranty_changes",
	"staff_organisation", "staff_sessions", "staff_assessments", "staff_history", "staff_counter",
	"tokens", "sessions", "claims", "notices", "deliveries", "blobs", "files", "record_numbers", "feed", "feed_cursors",
}

// rebuilt are the tables MigrateTo does not copy: those written by Open
// or by each instance (the token cache's epoch among them), and the search
// index, which it builds again.
var rebuilt = []string{"schema_migrations", "health_probe", "privacy_rewrite", "requests_search", "complaints_search", "token_epoch"}

// searchIndexTable reports whether t is one of the FTS5 tables of the
// search index (the virtual table and its shadow tables).
func searchIndexTable(t string) bool {
	return strings.HasPrefix(t, "requests_grams") || strings.HasPrefix(t, "complaints_grams")
}

// TableSum is one table's row count and checksum, as MigrateTo verifies
// them: the SHA-256 of every row's columns in primary-key order.
type TableSum struct {
	Table string `json:"table"`
	Rows  int    `json:"rows"`
	Sum   string `json:"sha256"`
}

// MigrateTo copies every row of db, a SQLite database, into dst, an empty
// PostgreSQL database with the same schema version, in one transaction on
// dst, then verifies per table that both hold the same number of rows with
// the same checksum. It refuses a dst that holds any record, token or
// setting (error code migrate_target_not_empty) and a source that is not
// SQLite. The feed keeps its positions; PostgreSQL's sequence continues
// after the last one. It returns the verified sums.
func (db *DB) MigrateTo(ctx context.Context, dst *DB) ([]TableSum, error) {
	if db.pg() || !dst.pg() {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "migrate_dialects", "只能从 SQLite 数据库迁移到 PostgreSQL 数据库")
	}
	if a, b := db.schemaVersion(ctx), dst.schemaVersion(ctx); a != b {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "migrate_schema", "两个数据库的结构版本不同（%d 与 %d），请先用同一版本的服务器打开它们", a, b)
	}
	if extra, err := uncopied(ctx, db.r); err != nil {
		return nil, err
	} else if len(extra) > 0 {
		return nil, aftersales.Errorf(aftersales.KindInvalid, "migrate_unknown_tables", "源数据库有本程序不认识的表（%s），请用相同版本的服务器迁移", strings.Join(extra, "、"))
	}
	err := dst.write(ctx, "migrate", func(tx *sql.Tx) error {
		for _, t := range moved {
			var n int
			q := "SELECT COUNT(*) FROM " + t
			if t == "staff_counter" {
				q += " WHERE last_seq <> 0"
			}
			if err := tx.QueryRowContext(ctx, q).Scan(&n); err != nil {
				return fmt.Errorf("sqlstore: migrate: count %s: %w", t, err)
			}
			if n > 0 {
				return aftersales.Errorf(aftersales.KindConflict, "migrate_target_not_empty", "目标数据库不是空的（表 %s 有 %d 行），不迁移", t, n)
			}
		}
		if _, err := tx.ExecContext(ctx, "DELETE FROM staff_counter"); err != nil {
			return fmt.Errorf("sqlstore: migrate: %w", err)
		}
		for _, t := range moved {
			if err := copyTable(ctx, db.r, tx, t); err != nil {
				return err
			}
		}
		// The search index is not copied (SQLite keeps it in FTS5 tables):
		// it is built again from the copied rows.
		for _, t := range []string{"requests", "complaints"} {
			if err := reindexSearch(ctx, dst, tx, t); err != nil {
				return err
			}
		}
		_, err := tx.ExecContext(ctx, "SELECT setval(pg_get_serial_sequence('feed', 'pos'), COALESCE((SELECT MAX(pos) FROM feed), 0) + 1, false)")
		if err != nil {
			return fmt.Errorf("sqlstore: migrate: feed sequence: %w", err)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	var sums []TableSum
	for _, t := range moved {
		cols, err := columns(ctx, db.r, t)
		if err != nil {
			return nil, err
		}
		a, err := db.sum(ctx, t, cols)
		if err != nil {
			return nil, err
		}
		b, err := dst.sum(ctx, t, cols)
		if err != nil {
			return nil, err
		}
		if a != b {
			return nil, aftersales.Errorf(aftersales.KindUnavailable, "migrate_mismatch", "表 %s 迁移后不一致：源 %d 行 %s，目标 %d 行 %s", t, a.Rows, a.Sum, b.Rows, b.Sum)
		}
		sums = append(sums, a)
	}
	return sums, nil
}

// schemaVersion is the highest migration applied, or -1 when unreadable.
func (db *DB) schemaVersion(ctx context.Context) int {
	var v sql.NullInt64
	if err := db.r.QueryRowContext(ctx, "SELECT MAX(version) FROM schema_migrations").Scan(&v); err != nil {
		return -1
	}
	return int(v.Int64)
}

// columns returns the columns of table t that both dialects have, in the
// SQLite schema's order (PostgreSQL's feed.tx is its own).
func columns(ctx context.Context, src *sql.DB, t string) ([]string, error) {
	rows, err := src.QueryContext(ctx, "SELECT name FROM pragma_table_info(?) ORDER BY cid", t)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrate: columns of %s: %w", t, err)
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		cols = append(cols, c)
	}
	if len(cols) == 0 {
		return nil, fmt.Errorf("sqlstore: migrate: no table %s in the source", t)
	}
	return cols, rows.Err()
}

// copyTable copies every row of t from src into tx.
func copyTable(ctx context.Context, src *sql.DB, tx *sql.Tx, t string) error {
	cols, err := columns(ctx, src, t)
	if err != nil {
		return err
	}
	rows, err := src.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+t)
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: read %s: %w", t, err)
	}
	defer rows.Close()
	ph := make([]string, len(cols))
	for i := range ph {
		ph[i] = fmt.Sprintf("$%d", i+1)
	}
	ins, err := tx.PrepareContext(ctx, "INSERT INTO "+t+" ("+strings.Join(cols, ", ")+") VALUES ("+strings.Join(ph, ", ")+")")
	if err != nil {
		return fmt.Errorf("sqlstore: migrate: %s: %w", t, err)
	}
	defer ins.Close()
	for rows.Next() {
		vals, err := scanAny(rows, len(cols))
		if err != nil {
			return fmt.Errorf("sqlstore: migrate: read %s: %w", t, err)
		}
		if _, err := ins.ExecContext(ctx, vals...); err != nil {
			return fmt.Errorf("sqlstore: migrate: write %s: %w", t, err)
		}
	}
	return rows.Err()
}

// scanAny scans the current row of rows, n columns, as the driver gives
// them.
func scanAny(rows *sql.Rows, n int) ([]any, error) {
	vals := make([]any, n)
	ptrs := make([]any, n)
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	return vals, rows.Scan(ptrs...)
}

// sum counts and checksums table t over cols: every row's columns, each
// as text (NULL as \N, bytes in hex), the rows sorted as text, so that
// neither dialect's collation nor its row order matters.
func (db *DB) sum(ctx context.Context, t string, cols []string) (TableSum, error) {
	rows, err := db.r.QueryContext(ctx, "SELECT "+strings.Join(cols, ", ")+" FROM "+t)
	if err != nil {
		return TableSum{}, fmt.Errorf("sqlstore: checksum %s: %w", t, err)
	}
	defer rows.Close()
	var lines []string
	for rows.Next() {
		vals, err := scanAny(rows, len(cols))
		if err != nil {
			return TableSum{}, fmt.Errorf("sqlstore: checksum %s: %w", t, err)
		}
		var b strings.Builder
		for _, v := range vals {
			switch v := v.(type) {
			case nil:
				b.WriteString(`\N`)
			case []byte:
				b.WriteString(hex.EncodeToString(v))
			default:
				fmt.Fprint(&b, v)
			}
			b.WriteByte(0)
		}
		lines = append(lines, b.String())
	}
	if err := rows.Err(); err != nil {
		return TableSum{}, err
	}
	slices.Sort(lines)
	h := sha256.New()
	for _, l := range lines {
		h.Write([]byte(l))
		h.Write([]byte{'\n'})
	}
	return TableSum{Table: t, Rows: len(lines), Sum: hex.EncodeToString(h.Sum(nil))}, nil
}

// uncopied returns the source's tables MigrateTo does not know: a newer
// schema than this code, which it must not half copy.
func uncopied(ctx context.Context, src *sql.DB) ([]string, error) {
	rows, err := src.QueryContext(ctx, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name")
	if err != nil {
		return nil, fmt.Errorf("sqlstore: migrate: list tables: %w", err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		if !slices.Contains(moved, t) && !slices.Contains(rebuilt, t) && !searchIndexTable(t) {
			out = append(out, t)
		}
	}
	return out, rows.Err()
}

// Tables returns the tables MigrateTo copies, in its order.
func Tables() []string { return slices.Clone(moved) }
