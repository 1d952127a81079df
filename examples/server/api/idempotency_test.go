package api_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"
)

// keyed sends a POST with an Idempotency-Key and returns the status, the
// body and whether the answer says it was replayed.
func (e *env) keyed(token, path, key, body string) (int, map[string]any, bool) {
	e.t.Helper()
	req, err := http.NewRequest("POST", e.srv.URL+path, bytes.NewBufferString(body))
	require.NoError(e.t, err)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Idempotency-Key", key)
	res, err := e.srv.Client().Do(req)
	require.NoError(e.t, err)
	defer res.Body.Close()
	var m map[string]any
	require.NoError(e.t, json.NewDecoder(res.Body).Decode(&m))
	return res.StatusCode, m, res.Header.Get("Idempotent-Replayed") == "true"
}

const keyedRegistration = `{"customer": {"name": "王女士"}, "channel": "phone", "description": "卫生间顶棚渗水", "received_at": "2026-11-02T08:30:00+08:00", "cause": "construction", "urgent": false}`

// TestIdempotentRegistration: a registration repeated with its key is
// answered as the first time and registers once; the same key with another
// body is refused; another caller's same key is their own; many copies at
// once register once.
func TestIdempotentRegistration(t *testing.T) {
	e := newEnv(t)
	status, first, replayed := e.keyed("staff", "/api/v1/requests", "order-1001", keyedRegistration)
	require.Equal(t, http.StatusCreated, status, "%v", first)
	require.False(t, replayed)
	status, again, replayed := e.keyed("staff", "/api/v1/requests", "order-1001", keyedRegistration)
	require.Equal(t, http.StatusCreated, status)
	require.True(t, replayed)
	require.Equal(t, first, again, "the first answer, again")

	status, body, _ := e.keyed("staff", "/api/v1/requests", "order-1001", `{"customer": {"name": "王女士"}, "channel": "email", "description": "别的问题", "received_at": "2026-11-02T08:30:00+08:00"}`)
	require.Equal(t, http.StatusUnprocessableEntity, status)
	require.Equal(t, "idempotency_key_reused", body["code"])

	status, other, _ := e.keyed("head", "/api/v1/requests", "order-1001", keyedRegistration)
	require.Equal(t, http.StatusCreated, status)
	require.NotEqual(t, first["id"], other["id"], "a key is the caller's own")

	var wg sync.WaitGroup
	ids := make(chan any, 8)
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			status, m, _ := e.keyed("staff", "/api/v1/requests", "order-2002", keyedRegistration)
			if status == http.StatusCreated {
				ids <- m["id"]
			}
		}()
	}
	wg.Wait()
	close(ids)
	seen := map[any]bool{}
	for id := range ids {
		seen[id] = true
	}
	require.Len(t, seen, 1, "eight copies at once, one request")

	list := e.do("gm", "GET", "/api/v1/requests", nil).json(t)
	require.Len(t, list["items"], 3, "order-1001 twice by staff, once by the head, and order-2002")

	status, body, _ = e.keyed("staff", "/api/v1/requests", strings.Repeat("k", 201), keyedRegistration)
	require.Equal(t, http.StatusBadRequest, status)
	require.Equal(t, "idempotency_key_invalid", body["code"])
}

// TestIdempotentStep: a step repeated with its key acts once and answers
// with the record as the step left it, even after other steps.
func TestIdempotentStep(t *testing.T) {
	e := newEnv(t)
	id := e.register("staff", map[string]any{"project_id": "P-001"})["id"].(string)
	path := "/api/v1/requests/" + id + "/escalate"
	require.Equal(t, 200, e.do("spec", "POST", "/api/v1/requests/"+id+"/forward", `{}`).Status)
	require.Equal(t, 200, e.do("dept", "POST", "/api/v1/requests/"+id+"/plan",
		`{"department": "项目一部", "measures": "修补", "scheduled_at": "2026-11-03T09:00:00+08:00", "owner": "周工", "complexity": "simple"}`).Status)
	status, first, _ := e.keyed("dept", path, "esc-1", `{"department": "项目一部", "reason": "缺材料"}`)
	require.Equal(t, http.StatusOK, status, "%v", first)
	require.Equal(t, 200, e.do("head", "POST", "/api/v1/requests/"+id+"/coordinate",
		`{"department": "项目一部", "coordinator": "p-head", "measures": "调拨材料"}`).Status)
	status, again, replayed := e.keyed("dept", path, "esc-1", `{"department": "项目一部", "reason": "缺材料"}`)
	require.Equal(t, http.StatusOK, status)
	require.True(t, replayed)
	require.Equal(t, first, again, "the record as the escalation left it")
	hist := e.do("staff", "GET", "/api/v1/requests/"+id+"/history", nil).json(t)["events"].([]any)
	escalations := 0
	for _, ev := range hist {
		if ev.(map[string]any)["type"] == "escalated" {
			escalations++
		}
	}
	require.Equal(t, 1, escalations, "escalated once")
}

// TestIdempotentComplaint: a complaint's registration and its steps take
// an Idempotency-Key as a request's do: a retried registration registers
// once and is answered as the first time, the same key with another body
// is refused with nothing written, and a retried forward (C2.1) forwards
// once, answered with the complaint as it left it.
func TestIdempotentComplaint(t *testing.T) {
	e := newEnv(t)
	body := `{"complainant": {"id": "c-1", "name": "张先生"}, "type": "quality", "description": "外墙渗水", "channel": "phone", "received_at": "2026-11-02T08:00:00+08:00"}`
	status, first, replayed := e.keyed("staff", "/api/v1/complaints", "ts-1", body)
	require.Equal(t, http.StatusCreated, status, "%v", first)
	require.False(t, replayed)
	status, again, replayed := e.keyed("staff", "/api/v1/complaints", "ts-1", body)
	require.Equal(t, http.StatusCreated, status)
	require.True(t, replayed)
	require.Equal(t, first, again, "the first answer, again")
	status, refused, _ := e.keyed("staff", "/api/v1/complaints", "ts-1", strings.Replace(body, "外墙渗水", "窗户漏风", 1))
	require.Equal(t, http.StatusUnprocessableEntity, status)
	require.Equal(t, "idempotency_key_reused", refused["code"])
	require.Len(t, e.do("gm", "GET", "/api/v1/complaints", nil).json(t)["items"], 1, "one complaint")

	id := first["id"].(string)
	path := "/api/v1/complaints/" + id + "/forward"
	status, forwarded, replayed := e.keyed("staff", path, "fwd-1", `{"departments": ["项目一部"]}`)
	require.Equal(t, http.StatusOK, status, "%v", forwarded)
	require.False(t, replayed)
	status, again, replayed = e.keyed("staff", path, "fwd-1", `{"departments": ["项目一部"]}`)
	require.Equal(t, http.StatusOK, status, "%v", again)
	require.True(t, replayed)
	require.Equal(t, forwarded, again, "the complaint as the forward left it")
	status, refused, _ = e.keyed("staff", path, "fwd-1", `{"departments": ["设计部"]}`)
	require.Equal(t, http.StatusUnprocessableEntity, status)
	require.Equal(t, "idempotency_key_reused", refused["code"])
	require.Equal(t, forwarded["version"], e.version(id), "forwarded once, nothing written since")
}
