package aftersales_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// Requests get readable numbers once their registration is accepted (P1.2
// 客户反馈登记表 编号): a refused registration uses none, a caller cannot
// choose one, the number is in the history and found by the search box.
func TestRequestNumbers(t *testing.T) {
	var next int64
	f := newFx(t, at(2026, 11, 2, 9, 0))
	svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: aftersales.ClockFunc(func() time.Time { return f.now }),
		Number: func(_ context.Context, at time.Time) (string, error) {
			next++
			return aftersales.FormatNumber("SH", at, next), nil
		}})
	require.NoError(t, err)
	reg := aftersales.Registration{Number: "SH-2026-999999", Customer: aftersales.Customer{ID: "c-1", Name: "张先生"}, Description: "渗水",
		Channel: aftersales.ChannelPhone, ReceivedAt: at(2026, 11, 2, 8, 0)}
	bad := reg
	bad.Description = ""
	_, err = svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: bad})
	require.Error(t, err)
	r, err := svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: reg})
	require.NoError(t, err)
	require.Equal(t, "SH-2026-000001", r.Number, "the refused registration used no number; the caller's is not taken")
	h, err := svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, "SH-2026-000001", h[0].Registration.Number)
	found, err := svc.List(f.ctx, aftersales.Query{Text: "sh-2026-000001"})
	require.NoError(t, err)
	require.Len(t, found, 1)

	failing, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(),
		Number: func(context.Context, time.Time) (string, error) { return "", errors.New("number store down") }})
	require.NoError(t, err)
	_, err = failing.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: reg})
	require.ErrorIs(t, err, aftersales.ErrUnavailable, "no number, no registration: the storage is unavailable")
}

func ExampleFormatNumber() {
	at := time.Date(2026, 12, 31, 23, 30, 0, 0, time.UTC) // 2027-01-01 07:30 in China
	fmt.Println(aftersales.FormatNumber("SH", at, 123))
	// Output: SH-2027-000123
}

// The form of a readable number, told apart from a record's ID.
func TestNumberForm(t *testing.T) {
	for _, s := range []string{"SH-2026-000123", "TS-2027-1234567", "ABCDEFGH-2026-000001"} {
		require.True(t, aftersales.IsNumber(s), s)
	}
	for _, s := range []string{"AS-519e587bafa2", "AS-wx-6054768590064713728", "sh-2026-000123", "SH-26-000123", "SH-2026-00012",
		"SH-2026-000123-1", "ABCDEFGHI-2026-000001", "", "SH--000123"} {
		require.False(t, aftersales.IsNumber(s), s)
	}
	require.True(t, aftersales.ValidNumberPrefix("SH"))
	require.False(t, aftersales.ValidNumberPrefix("售后"))
	require.False(t, aftersales.ValidNumberPrefix(""))
}
