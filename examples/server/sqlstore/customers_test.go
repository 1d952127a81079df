package sqlstore_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// TestCustomerByEmail: the mail intake finds a sender the desk knows by
// the address on their newest request or complaint, letter case aside,
// through an index; a pseudonymised customer is no longer found.
func TestCustomerByEmail(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		dsn := d.newDSN(t)
		db := open(t, dsn)
		ctx := context.Background()
		at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
		clock := aftersales.ClockFunc(func() time.Time { return at.Add(time.Hour) })
		requests, err := aftersales.NewService(aftersales.Config{Store: db.Requests(), Clock: clock})
		require.NoError(t, err)
		complaints, err := complaint.NewService(complaint.Config{Store: db.Complaints(), Clock: clock})
		require.NoError(t, err)
		gm := aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager}
		_, err = requests.Register(ctx, aftersales.RegisterCommand{ID: "AS-1", Actor: gm, Registration: aftersales.Registration{
			Customer: aftersales.Customer{ID: "C-1", Name: "王女士", Email: "Wang.Li@Example.com"}, Description: "渗水",
			Channel: aftersales.ChannelPhone, ReceivedAt: at}})
		require.NoError(t, err)
		_, err = complaints.Register(ctx, complaint.RegisterCommand{ID: "TS-1", Actor: gm, Registration: complaint.Registration{
			Complainant: aftersales.Customer{ID: "C-1b", Name: "王丽", Email: "wang.li@example.com"}, Type: complaint.TypeDelay,
			Description: "拖延", Channel: aftersales.ChannelPhone, ReceivedAt: at.Add(time.Minute), ReceivedBy: complaint.ToAfterSales}})
		require.NoError(t, err)

		c, ok, err := db.CustomerByEmail(ctx, " WANG.LI@example.com ")
		require.NoError(t, err)
		require.True(t, ok)
		require.Equal(t, "C-1b", c.ID, "the newest record's customer")
		_, ok, err = db.CustomerByEmail(ctx, "nobody@example.com")
		require.NoError(t, err)
		require.False(t, ok)

		act := sqlstore.PrivacyAct{Requests: []string{"AS-1"}, Complaints: []string{"TS-1"}, Actor: gm, At: at.Add(time.Hour), Reason: "客户要求删除个人信息"}
		require.NoError(t, db.Pseudonymise(ctx, act, aftersales.NewPseudonym()))
		_, ok, err = db.CustomerByEmail(ctx, "wang.li@example.com")
		require.NoError(t, err)
		require.False(t, ok, "erased: not found by the old address")

		if d.name == sqlstore.DialectSQLite {
			rows, err := raw(t, d, rawDSN(d, dsn)).QueryContext(ctx, `EXPLAIN QUERY PLAN SELECT body, received_ns FROM requests
				WHERE lower(json_extract(body, '$.customer.email')) = 'x' ORDER BY received_ns DESC LIMIT 1`)
			require.NoError(t, err)
			plan := ""
			for rows.Next() {
				var id, parent, unused int
				var detail string
				require.NoError(t, rows.Scan(&id, &parent, &unused, &detail))
				plan += detail + "\n"
			}
			require.NoError(t, rows.Close())
			require.Contains(t, plan, "USING INDEX requests_customer_email", "found through the index, not by reading every request")
		}
	})
}
