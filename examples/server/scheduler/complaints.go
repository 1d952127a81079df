package scheduler

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// ClauseC4_2 is the complaint's escalation one level up the chain. The
// scheduler alerts that level when the owning level's C4.1 deadline passes.
const ClauseC4_2 aftersales.Clause = "C4.2"

// ClauseC5_1 is the monthly complaint analysis report.
const ClauseC5_1 aftersales.Clause = "C5.1"

// scanComplaints reports the overdue C2.1, C2.2 and C3.1 deadlines of open
// complaints (each department's C3.1 to that department) and pauses that
// outlived their limit (G3.3, to the after-sales department), and alerts
// the level above for each passed C4.1 deadline (C4.2). A paused clock is
// never overdue. It reads only the complaints with a pending deadline
// already due (complaint.Query.DueBefore).
func (s *Scheduler) scanComplaints(ctx context.Context, t *tick) error {
	// Only the complaints with a deadline already due (Overdue: due at
	// or before now), however many are open.
	cs, err := s.complaints.List(ctx, complaint.Query{Statuses: complaint.OpenStatuses(), DueBefore: t.now.Add(time.Nanosecond)})
	if err != nil {
		return fmt.Errorf("open complaints: %w", err)
	}
	chain := s.complaints.Policy().Chain
	for _, c := range cs {
		for _, d := range c.Deadlines {
			if !d.Overdue(t.now) {
				continue
			}
			var n Notification
			switch d.Clause {
			case complaint.ClauseC4_1:
				n = resultAlert(c, d, chain)
			case complaint.ClauseC2_1, complaint.ClauseC2_2, complaint.ClauseC3_1:
				n = complaintOverdue(c, d)
			case aftersales.ClauseG3_3:
				n = pauseOverdue(c, d)
			default:
				continue
			}
			t.handle(ctx, n.Key, t.notify(n))
		}
	}
	return nil
}

// resultAlert is the C4.2 alert to the level above the one that owes a
// passed C4.1 result, or to the top level when none is above.
func resultAlert(c *complaint.Complaint, d aftersales.Deadline, chain []complaint.Level) Notification {
	cur, next := levelLabel(c, chain, c.Level), chain[len(chain)-1]
	if c.Level+1 < len(chain) {
		next = chain[c.Level+1]
	}
	n := Notification{Kind: KindEscalated, Clause: string(ClauseC4_2), Subject: c.ID, Number: c.Number, Owner: next.ID, Project: c.ProjectID, Due: d.Due,
		Message: fmt.Sprintf("投诉 %s：%s应于 %s 前向客户反馈处理结果（C4.1），现已逾期，请%s督办（C4.2）",
			shown(c.Number, c.ID), cur, when(d.Due), next.Label)}
	n.Key = itemKey(n.Kind, n.Clause, n.Subject, n.Owner, d.Round, d.Due)
	return n
}

// complaintOverdue reports a passed C2.1, C2.2 or C3.1 deadline.
func complaintOverdue(c *complaint.Complaint, d aftersales.Deadline) Notification {
	owner, step, detail := aftersales.DeptAfterSales, complaint.What(d), ""
	switch {
	case d.Clause == complaint.ClauseC2_2:
		detail = d.Event // the emergency plan and the feedback are two steps
	case d.Clause == complaint.ClauseC3_1 && d.Department != "":
		owner = d.Department
	}
	n := Notification{Kind: KindOverdue, Clause: string(d.Clause), Subject: c.ID, Number: c.Number, Owner: owner, Project: c.ProjectID, Due: d.Due,
		Message: fmt.Sprintf("投诉 %s：%s应于 %s 前%s（%s），现已逾期", shown(c.Number, c.ID), aftersales.DepartmentLabel(owner), when(d.Due), step, d.Clause)}
	var extra []string
	if detail != "" {
		extra = []string{detail}
	}
	n.Key = itemKey(n.Kind, n.Clause, n.Subject, n.Owner, d.Round, d.Due, extra...)
	return n
}

// pauseOverdue reports a pause that outlived the company's limit (G3.3):
// the after-sales department is to resume the clocks or say why not.
func pauseOverdue(c *complaint.Complaint, d aftersales.Deadline) Notification {
	reason := ""
	if p, ok := c.CurrentPause(); ok {
		reason = "（" + p.Reason.Label() + "）"
	}
	n := Notification{Kind: KindOverdue, Clause: string(d.Clause), Subject: c.ID, Number: c.Number, Owner: aftersales.DeptAfterSales, Project: c.ProjectID, Due: d.Due,
		Message: fmt.Sprintf("投诉 %s：计时暂停%s已超过时限（%s 届满，G3.3），请恢复计时或说明原因", shown(c.Number, c.ID), reason, when(d.Due))}
	n.Key = itemKey(n.Kind, n.Clause, n.Subject, n.Owner, d.Round, d.Due, d.Step)
	return n
}

// levelLabel names the chain level that owns c, with the department at
// the first level.
func levelLabel(c *complaint.Complaint, chain []complaint.Level, level int) string {
	if level >= len(chain) {
		return "最高一级"
	}
	if level == 0 && len(c.Parts) > 0 {
		names := make([]string, len(c.Parts))
		for i, p := range c.Parts {
			names[i] = aftersales.DepartmentLabel(p.Department)
		}
		return chain[0].Label + "（" + strings.Join(names, "、") + "）"
	}
	return chain[level].Label
}

// scanReports reports every month's complaint analysis report past its
// due day and not delivered (C5.1).
func (s *Scheduler) scanReports(ctx context.Context, t *tick) error {
	duties, err := s.complaints.ReportDuties(ctx, s.reportsSince)
	if err != nil {
		return fmt.Errorf("complaint report duties: %w", err)
	}
	for _, d := range duties {
		if d.State != aftersales.DeadlineMissed || d.Delivery != nil {
			continue
		}
		month := d.Month.String()
		n := Notification{Kind: KindComplaintReport, Clause: string(ClauseC5_1), Subject: month, Owner: aftersales.DeptAfterSales, Due: d.Due,
			Message: fmt.Sprintf("%s 客户投诉分析报告应于 %s 前由售后管理部报送公司总经理（C5.1），现已逾期", month, when(d.Due))}
		n.Key = itemKey(n.Kind, n.Clause, n.Subject, n.Owner, 0, d.Due)
		t.handle(ctx, n.Key, t.notify(n))
	}
	return nil
}
