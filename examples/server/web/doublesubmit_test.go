package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// TestFormsSubmittedTwiceActOnce: the registration form and a step's form,
// each sent twice with the key the page gave it, register once and forward
// once; both submissions land on the record as a success.
func TestFormsSubmittedTwiceActOnce(t *testing.T) {
	s := newSite(t, "")
	c := s.login("staff")
	p := c.get("/requests/new")
	key := p.hidden("idempotency_key")
	require.NotEmpty(t, key, "the form carries its key")
	again := c.get("/requests/new")
	require.NotEqual(t, key, again.hidden("idempotency_key"), "a fresh key on every page")

	v := url.Values{"idempotency_key": {key}, "customer_name": {"张先生"}, "customer_phone": {"13800000000"}, "project_id": {"P-001"},
		"description": {"卫生间顶棚渗水"}, "channel": {"phone"}, "received_at": {"2026-11-02T08:30"}, "cause": {"construction"}}
	first := c.post("/requests", v)
	require.Equal(t, http.StatusSeeOther, first.status, first.body)
	second := c.post("/requests", v)
	require.Equal(t, http.StatusSeeOther, second.status, second.body)
	require.Equal(t, first.location(), second.location(), "the same request")
	ctx := context.Background()
	all, err := s.app.Requests.List(ctx, aftersales.Query{})
	require.NoError(t, err)
	require.Len(t, all, 1, "registered once")

	id := all[0].ID
	fv := url.Values{"idempotency_key": {"forward-once"}, "departments": {"proj-1"}}
	require.Equal(t, http.StatusSeeOther, c.post("/requests/"+id+"/forward", fv).status)
	require.Equal(t, http.StatusSeeOther, c.post("/requests/"+id+"/forward", fv).status, "the second submission is a success too")
	h, err := s.app.Requests.History(ctx, id)
	require.NoError(t, err)
	forwards := 0
	for _, e := range h {
		if e.Type == aftersales.EventForwarded {
			forwards++
		}
	}
	require.Equal(t, 1, forwards, "forwarded once")
}
