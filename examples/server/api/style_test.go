package api_test

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// snakeCase is the shape of every key the API answers: lower-case words
// joined by underscores.
var snakeCase = regexp.MustCompile(`^[a-z][a-z0-9]*(_[a-z0-9]+)*$`)

// rfc3339 matches a string that is a whole RFC 3339 timestamp.
var rfc3339 = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$`)

// styleProblems lists where body breaks the API's conventions: a key that
// is not snake_case, a time that is not in China Standard Time (+08:00).
// Keys of maps whose keys are data (dates, department IDs…) are not
// names; the caller lists such objects' paths in dataKeys.
func styleProblems(body []byte) []string {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return []string{"not JSON: " + err.Error()}
	}
	var out []string
	var walk func(path string, v any)
	walk = func(path string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				if !snakeCase.MatchString(k) {
					out = append(out, fmt.Sprintf("%s: key %q is not snake_case", path, k))
				}
				walk(path+"."+k, e)
			}
		case []any:
			for i, e := range x {
				walk(fmt.Sprintf("%s[%d]", path, i), e)
			}
		case string:
			if rfc3339.MatchString(x) && !strings.HasSuffix(x, "+08:00") {
				out = append(out, fmt.Sprintf("%s: time %q is not +08:00", path, x))
			}
		}
	}
	walk("$", v)
	return out
}

// TestStyleProblems checks the checker that env.do runs on every response
// the API tests produce.
func TestStyleProblems(t *testing.T) {
	require.Empty(t, styleProblems([]byte(`{"received_at":"2026-11-02T08:30:00+08:00","items":[{"by_cause":[]}],"note":"2026-11-02"}`)))
	require.Equal(t, []string{`$: key "Coverage" is not snake_case`}, styleProblems([]byte(`{"Coverage":1}`)))
	require.Equal(t, []string{`$.a[0].at: time "2026-11-02T00:30:00Z" is not +08:00`}, styleProblems([]byte(`{"a":[{"at":"2026-11-02T00:30:00Z"}]}`)))
	require.Len(t, styleProblems([]byte(`{"at":"2026-11-02T00:30:00.5-05:00"}`)), 1)
}

// TestTimesAnswerInCST: a clock (or a store) that gives UTC does not reach
// the answers: every time comes back at +08:00, the same instant.
func TestTimesAnswerInCST(t *testing.T) {
	e := newEnv(t)
	e.now = e.now.UTC()
	req := e.register("staff", map[string]any{"received_at": "2026-11-02T00:30:00Z"})
	require.Equal(t, "2026-11-02T08:30:00+08:00", req["received_at"])
	require.True(t, strings.HasSuffix(req["updated_at"].(string), "+08:00"), req["updated_at"])
	id := req["id"].(string)
	for _, path := range []string{"/api/v1/requests/" + id, "/api/v1/requests/" + id + "/history", "/api/v1/requests", "/api/v1/deadlines"} {
		r := e.do("head", "GET", path, nil)
		require.Equal(t, 200, r.Status, "%s: %s", path, r.Body)
		require.NotContains(t, string(r.Body), `Z"`, path)
	}
}

// TestBadFilterValuesAreRefused: a status filter that names no status, or
// an overdue that is not a boolean, is a 400, as the document says, not an
// unfiltered or empty list.
func TestBadFilterValuesAreRefused(t *testing.T) {
	e := newEnv(t)
	for path, code := range map[string]string{"/api/v1/requests?status=open": "status_invalid", "/api/v1/complaints?status=closed": "status_invalid",
		"/api/v1/deadlines?overdue=yes": "overdue_invalid", "/api/v1/warranty-duties?overdue=TRUE": "overdue_invalid"} {
		r := e.do("head", "GET", path, nil)
		require.Equal(t, 400, r.Status, "%s: %s", path, r.Body)
		require.Equal(t, code, r.code(t), path)
	}
	for _, path := range []string{"/api/v1/requests?status=registered&status=closed", "/api/v1/complaints?status=unresolved",
		"/api/v1/deadlines?overdue=1", "/api/v1/deadlines?overdue=false", "/api/v1/warranty-duties?overdue=true"} {
		require.Equal(t, 200, e.do("head", "GET", path, nil).Status, path)
	}
}
