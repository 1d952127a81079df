package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
)

// The search box (aftersales.Query.Text) reads the columns search_public
// and search_contact of requests: the two texts of aftersales.SearchText,
// written with the record on every Save (requestStore's columns).

// backfillRequestSearch fills the search columns of the requests stored
// before they existed (migration 0012), in the migration's transaction.
func backfillRequestSearch(ctx context.Context, db *DB, tx *sql.Tx) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, body, version FROM requests`)
	if err != nil {
		return fmt.Errorf("sqlstore: backfill the search columns: %w", err)
	}
	type texts struct{ id, public, contact string }
	var all []texts
	for rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: backfill the search columns: %w", err)
		}
		r, err := decodeStoredRequest(id, body, version)
		if err != nil {
			rows.Close()
			return err
		}
		public, contact := aftersales.SearchText(r)
		all = append(all, texts{id, db.col(public), db.col(contact)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: backfill the search columns: %w", err)
	}
	for _, x := range all {
		if _, err := db.exec(ctx, tx, "search columns of "+x.id,
			`UPDATE requests SET search_public = ?, search_contact = ? WHERE id = ?`, x.public, x.contact, x.id); err != nil {
			return err
		}
	}
	return nil
}
