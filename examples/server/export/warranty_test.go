package export_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/export"
	"github.com/shouhou/shouhou/warranty"
)

// The 项目巡查记录表 of an inspection whose two findings became after-sales
// requests (W2.2, W2.3).
func TestW2_2_InspectionRecord(t *testing.T) {
	w := newWorld(t)
	d, err := export.InspectionRecord(w.warranty, 0)
	require.NoError(t, err)
	assert.Equal(t, "项目巡查记录表-P-001-2025-03-15.xlsx", d.FileName(export.XLSX))
	require.Len(t, d.Rows, 2)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "项目巡查记录表", v.cell("A1"))
			assert.Equal(t, "依据条款：W2.2", v.cell("A2"))
			assert.Equal(t, "项目编号", v.cell("A3"))
			assert.Equal(t, "P-001", v.cell("B3"))
			assert.Equal(t, "2024-11-20（竣工验收合格之日）", field(t, v, "质保期起算"))
			assert.Equal(t, "第 1 次", field(t, v, "巡查次序"))
			assert.Equal(t, "2025-03-15", field(t, v, "巡查日期"))
			assert.Equal(t, "李工", field(t, v, "巡查人"))
			assert.Equal(t, "屋面、地下车库", field(t, v, "巡查部位"))
			assert.Equal(t, "2 项", field(t, v, "发现问题"))

			require.Len(t, table(t, v, "序号"), 2)
			h := rowOf(t, v, "序号")
			assert.Equal(t, []string{"序号", "问题描述", "部位类别", "具体位置", "照片", "售后需求编号"}, rowCells(t, v, h, 6))
			assert.Equal(t, []string{"1", "地下车库顶板渗水", "防水防渗漏", "B1-023 车位上方", "ins/0315-1.jpg；ins/0315-2.jpg", "AS-0001"}, rowCells(t, v, h+1, 6))
			assert.Equal(t, []string{"2", "屋面女儿墙泛水开裂", "防水防渗漏", "3号楼屋面", "", "AS-0002"}, rowCells(t, v, h+2, 6))
			assert.Equal(t, "发现的问题均已登记为售后需求，按售后流程处理（W2.3）。", v.cell(ref(t, 1, h+4)))
			assert.Equal(t, "巡查人签字：________________　　项目部负责人签字：________________　　日期：________________", v.cell(ref(t, 1, h+5)))
		})
	}
}

// An inspection that does not exist is not found, whatever the index.
func TestW2_2_InspectionRecordOutOfRange(t *testing.T) {
	w := newWorld(t)
	for _, i := range []int{-1, 1, 99} {
		_, err := export.InspectionRecord(w.warranty, i)
		require.Error(t, err, "index %d", i)
		assert.Equal(t, aftersales.KindNotFound, aftersales.KindOf(err), "index %d", i)
	}
	_, err := export.InspectionRecord(&warranty.Warranty{ProjectID: "P-002"}, 0)
	assert.Equal(t, aftersales.KindNotFound, aftersales.KindOf(err), "no inspections")
	_, err = export.InspectionRecord(nil, 0)
	assert.Equal(t, aftersales.KindNotFound, aftersales.KindOf(err), "no warranty")
}

// The 质保期总结报告 through warranty.Service.Summary with the after-sales
// requests of the project (W3.2).
func TestW3_2_WarrantySummary(t *testing.T) {
	w := newWorld(t)
	d := export.WarrantySummary(w.summary)
	assert.Equal(t, "质保期总结报告-P-001.xlsx", d.FileName(export.XLSX))
	require.Len(t, d.Rows, 11)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "质保期总结报告", v.cell("A1"))
			assert.Equal(t, "依据条款：W3.2", v.cell("A2"))
			assert.Equal(t, "项目编号", v.cell("A3"))
			assert.Equal(t, "P-001", v.cell("B3"))
			assert.Equal(t, "2024-11-20 至 2026-11-20", field(t, v, "质保期"))
			assert.Equal(t, "公司总经理", field(t, v, "报送对象"))
			assert.Equal(t, "2026-12-22 00:00", field(t, v, "报送期限"), "2026-12-20 is a Sunday")
			assert.Equal(t, "2026-12-02 10:00", field(t, v, "生成时间"))
			assert.Equal(t, "4 件", field(t, v, "售后需求"))
			assert.Equal(t, "2 件", field(t, v, "免费维修"))
			assert.Equal(t, "0 件", field(t, v, "有偿维修"))
			assert.Equal(t, "2 件", field(t, v, "待判定"))
			assert.Equal(t, "1 次", field(t, v, "回访"))
			assert.Equal(t, "4（满分 5）", field(t, v, "平均满意度"))
			assert.Equal(t, "AS-0001、AS-0002、AS-0004", field(t, v, "尚未关闭的需求"))
			assert.Equal(t, "1 次", field(t, v, "巡查"))
			assert.Equal(t, "2 项", field(t, v, "巡查发现问题"))
			assert.Equal(t, "7 次", field(t, v, "未按期巡查"), "8 quarterly windows, one inspected")

			require.Len(t, table(t, v, "统计项"), 11)
			h := rowOf(t, v, "统计项")
			for i, want := range [][]string{
				{"按问题原因", "原因未定", "2", "50%", ""},
				{"按问题原因", "施工质量", "1", "25%", ""},
				{"按问题原因", "材料质量", "1", "25%", ""},
				{"按部位类别", "防水防渗漏", "3", "75%", ""},
				{"按部位类别", "装修工程", "1", "25%", ""},
				{"按期情况", "P1.2 转达责任部门", "4", "50%", "按期 2，逾期 2，未到期 0"},
				// Each obligation of a clause counts: P1.3's measures and the
				// feedback after them (never given), P3.2's handling and its
				// result feedback, P3.3's coordination (never given).
				{"按期情况", "P1.3 紧急处理及反馈", "2", "50%", "按期 1，逾期 1，未到期 0"},
				{"按期情况", "P3.1 调查核实并制定处理方案", "2", "50%", "按期 1，逾期 1，未到期 0"},
				{"按期情况", "P3.2 处理并反馈客户", "4", "100%", "按期 4，逾期 0，未到期 0"},
				{"按期情况", "P3.3 协调上报的困难", "1", "0%", "按期 0，逾期 1，未到期 0"},
				{"按期情况", "P4.2 客户回访", "1", "100%", "按期 1，逾期 0，未到期 0"},
			} {
				assert.Equal(t, want, rowCells(t, v, h+1+i, 5), "row %d", i)
			}
		})
	}
}
