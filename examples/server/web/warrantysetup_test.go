package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
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

// TestWarrantyDutiesOnTheDesk: the contract's terms per component on the
// setup form (W1.1), the W2.1 notice, the W3.2 summary's delivery and the
// C5.1 report's delivery are all recorded from the desk: each refusal next
// to its field, refused roles get 403, and nothing is written on refusal.
func TestWarrantyDutiesOnTheDesk(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	for _, p := range []aftersales.Project{{ID: "P-002", Name: "江南新城", Kind: aftersales.Residential, DepartmentID: "proj-1"},
		{ID: "P-003", Name: "城北花园", Kind: aftersales.Residential, DepartmentID: "proj-1"}} {
		_, err := s.app.Staff.PutProject(ctx, staff.Project{ManagerID: "p-pm", Project: p}, gm)
		require.NoError(t, err)
	}
	head := s.login("head")
	page := head.get("/warranties")
	for _, c := range []string{"waterproofing", "heating_cooling", "structure", "decoration"} {
		require.NotNil(t, page.byID("warranty-contract_"+c), c)
	}

	// W1.1: a contract term below the law's floor, each next to its field.
	setup := url.Values{"project_id": {"P-002"}, "design_life": {"50"}, "general_years": {"2"}, "inspection_every": {"3"},
		"region": {"北京"}, "contract_waterproofing": {"3"}, "contract_heating_cooling": {"1"}, "contract_decoration": {"两年"}}
	res := head.post("/warranties", setup)
	require.Equal(t, http.StatusBadRequest, res.status)
	require.Contains(t, res.fieldError("warranty-contract_waterproofing"), "低于法定最低期限")
	require.Contains(t, res.fieldError("warranty-contract_heating_cooling"), "低于法定最低期限")
	require.Contains(t, res.fieldError("warranty-contract_decoration"), "正整数")
	require.Equal(t, "3", res.value("warranty-contract_waterproofing"), "input kept")
	_, err := s.app.Warranties.Get(ctx, "P-002")
	require.ErrorIs(t, err, aftersales.ErrNotFound, "nothing written")
	setup.Set("contract_waterproofing", "8")
	setup.Set("contract_heating_cooling", "3")
	setup.Set("contract_decoration", "")
	require.Equal(t, http.StatusForbidden, s.login("site").post("/warranties", setup).status, "a project department sets up no warranty")
	_, err = s.app.Warranties.Get(ctx, "P-002")
	require.ErrorIs(t, err, aftersales.ErrNotFound, "nothing written")
	res = head.post("/warranties", setup)
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	x, err := s.app.Warranties.Get(ctx, "P-002")
	require.NoError(t, err)
	require.ElementsMatch(t, []warranty.ContractTerm{{Class: warranty.Waterproofing, Years: 8}, {Class: warranty.HeatingCooling, Seasons: 3}}, x.Contract)

	// W2.1: the notice, addressed to the project's 项目部 by default.
	page = head.get("/warranties/P-002")
	require.NotNil(t, page.byID("form-notice"))
	require.NotEmpty(t, page.value("notice-to"))
	res = head.post("/warranties/P-002/notice", url.Values{"to": {" "}, "at": {"2026-11-02T08:00"}, "version": {"1"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.Contains(t, res.fieldError("notice-to"), "通知")
	res = s.login("site").post("/warranties/P-002/notice", url.Values{"to": {"项目一部"}, "at": {"2026-11-02T08:00"}, "version": {"1"}})
	require.Equal(t, http.StatusForbidden, res.status)
	x, err = s.app.Warranties.Get(ctx, "P-002")
	require.NoError(t, err)
	require.Nil(t, x.Notice, "nothing written")
	res = head.post("/warranties/P-002/notice", url.Values{"to": {"项目一部、物资采购部"}, "at": {"2026-11-02T08:00"}, "version": {"1"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	x, err = s.app.Warranties.Get(ctx, "P-002")
	require.NoError(t, err)
	require.Equal(t, []string{"项目一部", "物资采购部"}, x.Notice.To)
	page = head.get("/warranties/P-002")
	require.Nil(t, page.byID("form-notice"), "notified: the form gives way to the record")
	require.Contains(t, text(page.byID("main")), "质保期工作安排已于 2026-11-02 08:00 通知 项目一部、物资采购部")

	// W3.2: no delivery before the warranty is over.
	page = head.get("/warranties/P-002/summary")
	require.Nil(t, page.byID("form-deliver"))
	res = head.post("/warranties/P-002/summary-delivery", url.Values{"to": {"公司总经理"}, "at": {"2026-11-02T08:00"}, "version": {"2"}})
	require.Equal(t, http.StatusUnprocessableEntity, res.status, res.body)
	// A warranty that ended in October: its summary is delivered.
	res = head.post("/warranties", url.Values{"project_id": {"P-003"}, "design_life": {"50"}, "general_years": {"2"}, "inspection_every": {"3"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	res = head.post("/warranties/P-003/start", url.Values{"basis": {"acceptance"}, "date": {"2024-10-08"}, "evidence": {"竣工验收记录 JY-2024-007"}, "version": {"1"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	page = head.get("/warranties/P-003/summary")
	require.NotNil(t, page.byID("form-deliver"))
	require.Equal(t, "公司总经理", page.value("deliver-to"))
	res = head.post("/warranties/P-003/summary-delivery", url.Values{"to": {""}, "at": {"明天"}, "version": {"2"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("deliver-at"), "every problem at once: the time")
	res = head.post("/warranties/P-003/summary-delivery", url.Values{"to": {""}, "at": {"2026-11-01T10:00"}, "version": {"2"}})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.Contains(t, res.fieldError("deliver-to"), "报送对象")
	res = head.post("/warranties/P-003/summary-delivery", url.Values{"to": {"公司总经理"}, "ref": {"售后〔2026〕12 号"}, "at": {"2026-11-01T10:00"}, "version": {"2"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	x, err = s.app.Warranties.Get(ctx, "P-003")
	require.NoError(t, err)
	require.Equal(t, "售后〔2026〕12 号", x.Summary.Ref)
	page = head.get("/warranties/P-003/summary")
	require.Nil(t, page.byID("form-deliver"))
	require.Contains(t, text(page.byID("h-delivery").Parent), "已于 2026-11-01 10:00 报送 公司总经理")

	// C5.1: October's complaint report is delivered; November's is not over.
	page = head.get("/reports/complaints?month=2026-10")
	require.NotNil(t, page.byID("form-deliver"))
	require.Nil(t, head.get("/reports/complaints?month=2026-11").byID("form-deliver"), "the month is not over")
	res = s.login("site").post("/reports/complaints/2026-10/delivery", url.Values{"to": {"公司总经理"}, "at": {"2026-11-02T08:00"}})
	require.Equal(t, http.StatusForbidden, res.status)
	res = head.post("/reports/complaints/2026-11/delivery", url.Values{"to": {"公司总经理"}, "at": {"2026-11-02T08:00"}})
	require.Equal(t, http.StatusBadRequest, res.status, res.body)
	require.NotEmpty(t, res.fieldError("deliver-at"))
	rep, err := s.app.Complaints.Report(ctx, complaintMonth(t, "2026-10"))
	require.NoError(t, err)
	require.Nil(t, rep.Delivery, "nothing written")
	res = head.post("/reports/complaints/2026-10/delivery", url.Values{"to": {"公司总经理"}, "ref": {"月报 2026-10"}, "at": {"2026-11-02T08:00"}})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	require.Equal(t, "/reports/complaints?month=2026-10&ok=delivered", res.location())
	rep, err = s.app.Complaints.Report(ctx, complaintMonth(t, "2026-10"))
	require.NoError(t, err)
	require.Equal(t, "月报 2026-10", rep.Delivery.Ref)
	require.Nil(t, head.get("/reports/complaints?month=2026-10").byID("form-deliver"), "delivered: no form")
}

func complaintMonth(t *testing.T, s string) complaint.Month {
	m, err := complaint.ParseMonth(s)
	require.NoError(t, err)
	return m
}

// TestInspectionPhotosOnTheWarrantyPage (W2.2): the photos of a project's
// inspections are kept with its warranty by those who may record its
// inspections (its 项目部 and the desk), shown on the warranty page, and
// served to the company's people only; others may not add any.
func TestInspectionPhotosOnTheWarrantyPage(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	site := s.login("site") // 项目一部, P-001's department
	page := site.get("/warranties/P-001")
	require.NotNil(t, page.byID("form-files"), "the project department may add photos")
	res := site.attach("/warranties/P-001/files", map[string][]byte{"屋面.jpg": jpegOf(t, 640, 480)})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	require.Equal(t, "/warranties/P-001?ok=uploaded#h-files", res.location())
	list, err := s.app.Files().List(ctx, "warranty:P-001")
	require.NoError(t, err)
	require.Len(t, list, 1)
	require.Equal(t, "p-site", list[0].CreatedBy)
	page = s.login("head").get("/warranties/P-001")
	require.Contains(t, text(page.byID("h-files").Parent), "屋面.jpg")
	require.Equal(t, http.StatusOK, s.login("head").get("/files/"+list[0].ID).status)

	// The design department does not inspect P-001: no form, and refused.
	design := s.login("design")
	require.Nil(t, design.get("/warranties/P-001").byID("form-files"))
	require.Equal(t, http.StatusForbidden, design.attach("/warranties/P-001/files", map[string][]byte{"x.jpg": jpegOf(t, 640, 480)}).status)
	// A customer sees none of it.
	require.Equal(t, http.StatusNotFound, s.login("cust").get("/files/"+list[0].ID).status)
	require.Equal(t, http.StatusNotFound, s.login("cust").attach("/warranties/P-001/files", map[string][]byte{"x.jpg": jpegOf(t, 640, 480)}).status)
	// A file that is not a photo or document is refused next to the field.
	res = site.attach("/warranties/P-001/files", map[string][]byte{"页面.html": []byte("<html>")})
	require.Equal(t, http.StatusBadRequest, res.status)
	require.NotEmpty(t, res.fieldError("files-file"))
	list, err = s.app.Files().List(ctx, "warranty:P-001")
	require.NoError(t, err)
	require.Len(t, list, 1, "nothing more written")
}
