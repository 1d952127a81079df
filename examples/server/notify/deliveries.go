package notify

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/examples/server/scheduler"
)

// The delivery states of a notice by one channel.
const (
	// DeliveryPending: written before the channel is tried. A delivery
	// left pending was cut short (the server stopped while sending); the
	// scheduler tries it again.
	DeliveryPending = "pending"
	DeliverySent    = "sent"     // the channel took it
	DeliveryFailed  = "failed"   // the channel refused it or did not answer; tried again later
	DeliveryWaiting = "deferred" // held back (a robot's rate limit): sent later
)

// DeliveryStateLabel returns the state in Chinese, for the desk.
func DeliveryStateLabel(state string) string {
	switch state {
	case DeliveryPending:
		return "发送中"
	case DeliverySent:
		return "已送达"
	case DeliveryFailed:
		return "发送失败，稍后重试"
	case DeliveryWaiting:
		return "排队中（限流）"
	}
	return state
}

// Delivery is one notice by one channel, as the delivery log keeps it:
// the outbox row the Router writes before it tries the channel and
// updates with the outcome.
type Delivery struct {
	Key     string // the notice's key (scheduler.Notification.Key)
	Channel string // the channel's ID: "mail:" + address, or "robot:" + the robot's name
	Via     string // the channel as people know it: 邮件, 企业微信群机器人 1, …
	Subject string // the request, complaint, project or month the notice is about
	Kind    string // the notice's kind (scheduler.KindOverdue, …)
	Clause  string // the clause the notice is about, such as P1.2
	Message string // the notice's text, as sent
	State   string // DeliveryPending, DeliverySent, DeliveryFailed or DeliveryWaiting
	// Error is why the last try failed or waited, without secrets
	// (Health's redaction); "" when sent.
	Error    string
	Attempts int       // tries so far
	At       time.Time // the last try
	SentAt   time.Time // when it was sent; zero until then
}

// DeliveryLog keeps the deliveries durably: the Router's outbox. With one,
// what a notice already reached survives a restart and is shared by every
// instance on the database, so that a retry after a restart tries only
// the channels it has not reached; a channel that took a notice but whose
// outcome was not yet written when the server stopped is tried once more
// (at least once, never lost). The reference server's is the SQL store's.
type DeliveryLog interface {
	// Reached returns the channels by which key was sent.
	Reached(ctx context.Context, key string) (map[string]bool, error)
	// Try records that d is about to be tried: pending, one attempt more.
	// It returns false, writing nothing, when d was sent already (by
	// another instance since Reached, say): the channel is not tried.
	Try(ctx context.Context, d Delivery) (bool, error)
	// Done records the outcome of d's try: d.State, d.Error, d.At, d.SentAt.
	Done(ctx context.Context, d Delivery) error
}

// delivery returns the log row of n by channel c.
func delivery(n scheduler.Notification, c channel, at time.Time) Delivery {
	return Delivery{Key: n.Key, Channel: c.id, Via: c.health, Subject: n.Subject, Kind: n.Kind, Clause: n.Clause,
		Message: n.Message, State: DeliveryPending, At: at}
}
