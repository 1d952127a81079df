package aftersales_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// A deadline counted across the projected 春节 2028 moves when the 2028
// notice is loaded, and the history records the change.
func TestRecomputeAfterANewNoticeYear(t *testing.T) {
	f := newFx(t, at(2028, 1, 24, 10, 0))
	r := f.register(at(2028, 1, 24, 9, 0), false)
	d := deadline(t, r, aftersales.ClauseP1_2, "", 0)
	require.True(t, d.Provisional)
	require.Equal(t, at(2028, 2, 1, 0, 0), d.Due, "projected 春节 01-25..28: the one working day is 01-31")

	// Nothing moves while the calendar is the same.
	same, changed, err := f.svc.Recompute(f.ctx, r.ID, staff)
	require.NoError(t, err)
	require.False(t, changed)
	require.Equal(t, r.Version, same.Version)

	// The notice: only 01-31 off that year (an invented schedule, to move the
	// deadline).
	n, err := calendar.ParseNotice("2028.json", []byte(`{"year": 2028, "papers": ["https://www.gov.cn/2028"],
		"days": [{"name": "春节", "date": "2028-01-31", "isOffDay": true}]}`))
	require.NoError(t, err)
	c, err := calendar.China().WithNotices(n)
	require.NoError(t, err)
	f.svc.SetCalendar(c)

	_, _, err = f.svc.Recompute(f.ctx, r.ID, customer)
	require.ErrorIs(t, err, aftersales.ErrForbidden)

	r, changed, err = f.svc.Recompute(f.ctx, r.ID, aftersales.Actor{ID: "calendar", Role: aftersales.RoleSystem})
	require.NoError(t, err)
	require.True(t, changed)
	d = deadline(t, r, aftersales.ClauseP1_2, "", 0)
	require.Equal(t, at(2028, 1, 26, 0, 0), d.Due, "01-25 is a working day now")
	require.False(t, d.Provisional)

	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, aftersales.EventRecomputed, last.Type)
	require.Len(t, last.Recomputed, 1)
	replayed, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, r, replayed)
}
