package complaint

import (
	"context"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// Report builds the analysis report of month at the service clock's now
// (C5.1, C5.2), with its delivery if recorded. A month that has not begun
// is refused; the current month gives a partial report.
func (s *Service) Report(ctx context.Context, month Month) (Report, error) {
	if err := month.validate(); err != nil {
		return Report{}, err
	}
	now := s.clock.Now()
	if month.Start().After(now) {
		return Report{}, invalid("report_month_in_future", "%s 尚未开始，不能生成客户投诉分析报告", month)
	}
	// One complaint at a time: through a Store's Scanner, the report never
	// holds the month's complaints (ReportBuilder).
	b := NewReportBuilder(month, now, s.cal.Load(), s.policy)
	err := s.scan(ctx, Query{ReceivedFrom: month.Prev().Start(), ReceivedTo: month.End()}, func(c *Complaint) error {
		b.Add(c)
		return nil
	})
	if err != nil {
		return Report{}, err
	}
	r := b.Report()
	if d, ok, err := s.delivery(ctx, month); err != nil {
		return Report{}, err
	} else if ok {
		r.Delivery = &d
	}
	return r, nil
}

// DeliverCommand records the delivery of a month's report.
type DeliverCommand struct {
	To    string // the general manager
	Ref   string // the document delivered
	At    time.Time
	Actor aftersales.Actor
}

// DeliverReport records that month's report reached the general manager
// (C5.1). The month must be over.
func (s *Service) DeliverReport(ctx context.Context, month Month, cmd DeliverCommand) (Delivery, error) {
	if err := checkActor(cmd.Actor); err != nil {
		return Delivery{}, err
	}
	if !isAfterSales(cmd.Actor) {
		return Delivery{}, forbidden("deliver_forbidden", "客户投诉分析报告由售后管理部报送（C5.1）")
	}
	now := s.clock.Now()
	at, err := aftersales.EventTime(now, cmd.At, month.End(), "报送月度报告")
	if err != nil {
		return Delivery{}, err
	}
	to, err := aftersales.Text(cmd.To, true, aftersales.MaxShortText, "recipient", "报送对象（公司总经理）")
	if err != nil {
		return Delivery{}, err
	}
	ref, err := aftersales.Text(cmd.Ref, false, 2*aftersales.MaxShortText, "ref", "报告文件")
	if err != nil {
		return Delivery{}, err
	}
	d := Delivery{Month: month, To: to, By: cmd.Actor.ID, At: at, Ref: ref}
	if err := storeErr(s.store.SaveDelivery(ctx, d)); err != nil {
		return Delivery{}, err
	}
	return d, nil
}

// ReportDuty is the C5.1 deadline of one month's report.
type ReportDuty struct {
	Month    Month                    `json:"month"`
	Due      time.Time                `json:"due"`
	State    aftersales.DeadlineState `json:"state"`
	Delivery *Delivery                `json:"delivery,omitempty"`
}

// ReportDuties returns the report deadline of every month from since to
// the last month that is over, at the service clock's now.
func (s *Service) ReportDuties(ctx context.Context, since Month) ([]ReportDuty, error) {
	if err := since.validate(); err != nil {
		return nil, err
	}
	ds, err := s.store.Deliveries(ctx)
	if err != nil {
		return nil, storeErr(err)
	}
	byMonth := map[Month]Delivery{}
	for _, d := range ds {
		byMonth[d.Month] = d
	}
	now := s.clock.Now()
	var out []ReportDuty
	for m := since; !m.End().After(now); m = m.Next() {
		duty := ReportDuty{Month: m, Due: s.cal.Load().Deadline(m.LastDay().Start(), s.policy.ReportDays)}
		dl := aftersales.Deadline{Due: duty.Due}
		if d, ok := byMonth[m]; ok {
			duty.Delivery = &d
			dl.DoneAt = &d.At
		}
		duty.State = dl.State(now)
		out = append(out, duty)
	}
	return out, nil
}

func (s *Service) delivery(ctx context.Context, m Month) (Delivery, bool, error) {
	ds, err := s.store.Deliveries(ctx)
	if err != nil {
		return Delivery{}, false, storeErr(err)
	}
	for _, d := range ds {
		if d.Month == m {
			return d, true, nil
		}
	}
	return Delivery{}, false, nil
}

// scan calls fn for each complaint that matches q: through the Store's
// Scanner when it has one (no copies), else through List.
func (s *Service) scan(ctx context.Context, q Query, fn func(*Complaint) error) error {
	if sc, ok := s.store.(Scanner); ok {
		return storeErr(sc.Scan(ctx, q, fn))
	}
	cs, err := s.List(ctx, q)
	if err != nil {
		return err
	}
	for _, c := range cs {
		if err := fn(c); err != nil {
			return err
		}
	}
	return nil
}
