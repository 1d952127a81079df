package app_test

import (
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/api"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// operation is one method and path template of the OpenAPI document, with
// the properties its JSON request body documents.
type operation struct {
	method, path string
	props        []string
}

func operations(t *testing.T) []operation {
	var doc struct {
		Paths map[string]map[string]struct {
			RequestBody struct {
				Content map[string]struct {
					Schema struct {
						Properties map[string]any `json:"properties"`
						Ref        string         `json:"$ref"`
					} `json:"schema"`
				} `json:"content"`
			} `json:"requestBody"`
		} `json:"paths"`
		Components struct {
			Schemas map[string]struct {
				Properties map[string]any `json:"properties"`
			} `json:"schemas"`
		} `json:"components"`
	}
	require.NoError(t, json.Unmarshal(api.OpenAPI(), &doc))
	var ops []operation
	for path, item := range doc.Paths {
		for method, op := range item {
			if method == "parameters" {
				continue
			}
			o := operation{method: strings.ToUpper(method), path: path}
			schema := op.RequestBody.Content["application/json"].Schema
			props := schema.Properties
			if ref, ok := strings.CutPrefix(schema.Ref, "#/components/schemas/"); ok {
				props = doc.Components.Schemas[ref].Properties
			}
			for p := range props {
				o.props = append(o.props, p)
			}
			sort.Strings(o.props)
			ops = append(ops, o)
		}
	}
	sort.Slice(ops, func(i, j int) bool { return ops[i].path+ops[i].method < ops[j].path+ops[j].method })
	return ops
}

// junk is a random JSON value, often malformed for its field: strings with
// control characters or far too long, huge and negative numbers, wrong
// types, nested values, times in odd forms.
func junk(r *rand.Rand, depth int) any {
	switch n := r.IntN(12); {
	case n == 0:
		return nil
	case n == 1:
		return r.IntN(2) == 0
	case n == 2:
		return []float64{-1, 0, 1e308, -9007199254740993, 3.5}[r.IntN(5)]
	case n == 3:
		return strings.Repeat("渗", r.IntN(6000))
	case n == 4:
		return "\x00\x01\u200b\ufeff" + string(rune(r.IntN(0x10ffff)))
	case n == 5:
		return []string{"2026-11-02T08:30:00+08:00", "2026-13-40", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z", "2026-11-02", ""}[r.IntN(6)]
	case n == 6 && depth < 2:
		return []any{junk(r, depth+1), junk(r, depth+1)}
	case n == 7 && depth < 2:
		return map[string]any{"id": junk(r, depth+1), "name": junk(r, depth+1)}
	case n == 8:
		return []string{"phone", "construction", "complex", "no_access", "urgent", "result", "paper", "project", "after_sales_head"}[r.IntN(9)]
	}
	return fmt.Sprintf("x-%d", r.IntN(1000))
}

// TestFuzzedRequestsNeverAnswer5xx sends every operation of the OpenAPI
// document random bodies, query strings and path values, as the general
// manager and as a customer, on SQLite and PostgreSQL: nothing is answered
// 5xx except 503 (storage trouble, which does not occur here).
func TestFuzzedRequestsNeverAnswer5xx(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		status, reg := s.do("POST", "/api/v1/requests", registration)
		require.Equal(t, 201, status)
		status, tok := s.do("POST", "/api/v1/tokens", `{"customer_id": "C-1"}`)
		require.Equal(t, 201, status)
		tokens := []string{s.token, tok["token"].(string)}
		ids := []string{reg["id"].(string), "AS-none", "%E6%B8%97", "P-001", "2026-10", "2026-10-01", strings.Repeat("9", 100)}
		rng := rand.New(rand.NewPCG(1, 2))
		client := &http.Client{Timeout: 10 * time.Second}
		sent := 0
		for _, op := range operations(t) {
			for range 40 {
				path := op.path
				for strings.Contains(path, "{") {
					i, j := strings.Index(path, "{"), strings.Index(path, "}")
					path = path[:i] + ids[rng.IntN(len(ids))] + path[j+1:]
				}
				q := url.Values{}
				for _, k := range []string{"limit", "after", "overdue", "status", "project_id", "from", "workdays"} {
					if rng.IntN(3) == 0 {
						q.Set(k, fmt.Sprint(junk(rng, 1)))
					}
				}
				var body []byte
				if op.method == "POST" || op.method == "PUT" {
					m := map[string]any{}
					for _, p := range op.props {
						if rng.IntN(3) > 0 {
							m[p] = junk(rng, 0)
						}
					}
					if rng.IntN(10) == 0 {
						m["unknown_field"] = 1
					}
					body, _ = json.Marshal(m)
					if rng.IntN(15) == 0 {
						body = body[:len(body)/2] // cut off
					}
				}
				req, err := http.NewRequest(op.method, s.http.URL+path+"?"+q.Encode(), strings.NewReader(string(body)))
				require.NoError(t, err)
				req.Header.Set("Authorization", "Bearer "+tokens[rng.IntN(2)])
				req.Header.Set("Content-Type", "application/json")
				if rng.IntN(4) == 0 {
					req.Header.Set("Idempotency-Key", []string{"k1", strings.Repeat("k", 300), "中文键", "k 2"}[rng.IntN(4)])
				}
				res, err := client.Do(req)
				require.NoError(t, err, "%s %s", op.method, path)
				res.Body.Close()
				sent++
				require.False(t, res.StatusCode >= 500 && res.StatusCode != http.StatusServiceUnavailable,
					"%s %s?%s with %s → %d", op.method, path, q.Encode(), body, res.StatusCode)
			}
		}
		t.Logf("%d fuzzed requests, none answered 5xx", sent)
	})
}
