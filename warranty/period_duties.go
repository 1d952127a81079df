package warranty

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// NoticeCommand records the W2.1 notice of warranty arrangements.
type NoticeCommand struct {
	To      []string  // the project and responsible departments told
	At      time.Time // when they were told; zero means now
	Remark  string
	Actor   aftersales.Actor
	Version int
}

// RecordNotice records who was told of the warranty arrangements, and
// when (W2.1).
func (s *Service) RecordNotice(ctx context.Context, projectID string, cmd NoticeCommand) (*Warranty, error) {
	if err := requireDesk(cmd.Actor, "登记质保期工作安排通知（W2.1）"); err != nil {
		return nil, err
	}
	return s.update(ctx, projectID, cmd.Version, cmd.Actor, "notified", func(w *Warranty, now time.Time) (string, error) {
		if w.Notice != nil {
			return "", aftersales.Errorf(aftersales.KindNotAllowed, "already_notified", "质保期工作安排已于 %s 通知", w.Notice.At.In(calendar.CST()).Format(time.DateOnly))
		}
		if len(cmd.To) == 0 {
			return "", invalid("recipients_required", "须写明通知的项目部和责任部门（W2.1）")
		}
		at := cmd.At
		if at.IsZero() {
			at = now
		}
		if at.After(now.Add(5 * time.Minute)) {
			return "", invalid("time_in_future", "通知时间晚于当前时间")
		}
		to := make([]string, 0, len(cmd.To))
		for _, d := range cmd.To {
			d, err := required(d, "recipient", "通知对象")
			if err != nil {
				return "", err
			}
			to = append(to, d)
		}
		remark, err := aftersales.Text(cmd.Remark, false, aftersales.MaxLongText, "remark", "备注")
		if err != nil {
			return "", err
		}
		w.Notice = &Notice{To: to, By: cmd.Actor.ID, At: at.In(calendar.CST()), Remark: remark}
		return "已通知 " + strings.Join(to, "、"), nil
	})
}

// NoticeDue returns the W2.1 deadline: 24:00 of the day one month before the
// warranty's (planned or actual) start.
func (w *Warranty) NoticeDue() (time.Time, bool) {
	start, ok := w.startDate()
	if !ok {
		return time.Time{}, false
	}
	return calendar.AddMonths(start, -1).End(), true
}

// MaxFindings is the most findings one inspection records: each becomes a
// request (W2.3), registered while the inspection is recorded.
const MaxFindings = 100

// MaxAreas is the most areas one inspection names (W2.2).
const MaxAreas = 100

// maxFindingText is the longest finding, in characters: the request it
// raises describes it after a prefix, within aftersales.MaxLongText.
const maxFindingText = 2000

// InspectionCommand records one 项目巡查记录表 (W2.2).
type InspectionCommand struct {
	Inspection Inspection
	Actor      aftersales.Actor
	Version    int
}

// RecordInspection records an inspection with its findings (W2.2). When the
// Service has the aftersales Service, each finding becomes an after-sales
// request at once (W2.3); RaiseRequests retries any that failed.
func (s *Service) RecordInspection(ctx context.Context, projectID string, cmd InspectionCommand) (*Warranty, error) {
	if err := s.MayInspect(ctx, cmd.Actor, projectID); err != nil {
		return nil, err
	}
	w, err := s.update(ctx, projectID, cmd.Version, cmd.Actor, "inspected", func(w *Warranty, now time.Time) (string, error) {
		in := cmd.Inspection
		// Work on copies: the caller's command is not ours to change.
		in.Areas = slices.Clone(in.Areas)
		in.Findings = slices.Clone(in.Findings)
		for i := range in.Findings {
			in.Findings[i].Photos = slices.Clone(in.Findings[i].Photos)
		}
		if w.Start == nil {
			return "", aftersales.Errorf(aftersales.KindNotAllowed, "warranty_not_started", "质保期尚未开始，巡查记录应在质保期内（W2.2）")
		}
		if in.Date.IsZero() || in.Date.After(calendar.DateOf(now)) || in.Date.Before(w.Start.Date) {
			return "", invalid("inspection_date_invalid", "巡查日期 %s 无效：应在质保期开始（%s）之后且不晚于今天", in.Date, w.Start.Date)
		}
		var err error
		if in.Inspector, err = required(in.Inspector, "inspector", "巡查人"); err != nil {
			return "", err
		}
		if len(in.Areas) == 0 {
			return "", invalid("areas_required", "须写明巡查部位（W2.2）")
		}
		if len(in.Areas) > MaxAreas {
			return "", invalid("areas_too_many", "一次巡查最多写 %d 个巡查部位（收到 %d 个）", MaxAreas, len(in.Areas))
		}
		for i := range in.Areas {
			if in.Areas[i], err = required(in.Areas[i], "area", "巡查部位"); err != nil {
				return "", err
			}
		}
		// W2.3 turns each finding into a request: it must be one the
		// request's rules take, or it could never be raised.
		if len(in.Findings) > MaxFindings {
			return "", invalid("findings_too_many", "一次巡查最多记录 %d 项发现的问题（收到 %d 项），请分为几次巡查记录", MaxFindings, len(in.Findings))
		}
		for i := range in.Findings {
			f := &in.Findings[i]
			if f.Description, err = aftersales.Text(f.Description, true, maxFindingText, "finding", "发现的问题"); err != nil {
				return "", err
			}
			if f.Location, err = aftersales.Text(f.Location, false, aftersales.MaxShortText, "location", "问题部位"); err != nil {
				return "", err
			}
			if f.Photos, err = aftersales.CheckAttachments(f.Photos, "photo", "照片"); err != nil {
				return "", err
			}
			if f.Class != "" {
				if _, err := ParseClass(string(f.Class)); err != nil {
					return "", err
				}
			}
			f.RequestID = ""
		}
		w.Inspections = append(w.Inspections, in)
		return fmt.Sprintf("%s 巡查 %s，发现问题 %d 项", in.Date, strings.Join(in.Areas, "、"), len(in.Findings)), nil
	})
	if err != nil || s.requests == nil {
		return w, err
	}
	raised, err := s.RaiseRequests(ctx, projectID, cmd.Actor)
	if err != nil {
		// The inspection is saved; only its requests are not. Say so, so
		// that the caller does not record the inspection twice.
		msg := "请稍后重试"
		var de *aftersales.Error
		if errors.As(err, &de) {
			msg = de.Message
		}
		return w, &aftersales.Error{Kind: aftersales.KindOf(err), Code: "requests_not_raised",
			Message: "巡查记录已保存，但巡查发现未能转为售后需求（W2.3）：" + msg, Err: err}
	}
	return raised, nil
}

// RaiseRequests registers an after-sales request for every inspection
// finding that has none yet (W2.3: requests inside the warranty follow the
// after-sales process), and links each to its finding.
func (s *Service) RaiseRequests(ctx context.Context, projectID string, actor aftersales.Actor) (*Warranty, error) {
	if s.requests == nil {
		return nil, aftersales.Errorf(aftersales.KindNotAllowed, "requests_unavailable", "未配置售后需求服务，无法将巡查发现转为售后需求")
	}
	if err := s.MayInspect(ctx, actor, projectID); err != nil {
		return nil, err
	}
	w, err := s.Get(ctx, projectID)
	if err != nil {
		return nil, err
	}
	for i, in := range w.Inspections {
		for j, f := range in.Findings {
			if f.RequestID != "" {
				continue
			}
			// The request is registered by the system on the inspector's behalf:
			// a project department may inspect, but registering is the
			// after-sales department's or the specialist's (P1.2).
			by := aftersales.Actor{ID: "warranty-inspection", Name: "质保巡查（" + actor.ID + "）", Role: aftersales.RoleSystem}
			r, err := s.requests.Register(ctx, aftersales.RegisterCommand{Actor: by, Registration: aftersales.Registration{
				Customer: aftersales.Customer{Name: "项目巡查"}, ProjectID: projectID, Location: f.Location,
				Description: "巡查发现：" + f.Description, Attachments: f.Photos, Channel: aftersales.ChannelOnSite,
				ReceivedAt: in.Date.Start().Add(12 * time.Hour), Component: string(f.Class)}})
			if err != nil {
				return w, err
			}
			w, err = s.update(ctx, projectID, w.Version, actor, "request_raised", func(x *Warranty, _ time.Time) (string, error) {
				x.Inspections[i].Findings[j].RequestID = r.ID
				return fmt.Sprintf("巡查发现转为售后需求 %s（W2.3）", r.ID), nil
			})
			if err != nil {
				return nil, err
			}
		}
	}
	return w, nil
}

// DeliverCommand records the delivery of the W3.2 summary report.
type DeliverCommand struct {
	To      string // the general manager
	Ref     string // the document delivered
	At      time.Time
	Actor   aftersales.Actor
	Version int
}

// DeliverSummary records that the summary report reached the general
// manager (W3.2).
func (s *Service) DeliverSummary(ctx context.Context, projectID string, cmd DeliverCommand) (*Warranty, error) {
	if err := requireDesk(cmd.Actor, "报送质保期总结报告（W3.2）"); err != nil {
		return nil, err
	}
	return s.update(ctx, projectID, cmd.Version, cmd.Actor, "summary_delivered", func(w *Warranty, now time.Time) (string, error) {
		g, err := w.General(s.cal.Load())
		if err != nil {
			return "", err
		}
		if w.Summary != nil {
			return "", aftersales.Errorf(aftersales.KindNotAllowed, "summary_delivered", "质保期总结报告已经报送")
		}
		at := cmd.At
		if at.IsZero() {
			at = now
		}
		if at.Before(g.LastDay.Start()) || at.After(now.Add(5*time.Minute)) {
			return "", invalid("summary_time_invalid", "总结报告应在质保期届满（%s）后报送，且不晚于当前时间（W3.2）", g.LastDay)
		}
		to, err := required(cmd.To, "recipient", "报送对象（公司总经理）")
		if err != nil {
			return "", err
		}
		ref, err := aftersales.Text(cmd.Ref, false, 2*aftersales.MaxShortText, "ref", "报告文件")
		if err != nil {
			return "", err
		}
		w.Summary = &Delivery{To: to, By: cmd.Actor.ID, At: at.In(calendar.CST()), Ref: ref}
		return "质保期总结报告已报送 " + to, nil
	})
}
