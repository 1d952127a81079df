package aftersales_test

import (
	"encoding/json"
	"os"
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

// TestP4_2_AHistoryWrittenBeforeTheVisitRanFromCompletion: a request that
// reached acceptance while P4.2 was counted from the acceptance (the
// testdata history was written by that code) replays to the same record,
// and Recompute replaces its pending visit deadline by one counted from
// the completion of handling, recording the change.
func TestP4_2_AHistoryWrittenBeforeTheVisitRanFromCompletion(t *testing.T) {
	var old struct {
		History []aftersales.Event  `json:"history"`
		Record  *aftersales.Request `json:"record"`
	}
	data, err := os.ReadFile("testdata/history-before-p4_2.json")
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(data, &old))
	replayed, err := aftersales.Replay(old.History)
	require.NoError(t, err)
	require.Equal(t, old.Record, replayed, "the old history replays to the record it produced")
	require.Equal(t, aftersales.StatusAccepted, replayed.Status)
	before := deadline(t, replayed, aftersales.ClauseP4_2, "", 0)
	require.Equal(t, "accepted", before.Event)

	f := newFx(t, at(2026, 10, 9, 12, 0))
	require.NoError(t, f.store.Save(f.ctx, replayed, old.History))
	r, changed, err := f.svc.Recompute(f.ctx, replayed.ID, aftersales.Actor{ID: "upgrade", Role: aftersales.RoleSystem})
	require.NoError(t, err)
	require.True(t, changed)
	after := deadline(t, r, aftersales.ClauseP4_2, "", 0)
	require.Equal(t, "completed", after.Event)
	require.True(t, at(2026, 9, 29, 16, 0).Equal(after.From), "from the completion: %v", after.From)
	require.True(t, at(2026, 10, 10, 0, 0).Equal(after.Due), "09-30, 10-08, 10-09: %v", after.Due)
	require.Equal(t, aftersales.DeadlineOpen, after.State(f.now))
	require.Equal(t, aftersales.DeadlineMissed, after.State(at(2026, 10, 10, 0, 0)), "a day earlier than the acceptance reading gave (10-14)")
	for _, d := range r.Deadlines {
		if d.Clause == aftersales.ClauseP4_2 && d.Event == "accepted" {
			require.True(t, d.Cancelled, "the old reading's deadline stays, cancelled")
		}
	}
	h, err := f.svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	last := h[len(h)-1]
	require.Equal(t, aftersales.EventRecomputed, last.Type)
	require.Len(t, last.Replaced, 1)
	again, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, r, again)

	_, changed, err = f.svc.Recompute(f.ctx, r.ID, aftersales.Actor{ID: "upgrade", Role: aftersales.RoleSystem})
	require.NoError(t, err)
	require.False(t, changed, "once brought forward, nothing moves")
}
