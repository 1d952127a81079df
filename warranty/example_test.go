package warranty_test

import (
	"context"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/warranty"
)

// The company's "2 years" and the law's floors: each class's warranty is
// the longest of the company's period, the contract's and the statutory
// floor.
func ExampleWarranty_Term() {
	w := &warranty.Warranty{ProjectID: "P-001", DesignLifeYears: 50, Region: "北京", GeneralYears: 2,
		Start: &warranty.Start{Basis: warranty.BasisAcceptance, Date: calendar.D(2024, 11, 20), Evidence: "竣工验收报告"}}
	for _, c := range []warranty.Class{warranty.Decoration, warranty.Waterproofing, warranty.HeatingCooling, warranty.Structure} {
		t, err := w.Term(calendar.China(), warranty.DefaultSeasons(), c)
		if err != nil {
			panic(err)
		}
		fmt.Printf("%s：至 %s，%s\n", c.Label(), t.Period.LastDay, t.Basis)
	}
	// Output:
	// 装修工程：至 2026-11-20，公司售后管理制度（W1.1）2 年
	// 防水防渗漏：至 2029-11-20，法定最低期限 5 年（建设工程质量管理条例 第四十条；房屋建筑工程质量保修办法（建设部令第80号）第七条）
	// 供热与供冷系统：至 2027-03-15，法定最低期限 2 个采暖期或供冷期（建设工程质量管理条例 第四十条；房屋建筑工程质量保修办法（建设部令第80号）第七条）
	// 地基基础和主体结构：至 2074-11-20，法定最低期限 设计文件规定的合理使用年限 50 年（建设工程质量管理条例 第四十条；房屋建筑工程质量保修办法（建设部令第80号）第七条）
}

// A contract that shortens a statutory floor is refused, naming the law.
func ExampleService_SetUp() {
	svc, _ := warranty.NewService(warranty.Config{Store: warranty.NewMemStore()})
	_, err := svc.SetUp(context.Background(), warranty.SetUpCommand{ProjectID: "P-001",
		Contract: []warranty.ContractTerm{{Class: warranty.Waterproofing, Years: 2}},
		Actor:    aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead}})
	fmt.Println(aftersales.KindOf(err))
	fmt.Println(err.(*aftersales.Error).Message)
	// Output:
	// invalid
	// 合同约定的防水防渗漏保修期 2 年 低于法定最低期限 5 年（建设工程质量管理条例 第四十条；房屋建筑工程质量保修办法（建设部令第80号）第七条）
}

// Free, paid or excluded: the decision the after-sales desk records on a
// request (W1.2, W3.1).
func ExampleService_DecideCoverage() {
	ctx := context.Background()
	now := time.Date(2026, 11, 27, 10, 0, 0, 0, calendar.CST())
	svc, _ := warranty.NewService(warranty.Config{Store: warranty.NewMemStore(),
		Clock: aftersales.ClockFunc(func() time.Time { return now })})
	head := aftersales.Actor{ID: "u-head", Role: aftersales.RoleAfterSalesHead}
	svc.SetUp(ctx, warranty.SetUpCommand{ProjectID: "P-001", Actor: head})
	svc.RecordStart(ctx, "P-001", warranty.StartCommand{Actor: head,
		Start: warranty.Start{Basis: warranty.BasisHandover, Date: calendar.D(2024, 11, 20), Evidence: "移交记录 YJ-017"}})
	for _, q := range []aftersales.CoverageQuery{
		{ProjectID: "P-001", Component: "waterproofing", ReportedOn: calendar.D(2026, 11, 27), Cause: aftersales.CauseConstruction},
		{ProjectID: "P-001", Component: "decoration", ReportedOn: calendar.D(2026, 11, 27), Cause: aftersales.CauseConstruction},
		{ProjectID: "P-001", Component: "plumbing", ReportedOn: calendar.D(2025, 6, 1), Cause: aftersales.CauseMisuse},
	} {
		d, _ := svc.DecideCoverage(ctx, q)
		fmt.Println(q.Component, d.Outcome, d.Reason)
	}
	// Output:
	// waterproofing free 在防水防渗漏保修期内（2024-11-20 至 2029-11-20，依据：法定最低期限 5 年（建设工程质量管理条例 第四十条；房屋建筑工程质量保修办法（建设部令第80号）第七条）），免费维修
	// decoration paid 装修工程保修期已于 2026-11-20 届满（公司售后管理制度（W1.1）2 年），可根据实际情况提供有偿维修
	// plumbing excluded 使用不当造成的质量缺陷不属于保修范围，可按有偿维修处理（W3.1）
}
