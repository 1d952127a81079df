package notify_test

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/staff"
)

// movable is a clock the test sets.
type movable struct {
	mu sync.Mutex
	t  time.Time
}

func (c *movable) Now() time.Time  { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *movable) Set(t time.Time) { c.mu.Lock(); defer c.mu.Unlock(); c.t = t }

// TestQuietHoursThroughTheScheduler: the scheduler, quiet hours, the
// router and a 企业微信 stand-in together. A request's P1.2 falls overdue
// on a Saturday: the tick defers it (no failure) and the robot hears
// nothing all weekend, however often the scheduler ticks; at 08:00 on
// Monday it is posted once, and never again. An urgent request's P1.3
// overdue on the same Saturday goes at once.
func TestQuietHoursThroughTheScheduler(t *testing.T) {
	srv := newRobotServer(t, nil)
	robot, err := notify.NewWeComRobot(srv.URL+"/send?key=k", notify.RobotOptions{})
	require.NoError(t, err)
	defer robot.Close()
	clock := &movable{t: cstAt(2026, 11, 19, 10, 0)}
	n := 0
	requests, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: clock,
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-001", Name: "滨江花园", Kind: aftersales.Residential, DepartmentID: "项目一部"}),
		NewID:     func() string { n++; return fmt.Sprintf("AS-%d", n) }})
	require.NoError(t, err)
	clerk := aftersales.Actor{ID: "clerk", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	for _, urgent := range []bool{false, true} {
		_, err = requests.Register(context.Background(), aftersales.RegisterCommand{Actor: clerk, Registration: aftersales.Registration{
			Customer: aftersales.Customer{Name: "张先生"}, ProjectID: "P-001", Description: "卫生间顶棚渗水", Urgent: urgent,
			Channel: aftersales.ChannelPhone, ReceivedAt: clock.Now()}})
		require.NoError(t, err)
	}
	router := &notify.Router{Robots: []scheduler.Notifier{robot},
		Org: func(context.Context) (*staff.Organisation, error) { return company(), nil }}
	s, err := scheduler.New(scheduler.Config{Requests: requests, Clock: clock, Owner: "a",
		Notifier: &notify.Quiet{Next: router, Calendar: requests.Calendar}})
	require.NoError(t, err)

	// overdueP12 counts the messages about a P1.2 overdue, AS-1's and AS-2's.
	overdueP12 := func() int {
		k := 0
		for _, r := range srv.requests() {
			md, _ := r.body["markdown"].(map[string]any)
			c, _ := md["content"].(string)
			k += strings.Count(c, "（P1.2），现已逾期")
		}
		return k
	}
	clock.Set(cstAt(2026, 11, 21, 10, 0)) // Saturday
	res, err := s.Tick(context.Background())
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 1, Deferred: 2}, res, "both P1.2 wait; the urgent request's P1.3 goes at once")
	require.Zero(t, overdueP12())
	urgentSent := len(srv.requests())
	require.Equal(t, 1, urgentSent)
	md, _ := srv.requests()[0].body["markdown"].(map[string]any)
	require.Contains(t, md["content"], "【紧急·逾期】售后需求 AS-2")

	for _, at := range []time.Time{cstAt(2026, 11, 21, 23, 0), cstAt(2026, 11, 22, 12, 0), cstAt(2026, 11, 23, 7, 59)} {
		clock.Set(at)
		res, err = s.Tick(context.Background())
		require.NoError(t, err)
		require.Equal(t, scheduler.Result{Skipped: 1, Deferred: 2}, res, "%v", at)
	}
	require.Zero(t, overdueP12())
	require.Len(t, srv.requests(), urgentSent, "nothing else over the weekend")

	clock.Set(cstAt(2026, 11, 23, 8, 0)) // Monday morning
	res, err = s.Tick(context.Background())
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{Sent: 2, Skipped: 1}, res)
	require.Equal(t, 2, overdueP12())
	clock.Set(cstAt(2026, 11, 23, 8, 1))
	res, err = s.Tick(context.Background())
	require.NoError(t, err)
	require.Equal(t, scheduler.Result{}, res, "all handled: not read again before the next sweep")
	require.Equal(t, 2, overdueP12(), "once each")
}
