package aftersales_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestP1_1_MessageKeptWithTheRequest: a customer's later message about a
// request (a reply by e-mail, P1.1) is kept in the request's history: by
// the after-sales department or the system for anyone, by a customer for
// their own request, on a closed request too; it moves no clock, and a
// refused one writes nothing.
func TestP1_1_MessageKeptWithTheRequest(t *testing.T) {
	f := newFx(t, at(2026, 11, 2, 9, 0))
	r := f.register(at(2026, 11, 2, 8, 0), false)
	msg := aftersales.Message{Channel: aftersales.ChannelEmail, From: "zhang@example.com", Text: "渗水又严重了，附照片", Attachments: []string{"邮件附件：2.jpg"},
		Ref: "<r1@example.com>", At: at(2026, 11, 2, 8, 30)}
	for _, bad := range []struct {
		cmd  aftersales.MessageCommand
		kind aftersales.ErrorKind
		code string
	}{
		{aftersales.MessageCommand{Message: msg, Actor: projStaff}, aftersales.KindForbidden, "message_forbidden"},
		{aftersales.MessageCommand{Message: msg, Actor: aftersales.Actor{ID: "c-other", Role: aftersales.RoleCustomer}}, aftersales.KindForbidden, "message_forbidden"},
		{aftersales.MessageCommand{Message: aftersales.Message{Channel: "fax", Text: "x"}, Actor: staff}, aftersales.KindInvalid, "channel_invalid"},
		{aftersales.MessageCommand{Message: aftersales.Message{Channel: aftersales.ChannelEmail, Text: "  "}, Actor: staff}, aftersales.KindInvalid, "text_required"},
		{aftersales.MessageCommand{Message: aftersales.Message{Channel: aftersales.ChannelEmail, Text: "x", At: at(2026, 11, 2, 7, 0)}, Actor: staff}, aftersales.KindInvalid, "time_before_previous_step"},
	} {
		_, err := f.svc.AddMessage(f.ctx, r.ID, bad.cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: bad.kind, Code: bad.code})
		f.requireUnchanged(r)
	}

	after, err := f.svc.AddMessage(f.ctx, r.ID, aftersales.MessageCommand{Message: msg, Actor: customer})
	require.NoError(t, err)
	require.Equal(t, r.Version+1, after.Version)
	require.Equal(t, r.Deadlines, after.Deadlines, "no clock moves")
	require.Equal(t, r.UpdatedAt, after.UpdatedAt, "the case itself did not move")
	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, aftersales.EventMessage, last.Type)
	require.Equal(t, "收到来信", last.Type.Label())
	require.Equal(t, msg, *last.Message)
	replayed, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, after, replayed)

	// Masked for those who may not see contacts, pseudonymised on erasure.
	require.NotContains(t, last.Masked().Message.From, "zhang@")
	p := aftersales.NewPseudonym()
	require.Equal(t, p.Name, last.Pseudonymised(p).Message.From)
	require.Equal(t, "zhang@example.com", last.Message.From, "the original is not changed")

	// A withdrawn request still keeps what the customer writes.
	_, err = f.svc.Withdraw(f.ctx, r.ID, aftersales.WithdrawCommand{Reason: "重复登记", Actor: staff})
	require.NoError(t, err)
	_, err = f.svc.AddMessage(f.ctx, r.ID, aftersales.MessageCommand{Message: aftersales.Message{Channel: aftersales.ChannelWeChat, Text: "为什么撤销？"}, Actor: aftersales.Actor{ID: "intake", Role: aftersales.RoleSystem}})
	require.NoError(t, err)
}
