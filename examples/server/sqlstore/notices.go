package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// Notice is a calendar notice year loaded at run time: the JSON text that
// calendar.ParseNotice reads, kept byte for byte, with who loaded it and
// when.
type Notice struct {
	Year     int
	JSON     []byte
	LoadedBy string
	LoadedAt time.Time // read back in UTC
}

// Notices keep the calendar notice years loaded at run time.
type Notices struct{ db *DB }

// Save stores x, replacing the year's row. It refuses (KindInvalid) a year
// outside 1–9999 and text that is not JSON; whether the JSON is a valid
// notice is calendar.ParseNotice's to say, before Save.
func (n *Notices) Save(ctx context.Context, x Notice) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if x.Year < 1 || x.Year > 9999 {
		return invalid("notice_year_invalid", "通知年份 %d 无效", x.Year)
	}
	if !json.Valid(x.JSON) || !utf8.Valid(x.JSON) {
		return invalid("notice_json_invalid", "%d 年的通知不是有效的 JSON", x.Year)
	}
	if !textTime(x.LoadedAt) {
		return invalid("notice_loaded_invalid", "%d 年通知的载入时间无效", x.Year)
	}
	db := n.db
	return db.write(ctx, fmt.Sprintf("save notice %d", x.Year), func(tx *sql.Tx) error {
		_, err := db.exec(ctx, tx, fmt.Sprintf("save notice %d", x.Year), `INSERT INTO notices (year, body, loaded_by, loaded_at)
			VALUES (?, ?, ?, ?) ON CONFLICT (year) DO UPDATE
			SET body = excluded.body, loaded_by = excluded.loaded_by, loaded_at = excluded.loaded_at`,
			x.Year, string(x.JSON), db.col(x.LoadedBy), rfc3339(x.LoadedAt))
		return err
	})
}

// All returns every notice, by year.
func (n *Notices) All(ctx context.Context) ([]Notice, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	rows, err := n.db.r.QueryContext(ctx, `SELECT year, body, loaded_by, loaded_at FROM notices ORDER BY year`)
	if err != nil {
		return nil, fmt.Errorf("sqlstore: notices: %w", err)
	}
	defer rows.Close()
	var out []Notice
	for rows.Next() {
		var x Notice
		var body, loaded string
		if err := rows.Scan(&x.Year, &body, &x.LoadedBy, &loaded); err != nil {
			return nil, fmt.Errorf("sqlstore: notices: %w", err)
		}
		x.JSON = []byte(body)
		if x.LoadedAt, err = time.Parse(time.RFC3339Nano, loaded); err != nil {
			return nil, fmt.Errorf("sqlstore: notice %d loaded_at %q: %w", x.Year, loaded, err)
		}
		out = append(out, x)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("sqlstore: notices: %w", err)
	}
	return out, nil
}
