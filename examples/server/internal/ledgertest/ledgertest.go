// Package ledgertest writes the ledgers the reference server's tests
// upload for audit: .xlsx workbooks generated with excelize the way an
// office keeps its 客户反馈登记表 and 客户投诉登记表, and the multipart bodies
// that carry them.
//
// Sample is a ledger whose every finding has been worked out by hand on the
// official calendar, judged at Now:
//
//	客户反馈登记表 (header row 1)
//	  row 2 FK-1  received Mon 10-12 09:00, forwarded Wed 10-14 10:00:
//	              P1.2 due 10-13 24:00, 1 working day late; completed
//	              Tue 10-20 17:00, visited Mon 10-26 15:00: P4.2 due
//	              Fri 10-23 24:00 (10-21, 10-22, 10-23), 1 working day late
//	  row 3 FK-2  every step on time
//	  row 4 FK-3  received on 2026/10/14 with no time of day: a note
//	              (time_missing), the row incomplete; forwarded 10-14 15:00
//	              and nothing since: P3.1 missed, due 10-16 24:00, 11
//	              working days late at Now; P3.2 (unclassified, so judged
//	              as complex: 10 working days) missed, due 10-28 24:00, 3
//	              working days late
//	  row 5 FK-4  received 2026/12/1 9:00, after Now: refused
//	              (time_future, column D, 接收时间)
//	客户投诉登记表 (header row 1)
//	  row 2 TS-1  forwarded, planned, answered and resolved on time
package ledgertest

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// Now returns the instant Sample is judged at: Monday 2026-11-02 09:00
// CST, the instant the server tests' clocks start at.
func Now() time.Time { return time.Date(2026, 11, 2, 9, 0, 0, 0, calendar.CST()) }

// Sheet is a worksheet: its name and its rows from A1.
type Sheet struct {
	Name string
	Rows [][]any
}

// Workbook writes sheets as an .xlsx workbook.
func Workbook(t testing.TB, sheets ...Sheet) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer func() { _ = f.Close() }()
	for i, s := range sheets {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				t.Fatal(err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			t.Fatal(err)
		}
		for r, row := range s.Rows {
			cell, _ := excelize.CoordinatesToCellName(1, r+1)
			if err := f.SetSheetRow(s.Name, cell, &row); err != nil {
				t.Fatal(err)
			}
		}
	}
	var b bytes.Buffer
	if err := f.Write(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// RequestHeader returns the header of Sample's request table: the default
// headers (ledger.DefaultHeaders).
func RequestHeader() []any {
	return []any{"登记编号", "客户", "反馈方式", "接收时间", "问题原因", "责任部门", "转达时间", "方案制定时间", "问题类别",
		"完成时间", "验收时间", "验收签字人", "回访时间"}
}

// ComplaintHeader returns the header of Sample's complaint table.
func ComplaintHeader() []any {
	return []any{"投诉编号", "投诉人", "投诉类型", "投诉方式", "接收时间", "责任部门", "转达时间", "方案制定时间",
		"处理结果反馈时间", "客户确认满意时间"}
}

// Requests returns Sample's request sheet.
func Requests() Sheet {
	phone, cause := aftersales.ChannelPhone.Label(), aftersales.CauseConstruction.Label()
	return Sheet{Name: "客户反馈登记表", Rows: [][]any{
		RequestHeader(),
		{"FK-1", "张先生", phone, "2026/10/12 9:00", cause, "项目一部", "2026/10/14 10:00", "2026/10/15 10:00", "简单",
			"2026/10/20 17:00", "2026/10/21 10:00", "张先生", "2026/10/26 15:00"},
		{"FK-2", "张女士", phone, "2026/10/12 9:00", cause, "项目一部", "2026/10/12 11:00", "2026/10/13 10:00", "简单",
			"2026/10/16 17:00", "2026/10/19 10:00", "张女士", "2026/10/20 10:00"},
		{"FK-3", "王先生", phone, "2026/10/14", cause, "项目一部", "2026/10/14 15:00"},
		{"FK-4", "赵先生", phone, "2026/12/1 9:00", cause},
	}}
}

// Complaints returns Sample's complaint sheet.
func Complaints() Sheet {
	return Sheet{Name: "客户投诉登记表", Rows: [][]any{
		ComplaintHeader(),
		{"TS-1", "李女士", complaint.TypeQuality.Label(), aftersales.ChannelPhone.Label(), "2026/10/12 9:00", "项目一部",
			"2026/10/12 14:00", "2026/10/14 10:00", "2026/10/16 10:00", "2026/10/19 10:00"},
	}}
}

// Sample returns the sample ledger as .xlsx.
func Sample(t testing.TB) []byte { return Workbook(t, Requests(), Complaints()) }

// Part is one part of a multipart/form-data body: a file when FileName is
// set or IsFile is true (a browser sends a file input with no file chosen
// as a file part with an empty name), a field otherwise.
type Part struct {
	Name, FileName string
	Data           []byte
	IsFile         bool
}

// File is a file part.
func File(name, fileName string, data []byte) Part {
	return Part{Name: name, FileName: fileName, Data: data}
}

// Field is a text field.
func Field(name, value string) Part { return Part{Name: name, Data: []byte(value)} }

// Multipart writes parts as a multipart/form-data body and returns it with
// its Content-Type.
func Multipart(t testing.TB, parts ...Part) (body []byte, contentType string) {
	t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for _, p := range parts {
		h := textproto.MIMEHeader{}
		if p.FileName != "" || p.IsFile {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"; filename="%s"`, p.Name, p.FileName))
			h.Set("Content-Type", "application/octet-stream")
		} else {
			h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="%s"`, p.Name))
		}
		pw, err := w.CreatePart(h)
		if err == nil {
			_, err = pw.Write(p.Data)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes(), w.FormDataContentType()
}
