package aftersales

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// ImportedHistory is the documented JSON form of a request's history
// exported from another system, for Audit:
//
//	{"request_id": "ERP-1001",
//	 "events": [
//	  {"type": "registered", "at": "2026-09-30T16:20:00+08:00",
//	   "registration": {"channel": "phone", "description": "卫生间渗水",
//	                    "received_at": "2026-09-30T16:20:00+08:00", "urgent": false}},
//	  {"type": "forwarded", "at": "2026-10-08T09:00:00+08:00", "departments": ["项目一部"]},
//	  {"type": "planned", "at": "2026-10-09T10:00:00+08:00", "department": "项目一部",
//	   "plan": {"measures": "更换防水层", "owner": "王工", "complexity": "simple",
//	            "scheduled_at": "2026-10-12T09:00:00+08:00"}},
//	  {"type": "completed", "at": "2026-10-13T17:00:00+08:00", "department": "项目一部", "result": "已修复"},
//	  {"type": "accepted", "at": "2026-10-14T10:00:00+08:00",
//	   "signature": {"signed_by": "张先生", "method": "paper", "ref": "scan/1001.pdf"}},
//	  {"type": "visited", "at": "2026-10-16T15:00:00+08:00",
//	   "visit": {"satisfaction": 5, "visited_by": "李四"}}]}
//
// Event types are those of EventType, plus "closed" for a system that
// closes requests its own way. A feedback event carries "feedback" (kind
// urgent, progress or result; department; channel; summary), a coordinated
// one "department" and "coordination", a paused one "pause" (reason, note,
// evidence); "resumed" needs nothing more. Times are RFC 3339. Each event takes the
// fields of Event that its type uses; "seq" and "actor" may be left out.
// Events are in the order they were recorded and start with "registered";
// their times may go back (a step entered late), as in a history the
// Service writes, where departments work in parallel.
type ImportedHistory struct {
	RequestID string  `json:"request_id"`
	Events    []Event `json:"events"`
}

// ParseHistory decodes and checks an imported history. Unknown fields are
// refused, so that a misspelt field is not silently ignored.
func ParseHistory(data []byte) ([]Event, error) {
	var h ImportedHistory
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&h); err != nil {
		return nil, &Error{Kind: KindInvalid, Code: "history_malformed", Message: "历史记录不是有效的 JSON：" + err.Error(), Err: err}
	}
	if dec.More() {
		return nil, invalid("history_malformed", "历史记录 JSON 之后还有多余内容")
	}
	if len(h.Events) == 0 {
		return nil, invalid("history_empty", "历史记录没有任何事件")
	}
	for i := range h.Events {
		e := &h.Events[i]
		if err := checkImported(i, e, h.Events); err != nil {
			return nil, err
		}
		e.Seq = i + 1
		if e.RequestID == "" {
			e.RequestID = h.RequestID
		}
		if e.Actor.Role == "" {
			e.Actor = Actor{ID: "import", Role: RoleSystem}
		}
	}
	return h.Events, nil
}

func checkImported(i int, e *Event, all []Event) error {
	where := fmt.Sprintf("第 %d 条事件（%s）", i+1, e.Type)
	bad := func(code, format string, args ...any) error {
		return invalid(code, where+format, args...)
	}
	if e.At.IsZero() {
		return bad("history_time_missing", "缺少时间 at")
	}
	if (i == 0) != (e.Type == EventRegistered) {
		return bad("history_without_registration", "：历史记录必须以且只以一条 registered 开始")
	}
	switch e.Type {
	case EventRegistered:
		if e.Registration == nil {
			return bad("history_registration_missing", "缺少 registration")
		}
		if e.Registration.ReceivedAt.IsZero() {
			e.Registration.ReceivedAt = e.At
		}
	case EventForwarded:
		if len(e.Departments) == 0 {
			return bad("history_departments_missing", "缺少 departments")
		}
	case EventPlanned, EventCompleted, EventReclassified, EventEscalated:
		if e.Department == "" {
			return bad("history_department_missing", "缺少 department")
		}
		if e.Type == EventPlanned && e.Plan != nil && e.Plan.Complexity != "" && !e.Plan.Complexity.Valid() {
			return bad("complexity_invalid", "的复杂程度 %q 无效", e.Plan.Complexity)
		}
	case EventVisited:
		if e.Visit != nil && (e.Visit.Satisfaction < 0 || e.Visit.Satisfaction > 5) {
			return bad("satisfaction_invalid", "的满意度 %d 无效", e.Visit.Satisfaction)
		}
	case EventFeedback:
		if e.Feedback == nil || !e.Feedback.Kind.Valid() {
			return bad("history_feedback_missing", "缺少 feedback 或其 kind 无效（urgent、progress、result）")
		}
	case EventCoordinated:
		if e.Department == "" || e.Coordination == nil {
			return bad("history_coordination_missing", "缺少 department 或 coordination")
		}
	case EventPaused:
		if e.Pause == nil {
			return bad("history_pause_missing", "缺少 pause（reason、note、evidence）")
		}
	case EventMessage:
		if e.Message == nil || !e.Message.Channel.Valid() {
			return bad("history_message_missing", "缺少 message 或其 channel 无效（phone、email、wechat、onsite）")
		}
	case EventUrgentHandled, EventAccepted, EventRejected, EventWithdrawn, EventClosed, EventCoverage, EventResumed:
	default:
		return bad("history_event_unknown", "的类型未知")
	}
	return nil
}
