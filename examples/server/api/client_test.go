package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// staticAuth maps tokens to principals.
type staticAuth map[string]api.Principal

func (s staticAuth) Authenticate(_ context.Context, token string) (api.Principal, error) {
	p, ok := s[token]
	if !ok {
		return api.Principal{}, fmt.Errorf("unknown token")
	}
	return p, nil
}

// The callers of the tests, by token.
var principals = staticAuth{
	"gm":    {Actor: aftersales.Actor{ID: "p-gm", Role: aftersales.RoleGeneralManager}},
	"head":  {Actor: aftersales.Actor{ID: "p-head", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales}},
	"staff": {Actor: aftersales.Actor{ID: "p-staff", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}},
	"spec":  {Actor: aftersales.Actor{ID: "p-spec", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部"}},
	"dept":  {Actor: aftersales.Actor{ID: "p-site", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部"}},
	"other": {Actor: aftersales.Actor{ID: "p-design", Role: aftersales.RoleDepartmentStaff, DepartmentID: "设计部"}},
	"cust":  {Actor: aftersales.Actor{ID: "c-1", Role: aftersales.RoleCustomer}, CustomerID: "c-1"},
	"cust2": {Actor: aftersales.Actor{ID: "c-2", Role: aftersales.RoleCustomer}, CustomerID: "c-2"},
}

// env is a test server over the library's MemStores.
type env struct {
	t      *testing.T
	srv    *httptest.Server
	now    time.Time
	router routers.Router
	svc    struct {
		requests   *aftersales.Service
		complaints *complaint.Service
		warranties *warranty.Service
		staff      *staff.Service
	}
}

func newEnv(t *testing.T) *env {
	e := &env{t: t, now: time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST())}
	clock := aftersales.ClockFunc(func() time.Time { return e.now })
	ctx := context.Background()
	var err error
	e.svc.staff, err = staff.NewService(staff.Config{Store: staff.NewMemStore(), Clock: clock})
	require.NoError(t, err)
	gm := principals["gm"].Actor
	for _, p := range []staff.Person{
		{ID: "p-gm", Name: "王总", Role: aftersales.RoleGeneralManager, Active: true},
		{ID: "p-head", Name: "钱部长", Role: aftersales.RoleAfterSalesHead, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "p-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales, Active: true},
		{ID: "p-pm", Name: "孙经理", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Active: true},
		{ID: "p-spec", Name: "周专员", Role: aftersales.RoleSpecialist, DepartmentID: "项目一部", Active: true},
		{ID: "p-site", Name: "周工", Role: aftersales.RoleDepartmentStaff, DepartmentID: "项目一部", Active: true},
	} {
		_, err := e.svc.staff.PutPerson(ctx, p, gm)
		require.NoError(t, err)
	}
	_, err = e.svc.staff.PutProject(ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-001", Name: "滨江花园",
		Kind: aftersales.Residential, DepartmentID: "项目一部"}}, gm)
	require.NoError(t, err)
	_, err = e.svc.staff.Appoint(ctx, "P-001", "p-spec", aftersales.Actor{ID: "p-pm", Role: aftersales.RoleDepartmentStaff})
	require.NoError(t, err)
	_, err = e.svc.staff.File(ctx, "P-001", principals["head"].Actor)
	require.NoError(t, err)
	org, err := e.svc.staff.Organisation(ctx)
	require.NoError(t, err)

	e.svc.warranties, err = warranty.NewService(warranty.Config{Store: warranty.NewMemStore(), Clock: clock})
	require.NoError(t, err)
	e.svc.requests, err = aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Clock: clock,
		Directory: org.Directory(), Coverage: e.svc.warranties})
	require.NoError(t, err)
	e.svc.warranties = e.svc.warranties.WithRequests(e.svc.requests)
	e.svc.complaints, err = complaint.NewService(complaint.Config{Store: complaint.NewMemStore(), Clock: clock})
	require.NoError(t, err)
	h := api.New(api.Config{Requests: e.svc.requests, Complaints: e.svc.complaints, Warranties: e.svc.warranties, Staff: e.svc.staff,
		Auth: principals, Tokens: &fakeIssuer{}, Clock: clock, Health: func(context.Context) error { return nil }})
	e.srv = httptest.NewServer(h)
	t.Cleanup(e.srv.Close)

	e.router = contractRouter(t, e.srv.URL)
	return e
}

// contractRouter finds the OpenAPI document's operation of a request to
// the server at url, for checking requests and answers against it; the
// document is checked first.
func contractRouter(t *testing.T, url string) routers.Router {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	require.NoError(t, err)
	require.NoError(t, doc.Validate(context.Background()), "the OpenAPI document itself")
	doc.Servers = openapi3.Servers{{URL: url}}
	router, err := legacy.NewRouter(doc)
	require.NoError(t, err)
	return router
}

// resp is a response read in full.
type resp struct {
	Status int
	Body   []byte
}

func (r resp) json(t *testing.T) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal(r.Body, &m), string(r.Body))
	return m
}

// code returns the error code of an error response.
func (r resp) code(t *testing.T) string {
	t.Helper()
	c, _ := r.json(t)["code"].(string)
	return c
}

// do sends a request as the caller with token (none when empty) and checks
// both against the OpenAPI document: the route must be documented, a
// request the document refuses must be refused by the server (4xx), and
// the status and body of the response must match the document.
func (e *env) do(token, method, path string, body any) resp {
	e.t.Helper()
	var raw []byte
	switch b := body.(type) {
	case nil:
	case string:
		raw = []byte(b)
	case []byte:
		raw = b
	default:
		var err error
		raw, err = json.Marshal(b)
		require.NoError(e.t, err)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, bytes.NewReader(raw))
	require.NoError(e.t, err)
	if raw != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	// The request against the document: one the document refuses must be
	// refused by the server too (the tests send bad requests on purpose).
	route, params, err := e.router.FindRoute(req)
	require.NoError(e.t, err, "%s %s is not in the OpenAPI document", method, path)
	check := req.Clone(context.Background())
	check.Body = io.NopCloser(bytes.NewReader(raw))
	in := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	reqErr := openapi3filter.ValidateRequest(context.Background(), in)
	in.Request = req

	res, err := e.srv.Client().Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	require.NotEqual(e.t, http.StatusInternalServerError, res.StatusCode, "%s %s: never a 500: %s", method, path, out)
	require.True(e.t, strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"), "%s %s", method, path)

	if reqErr != nil {
		require.True(e.t, res.StatusCode >= 400 && res.StatusCode < 500, "%s %s: the OpenAPI document refuses the request (%v), the server answered %d: %s",
			method, path, reqErr, res.StatusCode, out)
	}
	rv := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	rv.SetBodyBytes(out)
	require.NoError(e.t, openapi3filter.ValidateResponse(context.Background(), rv), "%s %s → %d does not match the OpenAPI document: %s", method, path, res.StatusCode, out)
	if path != "/api/v1/openapi.json" {
		require.Empty(e.t, styleProblems(out), "%s %s → %d: every key snake_case, every time +08:00: %s", method, path, res.StatusCode, out)
	}
	return resp{Status: res.StatusCode, Body: out}
}

// register registers a request with the fixed API as the given caller.
func (e *env) register(token string, extra map[string]any) map[string]any {
	e.t.Helper()
	body := map[string]any{"customer": map[string]any{"name": "王女士"}, "channel": "phone", "description": "卫生间顶棚渗水", "received_at": "2026-11-02T08:30:00+08:00",
		"cause": "construction", "urgent": false}
	for k, v := range extra {
		body[k] = v
	}
	r := e.do(token, "POST", "/api/v1/requests", body)
	require.Equal(e.t, http.StatusCreated, r.Status, string(r.Body))
	return r.json(e.t)
}
