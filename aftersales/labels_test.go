package aftersales_test

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
)

// Every value the desk, the forms and the notices show has one Chinese
// name, distinct from the others of its kind and from its ID.
func TestLabelsNameEveryValueOnce(t *testing.T) {
	check := func(kind string, ids []string, label func(string) string) {
		t.Helper()
		seen := map[string]string{}
		for _, id := range ids {
			l := label(id)
			require.NotEmpty(t, l, "%s %q", kind, id)
			require.NotEqual(t, id, l, "%s %q has no Chinese name", kind, id)
			require.NotContains(t, seen, l, "%s %q and %q share the name %q", kind, id, seen[l], l)
			seen[l] = id
		}
		require.Equal(t, "unknown", label("unknown"), "%s: an unknown value is shown as is", kind)
	}
	check("role", []string{"general_manager", "after_sales_head", "after_sales_staff", "specialist", "department_staff", "customer", "system"},
		func(s string) string { return aftersales.Role(s).Label() })
	check("complexity", []string{string(aftersales.Simple), string(aftersales.Complex)},
		func(s string) string { return aftersales.Complexity(s).Label() })
	check("coverage outcome", []string{string(aftersales.CoverageFree), string(aftersales.CoveragePaid), string(aftersales.CoverageExcluded),
		string(aftersales.CoverageUndecided)}, func(s string) string { return aftersales.CoverageOutcome(s).Label() })
	check("sign method", []string{string(aftersales.SignPaper), string(aftersales.SignScreen)},
		func(s string) string { return aftersales.SignMethod(s).Label() })
	check("department", []string{aftersales.DeptAfterSales, aftersales.DeptProcurement, aftersales.DeptDesign}, aftersales.DepartmentLabel)

	for _, r := range []aftersales.Role{aftersales.RoleGeneralManager, aftersales.RoleAfterSalesHead, aftersales.RoleAfterSalesStaff,
		aftersales.RoleSpecialist, aftersales.RoleDepartmentStaff, aftersales.RoleCustomer, aftersales.RoleSystem} {
		require.True(t, r.Valid())
	}
	require.Equal(t, aftersales.DeptKindAfterSales.Label(), aftersales.DepartmentLabel(aftersales.DeptAfterSales),
		"the after-sales department is named as its kind")
	words := map[string]bool{}
	for n := 1; n <= 5; n++ {
		w := aftersales.SatisfactionLabel(n)
		require.NotEmpty(t, w)
		require.False(t, words[w])
		words[w] = true
	}
	require.Empty(t, aftersales.SatisfactionLabel(0))
	require.Empty(t, aftersales.SatisfactionLabel(6))
}

// A history event's author, as the 客户反馈登记表 names them.
func ExampleRole_Label() {
	a := aftersales.Actor{ID: "u-staff", Name: "赵敏", Role: aftersales.RoleAfterSalesStaff, DepartmentID: aftersales.DeptAfterSales}
	fmt.Printf("%s（%s，%s）\n", a.Name, a.Role.Label(), aftersales.DepartmentLabel(a.DepartmentID))
	// Output:
	// 赵敏（售后管理部人员，售后管理部）
}

// The 客户回访记录表's rating, in words.
func ExampleSatisfactionLabel() {
	v := aftersales.Visit{Satisfaction: 4, VisitedBy: "赵敏"}
	fmt.Printf("满意度 %d（%s）\n", v.Satisfaction, aftersales.SatisfactionLabel(v.Satisfaction))
	// Output:
	// 满意度 4（满意）
}
