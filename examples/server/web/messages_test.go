package web_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// A message received about a request or a complaint (a customer's reply
// taken in by e-mail, P1.1, C1) shows in the record's history on the
// desk, its sender masked for those who may not see the customer's
// contact.
func TestDeskShowsMessagesInTheHistory(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	r := s.register("c-1", "张先生", "卫生间渗水")
	intake := aftersales.Actor{ID: "intake", Name: "自动登记", Role: aftersales.RoleSystem}
	_, err := s.app.Requests.AddMessage(ctx, r.ID, aftersales.MessageCommand{Actor: intake, Message: aftersales.Message{
		Channel: aftersales.ChannelEmail, From: "zhang.san@example.com", Text: "渗水面积变大了", Attachments: []string{"邮件附件：2.jpg"}, At: start}})
	require.NoError(t, err)
	k, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-1", Name: "张先生"}, Type: complaint.TypeDelay, Description: "一周无人上门",
		Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour), ReceivedBy: complaint.ToAfterSales}})
	require.NoError(t, err)
	_, err = s.app.Complaints.AddMessage(ctx, k.ID, complaint.MessageCommand{Actor: intake, Message: aftersales.Message{
		Channel: aftersales.ChannelEmail, From: "zhang.san@example.com", Text: "请尽快回复", At: start}})
	require.NoError(t, err)

	head := s.login("head")
	history := text(head.get("/requests/" + r.ID).byID("h-history").Parent)
	require.Contains(t, history, "收到来信")
	require.Contains(t, history, "来信内容：渗水面积变大了")
	require.Contains(t, history, "附件：邮件附件：2.jpg")
	require.Contains(t, history, "来信人：zhang.san@example.com")
	ch := text(head.get("/complaints/" + k.ID).byID("h-history").Parent)
	require.Contains(t, ch, "收到来信")
	require.Contains(t, ch, "来信内容：请尽快回复")

	// The project department's manager sees the closed request, the
	// sender masked: a department sees contacts only while it works on
	// the request.
	_, err = s.app.Requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: gm})
	require.NoError(t, err)
	_, err = s.app.Requests.Withdraw(ctx, r.ID, aftersales.WithdrawCommand{Actor: gm, Reason: "重复登记"})
	require.NoError(t, err)
	pm := s.login("pm")
	masked := text(pm.get("/requests/" + r.ID).byID("h-history").Parent)
	require.Contains(t, masked, "来信内容：渗水面积变大了")
	require.NotContains(t, masked, "zhang.san@example.com")
}
