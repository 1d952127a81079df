package complaint

import "github.com/shouhou/shouhou/aftersales"

// The clauses of the complaint process.
const (
	ClauseC2_1 aftersales.Clause = "C2.1" // register and forward within 1 working day
	ClauseC2_2 aftersales.Clause = "C2.2" // major: emergency plan at once, feedback within 2 working days
	ClauseC3_1 aftersales.Clause = "C3.1" // investigate and plan within 3 working days of receipt
	ClauseC4_1 aftersales.Clause = "C4.1" // result to the customer within 7 working days
)

// Deadline events of C2.2: the emergency plan and the feedback share the
// clause and are told apart by their event.
const (
	eventEmergency = "declared_major"
	eventFeedback  = "declared_major_feedback"
)

// Level is one step of the escalation chain (C4.2): who answers the
// complaint at that level.
type Level struct {
	ID    string          `json:"id"`
	Label string          `json:"label"`
	Role  aftersales.Role `json:"role,omitempty"` // the role that answers at this level; empty: the responsible department
}

// Criterion is one documented criterion for a major complaint (C2.2).
type Criterion struct {
	ID    string `json:"id"`
	Label string `json:"label"`
}

// Policy holds the periods, the escalation chain and the major-complaint
// rules. DefaultPolicy is the regulation's.
type Policy struct {
	ForwardDays     int // C2.1
	EmergencyHours  int // C2.2: the emergency plan starts within this many clock hours
	FeedbackDays    int // C2.2: a major complaint's customer hears back within this many working days
	InvestigateDays int // C3.1
	ResultDays      int // C4.1, and again at each escalation level (C4.2)
	ReportDays      int // C5.1: the monthly report within this many working days after month end
	// PauseLimitDays is the longest, in working days, the C3 and C4 clocks
	// may stand still while the company waits on the customer before the
	// pause is escalated (G3.3, timely response).
	PauseLimitDays int
	Chain          []Level
	MajorCriteria  []Criterion
	// MajorDeclarers are the roles that may declare a complaint major.
	MajorDeclarers []aftersales.Role
}

// DefaultPolicy returns the regulation's periods (C2.1 1, C2.2 2, C3.1 3,
// C4.1 7 working days), an emergency target of 2 clock hours (the regulation
// says 立即), the chain responsible department → after-sales head → general
// manager (C4.2), a monthly report within 5 working days (C5.1), a pause
// of at most 10 working days before it is escalated (G3.3), and these
// major-complaint criteria, declared by the after-sales head or the general
// manager: a threat to structural or personal safety; several households or
// a group; media or public attention; a legal or regulatory action
// threatened or begun; a repeat of an unresolved complaint; a claim above
// the company's threshold.
func DefaultPolicy() Policy {
	return Policy{ForwardDays: 1, EmergencyHours: 2, FeedbackDays: 2, InvestigateDays: 3, ResultDays: 7, ReportDays: 5, PauseLimitDays: 10,
		Chain: []Level{
			{ID: "department", Label: "责任部门"},
			{ID: "after_sales_head", Label: "售后管理部部长", Role: aftersales.RoleAfterSalesHead},
			{ID: "general_manager", Label: "公司总经理", Role: aftersales.RoleGeneralManager},
		},
		MajorCriteria: []Criterion{
			{ID: "safety", Label: "危及结构安全或人身安全"},
			{ID: "group", Label: "涉及多户或群体投诉"},
			{ID: "media", Label: "媒体曝光或引起公众关注"},
			{ID: "legal", Label: "已经或扬言诉诸法律、向主管部门投诉"},
			{ID: "repeat", Label: "同一问题重复投诉仍未解决"},
			{ID: "amount", Label: "索赔金额超过公司规定标准"},
		},
		MajorDeclarers: []aftersales.Role{aftersales.RoleAfterSalesHead, aftersales.RoleGeneralManager},
	}
}

// Validate checks the periods, the chain and the criteria.
func (p Policy) Validate() error {
	for _, f := range []struct {
		v    int
		name string
	}{{p.ForwardDays, "转达期限（C2.1）"}, {p.EmergencyHours, "应急响应时限（C2.2）"}, {p.FeedbackDays, "重大投诉反馈期限（C2.2）"},
		{p.InvestigateDays, "调查期限（C3.1）"}, {p.ResultDays, "反馈处理结果期限（C4.1）"}, {p.ReportDays, "月度报告期限（C5.1）"},
		{p.PauseLimitDays, "暂停计时的最长期限（G3.3）"}} {
		if f.v < 1 || f.v > 1000 {
			return invalid("policy_period_invalid", "%s必须在 1 至 1000 之间，当前为 %d", f.name, f.v)
		}
	}
	if len(p.Chain) < 1 || p.Chain[0].Role != "" {
		return invalid("policy_chain_invalid", "升级链的第一级必须是责任部门（C4.2）")
	}
	ids := map[string]bool{}
	for i, l := range p.Chain {
		if l.ID == "" || ids[l.ID] || (i > 0 && !l.Role.Valid()) {
			return invalid("policy_chain_invalid", "升级链第 %d 级无效：须有唯一编号，且除第一级外须指定角色", i+1)
		}
		ids[l.ID] = true
	}
	if len(p.MajorCriteria) == 0 || len(p.MajorDeclarers) == 0 {
		return invalid("policy_major_invalid", "须规定重大投诉的认定标准和认定人（C2.2）")
	}
	return nil
}

func (p Policy) criterion(id string) (Criterion, bool) {
	for _, c := range p.MajorCriteria {
		if c.ID == id {
			return c, true
		}
	}
	return Criterion{}, false
}

func invalid(code, format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindInvalid, code, format, args...)
}

func notAllowed(code, format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindNotAllowed, code, format, args...)
}

func forbidden(code, format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindForbidden, code, format, args...)
}
