package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// A new year's holiday notice is loaded on the desk, without the API: the
// working days follow it at once and the open deadlines it moves are
// recomputed; a bad notice is refused next to the field; only the general
// manager and the after-sales head may load one.
func TestLoadAHolidayNoticeOnTheDesk(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	s.clock.Set(time.Date(2028, 1, 24, 10, 0, 0, 0, calendar.CST()))
	r, err := s.app.Requests.Register(ctx, aftersales.RegisterCommand{Actor: gm, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "C-1001", Name: "张先生"}, Description: "渗水", Channel: aftersales.ChannelPhone,
		ReceivedAt: time.Date(2028, 1, 24, 9, 0, 0, 0, calendar.CST())}})
	require.NoError(t, err)
	require.True(t, r.Deadlines[0].Provisional, "2028 has no notice yet: the due date is provisional")

	head := s.login("head")
	require.Equal(t, http.StatusOK, head.get("/calendar/notices").status)
	res := head.post("/calendar/notices", url.Values{"json": {`{"year": 2028, "days": []}`}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("notice-json"))
	res = s.login("staff").post("/calendar/notices", url.Values{"json": {`{"year": 2028, "papers": ["https://www.gov.cn/2028"],
		"days": [{"name": "春节", "date": "2028-01-31", "isOffDay": true}]}`}})
	require.Equal(t, http.StatusForbidden, res.status)

	res = head.post("/calendar/notices", url.Values{"json": {`{"year": 2028, "papers": ["https://www.gov.cn/2028"],
		"days": [{"name": "春节", "date": "2028-01-31", "isOffDay": true}]}`}})
	require.Equal(t, http.StatusOK, res.status, res.body)
	require.Contains(t, res.body, "2028 年的放假通知已载入")
	require.Contains(t, res.body, r.ID, "the request whose deadline moved is named")
	got, err := s.app.Requests.Get(ctx, r.ID)
	require.NoError(t, err)
	require.False(t, got.Deadlines[0].Provisional, "recomputed on the official calendar")
}
