package scheduler

import (
	"context"
	"fmt"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

// scanWarranties reminds about the W2.1 notice and the W3.2 summary when
// due within RemindBefore, and reports them when missed and still owed,
// with every inspection window that passed without an inspection (W2.2).
func (s *Scheduler) scanWarranties(ctx context.Context, t *tick) error {
	duties, err := s.warranties.Duties(ctx, false)
	if err != nil {
		return fmt.Errorf("warranty duties: %w", err)
	}
	for _, d := range duties {
		var kind, phase string
		switch {
		case !d.DoneAt.IsZero():
			continue
		case d.State == aftersales.DeadlineMissed:
			phase = "missed"
		case d.State == aftersales.DeadlineOpen && d.Due.Before(t.now.Add(s.remindBefore)):
			phase = "soon"
		default:
			continue
		}
		switch d.Clause {
		case "W2.1":
			kind = KindWarrantyNotice
		case "W2.2":
			if phase != "missed" {
				continue
			}
			kind = KindInspection
		case "W3.2":
			kind = KindWarrantySummary
		default:
			continue
		}
		n := Notification{Kind: kind, Clause: d.Clause, Subject: d.ProjectID, Owner: aftersales.DeptAfterSales, Project: d.ProjectID, Due: d.Due,
			Message: warrantyMessage(d, phase)}
		n.Key = itemKey(n.Kind, n.Clause, n.Subject, n.Owner, 0, d.Due, phase)
		t.handle(ctx, n.Key, t.notify(n))
	}
	return nil
}

func warrantyMessage(d warranty.Duty, phase string) string {
	state := "，现已逾期"
	if phase == "soon" {
		state = "，即将到期"
	}
	return fmt.Sprintf("项目 %s：%s（%s，期限 %s）%s", d.ProjectID, d.What, d.Clause, when(d.Due), state)
}
