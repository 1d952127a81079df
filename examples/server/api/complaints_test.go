package api_test

import (
	"net/http"
	"net/url"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
)

// newComplaint registers a complaint of customer c-1 as the after-sales
// staff and returns its ID.
func (e *env) newComplaint() string {
	e.t.Helper()
	c := e.do("staff", "POST", "/api/v1/complaints", `{"complainant": {"id": "c-1", "name": "张先生"}, "type": "quality",
		"description": "外墙渗水", "channel": "phone", "received_at": "2026-11-02T08:00:00+08:00"}`)
	require.Equal(e.t, http.StatusCreated, c.Status, string(c.Body))
	return c.json(e.t)["id"].(string)
}

// version returns the complaint's stored version, as the desk reads it.
func (e *env) version(id string) float64 {
	e.t.Helper()
	r := e.do("gm", "GET", "/api/v1/complaints/"+id, nil)
	require.Equal(e.t, http.StatusOK, r.Status)
	return r.json(e.t)["version"].(float64)
}

// requireRefused checks a refusal's status and code, and that the
// complaint is still at version v.
func (e *env) requireRefused(r resp, status int, code, id string, v float64) {
	e.t.Helper()
	require.Equal(e.t, status, r.Status, string(r.Body))
	require.Equal(e.t, code, r.code(e.t))
	require.Equal(e.t, v, e.version(id), "nothing written")
}

func TestC2_1_ForwardToSeveralDepartmentsThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	id := e.newComplaint()
	path := "/api/v1/complaints/" + id
	require.Equal(t, http.StatusNotFound, e.do("other", "GET", path, nil).Status, "设计部 has no part yet")

	// Department staff do not forward.
	e.requireRefused(e.do("dept", "POST", path+"/forward", `{"departments": ["项目一部"]}`), http.StatusNotFound, "not_found", id, 1)
	e.requireRefused(e.do("staff", "POST", path+"/forward", `{"departments": []}`), http.StatusBadRequest, "department_required", id, 1)
	e.requireRefused(e.do("staff", "POST", path+"/forward", `{"departments": ["项目一部", "项目一部"]}`), http.StatusBadRequest,
		"department_duplicate", id, 1)

	r := e.do("staff", "POST", path+"/forward", `{"departments": ["项目一部", "设计部"], "version": 1}`)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	c := r.json(t)
	parts := c["parts"].([]any)
	require.Len(t, parts, 2)
	require.Equal(t, "设计部", parts[1].(map[string]any)["department"])
	clocks := 0
	for _, d := range c["deadlines"].([]any) {
		if d.(map[string]any)["clause"] == "C3.1" {
			clocks++
		}
	}
	require.Equal(t, 2, clocks, "each department its own C3.1 clock")

	// Each department sees it and lists it.
	for _, role := range []string{"dept", "other"} {
		require.Equal(t, http.StatusOK, e.do(role, "GET", path, nil).Status, role)
		items := e.do(role, "GET", "/api/v1/complaints", nil).json(t)["items"].([]any)
		require.Len(t, items, 1, role)
	}
	e.requireRefused(e.do("staff", "POST", path+"/forward", `{"department": "设计部"}`), http.StatusBadRequest, "department_duplicate", id, 2)
	e.requireRefused(e.do("other", "POST", path+"/forward", `{"departments": ["安装部"]}`), http.StatusForbidden, "forward_forbidden", id, 2)

	// A department plans its own part only.
	plan := `{"department": "设计部", "findings": "节点设计缺陷", "measures": "修改节点", "owner": "吴工"}`
	e.requireRefused(e.do("dept", "POST", path+"/plan", plan), http.StatusForbidden, "department_forbidden", id, 2)
	e.requireRefused(e.do("staff", "POST", path+"/plan", `{"findings": "x", "measures": "y", "owner": "z"}`), http.StatusBadRequest,
		"department_required", id, 2)
	r = e.do("other", "POST", path+"/plan", plan)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	e.requireRefused(e.do("other", "POST", path+"/answer", `{"text": "已处理"}`), http.StatusUnprocessableEntity, "not_investigated", id, 3)
}

func TestC2_1_DepartmentListsPageThroughEveryPart(t *testing.T) {
	e := newEnv(t)
	var ids []string
	for i := range 3 {
		id := e.newComplaint()
		depts := `["项目一部"]`
		if i != 1 {
			depts = `["项目一部", "设计部"]` // 设计部 has a part of the first and the last
		}
		require.Equal(t, http.StatusOK, e.do("staff", "POST", "/api/v1/complaints/"+id+"/forward", `{"departments": `+depts+`}`).Status)
		ids = append(ids, id)
	}
	var got []string
	next := ""
	for pages := 0; pages < 5; pages++ {
		q := url.Values{"limit": {"1"}}
		if next != "" {
			q.Set("after", next)
		}
		page := e.do("other", "GET", "/api/v1/complaints?"+q.Encode(), nil).json(t)
		for _, it := range page["items"].([]any) {
			got = append(got, it.(map[string]any)["id"].(string))
		}
		n, _ := page["next"].(string)
		if n == "" {
			break
		}
		next = n
	}
	want := []string{ids[0], ids[2]}
	slices.Sort(want) // listed by ID
	require.Equal(t, want, got)
}

func TestG3_3_PauseAndResumeThroughTheAPI(t *testing.T) {
	e := newEnv(t)
	id := e.newComplaint()
	path := "/api/v1/complaints/" + id
	require.Equal(t, http.StatusOK, e.do("staff", "POST", path+"/forward", `{"departments": ["项目一部"]}`).Status)

	e.requireRefused(e.do("dept", "POST", path+"/resume", `{}`), http.StatusUnprocessableEntity, "not_paused", id, 2)
	e.requireRefused(e.do("dept", "POST", path+"/pause", `{"reason": "weather", "note": "下雨"}`), http.StatusBadRequest,
		"pause_reason_invalid", id, 2)
	e.requireRefused(e.do("dept", "POST", path+"/pause", `{"reason": "no_access"}`), http.StatusBadRequest, "pause_note_required", id, 2)
	e.requireRefused(e.do("cust", "POST", path+"/pause", `{"reason": "customer_request", "note": "我要求暂缓"}`), http.StatusForbidden,
		"pause_forbidden", id, 2)
	e.requireRefused(e.do("other", "POST", path+"/pause", `{"reason": "no_access", "note": "x"}`), http.StatusNotFound, "not_found", id, 2)

	r := e.do("dept", "POST", path+"/pause", `{"reason": "no_access", "note": "客户出差，无法入户", "evidence": ["IMG-0012"], "version": 2}`)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	c := r.json(t)
	p := c["pauses"].([]any)[0].(map[string]any)
	require.Equal(t, "no_access", p["reason"])
	require.Nil(t, p["resumed_at"])
	for _, d := range c["deadlines"].([]any) {
		dl := d.(map[string]any)
		switch dl["clause"] {
		case "C3.1", "C4.1":
			require.NotNil(t, dl["paused_at"], "%v", dl)
		case "G3.3":
			require.Equal(t, "pause_limit", dl["step"])
		default:
			require.Nil(t, dl["paused_at"], "%v", dl)
		}
	}
	e.requireRefused(e.do("staff", "POST", path+"/pause", `{"reason": "customer_request", "note": "再停"}`), http.StatusUnprocessableEntity,
		"already_paused", id, 3)
	e.requireRefused(e.do("dept", "POST", path+"/resume", `{"version": 2}`), http.StatusConflict, "version_conflict", id, 3)

	e.now = e.now.AddDate(0, 0, 3) // Thursday: 11-03, 04 and 05 stood still
	r = e.do("staff", "POST", path+"/resume", `{}`)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	c = r.json(t)
	p = c["pauses"].([]any)[0].(map[string]any)
	require.NotNil(t, p["resumed_at"])
	require.Equal(t, float64(3), p["workdays"])
	for _, d := range c["deadlines"].([]any) {
		dl := d.(map[string]any)
		if dl["clause"] == "C3.1" {
			require.Equal(t, float64(3), dl["paused_days"])
			require.Equal(t, "2026-11-11T00:00:00+08:00", dl["due"], "3 + 3 working days from 11-02: 11-03..06, 09, 10")
		}
	}
	h := e.do("staff", "GET", path+"/history", nil).json(t)["events"].([]any)
	require.Equal(t, "resumed", h[len(h)-1].(map[string]any)["type"])

	// Closed complaints do not pause.
	require.Equal(t, http.StatusOK, e.do("cust", "POST", path+"/withdraw", `{"text": "已协商解决"}`).Status)
	e.requireRefused(e.do("staff", "POST", path+"/pause", `{"reason": "no_access", "note": "x"}`), http.StatusUnprocessableEntity,
		"not_allowed_in_status", id, 5)
}
