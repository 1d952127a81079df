package aftersales

// Clause is a regulation clause ID, such as "P3.2".
type Clause string

// The clauses of the after-sales process that set deadlines or steps.
const (
	ClauseG3_3 Clause = "G3.3" // timely response: a pause may not outlive the policy's limit
	ClauseP1_2 Clause = "P1.2" // register and forward within 1 working day
	ClauseP1_3 Clause = "P1.3" // urgent: immediate measures
	ClauseP3_1 Clause = "P3.1" // plan within 2 working days of receipt
	ClauseP3_2 Clause = "P3.2" // handle: simple 5, complex 10 working days; tell the customer
	ClauseP3_3 Clause = "P3.3" // a reported difficulty: the after-sales department coordinates
	ClauseP4_1 Clause = "P4.1" // customer acceptance, signed
	ClauseP4_2 Clause = "P4.2" // follow-up visit within 3 working days
)

// Label returns what the clause asks for, in Chinese, as a report's row
// names it; a clause of another chapter gives its ID.
func (c Clause) Label() string {
	switch c {
	case ClauseG3_3:
		return "及时响应（暂停时限）"
	case ClauseP1_2:
		return "转达责任部门"
	case ClauseP1_3:
		return "紧急处理及反馈"
	case ClauseP3_1:
		return "调查核实并制定处理方案"
	case ClauseP3_2:
		return "处理并反馈客户"
	case ClauseP3_3:
		return "协调上报的困难"
	case ClauseP4_1:
		return "客户验收"
	case ClauseP4_2:
		return "客户回访"
	}
	return string(c)
}

// Policy holds every period of the after-sales process. The defaults are
// the regulation's; a company may configure each. Start from DefaultPolicy
// and change what differs: every field must be set (Validate refuses a
// zero period), including those added after a company first wrote its
// policy (FeedbackDays, ProgressDays, CoordinateDays, PauseLimitDays).
type Policy struct {
	ForwardDays int // P1.2: forward within this many working days of receipt
	UrgentHours int // P1.3: immediate measures within this many clock hours
	PlanDays    int // P3.1: plan within this many working days of the department's receipt
	SimpleDays  int // P3.2: a simple problem handled within this many working days of receipt
	ComplexDays int // P3.2: a complex problem handled within this many working days of receipt
	VisitDays   int // P4.2: follow-up visit within this many working days of the completion of handling
	// FeedbackDays is the company's reading of 及时 for telling the
	// customer how it went: after urgent measures (P1.3) and after a
	// department's result (P3.2), within this many working days.
	FeedbackDays int
	// ProgressDays is how often, in working days, the customer hears how a
	// complex problem is going while it is handled (P3.2 "处理过程…及时反馈").
	ProgressDays int
	// CoordinateDays is how soon, in working days, the after-sales
	// department takes up a reported difficulty (P3.3 及时 … 协调).
	CoordinateDays int
	// PauseLimitDays is the longest, in working days, a request's clocks
	// may stand still before the pause is escalated (G3.3).
	PauseLimitDays int
}

// DefaultPolicy returns the regulation's periods: P1.2 1, P3.1 2, P3.2 5 and
// 10, P4.2 3 working days. The regulation says "立即" for P1.3 and sets no
// number; the default is 4 clock hours, which a company should set to its
// own response promise. Where it says "及时" the defaults are this
// project's reading, for a company to confirm: feedback to the customer
// within 1 working day of the urgent measures or of a department's result,
// progress on a complex problem at least every 3 working days, a reported
// difficulty taken up within 1 working day, and a pause escalated after 10
// working days.
func DefaultPolicy() Policy {
	return Policy{ForwardDays: 1, UrgentHours: 4, PlanDays: 2, SimpleDays: 5, ComplexDays: 10, VisitDays: 3,
		FeedbackDays: 1, ProgressDays: 3, CoordinateDays: 1, PauseLimitDays: 10}
}

// Validate refuses periods below 1 and a complex period shorter than the
// simple one.
func (p Policy) Validate() error {
	for _, f := range []struct {
		v    int
		name string
	}{{p.ForwardDays, "转达期限（P1.2）"}, {p.UrgentHours, "紧急处理时限（P1.3）"}, {p.PlanDays, "制定方案期限（P3.1）"},
		{p.SimpleDays, "简单问题处理期限（P3.2）"}, {p.ComplexDays, "复杂问题处理期限（P3.2）"}, {p.VisitDays, "回访期限（P4.2）"},
		{p.FeedbackDays, "反馈客户期限（P1.3、P3.2）"}, {p.ProgressDays, "复杂问题进展反馈间隔（P3.2）"},
		{p.CoordinateDays, "协调上报困难期限（P3.3）"}, {p.PauseLimitDays, "暂停时限（G3.3）"}} {
		if f.v < 1 || f.v > 1000 {
			return invalid("policy_period_invalid", "%s必须在 1 至 1000 之间，当前为 %d", f.name, f.v)
		}
	}
	if p.ComplexDays < p.SimpleDays {
		return invalid("policy_period_invalid", "复杂问题的处理期限（%d）不能短于简单问题（%d）（P3.2）", p.ComplexDays, p.SimpleDays)
	}
	return nil
}

// handlingDays returns the P3.2 period for a complexity.
func (p Policy) handlingDays(c Complexity) int {
	if c == Complex {
		return p.ComplexDays
	}
	return p.SimpleDays
}
