package aftersales

// Clause is a regulation clause ID, such as "P3.2".
type Clause string

// The clauses of the after-sales process that set deadlines or steps.
const (
	ClauseP1_2 Clause = "P1.2" // register and forward within 1 working day
	ClauseP1_3 Clause = "P1.3" // urgent: immediate measures
	ClauseP3_1 Clause = "P3.1" // plan within 2 working days of receipt
	ClauseP3_2 Clause = "P3.2" // handle: simple 5, complex 10 working days
	ClauseP4_1 Clause = "P4.1" // customer acceptance, signed
	ClauseP4_2 Clause = "P4.2" // follow-up visit within 3 working days
)

// Policy holds every period of the after-sales process. The defaults are
// the regulation's; a company may configure each.
type Policy struct {
	ForwardDays int // P1.2: forward within this many working days of receipt
	UrgentHours int // P1.3: immediate measures within this many clock hours
	PlanDays    int // P3.1: plan within this many working days of the department's receipt
	SimpleDays  int // P3.2: a simple problem handled within this many working days of receipt
	ComplexDays int // P3.2: a complex problem handled within this many working days of receipt
	VisitDays   int // P4.2: follow-up visit within this many working days of acceptance
}

// DefaultPolicy returns the regulation's periods: P1.2 1, P3.1 2, P3.2 5 and
// 10, P4.2 3 working days. The regulation says "立即" for P1.3 and sets no
// number; the default is 4 clock hours, which a company should set to its
// own response promise.
func DefaultPolicy() Policy {
	return Policy{ForwardDays: 1, UrgentHours: 4, PlanDays: 2, SimpleDays: 5, ComplexDays: 10, VisitDays: 3}
}

// Validate refuses periods below 1 and a complex period shorter than the
// simple one.
func (p Policy) Validate() error {
	for _, f := range []struct {
		v    int
		name string
	}{{p.ForwardDays, "转达期限（P1.2）"}, {p.UrgentHours, "紧急处理时限（P1.3）"}, {p.PlanDays, "制定方案期限（P3.1）"},
		{p.SimpleDays, "简单问题处理期限（P3.2）"}, {p.ComplexDays, "复杂问题处理期限（P3.2）"}, {p.VisitDays, "回访期限（P4.2）"}} {
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
