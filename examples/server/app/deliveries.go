package app

import (
	"context"

	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// deliveries is web.Deliveries over the SQL store's outbox.
type deliveries struct{ x *sqlstore.Deliveries }

func (d deliveries) Deliveries(ctx context.Context, subject, after string, limit int) ([]notify.Delivery, string, error) {
	page, err := d.x.List(ctx, sqlstore.DeliveryQuery{Subject: subject, After: after, Limit: limit})
	return page.Deliveries, page.Next, err
}
