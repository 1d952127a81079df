package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// The search boxes (aftersales.Query.Text, complaint.Query.Text) read the
// columns search_public and search_contact of requests and complaints:
// the two texts of each chapter's SearchText, written with the record on
// every Save (the stores' columns; filter.search).

// backfillRequestSearch fills the search columns of the requests stored
// before they existed (migration 0012), in the migration's transaction.
func backfillRequestSearch(ctx context.Context, db *DB, tx *sql.Tx) error {
	return backfillSearch(ctx, db, tx, "requests", func(id, body string, version int) (string, string, error) {
		r, err := decodeStoredRequest(id, body, version)
		if err != nil {
			return "", "", err
		}
		public, contact := aftersales.SearchText(r)
		return public, contact, nil
	})
}

// backfillComplaintSearch fills the search columns of the complaints
// stored before they existed (migration 0014), in the migration's
// transaction.
func backfillComplaintSearch(ctx context.Context, db *DB, tx *sql.Tx) error {
	return backfillSearch(ctx, db, tx, "complaints", func(id, body string, _ int) (string, string, error) {
		c, err := decode[complaint.Complaint]("complaint "+id, body)
		if err != nil {
			return "", "", err
		}
		public, contact := complaint.SearchText(c)
		return public, contact, nil
	})
}

// backfillSearch sets the search columns of every row of table from its
// body (texts).
func backfillSearch(ctx context.Context, db *DB, tx *sql.Tx, table string,
	texts func(id, body string, version int) (public, contact string, err error)) error {
	rows, err := tx.QueryContext(ctx, `SELECT id, body, version FROM `+table)
	if err != nil {
		return fmt.Errorf("sqlstore: backfill the search columns of %s: %w", table, err)
	}
	type row struct{ id, public, contact string }
	var all []row
	for rows.Next() {
		var id, body string
		var version int
		if err := rows.Scan(&id, &body, &version); err != nil {
			rows.Close()
			return fmt.Errorf("sqlstore: backfill the search columns of %s: %w", table, err)
		}
		public, contact, err := texts(id, body, version)
		if err != nil {
			rows.Close()
			return err
		}
		all = append(all, row{id, db.col(public), db.col(contact)})
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("sqlstore: backfill the search columns of %s: %w", table, err)
	}
	for _, x := range all {
		if _, err := db.exec(ctx, tx, "search columns of "+x.id,
			`UPDATE `+table+` SET search_public = ?, search_contact = ? WHERE id = ?`, x.public, x.contact, x.id); err != nil {
			return err
		}
	}
	return nil
}
