package sqlstore

import (
	"context"
	"fmt"
	"strings"

	"github.com/shouhou/shouhou/aftersales"
)

// CustomerByEmail returns the customer of the newest request or complaint
// that gives address as the customer's e-mail (letter case aside), and
// whether there is one: how the mail intake knows a sender it has seen
// at the desk. A pseudonymised customer has no address left to match.
func (db *DB) CustomerByEmail(ctx context.Context, address string) (aftersales.Customer, bool, error) {
	address = strings.ToLower(strings.TrimSpace(address))
	if address == "" {
		return aftersales.Customer{}, false, nil
	}
	reqExpr, cxExpr := `lower(json_extract(body, '$.customer.email'))`, `lower(json_extract(body, '$.complainant.email'))`
	if db.pg() {
		reqExpr, cxExpr = `lower(body::jsonb #>> '{customer,email}')`, `lower(body::jsonb #>> '{complainant,email}')`
	}
	var best aftersales.Customer
	var bestAt int64
	found := false
	for _, q := range []struct{ table, expr, field string }{
		{"requests", reqExpr, "customer"}, {"complaints", cxExpr, "complainant"},
	} {
		var body string
		var at int64
		err := db.r.QueryRowContext(ctx, db.q(`SELECT body, received_ns FROM `+q.table+` WHERE `+q.expr+` = ?
			ORDER BY received_ns DESC LIMIT 1`), address).Scan(&body, &at)
		if errNoRows(err) {
			continue
		}
		if err != nil {
			return aftersales.Customer{}, false, fmt.Errorf("sqlstore: customer by e-mail: %w", err)
		}
		c, err := customerIn(body, q.field)
		if err != nil {
			return aftersales.Customer{}, false, err
		}
		if !found || at > bestAt {
			best, bestAt, found = c, at, true
		}
	}
	return best, found, nil
}

// customerIn reads the customer a record's body names under field
// ("customer" for a request, "complainant" for a complaint).
func customerIn(body, field string) (aftersales.Customer, error) {
	v, err := decode[struct {
		Customer    aftersales.Customer `json:"customer"`
		Complainant aftersales.Customer `json:"complainant"`
	}]("record", body)
	if err != nil {
		return aftersales.Customer{}, err
	}
	if field == "customer" {
		return v.Customer, nil
	}
	return v.Complainant, nil
}
