package api_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"

	"github.com/shouhou/shouhou/examples/server/api"
)

// fakeIssuer issues predictable tokens.
type fakeIssuer struct{ n int }

func (f *fakeIssuer) Issue(_ context.Context, p api.Principal, _ string) (string, error) {
	f.n++
	return fmt.Sprintf("tok-%s-%d", p.Actor.ID, f.n), nil
}

func (f *fakeIssuer) Revoke(_ context.Context, token string, by api.Principal, own bool) error {
	if !own && by.Actor.Role != aftersales.RoleGeneralManager {
		return aftersales.Errorf(aftersales.KindForbidden, "token_forbidden", "无权撤销")
	}
	return nil
}

var roles = []string{"gm", "head", "staff", "spec", "dept", "other", "cust", "cust2"}

// world is a request R and a complaint C of customer c-1 on project P-001,
// both forwarded to 项目一部, and P-001's warranty record.
func world(t *testing.T) (*env, string, string) {
	e := newEnv(t)
	r := e.register("staff", map[string]any{"project_id": "P-001", "customer": map[string]any{"id": "c-1", "name": "张先生"}})
	id := r["id"].(string)
	require.Equal(t, 200, e.do("staff", "POST", "/api/v1/requests/"+id+"/forward", `{}`).Status)
	c := e.do("staff", "POST", "/api/v1/complaints", `{"complainant": {"id": "c-1", "name": "张先生"}, "type": "delay",
		"description": "报修无人上门", "channel": "phone", "received_at": "2026-11-02T08:00:00+08:00"}`)
	require.Equal(t, 201, c.Status, string(c.Body))
	cid := c.json(t)["id"].(string)
	require.Equal(t, 200, e.do("staff", "POST", "/api/v1/complaints/"+cid+"/forward", `{"department": "项目一部"}`).Status)
	require.Equal(t, 201, e.do("gm", "POST", "/api/v1/warranties", `{"project_id": "P-001"}`).Status)
	return e, id, cid
}

// TestRoleMatrix calls each endpoint as each role: the desk (general
// manager, after-sales head and staff) sees everything; a specialist their
// project's records; a department its assignments; a customer only their
// own; what a caller may not see is not found, what they may not do is
// forbidden.
func TestRoleMatrix(t *testing.T) {
	type cell = map[string]int
	tests := []struct {
		method, path, body string
		want               cell
		write              bool
	}{
		{"GET", "/api/v1/requests/{R}", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 200, "cust2": 404}, false},
		{"GET", "/api/v1/requests/{R}/history", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 200, "cust2": 404}, false},
		{"GET", "/api/v1/requests/{R}/audit", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/deadlines", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 200, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/complaints/{C}", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 200, "cust2": 404}, false},
		{"GET", "/api/v1/complaints/{C}/history", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 200, "cust2": 404}, false},
		{"GET", "/api/v1/complaint-reports/2026-10", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/warranties/P-001", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 200, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/warranties/P-001/terms", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 200, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/warranty-duties", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 200, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/staff/organisation", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 200, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/staff/training-overdue", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/staff/history", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, false},
		{"GET", "/api/v1/calendar/days/2026-10-01", "", cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 200, "cust": 200, "cust2": 200}, false},
		{"POST", "/api/v1/requests/{R}/escalate", `{"department": "项目一部", "reason": "缺材料"}`,
			cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 403, "cust2": 404}, true},
		{"POST", "/api/v1/requests/{R}/withdraw", `{"reason": "已自行修好"}`,
			cell{"gm": 200, "head": 200, "staff": 200, "spec": 403, "dept": 403, "other": 404, "cust": 200, "cust2": 404}, true},
		{"POST", "/api/v1/complaints/{C}/statement", `{"text": "希望尽快上门"}`,
			cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 200, "cust2": 404}, true},
		{"POST", "/api/v1/complaints/{C}/plan", `{"findings": "工单积压", "measures": "次日上门", "owner": "周工"}`,
			cell{"gm": 200, "head": 200, "staff": 200, "spec": 200, "dept": 200, "other": 404, "cust": 403, "cust2": 404}, true},
		{"POST", "/api/v1/warranties", `{"project_id": "P-002"}`,
			cell{"gm": 201, "head": 201, "staff": 201, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, true},
		{"POST", "/api/v1/staff/sessions", `{"date": "2026-10-15", "topic": "communication", "trainer": "讲师", "hours": "2", "attendees": ["p-staff"]}`,
			cell{"gm": 201, "head": 201, "staff": 201, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, true},
		{"PUT", "/api/v1/staff/people/p-new", `{"name": "新员工", "role": "after_sales_staff", "active": true}`,
			cell{"gm": 200, "head": 200, "staff": 403, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, true},
		{"POST", "/api/v1/tokens", `{"customer_id": "c-9"}`,
			cell{"gm": 201, "head": 201, "staff": 403, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, true},
		{"POST", "/api/v1/audit", `{"request_id": "X", "events": [{"type": "registered", "at": "2026-11-02T08:00:00+08:00", "registration": {}}]}`,
			cell{"gm": 200, "head": 200, "staff": 200, "spec": 403, "dept": 403, "other": 403, "cust": 403, "cust2": 403}, false},
	}
	shared, sharedR, sharedC := world(t)
	for _, tt := range tests {
		for _, role := range roles {
			t.Run(tt.method+" "+tt.path+" as "+role, func(t *testing.T) {
				e, r, c := shared, sharedR, sharedC
				if tt.write {
					e, r, c = world(t)
				}
				path := replace(tt.path, r, c)
				var body any
				if tt.body != "" {
					body = tt.body
				}
				got := e.do(role, tt.method, path, body)
				require.Equal(t, tt.want[role], got.Status, "%s", got.Body)
				if got.Status >= 400 {
					require.NotEmpty(t, got.code(t))
				}
			})
		}
	}
}

// TestListsAreScopedByRole checks what each role's lists hold.
func TestListsAreScopedByRole(t *testing.T) {
	e, _, _ := world(t)
	want := map[string][2]int{"gm": {1, 1}, "head": {1, 1}, "staff": {1, 1}, "spec": {1, 1}, "dept": {1, 1}, "other": {0, 0}, "cust": {1, 1}, "cust2": {0, 0}}
	for role, n := range want {
		rs := e.do(role, "GET", "/api/v1/requests", nil).json(t)["items"].([]any)
		require.Len(t, rs, n[0], "requests of %s", role)
		cs := e.do(role, "GET", "/api/v1/complaints", nil).json(t)["items"].([]any)
		require.Len(t, cs, n[1], "complaints of %s", role)
	}
}

func replace(path, r, c string) string {
	out := []rune{}
	for i := 0; i < len(path); {
		switch {
		case len(path[i:]) >= 3 && path[i:i+3] == "{R}":
			out = append(out, []rune(r)...)
			i += 3
		case len(path[i:]) >= 3 && path[i:i+3] == "{C}":
			out = append(out, []rune(c)...)
			i += 3
		default:
			out = append(out, rune(path[i]))
			i++
		}
	}
	return string(out)
}

// TestStaffWithoutADepartmentSeeNoDeadlines: an empty department is no
// department, not every department.
func TestStaffWithoutADepartmentSeeNoDeadlines(t *testing.T) {
	e, _, _ := world(t)
	principals["nodept"] = api.Principal{Actor: aftersales.Actor{ID: "p-x", Role: aftersales.RoleDepartmentStaff}}
	defer delete(principals, "nodept")
	got := e.do("nodept", "GET", "/api/v1/deadlines", nil).json(t)
	require.Empty(t, got["items"])
	require.NotEmpty(t, e.do("gm", "GET", "/api/v1/deadlines", nil).json(t)["items"])
}

// TestTokensAreNotMintedAboveOnesOwnRole: the after-sales head cannot
// issue a general manager's token, nor a screen signature go through the
// API.
func TestTokensAreNotMintedAboveOnesOwnRole(t *testing.T) {
	e, r, _ := world(t)
	got := e.do("head", "POST", "/api/v1/tokens", `{"person_id": "p-gm"}`)
	require.Equal(t, 403, got.Status)
	require.Equal(t, "token_forbidden", got.code(t))
	require.Equal(t, 201, e.do("head", "POST", "/api/v1/tokens", `{"person_id": "p-site"}`).Status)
	require.Equal(t, 201, e.do("gm", "POST", "/api/v1/tokens", `{"person_id": "p-head"}`).Status)

	got = e.do("cust", "POST", "/api/v1/requests/"+r+"/accept", `{"signed_by": "张先生", "method": "screen", "ref": "blob:0123"}`)
	require.Equal(t, 400, got.Status)
	require.Equal(t, "screen_signature_portal_only", got.code(t))
}

// TestCustomerTokensNameAnID: a customer's token is for an ID as the
// records hold one (printable, at most aftersales.MaxIDLength
// characters), the ID their data is exported and erased by; a label is
// short text. Nothing is issued otherwise.
func TestCustomerTokensNameAnID(t *testing.T) {
	e, _, _ := world(t)
	for body, code := range map[string]string{
		`{"customer_id": "` + strings.Repeat("c", aftersales.MaxIDLength+1) + `"}`: "customer_id_too_long",
		`{"customer_id": "c\u0000nul"}`:                                            "customer_id_invalid",
		`{"customer_id": "c\n1"}`:                                                  "customer_id_invalid",
		`{"customer_id": "C-1", "label": "` + strings.Repeat("说", 201) + `"}`:      "label_too_long",
	} {
		got := e.do("gm", "POST", "/api/v1/tokens", body)
		require.Equal(t, 400, got.Status, "%s: %s", body, got.Body)
		require.Equal(t, code, got.code(t), body)
	}
	got := e.do("gm", "POST", "/api/v1/tokens", `{"customer_id": " C-1 ", "label": "业主小程序"}`)
	require.Equal(t, 201, got.Status, string(got.Body))
	require.Equal(t, "C-1", got.json(t)["subject"], "trimmed, as the records hold it")
}
