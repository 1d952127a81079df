package notify_test

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
	"github.com/shouhou/shouhou/staff"
)

// TestRouterOutboxSurvivesARestart: with the SQL store's delivery log, a
// notice that reached the robots and one person's mail but not another's
// is, after a restart (a new Router, new robots, the same database), sent
// only by the mail that failed: no robot posts it twice. Every try is in
// the log with its state, attempts and times; a try the server never
// finished (left pending) is tried again.
func TestRouterOutboxSurvivesARestart(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "outbox.db"), nil)
	require.NoError(t, err)
	defer db.Close()
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	clock := func() time.Time { return at }
	org := func(context.Context) (*staff.Organisation, error) { return company(), nil }
	down := true
	router := func() (*notify.Router, *recorder, *recorder, *postbox) {
		companyRobot, projectRobot := &recorder{}, &recorder{}
		mail := &postbox{fail: func(to notify.Recipient) error {
			if to.Email == "zhou@example.com" && down {
				return errors.New("邮件服务器不可用：550 mailbox unavailable")
			}
			return nil
		}}
		return &notify.Router{Org: org, Robots: []scheduler.Notifier{companyRobot},
			DeptRobots: map[string][]scheduler.Notifier{"项目一部": {projectRobot}}, Mail: mail,
			Log: db.Deliveries(), Now: clock}, companyRobot, projectRobot, mail
	}

	r1, c1, p1, m1 := router()
	require.ErrorContains(t, r1.Notify(ctx, overdue), "邮件服务器不可用")
	require.Len(t, c1.all(), 1)
	require.Len(t, p1.all(), 1)
	require.Equal(t, []string{"sun@example.com"}, m1.sent())

	// The server restarts; the mail server is back.
	down = false
	at = at.Add(10 * time.Minute)
	r2, c2, p2, m2 := router()
	require.NoError(t, r2.Notify(ctx, overdue))
	require.Empty(t, c2.all(), "the company robot is not posted twice")
	require.Empty(t, p2.all(), "nor the project's")
	require.Equal(t, []string{"zhou@example.com"}, m2.sent(), "only the mail that failed")

	page, err := db.Deliveries().List(ctx, sqlstore.DeliveryQuery{Subject: overdue.Subject})
	require.NoError(t, err)
	byChannel := map[string]notify.Delivery{}
	for _, d := range page.Deliveries {
		require.Equal(t, overdue.Key, d.Key)
		byChannel[d.Channel] = d
	}
	require.Len(t, byChannel, 4, "two robots and two mails: %v", byChannel)
	zhou := byChannel["mail:zhou@example.com"]
	require.Equal(t, notify.DeliverySent, zhou.State)
	require.Equal(t, 2, zhou.Attempts)
	require.True(t, zhou.SentAt.Equal(at))
	sun := byChannel["mail:sun@example.com"]
	require.Equal(t, 1, sun.Attempts)
	require.True(t, sun.SentAt.Equal(at.Add(-10*time.Minute)))
	require.Equal(t, "邮件", sun.Via)
	require.Equal(t, overdue.Message, sun.Message)

	// A try the server never finished: pending in the log, sent again.
	n := notice(7)
	ok, err := db.Deliveries().Try(ctx, notify.Delivery{Key: n.Key, Channel: "robot:群机器人 1", Via: "群机器人 1",
		Subject: n.Subject, State: notify.DeliveryPending, At: at})
	require.NoError(t, err)
	require.True(t, ok)
	r3, c3, _, _ := router()
	require.NoError(t, r3.Notify(ctx, n))
	require.Len(t, c3.all(), 1)
	page, err = db.Deliveries().List(ctx, sqlstore.DeliveryQuery{Subject: n.Subject})
	require.NoError(t, err)
	for _, d := range page.Deliveries {
		if d.Channel == "robot:群机器人 1" {
			require.Equal(t, notify.DeliverySent, d.State)
			require.Equal(t, 2, d.Attempts)
		}
	}
}

// staleReached is a delivery log whose Reached answers from before
// another instance sent the notice: nothing reached yet.
type staleReached struct{ *sqlstore.Deliveries }

func (staleReached) Reached(context.Context, string) (map[string]bool, error) {
	return map[string]bool{}, nil
}

// TestRouterDoesNotResendWhatAnotherInstanceSent: a channel another
// instance sent the notice by between this one's Reached and its Try is
// not tried: the outbox's Try answers false.
func TestRouterDoesNotResendWhatAnotherInstanceSent(t *testing.T) {
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, filepath.Join(t.TempDir(), "outbox.db"), nil)
	require.NoError(t, err)
	defer db.Close()
	at := time.Date(2026, 11, 3, 9, 0, 0, 0, time.UTC)
	d := notify.Delivery{Key: overdue.Key, Channel: "robot:群机器人 1", Via: "群机器人 1", Subject: overdue.Subject, At: at}
	_, err = db.Deliveries().Try(ctx, d)
	require.NoError(t, err)
	d.State, d.SentAt = notify.DeliverySent, at
	require.NoError(t, db.Deliveries().Done(ctx, d))

	robot := &recorder{}
	r := &notify.Router{Robots: []scheduler.Notifier{robot}, Log: staleReached{db.Deliveries()}, Now: func() time.Time { return at }}
	require.NoError(t, r.Notify(ctx, overdue))
	require.Empty(t, robot.all(), "sent by the other instance already")
}
