package complaint

import "github.com/shouhou/shouhou/aftersales"

// What says in Chinese what a complaint deadline asks for, as the desk, the
// forms and the notices name the step: forwarding (C2.1), the emergency
// plan and the customer's feedback of a major complaint (C2.2), the
// investigation and plan (C3.1), the result to the customer (C4.1, after an
// escalation at the level above, C4.2). Other deadlines, such as a pause's
// limit, are named as aftersales.Deadline.What names them.
func What(d aftersales.Deadline) string {
	switch d.Clause {
	case ClauseC2_1:
		return "转达责任部门"
	case ClauseC2_2:
		switch d.Event {
		case eventEmergency:
			return "启动应急预案"
		case eventFeedback:
			return "向客户反馈处理情况"
		}
		return "重大投诉应急处理"
	case ClauseC3_1:
		return "调查核实并制定处理方案"
	case ClauseC4_1:
		if d.Round > 0 {
			return "升级后向客户反馈处理结果"
		}
		return "向客户反馈处理结果"
	}
	return d.What()
}
