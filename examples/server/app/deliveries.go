package app

import (
	"context"

	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/examples/server/web"
)

// deliveries is web.Deliveries over the SQL store's outbox.
type deliveries struct{ x *sqlstore.Deliveries }

func (d deliveries) Deliveries(ctx context.Context, q web.DeliveryQuery) ([]notify.Delivery, string, error) {
	page, err := d.x.List(ctx, sqlstore.DeliveryQuery{Subject: q.Subject, State: q.State, Channel: q.Channel, After: q.After, Limit: q.Limit})
	return page.Deliveries, page.Next, err
}
