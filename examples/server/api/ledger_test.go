package api_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/internal/ledgertest"
	"github.com/shouhou/shouhou/examples/server/ledgeraudit"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// ledgerEnv is a test server whose imports land in MemStores the test can
// count, with the API's configuration changed by adjust.
type ledgerEnv struct {
	*env
	requests   *aftersales.MemStore
	complaints *complaint.MemStore
}

func newLedgerEnv(t *testing.T, adjust func(*api.Config)) *ledgerEnv {
	e := &ledgerEnv{env: &env{t: t, now: ledgertest.Now()}, requests: aftersales.NewMemStore(), complaints: complaint.NewMemStore()}
	clock := aftersales.ClockFunc(func() time.Time { return e.now })
	var err error
	e.svc.staff, err = staff.NewService(staff.Config{Store: staff.NewMemStore(), Clock: clock})
	require.NoError(t, err)
	e.svc.warranties, err = warranty.NewService(warranty.Config{Store: warranty.NewMemStore(), Clock: clock})
	require.NoError(t, err)
	e.svc.requests, err = aftersales.NewService(aftersales.Config{Store: e.requests, Clock: clock})
	require.NoError(t, err)
	e.svc.complaints, err = complaint.NewService(complaint.Config{Store: e.complaints, Clock: clock})
	require.NoError(t, err)
	cfg := api.Config{Requests: e.svc.requests, Complaints: e.svc.complaints, Warranties: e.svc.warranties, Staff: e.svc.staff,
		Auth: principals, Clock: clock, Ledger: ledgeraudit.Stores{Requests: e.requests, Complaints: e.complaints, Clock: clock}}
	if adjust != nil {
		adjust(&cfg)
	}
	e.srv = httptest.NewServer(api.New(cfg))
	t.Cleanup(e.srv.Close)
	e.router = contractRouter(t, e.srv.URL)
	return e
}

// records counts the requests and complaints stored.
func (e *ledgerEnv) records() (int, int) {
	e.t.Helper()
	rs, err := e.requests.List(context.Background(), aftersales.Query{})
	require.NoError(e.t, err)
	cs, err := e.complaints.List(context.Background(), complaint.Query{})
	require.NoError(e.t, err)
	return len(rs), len(cs)
}

// upload posts a body of the given content type to the ledger audit as
// the caller with token, and checks the response against the OpenAPI
// document, and, when valid is true, the request too.
func (e *ledgerEnv) upload(token, contentType string, body []byte, valid bool) resp {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+"/api/v1/audit/ledger", bytes.NewReader(body))
	require.NoError(e.t, err)
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := e.srv.Client().Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	out, err := io.ReadAll(res.Body)
	require.NoError(e.t, err)
	require.NotEqual(e.t, http.StatusInternalServerError, res.StatusCode, "never a 500: %s", out)
	require.True(e.t, strings.HasPrefix(res.Header.Get("Content-Type"), "application/json"))

	check, err := http.NewRequest("POST", e.srv.URL+"/api/v1/audit/ledger", bytes.NewReader(body))
	require.NoError(e.t, err)
	check.Header = req.Header.Clone()
	route, params, err := e.router.FindRoute(check)
	require.NoError(e.t, err, "POST /api/v1/audit/ledger is not in the OpenAPI document")
	in := &openapi3filter.RequestValidationInput{Request: check, PathParams: params, Route: route,
		Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}}
	if valid {
		require.NoError(e.t, openapi3filter.ValidateRequest(context.Background(), in), "the upload does not match the OpenAPI document")
	}
	rv := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: res.StatusCode, Header: res.Header,
		Options: &openapi3filter.Options{IncludeResponseStatus: true}}
	rv.SetBodyBytes(out)
	require.NoError(e.t, openapi3filter.ValidateResponse(context.Background(), rv), "→ %d does not match the OpenAPI document: %s", res.StatusCode, out)
	return resp{Status: res.StatusCode, Body: out}
}

// uploadParts posts parts as multipart/form-data, a request the OpenAPI
// document must describe.
func (e *ledgerEnv) uploadParts(token string, parts ...ledgertest.Part) resp {
	e.t.Helper()
	body, ct := ledgertest.Multipart(e.t, parts...)
	return e.upload(token, ct, body, true)
}

// uploadBad posts parts that are not a valid upload.
func (e *ledgerEnv) uploadBad(token string, parts ...ledgertest.Part) resp {
	e.t.Helper()
	body, ct := ledgertest.Multipart(e.t, parts...)
	return e.upload(token, ct, body, false)
}

func TestLedgerAuditIsForTheHeadAndTheGeneralManager(t *testing.T) {
	e := newLedgerEnv(t, nil)
	sample := ledgertest.Sample(t)
	want := map[string]string{"staff": "ledger_audit_forbidden", "spec": "desk_only", "dept": "desk_only", "other": "desk_only",
		"cust": "desk_only", "cust2": "desk_only"}
	// The refused first, while nothing is stored.
	for who, code := range want {
		r := e.uploadParts(who, ledgertest.File("ledger", "sample.xlsx", sample), ledgertest.Field("import", "true"))
		require.Equal(t, http.StatusForbidden, r.Status, "%s: %s", who, r.Body)
		require.Equal(t, code, r.code(t), who)
		nr, nc := e.records()
		require.Zero(t, nr+nc, "%s's refused import wrote nothing", who)
	}
	for _, who := range roles {
		if _, refused := want[who]; !refused {
			r := e.uploadParts(who, ledgertest.File("ledger", "sample.xlsx", sample), ledgertest.Field("import", "true"))
			require.Equal(t, http.StatusOK, r.Status, "%s: %s", who, r.Body)
		}
	}
	r := e.uploadParts("", ledgertest.File("ledger", "sample.xlsx", sample))
	require.Equal(t, http.StatusUnauthorized, r.Status)
}

// TestLedgerAuditOfTheSample checks the answer about the sample ledger
// against the findings worked out by hand (package ledgertest), and that
// an audit alone writes nothing.
func TestLedgerAuditOfTheSample(t *testing.T) {
	e := newLedgerEnv(t, nil)
	r := e.uploadParts("head", ledgertest.File("ledger", "2026年登记表.xlsx", ledgertest.Sample(t)))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	var res ledgeraudit.Result
	require.NoError(t, json.Unmarshal(r.Body, &res))
	require.Equal(t, "2026年登记表.xlsx", res.Ledger)
	require.True(t, res.Now.Equal(ledgertest.Now()))
	s := res.Summary
	require.Equal(t, [4]int{5, 1, 1, 4}, [4]int{s.Read, s.Refused, s.Incomplete, s.Requests + s.Complaints})
	require.Equal(t, []ledgeraudit.Fault{{Sheet: "客户反馈登记表", Row: 5, Column: "D", Header: "接收时间", Code: "time_future",
		Message: res.Refused[0].Message, Where: "工作表“客户反馈登记表”第 5 行 D 列（接收时间）"}}, res.Refused)
	var fk1 *ledgeraudit.Row
	for i := range res.Rows {
		if res.Rows[i].ID == "FK-1" {
			fk1 = &res.Rows[i]
		}
	}
	require.NotNil(t, fk1)
	require.Len(t, fk1.Findings, 2)
	for _, f := range fk1.Findings {
		switch f.Clause {
		case aftersales.ClauseP1_2:
			require.Equal(t, "2026-10-13 24:00", f.DueText)
			require.True(t, f.Due.Equal(time.Date(2026, 10, 14, 0, 0, 0, 0, calendar.CST())))
		case aftersales.ClauseP4_2:
			require.Equal(t, "2026-10-23 24:00", f.DueText)
		default:
			t.Errorf("unexpected finding %+v", f)
		}
		require.Equal(t, 1, f.LateWorkdays)
		require.Equal(t, "late", string(f.Kind))
	}
	raw := r.json(t)
	require.Nil(t, raw["import"], "no import asked")
	for _, c := range raw["summary"].(map[string]any)["clauses"].([]any) {
		if c := c.(map[string]any); c["clause"] == "P1.2" {
			require.Equal(t, "66.67", c["rate"])
		}
	}
	nr, nc := e.records()
	require.Zero(t, nr+nc, "an audit writes nothing")
}

func TestLedgerAuditBadInputIs4xxAndWritesNothing(t *testing.T) {
	e := newLedgerEnv(t, func(c *api.Config) { c.MaxLedger = 64 << 10 })
	sample := ledgertest.Sample(t)
	imp := ledgertest.Field("import", "true")
	file := func(data []byte) ledgertest.Part { return ledgertest.File("ledger", "ledger.xlsx", data) }
	mapping := func(s string) ledgertest.Part { return ledgertest.File("mapping", "mapping.json", []byte(s)) }
	for _, tc := range []struct {
		name   string
		parts  []ledgertest.Part
		status int
		code   string
	}{
		{"no ledger", []ledgertest.Part{imp}, 400, "ledger_required"},
		{"not a spreadsheet", []ledgertest.Part{ledgertest.File("ledger", "scan.pdf", []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")), imp}, 400, "not_spreadsheet"},
		{"old xls", []ledgertest.Part{file([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}), imp}, 400, "xls_unsupported"},
		{"empty sheet", []ledgertest.Part{file(ledgertest.Workbook(t, ledgertest.Sheet{Name: "Sheet1"})), imp}, 400, "sheet_empty"},
		{"mapping not JSON", []ledgertest.Part{file(sample), mapping("requests: {}"), imp}, 400, "mapping_invalid"},
		{"mapping misspelt", []ledgertest.Part{file(sample), mapping(`{"requests": {"colums": {}}}`), imp}, 400, "mapping_invalid"},
		{"mapping names a missing column", []ledgertest.Part{file(sample), mapping(`{"requests": {}, "complaints": {"columns": {"received_at": "受理日期"}}}`), imp},
			400, "column_missing"},
		{"unknown part", []ledgertest.Part{file(sample), ledgertest.Field("dry_run", "1")}, 400, "field_unknown"},
		{"import maybe", []ledgertest.Part{file(sample), ledgertest.Field("import", "maybe")}, 400, "import_invalid"},
		{"too large", []ledgertest.Part{file(bytes.Repeat([]byte("接收时间\n"), 10<<10)), imp}, 413, "body_too_large"},
	} {
		r := e.uploadBad("gm", tc.parts...)
		require.Equal(t, tc.status, r.Status, "%s: %s", tc.name, r.Body)
		require.Equal(t, tc.code, r.code(t), "%s: %s", tc.name, r.Body)
		require.NotEmpty(t, r.json(t)["message"], tc.name)
		nr, nc := e.records()
		require.Zero(t, nr+nc, "%s: nothing written", tc.name)
	}
	r := e.upload("gm", "application/json", []byte(`{"ledger": "x"}`), false)
	require.Equal(t, http.StatusBadRequest, r.Status)
	require.Equal(t, "multipart_required", r.code(t))
}

// TestLedgerImportIsIdempotent imports the sample twice: its four readable
// rows become records once, which the desk then reads like any other.
func TestLedgerImportIsIdempotent(t *testing.T) {
	e := newLedgerEnv(t, nil)
	sample := ledgertest.Sample(t)
	r := e.uploadParts("gm", ledgertest.File("ledger", "sample.xlsx", sample), ledgertest.Field("import", "true"))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	var res ledgeraudit.Result
	require.NoError(t, json.Unmarshal(r.Body, &res))
	require.Equal(t, &ledgeraudit.ImportResult{Created: 4, Differing: []ledgeraudit.Differing{}}, res.Import)
	nr, nc := e.records()
	require.Equal(t, [2]int{3, 1}, [2]int{nr, nc})

	r = e.uploadParts("head", ledgertest.File("ledger", "sample-again.xlsx", sample), ledgertest.Field("import", "1"))
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	res = ledgeraudit.Result{}
	require.NoError(t, json.Unmarshal(r.Body, &res))
	require.Equal(t, &ledgeraudit.ImportResult{Unchanged: 4, Differing: []ledgeraudit.Differing{}}, res.Import)
	nr2, nc2 := e.records()
	require.Equal(t, [2]int{nr, nc}, [2]int{nr2, nc2}, "the same ledger twice imports once")

	var fk1 string
	for _, row := range res.Rows {
		if row.ID == "FK-1" {
			fk1 = row.RecordID
		}
	}
	got := e.do("staff", "GET", "/api/v1/requests/"+fk1+"/audit", nil)
	require.Equal(t, http.StatusOK, got.Status, string(got.Body))
	require.Len(t, got.json(t)["findings"], 2, "the record audits as its row did")
}

func TestLedgerImportUnavailable(t *testing.T) {
	e := newLedgerEnv(t, func(c *api.Config) { c.Ledger = nil })
	body := []ledgertest.Part{ledgertest.File("ledger", "sample.xlsx", ledgertest.Sample(t))}
	require.Equal(t, http.StatusOK, e.uploadParts("gm", body...).Status, "an audit needs no importer")
	r := e.uploadParts("gm", append(body, ledgertest.Field("import", "true"))...)
	require.Equal(t, http.StatusUnprocessableEntity, r.Status)
	require.Equal(t, "ledger_import_unavailable", r.code(t))
}
