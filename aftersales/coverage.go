package aftersales

import (
	"context"

	"github.com/shouhou/shouhou/calendar"
)

// CoverageOutcome says who pays for a repair (W1.2, W3.1).
type CoverageOutcome string

// The coverage outcomes.
const (
	// CoverageFree: inside the warranty, a covered cause: free repair (W1.2).
	CoverageFree CoverageOutcome = "free"
	// CoveragePaid: past the warranty: paid repair, case by case (W3.1).
	CoveragePaid CoverageOutcome = "paid"
	// CoverageExcluded: a cause the warranty does not cover (misuse, third
	// party, force majeure).
	CoverageExcluded CoverageOutcome = "excluded"
	// CoverageUndecided: not enough is known yet, such as the cause.
	CoverageUndecided CoverageOutcome = "undecided"
)

// Label returns the outcome's Chinese name.
func (o CoverageOutcome) Label() string {
	switch o {
	case CoverageFree:
		return "免费维修"
	case CoveragePaid:
		return "有偿维修"
	case CoverageExcluded:
		return "不属保修范围"
	case CoverageUndecided:
		return "待判定"
	}
	return string(o)
}

// CoverageDecision is a free-or-paid decision with its reason and the
// clause or article behind it.
type CoverageDecision struct {
	Outcome CoverageOutcome `json:"outcome"`
	Reason  string          `json:"reason"`
	Basis   string          `json:"basis"` // such as "W1.2" or "建设工程质量管理条例 第四十条"
}

// CoverageQuery is what a coverage decision is made from.
type CoverageQuery struct {
	ProjectID  string
	Component  string
	ReportedOn calendar.Date // the date the defect was reported (CST)
	Cause      Cause         // empty when not yet known
}

// CoverageDecider decides whether a repair is free or paid. Package
// warranty implements it; the Service asks it when a request is registered
// and when its cause becomes known, if one is configured.
type CoverageDecider interface {
	DecideCoverage(ctx context.Context, q CoverageQuery) (CoverageDecision, error)
}
