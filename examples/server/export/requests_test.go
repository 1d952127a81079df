package export_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/export"
)

// The 客户反馈登记表 of a request through its whole lifecycle: urgent,
// escalated, rejected once, accepted with a screen signature, visited.
func TestP1_2_FeedbackForm(t *testing.T) {
	w := newWorld(t)
	d := export.FeedbackForm(w.request, cst(2026, 10, 20, 9, 0))
	assert.Equal(t, "客户反馈登记表-AS-0003.xlsx", d.FileName(export.XLSX))
	assert.Equal(t, "客户反馈登记表-AS-0003.csv", d.FileName(export.CSV))
	require.Len(t, d.Rows, 11, "P1.2, P1.3 and its feedback, P3.1, P3.2, the P3.3 coordination owed, the result feedback, the P4.2 cancelled by the rejection, the rework, its feedback, P4.2 again")

	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "客户反馈登记表", v.cell("A1"))
			assert.Equal(t, "依据条款：P1.2、P4.1", v.cell("A2"))
			assert.Equal(t, "登记编号", v.cell("A3"))
			assert.Equal(t, "AS-0003", v.cell("B3"))
			assert.Equal(t, "客户", v.cell("A4"))
			assert.Equal(t, "张先生（c-001）", v.cell("B4"))
			assert.Equal(t, "电话 13800000000；微信 zhang501", field(t, v, "联系方式"))
			assert.Equal(t, "P-001", field(t, v, "项目编号"))
			assert.Equal(t, "3号楼2单元501", field(t, v, "部位或位置"))
			assert.Equal(t, "防水防渗漏", field(t, v, "部位类别"))
			assert.Equal(t, "卫生间顶棚渗水，吊顶发霉", field(t, v, "问题描述"))
			assert.Equal(t, "photos/AS-0003-1.jpg；photos/AS-0003-2.jpg", field(t, v, "附件"))
			assert.Equal(t, "电话", field(t, v, "反馈方式"))
			assert.Equal(t, "2026-09-30 16:20", field(t, v, "接收时间"))
			assert.Equal(t, "赵敏", field(t, v, "登记人"))
			assert.Equal(t, "施工质量", field(t, v, "问题原因"))
			assert.Equal(t, "是", field(t, v, "是否紧急"))
			assert.Equal(t, "关闭楼上给水阀门，临时接水（2026-09-30 17:30）", field(t, v, "紧急处理措施"))
			assert.Equal(t, "项目一部（2026-10-08 09:00 转达）", field(t, v, "责任部门"))
			assert.Equal(t, "拆除吊顶，修补防水层；计划处理时间 2026-10-09 09:00；责任人 周工；简单问题（2026-10-08 12:00 制定）",
				field(t, v, "处理方案（项目一部）"))
			assert.Equal(t, "重做吊顶并复查，无渗漏（2026-10-15 16:00 完成）", field(t, v, "处理结果（项目一部）"))
			assert.Equal(t, "楼上住户不配合入户（2026-10-09 10:00，u-site）", field(t, v, "上报困难（项目一部）"))
			assert.Equal(t, "吊顶仍有水渍（2026-10-13 09:00）", field(t, v, "验收不合格（第 1 次）"))
			assert.Equal(t, "张先生", field(t, v, "验收签字人"))
			assert.Equal(t, "2026-10-16 10:00", field(t, v, "验收时间"))
			assert.Equal(t, "屏幕签字", field(t, v, "签字方式"))
			assert.Equal(t, "sig/AS-0003.png", field(t, v, "签字凭证"))
			assert.Equal(t, "已关闭", field(t, v, "当前状态"))

			require.Len(t, table(t, v, "条款"), 11)
			h := rowOf(t, v, "条款")
			assert.Equal(t, []string{"条款", "事项", "责任部门", "起算时间", "截止时间", "状态", "完成时间"}, rowCells(t, v, h, 7))
			for i, want := range [][]string{
				{"P1.2", "转达责任部门（1 个工作日内）", "", "2026-09-30 16:20", "2026-10-09 00:00", "按期", "2026-10-08 09:00"},
				{"P1.3", "紧急处理措施（4 小时内）", "", "2026-09-30 16:20", "2026-09-30 20:20", "按期", "2026-09-30 17:30"},
				{"P1.3", "向客户反馈紧急处理情况（1 个工作日内）", "", "2026-09-30 17:30", "2026-10-09 00:00", "逾期", ""},
				{"P3.1", "调查核实并制定处理方案（2 个工作日内）", "项目一部", "2026-10-08 09:00", "2026-10-11 00:00", "按期", "2026-10-08 12:00"},
				{"P3.2", "完成处理（5 个工作日内）", "项目一部", "2026-10-08 09:00", "2026-10-15 00:00", "按期", "2026-10-12 17:00"},
				{"P3.3", "售后管理部协调上报的困难（1 个工作日内）", "项目一部", "2026-10-09 10:00", "2026-10-11 00:00", "逾期", ""},
				{"P3.2", "向客户反馈处理结果（1 个工作日内）", "项目一部", "2026-10-12 17:00", "2026-10-14 00:00", "按期", "2026-10-13 09:00"},
				{"P4.2", "客户回访（3 个工作日内）", "", "2026-10-12 17:00", "2026-10-16 00:00", "已取消", ""},
				{"P3.2", "验收不合格后重新处理（第 1 轮）（5 个工作日内）", "项目一部", "2026-10-13 09:00", "2026-10-21 00:00", "按期", "2026-10-15 16:00"},
				{"P3.2", "向客户反馈处理结果（1 个工作日内）", "项目一部", "2026-10-15 16:00", "2026-10-17 00:00", "按期", "2026-10-16 10:00"},
				{"P4.2", "客户回访（3 个工作日内）", "", "2026-10-15 16:00", "2026-10-21 00:00", "按期", "2026-10-19 10:00"},
			} {
				assert.Equal(t, want, rowCells(t, v, h+1+i, 7), "deadline %d", i)
			}
			notes := rowOf(t, v, "客户已于 2026-10-16 10:00 验收合格并签字确认（P4.1）。")
			assert.Equal(t, "期限按国家法定工作日计算（民法典第二百零一、二百零三条），截止时间“某日 00:00”即前一日 24:00；状态截至 2026-10-20 09:00。",
				v.cell(ref(t, 1, notes-1)))
		})
	}
}

// A request the customer has not signed yet: its form ends with a blank
// signature line (P4.1), and its deadlines are judged at the instant given.
func TestP4_1_FeedbackFormUnsigned(t *testing.T) {
	w := newWorld(t)
	d := export.FeedbackForm(w.unsigned, cst(2026, 10, 23, 0, 0))
	require.Len(t, d.Rows, 2)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "AS-0004", v.cell("B3"))
			assert.Equal(t, "邮箱 wang@example.com", field(t, v, "联系方式"))
			assert.Equal(t, "微信", field(t, v, "反馈方式"))
			assert.Equal(t, "否", field(t, v, "是否紧急"))
			assert.Equal(t, "无", field(t, v, "附件"))
			assert.Equal(t, "材料质量", field(t, v, "问题原因"))
			assert.Equal(t, "物资采购部（2026-10-20 09:00 转达）", field(t, v, "责任部门"))
			assert.Equal(t, "尚未制定", field(t, v, "处理方案（物资采购部）"))
			assert.Equal(t, "尚未完成", field(t, v, "处理结果（物资采购部）"))
			assert.Equal(t, "处理中", field(t, v, "当前状态"))
			h := rowOf(t, v, "条款")
			assert.Equal(t, []string{"P3.1", "调查核实并制定处理方案（2 个工作日内）", "物资采购部", "2026-10-20 09:00", "2026-10-23 00:00", "逾期", ""},
				rowCells(t, v, h+2, 7), "due at 24:00 of 10-22: missed at 10-23 00:00")
			sign := rowOf(t, v, "客户验收签字（P4.1）：")
			assert.Equal(t, "客户签字：________________　　日期：________________", v.cell(ref(t, 1, sign+1)))
		})
	}
	for _, label := range []string{"验收签字人", "验收时间", "签字方式"} {
		for _, f := range d.Fields {
			assert.NotEqual(t, label, f.Label, "no signature yet")
		}
	}
}

// The 客户回访记录表: the rating with its words, ticked on the scale.
func TestP4_2_VisitRecord(t *testing.T) {
	w := newWorld(t)
	d := export.VisitRecord(w.request)
	assert.Equal(t, "客户回访记录表-AS-0003.xlsx", d.FileName(export.XLSX))
	require.Len(t, d.Rows, 5)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "客户回访记录表", v.cell("A1"))
			assert.Equal(t, "依据条款：P4.2", v.cell("A2"))
			assert.Equal(t, "售后需求编号", v.cell("A3"))
			assert.Equal(t, "AS-0003", v.cell("B3"))
			assert.Equal(t, "张先生（c-001）", field(t, v, "客户"))
			assert.Equal(t, "2026-10-16 10:00", field(t, v, "验收时间"))
			assert.Equal(t, "2026-10-15 16:00", field(t, v, "处理完毕时间"))
			assert.Equal(t, "2026-10-21 00:00", field(t, v, "回访期限"), "3 working days from the completion the customer accepted, not from the acceptance")
			assert.Equal(t, "2026-10-19 10:00", field(t, v, "回访时间"))
			assert.Equal(t, "赵敏", field(t, v, "回访人"))
			assert.Equal(t, "4（满意）", field(t, v, "满意度"))
			assert.Equal(t, "希望维修前提前电话告知", field(t, v, "意见建议"))
			assert.Equal(t, "按期", field(t, v, "是否按期回访"))
			require.Len(t, table(t, v, "分值"), 5)
			h := rowOf(t, v, "分值")
			assert.Equal(t, []string{"分值", "评价", "客户选择"}, rowCells(t, v, h, 3))
			assert.Equal(t, []string{"5", "很满意", ""}, rowCells(t, v, h+1, 3))
			assert.Equal(t, []string{"4", "满意", "√"}, rowCells(t, v, h+2, 3))
			assert.Equal(t, []string{"1", "很不满意", ""}, rowCells(t, v, h+5, 3))
		})
	}
}

// Before the visit the record is a blank form to fill in by hand.
func TestP4_2_VisitRecordBlank(t *testing.T) {
	w := newWorld(t)
	d := export.VisitRecord(w.unsigned)
	views(t, d)
	assert.Equal(t, "", fieldOf(t, d, "满意度"))
	assert.Equal(t, "", fieldOf(t, d, "回访人"))
	for _, r := range d.Rows {
		assert.Equal(t, "", r[2], "nothing ticked")
	}
}

// The 客户反馈登记表 also records what the customer was told (P1.3, P3.2),
// the after-sales department's coordination (P3.3) and any pause of the
// clocks with its reason and evidence; paused clocks read 暂停中.
func TestP3_3_FeedbackFormRecordsFeedbackCoordinationAndPauses(t *testing.T) {
	w := newWorld(t)
	ctx := t.Context()
	w.now = cst(2026, 10, 20, 9, 0)
	r, err := w.requests.Register(ctx, aftersales.RegisterCommand{Actor: desk, Registration: aftersales.Registration{
		Customer: aftersales.Customer{ID: "c-001", Name: "张先生"}, ProjectID: "P-001", Description: "外墙渗水",
		Channel: aftersales.ChannelPhone, ReceivedAt: cst(2026, 10, 20, 8, 0), Cause: aftersales.CauseConstruction, Urgent: true}})
	require.NoError(t, err)
	steps := []func() (*aftersales.Request, error){
		func() (*aftersales.Request, error) {
			return w.requests.HandleUrgent(ctx, r.ID, aftersales.UrgentCommand{Measures: "临时封堵", Actor: desk})
		},
		func() (*aftersales.Request, error) {
			return w.requests.Feedback(ctx, r.ID, aftersales.FeedbackCommand{Kind: aftersales.FeedbackUrgent, Channel: aftersales.ChannelPhone,
				Summary: "已临时封堵", Actor: desk})
		},
		func() (*aftersales.Request, error) {
			return w.requests.Forward(ctx, r.ID, aftersales.ForwardCommand{Actor: desk})
		},
		func() (*aftersales.Request, error) {
			return w.requests.Escalate(ctx, r.ID, aftersales.EscalateCommand{Department: "项目一部", Reason: "需搭脚手架", Actor: site})
		},
		func() (*aftersales.Request, error) {
			return w.requests.Coordinate(ctx, r.ID, aftersales.CoordinateCommand{Department: "项目一部", Coordinator: "u-head",
				Measures: "协调物业搭设脚手架", Actor: head})
		},
		func() (*aftersales.Request, error) {
			return w.requests.Pause(ctx, r.ID, aftersales.PauseCommand{Reason: aftersales.PauseCustomerAsked, Note: "客户要求周末后施工",
				Evidence: []string{"chat/1021.png"}, Actor: desk})
		},
	}
	for _, step := range steps {
		w.now = w.now.Add(time.Hour)
		r, err = step()
		require.NoError(t, err)
	}
	d := export.FeedbackForm(r, w.now)
	for _, v := range views(t, d) {
		t.Run(string(v.format()), func(t *testing.T) {
			assert.Equal(t, "已临时封堵（电话，2026-10-20 11:00，u-staff）", field(t, v, "紧急处理情况反馈"))
			assert.Equal(t, "协调物业搭设脚手架；协调人 u-head（2026-10-20 14:00，u-head）", field(t, v, "售后管理部协调（项目一部）"))
			assert.Equal(t, "客户要求暂缓：客户要求周末后施工；证据 chat/1021.png；2026-10-20 15:00 起，暂停中", field(t, v, "计时暂停"))
			h := rowOf(t, v, "条款")
			var states []string
			for i := range len(d.Rows) {
				cells := rowCells(t, v, h+1+i, 7)
				if cells[0] == "P3.1" {
					states = append(states, cells[5])
				}
			}
			assert.Equal(t, []string{"暂停中"}, states, "the plan's clock stands still")
		})
	}
}
