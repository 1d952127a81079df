package notify_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/scheduler"
	"github.com/shouhou/shouhou/staff"
)

// recorder is a Notifier that keeps what it gets; fail, if set, decides
// what fails.
type recorder struct {
	mu   sync.Mutex
	got  []scheduler.Notification
	fail func(scheduler.Notification) error
}

func (r *recorder) Notify(_ context.Context, n scheduler.Notification) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail != nil {
		if err := r.fail(n); err != nil {
			return err
		}
	}
	r.got = append(r.got, n)
	return nil
}

func (r *recorder) all() []scheduler.Notification {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]scheduler.Notification(nil), r.got...)
}

// postbox is a MailSender that keeps the addresses it mails; fail, if
// set, decides which fail.
type postbox struct {
	mu   sync.Mutex
	to   []string
	fail func(notify.Recipient) error
}

func (p *postbox) Mail(_ context.Context, to notify.Recipient, _ scheduler.Notification) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.fail != nil {
		if err := p.fail(to); err != nil {
			return err
		}
	}
	p.to = append(p.to, to.Email)
	return nil
}

func (p *postbox) sent() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := append([]string(nil), p.to...)
	sort.Strings(out)
	return out
}

// company is an organisation: the after-sales department under its own ID
// (AS-DEPT, kind after_sales) with its head and a clerk, 项目一部 with its
// manager, a site engineer without e-mail, a retired engineer and the
// filed specialist of P-001, the design department, and the general
// manager.
func company() *staff.Organisation {
	filed := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	return &staff.Organisation{
		People: []staff.Person{
			{ID: "gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: true, Email: "gm@example.com"},
			{ID: "head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: "AS-DEPT", Active: true, Email: "head@example.com"},
			{ID: "clerk", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: "AS-DEPT", Active: true, Email: "zhao@example.com"},
			{ID: "pm", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Active: true, Email: "sun@example.com"},
			{ID: "site", Name: "李工", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Active: true},
			{ID: "retired", Name: "郑师傅", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Email: "zheng@example.com"},
			{ID: "spec", Name: "周专员", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部", Active: true, Email: "zhou@example.com"},
			{ID: "wu", Name: "吴工", Role: aftersales.RoleDepartmentStaff, DepartmentID: "设计部", Active: true, Email: "wu@example.com"},
		},
		Departments: []staff.Department{
			{Department: aftersales.Department{ID: "AS-DEPT", Name: "售后管理部", Kind: aftersales.DeptKindAfterSales}, HeadID: "head"},
			{Department: aftersales.Department{ID: "项目一部", Name: "项目一部", Kind: aftersales.DeptKindProject}, HeadID: "pm"},
			{Department: aftersales.Department{ID: "设计部", Name: "设计部", Kind: aftersales.DeptKindDesign}},
		},
		Projects:     []staff.Project{{Project: aftersales.Project{ID: "P-001", Name: "滨江花园", DepartmentID: "项目一部"}, ManagerID: "pm"}},
		Appointments: []staff.Appointment{{ProjectID: "P-001", SpecialistID: "spec", AppointedBy: "pm", AppointedAt: filed, FiledBy: "head", FiledAt: &filed}},
	}
}

func ids(people []staff.Person) []string {
	out := make([]string, len(people))
	for i, p := range people {
		out[i] = p.ID
	}
	sort.Strings(out)
	return out
}

// TestRouterRecipients: who hears each kind of notice.
func TestRouterRecipients(t *testing.T) {
	o := company()
	r := &notify.Router{}
	for _, c := range []struct {
		name  string
		n     scheduler.Notification
		want  []string
		depts []string
	}{
		{"a department's P3.2: its people, head and the project's specialist; not the retired",
			scheduler.Notification{Kind: scheduler.KindOverdue, Clause: "P3.2", Owner: "项目一部", Project: "P-001"},
			[]string{"pm", "site", "spec"}, []string{"项目一部"}},
		{"the specialist of the project, whichever department owes it",
			scheduler.Notification{Kind: scheduler.KindReminder, Clause: "P3.1", Owner: "设计部", Project: "P-001"},
			[]string{"spec", "wu"}, []string{"设计部"}},
		{"the after-sales department's P1.2: its departments of kind after_sales and roles",
			scheduler.Notification{Kind: scheduler.KindOverdue, Clause: "P1.2", Owner: aftersales.DeptAfterSales},
			[]string{"clerk", "head"}, []string{"AS-DEPT", aftersales.DeptAfterSales}},
		{"a P3.3 escalation: the after-sales department, its head, the project's specialist",
			scheduler.Notification{Kind: scheduler.KindEscalated, Clause: "P3.3", Owner: aftersales.DeptAfterSales, Project: "P-001"},
			[]string{"clerk", "head", "spec"}, []string{"AS-DEPT", aftersales.DeptAfterSales}},
		{"a complaint's C3.1 to the design department",
			scheduler.Notification{Kind: scheduler.KindOverdue, Clause: "C3.1", Owner: "设计部"},
			[]string{"wu"}, []string{"设计部"}},
		{"a G3.3 pause limit: the head",
			scheduler.Notification{Kind: scheduler.KindOverdue, Clause: "G3.3", Owner: "设计部"},
			[]string{"head", "wu"}, []string{"设计部"}},
		{"C4.2 to the after-sales head's level",
			scheduler.Notification{Kind: scheduler.KindEscalated, Clause: "C4.2", Owner: "after_sales_head"},
			[]string{"head"}, nil},
		{"C4.2 to the general manager's level",
			scheduler.Notification{Kind: scheduler.KindEscalated, Clause: "C4.2", Owner: "general_manager"},
			[]string{"gm"}, nil},
		{"a department nobody is in: the head, so that it is not lost",
			scheduler.Notification{Kind: scheduler.KindOverdue, Clause: "P3.2", Owner: "后勤部"},
			[]string{"head"}, []string{"后勤部"}},
	} {
		people, depts := r.Recipients(o, c.n)
		require.Equal(t, c.want, ids(people), c.name)
		require.Equal(t, c.depts, depts, c.name)
	}
}

// TestRouterSendsByEveryChannelAndRetriesOnlyTheFailed: a department's
// notice goes to the company robot, that department's robot (not
// another's) and by mail to each responsible person with an address; when
// one mail fails, the retry sends only that mail, and returns nil once it
// is through.
func TestRouterSendsByEveryChannelAndRetriesOnlyTheFailed(t *testing.T) {
	companyRobot, projectRobot, asRobot := &recorder{}, &recorder{}, &recorder{}
	down := true
	mail := &postbox{fail: func(to notify.Recipient) error {
		if to.Email == "zhou@example.com" && down {
			return errors.New("邮件服务器不可用")
		}
		return nil
	}}
	r := &notify.Router{Org: func(context.Context) (*staff.Organisation, error) { return company(), nil },
		Robots: []scheduler.Notifier{companyRobot}, DeptRobots: map[string][]scheduler.Notifier{"项目一部": {projectRobot}, "AS-DEPT": {asRobot}},
		Mail: mail}
	err := r.Notify(context.Background(), overdue)
	require.ErrorContains(t, err, "邮件服务器不可用")
	_, deferred := scheduler.IsDeferred(err)
	require.False(t, deferred)
	require.Len(t, companyRobot.all(), 1)
	require.Len(t, projectRobot.all(), 1)
	require.Empty(t, asRobot.all())
	require.Equal(t, []string{"sun@example.com"}, mail.sent())

	down = false
	require.NoError(t, r.Notify(context.Background(), overdue))
	require.Len(t, companyRobot.all(), 1, "not again")
	require.Len(t, projectRobot.all(), 1, "not again")
	require.Equal(t, []string{"sun@example.com", "zhou@example.com"}, mail.sent())

	// The after-sales department's notice reaches its robot, under the
	// organisation's ID and the well-known after_sales alike.
	p12 := scheduler.Notification{Key: "overdue:P1.2:AS-9:after_sales:0:1", Kind: scheduler.KindOverdue, Clause: "P1.2", Subject: "AS-9",
		Owner: aftersales.DeptAfterSales, Message: "售后需求 AS-9：……"}
	r.DeptRobots[aftersales.DeptAfterSales] = []scheduler.Notifier{asRobot}
	require.NoError(t, r.Notify(context.Background(), p12))
	require.Len(t, asRobot.all(), 1, "one robot, once")
}

// TestRouterDeferralIsADeferral: when the only channel left waits (a
// robot's digest), the Router's answer is a deferral, not a failure.
func TestRouterDeferralIsADeferral(t *testing.T) {
	at := time.Now().Add(time.Minute)
	robot := &recorder{fail: func(scheduler.Notification) error { return scheduler.Defer(at, "并入摘要") }}
	mail := &postbox{}
	r := &notify.Router{Org: func(context.Context) (*staff.Organisation, error) { return company(), nil },
		Robots: []scheduler.Notifier{robot}, Mail: mail}
	until, ok := scheduler.IsDeferred(r.Notify(context.Background(), overdue))
	require.True(t, ok)
	require.True(t, at.Equal(until))
	require.Equal(t, []string{"sun@example.com", "zhou@example.com"}, mail.sent())

	r.Org = func(context.Context) (*staff.Organisation, error) { return nil, fmt.Errorf("数据库不可用") }
	require.ErrorContains(t, r.Notify(context.Background(), notice(1)), "数据库不可用")
}

// TestRouterHealth: what the Router tells Health. A mail that reaches one
// recipient of a notice but not another leaves the mail channel ok (one
// bad address is not a mail server down); a mail that reaches no one is a
// failure; a robot's deferral (its rate limit) is no failure; a robot's
// error is one.
func TestRouterHealth(t *testing.T) {
	h := notify.NewHealth(nil, nil, nil)
	downFor := map[string]bool{"zhou@example.com": true}
	mail := &postbox{fail: func(to notify.Recipient) error {
		if downFor[to.Email] {
			return errors.New("550 mailbox unavailable")
		}
		return nil
	}}
	robot := &recorder{fail: func(scheduler.Notification) error {
		return scheduler.Defer(time.Now().Add(time.Minute), "并入摘要")
	}}
	r := &notify.Router{Org: func(context.Context) (*staff.Organisation, error) { return company(), nil },
		Robots: []scheduler.Notifier{robot}, Mail: mail, Health: h}
	state := func(name string) notify.ChannelState {
		t.Helper()
		for _, s := range h.States() {
			if s.Channel == name {
				return s
			}
		}
		t.Fatalf("no channel %s in %+v", name, h.States())
		return notify.ChannelState{}
	}
	_ = r.Notify(context.Background(), notice(1))
	require.True(t, state("邮件").OK, "one of two recipients reached")
	require.Len(t, h.States(), 1, "the deferring robot is not recorded")

	downFor["sun@example.com"] = true
	_ = r.Notify(context.Background(), notice(2))
	require.False(t, state("邮件").OK, "no recipient reached")
	require.Equal(t, 1, state("邮件").Failures)

	robot.fail = func(scheduler.Notification) error { return errors.New("errcode 93000") }
	_ = r.Notify(context.Background(), notice(3))
	require.False(t, state("群机器人 1").OK, "a robot's error is a failure")
}

// TestRouterWatchesDigests: a robot past its rate limit puts notices into a
// digest it posts later, on its timer; WatchDigests has that post's
// outcome reach Health under the robot's name: a digest refused makes the
// robot failing, one delivered makes it ok again.
func TestRouterWatchesDigests(t *testing.T) {
	var refuse atomic.Bool
	var posts atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		posts.Add(1)
		if refuse.Load() {
			fmt.Fprint(w, `{"errcode":93000,"errmsg":"invalid webhook url"}`)
			return
		}
		fmt.Fprint(w, `{"errcode":0,"errmsg":"ok"}`)
	}))
	defer srv.Close()
	robot, err := notify.NewWeComRobot(srv.URL+"/send?key=k", notify.RobotOptions{Limit: 1, Window: 300 * time.Millisecond})
	require.NoError(t, err)
	defer robot.Close()
	h := notify.NewHealth(nil, nil, nil)
	r := &notify.Router{Robots: []scheduler.Notifier{robot}, Health: h}
	r.WatchDigests()
	state := func() notify.ChannelState {
		for _, s := range h.States() {
			if s.Channel == "企业微信群机器人 1" {
				return s
			}
		}
		return notify.ChannelState{OK: true}
	}

	require.NoError(t, r.Notify(context.Background(), notice(1)), "the first goes at once")
	refuse.Store(true)
	_, deferred := scheduler.IsDeferred(r.Notify(context.Background(), notice(2)))
	require.True(t, deferred, "the second waits for the digest")
	require.True(t, state().OK, "a wait is no failure")
	require.Eventually(t, func() bool { return !state().OK }, 5*time.Second, 10*time.Millisecond, "the refused digest is a failure")

	refuse.Store(false)
	_, deferred = scheduler.IsDeferred(r.Notify(context.Background(), notice(2)))
	require.True(t, deferred, "asked again, it waits for the next digest")
	require.Eventually(t, func() bool { return state().OK }, 5*time.Second, 10*time.Millisecond, "the delivered digest is ok again")
	require.GreaterOrEqual(t, posts.Load(), int64(3))
}
