package complaint_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// Every deadline a complaint can owe has a name, and the two of C2.2 are
// told apart.
func TestWhatNamesEveryComplaintDeadline(t *testing.T) {
	f := newCf(t, cst(2026, 11, 2, 9, 0))
	c := f.investigated(f.now)
	c, err := f.svc.DeclareMajor(f.ctx, c.ID, complaint.DeclareMajorCommand{Criteria: []string{"media"}, Actor: gm})
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, d := range c.Deadlines {
		w := complaint.What(d)
		require.NotEmpty(t, w)
		require.NotEqual(t, string(d.Clause), w, "%s has a name", d.Clause)
		seen[w] = true
	}
	require.True(t, seen["启动应急预案"] && seen["向客户反馈处理情况"], "%v", seen)
	require.Equal(t, "暂停计时的时限", complaint.What(aftersales.Deadline{Clause: aftersales.ClauseG3_3, Step: aftersales.StepPauseLimit}))
}

func ExampleReceiver_Label() {
	fmt.Println(complaint.ToAfterSales.Label(), complaint.ToGeneralManager.Label())
	// Output:
	// 售后管理部 公司总经理
}

// A complaint's clocks, named for a person.
func ExampleWhat() {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	for _, d := range []aftersales.Deadline{
		{Clause: complaint.ClauseC2_1, From: at},
		{Clause: complaint.ClauseC3_1, Department: "项目一部", From: at},
		{Clause: complaint.ClauseC4_1, Department: "项目一部", From: at},
		{Clause: complaint.ClauseC4_1, Department: "after_sales_head", Round: 1, From: at},
	} {
		fmt.Println(d.Clause, complaint.What(d))
	}
	// Output:
	// C2.1 转达责任部门
	// C3.1 调查核实并制定处理方案
	// C4.1 向客户反馈处理结果
	// C4.1 升级后向客户反馈处理结果
}
