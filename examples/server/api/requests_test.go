package api_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRegisterAndGetHaveTheFixedShape(t *testing.T) {
	e := newEnv(t)
	r := e.do("staff", "POST", "/api/v1/requests", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "卫生间顶棚渗水",
		"received_at": "2026-11-02T08:30:00+08:00", "cause": "construction", "urgent": true}`)
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	created := r.json(t)
	id, _ := created["id"].(string)
	require.NotEmpty(t, id)
	deadlines := created["deadlines"].([]any)
	require.Len(t, deadlines, 2, "P1.2 and, urgent, P1.3")
	first := deadlines[0].(map[string]any)
	require.Equal(t, "P1.2", first["clause"])
	require.Equal(t, "2026-11-04T00:00:00+08:00", first["due"])
	require.Equal(t, "P1.3", deadlines[1].(map[string]any)["clause"])

	got := e.do("staff", "GET", "/api/v1/requests/"+id, nil)
	require.Equal(t, http.StatusOK, got.Status)
	require.Equal(t, created, got.json(t))
}

func TestAuthentication(t *testing.T) {
	e := newEnv(t)
	for _, token := range []string{"", "nope"} {
		r := e.do(token, "GET", "/api/v1/requests", nil)
		require.Equal(t, http.StatusUnauthorized, r.Status)
		require.Equal(t, "unauthorized", r.code(t))
	}
	require.Equal(t, http.StatusOK, e.do("", "GET", "/healthz", nil).Status)
	require.Equal(t, http.StatusOK, e.do("", "GET", "/api/v1/openapi.json", nil).Status)
}

// TestBadInputGetsA4xxAndWritesNothing sends every kind of bad request:
// each is a 4xx with a code, never a 500, and nothing is stored.
func TestBadInputGetsA4xxAndWritesNothing(t *testing.T) {
	e := newEnv(t)
	good := `"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00", "cause": "construction", "urgent": false`
	tests := []struct {
		name, body string
		status     int
		code       string
	}{
		{"malformed JSON", `{"channel": "phone",`, 400, "body_invalid"},
		{"not JSON", `渗水`, 400, "body_invalid"},
		{"empty body", ``, 400, "body_required"},
		{"null", ` null `, 400, "body_invalid"},
		{"an array", `[{` + good + `}]`, 400, "body_invalid"},
		{"a string", `"渗水"`, 400, "body_invalid"},
		{"unknown field", `{` + good + `, "colour": "red"}`, 400, "field_unknown"},
		{"wrong type", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00", "urgent": "yes"}`, 400, "field_type_invalid"},
		{"bad date", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2026-11-31"}`, 400, "time_invalid"},
		{"date in the future", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2027-01-01T00:00:00+08:00"}`, 400, "time_in_future"},
		{"no description", `{"channel": "phone", "received_at": "2026-11-02T08:30:00+08:00"}`, 400, "description_required"},
		{"unknown channel", `{"customer": {"name": "王女士"}, "channel": "telegram", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00"}`, 400, "channel_invalid"},
		{"unknown cause", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00", "cause": "ghosts"}`, 400, "cause_invalid"},
		{"two documents", `{` + good + `} {}`, 400, "body_invalid"},
		{"huge body", `{"customer": {"name": "王女士"}, "channel": "phone", "description": "` + strings.Repeat("渗", 1<<19) + `"}`, 413, "body_too_large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := e.do("staff", "POST", "/api/v1/requests", tt.body)
			require.Equal(t, tt.status, r.Status, string(r.Body))
			require.Equal(t, tt.code, r.code(t))
			require.NotEmpty(t, r.json(t)["message"])
		})
	}
	// Several problems: each listed, so a client can show them at once.
	r := e.do("staff", "POST", "/api/v1/requests", `{"channel": "telegram", "received_at": "2026-11-02T08:30:00+08:00"}`)
	require.Equal(t, 400, r.Status)
	var body struct {
		Code   string
		Errors []struct{ Code, Message string }
	}
	require.NoError(t, json.Unmarshal(r.Body, &body))
	require.Equal(t, "description_required", body.Code)
	var codes []string
	for _, p := range body.Errors {
		require.NotEmpty(t, p.Message, p.Code)
		codes = append(codes, p.Code)
	}
	require.Equal(t, []string{"description_required", "channel_invalid", "customer_name_required"}, codes)
	r = e.do("staff", "POST", "/api/v1/requests", `{"channel": "phone", "description": "渗水", "received_at": "2026-11-02T08:30:00+08:00"}`)
	require.Equal(t, "customer_name_required", r.code(t), "P1.2: who the feedback is from")
	require.NotContains(t, string(r.Body), `"errors"`, "one problem: no list")

	list := e.do("gm", "GET", "/api/v1/requests", nil).json(t)
	require.Empty(t, list["items"], "nothing written")

	// Unknown IDs, unknown routes, forbidden actions.
	require.Equal(t, 404, e.do("staff", "GET", "/api/v1/requests/AS-404", nil).Status)
	require.Equal(t, 404, e.do("staff", "POST", "/api/v1/requests/AS-404/forward", `{}`).Status)
	id := e.register("staff", nil)["id"].(string)
	r = e.do("cust", "POST", "/api/v1/requests/"+id+"/forward", `{}`)
	require.Equal(t, 404, r.Status, "a customer cannot see another's request")
	r = e.do("staff", "POST", "/api/v1/requests/"+id+"/accept", `{"signed_by": "张", "method": "paper", "ref": "s.png"}`)
	require.Equal(t, 422, r.Status, "acceptance before completion")
	require.Equal(t, "not_allowed_in_status", r.code(t))
	r = e.do("staff", "POST", "/api/v1/requests/"+id+"/visit", `{"satisfaction": 9, "visited_by": "x"}`)
	require.Equal(t, 422, r.Status)
	r = e.do("staff", "GET", "/api/v1/requests?limit=0", nil)
	require.Equal(t, 400, r.Status)
	require.Equal(t, "limit_invalid", r.code(t))
	// A filter by an ID no record can have is a mistake, not an empty page.
	for query, code := range map[string]string{
		"/api/v1/requests?project_id=" + strings.Repeat("P", 101): "project_id_too_long",
		"/api/v1/requests?customer_id=c%0A1":                      "customer_id_invalid",
		"/api/v1/requests?department=%00":                         "department_invalid",
		"/api/v1/complaints?request_id=%E2%80%AE":                 "request_id_invalid",
	} {
		r = e.do("staff", "GET", query, nil)
		require.Equal(t, 400, r.Status, query)
		require.Equal(t, code, r.code(t), query)
	}
	r = e.do("staff", "POST", "/api/v1/requests/"+id+"/forward", `{"departments": "项目一部"}`)
	require.Equal(t, 400, r.Status)
	require.Equal(t, "field_type_invalid", r.code(t))
	r = e.do("staff", "POST", "/api/v1/requests/"+id+"/forward", `null`)
	require.Equal(t, 400, r.Status, "null is no command (it would forward as {} does)")
	require.Equal(t, "body_invalid", r.code(t))
	got := e.do("staff", "GET", "/api/v1/requests/"+id, nil).json(t)
	require.Equal(t, float64(1), got["version"], "nothing written by the refused commands")
}

// TestParallelUpdatesOneWins sends two updates based on the same version at
// once: one wins, the other gets 409 and changes nothing.
func TestParallelUpdatesOneWins(t *testing.T) {
	e := newEnv(t)
	id := e.register("staff", nil)["id"].(string)
	require.Equal(t, 200, e.do("staff", "POST", "/api/v1/requests/"+id+"/forward", `{"departments": ["项目一部"]}`).Status)
	var wg sync.WaitGroup
	statuses := make([]int, 2)
	for i, reason := range []string{"缺材料", "需设计变更"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			statuses[i] = e.do("dept", "POST", "/api/v1/requests/"+id+"/escalate",
				map[string]any{"department": "项目一部", "reason": reason, "version": 2}).Status
		}()
	}
	wg.Wait()
	require.ElementsMatch(t, []int{200, 409}, statuses)
	got := e.do("staff", "GET", "/api/v1/requests/"+id, nil).json(t)
	require.Equal(t, float64(3), got["version"])
	require.Len(t, got["escalations"], 1)
}

// TestRequestLifecycleOverHTTP takes a request from registration to the
// follow-up visit, each step by the role the regulation gives it.
func TestRequestLifecycleOverHTTP(t *testing.T) {
	e := newEnv(t)
	id := e.register("staff", map[string]any{"project_id": "P-001", "customer": map[string]any{"id": "c-1", "name": "张先生"}})["id"].(string)
	steps := []struct{ token, path, body string }{
		{"spec", "forward", `{}`},
		{"dept", "plan", `{"department": "项目一部", "measures": "修补防水层", "scheduled_at": "2026-11-03T09:00:00+08:00", "owner": "周工", "complexity": "simple"}`},
		{"dept", "complete", `{"department": "项目一部", "result": "已修复"}`},
		{"cust", "reject", `{"reason": "仍有水渍"}`},
		{"dept", "complete", `{"department": "项目一部", "result": "返工完成"}`},
		{"cust", "accept", `{"signed_by": "张先生", "method": "paper", "ref": "scan/1.pdf"}`},
		{"staff", "visit", `{"satisfaction": 5, "suggestions": "满意", "visited_by": "赵敏"}`},
	}
	for _, s := range steps {
		r := e.do(s.token, "POST", "/api/v1/requests/"+id+"/"+s.path, s.body)
		require.Equal(t, 200, r.Status, "%s by %s: %s", s.path, s.token, r.Body)
	}
	got := e.do("cust", "GET", "/api/v1/requests/"+id, nil).json(t)
	require.Equal(t, "closed", got["status"])
	hist := e.do("spec", "GET", "/api/v1/requests/"+id+"/history", nil).json(t)["events"].([]any)
	require.Len(t, hist, 9, "registration, coverage decision, and the seven steps")
	require.Equal(t, "p-spec", hist[2].(map[string]any)["actor"].(map[string]any)["id"], "every write lands in the history with its actor")
	audit := e.do("staff", "GET", "/api/v1/requests/"+id+"/audit", nil).json(t)
	require.Empty(t, audit["findings"])
	require.Equal(t, 200, e.do("staff", "GET", "/api/v1/deadlines?overdue=true", nil).Status)
}

// TestRegulationStepsOverHTTP: the steps the regulation names beyond the
// lifecycle (P1.3/P3.2 feedback, P3.3 coordination, pauses) and their
// refusals, each with its code and nothing written.
func TestRegulationStepsOverHTTP(t *testing.T) {
	e := newEnv(t)
	id := e.register("staff", map[string]any{"project_id": "P-001", "customer": map[string]any{"id": "c-1", "name": "张先生"}})["id"].(string)
	post := func(token, step, body string) resp {
		return e.do(token, "POST", "/api/v1/requests/"+id+"/"+step, body)
	}
	refused := func(r resp, status int, code string) {
		t.Helper()
		require.Equal(t, status, r.Status, string(r.Body))
		require.Equal(t, code, r.code(t))
	}
	refused(post("staff", "resume", `{}`), 422, "not_paused")
	require.Equal(t, 200, post("spec", "forward", `{}`).Status)
	refused(post("staff", "visit", `{"satisfaction": 5, "visited_by": "赵敏"}`), 422, "visit_before_completion")
	refused(post("staff", "pause", `{"reason": "weather", "note": "下雨"}`), 400, "pause_reason_invalid")
	require.Equal(t, 200, post("dept", "plan", `{"department": "项目一部", "measures": "修补", "scheduled_at": "2026-11-03T09:00:00+08:00", "owner": "周工", "complexity": "complex"}`).Status)
	require.Equal(t, 200, post("dept", "escalate", `{"department": "项目一部", "reason": "需楼下业主配合"}`).Status)
	refused(post("dept", "coordinate", `{"department": "项目一部", "coordinator": "p-head", "measures": "x"}`), 403, "coordinate_forbidden")
	r := post("head", "coordinate", `{"department": "项目一部", "coordinator": "p-head", "measures": "部长约楼下业主周三入户"}`)
	require.Equal(t, 200, r.Status, string(r.Body))
	require.Len(t, r.json(t)["coordinations"], 1)
	r = post("dept", "feedback", `{"kind": "progress", "department": "项目一部", "channel": "phone", "summary": "已约周三入户"}`)
	require.Equal(t, 200, r.Status, string(r.Body))
	r = post("dept", "pause", `{"reason": "no_access", "note": "业主出差", "evidence": ["chat/1.png"]}`)
	require.Equal(t, 200, r.Status, string(r.Body))
	paused := r.json(t)
	pauses := paused["pauses"].([]any)
	require.Len(t, pauses, 1)
	require.Nil(t, pauses[0].(map[string]any)["resumed_at"])
	refused(post("staff", "pause", `{"reason": "no_access", "note": "again"}`), 422, "already_paused")
	e.now = e.now.Add(48 * time.Hour)
	r = post("staff", "resume", `{}`)
	require.Equal(t, 200, r.Status, string(r.Body))
	require.NotNil(t, r.json(t)["pauses"].([]any)[0].(map[string]any)["resumed_at"])
	require.Equal(t, 200, post("dept", "complete", `{"department": "项目一部", "result": "已修复"}`).Status)
	refused(post("dept", "feedback", `{"kind": "urgent", "channel": "phone", "summary": "x"}`), 422, "feedback_before_step")
	require.Equal(t, 200, post("dept", "feedback", `{"kind": "result", "department": "项目一部", "channel": "wechat", "summary": "已修复，请验收"}`).Status)
	require.Equal(t, 200, post("staff", "visit", `{"satisfaction": 5, "visited_by": "赵敏"}`).Status, "the visit may come before acceptance (P4.2)")
	require.Equal(t, 200, post("cust", "accept", `{"signed_by": "张先生", "method": "paper", "ref": "scan/1.pdf"}`).Status)
	got := e.do("staff", "GET", "/api/v1/requests/"+id, nil).json(t)
	require.Equal(t, "closed", got["status"])
	before := len(e.do("staff", "GET", "/api/v1/requests/"+id+"/history", nil).json(t)["events"].([]any))
	refused(post("staff", "pause", `{"reason": "no_access", "note": "x"}`), 422, "not_allowed_in_status")
	require.Len(t, e.do("staff", "GET", "/api/v1/requests/"+id+"/history", nil).json(t)["events"].([]any), before, "nothing written")
}
