package notify

import (
	"context"
	"errors"
	"time"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// DeskChannel is the delivery log's channel of a notice shown on a
// person's desk page ("我的工作"): DeskChannel + the person's ID.
const DeskChannel = "desk:"

// Desk puts each notice on the desk of every person responsible for it,
// by the Router's rules (Router.Recipients): a row of the delivery log per
// person, channel DeskChannel + their ID, sent at once. It needs no outside
// service, so it runs whatever channels are configured, and outside quiet
// hours' hold (the desk is read when people are at work anyway). A notice
// is put on a desk once, however often the scheduler retries it.
type Desk struct {
	Rules *Router // whose Org and Chain say who is responsible
	Log   DeliveryLog
	Now   func() time.Time
}

// Notify implements scheduler.Notifier.
func (d *Desk) Notify(ctx context.Context, n scheduler.Notification) error {
	if d.Rules == nil || d.Rules.Org == nil || d.Log == nil {
		return nil // not wired: nobody's desk to put it on
	}
	o, err := d.Rules.Org(ctx)
	if err != nil {
		return err
	}
	people, _ := d.Rules.Recipients(o, n)
	reached, err := d.Log.Reached(ctx, n.Key)
	if err != nil {
		return err
	}
	now := time.Now
	if d.Now != nil {
		now = d.Now
	}
	var errs []error
	for _, p := range people {
		ch := DeskChannel + p.ID
		if reached[ch] {
			continue
		}
		at := now()
		row := Delivery{Key: n.Key, Channel: ch, Via: "服务台", Subject: n.Subject, Kind: n.Kind, Clause: n.Clause, Message: n.Message,
			State: DeliveryPending, At: at}
		ok, err := d.Log.Try(ctx, row)
		if err != nil || !ok {
			errs = append(errs, err)
			continue
		}
		row.State, row.SentAt = DeliverySent, at
		errs = append(errs, d.Log.Done(ctx, row))
	}
	return errors.Join(errs...)
}
