package notify_test

import (
	"context"
	"errors"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/notify"
	"github.com/shouhou/shouhou/examples/server/sqlstore"
)

// provider records the texts it takes, failing while down.
type provider struct {
	mu   sync.Mutex
	sent []notify.SMS
	down error
}

func (p *provider) SendSMS(_ context.Context, m notify.SMS) error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.down != nil {
		return p.down
	}
	p.sent = append(p.sent, m)
	return nil
}

type textsFixture struct {
	t        *testing.T
	ctx      context.Context
	now      time.Time
	requests *aftersales.Service
	db       *sqlstore.DB
	p        *provider
	texts    *notify.CustomerTexts
	links    int
}

func newTextsFixture(t *testing.T) *textsFixture {
	f := &textsFixture{t: t, ctx: context.Background(), now: time.Date(2026, 11, 3, 9, 0, 0, 0, calendar.CST()), p: &provider{}}
	var err error
	f.db, err = sqlstore.Open(f.ctx, filepath.Join(t.TempDir(), "texts.db"), nil)
	require.NoError(t, err)
	t.Cleanup(func() { f.db.Close() })
	clock := aftersales.ClockFunc(func() time.Time { return f.now })
	f.requests, err = aftersales.NewService(aftersales.Config{Store: f.db.Requests(), Clock: clock})
	require.NoError(t, err)
	f.texts = &notify.CustomerTexts{Requests: f.requests, Log: f.db.Deliveries(), Now: clock.Now,
		Texter: &notify.Texter{Provider: f.p, Templates: map[string]string{notify.SMSReceipt: "SMS_R", notify.SMSFeedback: "SMS_F", notify.SMSVisit: "SMS_V"}},
		Link: func(_ context.Context, customer string) (string, error) {
			f.links++
			return "https://shouhou.example.com/c/token-of-" + customer, nil
		}}
	return f
}

// feed hands the texts every event of request id from seq on, as the
// change feed would, and returns the first error.
func (f *textsFixture) feed(id string, from int) error {
	h, err := f.requests.History(f.ctx, id)
	require.NoError(f.t, err)
	for _, e := range h[from-1:] {
		if err := f.texts.Text(f.ctx, notify.RecordEvent{Kind: "request", RecordID: id, Seq: e.Seq, Type: string(e.Type)}); err != nil {
			return err
		}
	}
	return nil
}

var gm = aftersales.Actor{ID: "admin", Role: aftersales.RoleGeneralManager}

func (f *textsFixture) register(customer aftersales.Customer) *aftersales.Request {
	r, err := f.requests.Register(f.ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{Customer: customer,
		Description: "卫生间渗水", Channel: aftersales.ChannelPhone, ReceivedAt: f.now.Add(-time.Hour)}})
	require.NoError(f.t, err)
	return r
}

// TestCustomerTextsP1_2P4_2: the receipt (P1.2) with the number and the
// customer's link, the visit's rating link once handling is complete
// (P4.2), each once however often the feed repeats an event; nothing for
// a customer without a mobile number; every text in the delivery log
// under its record.
func TestCustomerTextsP1_2P4_2(t *testing.T) {
	f := newTextsFixture(t)
	r := f.register(aftersales.Customer{ID: "C-1", Name: "王女士", Phone: "138 0013 8000"})
	require.NoError(t, f.feed(r.ID, 1))
	require.NoError(t, f.feed(r.ID, 1), "the feed repeats itself after a restart")
	require.Equal(t, []notify.SMS{{Phone: "13800138000", Template: "SMS_R",
		Params: map[string]string{"number": r.ID, "link": "https://shouhou.example.com/c/token-of-C-1"}}}, f.p.sent)

	_, err := f.requests.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Actor: gm, Departments: []string{"proj-1", "design"}})
	require.NoError(t, err)
	for _, d := range []string{"proj-1", "design"} {
		_, err = f.requests.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: d, Actor: gm, Plan: aftersales.Plan{Measures: "修复",
			ScheduledAt: f.now.Add(time.Hour), Owner: "周工", Complexity: aftersales.Simple}})
		require.NoError(t, err)
	}
	f.now = f.now.Add(2 * time.Hour)
	_, err = f.requests.Complete(f.ctx, r.ID, aftersales.CompleteCommand{Department: "proj-1", Actor: gm, Result: "已修复"})
	require.NoError(t, err)
	require.NoError(t, f.feed(r.ID, 2))
	require.Len(t, f.p.sent, 1, "one part of two done: no visit yet")
	done, err := f.requests.Complete(f.ctx, r.ID, aftersales.CompleteCommand{Department: "design", Actor: gm, Result: "已修改节点"})
	require.NoError(t, err)
	require.NoError(t, f.feed(r.ID, done.Version))
	require.NoError(t, f.feed(r.ID, done.Version))
	require.Len(t, f.p.sent, 2)
	require.Equal(t, notify.SMS{Phone: "13800138000", Template: "SMS_V",
		Params: map[string]string{"number": r.ID, "link": "https://shouhou.example.com/c/token-of-C-1"}}, f.p.sent[1])
	require.Equal(t, 2, f.links, "a link is issued per text sent, not per repeat")

	page, err := f.db.Deliveries().List(f.ctx, sqlstore.DeliveryQuery{Subject: r.ID})
	require.NoError(t, err)
	require.Len(t, page.Deliveries, 2)
	for _, d := range page.Deliveries {
		require.Equal(t, notify.DeliverySent, d.State)
		require.Equal(t, "短信", d.Via)
		require.NotContains(t, d.Message, "token-of", "the link is a credential: never in the log")
	}

	nophone := f.register(aftersales.Customer{ID: "C-2", Name: "李先生", Email: "li@example.com"})
	require.NoError(t, f.feed(nophone.ID, 1))
	require.Len(t, f.p.sent, 2, "no mobile number: no text")
}

// A provider that fails is retried (the feed waits) until GiveUp, then
// the text is marked failed and the feed moves on; a record without a
// customer ID gets no link, and its text is marked failed at once.
func TestCustomerTextsRetryThenGiveUp(t *testing.T) {
	f := newTextsFixture(t)
	f.texts.GiveUp = time.Hour
	r := f.register(aftersales.Customer{ID: "C-1", Name: "王女士", Phone: "13800138000"})
	f.p.down = errors.New("网关不可用：13800138000 暂时无法发送")
	require.Error(t, f.feed(r.ID, 1))
	f.now = f.now.Add(30 * time.Minute)
	require.Error(t, f.feed(r.ID, 1), "still within GiveUp: retried")
	f.now = f.now.Add(31 * time.Minute)
	require.NoError(t, f.feed(r.ID, 1), "given up: the feed moves on")
	page, err := f.db.Deliveries().List(f.ctx, sqlstore.DeliveryQuery{Subject: r.ID})
	require.NoError(t, err)
	require.Len(t, page.Deliveries, 1)
	d := page.Deliveries[0]
	require.Equal(t, notify.DeliveryFailed, d.State)
	require.Equal(t, 3, d.Attempts)
	require.NotContains(t, d.Error, "13800138000", "the number is masked in the log")

	f.p.down = nil
	anonymous := f.register(aftersales.Customer{Name: "来电客户", Phone: "13900139000"})
	require.NoError(t, f.feed(anonymous.ID, 1))
	require.Empty(t, f.p.sent)
	page, err = f.db.Deliveries().List(f.ctx, sqlstore.DeliveryQuery{Subject: anonymous.ID})
	require.NoError(t, err)
	require.Equal(t, notify.DeliveryFailed, page.Deliveries[0].State)
	require.Contains(t, page.Deliveries[0].Error, "客户没有编号")
}

// A complaint's answer (C4.1) reaches the complainant as the feedback
// text, its content cut to the 35 characters a template variable takes.
func TestCustomerTextsC4_1(t *testing.T) {
	f := newTextsFixture(t)
	complaints, err := complaint.NewService(complaint.Config{Store: f.db.Complaints(), Clock: aftersales.ClockFunc(func() time.Time { return f.now })})
	require.NoError(t, err)
	f.texts.Complaints = complaints
	k, err := complaints.Register(f.ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "C-1", Name: "张先生", Phone: "13800138000"}, Type: complaint.TypeDelay, Description: "维修拖延",
		Channel: aftersales.ChannelPhone, ReceivedAt: f.now.Add(-time.Hour), ReceivedBy: complaint.ToAfterSales}})
	require.NoError(t, err)
	_, err = complaints.Forward(f.ctx, k.ID, complaint.ForwardCommand{Department: "proj-1", Actor: gm})
	require.NoError(t, err)
	_, err = complaints.Plan(f.ctx, k.ID, complaint.PlanCommand{Actor: gm, Plan: complaint.Plan{Findings: "工单积压", Measures: "次日上门", Owner: "周工"}})
	require.NoError(t, err)
	answer := "经核实系维修工单积压所致，已于次日上门完成维修并向您致歉，今后将按制度在三个工作日内响应，感谢监督。"
	answered, err := complaints.Answer(f.ctx, k.ID, complaint.StepCommand{Actor: gm, Text: answer})
	require.NoError(t, err)
	h, err := complaints.History(f.ctx, k.ID)
	require.NoError(t, err)
	for _, e := range h {
		require.NoError(t, f.texts.Text(f.ctx, notify.RecordEvent{Kind: "complaint", RecordID: k.ID, Seq: e.Seq, Type: string(e.Type)}))
	}
	require.Len(t, f.p.sent, 2, "the receipt and the answer")
	require.Equal(t, "SMS_F", f.p.sent[1].Template)
	require.Equal(t, k.ID, f.p.sent[1].Params["number"])
	require.Equal(t, string([]rune(answer)[:34])+"…", f.p.sent[1].Params["content"])
	page, err := f.db.Deliveries().List(f.ctx, sqlstore.DeliveryQuery{Subject: k.ID})
	require.NoError(t, err)
	require.Len(t, page.Deliveries, 2)
	require.Equal(t, answered.ID, page.Deliveries[0].Subject)
}
