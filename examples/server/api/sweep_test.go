package api_test

import (
	"sort"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/api"
)

// staffOnly are the path prefixes a customer may never use.
var staffOnly = []string{"/api/v1/warranties", "/api/v1/warranty-duties", "/api/v1/coverage", "/api/v1/staff/",
	"/api/v1/deadlines", "/api/v1/audit", "/api/v1/complaint-reports", "/api/v1/tokens", "/api/v1/calendar/notices"}

// TestEveryRoleTimesEveryEndpoint calls every operation of the OpenAPI
// document as every role, with an empty body where one is taken: never a
// 500, always the documented shape (checked by env.do), and customers are
// refused everything that is the company's.
func TestEveryRoleTimesEveryEndpoint(t *testing.T) {
	e, r, c := world(t)
	doc, err := openapi3.NewLoader().LoadFromData(api.OpenAPI())
	require.NoError(t, err)
	paths := doc.Paths.InMatchingOrder()
	sort.Strings(paths)
	calls := 0
	for _, p := range paths {
		item := doc.Paths.Find(p)
		for method := range item.Operations() {
			path := strings.NewReplacer("{id}", r, "{project}", "P-001", "{month}", "2026-10", "{date}", "2026-10-01").Replace(p)
			if strings.HasPrefix(p, "/api/v1/complaints/{id}") {
				path = strings.Replace(p, "{id}", c, 1)
			}
			if strings.HasPrefix(p, "/api/v1/staff/") {
				path = strings.Replace(path, r, "P-001", 1)
			}
			if strings.HasSuffix(p, "/deadline") {
				path += "?from=2026-09-30T16:20:00%2B08:00&workdays=3"
			}
			for _, role := range roles {
				var body any
				if method == "POST" || method == "PUT" {
					body = `{}`
				}
				got := e.do(role, method, path, body)
				calls++
				if role == "cust" || role == "cust2" {
					for _, prefix := range staffOnly {
						// Anyone may revoke their own token.
						if strings.HasPrefix(path, prefix) && path != "/api/v1/tokens/revoke" {
							require.Equal(t, 403, got.Status, "%s %s as %s: %s", method, path, role, got.Body)
						}
					}
				}
			}
		}
	}
	require.Greater(t, calls, 8*60, "every operation, every role")
}
