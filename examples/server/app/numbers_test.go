package app_test

import (
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/testclock"
)

// TestRecordsAnswerToTheirNumbers: a registration returns the record's
// readable number; the API answers to the number wherever it answers to
// the ID (reading, history, steps); the ID keeps working; an unknown
// number is not found; the prefixes are configurable and checked.
func TestRecordsAnswerToTheirNumbers(t *testing.T) {
	dialects(t, func(t *testing.T, dsn string) {
		c := testclock.New(time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()))
		s := launch(t, app.Config{DSN: dsn, Clock: c, AdminToken: "number-token", SchedulerInterval: -1, Logger: quiet,
			RequestPrefix: "BX"})
		status, first := s.do("POST", "/api/v1/requests", registration)
		require.Equal(t, 201, status)
		status, second := s.do("POST", "/api/v1/requests", registration)
		require.Equal(t, 201, status)
		require.Equal(t, "BX-2026-000001", first["number"])
		require.Equal(t, "BX-2026-000002", second["number"])

		status, got := s.do("GET", "/api/v1/requests/BX-2026-000002", "")
		require.Equal(t, 200, status)
		require.Equal(t, second["id"], got["id"])
		status, byID := s.do("GET", "/api/v1/requests/"+second["id"].(string), "")
		require.Equal(t, 200, status, "the ID keeps working")
		require.Equal(t, "BX-2026-000002", byID["number"])
		status, hist := s.do("GET", "/api/v1/requests/BX-2026-000002/history", "")
		require.Equal(t, 200, status)
		require.Equal(t, "BX-2026-000002", hist["events"].([]any)[0].(map[string]any)["registration"].(map[string]any)["number"])
		s.department("proj-1", "project")
		status, fwd := s.do("POST", "/api/v1/requests/BX-2026-000002/forward", `{"departments": ["proj-1"]}`)
		require.Equal(t, 200, status, "%v", fwd)
		require.Equal(t, "in_progress", fwd["status"])
		status, _ = s.do("GET", "/api/v1/requests/BX-2026-000009", "")
		require.Equal(t, 404, status)

		status, k := s.do("POST", "/api/v1/complaints", `{"complainant": {"name": "张先生"}, "channel": "phone", "type": "delay", "description": "拖延",
			"received_at": "2026-11-02T08:30:00+08:00", "received_by": "after_sales"}`)
		require.Equal(t, 201, status)
		require.Equal(t, "TS-2026-000001", k["number"])
		status, kg := s.do("GET", "/api/v1/complaints/TS-2026-000001", "")
		require.Equal(t, 200, status)
		require.Equal(t, k["id"], kg["id"])

		// The desk too: the number in the address finds the record's page.
		req, _ := http.NewRequest("GET", s.http.URL+"/requests/BX-2026-000001", nil)
		res, err := s.http.Client().Do(req)
		require.NoError(t, err)
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		require.NotEqual(t, http.StatusNotFound, res.StatusCode)
	})
	_, err := app.New(t.Context(), app.Config{DSN: t.TempDir() + "/x.db", RequestPrefix: "sh", Logger: quiet})
	require.ErrorContains(t, err, "编号前缀")
}
