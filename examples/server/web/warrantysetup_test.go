package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/staff"
)

// A project's warranty is set up and started on the warranties pages,
// without the API (W1.1, W2.1): bad input next to its field, nothing
// written; then its terms count from the recorded start.
func TestSetUpAWarrantyOnTheDesk(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	_, err := s.app.Staff.PutProject(ctx, staff.Project{ManagerID: "p-pm", Project: aftersales.Project{ID: "P-002", Name: "江南新城",
		Kind: aftersales.Residential, DepartmentID: "proj-1"}}, gm)
	require.NoError(t, err)
	head := s.login("head")
	page := head.get("/warranties")
	require.NotNil(t, page.byID("h-setup"))

	res := head.post("/warranties", url.Values{"project_id": {"P-002"}, "general_years": {"2"}, "inspection_every": {"3"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.Contains(t, res.fieldError("warranty-design_life"), "设计使用年限")
	_, err = s.app.Warranties.Get(ctx, "P-002")
	require.ErrorIs(t, err, aftersales.ErrNotFound, "nothing written")

	res = head.post("/warranties", url.Values{"project_id": {"P-002"}, "design_life": {"50"}, "general_years": {"2"}, "inspection_every": {"3"},
		"planned_start": {"2026-12-20"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	require.Equal(t, "/warranties/P-002?ok=warranty", res.location())

	page = head.get("/warranties/P-002")
	require.NotNil(t, page.byID("h-start"), "not started: the start form")
	res = head.post("/warranties/P-002/start", url.Values{"basis": {"acceptance"}, "date": {"2026-10-30"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("start-evidence"))
	res = head.post("/warranties/P-002/start", url.Values{"basis": {"acceptance"}, "date": {"2026-10-30"}, "evidence": {"竣工验收记录 JY-2026-031"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	page = head.get("/warranties/P-002")
	require.Nil(t, page.byID("h-start"), "started: no more start form")
	require.Contains(t, text(page.byID("main")), "质保期（W1.1）：2026-10-30 至 2028-10-30", "W1.1: two years from the acceptance")
}
