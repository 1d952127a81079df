package aftersales_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestG1_DutiesProcessAndStandards: "明确售后管理的职责、流程和标准": the duties
// are the roles, the process the statuses in order, the standards the
// periods; the defaults are the regulation's numbers.
func TestG1_DutiesProcessAndStandards(t *testing.T) {
	p := aftersales.DefaultPolicy()
	require.NoError(t, p.Validate())
	require.Equal(t, 1, p.ForwardDays, "P1.2")
	require.Equal(t, 2, p.PlanDays, "P3.1")
	require.Equal(t, 5, p.SimpleDays, "P3.2 simple")
	require.Equal(t, 10, p.ComplexDays, "P3.2 complex")
	require.Equal(t, 3, p.VisitDays, "P4.2")
	for _, r := range []aftersales.Role{aftersales.RoleGeneralManager, aftersales.RoleAfterSalesHead, aftersales.RoleAfterSalesStaff,
		aftersales.RoleSpecialist, aftersales.RoleDepartmentStaff, aftersales.RoleCustomer} {
		require.True(t, r.Valid(), r)
	}
	// A policy that breaks a standard is refused: no period below a working day.
	broken := p
	broken.VisitDays = 0
	require.ErrorIs(t, broken.Validate(), &aftersales.Error{Kind: aftersales.KindInvalid, Code: "policy_period_invalid"})
	_, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Policy: &broken})
	require.ErrorIs(t, err, aftersales.ErrInvalid)
}

// TestG3_1_TheCustomerActsOnTheirOwnRequestOnly: "客户至上": customers
// register their own requests, and sign, reject or withdraw their own; a
// stranger may do none of it.
func TestG3_1_TheCustomerActsOnTheirOwnRequestOnly(t *testing.T) {
	f, r := completed(t)
	own, err := f.svc.Actions(f.ctx, r, customer)
	require.NoError(t, err)
	require.Equal(t, []aftersales.Offer{{Action: aftersales.ActionAccept}, {Action: aftersales.ActionReject}, {Action: aftersales.ActionWithdraw}}, own)
	other, err := f.svc.Actions(f.ctx, r, stranger)
	require.NoError(t, err)
	require.Empty(t, other)

	// A customer registers for themself, whatever customer ID they send.
	reg, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: customer, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: stranger.ID, Name: "张先生"}, Description: "门窗漏风", Channel: aftersales.ChannelWeChat,
		ReceivedAt: f.now.Add(-time.Hour)}})
	require.NoError(t, err)
	require.Equal(t, customer.ID, reg.Customer.ID)
}

// TestG3_4_EveryStepIsRecordedForReview: "持续改进": every step, with who did
// it and when it happened and was entered, is in the history the audit and
// the reports learn from, and it replays to the record.
func TestG3_4_EveryStepIsRecordedForReview(t *testing.T) {
	f, r := completed(t)
	f.now = at(2026, 11, 6, 10, 0)
	f.accept(r.ID, time.Time{})
	want := f.visit(r.ID, time.Time{})
	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	var types []aftersales.EventType
	for _, e := range h {
		types = append(types, e.Type)
		require.NotEmpty(t, e.Actor.ID, e.Type)
		require.False(t, e.At.IsZero(), e.Type)
		require.False(t, e.RecordedAt.IsZero(), e.Type)
	}
	require.Equal(t, []aftersales.EventType{aftersales.EventRegistered, aftersales.EventForwarded, aftersales.EventPlanned,
		aftersales.EventCompleted, aftersales.EventAccepted, aftersales.EventVisited}, types)
	got, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, want, got)
	require.Empty(t, audit(h, at(2027, 1, 1, 0, 0)), "a compliant history gives the review nothing to correct")
}
