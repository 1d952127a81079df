package complaint

import (
	"context"

	"github.com/shouhou/shouhou/aftersales"
)

// MessageCommand records a message received about a complaint after it
// was registered (aftersales.Message): the complainant's reply to a
// notice, or another letter about the same complaint (C1's channels). The
// after-sales department (or the system, for an intake) records it for
// anyone, a customer for their own complaint; any status takes it. It
// moves no clock.
type MessageCommand struct {
	aftersales.Message
	Actor   aftersales.Actor
	Version int // if not 0, the version the caller read: a different current version is a conflict
}

// AddMessage records a message received about complaint id (C1).
func (s *Service) AddMessage(ctx context.Context, id string, cmd MessageCommand) (*Complaint, error) {
	return s.exec(ctx, id, cmd.Version, func(v env, c *Complaint) (Event, error) { return decideMessage(v, c, cmd) })
}

func decideMessage(v env, c *Complaint, cmd MessageCommand) (Event, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Event{}, err
	}
	if !speaksForCustomer(cmd.Actor, c) {
		return Event{}, forbidden("message_forbidden", "只有售后管理部或投诉人本人可以登记投诉的来信")
	}
	m, err := aftersales.CheckMessage(cmd.Message, v.now, c.ReceivedAt)
	if err != nil {
		return Event{}, err
	}
	e := event(c, EventMessage, cmd.Actor, m.At)
	e.Message = &m
	return e, nil
}
