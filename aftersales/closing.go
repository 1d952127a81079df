package aftersales

import "time"

// AcceptCommand records the customer's acceptance with their signature
// (P4.1). A customer signs for their own request on screen or on paper;
// after-sales staff or the specialist may record a paper signature.
type AcceptCommand struct {
	Signature Signature
	At        time.Time
	Actor     Actor
	Version   int // if not 0, the version the caller read: a different current version is a conflict
}

// RejectCommand records that the customer did not accept the result: every
// department reworks its part with a fresh P3.2 deadline from the rejection,
// until accepted (P4.1).
type RejectCommand struct {
	Reason  string
	At      time.Time
	Actor   Actor
	Version int // if not 0, the version the caller read: a different current version is a conflict
}

// VisitCommand records the follow-up visit on the 客户回访记录表 (P4.2). It
// may be made once handling is complete, before or after the signed
// acceptance; the request closes when both are done.
type VisitCommand struct {
	Visit   Visit
	At      time.Time
	Actor   Actor
	Version int // if not 0, the version the caller read: a different current version is a conflict
}

// WithdrawCommand withdraws a request at the customer's wish, with a reason.
// Its open deadlines are cancelled.
type WithdrawCommand struct {
	Reason  string
	At      time.Time
	Actor   Actor
	Version int // if not 0, the version the caller read: a different current version is a conflict
}

// lastDone returns when the last part was completed.
func (r *Request) lastDone() time.Time {
	var t time.Time
	for _, p := range r.Parts {
		if p.DoneAt != nil && p.DoneAt.After(t) {
			t = *p.DoneAt
		}
	}
	return t
}

// customerSide checks that a may speak for the customer of r; staff may only
// record what the customer said or signed on paper.
func customerSide(a Actor, r *Request, action string) error {
	if err := a.validate(); err != nil {
		return err
	}
	if isOwnCustomer(a, r) || a.IsAfterSales() || a.Role == RoleSpecialist {
		return nil
	}
	return forbidden("customer_forbidden", "只有客户本人、售后管理部或项目售后专员可以%s", action)
}

// decideAccept records the signed acceptance (P4.1). The visit deadline
// (P4.2) was opened by the completion of handling, not here.
func decideAccept(v env, r *Request, cmd AcceptCommand) (Event, error) {
	if err := customerSide(cmd.Actor, r, "登记验收"); err != nil {
		return Event{}, err
	}
	if err := requireStatus(r, "验收（处理尚未完毕）", StatusAwaitingAcceptance); err != nil {
		return Event{}, err
	}
	if err := refuseWhilePaused(r, "登记验收"); err != nil {
		return Event{}, err
	}
	sig := cmd.Signature
	var err error
	if sig.SignedBy, err = text(sig.SignedBy, true, maxShortText, "signed_by", "签字人"); err != nil {
		return Event{}, err
	}
	if sig.Ref, err = text(sig.Ref, true, maxShortText*2, "signature_ref", "签字图像或扫描件"); err != nil {
		return Event{}, err
	}
	switch sig.Method {
	case SignPaper:
	case SignScreen:
		if !isOwnCustomer(cmd.Actor, r) {
			return Event{}, forbidden("screen_signature_forbidden", "屏幕签字只能由客户本人完成（P4.1）")
		}
	default:
		return Event{}, invalid("signature_method_invalid", "签字方式 %q 无效，应为 paper 或 screen（P4.1）", sig.Method)
	}
	at, err := v.when(cmd.At, r.lastDone(), "验收")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventAccepted, cmd.Actor, at)
	e.Signature = &sig
	return e, nil
}

// decideReject sends every part back to rework (P4.1) with a fresh P3.2
// deadline from the rejection.
func decideReject(v env, r *Request, cmd RejectCommand) (Event, error) {
	if err := customerSide(cmd.Actor, r, "登记验收不合格"); err != nil {
		return Event{}, err
	}
	if err := requireStatus(r, "判定验收不合格（处理尚未完毕）", StatusAwaitingAcceptance); err != nil {
		return Event{}, err
	}
	if err := refuseWhilePaused(r, "登记验收不合格"); err != nil {
		return Event{}, err
	}
	reason, err := text(cmd.Reason, true, maxLongText, "reason", "不合格原因")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, r.lastDone(), "验收")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventRejected, cmd.Actor, at)
	e.Reason = reason
	for _, p := range r.Parts {
		d, err := NewWorkdayDeadline(v.cal, ClauseP3_2, "rejected", p.Department, p.Round+1, at, v.policy.handlingDays(p.Complexity))
		if err != nil {
			return Event{}, err
		}
		e.Deadlines = append(e.Deadlines, d)
		if p.Complexity == Complex {
			next := p
			next.Round++
			pd, err := progressDeadline(v, &next, at)
			if err != nil {
				return Event{}, err
			}
			e.Deadlines = append(e.Deadlines, pd)
		}
	}
	return e, nil
}

// decideVisit records the follow-up visit (P4.2): once handling is
// complete, once per round; it closes an accepted request.
func decideVisit(v env, r *Request, cmd VisitCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if !cmd.Actor.IsAfterSales() {
		return Event{}, forbidden("visit_forbidden", "回访由售后管理部进行（P4.2）")
	}
	switch {
	case r.Status == StatusRegistered || r.Status == StatusInProgress:
		return Event{}, notAllowed("visit_before_completion", "售后问题尚未处理完毕，不能回访（P4.2 从处理完毕起算）")
	case r.Status.Terminal():
		return Event{}, notAllowed("not_allowed_in_status", "需求当前状态为“%s”，不能回访", r.Status.Label())
	case r.Visit != nil:
		return Event{}, notAllowed("already_visited", "本轮处理已经回访（P4.2）")
	}
	visit := cmd.Visit
	if visit.Satisfaction < 1 || visit.Satisfaction > 5 {
		return Event{}, invalid("satisfaction_invalid", "满意度应为 1 至 5，收到 %d（P4.2）", visit.Satisfaction)
	}
	var err error
	if visit.VisitedBy, err = text(visit.VisitedBy, true, maxShortText, "visited_by", "回访人"); err != nil {
		return Event{}, err
	}
	if visit.Suggestions, err = text(visit.Suggestions, false, maxLongText, "suggestions", "意见建议"); err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, r.lastDone(), "回访")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventVisited, cmd.Actor, at)
	e.Visit = &visit
	return e, nil
}

// decideWithdraw withdraws the request.
func decideWithdraw(v env, r *Request, cmd WithdrawCommand) (Event, error) {
	if err := cmd.Actor.validate(); err != nil {
		return Event{}, err
	}
	if !isOwnCustomer(cmd.Actor, r) && !cmd.Actor.IsAfterSales() {
		return Event{}, forbidden("withdraw_forbidden", "只有客户本人或售后管理部可以撤回售后需求")
	}
	if r.Status.Terminal() {
		return Event{}, notAllowed("not_allowed_in_status", "需求当前状态为“%s”，不能撤回", r.Status.Label())
	}
	reason, err := text(cmd.Reason, true, maxLongText, "reason", "撤回原因")
	if err != nil {
		return Event{}, err
	}
	at, err := v.when(cmd.At, r.UpdatedAt, "撤回")
	if err != nil {
		return Event{}, err
	}
	e := event(r, EventWithdrawn, cmd.Actor, at)
	e.Reason = reason
	return e, nil
}
