package export_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/examples/server/export"
)

// The 客户投诉登记表 of a complaint escalated once (C4.2), answered at both
// levels and resolved.
func TestC2_1_ComplaintForm(t *testing.T) {
	w := newWorld(t)
	d := export.ComplaintForm(w.complaint, cst(2026, 12, 2, 10, 0))
	assert.Equal(t, "客户投诉登记表-TS-0002.xlsx", d.FileName(export.XLSX))
	require.Len(t, d.Rows, 4, "C2.1, C3.1, C4.1 at the department and at the after-sales head")
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "客户投诉登记表", v.cell("A1"))
			assert.Equal(t, "依据条款：C2.1", v.cell("A2"))
			assert.Equal(t, "投诉编号", v.cell("A3"))
			assert.Equal(t, "TS-0002", v.cell("B3"))
			assert.Equal(t, "王女士（c-002）", field(t, v, "投诉人"))
			assert.Equal(t, "电话 13900000000", field(t, v, "联系方式"))
			assert.Equal(t, "AS-0004", field(t, v, "关联售后需求"))
			assert.Equal(t, "响应或处理不及时", field(t, v, "投诉类型"))
			assert.Equal(t, "材料质量", field(t, v, "投诉原因"))
			assert.Equal(t, "报修两周无人上门", field(t, v, "投诉内容"))
			assert.Equal(t, "电话", field(t, v, "投诉方式"))
			assert.Equal(t, "2026-11-02 08:40", field(t, v, "接收时间"))
			assert.Equal(t, "售后管理部", field(t, v, "受理"))
			assert.Equal(t, "赵敏", field(t, v, "登记人"))
			assert.Equal(t, "否", field(t, v, "重大投诉"))
			assert.Equal(t, "项目一部（2026-11-02 10:00 转达）", field(t, v, "责任部门"))
			assert.Equal(t, "门框供货延误，工单积压", field(t, v, "调查核实情况"))
			assert.Equal(t, "次日上门更换门框；责任人 周工（2026-11-03 15:00 制定）", field(t, v, "处理方案"))
			assert.Equal(t, "要求周末上门（2026-11-03 15:00，u-staff）", field(t, v, "客户意见"))
			assert.Equal(t, "已更换门框（2026-11-05 17:00，u-site）", field(t, v, "处理结果（责任部门）"))
			assert.Equal(t, "门缝仍漏风（2026-11-06 09:00，c-002）", field(t, v, "不满意升级（责任部门→售后管理部部长）"))
			assert.Equal(t, "部长督办，重新调校并加装密封条（2026-11-10 16:00，u-head）", field(t, v, "处理结果（售后管理部部长）"))
			assert.Equal(t, "满意，已解决（2026-11-11 09:00）：满意", field(t, v, "客户确认"))
			assert.Equal(t, "售后管理部部长", field(t, v, "当前处理级别"))
			assert.Equal(t, "已解决", field(t, v, "当前状态"))

			require.Len(t, table(t, v, "条款"), 4)
			h := rowOf(t, v, "条款")
			for i, want := range [][]string{
				{"C2.1", "转达责任部门（1 个工作日内）", "", "2026-11-02 08:40", "2026-11-04 00:00", "按期", "2026-11-02 10:00"},
				{"C3.1", "调查核实并制定处理方案（3 个工作日内）", "项目一部", "2026-11-02 10:00", "2026-11-06 00:00", "按期", "2026-11-03 15:00"},
				{"C4.1", "向客户反馈处理结果（7 个工作日内）", "项目一部", "2026-11-02 10:00", "2026-11-12 00:00", "按期", "2026-11-05 17:00"},
				{"C4.1", "升级后向客户反馈处理结果（7 个工作日内）", "售后管理部部长", "2026-11-06 09:00", "2026-11-18 00:00", "按期", "2026-11-10 16:00"},
			} {
				assert.Equal(t, want, rowCells(t, v, h+1+i, 7), "deadline %d", i)
			}
			assert.Equal(t, "受理人签字：________________　　日期：________________", v.cell(ref(t, 1, h+4+3)))
		})
	}
}

// A major complaint (C2.2): its criteria by name, the emergency plan, and
// the deadlines still owed, missed at the instant given.
func TestC2_2_ComplaintFormMajor(t *testing.T) {
	w := newWorld(t)
	d := export.ComplaintForm(w.major, cst(2026, 12, 2, 10, 0))
	require.Len(t, d.Rows, 3)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "TS-0003", v.cell("B3"))
			assert.Equal(t, "是（u-head 于 2026-11-20 08:30 认定；标准：危及结构安全或人身安全、涉及多户或群体投诉）", field(t, v, "重大投诉"))
			assert.Equal(t, "封闭楼道，设置警示（2026-11-20 09:30）", field(t, v, "应急预案"))
			assert.Equal(t, "尚未反馈", field(t, v, "重大投诉反馈客户"))
			assert.Equal(t, "尚未转达", field(t, v, "责任部门"))
			assert.Equal(t, "待定", field(t, v, "投诉原因"))
			assert.Equal(t, "现场", field(t, v, "投诉方式"))
			assert.Equal(t, "钱部长", field(t, v, "登记人"))
			h := rowOf(t, v, "条款")
			assert.Equal(t, []string{"C2.1", "转达责任部门（1 个工作日内）", "", "2026-11-20 08:30", "2026-11-24 00:00", "逾期", ""}, rowCells(t, v, h+1, 7))
			assert.Equal(t, []string{"C2.2", "启动应急预案（2 小时内）", "", "2026-11-20 08:30", "2026-11-20 10:30", "按期", "2026-11-20 09:30"}, rowCells(t, v, h+2, 7))
			assert.Equal(t, []string{"C2.2", "向客户反馈处理情况（2 个工作日内）", "", "2026-11-20 08:30", "2026-11-25 00:00", "逾期", ""}, rowCells(t, v, h+3, 7))
		})
	}
}

// The November 客户投诉分析报告 through complaint.Service.Report: two
// complaints against one in October, one of them major, one escalated, by
// the same complainant.
func TestC5_1_ComplaintReport(t *testing.T) {
	w := newWorld(t)
	d := export.ComplaintReport(w.report)
	assert.Equal(t, "客户投诉分析报告-2026-11.xlsx", d.FileName(export.XLSX))
	assert.Equal(t, "客户投诉分析报告-2026-11.csv", d.FileName(export.CSV))
	require.Len(t, d.Rows, 13)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "客户投诉分析报告", v.cell("A1"))
			assert.Equal(t, "依据条款：C5.1、C5.2", v.cell("A2"))
			assert.Equal(t, "统计月份", v.cell("A3"))
			assert.Equal(t, "2026-11", v.cell("B3"))
			assert.Equal(t, "2026-12-02 10:00", field(t, v, "统计截至"))
			assert.Equal(t, "2026-12-08 00:00", field(t, v, "报送期限"))
			assert.Equal(t, "公司总经理", field(t, v, "报送对象"))
			assert.Equal(t, "2", field(t, v, "投诉总数"))
			assert.Equal(t, "1", field(t, v, "重大投诉"))
			assert.Equal(t, "上月 1 件，本月 2 件，增加 1 件（+100%）", field(t, v, "与上月比较"))
			assert.Equal(t, "1", field(t, v, "升级次数"))
			assert.Equal(t, "1", field(t, v, "升级的投诉"))
			assert.Equal(t, "0", field(t, v, "最高一级仍未解决"))
			assert.Equal(t, "王女士（c-002）：TS-0002、TS-0003", field(t, v, "重复投诉人"))
			assert.Equal(t, "0 件，共暂停 0 个工作日", field(t, v, "暂停计时的投诉"))

			require.Len(t, table(t, v, "统计项"), 13)
			h := rowOf(t, v, "统计项")
			assert.Equal(t, []string{"统计项", "分类", "件数", "占比或按期率", "说明"}, rowCells(t, v, h, 5))
			for i, want := range [][]string{
				{"按投诉类型", "响应或处理不及时", "1", "50%", "上月 0 件，本月 1 件，增加 1 件"},
				{"按投诉类型", "工程质量", "1", "50%", "上月 0 件，本月 1 件，增加 1 件"},
				{"按投诉类型", "服务态度", "0", "0%", "上月 1 件，本月 0 件，减少 1 件（-100%）"},
				{"按投诉原因", "原因未定", "1", "50%", ""},
				{"按投诉原因", "材料质量", "1", "50%", ""},
				{"按处理结果", "已登记", "1", "50%", ""},
				{"按处理结果", "已解决", "1", "50%", ""},
				{"按期情况", "C2.1 转达责任部门", "2", "50%", "按期 1，逾期 1，未到期 0"},
				{"按期情况", "C2.2 重大投诉应急处理", "2", "50%", "按期 1，逾期 1，未到期 0"},
				{"按期情况", "C3.1 调查核实并制定处理方案", "1", "100%", "按期 1，逾期 0，未到期 0"},
				{"按期情况", "C4.1 向客户反馈处理结果", "2", "100%", "按期 2，逾期 0，未到期 0"},
				{"用时", "C3.1 调查核实并制定处理方案", "1", "", "原始 1 个工作日，扣除暂停后 1 个工作日；0 步曾暂停计时"},
				{"用时", "C4.1 向客户反馈处理结果", "2", "", "原始 5 个工作日，扣除暂停后 5 个工作日；0 步曾暂停计时"},
			} {
				assert.Equal(t, want, rowCells(t, v, h+1+i, 5), "row %d", i)
			}
		})
	}
}

// A report of the month still running says so, and a clause with nothing
// come due has no rate.
func TestC5_1_ComplaintReportPartial(t *testing.T) {
	w := newWorld(t)
	w.now = cst(2026, 12, 2, 10, 0)
	r, err := w.complaints.Report(t.Context(), w.report.Month.Next())
	require.NoError(t, err)
	d := export.ComplaintReport(r)
	views(t, d)
	assert.Equal(t, "本月尚未结束，为阶段性统计", fieldOf(t, d, "说明"))
	assert.Equal(t, "上月 2 件，本月 0 件，减少 2 件（-100%）", fieldOf(t, d, "与上月比较"))
	assert.Equal(t, "无", fieldOf(t, d, "重复投诉人"))
	assert.Contains(t, d.Rows, []string{"按期情况", "C2.1 转达责任部门", "0", "—", "按期 0，逾期 0，未到期 0"})
}

// A complaint forwarded to two departments, its clocks paused while the
// customer could not be reached: the 客户投诉登记表 lists every department
// with its own plan and clock (C2.1, C3.1), the pause with its evidence,
// and a paused clock as 暂停中 with its reason (G3.3).
func TestC2_1_ComplaintFormListsEveryDepartmentAndThePause(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	w.now = cst(2026, 12, 1, 9, 0)
	c, err := w.complaints.Register(ctx, complaint.RegisterCommand{Actor: desk, Registration: complaint.Registration{
		Complainant: aftersales.Customer{ID: "c-003", Name: "赵先生"}, ProjectID: "P-001", Type: complaint.TypeQuality,
		Description: "外墙渗水", Channel: aftersales.ChannelPhone, ReceivedAt: cst(2026, 12, 1, 8, 30)}})
	require.NoError(t, err)
	_, err = w.complaints.Forward(ctx, c.ID, complaint.ForwardCommand{Departments: []string{"项目一部", "设计部"}, Actor: desk})
	require.NoError(t, err)
	w.now = cst(2026, 12, 2, 10, 0)
	_, err = w.complaints.Plan(ctx, c.ID, complaint.PlanCommand{Actor: site, Plan: complaint.Plan{
		Findings: "外墙打胶老化", Measures: "重新打胶", Owner: "周工"}})
	require.NoError(t, err)
	w.now = cst(2026, 12, 2, 11, 0)
	c, err = w.complaints.Pause(ctx, c.ID, aftersales.PauseCommand{Reason: aftersales.PauseNoAccess, Note: "客户出差，无法入户",
		Evidence: []string{"IMG-0012"}, Actor: desk})
	require.NoError(t, err)

	d := export.ComplaintForm(c, cst(2026, 12, 3, 9, 0))
	var depts, plans []string
	for _, f := range d.Fields {
		switch f.Label {
		case "责任部门":
			depts = append(depts, f.Value)
		case "处理方案":
			plans = append(plans, f.Value)
		}
	}
	assert.Equal(t, []string{"项目一部（2026-12-01 09:00 转达）", "设计部（2026-12-01 09:00 转达）"}, depts)
	assert.Equal(t, []string{"重新打胶；责任人 周工（2026-12-02 10:00 制定）", "尚未制定"}, plans)
	assert.Equal(t, "无法入户：客户出差，无法入户（证据：IMG-0012）；2026-12-02 11:00 起，u-staff；暂停中", fieldOf(t, d, "计时暂停"))
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			h := rowOf(t, v, "条款")
			rows := map[string][]string{}
			for i := range d.Rows {
				r := rowCells(t, v, h+1+i, 7)
				rows[r[0]+" "+r[2]] = r
			}
			assert.Equal(t, "按期", rows["C3.1 项目一部"][5])
			assert.Equal(t, "暂停中（无法入户）", rows["C3.1 设计部"][5])
			assert.Equal(t, "暂停中（无法入户）", rows["C4.1 "][5], "the one result clock, coordinated by the after-sales department")
			assert.Equal(t, "暂停计时的时限（10 个工作日内）", rows["G3.3 "][1])
			assert.Equal(t, "未到期", rows["G3.3 "][5], "the limit itself runs")
		})
	}
}
