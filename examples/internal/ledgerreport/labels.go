package ledgerreport

import (
	"sort"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/ledger"
	"github.com/shouhou/shouhou/complaint"
)

// clauseTexts say in short what each clause asks for, with its period.
var clauseTexts = map[aftersales.Clause]string{
	aftersales.ClauseP1_2: "1 个工作日内转达责任部门",
	aftersales.ClauseP1_3: "紧急需求立即处理并反馈",
	aftersales.ClauseP3_1: "2 个工作日内调查并制定方案",
	aftersales.ClauseP3_2: "简单 5、复杂 10 个工作日内处理完毕",
	aftersales.ClauseP3_3: "上报的困难由售后管理部协调",
	aftersales.ClauseP4_1: "客户验收并签字确认",
	aftersales.ClauseP4_2: "处理完毕后 3 个工作日内回访",
	complaint.ClauseC2_1:  "1 个工作日内转达责任部门",
	complaint.ClauseC2_2:  "重大投诉立即启动预案，2 日内反馈",
	complaint.ClauseC3_1:  "3 个工作日内调查并制定方案",
	complaint.ClauseC4_1:  "7 个工作日内反馈处理结果",
}

// ClauseText says in short what a clause asks for, with its period, such
// as "1 个工作日内转达责任部门"; a clause the ledger audit does not judge gives
// its ID.
func ClauseText(c aftersales.Clause) string {
	if s, ok := clauseTexts[c]; ok {
		return s
	}
	return string(c)
}

// StepText names a step of a clause with several obligations: the main
// step, the feedback to the customer, the progress report or the
// coordination.
func StepText(step string) string {
	switch step {
	case aftersales.StepFeedback:
		return "反馈客户"
	case aftersales.StepProgress:
		return "反馈处理进展"
	case aftersales.StepCoordination:
		return "协调"
	case "":
		return "主要步骤"
	}
	return step
}

// noteTexts say what each kind of note means.
var noteTexts = map[string]string{
	ledger.CodeTimeMissing:       "只有日期没有时刻（按日期判断工作日期限）",
	ledger.CodeComplexityMissing: "已制定方案但未注明简单或复杂（按复杂问题判断）",
	ledger.CodeDepartmentMissing: "未填写责任部门",
	ledger.CodeFirstRoundMissing: "验收不合格但没有首次完成时间",
	ledger.CodeHourUnjudged:      "小时时限因缺少时刻无法判断",
	ledger.CodeMajorAtAssumed:    "重大投诉没有认定时间（按接收时间起算）",
}

// NoteText says what a note's code means (ledger.CodeTimeMissing and its
// kin); an unknown code is returned as it is.
func NoteText(code string) string {
	if s, ok := noteTexts[code]; ok {
		return s
	}
	return code
}

// SortedCodes returns the keys of a count by code, such as
// ledger.Summary.NotesByCode, in order.
func SortedCodes(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// clauseSheet names the report sheet of a clause, such as "P1.2 转达".
func clauseSheet(c aftersales.Clause) string {
	short := map[aftersales.Clause]string{
		aftersales.ClauseP1_2: "转达", aftersales.ClauseP1_3: "紧急处理", aftersales.ClauseP3_1: "处理方案",
		aftersales.ClauseP3_2: "处理期限", aftersales.ClauseP3_3: "协调", aftersales.ClauseP4_1: "验收签字",
		aftersales.ClauseP4_2: "回访", complaint.ClauseC2_1: "投诉转达", complaint.ClauseC2_2: "重大投诉",
		complaint.ClauseC3_1: "投诉调查", complaint.ClauseC4_1: "投诉结果反馈",
	}[c]
	return string(c) + " " + short
}

// clausesOf lists the clauses of a kind of table in report order.
func clausesOf(k ledger.Kind) []aftersales.Clause {
	if k == ledger.Complaints {
		return []aftersales.Clause{complaint.ClauseC2_1, complaint.ClauseC2_2, complaint.ClauseC3_1, complaint.ClauseC4_1}
	}
	return []aftersales.Clause{aftersales.ClauseP1_2, aftersales.ClauseP1_3, aftersales.ClauseP3_1, aftersales.ClauseP3_2,
		aftersales.ClauseP3_3, aftersales.ClauseP4_1, aftersales.ClauseP4_2}
}

// FieldHeaders name fields by their default headers, such as the columns
// a clause lacks (ledger.ClauseSummary.Missing).
func FieldHeaders(k ledger.Kind, fs []ledger.Field) []string {
	h := ledger.DefaultHeaders(k)
	out := make([]string, len(fs))
	for i, f := range fs {
		out[i] = h[f]
	}
	return out
}
