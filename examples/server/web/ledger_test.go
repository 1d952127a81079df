package web_test

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"
	"golang.org/x/net/html"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/app"
	"github.com/shouhou/shouhou/examples/server/internal/ledgertest"
	"github.com/shouhou/shouhou/examples/server/web"
)

// upload posts the ledger upload form as a browser does, multipart.
func (c *client) upload(parts ...ledgertest.Part) *page {
	c.t.Helper()
	body, ct := ledgertest.Multipart(c.t, parts...)
	req, err := http.NewRequest("POST", c.s.srv.URL+"/audit/ledger", bytes.NewReader(body))
	require.NoError(c.t, err)
	req.Header.Set("Content-Type", ct)
	return c.do(req)
}

// records counts the requests and complaints the site keeps.
func (s *site) records() (int, int) {
	s.t.Helper()
	ctx := context.Background()
	rs, err := s.app.Requests.List(ctx, aftersales.Query{})
	require.NoError(s.t, err)
	cs, err := s.app.Complaints.List(ctx, complaint.Query{})
	require.NoError(s.t, err)
	return len(rs), len(cs)
}

func sampleFile(t *testing.T) ledgertest.Part {
	return ledgertest.File("ledger", "2026年登记表.xlsx", ledgertest.Sample(t))
}

func navHasLedger(p *page) bool {
	return find(p.doc, func(n *html.Node) bool { return n.Data == "a" && attr(n, "href") == "/audit/ledger" }) != nil
}

func TestLedgerAuditIsForTheHeadAndTheGeneralManager(t *testing.T) {
	s := newSite(t, "")
	for _, who := range []string{"staff", "pm", "spec", "design"} {
		c := s.login(who)
		q := c.get("/queue")
		require.False(t, navHasLedger(q), "%s is not offered the ledger audit", who)
		require.Equal(t, http.StatusForbidden, c.get("/audit/ledger").status, who)
		p := c.upload(sampleFile(t), ledgertest.Field("import", "1"))
		require.Equal(t, http.StatusForbidden, p.status, who)
		require.Contains(t, p.body, "台账审核仅限售后管理部部长和总经理使用")
	}
	cust := s.login("cust")
	require.Equal(t, http.StatusNotFound, cust.get("/audit/ledger").status)
	require.Equal(t, http.StatusNotFound, cust.upload(sampleFile(t), ledgertest.Field("import", "1")).status)
	anon := s.client()
	require.Equal(t, http.StatusSeeOther, anon.get("/audit/ledger").status)
	require.Equal(t, http.StatusUnauthorized, anon.upload(sampleFile(t)).status)
	nr, nc := s.records()
	require.Zero(t, nr+nc, "nothing written by the refused")

	for _, who := range []string{"admin", "head"} {
		c := s.login(who)
		p := c.get("/audit/ledger")
		require.Equal(t, http.StatusOK, p.status, who)
		require.True(t, navHasLedger(p), who)
		for _, id := range []string{"ledger-ledger", "ledger-mapping", "ledger-import"} {
			require.NotNil(t, p.byID(id), "%s: no #%s", who, id)
		}
		form := find(p.doc, func(n *html.Node) bool { return n.Data == "form" && attr(n, "action") == "/audit/ledger" })
		require.Equal(t, "multipart/form-data", attr(form, "enctype"))
	}
}

func TestLedgerUploadBadInputStaysOnTheForm(t *testing.T) {
	s := newSiteWith(t, "", func(c *app.Config) { c.AdjustWeb = func(w *web.Config) { w.MaxLedger = 64 << 10 } })
	c := s.login("head")
	c.get("/audit/ledger")
	imp := ledgertest.Field("import", "1")
	mapping := func(s string) ledgertest.Part { return ledgertest.File("mapping", "mapping.json", []byte(s)) }
	for _, tc := range []struct {
		name   string
		parts  []ledgertest.Part
		status int
		field  string // the control the error is next to; "" at the top
		says   string
	}{
		{"no file chosen", []ledgertest.Part{{Name: "ledger", IsFile: true}, {Name: "mapping", IsFile: true}, imp}, 400, "ledger-ledger", "请选择要审核的台账文件"},
		{"not a spreadsheet", []ledgertest.Part{ledgertest.File("ledger", "scan.pdf", []byte("%PDF-1.7\n")), imp}, 400, "ledger-ledger", "不是电子表格"},
		{"old xls", []ledgertest.Part{ledgertest.File("ledger", "old.xls", []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}), imp}, 400,
			"ledger-ledger", "另存为 .xlsx"},
		{"bad mapping", []ledgertest.Part{sampleFile(t), mapping(`{"requests": {"colums": {}}}`), imp}, 400, "ledger-mapping", "映射文件"},
		{"mapping names a missing column", []ledgertest.Part{sampleFile(t), mapping(`{"requests": {}, "complaints": {"columns": {"received_at": "受理日期"}}}`), imp},
			400, "ledger-mapping", "受理日期"},
		{"too large", []ledgertest.Part{ledgertest.File("ledger", "big.csv", bytes.Repeat([]byte("接收时间\n"), 10<<10)), imp}, 413,
			"ledger-ledger", "64 KiB"},
		{"unknown part", []ledgertest.Part{sampleFile(t), ledgertest.Field("dry_run", "1")}, 400, "", "未知字段"},
	} {
		p := c.upload(tc.parts...)
		require.Equal(t, tc.status, p.status, "%s: %s", tc.name, p.body)
		if tc.field != "" {
			require.Contains(t, p.fieldError(tc.field), tc.says, tc.name)
			require.Equal(t, "true", attr(p.byID(tc.field), "aria-invalid"), tc.name)
		} else {
			require.Contains(t, text(find(p.doc, func(n *html.Node) bool { return attr(n, "class") == "form-error" })), tc.says, tc.name)
		}
		if tc.status == http.StatusBadRequest && tc.field != "" {
			require.True(t, hasAttr(p.byID("ledger-import"), "checked"), "%s: the import box stays ticked", tc.name)
		}
	}
	// A form posted from another site.
	c.forgedFrom = "https://evil.example"
	p := c.upload(sampleFile(t), imp)
	c.forgedFrom = ""
	require.Equal(t, http.StatusForbidden, p.status)
	nr, nc := s.records()
	require.Zero(t, nr+nc, "nothing written")
}

// resultKey returns the key of the result page a redirect names.
func resultKey(t *testing.T, p *page) string {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, p.status, p.body)
	loc, _, _ := strings.Cut(p.location(), "#")
	key, ok := strings.CutPrefix(loc, "/audit/ledger/")
	require.True(t, ok && key != "", "redirect to %s", p.location())
	return key
}

// TestLedgerResultPage uploads the sample ledger and checks the result
// page against the findings worked out by hand (package ledgertest), and
// the report workbook it offers.
func TestLedgerResultPage(t *testing.T) {
	s := newSite(t, "")
	c := s.login("head")
	c.get("/audit/ledger")
	key := resultKey(t, c.upload(sampleFile(t), ledgertest.Part{Name: "mapping", IsFile: true}))
	p := c.get("/audit/ledger/" + key)
	require.Equal(t, http.StatusOK, p.status)
	body := text(p.doc)
	for _, want := range []string{"《2026年登记表.xlsx》", "审核时点 2026-11-02 09:00", "工作表“客户反馈登记表”：客户反馈登记表，表头第 1 行",
		"5读取的行（售后需求 3，投诉 1）", "1无法读取而拒绝的行", "1记录不完整的行", "只有日期没有时刻（按日期判断工作日期限）：1 处",
		"《台账审核报告-2026年登记表.xlsx》"} {
		require.Contains(t, body, want)
	}
	require.Equal(t, []string{"P1.2", "1 个工作日内转达责任部门", "2", "1", "0", "0", "66.67%", ""}, rowOf(p, "h-clauses", "P1.2"))
	require.Equal(t, []string{"P3.3", "上报的困难由售后管理部协调", "0", "0", "0", "0", "—", "上报困难时间、协调时间"}, rowOf(p, "h-clauses", "P3.3"))
	// The worst cases, most working days late first (package ledgertest).
	require.Equal(t, [][]string{
		{"P3.1", "FK-3", "工作表“客户反馈登记表”第 4 行", "逾期未完成", "主要步骤", "2026-10-16 24:00", "—", "11"},
		{"P3.2", "FK-3", "工作表“客户反馈登记表”第 4 行", "逾期未完成", "主要步骤", "2026-10-28 24:00", "—", "3"},
		{"P1.2", "FK-1", "工作表“客户反馈登记表”第 2 行", "逾期完成", "主要步骤", "2026-10-13 24:00", "2026-10-14 10:00", "1"},
		{"P4.2", "FK-1", "工作表“客户反馈登记表”第 2 行", "逾期完成", "主要步骤", "2026-10-23 24:00", "2026-10-26 15:00", "1"},
	}, firstCells(rows(p, "h-worst"), 8))
	require.Equal(t, [][]string{{"工作表“客户反馈登记表”第 5 行 D 列（接收时间）", "时间 2026-12-01 09:00 晚于审核时点 2026-11-02 09:00", "time_future"}},
		rows(p, "h-refused"))
	nr, nc := s.records()
	require.Zero(t, nr+nc, "an audit writes nothing")

	rep := c.get("/audit/ledger/" + key + "/report")
	require.Equal(t, http.StatusOK, rep.status)
	require.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", rep.header.Get("Content-Type"))
	require.Contains(t, rep.header.Get("Content-Disposition"), "filename*=UTF-8''"+url.PathEscape("台账审核报告-2026年登记表.xlsx"))
	f, err := excelize.OpenReader(bytes.NewReader(rep.raw))
	require.NoError(t, err)
	defer func() { _ = f.Close() }()
	require.Equal(t, "汇总", f.GetSheetList()[0])
	rows, err := f.GetRows("P4.2 回访")
	require.NoError(t, err)
	require.Len(t, rows, 2)
	require.Equal(t, []string{"客户反馈登记表", "2", "FK-1"}, rows[1][:3])
	require.Equal(t, "2026-10-23 24:00", rows[1][6])

	// The result is its uploader's alone, and kept for half an hour.
	other := s.login("admin")
	require.Equal(t, http.StatusNotFound, other.get("/audit/ledger/"+key).status)
	require.Equal(t, http.StatusNotFound, other.get("/audit/ledger/"+key+"/report").status)
	require.Equal(t, http.StatusNotFound, other.post("/audit/ledger/"+key+"/import", url.Values{}).status)
	require.Equal(t, http.StatusForbidden, s.login("staff").get("/audit/ledger/"+key).status)
	s.clock.Set(start.Add(31 * time.Minute))
	gone := c.get("/audit/ledger/" + key)
	require.Equal(t, http.StatusNotFound, gone.status)
	require.Contains(t, gone.body, "请重新上传台账")
	nr, nc = s.records()
	require.Zero(t, nr+nc)
}

// TestLedgerImportIsIdempotent imports the sample from its result page,
// twice, and once more with the upload: its four readable rows are kept
// once, and the desk shows them like any record. On SQLite and, with
// SHOUHOU_TEST_POSTGRES=1, on PostgreSQL.
func TestLedgerImportIsIdempotent(t *testing.T) {
	dialects(t, testLedgerImportIsIdempotent)
}

func testLedgerImportIsIdempotent(t *testing.T, dsn string) {
	s := newSite(t, dsn)
	c := s.login("head")
	c.get("/audit/ledger")
	key := resultKey(t, c.upload(sampleFile(t)))
	p := c.get("/audit/ledger/" + key)
	form := find(p.doc, func(n *html.Node) bool {
		return n.Data == "form" && attr(n, "action") == "/audit/ledger/"+key+"/import"
	})
	require.NotNil(t, form, "the 导入为记录 button")
	require.Contains(t, text(form), "导入为记录")

	res := c.post("/audit/ledger/"+key+"/import", url.Values{})
	require.Equal(t, http.StatusSeeOther, res.status, res.body)
	require.Equal(t, "/audit/ledger/"+key+"#import", res.location())
	p = c.get("/audit/ledger/" + key)
	require.Contains(t, text(p.doc), "已导入：新登记 4 条，此前已导入 0 条，补充新步骤 0 条")
	nr, nc := s.records()
	require.Equal(t, [2]int{3, 1}, [2]int{nr, nc})

	require.Equal(t, http.StatusSeeOther, c.post("/audit/ledger/"+key+"/import", url.Values{}).status)
	require.Contains(t, text(c.get("/audit/ledger/"+key).doc), "已导入：新登记 0 条，此前已导入 4 条")
	again := resultKey(t, c.upload(ledgertest.File("ledger", "副本.xlsx", ledgertest.Sample(t)), ledgertest.Field("import", "1")))
	require.Contains(t, text(c.get("/audit/ledger/"+again).doc), "已导入：新登记 0 条，此前已导入 4 条")
	nr2, nc2 := s.records()
	require.Equal(t, [2]int{nr, nc}, [2]int{nr2, nc2}, "the same ledger imported three times is kept once")

	// The imported records are the desk's like any other.
	rs, err := s.app.Requests.List(context.Background(), aftersales.Query{})
	require.NoError(t, err)
	for _, r := range rs {
		require.True(t, strings.HasPrefix(r.ID, "LG-"), r.ID)
		require.Equal(t, http.StatusOK, c.get("/requests/"+r.ID).status, r.ID)
	}
	cs, err := s.app.Complaints.List(context.Background(), complaint.Query{})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, c.get("/complaints/"+cs[0].ID).status)

	// An import posted from another site is refused, and writes nothing.
	c.forgedFrom = "https://evil.example"
	require.Equal(t, http.StatusForbidden, c.postRaw("/audit/ledger/"+key+"/import", url.Values{}).status)
	c.forgedFrom = ""
}

// rows returns the cells of each body row of the table in the section
// headed by the heading with the given id.
func rows(p *page, heading string) [][]string {
	p.t.Helper()
	h := p.byID(heading)
	require.NotNil(p.t, h, "no #%s", heading)
	table := find(h.Parent, func(n *html.Node) bool { return n.Data == "tbody" })
	require.NotNil(p.t, table, "no table under #%s", heading)
	var out [][]string
	for _, tr := range all(table, func(n *html.Node) bool { return n.Data == "tr" }) {
		var cells []string
		for c := tr.FirstChild; c != nil; c = c.NextSibling {
			if c.Type == html.ElementNode && (c.Data == "td" || c.Data == "th") {
				cells = append(cells, text(c))
			}
		}
		out = append(out, cells)
	}
	return out
}

// rowOf returns the row of the table under heading whose first cell is
// first.
func rowOf(p *page, heading, first string) []string {
	p.t.Helper()
	for _, r := range rows(p, heading) {
		if len(r) > 0 && r[0] == first {
			return r
		}
	}
	p.t.Fatalf("no row %s under #%s", first, heading)
	return nil
}

func firstCells(rows [][]string, n int) [][]string {
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = r[:min(n, len(r))]
	}
	return out
}
