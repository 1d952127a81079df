package api_test

import (
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestRequestListSearch: GET /api/v1/requests?q= finds by the customer's
// name and by the request's number, letter case aside; a search with a
// line break is a 400 search_invalid.
func TestRequestListSearch(t *testing.T) {
	e := newEnv(t)
	a := e.register("staff", map[string]any{"project_id": "P-001", "customer": map[string]any{"id": "c-1", "name": "张先生"}})["id"].(string)
	b := e.register("staff", map[string]any{"project_id": "P-001", "customer": map[string]any{"id": "c-2", "name": "李女士"}})["id"].(string)
	ids := func(q string) []any {
		t.Helper()
		r := e.do("head", "GET", "/api/v1/requests?q="+url.QueryEscape(q), nil)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		var out []any
		for _, x := range r.json(t)["items"].([]any) {
			out = append(out, x.(map[string]any)["id"])
		}
		return out
	}
	require.Equal(t, []any{a}, ids("张"))
	require.Equal(t, []any{b}, ids(b))
	require.Empty(t, ids("王五"))
	r := e.do("head", "GET", "/api/v1/requests?q="+url.QueryEscape("a\nb"), nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "search_invalid", r.json(t)["code"])
}

// TestComplaintListSearch: GET /api/v1/complaints?q= finds by the
// complainant's name; a bad search is a 400 search_invalid.
func TestComplaintListSearch(t *testing.T) {
	e := newEnv(t)
	var ids []any
	for _, name := range []string{"张先生", "李女士"} {
		r := e.do("staff", "POST", "/api/v1/complaints", `{"complainant": {"id": "c-`+name+`", "name": "`+name+`"}, "type": "delay",
			"description": "维修拖延", "channel": "phone", "received_at": "2026-11-02T08:00:00+08:00", "received_by": "after_sales"}`)
		require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
		ids = append(ids, r.json(t)["id"])
	}
	r := e.do("head", "GET", "/api/v1/complaints?q="+url.QueryEscape("李女"), nil)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	items := r.json(t)["items"].([]any)
	require.Len(t, items, 1)
	require.Equal(t, ids[1], items[0].(map[string]any)["id"])
	r = e.do("head", "GET", "/api/v1/complaints?q="+url.QueryEscape("a\nb"), nil)
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "search_invalid", r.json(t)["code"])
}
