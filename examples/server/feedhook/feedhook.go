// Package feedhook delivers every domain event of the change feed — each
// step of every request, complaint and warranty — to one webhook, in
// commit order, signed the Standard Webhooks way (webhook-id,
// webhook-timestamp, webhook-signature; see scheduler.SignStandard).
//
// Delivery is at least once, in order, with a stable webhook-id per event
// for the receiver to deduplicate on: the dispatcher keeps its position in
// the feed in the database (sqlstore's feed_cursors) and moves it only
// after the receiver answered 2xx; of several instances sharing a
// PostgreSQL database, one at a time delivers a batch (a claim on the batch
// after the stored position); an instance that dies mid-batch leaves it to
// another once its claim's lease runs out, which may repeat the events it
// had delivered, with the same webhook-id.
package feedhook

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// Feed is the change feed and the dispatcher's stored position in it
// (*sqlstore.DB).
type Feed interface {
	Feed(ctx context.Context, after string, limit int) ([]sqlstore.FeedItem, string, error)
	FeedCursor(ctx context.Context, name string) (string, error)
	AdvanceFeedCursor(ctx context.Context, name, from, to string, at time.Time) (bool, error)
	FeedEnd(ctx context.Context) (string, error)
}

// Claims decide which instance delivers a batch (*sqlstore.Claims).
type Claims interface {
	Claim(ctx context.Context, key, owner string, at time.Time, lease time.Duration) (bool, error)
	Done(ctx context.Context, key string, at time.Time) error
	Release(ctx context.Context, key, owner string) error
}

// Dispatcher delivers the change feed to URL.
type Dispatcher struct {
	Feed     Feed
	Claims   Claims
	URL      string
	Key      []byte // the Standard Webhooks signing key (scheduler.ParseStandardSecret)
	Instance string // this instance's name, for the claims
	Name     string // the reader's name in feed_cursors; default "events-webhook"
	Batch    int    // events a claim covers; default 50
	Lease    time.Duration
	Client   *http.Client
	Now      func() time.Time
	Logger   *slog.Logger
	// Deliver, if set, takes each event instead of a POST to URL: another
	// reader of the feed, such as the customers' text messages, with the
	// same stored position and claims. An error stops the batch there; the
	// next Tick retries from that event.
	Deliver func(ctx context.Context, it sqlstore.FeedItem) error
	// FromEnd starts a reader without a stored position at the feed's
	// end: it takes only what is committed after it first ran, not the
	// history before (a new reader does not text every customer of the
	// past).
	FromEnd bool
}

// Payload is the body of one delivery, in the Standard Webhooks envelope:
// type ("request.forwarded", …), timestamp (when the event happened, +08:00)
// and data (the feed's item).
type Payload struct {
	Type      string    `json:"type"`
	Timestamp time.Time `json:"timestamp"`
	Data      Data      `json:"data"`
}

// Data is an event of the feed, as GET /api/v1/events gives it.
type Data struct {
	Kind     string          `json:"kind"`
	RecordID string          `json:"record_id"`
	Seq      int             `json:"seq"`
	Type     string          `json:"type"`
	At       time.Time       `json:"at"`
	Event    json.RawMessage `json:"event"`
}

// MessageID is the webhook-id of an event: the same for its every delivery.
func MessageID(kind, recordID string, seq int) string {
	return scheduler.MessageID("event:" + kind + "/" + recordID + "/" + strconv.Itoa(seq))
}

func (d *Dispatcher) defaults() {
	if d.Name == "" {
		d.Name = "events-webhook"
	}
	if d.Batch <= 0 {
		d.Batch = 50
	}
	if d.Lease <= 0 {
		d.Lease = 30 * time.Second
	}
	if d.Client == nil {
		d.Client = &http.Client{Timeout: 10 * time.Second}
	}
	if d.Now == nil {
		d.Now = time.Now
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
}

// Tick delivers the next batch after the stored position, if no other
// instance holds it, and returns how many events it delivered. It stops at
// the first delivery that fails (the error says why), keeping the position
// after the last one delivered, so that the next Tick retries from there.
func (d *Dispatcher) Tick(ctx context.Context) (int, error) {
	d.defaults()
	cur, err := d.Feed.FeedCursor(ctx, d.Name)
	if err != nil {
		return 0, err
	}
	if cur == "" && d.FromEnd {
		if cur, err = d.start(ctx); err != nil {
			return 0, err
		}
	}
	key := "feedhook:" + d.Name + ":" + cur
	if cur == "" {
		key += "start"
	}
	got, err := d.Claims.Claim(ctx, key, d.Instance, d.Now(), d.Lease)
	if err != nil || !got {
		return 0, err
	}
	items, _, err := d.Feed.Feed(ctx, cur, d.Batch)
	if err != nil || len(items) == 0 {
		return 0, joinRelease(err, d.Claims.Release(ctx, key, d.Instance))
	}
	last, n := cur, 0
	var postErr error
	for _, it := range items {
		deliver := d.post
		if d.Deliver != nil {
			deliver = d.Deliver
		}
		if postErr = deliver(ctx, it); postErr != nil {
			break
		}
		last, n = it.Cursor, n+1
	}
	if n == 0 {
		return 0, joinRelease(postErr, d.Claims.Release(ctx, key, d.Instance))
	}
	if _, err := d.Feed.AdvanceFeedCursor(ctx, d.Name, cur, last, d.Now()); err != nil {
		return n, err
	}
	if err := d.Claims.Done(ctx, key, d.Now()); err != nil {
		return n, err
	}
	return n, postErr
}

// Prime gives a new FromEnd reader its position, the feed's end, now
// rather than at its first Tick: call it before the server takes writes,
// so that none made meanwhile is passed over. A reader with a position
// keeps it.
func (d *Dispatcher) Prime(ctx context.Context) error {
	d.defaults()
	cur, err := d.Feed.FeedCursor(ctx, d.Name)
	if err != nil || cur != "" || !d.FromEnd {
		return err
	}
	_, err = d.start(ctx)
	return err
}

// start stores the feed's end as the position of a new FromEnd reader
// (the first instance to do so wins) and returns the stored position.
func (d *Dispatcher) start(ctx context.Context) (string, error) {
	end, err := d.Feed.FeedEnd(ctx)
	if err != nil {
		return "", err
	}
	if end == "" {
		end = sqlstore.FeedStart // an empty feed: everything to come is new
	}
	if _, err := d.Feed.AdvanceFeedCursor(ctx, d.Name, "", end, d.Now()); err != nil {
		return "", err
	}
	return d.Feed.FeedCursor(ctx, d.Name)
}

func joinRelease(err, rerr error) error {
	if err != nil {
		return err
	}
	return rerr
}

// post delivers one event; a 2xx answer is success.
func (d *Dispatcher) post(ctx context.Context, it sqlstore.FeedItem) error {
	at := it.At.In(calendar.CST())
	body, err := json.Marshal(Payload{Type: it.Kind + "." + it.Type, Timestamp: at,
		Data: Data{Kind: it.Kind, RecordID: it.RecordID, Seq: it.Seq, Type: it.Type, At: at, Event: it.Event}})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.URL, bytes.NewReader(body))
	if err != nil {
		return err
	}
	id, sent := MessageID(it.Kind, it.RecordID, it.Seq), d.Now().Unix()
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(scheduler.HeaderWebhookID, id)
	req.Header.Set(scheduler.HeaderWebhookTimestamp, strconv.FormatInt(sent, 10))
	req.Header.Set(scheduler.HeaderWebhookSignature, scheduler.SignStandard(d.Key, id, sent, body))
	resp, err := d.Client.Do(req)
	if err != nil {
		return fmt.Errorf("feedhook: deliver %s: %w", id, err)
	}
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	_ = resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("feedhook: deliver %s: the receiver answered %d", id, resp.StatusCode)
	}
	return nil
}

// Run delivers until ctx is done: a batch after another while there is
// more, then every interval. Failures are logged and retried at the next
// interval.
func (d *Dispatcher) Run(ctx context.Context, every time.Duration) {
	d.defaults()
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		for {
			n, err := d.Tick(ctx)
			if err != nil && ctx.Err() == nil {
				d.Logger.Warn("event webhook delivery failed; retrying later", "err", err)
			}
			if err != nil || n < d.Batch {
				break
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
