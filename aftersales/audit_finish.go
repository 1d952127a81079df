package aftersales

import (
	"fmt"
	"sort"
	"time"

	"github.com/shouhou/shouhou/calendar"
)

// finish reports the steps still owed whose deadline passed before now (or
// before the request ended).
func (a *auditor) finish() []Finding {
	if !a.registered {
		a.missing(ClauseP1_2, "", time.Time{}, "历史记录中没有登记（《客户反馈登记表》）")
		return a.findings
	}
	until := a.now
	if a.ended && a.endAt.Before(until) {
		until = a.endAt
	}
	missed := func(c Clause, step, dept string, due, raw time.Time, paused int, what string) {
		if !until.Before(due) {
			a.findings = append(a.findings, Finding{Clause: c, Step: step, Kind: FindingMissed, Department: dept, Due: due,
				RawDue: raw, PausedWorkdays: paused, What: fmt.Sprintf("%s，期限 %s 已过%s", what, cstText(due), pausedText(paused))})
		}
	}
	plain := func(c Clause, step, dept string, due time.Time, what string) {
		missed(c, step, dept, due, time.Time{}, 0, what)
	}
	// net reports a pausable step still owed, unless its clock stands still.
	net := func(c Clause, step, dept string, from time.Time, n int, what string) {
		if due, raw, paused, frozen := a.netDue(from, n, time.Time{}); !frozen {
			missed(c, step, dept, due, raw, paused, what)
		}
	}
	if a.forwarded == nil {
		plain(ClauseP1_2, "", "", a.due(a.received, a.policy.ForwardDays), "从未转达责任部门")
	}
	if a.urgent && a.urgentHandled == nil {
		plain(ClauseP1_3, "", "", calendar.AddHours(a.received, a.policy.UrgentHours), "紧急需求未登记紧急处理措施")
	}
	if a.urgentFeedback != nil {
		plain(ClauseP1_3, StepFeedback, "", a.due(*a.urgentFeedback, a.policy.FeedbackDays), "紧急处理后未向客户反馈处理情况")
	}
	for _, d := range a.order {
		p := a.parts[d]
		if !p.planned {
			net(ClauseP3_1, "", d, p.received, a.policy.PlanDays, "未制定处理方案")
		}
		if !p.done {
			net(ClauseP3_2, "", d, p.roundStart, a.handlingDays(p), handlingWhat(p)+"未完成")
		}
		if p.progressFrom != nil {
			net(ClauseP3_2, StepProgress, d, *p.progressFrom, a.policy.ProgressDays, "复杂问题处理中未向客户反馈进展")
		}
		if p.feedbackFrom != nil {
			net(ClauseP3_2, StepFeedback, d, *p.feedbackFrom, a.policy.FeedbackDays, "处理完成后未向客户反馈处理结果")
		}
		if p.reportedAt != nil {
			plain(ClauseP3_3, StepCoordination, d, a.due(*p.reportedAt, a.policy.CoordinateDays), "上报的困难未经售后管理部协调")
		}
	}
	if a.handled != nil && a.visited == nil {
		plain(ClauseP4_2, "", "", a.due(*a.handled, a.policy.VisitDays), "处理完毕后未回访")
	}
	if a.pausedNow() {
		p := a.pauses[len(a.pauses)-1]
		plain(ClauseG3_3, StepPauseLimit, "", a.due(p.at, a.policy.PauseLimitDays), "暂停计时超过时限仍未恢复")
	}
	sort.SliceStable(a.findings, func(i, j int) bool {
		fi, fj := a.findings[i], a.findings[j]
		ti, tj := fi.Due, fj.Due
		if ti.IsZero() {
			ti = fi.DoneAt
		}
		if tj.IsZero() {
			tj = fj.DoneAt
		}
		return ti.Before(tj)
	})
	return a.findings
}

func cstText(t time.Time) string { return t.In(calendar.CST()).Format("2006-01-02 15:04") }
