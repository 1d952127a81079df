package notify

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"strconv"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// RecordEvent is one event of the change feed, as CustomerTexts reads it.
type RecordEvent struct {
	Kind     string // "request" or "complaint"; others are passed over
	RecordID string
	Seq      int    // the event's place in the record's history, from 1
	Type     string // the event's type
}

// CustomerTexts texts customers about their own records, following the
// change feed (feedhook.Dispatcher.Deliver): a receipt with the number and
// their link when a request or complaint is registered (P1.2, C1); the
// feedback when the desk records it (P1.3, P3.2: a request's feedback;
// C2.2, C4.1: a complaint's feedback and answer); the link to rate the
// handling when a request's handling is complete and the follow-up visit
// (P4.2) is due. Each is sent once: the delivery log (the outbox) is
// written before the provider is asked, and a text the log has as sent is
// never sent again, by this instance or another.
type CustomerTexts struct {
	Texter     *Texter
	Requests   RequestReader
	Complaints ComplaintReader
	// Link returns the customer's link to their records (a customer token
	// at the server's public address); nil: no texts that carry a link.
	Link func(ctx context.Context, customerID string) (string, error)
	Log  DeliveryLog
	// Health, if set, records the provider's outcomes as the channel
	// "客户短信", for /healthz and the log.
	Health *Health
	// GiveUp is how long a text is retried after its first failure
	// before it is marked failed and passed over: the feed waits behind
	// it meanwhile. 0: one hour.
	GiveUp time.Duration
	Now    func() time.Time

	mu       sync.Mutex
	failures map[string]time.Time // key → first failure
}

// RequestReader reads requests; *aftersales.Service is one.
type RequestReader interface {
	Get(ctx context.Context, id string) (*aftersales.Request, error)
	History(ctx context.Context, id string) ([]aftersales.Event, error)
}

// ComplaintReader reads complaints; *complaint.Service is one.
type ComplaintReader interface {
	Get(ctx context.Context, id string) (*complaint.Complaint, error)
	History(ctx context.Context, id string) ([]complaint.Event, error)
}

// The template variables of the customer texts: the record's number, the
// customer's link, and the feedback's text (at most 35 characters, as the
// providers allow a variable).
const (
	ParamNumber  = "number"
	ParamLink    = "link"
	ParamContent = "content"
)

// text is one text to send.
type text struct {
	key, purpose, clause, phone, customer, record string
	params                                        map[string]string
}

// Text sends what e calls for, if anything. It returns an error only for
// a failure worth retrying (the provider or the log not reachable) before
// GiveUp; a text that cannot be sent (no mobile number, no template, no
// customer to link) is passed over.
func (c *CustomerTexts) Text(ctx context.Context, e RecordEvent) error {
	t, ok, err := c.what(ctx, e)
	if err != nil || !ok {
		return err
	}
	if _, err := mobile(t.phone); err != nil || c.Texter.Templates[t.purpose] == "" {
		return nil // no mobile number, or the company does not send this text
	}
	reached, err := c.Log.Reached(ctx, t.key)
	if err != nil || reached[smsChannel] {
		return err
	}
	now := c.now()
	d := Delivery{Key: t.key, Channel: smsChannel, Via: "短信", Subject: t.record, Kind: "customer_" + t.purpose, Clause: t.clause,
		Message: smsLabel(t.purpose) + "：" + t.record, State: DeliveryPending, At: now}
	if ok, err := c.Log.Try(ctx, d); err != nil || !ok {
		return err
	}
	sendErr := c.send(ctx, t)
	if c.Health != nil && !errors.Is(sendErr, errNoLink) {
		c.Health.Record(SMSChannelName, sendErr)
	}
	d.At = c.now()
	if sendErr == nil {
		d.State, d.SentAt = DeliverySent, d.At
		c.forget(t.key)
		return c.Log.Done(ctx, d)
	}
	d.State, d.Error = DeliveryFailed, aftersales.MaskPhone(sendErr.Error())
	if err := c.Log.Done(ctx, d); err != nil {
		return errors.Join(sendErr, err)
	}
	if errors.Is(sendErr, errNoLink) || c.givenUp(t.key, now) {
		return nil // recorded as failed in the delivery log: the feed moves on
	}
	return sendErr
}

// SMSChannelName names the customer texts in Health.
const SMSChannelName = "客户短信"

// smsChannel is the delivery log's channel of customer texts.
const smsChannel = "sms"

var errNoLink = errors.New("客户没有编号，无法生成查询链接")

// send issues the link, if the text carries one, and sends.
func (c *CustomerTexts) send(ctx context.Context, t text) error {
	if _, ok := t.params[ParamLink]; ok {
		if t.customer == "" || c.Link == nil {
			return errNoLink
		}
		link, err := c.Link(ctx, t.customer)
		if err != nil {
			return fmt.Errorf("生成客户链接：%w", err)
		}
		t.params[ParamLink] = link
	}
	return c.Texter.Send(ctx, t.phone, t.purpose, t.params)
}

// what decides the text e calls for.
func (c *CustomerTexts) what(ctx context.Context, e RecordEvent) (text, bool, error) {
	key := func(purpose string) string {
		return "customer:" + purpose + ":" + e.RecordID + "/" + strconv.Itoa(e.Seq)
	}
	switch {
	case e.Kind == "request" && c.Requests != nil:
		switch aftersales.EventType(e.Type) {
		case aftersales.EventRegistered:
			r, err := c.Requests.Get(ctx, e.RecordID)
			if err != nil {
				return text{}, false, err
			}
			return text{key: key(SMSReceipt), purpose: SMSReceipt, clause: string(aftersales.ClauseP1_2), phone: r.Customer.Phone,
				customer: r.Customer.ID, record: r.ID, params: map[string]string{ParamNumber: cmp.Or(r.Number, r.ID), ParamLink: ""}}, true, nil
		case aftersales.EventFeedback:
			h, err := c.Requests.History(ctx, e.RecordID)
			if err != nil || e.Seq < 1 || e.Seq > len(h) || h[e.Seq-1].Feedback == nil {
				return text{}, false, err
			}
			f := h[e.Seq-1].Feedback
			r, err := aftersales.Replay(h)
			if err != nil {
				return text{}, false, err
			}
			return text{key: key(SMSFeedback), purpose: SMSFeedback, clause: string(f.Kind.Clause()), phone: r.Customer.Phone,
				customer: r.Customer.ID, record: r.ID, params: map[string]string{ParamNumber: cmp.Or(r.Number, r.ID), ParamContent: short(f.Summary)}}, true, nil
		case aftersales.EventCompleted:
			r, err := c.Requests.Get(ctx, e.RecordID)
			if err != nil || r.Status != aftersales.StatusAwaitingAcceptance && r.Status != aftersales.StatusAccepted || r.Visit != nil {
				return text{}, false, err
			}
			// Once per request: a rework's completion asks no new rating.
			return text{key: "customer:" + SMSVisit + ":" + r.ID, purpose: SMSVisit, clause: string(aftersales.ClauseP4_2),
				phone: r.Customer.Phone, customer: r.Customer.ID, record: r.ID,
				params: map[string]string{ParamNumber: cmp.Or(r.Number, r.ID), ParamLink: ""}}, true, nil
		}
	case e.Kind == "complaint" && c.Complaints != nil:
		switch complaint.EventType(e.Type) {
		case complaint.EventRegistered:
			k, err := c.Complaints.Get(ctx, e.RecordID)
			if err != nil {
				return text{}, false, err
			}
			return text{key: key(SMSReceipt), purpose: SMSReceipt, clause: string(complaint.ClauseC2_1), phone: k.Complainant.Phone,
				customer: k.Complainant.ID, record: k.ID, params: map[string]string{ParamNumber: cmp.Or(k.Number, k.ID), ParamLink: ""}}, true, nil
		case complaint.EventAnswered, complaint.EventMajorFeedback:
			h, err := c.Complaints.History(ctx, e.RecordID)
			if err != nil || e.Seq < 1 || e.Seq > len(h) {
				return text{}, false, err
			}
			k, err := complaint.Replay(h)
			if err != nil {
				return text{}, false, err
			}
			clause := complaint.ClauseC4_1
			if complaint.EventType(e.Type) == complaint.EventMajorFeedback {
				clause = complaint.ClauseC2_2
			}
			return text{key: key(SMSFeedback), purpose: SMSFeedback, clause: string(clause), phone: k.Complainant.Phone,
				customer: k.Complainant.ID, record: k.ID, params: map[string]string{ParamNumber: cmp.Or(k.Number, k.ID), ParamContent: short(h[e.Seq-1].Text)}}, true, nil
		}
	}
	return text{}, false, nil
}

// short keeps a variable within the 35 characters providers allow.
func short(s string) string {
	if utf8.RuneCountInString(s) <= 35 {
		return s
	}
	return string([]rune(s)[:34]) + "…"
}

// smsLabel names a text for the delivery log.
func smsLabel(purpose string) string {
	switch purpose {
	case SMSReceipt:
		return "登记回执短信"
	case SMSFeedback:
		return "处理情况反馈短信"
	case SMSVisit:
		return "回访评价短信"
	}
	return purpose
}

func (c *CustomerTexts) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// givenUp records a failure of key and reports whether it has failed for
// longer than GiveUp.
func (c *CustomerTexts) givenUp(key string, now time.Time) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.failures == nil {
		c.failures = map[string]time.Time{}
	}
	first, ok := c.failures[key]
	if !ok {
		c.failures[key] = now
		return false
	}
	limit := c.GiveUp
	if limit <= 0 {
		limit = time.Hour
	}
	if now.Sub(first) < limit {
		return false
	}
	delete(c.failures, key)
	return true
}

func (c *CustomerTexts) forget(key string) {
	c.mu.Lock()
	delete(c.failures, key)
	c.mu.Unlock()
}
