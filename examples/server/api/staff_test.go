package api_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// orgState is the organisation's version and history length, to show that
// a refused call wrote nothing.
func (e *env) orgState() (int, int) {
	e.t.Helper()
	o, err := e.svc.staff.Organisation(e.t.Context())
	require.NoError(e.t, err)
	h, err := e.svc.staff.History(e.t.Context())
	require.NoError(e.t, err)
	return o.Version, len(h)
}

// person returns a person of the organisation.
func (e *env) person(id string) staff.Person {
	e.t.Helper()
	o, err := e.svc.staff.Organisation(e.t.Context())
	require.NoError(e.t, err)
	p, ok := o.Person(id)
	require.True(e.t, ok, id)
	return p
}

// TestG4_2_ChangeHeadOverHTTP: POST /api/v1/staff/head moves the head's
// role in one change; only the general manager may; bad input is a 4xx
// with its code, and nothing is written.
func TestG4_2_ChangeHeadOverHTTP(t *testing.T) {
	e := newEnv(t)
	version, changes := e.orgState()
	for _, tt := range []struct {
		who, body string
		status    int
		code      string
	}{
		{"head", `{"person_id": "p-staff"}`, 403, "organisation_forbidden"},
		{"staff", `{"person_id": "p-staff"}`, 403, "organisation_forbidden"},
		{"cust", `{"person_id": "p-staff"}`, 403, "organisation_forbidden"},
		{"", `{"person_id": "p-staff"}`, 401, "unauthorized"},
		{"gm", `{}`, 400, "head_unknown"},
		{"gm", `{"person_id": "p-ghost"}`, 400, "head_unknown"},
		{"gm", `{"person_id": "p-gm"}`, 400, "head_role_invalid"},
		{"gm", `{"person_id": "p-head"}`, 422, "already_head"},
		{"gm", `{"person_id": 7}`, 400, "field_type_invalid"},
		{"gm", `{"person": "p-staff"}`, 400, "field_unknown"},
		{"gm", `{"person_id": "p-staff"`, 400, "body_invalid"},
		{"gm", ``, 400, "body_required"},
	} {
		var body any
		if tt.body != "" {
			body = tt.body
		}
		got := e.do(tt.who, "POST", "/api/v1/staff/head", body)
		require.Equal(t, tt.status, got.Status, "%s %s: %s", tt.who, tt.body, got.Body)
		require.Equal(t, tt.code, got.code(t), "%s %s", tt.who, tt.body)
		v, n := e.orgState()
		require.Equal(t, []int{version, changes}, []int{v, n}, "%s %s: nothing written", tt.who, tt.body)
	}

	got := e.do("gm", "POST", "/api/v1/staff/head", `{"person_id": "p-staff"}`)
	require.Equal(t, 200, got.Status, string(got.Body))
	require.Equal(t, float64(version+1), got.json(t)["version"])
	require.Equal(t, aftersales.RoleAfterSalesHead, e.person("p-staff").Role)
	require.Equal(t, aftersales.RoleAfterSalesStaff, e.person("p-head").Role)
	hist := e.do("gm", "GET", "/api/v1/staff/history", nil).json(t)["changes"].([]any)
	require.Len(t, hist, changes+1, "one change")
	last := hist[len(hist)-1].(map[string]any)
	require.Equal(t, "head", last["type"])
	require.Contains(t, last["note"], "钱部长（p-head） → 赵敏（p-staff）")
}

// TestG4_2_OneHeadOverHTTP: a second active head put through
// PUT /api/v1/staff/people is refused with head_exists and a Chinese
// message naming the current head.
func TestG4_2_OneHeadOverHTTP(t *testing.T) {
	e := newEnv(t)
	version, changes := e.orgState()
	got := e.do("gm", "PUT", "/api/v1/staff/people/p-new", `{"name": "新部长", "role": "after_sales_head", "department_id": "after_sales", "active": true}`)
	require.Equal(t, 422, got.Status, string(got.Body))
	require.Equal(t, "head_exists", got.code(t))
	require.Contains(t, got.json(t)["message"], "钱部长")
	v, n := e.orgState()
	require.Equal(t, []int{version, changes}, []int{v, n}, "nothing written")
}

// TestG4_1_TheLastGeneralManagerStaysOverHTTP: the only general manager
// cannot stop themself or take another role (422 last_general_manager),
// which would leave nobody who may change the organisation; nothing is
// written and their token still works.
func TestG4_1_TheLastGeneralManagerStaysOverHTTP(t *testing.T) {
	e := newEnv(t)
	version, changes := e.orgState()
	for _, body := range []string{
		`{"name": "王总", "role": "general_manager", "active": false}`,
		`{"name": "王总", "role": "after_sales_staff", "department_id": "after_sales", "active": true}`,
	} {
		got := e.do("gm", "PUT", "/api/v1/staff/people/p-gm", body)
		require.Equal(t, 422, got.Status, string(got.Body))
		require.Equal(t, "last_general_manager", got.code(t))
	}
	got := e.do("gm", "PUT", "/api/v1/staff/people/c-1", `{"name": "王女士", "role": "customer", "active": true}`)
	require.Equal(t, 400, got.Status, string(got.Body))
	require.Equal(t, "role_invalid", got.code(t))
	v, n := e.orgState()
	require.Equal(t, []int{version, changes}, []int{v, n}, "nothing written")
	require.Equal(t, 200, e.do("gm", "GET", "/api/v1/staff/organisation", nil).Status)
}

// TestDepartmentsCloseOverHTTP: PUT /api/v1/staff/departments closes and
// reopens a department with "closed"; the after-sales department is not
// closed, and a department needs a known kind.
func TestDepartmentsCloseOverHTTP(t *testing.T) {
	e := newEnv(t)
	require.Equal(t, 200, e.do("gm", "PUT", "/api/v1/staff/departments/design", `{"name": "设计部", "kind": "design"}`).Status)
	got := e.do("head", "PUT", "/api/v1/staff/departments/design", `{"name": "设计部", "kind": "design", "closed": true}`)
	require.Equal(t, 200, got.Status, string(got.Body))
	depts := got.json(t)["departments"].([]any)
	require.Equal(t, true, depts[0].(map[string]any)["closed"])
	o, err := e.svc.staff.Organisation(t.Context())
	require.NoError(t, err)
	open, err := o.Lookup().DepartmentsOfKind(t.Context(), aftersales.DeptKindDesign)
	require.NoError(t, err)
	require.Empty(t, open)

	got = e.do("gm", "PUT", "/api/v1/staff/departments/design", `{"name": "设计部", "kind": "design", "closed": false}`)
	require.Equal(t, 200, got.Status, string(got.Body))
	require.Nil(t, got.json(t)["departments"].([]any)[0].(map[string]any)["closed"], "open: closed is omitted")

	version, changes := e.orgState()
	for _, tt := range []struct {
		who, path, body string
		status          int
		code            string
	}{
		{"gm", "after_sales", `{"name": "售后管理部", "kind": "after_sales", "closed": true}`, 422, "department_cannot_close"},
		{"gm", "logistics", `{"name": "后勤部", "kind": "logistics"}`, 400, "department_kind_invalid"},
		{"gm", "logistics", `{"name": "后勤部"}`, 400, "department_kind_invalid"},
		{"gm", "logistics", `{"name": "后勤部", "kind": "other", "closed": "yes"}`, 400, "field_type_invalid"},
		{"staff", "design", `{"name": "设计部", "kind": "design", "closed": true}`, 403, "organisation_forbidden"},
	} {
		got := e.do(tt.who, "PUT", "/api/v1/staff/departments/"+tt.path, tt.body)
		require.Equal(t, tt.status, got.Status, "%s: %s", tt.body, got.Body)
		require.Equal(t, tt.code, got.code(t), tt.body)
		v, n := e.orgState()
		require.Equal(t, []int{version, changes}, []int{v, n}, "%s: nothing written", tt.body)
	}
}

// TestG2_ProjectsNeedANameOverHTTP: PUT /api/v1/staff/projects refuses a
// project without a name (G2, the library's rule, which the desk shows
// next to its field), and writes nothing.
func TestG2_ProjectsNeedANameOverHTTP(t *testing.T) {
	e := newEnv(t)
	version, changes := e.orgState()
	for _, body := range []string{
		`{"kind": "residential", "department_id": "proj-1", "manager_id": "p-pm"}`,
		`{"name": "  ", "kind": "residential", "department_id": "proj-1", "manager_id": "p-pm"}`,
	} {
		got := e.do("gm", "PUT", "/api/v1/staff/projects/P-009", body)
		require.Equal(t, 400, got.Status, "%s: %s", body, got.Body)
		require.Equal(t, "project_name_required", got.code(t), body)
		v, n := e.orgState()
		require.Equal(t, []int{version, changes}, []int{v, n}, "%s: nothing written", body)
	}
	got := e.do("gm", "PUT", "/api/v1/staff/projects/P-009", `{"name": " 江南新城 ", "kind": "residential", "department_id": "proj-1", "manager_id": "p-pm"}`)
	require.Equal(t, 200, got.Status, string(got.Body))
	o, err := e.svc.staff.Organisation(t.Context())
	require.NoError(t, err)
	names := map[string]string{}
	for _, p := range o.Projects {
		names[p.ID] = p.Name
	}
	require.Equal(t, "江南新城", names["P-009"], "kept without the spaces around it")
}

// TestS3_1_RewardsRefuseImpossibleFacts: the rewards calculator answers
// facts no period can have (a negative or huge count, more missed than
// due) with 400 and the field's code, not an award computed from them.
func TestS3_1_RewardsRefuseImpossibleFacts(t *testing.T) {
	e := newEnv(t)
	for body, code := range map[string]string{
		`{"person_id": "p-spec", "commendations": -2}`:         "commendations_invalid",
		`{"person_id": "p-spec", "commendations": 2147483648}`: "commendations_invalid",
		`{"person_id": "p-spec", "handled": 1, "missed": 4}`:   "missed_invalid",
	} {
		got := e.do("gm", "POST", "/api/v1/staff/rewards", body)
		require.Equal(t, 400, got.Status, "%s: %s", body, got.Body)
		require.Equal(t, code, got.code(t), body)
	}
	got := e.do("gm", "POST", "/api/v1/staff/rewards", `{"person_id": "p-spec", "commendations": 2}`)
	require.Equal(t, 200, got.Status, string(got.Body))
	require.NotEmpty(t, got.json(t)["awards"])
}
