package sqlstore

import (
	"context"
	"database/sql"

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
	var all []searchRow
	err := eachStoredRequest(ctx, tx, func(r *aftersales.Request) error {
		public, contact := aftersales.SearchText(r)
		all = append(all, searchRow{r.ID, public, contact})
		return nil
	})
	if err != nil {
		return err
	}
	return setSearch(ctx, db, tx, "requests", all)
}

// backfillComplaintSearch fills the search columns of the complaints
// stored before they existed (migration 0014), in the migration's
// transaction.
func backfillComplaintSearch(ctx context.Context, db *DB, tx *sql.Tx) error {
	var all []searchRow
	err := eachStoredRow(ctx, tx, "complaints", func(id, body string, _ int) error {
		c, err := decode[complaint.Complaint]("complaint "+id, body)
		if err != nil {
			return err
		}
		public, contact := complaint.SearchText(c)
		all = append(all, searchRow{id, public, contact})
		return nil
	})
	if err != nil {
		return err
	}
	return setSearch(ctx, db, tx, "complaints", all)
}

// searchRow is one record's search texts.
type searchRow struct{ id, public, contact string }

// setSearch writes the search columns of table's rows.
func setSearch(ctx context.Context, db *DB, tx *sql.Tx, table string, rows []searchRow) error {
	for _, x := range rows {
		if _, err := db.exec(ctx, tx, "search columns of "+x.id,
			`UPDATE `+table+` SET search_public = ?, search_contact = ? WHERE id = ?`, db.col(x.public), db.col(x.contact), x.id); err != nil {
			return err
		}
	}
	return nil
}
