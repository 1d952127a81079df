package complaint_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// TestC1_MessageKeptWithTheComplaint: a complainant's later message (a
// reply by e-mail, C1's channels) is kept in the complaint's history, by
// the after-sales department or the complainant; it moves no clock, and a
// refused one writes nothing.
func TestC1_MessageKeptWithTheComplaint(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 9, 0))
	c := f.register(cst(2026, 11, 2, 8, 0), false)
	msg := aftersales.Message{Channel: aftersales.ChannelEmail, From: "zhang@example.com", Text: "还是没人来", At: cst(2026, 11, 2, 8, 45)}
	for _, bad := range []struct {
		cmd  complaint.MessageCommand
		kind aftersales.ErrorKind
		code string
	}{
		{complaint.MessageCommand{Message: msg, Actor: site}, aftersales.KindForbidden, "message_forbidden"},
		{complaint.MessageCommand{Message: msg, Actor: other}, aftersales.KindForbidden, "message_forbidden"},
		{complaint.MessageCommand{Message: aftersales.Message{Channel: aftersales.ChannelEmail}, Actor: asStaff}, aftersales.KindInvalid, "text_required"},
		{complaint.MessageCommand{Message: aftersales.Message{Channel: aftersales.ChannelEmail, Text: "x", At: cst(2026, 11, 1, 8, 0)}, Actor: asStaff}, aftersales.KindInvalid, "time_before_previous_step"},
	} {
		_, err := f.svc.AddMessage(f.ctx, c.ID, bad.cmd)
		require.ErrorIs(t, err, &aftersales.Error{Kind: bad.kind, Code: bad.code})
		same, err := f.svc.Get(f.ctx, c.ID)
		require.NoError(t, err)
		require.Equal(t, c, same)
	}
	after, err := f.svc.AddMessage(f.ctx, c.ID, complaint.MessageCommand{Message: msg, Actor: owner})
	require.NoError(t, err)
	require.Equal(t, c.Version+1, after.Version)
	require.Equal(t, c.Deadlines, after.Deadlines, "no clock moves")
	h, err := f.svc.History(f.ctx, c.ID)
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, complaint.EventMessage, last.Type)
	require.Equal(t, "收到来信", last.Type.Label())
	require.Equal(t, msg, *last.Message)
	require.NotContains(t, last.Masked().Message.From, "zhang@")
	p := aftersales.NewPseudonym()
	require.Equal(t, p.Name, last.Pseudonymised(p).Message.From)
	replayed, err := complaint.Replay(h)
	require.NoError(t, err)
	require.Equal(t, after, replayed)
}
