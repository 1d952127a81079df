package web_test

import (
	"context"
	"encoding/json"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// TestDeskExportsAndErasesACustomer walks the customer page as the
// after-sales head does when a customer asks for their data
// (个人信息保护法 第四十五条) and then for its erasure (第四十七条): the
// request and complaint pages link it for the head only, the export is a
// JSON file holding every record with its history, recorded in each
// history; the erasure asks for the customer's ID typed again, then leaves
// no name, phone or unit of the customer in any record while the records
// and their histories stay, and records itself in each history. Other
// roles are refused, and a customer without records is not found.
func TestDeskExportsAndErasesACustomer(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	c := s.delayComplaint(aftersales.Customer{ID: "C-1001", Name: "张先生", Phone: "13800000000"})

	head := s.login("head")
	for _, path := range []string{"/requests/" + r.ID, "/complaints/" + c.ID} {
		p := head.get(path)
		require.Equal(t, 200, p.status)
		require.Contains(t, p.linked("/customers/"), "C-1001", path)
	}
	for _, who := range []string{"staff", "spec", "site"} {
		desk := s.login(who)
		require.NotContains(t, desk.get("/requests/"+r.ID).linked("/customers/"), "C-1001", who)
		p := desk.get("/customers/C-1001")
		require.Equal(t, http.StatusForbidden, p.status, who)
		require.Contains(t, p.body, "仅限售后管理部部长和总经理")
		require.Equal(t, http.StatusForbidden, desk.post("/customers/C-1001/erase", url.Values{"confirm": {"C-1001"}}).status, who)
		require.Equal(t, http.StatusForbidden, desk.post("/customers/C-1001/personal-data", url.Values{}).status, who)
	}
	require.Equal(t, http.StatusNotFound, s.login("cust").get("/customers/C-1001").status, "not a page for customers")
	require.Equal(t, http.StatusNotFound, head.get("/customers/C-9999").status)

	p := head.get("/customers/C-1001")
	require.Equal(t, 200, p.status)
	require.Contains(t, p.linked("/requests/"), r.ID)
	require.Contains(t, p.linked("/complaints/"), c.ID)
	require.NotNil(t, p.byID("form-export"))
	require.NotNil(t, p.byID("form-erase"))

	// The export: a JSON file with every record and its history, the
	// export itself the last event of each.
	p = head.post("/customers/C-1001/personal-data", url.Values{})
	require.Equal(t, 200, p.status, p.body)
	_, params, err := mime.ParseMediaType(p.header.Get("Content-Disposition"))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(params["filename"], "客户个人信息-C-1001-"), params["filename"])
	var data struct {
		CustomerID string `json:"customer_id"`
		Requests   []struct {
			Request aftersales.Request `json:"request"`
			History []json.RawMessage  `json:"history"`
		} `json:"requests"`
		Complaints []struct {
			Complaint complaint.Complaint `json:"complaint"`
		} `json:"complaints"`
	}
	require.NoError(t, json.Unmarshal(p.raw, &data))
	require.Equal(t, "C-1001", data.CustomerID)
	require.Len(t, data.Requests, 1)
	require.Equal(t, "13800000000", data.Requests[0].Request.Customer.Phone, "the customer gets their own data in full")
	require.Len(t, data.Complaints, 1)
	h, err := s.app.Requests.History(ctx, r.ID)
	require.NoError(t, err)
	require.Len(t, data.Requests[0].History, len(h))
	require.Contains(t, string(data.Requests[0].History[len(h)-1]), "personal_data_exported")

	// The erasure wants the customer's ID typed again.
	for _, confirm := range []string{"", "C-1002"} {
		p = head.post("/customers/C-1001/erase", url.Values{"confirm": {confirm}})
		require.Equal(t, http.StatusBadRequest, p.status)
		require.Contains(t, p.fieldError("erase-confirm"), "请输入客户编号 C-1001")
		got, err := s.app.Requests.Get(ctx, r.ID)
		require.NoError(t, err)
		require.Equal(t, "张先生", got.Customer.Name, "nothing erased")
	}
	p = head.post("/customers/C-1001/erase", url.Values{"confirm": {"C-1001"}})
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	loc := p.location()
	require.True(t, strings.HasPrefix(loc, "/customers/"), loc)
	pseudonym := strings.TrimPrefix(strings.TrimSuffix(loc, "?ok=erased"), "/customers/")
	require.NotEqual(t, "C-1001", pseudonym)

	p = head.get(loc)
	require.Equal(t, 200, p.status)
	require.Contains(t, p.body, "已删除该客户的个人信息")
	require.Contains(t, p.linked("/requests/"), r.ID, "the records stay, under the pseudonym")
	for _, path := range []string{"/requests/" + r.ID, "/complaints/" + c.ID} {
		body := head.get(path).body
		for _, personal := range []string{"张先生", "13800000000", "3号楼2单元501", "C-1001"} {
			require.NotContains(t, body, personal, path)
		}
	}
	got, err := s.app.Requests.History(ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, "pseudonymised", string(got[len(got)-1].Type))
	require.Equal(t, http.StatusNotFound, head.get("/customers/C-1001").status, "no records left under the old ID")
}
