package complaint_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

func TestRecomputeAfterANewNoticeYear(t *testing.T) {
	f := newCf(t, cst(2028, 1, 24, 10, 0))
	c := f.register(cst(2028, 1, 24, 9, 0), false)
	require.Equal(t, cst(2028, 2, 1, 0, 0), dl(t, c, complaint.ClauseC2_1, "", 0).Due)
	require.True(t, dl(t, c, complaint.ClauseC2_1, "", 0).Provisional)

	n, err := calendar.ParseNotice("2028.json", []byte(`{"year": 2028, "papers": ["u"], "days": [{"name": "春节", "date": "2028-01-31", "isOffDay": true}]}`))
	require.NoError(t, err)
	cal, err := calendar.China().WithNotices(n)
	require.NoError(t, err)
	f.svc.SetCalendar(cal)
	require.Same(t, cal, f.svc.Calendar())

	c, changed, err := f.svc.Recompute(f.ctx, c.ID, aftersales.Actor{ID: "calendar", Role: aftersales.RoleSystem})
	require.NoError(t, err)
	require.True(t, changed)
	require.Equal(t, cst(2028, 1, 26, 0, 0), dl(t, c, complaint.ClauseC2_1, "", 0).Due)
	_, changed, err = f.svc.Recompute(f.ctx, c.ID, asStaff)
	require.NoError(t, err)
	require.False(t, changed, "nothing more to move")

	h, err := f.svc.History(f.ctx, c.ID)
	require.NoError(t, err)
	require.Equal(t, complaint.EventRecomputed, h[len(h)-1].Type)
	replayed, err := complaint.Replay(h)
	require.NoError(t, err)
	require.Equal(t, c, replayed)
}
