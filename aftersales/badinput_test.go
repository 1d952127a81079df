package aftersales_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

func TestBadRegistrationIsRefusedAndNothingWritten(t *testing.T) {
	now := at(2026, 11, 27, 10, 0)
	good := aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"}, Description: "门窗渗水", Channel: aftersales.ChannelPhone, ReceivedAt: at(2026, 11, 27, 9, 0)}
	tests := []struct {
		name   string
		mutate func(*aftersales.Registration)
		actor  aftersales.Actor
		kind   aftersales.ErrorKind
		code   string
	}{
		{"empty description", func(r *aftersales.Registration) { r.Description = " \t" }, staff, aftersales.KindInvalid, "description_required"},
		{"huge description", func(r *aftersales.Registration) { r.Description = strings.Repeat("渗", 5001) }, staff, aftersales.KindInvalid, "description_too_long"},
		{"invalid UTF-8", func(r *aftersales.Registration) { r.Description = "\xff\xfe" }, staff, aftersales.KindInvalid, "description_invalid"},
		{"a NUL in the description", func(r *aftersales.Registration) { r.Description = "渗水\x00" }, staff, aftersales.KindInvalid, "description_invalid"},
		{"an escape in the name", func(r *aftersales.Registration) { r.Customer.Name = "王\x1b[31m" }, staff, aftersales.KindInvalid, "customer_name_invalid"},
		{"unknown channel", func(r *aftersales.Registration) { r.Channel = "telegram" }, staff, aftersales.KindInvalid, "channel_invalid"},
		{"no channel", func(r *aftersales.Registration) { r.Channel = "" }, staff, aftersales.KindInvalid, "channel_invalid"},
		{"unknown cause", func(r *aftersales.Registration) { r.Cause = "weather" }, staff, aftersales.KindInvalid, "cause_invalid"},
		{"received in the future", func(r *aftersales.Registration) { r.ReceivedAt = now.Add(time.Hour) }, staff, aftersales.KindInvalid, "time_in_future"},
		{"no received time", func(r *aftersales.Registration) { r.ReceivedAt = time.Time{} }, staff, aftersales.KindInvalid, "received_at_required"},
		{"no customer name (P1.2)", func(r *aftersales.Registration) { r.Customer.Name = "  " }, staff, aftersales.KindInvalid, "customer_name_required"},
		{"received in 1999", func(r *aftersales.Registration) { r.ReceivedAt = at(1999, 1, 1, 0, 0) }, staff, aftersales.KindInvalid, "time_too_early"},
		{"unknown project", func(r *aftersales.Registration) { r.ProjectID = "P-404" }, staff, aftersales.KindInvalid, "project_unknown"},
		// A customer's ID is what their data is exported and erased by.
		{"customer ID too long", func(r *aftersales.Registration) { r.Customer.ID = strings.Repeat("c", aftersales.MaxIDLength+1) }, staff,
			aftersales.KindInvalid, "customer_id_too_long"},
		{"customer ID with a newline", func(r *aftersales.Registration) { r.Customer.ID = "c\n1" }, staff, aftersales.KindInvalid, "customer_id_invalid"},
		{"customer ID with a NUL", func(r *aftersales.Registration) { r.Customer.ID = "c\x001" }, staff, aftersales.KindInvalid, "customer_id_invalid"},
		{"customer ID with a bidi override", func(r *aftersales.Registration) { r.Customer.ID = "c\u202e1" }, staff, aftersales.KindInvalid, "customer_id_invalid"},
		{"project ID with a control character", func(r *aftersales.Registration) { r.ProjectID = "P\x07" }, staff, aftersales.KindInvalid, "project_id_invalid"},
		{"too many attachments", func(r *aftersales.Registration) { r.Attachments = make([]string, 51) }, staff, aftersales.KindInvalid, "attachment_too_many"},
		{"empty attachment", func(r *aftersales.Registration) { r.Attachments = []string{""} }, staff, aftersales.KindInvalid, "attachment_required"},
		{"no actor", func(*aftersales.Registration) {}, aftersales.Actor{}, aftersales.KindInvalid, "actor_required"},
		{"department staff", func(*aftersales.Registration) {}, procStaff, aftersales.KindForbidden, "register_forbidden"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFx(t, now)
			reg := good
			tt.mutate(&reg)
			r, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Registration: reg, Actor: tt.actor})
			require.Nil(t, r)
			require.ErrorIs(t, err, &aftersales.Error{Kind: tt.kind, Code: tt.code})
			all, err := f.svc.List(f.ctx, aftersales.Query{})
			require.NoError(t, err)
			require.Empty(t, all, "nothing written")
		})
	}
}

func TestCustomerRegistersOnlyForThemself(t *testing.T) {
	f := newFx(t, at(2026, 11, 27, 10, 0))
	r, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: customer, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "someone-else", Name: "张先生"}, Description: "阳台渗水",
		Channel: aftersales.ChannelWeChat, ReceivedAt: at(2026, 11, 27, 9, 50)}})
	require.NoError(t, err)
	require.Equal(t, customer.ID, r.Customer.ID)
}

func TestBadStepsAreRefusedAndNothingWritten(t *testing.T) {
	// An acceptance before completion.
	f, r := forwarded(t)
	_, err := f.svc.Accept(f.ctx, r.ID, aftersales.AcceptCommand{Actor: customer,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignScreen, Ref: "s.png"}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindNotAllowed, Code: "not_allowed_in_status"})
	f.requireUnchanged(r)

	// A step dated before the step it follows, or in the future.
	_, err = f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: projDept, At: at(2026, 11, 1, 9, 0), Actor: projStaff,
		Plan: aftersales.Plan{Measures: "修补", ScheduledAt: f.now, Owner: "周工", Complexity: aftersales.Simple}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "time_before_previous_step"})
	_, err = f.svc.Plan(f.ctx, r.ID, aftersales.PlanCommand{Department: projDept, At: f.now.Add(time.Hour), Actor: projStaff,
		Plan: aftersales.Plan{Measures: "修补", ScheduledAt: f.now, Owner: "周工", Complexity: aftersales.Simple}})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "time_in_future"})
	f.requireUnchanged(r)

	// Unknown IDs.
	_, err = f.svc.Forward(f.ctx, "AS-404", aftersales.ForwardCommand{Actor: staff})
	require.ErrorIs(t, err, aftersales.ErrNotFound)
	_, err = f.svc.Get(f.ctx, "AS-404")
	require.ErrorIs(t, err, aftersales.ErrNotFound)

	// A visit on a withdrawn request.
	f2, w := inStatus(t, aftersales.StatusWithdrawn)
	_, err = f2.svc.Visit(f2.ctx, w.ID, aftersales.VisitCommand{Actor: staff, Visit: aftersales.Visit{Satisfaction: 5, VisitedBy: "赵敏"}})
	require.ErrorIs(t, err, aftersales.ErrNotAllowed)
	require.Contains(t, err.Error(), "已撤回")
	f2.requireUnchanged(w)
}

func TestErrorKindsAndCodes(t *testing.T) {
	err := aftersales.Errorf(aftersales.KindConflict, "version_conflict", "已被修改")
	require.Equal(t, aftersales.KindConflict, aftersales.KindOf(err))
	require.ErrorIs(t, err, aftersales.ErrConflict)
	require.NotErrorIs(t, err, aftersales.ErrNotFound)
	require.Equal(t, aftersales.KindInternal, aftersales.KindOf(errSentinel{}))
	require.Equal(t, aftersales.ErrorKind(""), aftersales.KindOf(nil))
	require.Equal(t, "version_conflict: 已被修改", err.Error())
}

type errSentinel struct{}

func (errSentinel) Error() string { return "driver: connection reset" }

// TestP1_2_EveryProblemOfARegistrationAtOnce: a registration with several
// faults is refused naming each of them (the form shows all at once), the
// first one being what errors.As and KindOf see, and nothing is written.
func TestP1_2_EveryProblemOfARegistrationAtOnce(t *testing.T) {
	f := newFx(t, at(2026, 11, 27, 10, 0))
	_, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{
		Description: " ", Channel: "telegram", ReceivedAt: at(2026, 11, 27, 9, 0), Location: strings.Repeat("楼", 201)}})
	var codes []string
	for _, e := range aftersales.AllErrors(err) {
		require.Equal(t, aftersales.KindInvalid, e.Kind, e.Code)
		codes = append(codes, e.Code)
	}
	require.Equal(t, []string{"description_required", "channel_invalid", "customer_name_required", "location_too_long"}, codes)
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "description_required"})
	require.Equal(t, aftersales.KindInvalid, aftersales.KindOf(err))
	all, err := f.svc.List(f.ctx, aftersales.Query{})
	require.NoError(t, err)
	require.Empty(t, all, "nothing written")
}

// TestP1_2_IntakeMayNotKnowTheName: the system registering a WeChat
// message or an e-mail, and a customer registering for themself, need no
// name on the form; a person of the company does (the case above).
func TestP1_2_IntakeMayNotKnowTheName(t *testing.T) {
	f := newFx(t, at(2026, 11, 27, 10, 0))
	system := aftersales.Actor{ID: "intake", Role: aftersales.RoleSystem}
	for _, who := range []aftersales.Actor{system, customer} {
		_, err := f.svc.Register(f.ctx, aftersales.RegisterCommand{Actor: who, Registration: aftersales.Registration{
			Customer: aftersales.Customer{Contact: "微信 o6_bmjrPTlm6_2sgVt7hMZOPfL2M"}, Description: "阳台渗水",
			Channel: aftersales.ChannelWeChat, ReceivedAt: at(2026, 11, 27, 9, 50)}})
		require.NoError(t, err, who.Role)
	}
}

func TestAllErrorsOfNothingAndOfOtherErrors(t *testing.T) {
	require.Nil(t, aftersales.AllErrors(nil))
	require.Nil(t, aftersales.AllErrors(errors.New("disk full")))
	one := aftersales.Errorf(aftersales.KindInvalid, "x_required", "x")
	require.Equal(t, []*aftersales.Error{one}, aftersales.AllErrors(fmt.Errorf("wrapped: %w", one)))
	var p aftersales.Problems
	require.NoError(t, p.Err())
	p.Add(nil)
	require.NoError(t, p.Err())
	p.Add(one)
	require.Same(t, one, p.Err())
}
