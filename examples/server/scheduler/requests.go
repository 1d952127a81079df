package scheduler

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// ClauseP3_3 is the escalation to the after-sales department when a
// department's handling is stuck. The scheduler applies it to a missed
// P3.2 deadline.
const ClauseP3_3 = aftersales.ClauseP3_3

// SystemActorID is the ID of the actor the scheduler acts as.
const SystemActorID = "scheduler"

// SystemActor returns who the scheduler acts as in a request's history.
func SystemActor() aftersales.Actor {
	return aftersales.Actor{ID: SystemActorID, Name: "售后调度程序", Role: aftersales.RoleSystem}
}

// scanRequests reminds about after-sales deadlines due soon, reports the
// overdue ones, and escalates missed P3.2 handling deadlines (P3.3).
func (s *Scheduler) scanRequests(ctx context.Context, t *tick) error {
	var errs []error
	soon, err := s.requests.DueWithin(ctx, t.now, t.now.Add(s.remindBefore))
	if err != nil {
		errs = append(errs, fmt.Errorf("after-sales deadlines due soon: %w", err))
	}
	for _, it := range soon {
		d := it.Deadline
		if !d.Due.After(t.now) || d.Paused() {
			continue // due now: overdue, not a reminder; or its clock stands still
		}
		n := Notification{Kind: KindReminder, Clause: string(d.Clause), Subject: it.RequestID, Number: it.Number, Owner: it.Owner, Project: it.ProjectID, Due: d.Due,
			Message: fmt.Sprintf("售后需求 %s：%s须在 %s 前%s（%s），请及时办理", shown(it.Number, it.RequestID), aftersales.DepartmentLabel(it.Owner), when(d.Due), d.What(), d.Clause)}
		n.Key = deadlineKey(n, d)
		t.handle(ctx, n.Key, t.notify(n))
	}
	// The overdue deadlines that fell due since the last scan that left
	// nothing to retry and those of the requests written since, or all of
	// them at a sweep (watermark).
	before := t.res.Failed + t.res.Deferred + t.elsewhere
	overdue, sweep, position, err := s.overdueItems(ctx, t.now)
	if err != nil {
		errs = append(errs, fmt.Errorf("overdue after-sales deadlines: %w", err))
	}
	defer func() {
		if err == nil && len(errs) == 0 && t.res.Failed+t.res.Deferred+t.elsewhere == before && ctx.Err() == nil {
			s.overdue.handled(t.now, sweep, position)
		}
	}()
	t.watching = true
	defer func() { t.watching = false }()
	for _, it := range overdue {
		d := it.Deadline
		n := Notification{Kind: KindOverdue, Clause: string(d.Clause), Subject: it.RequestID, Number: it.Number, Owner: it.Owner, Project: it.ProjectID, Due: d.Due,
			Message: fmt.Sprintf("售后需求 %s：%s应于 %s 前%s（%s），现已逾期", shown(it.Number, it.RequestID), aftersales.DepartmentLabel(it.Owner), when(d.Due), d.What(), d.Clause)}
		if d.Step == aftersales.StepPauseLimit {
			// G3.3: a pause that outlives the company's limit goes to the
			// after-sales department.
			n.Message = fmt.Sprintf("售后需求 %s：计时暂停已超过时限（%s 届满，G3.3），请恢复计时或说明原因", shown(it.Number, it.RequestID), when(d.Due))
		}
		n.Key = deadlineKey(n, d)
		t.handle(ctx, n.Key, t.notify(n))
		if d.Clause == aftersales.ClauseP3_2 && d.Step == "" {
			if err := s.escalation(ctx, t, it); err != nil {
				errs = append(errs, err)
			}
		}
	}
	return errors.Join(errs...)
}

// overdueItems returns the overdue after-sales deadlines a scan at now
// reads (watermark): at a sweep every one; between sweeps those due since
// the last clean scan, and every overdue deadline of the requests the
// ChangeFeed names as written since. It returns whether it swept and the
// feed's position it read up to.
func (s *Scheduler) overdueItems(ctx context.Context, now time.Time) (_ []aftersales.DeadlineItem, sweep bool, position string, err error) {
	from, sweep, position := s.overdue.from(now, s.sweepEvery, s.interval)
	if sweep && s.changes != nil {
		// The feed's end before the read: what is written after is read
		// as a change by the next tick.
		if position, err = s.changes.End(ctx); err != nil {
			return nil, sweep, "", err
		}
	}
	items, err := s.requests.Deadlines(ctx, aftersales.DeadlineQuery{OverdueOnly: true, DueFrom: from})
	if err != nil || sweep || s.changes == nil {
		return items, sweep, position, err
	}
	ids, next, err := s.changes.Requests(ctx, position)
	if err != nil {
		return items, false, "", err
	}
	seen := map[string]bool{}
	for _, it := range items {
		seen[it.Cursor().String()] = true
	}
	// A changed request that cannot be read does not hold back the
	// others: the items read are returned with the error, and the error
	// keeps the watermark (and the feed's position) where it was, so that
	// the next tick reads the request again.
	var errs []error
	for _, id := range ids {
		r, err := s.requests.Get(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("changed request %s: %w", id, err))
			continue
		}
		for _, it := range aftersales.PendingItems(r) {
			if it.Deadline.Overdue(now) && !seen[it.Cursor().String()] {
				it.State = it.Deadline.State(now)
				items = append(items, it)
			}
		}
	}
	slices.SortFunc(items, func(a, b aftersales.DeadlineItem) int { return a.Cursor().Compare(b.Cursor()) })
	return items, false, next, errors.Join(errs...)
}

// escalation handles the P3.3 escalation of a missed P3.2 deadline: once
// per part. A part already escalated by a person is left alone; one the
// scheduler escalated for this deadline is only notified, for the retry
// after a failed notification.
func (s *Scheduler) escalation(ctx context.Context, t *tick, it aftersales.DeadlineItem) error {
	r, err := s.requests.Get(ctx, it.RequestID)
	if err != nil {
		return fmt.Errorf("escalation of %s: %w", it.RequestID, err)
	}
	d := it.Deadline
	p, ok := r.Part(d.Department)
	if !ok || (p.Escalated && !escalatedBySystem(r, d)) {
		return nil
	}
	key := itemKey(KindEscalated, string(ClauseP3_3), it.RequestID, aftersales.DeptAfterSales, d.Round, d.Due, d.Department)
	t.handle(ctx, key, func(ctx context.Context) (outcome, error) { return s.escalate(ctx, t, key, it) })
	return nil
}

// escalate is the action of an escalation item: it checks the request
// again, escalates under the version it read, and notifies.
func (s *Scheduler) escalate(ctx context.Context, t *tick, key string, it aftersales.DeadlineItem) (outcome, error) {
	d := it.Deadline
	r, err := s.requests.Get(ctx, it.RequestID)
	if err != nil {
		return 0, err
	}
	p, ok := r.Part(d.Department)
	if !ok || !stillOwed(r, d) {
		return nothing, nil // done, cancelled or reclassified since the scan
	}
	if !p.Escalated {
		reason := fmt.Sprintf("%s的处理期限（P3.2%s，%s 届满）已过仍未完成，系统自动上报售后管理部协调处理（P3.3）",
			aftersales.DepartmentLabel(d.Department), roundLabel(d.Round), when(d.Due))
		r, err = s.requests.Escalate(ctx, r.ID, aftersales.EscalateCommand{Department: d.Department, Reason: reason,
			Actor: SystemActor(), Version: r.Version})
		if err != nil {
			return 0, err
		}
		t.res.Escalated++
	}
	if !escalatedBySystem(r, d) {
		return nothing, nil // a person escalated it first
	}
	n := Notification{Key: key, Kind: KindEscalated, Clause: string(ClauseP3_3), Subject: r.ID, Number: r.Number, Owner: aftersales.DeptAfterSales, Project: r.ProjectID, Due: d.Due, At: t.now,
		Message: fmt.Sprintf("售后需求 %s：%s的处理期限（P3.2%s）已于 %s 届满仍未完成，已上报售后管理部，请协调相关部门处理（P3.3）",
			shown(r.Number, r.ID), aftersales.DepartmentLabel(d.Department), roundLabel(d.Round), when(d.Due))}
	return sent, s.notifier.Notify(ctx, n)
}

// stillOwed reports whether r still has the pending deadline d.
func stillOwed(r *aftersales.Request, d aftersales.Deadline) bool {
	for _, x := range r.Deadlines {
		if x.Clause == d.Clause && x.Step == d.Step && x.Department == d.Department && x.Round == d.Round && x.Due.Equal(d.Due) && x.Pending() {
			return true
		}
	}
	return false
}

// escalatedBySystem reports whether the scheduler escalated d's part after
// d fell due.
func escalatedBySystem(r *aftersales.Request, d aftersales.Deadline) bool {
	for _, e := range r.Escalations {
		if e.By == SystemActorID && e.Department == d.Department && !e.At.Before(d.Due) {
			return true
		}
	}
	return false
}

// deadlineKey is the claim key of a reminder or overdue notice of d. The
// key of a clause's main step is what it was before steps existed, so that
// an upgrade sends nothing twice.
func deadlineKey(n Notification, d aftersales.Deadline) string {
	if d.Step == "" {
		return itemKey(n.Kind, n.Clause, n.Subject, n.Owner, d.Round, d.Due)
	}
	return itemKey(n.Kind, n.Clause, n.Subject, n.Owner, d.Round, d.Due, d.Step)
}

func roundLabel(round int) string {
	if round == 0 {
		return ""
	}
	return fmt.Sprintf("，第 %d 轮返工", round)
}

// when formats an instant for a person, in China Standard Time.
func when(t time.Time) string { return t.In(cst).Format("2006-01-02 15:04") }

var cst = calendar.CST()
