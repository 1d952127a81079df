package warranty

import (
	"slices"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// StartBasis says which event started a project's warranty (W1.1; 最高法
// 建设工程施工合同纠纷案件适用法律问题的解释（一）第九条).
type StartBasis string

// The start bases.
const (
	// BasisAcceptance: the day completion acceptance was passed (竣工验收合格之日),
	// the normal case of W1.1.
	BasisAcceptance StartBasis = "acceptance"
	// BasisReport: the day the completion report was submitted, when the
	// owner delays acceptance (发包人拖延验收的，以承包人提交验收报告之日).
	BasisReport StartBasis = "report"
	// BasisHandover: the day the building was handed over, when the owner
	// used it without acceptance (未经竣工验收擅自使用的，以转移占有之日).
	BasisHandover StartBasis = "handover"
)

// Label returns the basis's Chinese name.
func (b StartBasis) Label() string {
	return map[StartBasis]string{BasisAcceptance: "竣工验收合格之日", BasisReport: "提交竣工验收报告之日（发包人拖延验收）",
		BasisHandover: "转移占有之日（未经验收擅自使用）"}[b]
}

// Start is when and why a project's warranty started, with the evidence.
type Start struct {
	Basis    StartBasis    `json:"basis"`
	Date     calendar.Date `json:"date"`
	Evidence string        `json:"evidence"` // the acceptance record, report receipt or handover record
}

// ContractTerm is the warranty the construction contract agrees for a class,
// in years or (heating and cooling) seasons.
type ContractTerm struct {
	Class   Class `json:"class"`
	Years   int   `json:"years,omitempty"`
	Seasons int   `json:"seasons,omitempty"`
}

// Notice is the W2.1 notice of warranty arrangements: to whom, by whom, when.
type Notice struct {
	To     []string  `json:"to"` // the project and responsible departments told
	By     string    `json:"by"`
	At     time.Time `json:"at"`
	Remark string    `json:"remark,omitempty"`
}

// Inspection is one 项目巡查记录表 (W2.2).
type Inspection struct {
	Date      calendar.Date `json:"date"`
	Inspector string        `json:"inspector"`
	Areas     []string      `json:"areas"`
	Findings  []Finding     `json:"findings,omitempty"`
}

// Finding is a quality problem found on an inspection; W2.3 turns it into an
// after-sales request.
type Finding struct {
	Description string   `json:"description"`
	Class       Class    `json:"class,omitempty"`
	Location    string   `json:"location,omitempty"`
	Photos      []string `json:"photos,omitempty"`
	RequestID   string   `json:"request_id,omitempty"` // the after-sales request raised for it
}

// Delivery is the delivery of the W3.2 summary report to the general manager.
type Delivery struct {
	To  string    `json:"to"` // the general manager
	By  string    `json:"by"`
	At  time.Time `json:"at"`
	Ref string    `json:"ref,omitempty"` // the document delivered
}

// Warranty is one project's warranty record: its terms, start, notice,
// inspections and summary. It is the aggregate of this package.
type Warranty struct {
	ProjectID       string         `json:"project_id"`
	Version         int            `json:"version"`
	DesignLifeYears int            `json:"design_life_years,omitempty"` // the structure's design service life
	Region          string         `json:"region,omitempty"`            // for the heating and cooling seasons
	GeneralYears    int            `json:"general_years"`               // W1.1: the company's warranty, default 2
	Contract        []ContractTerm `json:"contract,omitempty"`
	PlannedStart    calendar.Date  `json:"planned_start,omitzero"` // for the W2.1 notice
	InspectionEvery int            `json:"inspection_months"`      // W2.2: months between inspections
	Start           *Start         `json:"start,omitempty"`
	Notice          *Notice        `json:"notice,omitempty"`
	Inspections     []Inspection   `json:"inspections,omitempty"`
	Summary         *Delivery      `json:"summary,omitempty"`
	UpdatedAt       time.Time      `json:"updated_at"`
}

// Clone returns a deep copy of w.
func (w *Warranty) Clone() *Warranty {
	c := *w
	c.Contract = slices.Clone(w.Contract)
	if w.Start != nil {
		s := *w.Start
		c.Start = &s
	}
	if w.Notice != nil {
		n := *w.Notice
		n.To = slices.Clone(n.To)
		c.Notice = &n
	}
	c.Inspections = slices.Clone(w.Inspections)
	for i := range c.Inspections {
		in := &c.Inspections[i]
		in.Areas = slices.Clone(in.Areas)
		in.Findings = slices.Clone(in.Findings)
		for j := range in.Findings {
			in.Findings[j].Photos = slices.Clone(in.Findings[j].Photos)
		}
	}
	if w.Summary != nil {
		d := *w.Summary
		c.Summary = &d
	}
	return &c
}

// contract returns the contract term for class c, if any.
func (w *Warranty) contract(c Class) (ContractTerm, bool) {
	for _, t := range w.Contract {
		if t.Class == c {
			return t, true
		}
	}
	return ContractTerm{}, false
}

// startDate returns the actual start, or the planned one.
func (w *Warranty) startDate() (calendar.Date, bool) {
	if w.Start != nil {
		return w.Start.Date, true
	}
	return w.PlannedStart, !w.PlannedStart.IsZero()
}

func invalid(code, format string, args ...any) error {
	return aftersales.Errorf(aftersales.KindInvalid, code, format, args...)
}
