package aftersales

import (
	"context"
	"time"
)

// Message is a message the company received about a request after it was
// registered: the customer's reply to a notice, or another letter about
// the same problem by one of the ways P1.1 names. It is kept in the
// request's history (EventMessage) instead of being registered as a new
// request. It changes no clock.
type Message struct {
	Channel     Channel   `json:"channel"`
	From        string    `json:"from,omitempty"` // who wrote: a name or an address
	Text        string    `json:"text"`
	Attachments []string  `json:"attachments,omitempty"` // references to photos and files
	Ref         string    `json:"ref,omitempty"`         // the message's own reference, such as an e-mail's Message-ID
	At          time.Time `json:"at"`                    // when it reached the company
}

// MessageCommand records a Message on a request: the after-sales
// department (or the system, for an intake) for anyone, a customer for
// their own request. Any status takes it, a closed request too: what a
// customer writes is kept.
type MessageCommand struct {
	Message
	Actor   Actor
	Version int // if not 0, the version the caller read: a different current version is a conflict
}

// AddMessage records a message received about request id (P1.1).
func (s *Service) AddMessage(ctx context.Context, id string, cmd MessageCommand) (*Request, error) {
	return s.exec1(ctx, id, cmd.Version, func(v env, r *Request) (Event, error) { return decideMessage(v, r, cmd) })
}

// decideMessage checks a message: who may record it, its text, and that
// it did not arrive before the request itself.
func decideMessage(v env, r *Request, cmd MessageCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if !cmd.Actor.IsAfterSales() && !isOwnCustomer(cmd.Actor, r) {
		return Event{}, forbidden("message_forbidden", "只有售后管理部或客户本人可以登记需求的来信")
	}
	m, err := CheckMessage(cmd.Message, v.now, r.ReceivedAt)
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventMessage, cmd.Actor, m.At)
	e.Message = &m
	return e, nil
}

// CheckMessage checks and trims a message received about a record (a
// request or a complaint, whose chapters share it): its channel (P1.1),
// its text, sender, reference and attachments, and its time, which must
// not be in the future nor before notBefore (the record's receipt); zero
// means now.
func CheckMessage(m Message, now, notBefore time.Time) (Message, error) {
	if !m.Channel.Valid() {
		return m, invalid("channel_invalid", "来信方式 %q 无效，应为%s（P1.1）", m.Channel, Choices(Channels()...))
	}
	var err error
	if m.Text, err = text(m.Text, true, maxLongText, "text", "来信内容"); err != nil {
		return m, err
	}
	if m.From, err = text(m.From, false, maxShortText, "from", "来信人"); err != nil {
		return m, err
	}
	if m.Ref, err = text(m.Ref, false, maxShortText*2, "ref", "来信编号"); err != nil {
		return m, err
	}
	if m.Attachments, err = refs(m.Attachments, "attachment", "附件"); err != nil {
		return m, err
	}
	if m.At, err = EventTime(now, m.At, notBefore, "收到来信"); err != nil {
		return m, err
	}
	return m, nil
}

// Masked returns m with its sender masked as a contact (MaskContact), for
// those who may not see the customer's contact.
func (m Message) Masked() Message {
	m.From = MaskContact(m.From)
	return m
}

// Pseudonymised returns m with its sender replaced by the pseudonym p's
// name, when it names one; the text is kept, as a registration's
// description is.
func (m Message) Pseudonymised(p Customer) Message {
	if m.From != "" {
		m.From = p.Name
	}
	return m
}
