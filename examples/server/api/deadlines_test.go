package api_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestDeadlinesArePaged: GET /api/v1/deadlines answers a page, soonest due
// first, with next the cursor of the page after; following next visits
// every pending deadline once, in order, and the last page has no next.
// Bad paging parameters are a 400 with their code, not an empty page.
func TestDeadlinesArePaged(t *testing.T) {
	e := newEnv(t)
	for i := range 7 {
		// Received on seven days: seven P1.2 deadlines, due on different days.
		e.register("staff", map[string]any{"project_id": "P-001", "customer": map[string]any{"id": fmt.Sprintf("c-%d", i), "name": "张先生"},
			"received_at": e.now.Add(-time.Duration(7-i) * 24 * time.Hour).Format(time.RFC3339)})
	}
	all := e.do("head", "GET", "/api/v1/deadlines?limit=1000", nil).json(t)
	items := all["items"].([]any)
	require.Len(t, items, 7)
	require.NotContains(t, all, "next", "all on one page: no next")

	var paged []any
	after := ""
	for range 10 {
		r := e.do("head", "GET", "/api/v1/deadlines?limit=3"+after, nil)
		require.Equal(t, http.StatusOK, r.Status, string(r.Body))
		page := r.json(t)
		paged = append(paged, page["items"].([]any)...)
		next, ok := page["next"].(string)
		if !ok {
			break
		}
		after = "&after=" + next
	}
	require.Equal(t, items, paged, "the pages, one after another, are the whole list")
	for i := 1; i < len(items); i++ {
		prev := items[i-1].(map[string]any)["deadline"].(map[string]any)["due"].(string)
		cur := items[i].(map[string]any)["deadline"].(map[string]any)["due"].(string)
		a, _ := time.Parse(time.RFC3339, prev)
		b, _ := time.Parse(time.RFC3339, cur)
		require.False(t, b.Before(a), "soonest due first")
	}

	for query, code := range map[string]string{"limit=0": "limit_invalid", "limit=1001": "limit_invalid", "limit=x": "limit_invalid",
		"after=%21%21": "cursor_invalid", "after=YWJj": "cursor_invalid"} {
		r := e.do("head", "GET", "/api/v1/deadlines?"+query, nil)
		require.Equal(t, http.StatusBadRequest, r.Status, query)
		require.Equal(t, code, r.json(t)["code"], query)
	}
}
