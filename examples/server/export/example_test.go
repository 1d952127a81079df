package export_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/export"
)

// A request just registered, as its 客户反馈登记表: the fields as
// registered, the deadlines judged now, and the blank line the customer
// signs on acceptance. The server writes it to the response in the format
// asked for, under its file name.
func ExampleFeedbackForm() {
	ctx := context.Background()
	now := time.Date(2026, 9, 30, 16, 30, 0, 0, calendar.CST())
	svc, _ := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now }), NewID: func() string { return "AS-0001" }})
	desk := aftersales.Actor{ID: "u-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff}
	r, _ := svc.Register(ctx, aftersales.RegisterCommand{Actor: desk, Registration: aftersales.Registration{
		Customer: aftersales.Customer{Name: "张先生", Phone: "13800000000"}, Description: "卫生间顶棚渗水",
		Channel: aftersales.ChannelPhone, ReceivedAt: now.Add(-10 * time.Minute)}})

	d := export.FeedbackForm(r, now)
	for _, f := range d.Fields[:4] {
		fmt.Printf("%s：%s\n", f.Label, f.Value)
	}
	for _, row := range d.Rows {
		fmt.Println(row[0], row[1], "截止", row[4], row[5])
	}
	fmt.Println(d.Notes[len(d.Notes)-1])

	format, _ := export.ParseFormat("xlsx")
	var buf bytes.Buffer // an http.ResponseWriter in the server
	if err := d.Write(&buf, format); err != nil {
		panic(err)
	}
	fmt.Println(d.FileName(format), export.ContentType(format))
	// Output:
	// 登记编号：AS-0001
	// 客户：张先生
	// 联系方式：电话 13800000000
	// 项目编号：
	// P1.2 转达责任部门（1 个工作日内） 截止 2026-10-09 00:00 未到期
	// 客户签字：________________　　日期：________________
	// 客户反馈登记表-AS-0001.xlsx application/vnd.openxmlformats-officedocument.spreadsheetml.sheet
}

// Any form or report can be built by hand as a Document; as CSV it is one
// row per line of the printed form.
func ExampleDocument_WriteCSV() {
	d := export.Document{Title: "客户回访记录表", Clause: "P4.2", Subject: "AS-0001",
		Fields: []export.Field{{Label: "回访人", Value: "赵敏"}, {Label: "满意度", Value: "5（很满意）"}},
		Notes:  []string{"回访人签字：________"}}
	var buf bytes.Buffer
	if err := d.WriteCSV(&buf); err != nil {
		panic(err)
	}
	fmt.Println(d.FileName(export.CSV))
	fmt.Print(strings.ReplaceAll(strings.TrimPrefix(buf.String(), "\uFEFF"), "\r\n", "\n"))
	// Output:
	// 客户回访记录表-AS-0001.csv
	// 客户回访记录表,
	// 依据条款：P4.2,
	// 回访人,赵敏
	// 满意度,5（很满意）
	// ,
	// 回访人签字：________,
}
