package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// NextNumber gives the next number of prefix in the year of at (China
// Standard Time), as aftersales.FormatNumber writes it: SH-2026-000123.
// The count is kept per prefix and year in the database, so that numbers
// go on after a restart and no two instances on one PostgreSQL database
// give the same one; each is committed before it is returned, so a
// registration that then fails leaves a gap, never a repeat.
func (db *DB) NextNumber(ctx context.Context, prefix string, at time.Time) (string, error) {
	if !aftersales.ValidNumberPrefix(prefix) {
		return "", invalid("number_prefix_invalid", "编号前缀 %q 无效，应为 1 到 8 个大写字母", prefix)
	}
	year := aftersales.NumberYear(at)
	var last int64
	err := db.write(ctx, "next number", func(tx *sql.Tx) error {
		return db.txQueryRow(ctx, tx, db.q(`INSERT INTO record_numbers (prefix, year, last) VALUES (?, ?, 1)
			ON CONFLICT (prefix, year) DO UPDATE SET last = record_numbers.last + 1 RETURNING last`), prefix, year).Scan(&last)
	})
	if err != nil {
		return "", fmt.Errorf("sqlstore: next number %s-%d: %w", prefix, year, err)
	}
	return aftersales.FormatNumber(prefix, at, last), nil
}

// RequestIDByNumber returns the ID of the request numbered number, or a
// KindNotFound error.
func (db *DB) RequestIDByNumber(ctx context.Context, number string) (string, error) {
	return db.idByNumber(ctx, "requests", number, requestNotFound)
}

// ComplaintIDByNumber returns the ID of the complaint numbered number, or
// a KindNotFound error.
func (db *DB) ComplaintIDByNumber(ctx context.Context, number string) (string, error) {
	return db.idByNumber(ctx, "complaints", number, complaintNotFound)
}

func (db *DB) idByNumber(ctx context.Context, table, number string, notFound func(string) error) (string, error) {
	if !aftersales.IsNumber(number) {
		return "", notFound(number)
	}
	var id string
	err := db.r.QueryRowContext(ctx, db.q(`SELECT id FROM `+table+` WHERE number = ?`), number).Scan(&id)
	if errNoRows(err) {
		return "", notFound(number)
	}
	if err != nil {
		return "", fmt.Errorf("sqlstore: %s by number: %w", table, err)
	}
	return id, nil
}
