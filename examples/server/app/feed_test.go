package app_test

import (
	"fmt"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// readFeed reads GET /api/v1/events from after to its end in pages of
// limit, as s's caller.
func readFeed(s *server, after string, limit int) ([]map[string]any, string) {
	var all []map[string]any
	for {
		status, page := s.do("GET", fmt.Sprintf("/api/v1/events?limit=%d&after=%s", limit, url.QueryEscape(after)), "")
		require.Equal(s.t, 200, status, "%v", page)
		items := page["items"].([]any)
		next := page["next"].(string)
		for _, it := range items {
			all = append(all, it.(map[string]any))
		}
		if len(items) == 0 && next == after {
			return all, after
		}
		after = next
	}
}

// TestChangeFeedShowsEachCallerWhatTheyMaySee: the general manager reads
// every event; a customer only their own request's; pages go on from their
// cursor; times are +08:00.
func TestChangeFeedShowsEachCallerWhatTheyMaySee(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := start(t, dsn, c, &recorder{}, "")
		for i := range 3 {
			status, _ := s.do("POST", "/api/v1/requests", fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水 %d", "received_at": "2026-11-02T08:30:00+08:00"}`, i))
			require.Equal(t, 201, status)
		}
		status, own := s.do("POST", "/api/v1/requests", `{"channel": "wechat", "description": "门锁坏了", "received_at": "2026-11-02T08:40:00+08:00", "customer": {"id": "C-9", "name": "王女士"}}`)
		require.Equal(t, 201, status)
		status, tok := s.do("POST", "/api/v1/tokens", `{"customer_id": "C-9"}`)
		require.Equal(t, 201, status, "%v", tok)

		all, end := readFeed(s, "", 1)
		require.Len(t, all, 4, "every registration, one page at a time")
		for _, it := range all {
			require.Equal(t, "request", it["kind"])
			require.True(t, strings.HasSuffix(it["at"].(string), "+08:00"), it["at"])
			require.Equal(t, it["record_id"], it["event"].(map[string]any)["request_id"])
		}
		status, _ = s.do("POST", "/api/v1/requests/"+own["id"].(string)+"/withdraw", `{"reason": "已自行修好"}`)
		require.Equal(t, 200, status)
		more, _ := readFeed(s, end, 10)
		require.Len(t, more, 1)
		require.Equal(t, "withdrawn", more[0]["type"])

		customer := *s
		customer.token = tok["token"].(string)
		mine, _ := readFeed(&customer, "", 10)
		require.Len(t, mine, 2, "the customer's registration and withdrawal, nothing else")
		for _, it := range mine {
			require.Equal(t, own["id"], it["record_id"])
		}

		status, bad := s.do("GET", "/api/v1/events?after=nonsense", "")
		require.Equal(t, 400, status)
		require.Equal(t, "cursor_invalid", bad["code"])
	})
}

// TestChangeFeedWhileTwoInstancesWrite: two instances on one PostgreSQL
// database register requests at once while a reader follows the feed
// through one of them: every event arrives exactly once, each request's in
// order.
func TestChangeFeedWhileTwoInstancesWrite(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		if !strings.HasPrefix(dsn, "postgres") {
			t.Skip("several instances share a PostgreSQL database only")
		}
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		a := start(t, dsn, c, &recorder{}, "feed-test-token")
		b := start(t, dsn, c, &recorder{}, "feed-test-token")
		const each = 25
		var wg sync.WaitGroup
		done := make(chan struct{})
		for _, s := range []*server{a, b} {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for i := range each {
					status, _ := s.do("POST", "/api/v1/requests", fmt.Sprintf(`{"customer": {"name": "王女士"}, "channel": "phone", "description": "渗水 %d", "received_at": "2026-11-02T08:30:00+08:00"}`, i))
					require.Equal(t, 201, status)
				}
			}()
		}
		go func() { wg.Wait(); close(done) }()
		seen := map[string]int{}
		lastSeq := map[string]float64{}
		after := ""
		take := func(items []map[string]any) {
			for _, it := range items {
				id, seq := it["record_id"].(string), it["seq"].(float64)
				seen[fmt.Sprintf("%s/%v", id, seq)]++
				require.Greater(t, seq, lastSeq[id], "%s: events in order", id)
				lastSeq[id] = seq
			}
		}
		for finished := false; !finished; {
			select {
			case <-done:
				finished = true
			default:
			}
			status, page := a.do("GET", "/api/v1/events?limit=7&after="+url.QueryEscape(after), "")
			require.Equal(t, 200, status)
			var items []map[string]any
			for _, it := range page["items"].([]any) {
				items = append(items, it.(map[string]any))
			}
			take(items)
			after = page["next"].(string)
		}
		rest, _ := readFeed(a, after, 7)
		take(rest)
		require.Len(t, seen, 2*each, "every registration")
		for k, n := range seen {
			require.Equal(t, 1, n, "%s read %d times", k, n)
		}
	})
}
