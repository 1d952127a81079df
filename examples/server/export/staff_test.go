package export_test

import (
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/examples/server/export"
	"github.com/shouhou/shouhou/staff"
)

// The 售后人员培训记录表 of a session, with its attendance sheet to sign.
func TestS1_3_TrainingRecord(t *testing.T) {
	w := newWorld(t)
	d := export.TrainingRecord(w.session, w.org)
	assert.Equal(t, "售后人员培训记录表-2026-12-01-S-0001.xlsx", d.FileName(export.XLSX))
	require.Len(t, d.Rows, 2)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "售后人员培训记录表", v.cell("A1"))
			assert.Equal(t, "依据条款：S1.3", v.cell("A2"))
			assert.Equal(t, "培训日期", v.cell("A3"))
			assert.Equal(t, "2026-12-01", v.cell("B3"))
			assert.Equal(t, "客户沟通技巧", field(t, v, "培训内容"))
			assert.Equal(t, "投诉接待与情绪安抚", field(t, v, "培训主题"))
			assert.Equal(t, "外聘讲师 陈老师", field(t, v, "培训讲师"))
			assert.Equal(t, "3.5", field(t, v, "培训学时"))
			assert.Equal(t, "2 人", field(t, v, "参训人数"))

			require.Len(t, table(t, v, "序号"), 2)
			h := rowOf(t, v, "序号")
			assert.Equal(t, []string{"序号", "人员编号", "姓名", "部门", "签到"}, rowCells(t, v, h, 5))
			assert.Equal(t, []string{"1", "u-spec", "吴静", "滨江花园项目部", ""}, rowCells(t, v, h+1, 5))
			assert.Equal(t, []string{"2", "u-staff", "赵敏", "售后管理部", ""}, rowCells(t, v, h+2, 5))
		})
	}
}

// Without the organisation the attendees are listed by ID.
func TestS1_3_TrainingRecordWithoutOrganisation(t *testing.T) {
	d := export.TrainingRecord(&staff.Session{Date: calendar.D(2026, 12, 1), Topic: "安全生产", Trainer: "陈老师",
		Hours: decimal.NewFromInt(2), Attendees: []string{"u-9"}}, nil)
	views(t, d)
	assert.Equal(t, "售后人员培训记录表-2026-12-01.csv", d.FileName(export.CSV))
	assert.Equal(t, "安全生产", fieldOf(t, d, "培训内容"), "a company topic is shown as it is")
	assert.Equal(t, [][]string{{"1", "u-9", "", "", ""}}, d.Rows)
}

// The 售后人员考核记录表 of an assessment by staff.Service from stub case
// figures and the training attended (S2.1–S2.3).
func TestS2_3_AssessmentRecord(t *testing.T) {
	w := newWorld(t)
	d := export.AssessmentRecord(w.assessment, w.org)
	assert.Equal(t, "售后人员考核记录表-u-spec-2026-10-01至2026-12-31.xlsx", d.FileName(export.XLSX))
	require.Len(t, d.Rows, 8, "seven indicators and the total")
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "售后人员考核记录表", v.cell("A1"))
			assert.Equal(t, "依据条款：S2.3", v.cell("A2"))
			assert.Equal(t, "被考核人", v.cell("A3"))
			assert.Equal(t, "吴静（u-spec）", v.cell("B3"))
			assert.Equal(t, "滨江花园项目部", field(t, v, "部门"))
			assert.Equal(t, "项目售后专员", field(t, v, "岗位"))
			assert.Equal(t, "2026-10-01 至 2026-12-31", field(t, v, "考核期间"))
			assert.Equal(t, "78.84", field(t, v, "总分"))
			assert.Equal(t, "合格", field(t, v, "考核等级"))
			assert.Equal(t, "1", field(t, v, "薪酬系数"))
			assert.Equal(t, "否", field(t, v, "可晋升"))
			assert.Equal(t, "钱部长", field(t, v, "服务质量评分人"))
			assert.Equal(t, "钱部长", field(t, v, "考核人"))
			assert.Equal(t, "2026-12-03 09:00", field(t, v, "考核时间"))

			require.Len(t, table(t, v, "考核指标"), 8)
			h := rowOf(t, v, "考核指标")
			assert.Equal(t, []string{"考核指标", "实测情况", "得分", "权重", "折算分"}, rowCells(t, v, h, 5))
			for i, want := range [][]string{
				{"按期完成率", "按期 9 / 10", "90", "0.3", "27"},
				{"一次验收合格率", "一次验收合格 1 / 2", "50", "0.15", "7.5"},
				{"回访满意度", "2 次回访平均 4.5 分（满分 5）", "90", "0.2", "18"},
				{"被投诉次数", "被投诉 1 次，每次扣 20 分", "80", "0.1", "8"},
				{"返工次数", "返工 1 次，每次扣 10 分", "90", "0.05", "4.5"},
				{"培训学时", "培训 3.5 学时，目标 16 学时", "21.88", "0.05", "1.094"},
				{"服务质量（主管评分）", "主管评分", "85", "0.15", "12.75"},
				{"合计", "", "", "1", "78.84"},
			} {
				assert.Equal(t, want, rowCells(t, v, h+1+i, 5), "row %d", i)
			}
			assert.Equal(t, "被考核人签字：________________　　日期：________________", v.cell(ref(t, 1, h+8+3)))
			assert.Equal(t, "考核人签字：________________　　日期：________________", v.cell(ref(t, 1, h+8+4)))
		})
	}
}
