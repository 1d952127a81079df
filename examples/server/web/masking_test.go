package web_test

import (
	"context"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// TestMaskingPerRole checks the rule of aftersales.SeesContact on the desk:
// the request's page, its 客户反馈登记表 (xlsx and CSV, reopened and
// checked cell by cell), the complaint's page and its 客户投诉登记表 show
// the customer's phone, e-mail and unit in full to the after-sales
// department, the general manager, the customer and the department working
// the record, and masked (138****0000, 3号楼****) to a project specialist.
// Once the request is withdrawn, the department too sees it masked.
func TestMaskingPerRole(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	_, err := s.app.Requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: gm})
	require.NoError(t, err)
	c := s.delayComplaint(aftersales.Customer{ID: "C-1001", Name: "张先生", Phone: "13800000000", Email: "zhangsan@example.com"}, "proj-1")

	const phone, masked, unit, maskedUnit = "13800000000", "138****0000", "3号楼2单元501", "3号楼****"
	check := func(t *testing.T, who string, full bool) {
		t.Helper()
		desk := s.login(who)
		path := "/requests/" + r.ID
		if who == "cust" {
			path = "/portal/requests/" + r.ID // the customer's own page shows the unit, no phone
		}
		p := desk.get(path)
		require.Equal(t, 200, p.status)
		switch {
		case who == "cust":
			require.Contains(t, p.body, unit)
		case full:
			require.Contains(t, p.body, phone)
			require.Contains(t, p.body, unit)
		default:
			require.NotContains(t, p.body, phone)
			require.NotContains(t, p.body, unit)
			require.Contains(t, p.body, masked)
			require.Contains(t, p.body, maskedUnit)
		}
		x, cs := download(t, desk, "/requests/"+r.ID+"/files/客户反馈登记表")
		for _, rows := range []sheet{x, cs} {
			for i, row := range rows {
				for j, cell := range row {
					if !full && (strings.Contains(cell, phone) || strings.Contains(cell, unit)) {
						t.Errorf("%s: 客户反馈登记表 cell (%d, %d) = %q shows the customer's contact", who, i, j, cell)
					}
				}
			}
			want := map[bool]string{true: phone, false: masked}[full]
			require.Contains(t, rows.field(t, "联系方式"), want, who)
			require.Equal(t, map[bool]string{true: unit, false: maskedUnit}[full], rows.field(t, "部位或位置"), who)
		}
		if who == "cust" || who == "spec" {
			return // the customer's complaint page is the portal; the specialist sees no complaint page of another department's
		}
		p = desk.get("/complaints/" + c.ID)
		require.Equal(t, 200, p.status, who)
		if full {
			require.Contains(t, p.body, phone)
		} else {
			require.NotContains(t, p.body, phone)
			require.Contains(t, p.body, masked)
		}
		x, cs = download(t, desk, "/complaints/"+c.ID+"/files/客户投诉登记表")
		for _, rows := range []sheet{x, cs} {
			for i, row := range rows {
				for j, cell := range row {
					if !full && (strings.Contains(cell, phone) || strings.Contains(cell, "zhangsan@")) {
						t.Errorf("%s: 客户投诉登记表 cell (%d, %d) = %q shows the complainant's contact", who, i, j, cell)
					}
				}
			}
			require.True(t, rows.has("张先生"), who)
		}
	}
	for _, x := range []struct {
		who  string
		full bool
	}{{"admin", true}, {"head", true}, {"staff", true}, {"pm", true}, {"site", true}, {"cust", true}, {"spec", false}} {
		t.Run(x.who, func(t *testing.T) { check(t, x.who, x.full) })
	}
	// Withdrawn: the department no longer works it; the after-sales
	// department still does.
	_, err = s.app.Requests.Withdraw(ctx, r.ID, aftersales.WithdrawCommand{Actor: gm, Reason: "客户自行处理"})
	require.NoError(t, err)
	_, err = s.app.Complaints.Withdraw(ctx, c.ID, complaint.StepCommand{Actor: gm, Text: "客户撤回"})
	require.NoError(t, err)
	t.Run("pm after withdrawal", func(t *testing.T) { check(t, "pm", false) })
	t.Run("head after withdrawal", func(t *testing.T) { check(t, "head", true) })
}

// TestRefusedStepKeepsTheMask: a step the library refuses shows the record
// again with the form, as the person may see it: a project specialist,
// refused a withdrawal, still sees the customer's phone and unit masked,
// on the request's page and on the complaint's.
func TestRefusedStepKeepsTheMask(t *testing.T) {
	s := newSite(t, "")
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.delayComplaint(aftersales.Customer{ID: "C-1001", Name: "张先生", Phone: "13800000000"}, "proj-1")
	spec := s.login("spec")
	for _, path := range []string{"/requests/" + r.ID, "/complaints/" + c.ID} {
		before := spec.get(path)
		require.Equal(t, 200, before.status, path)
		require.NotContains(t, before.body, "13800000000", "%s: masked for the specialist", path)
		field := "reason"
		if strings.HasPrefix(path, "/complaints/") {
			field = "text"
		}
		p := spec.post(path+"/withdraw", url.Values{field: {"客户改变主意"}, "version": {"1"}})
		require.GreaterOrEqual(t, p.status, 400, "%s: the specialist may not withdraw", path)
		require.Less(t, p.status, 500, path)
		require.NotContains(t, p.body, "13800000000", "%s: still masked after the refusal", path)
		require.Contains(t, p.body, "138****0000", "%s: the masked phone is shown", path)
	}
}
