package web_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"mime"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/require"
	"github.com/xuri/excelize/v2"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/warranty"
)

// sheet is a downloaded workbook's first sheet, or a CSV file, as rows.
type sheet [][]string

// field returns the value next to the first cell holding label in column
// A, as the export lays out its fields.
func (s sheet) field(t *testing.T, label string) string {
	t.Helper()
	for _, r := range s {
		if len(r) > 1 && r[0] == label {
			return r[1]
		}
	}
	require.Failf(t, "no field", "%q in %v", label, s)
	return ""
}

// has reports whether any cell holds text containing want.
func (s sheet) has(want string) bool {
	for _, r := range s {
		for _, c := range r {
			if strings.Contains(c, want) {
				return true
			}
		}
	}
	return false
}

// download gets a file in both formats, checks the headers, reopens it
// and returns its rows, the same in both.
func download(t *testing.T, c *client, path string) (xlsx, csvRows sheet) {
	t.Helper()
	for _, ext := range []string{"xlsx", "csv"} {
		p := c.get(path + "." + ext)
		require.Equal(t, 200, p.status, "%s.%s: %s", path, ext, p.body)
		_, params, err := mime.ParseMediaType(p.header.Get("Content-Disposition"))
		require.NoError(t, err)
		require.True(t, strings.HasSuffix(params["filename"], "."+ext), params["filename"])
		require.Regexp(t, `filename\*=UTF-8''`, p.header.Get("Content-Disposition"))
		title := path[strings.LastIndex(path, "/")+1:]
		require.True(t, strings.HasPrefix(params["filename"], title), "RFC 5987 name %q starts with %q", params["filename"], title)
		switch ext {
		case "xlsx":
			require.Equal(t, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", p.header.Get("Content-Type"))
			f, err := excelize.OpenReader(bytes.NewReader(p.raw))
			require.NoError(t, err)
			rows, err := f.GetRows(f.GetSheetList()[0])
			require.NoError(t, err)
			require.NoError(t, f.Close())
			xlsx = rows
		case "csv":
			require.Equal(t, "text/csv; charset=utf-8", p.header.Get("Content-Type"))
			require.True(t, bytes.HasPrefix(p.raw, []byte("\uFEFF")), "a BOM for Excel")
			r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(p.raw, []byte("\uFEFF"))))
			r.FieldsPerRecord = -1
			rows, err := r.ReadAll()
			require.NoError(t, err)
			csvRows = rows
		}
	}
	require.Equal(t, xlsx[0][0], csvRows[0][0], "same title")
	return xlsx, csvRows
}

func TestDownloadsReopen(t *testing.T) {
	s := newSite(t, "")
	ctx := context.Background()
	r := s.register("C-1001", "张先生", "卫生间顶棚渗水")
	s.toAcceptance(r.ID)
	_, err := s.app.Requests.Accept(ctx, r.ID, aftersales.AcceptCommand{Actor: gm,
		Signature: aftersales.Signature{SignedBy: "张先生", Method: aftersales.SignPaper, Ref: "SCAN-2026-001"}})
	require.NoError(t, err)
	_, err = s.app.Requests.Visit(ctx, r.ID, aftersales.VisitCommand{Actor: gm, Visit: aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏", Suggestions: "及时"}})
	require.NoError(t, err)
	desk := s.login("head")

	x, cs := download(t, desk, "/requests/"+r.ID+"/files/客户反馈登记表")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "客户反馈登记表", rows[0][0])
		require.Equal(t, r.ID, rows.field(t, "登记编号"))
		require.Equal(t, "卫生间顶棚渗水", rows.field(t, "问题描述"))
		require.Equal(t, "张先生", rows.field(t, "验收签字人"))
		require.Equal(t, "已关闭", rows.field(t, "当前状态"))
		require.Equal(t, "2026-11-02 08:30", rows.field(t, "接收时间"))
	}
	x, cs = download(t, desk, "/requests/"+r.ID+"/files/客户回访记录表")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "客户回访记录表", rows[0][0])
		require.Equal(t, "赵敏", rows.field(t, "回访人"))
		require.Contains(t, rows.field(t, "满意度"), "4")
	}
	// ?format= works as well as the extension; xlsx is the default.
	p := desk.get("/requests/" + r.ID + "/files/" + url.PathEscape("客户反馈登记表") + "?format=csv")
	require.Equal(t, "text/csv; charset=utf-8", p.header.Get("Content-Type"))
	p = desk.get("/requests/" + r.ID + "/files/" + url.PathEscape("客户反馈登记表"))
	require.Contains(t, p.header.Get("Content-Type"), "spreadsheetml")
	require.Equal(t, http.StatusBadRequest, desk.get("/requests/"+r.ID+"/files/客户反馈登记表.pdf").status)
	// The customer may download their own form.
	_, cs = download(t, s.login("cust"), "/requests/"+r.ID+"/files/客户反馈登记表")
	require.Equal(t, r.ID, cs.field(t, "登记编号"))

	// A complaint and the month's report.
	c, err := s.app.Complaints.Register(ctx, complaint.RegisterCommand{Actor: gm, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "C-2002", Name: "李女士"}, ProjectID: "P-001", Type: complaint.TypeDelay,
		Description: "维修一拖再拖", Channel: aftersales.ChannelPhone, ReceivedAt: start.Add(-time.Hour)}})
	require.NoError(t, err)
	x, cs = download(t, desk, "/complaints/"+c.ID+"/files/客户投诉登记表")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "客户投诉登记表", rows[0][0])
		require.True(t, rows.has("维修一拖再拖"))
		require.True(t, rows.has("李女士"))
	}
	x, cs = download(t, desk, "/reports/complaints/files/客户投诉分析报告")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "客户投诉分析报告", rows[0][0])
		require.True(t, rows.has("2026-11"))
		require.True(t, rows.has("响应或处理不及时"))
	}

	// An inspection, the warranty summary, a training session, an
	// assessment.
	_, err = s.app.Warranties.RecordInspection(ctx, "P-001", warranty.InspectionCommand{Actor: gm, Inspection: warranty.Inspection{
		Date: calendar.D(2026, 10, 30), Inspector: "周工", Areas: []string{"屋面", "外墙"},
		Findings: []warranty.Finding{{Description: "屋面排水口堵塞", Class: warranty.Waterproofing}}}})
	require.NoError(t, err)
	x, cs = download(t, desk, "/warranties/P-001/inspections/1/files/项目巡查记录表")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "项目巡查记录表", rows[0][0])
		require.True(t, rows.has("屋面排水口堵塞"))
		require.True(t, rows.has("周工"))
	}
	x, cs = download(t, desk, "/warranties/P-001/summary/files/质保期总结报告")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "质保期总结报告", rows[0][0])
		require.True(t, rows.has("P-001"))
	}
	sess, err := s.app.Staff.RecordSession(ctx, staff.Session{Date: calendar.D(2026, 10, 28), Topic: staff.TopicCommunication,
		Title: "投诉沟通", Trainer: "钱部长", Hours: decimal.NewFromInt(2), Attendees: []string{"p-staff", "p-spec"}}, gm)
	require.NoError(t, err)
	x, cs = download(t, desk, "/staff/sessions/"+sess.ID+"/files/售后人员培训记录表")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "售后人员培训记录表", rows[0][0])
		require.True(t, rows.has("客户沟通技巧"))
		require.True(t, rows.has("赵敏"))
	}
	a, err := s.app.Staff.Assess(ctx, staff.AssessCommand{PersonID: "p-spec", Period: staff.Period{From: calendar.D(2026, 10, 1),
		To: calendar.D(2026, 11, 30)}, ServiceQuality: decimal.NewFromInt(90), RatedBy: "钱部长", Actor: gm})
	require.NoError(t, err)
	x, cs = download(t, desk, "/staff/assessments/"+a.ID+"/files/售后人员考核记录表")
	for _, rows := range []sheet{x, cs} {
		require.Equal(t, "售后人员考核记录表", rows[0][0])
		require.True(t, rows.has("周专员"))
		require.True(t, rows.has(a.Total.StringFixed(2)))
	}
	// Only the assessed may see their own.
	require.Equal(t, http.StatusNotFound, s.login("site").get("/staff/assessments/"+a.ID+"/files/售后人员考核记录表.xlsx").status)
	download(t, s.login("spec"), "/staff/assessments/"+a.ID+"/files/售后人员考核记录表")
}
