package api_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPathIDsAreChecked: an ID from the path with a control character or
// longer than the documented maximum is a 400 before anything is stored
// (PUT /api/v1/staff/people/%00 once created a person whose ID was a NUL).
func TestPathIDsAreChecked(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ path, code string }{
		{"/api/v1/staff/people/%00", "path_invalid"},
		{"/api/v1/staff/people/a%0Ab", "path_invalid"},
		{"/api/v1/staff/people/" + strings.Repeat("x", 101), "path_too_long"},
	} {
		r := e.do("gm", "PUT", tc.path, `{"name": "某人", "role": "after_sales_staff", "active": true}`)
		require.Equal(t, http.StatusBadRequest, r.Status, "%s: %s", tc.path, r.Body)
		require.Equal(t, tc.code, r.code(t))
	}
	org := e.do("gm", "GET", "/api/v1/staff/organisation", nil).json(t)
	for _, p := range org["people"].([]any) {
		id := p.(map[string]any)["id"].(string)
		require.NotContains(t, id, "\x00")
		require.LessOrEqual(t, len([]rune(id)), 100)
	}
	r := e.do("gm", "GET", "/api/v1/requests/"+url.PathEscape(strings.Repeat("项", 100)), nil)
	require.Equal(t, http.StatusNotFound, r.Status, "an ID of the maximum length is only unknown")
}

// TestWrongMethodIs405WithAllow: a path that exists for other methods
// answers 405 with the methods it takes; an unknown path 404. (Neither is
// an operation of the OpenAPI document, so the requests are sent raw.)
func TestWrongMethodIs405WithAllow(t *testing.T) {
	e := newEnv(t)
	send := func(method, path string) (*http.Response, map[string]any) {
		req, err := http.NewRequest(method, e.srv.URL+path, nil)
		require.NoError(t, err)
		req.Header.Set("Authorization", "Bearer staff")
		res, err := e.srv.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		var body map[string]any
		require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
		return res, body
	}
	res, body := send("DELETE", "/api/v1/requests")
	require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	require.Equal(t, "method_not_allowed", body["code"])
	require.Equal(t, "GET, POST", res.Header.Get("Allow"))
	res, _ = send("GET", "/api/v1/requests/AS-1/forward")
	require.Equal(t, http.StatusMethodNotAllowed, res.StatusCode)
	require.Equal(t, "POST", res.Header.Get("Allow"))
	res, body = send("GET", "/api/v1/nothing-here")
	require.Equal(t, http.StatusNotFound, res.StatusCode)
	require.Equal(t, "route_not_found", body["code"])
}

// TestLongIDsInBodiesAreRefusedBeforeStorage: a warranty's project_id of
// 2,700 characters (once a 500 on PostgreSQL: index row too large) is a 400
// with the field's code on every database, nothing stored.
func TestLongIDsInBodiesAreRefusedBeforeStorage(t *testing.T) {
	e := newEnv(t)
	r := e.do("gm", "POST", "/api/v1/warranties", `{"project_id": "`+strings.Repeat("P", 2700)+`", "design_life_years": 50}`)
	require.Equal(t, http.StatusBadRequest, r.Status, string(r.Body))
	require.Equal(t, "project_id_too_long", r.code(t))
	list := e.do("gm", "GET", "/api/v1/warranties", nil).json(t)
	require.Empty(t, list["items"])
}
