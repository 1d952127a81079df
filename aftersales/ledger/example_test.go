package ledger_test

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/calendar"
)

func ExampleParseTime() {
	for _, s := range []string{"2026/9/30 15:00", "2026年9月30日", "46295.625"} {
		st, err := ledger.ParseTime(s, false)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Println(st.Time.Format("2006-01-02 15:04"), "date only:", st.DateOnly)
	}
	// Output:
	// 2026-09-30 15:00 date only: false
	// 2026-09-30 00:00 date only: true
	// 2026-09-30 15:00 date only: false
}

// A CSV exported from the company's own sheet, with its own headers.
func ExampleAudit() {
	csv := "编号,受理时间,转达时间,责任部门\n" +
		"A-1,2026/9/30 16:20,2026/10/9 9:00,项目一部\n" +
		"A-2,2026/9/30 16:20,2026/9/29 9:00,项目一部\n"
	m, err := ledger.ParseMapping([]byte(`{"requests": {"columns": {"id": "编号", "received_at": "受理时间"}}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	opt := ledger.Options{Mapping: m, Now: time.Date(2026, 12, 31, 18, 0, 0, 0, calendar.CST())}
	sum, err := ledger.Audit(context.Background(), "台账.csv", strings.NewReader(csv), opt, func(r ledger.Record) error {
		if r.Err != nil {
			fmt.Println("refused:", r.Err)
			return nil
		}
		for _, f := range r.Findings {
			fmt.Printf("%s %s %s: %s, %d working day(s) late\n", r.ID, f.Clause, f.Kind, f.What, f.LateWorkdays)
		}
		return nil
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("rows read %d, refused %d\n", sum.Read, sum.Refused)
	// Output:
	// A-1 P1.2 late: 转达责任部门于 2026-10-09 09:00 完成，期限为 2026-10-09 00:00, 1 working day(s) late
	// refused: 工作表“台账”第 3 行 C 列（转达时间）：转达时间 2026-09-29 09:00 早于它之前的一步受理时间 2026-09-30 16:20 [time_order]
	// rows read 2, refused 1
}

func ExampleImport() {
	csv := "登记编号,接收时间,责任部门,转达时间\nR-7,2026/9/30 16:20,项目一部,2026/10/8 9:00\n"
	opt := ledger.Options{Now: time.Date(2026, 12, 31, 18, 0, 0, 0, calendar.CST())}
	seen := map[string]bool{}
	for range 2 { // the same ledger, imported twice
		_, err := ledger.Audit(context.Background(), "ledger.csv", strings.NewReader(csv), opt, func(r ledger.Record) error {
			imp, err := ledger.Import(r)
			if err != nil {
				return err
			}
			seen[imp.ID] = true
			return nil
		})
		if err != nil {
			fmt.Println(err)
		}
	}
	fmt.Println("records:", len(seen))
	// Output:
	// records: 1
}
