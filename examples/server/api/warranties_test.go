package api_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestWarrantyOverHTTP: a project's warranty from set-up through its
// terms, coverage, an inspection and the W3.2 summary, every answer
// checked against the OpenAPI document (snake_case keys, times at +08:00,
// enums as codes).
func TestWarrantyOverHTTP(t *testing.T) {
	e := newEnv(t)
	r := e.do("head", "POST", "/api/v1/warranties", map[string]any{"project_id": "P-001", "design_life_years": 50,
		"general_years": 2, "contract": []map[string]any{{"class": "decoration", "years": 3}}, "planned_start": "2024-06-01"})
	require.Equal(t, http.StatusCreated, r.Status, string(r.Body))
	r = e.do("head", "POST", "/api/v1/warranties/P-001/start", map[string]any{"basis": "acceptance", "date": "2024-06-03",
		"evidence": "竣工验收报告", "version": r.json(t)["version"]})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))

	r = e.do("staff", "GET", "/api/v1/warranties/P-001/terms", nil)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	terms := r.json(t)["terms"].([]any)
	require.NotEmpty(t, terms)
	first := terms[0].(map[string]any)
	require.Equal(t, "structure", first["class"])
	period := first["term"].(map[string]any)["period"].(map[string]any)
	require.Contains(t, []any{"official", "single_source", "provisional", "unscheduled"}, period["certainty"])
	require.Contains(t, first["term"].(map[string]any)["floor"], "design_life")

	r = e.do("staff", "POST", "/api/v1/coverage", map[string]any{"project_id": "P-001", "component": "decoration",
		"reported_on": "2026-11-02", "cause": "construction"})
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))

	v := int(e.do("staff", "GET", "/api/v1/warranties/P-001", nil).json(t)["version"].(float64))
	r = e.do("head", "POST", "/api/v1/warranties/P-001/inspections", map[string]any{"date": "2026-10-30", "inspector": "周工",
		"areas": []string{"屋面"}, "findings": []map[string]any{{"description": "屋面防水层起鼓", "class": "waterproofing", "location": "3 号楼屋面"}},
		"version": v})
	require.Contains(t, []int{http.StatusOK, http.StatusAccepted}, r.Status, string(r.Body))

	for _, path := range []string{"/api/v1/warranties", "/api/v1/warranties/P-001", "/api/v1/warranties/P-001/history", "/api/v1/warranty-duties"} {
		r = e.do("head", "GET", path, nil)
		require.Equal(t, http.StatusOK, r.Status, "%s: %s", path, r.Body)
	}
	e.now = time.Date(2034, 7, 10, 9, 0, 0, 0, e.now.Location()) // past every term but the structure's
	r = e.do("head", "GET", "/api/v1/warranties/P-001/summary", nil)
	require.Equal(t, http.StatusOK, r.Status, string(r.Body))
	require.Equal(t, "P-001", r.json(t)["project_id"])
}
