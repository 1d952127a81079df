package calendar_test

import (
	"fmt"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// A request received on the eve of National Day 2026 must be forwarded
// within 1 working day (P1.2) and planned within 2 (P3.1).
func ExampleCalendar_Deadline() {
	c := calendar.China()
	received := time.Date(2026, 9, 30, 16, 20, 0, 0, calendar.CST())
	fmt.Println("P1.2 due:", c.Deadline(received, 1))
	fmt.Println("P3.1 due:", c.Deadline(received, 2))
	// Output:
	// P1.2 due: 2026-10-09 00:00:00 +0800 CST
	// P3.1 due: 2026-10-10 00:00:00 +0800 CST
}

func ExampleCalendar_AddWorkdays() {
	c := calendar.China()
	// 2026-02-14 is a makeup Saturday; 春节 runs 02-15 to 02-23.
	fmt.Println(c.AddWorkdays(time.Date(2026, 2, 13, 9, 0, 0, 0, calendar.CST()), 2).Format(time.DateOnly))
	fmt.Println(c.AddWorkdays(time.Date(2026, 2, 24, 9, 0, 0, 0, calendar.CST()), -1).Format(time.DateOnly))
	// Output:
	// 2026-02-24
	// 2026-02-14
}

func ExampleCalendar_Day() {
	c := calendar.China()
	for _, s := range []string{"2026-10-01", "2026-10-10", "2026-10-12", "2028-01-26"} {
		day := c.Day(calendar.MustParseDate(s))
		fmt.Println(day.Date, day.Kind, day.Name, day.Status)
	}
	// Output:
	// 2026-10-01 法定节假日 国庆节 官方
	// 2026-10-10 调休上班 国庆节 官方
	// 2026-10-12 工作日  官方
	// 2028-01-26 法定节假日 春节 推算
}

// A two-year warranty from completion acceptance on 2024-10-03 would end on
// 2026-10-03, inside the National Day block; its last day moves to the first
// working day after it (民法典 第二百零三条).
func ExampleCalendar_MonthPeriod() {
	p, err := calendar.China().MonthPeriod(calendar.D(2024, 10, 3), 24)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.Nominal, "→", p.LastDay, "rolled:", p.Rolled(), "due:", p.Due.Format(time.RFC3339))
	// Output:
	// 2026-10-03 → 2026-10-08 rolled: true due: 2026-10-09T00:00:00+08:00
}

// A deadline that crosses a year with no published notice says so.
func ExampleCalendar_WorkdayPeriod() {
	p, err := calendar.China().WorkdayPeriod(time.Date(2027, 12, 20, 9, 0, 0, 0, calendar.CST()), 10)
	if err != nil {
		panic(err)
	}
	fmt.Println(p.LastDay, p.Certainty, "provisional:", p.Provisional())
	// Output:
	// 2028-01-03 推算 provisional: true
}

// A notice published after the library was built loads at run time and
// gives a new calendar; the national one is unchanged.
func ExampleCalendar_WithNotices() {
	n, err := calendar.ParseNotice("2028.json", []byte(`{"year": 2028,
		"papers": ["https://www.gov.cn/zhengce/zhengceku/2028.htm"],
		"days": [{"name": "春节", "date": "2028-01-24", "isOffDay": true}]}`))
	if err != nil {
		panic(err)
	}
	c, err := calendar.China().WithNotices(n)
	if err != nil {
		panic(err)
	}
	day := calendar.D(2028, 1, 24)
	fmt.Println(c.Day(day).Kind, c.Day(day).Status, "/", calendar.China().Day(day).Kind, calendar.China().Day(day).Status)
	// Output:
	// 法定节假日 官方 / 工作日 推算
}

func ExampleCalendar_WithOverlay() {
	c, err := calendar.China().WithOverlay(calendar.Overlay{
		Name: "某建筑公司",
		Days: []calendar.OverlayDay{{Date: calendar.D(2026, 6, 1), Name: "公司成立纪念日", Rest: true}},
	})
	if err != nil {
		panic(err)
	}
	from := time.Date(2026, 5, 29, 9, 0, 0, 0, calendar.CST())
	fmt.Println(c.AddWorkdays(from, 1).Format(time.DateOnly), calendar.China().AddWorkdays(from, 1).Format(time.DateOnly))
	// Output:
	// 2026-06-02 2026-06-01
}
