package warranty_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/warranty"
)

func TestW1_2_FreeInsideAndW3_1_PaidAfter(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	f.started(d(2024, 11, 20))
	tests := []struct {
		name      string
		component string
		reported  string
		cause     aftersales.Cause
		outcome   aftersales.CoverageOutcome
		basis     string
	}{
		{"decoration inside 2 years", "decoration", "2026-11-20", aftersales.CauseConstruction, aftersales.CoverageFree, "W1.2"},
		{"decoration after 2 years", "decoration", "2026-11-23", aftersales.CauseConstruction, aftersales.CoveragePaid, "W3.1"},
		{"a leak in year 4 is still free (law: 5 years)", "waterproofing", "2028-06-01", aftersales.CauseMaterial, aftersales.CoverageFree, "W1.2"},
		{"a leak in year 6 is paid", "waterproofing", "2029-11-21", aftersales.CauseConstruction, aftersales.CoveragePaid, "W3.1"},
		{"a design defect inside is free", "structure", "2040-01-01", aftersales.CauseDesign, aftersales.CoverageFree, "W1.2"},
		{"misuse is excluded", "decoration", "2025-03-01", aftersales.CauseMisuse, aftersales.CoverageExcluded, "第十七条"},
		{"third parties are excluded", "plumbing", "2025-03-01", aftersales.CauseThirdParty, aftersales.CoverageExcluded, "第十七条"},
		{"force majeure is excluded", "structure", "2025-03-01", aftersales.CauseForceMajeure, aftersales.CoverageExcluded, "第十七条"},
		{"cause not yet known", "decoration", "2025-03-01", "", aftersales.CoverageUndecided, "W1.2"},
		{"component not given, inside the general period", "", "2025-03-01", aftersales.CauseConstruction, aftersales.CoverageFree, "W1.2"},
		{"component not given, after the general period", "", "2027-03-01", aftersales.CauseConstruction, aftersales.CoverageUndecided, "W1.2"},
		{"reported before the start", "decoration", "2024-11-01", aftersales.CauseConstruction, aftersales.CoverageUndecided, "W1.2"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reported, err := calendar.ParseDate(tt.reported)
			require.NoError(t, err)
			dec, err := f.svc.DecideCoverage(f.ctx, aftersales.CoverageQuery{ProjectID: "P-001", Component: tt.component, ReportedOn: reported, Cause: tt.cause})
			require.NoError(t, err)
			require.Equal(t, tt.outcome, dec.Outcome, dec.Reason)
			require.Contains(t, dec.Basis, tt.basis)
			require.NotEmpty(t, dec.Reason)
		})
	}
}

// TestW1_2_FreeInsideGeneralPeriodWithoutComponent: "在质保期内，若出现质量问题，
// 公司应免费为客户提供维修服务" — inside the general period of W1.1 a quality
// problem is free even when nobody has said which component it is in; only
// after the general period, where the class decides, is it undecided.
func TestW1_2_FreeInsideGeneralPeriodWithoutComponent(t *testing.T) {
	f := newWfx(t, cst(2027, 3, 1, 10))
	// 2026-11-21 is a Saturday: the general period ends on Monday 2026-11-23
	// (民法典 第二百零三条).
	f.started(d(2024, 11, 21))
	tests := []struct {
		name     string
		reported calendar.Date
		cause    aftersales.Cause
		outcome  aftersales.CoverageOutcome
		words    []string
	}{
		{"the start day", d(2024, 11, 21), aftersales.CauseConstruction, aftersales.CoverageFree, []string{"一般质保期", "2026-11-23", "免费维修"}},
		{"in year 2, material", d(2026, 6, 1), aftersales.CauseMaterial, aftersales.CoverageFree, []string{"2024-11-21 至 2026-11-23"}},
		{"design, other: any quality problem", d(2025, 6, 1), aftersales.CauseDesign, aftersales.CoverageFree, nil},
		{"other cause", d(2025, 6, 1), aftersales.CauseOther, aftersales.CoverageFree, nil},
		{"the last day, moved past the weekend", d(2026, 11, 23), aftersales.CauseConstruction, aftersales.CoverageFree, nil},
		{"the day after: the class decides", d(2026, 11, 24), aftersales.CauseConstruction, aftersales.CoverageUndecided, []string{"部位类别", "2026-11-23"}},
		{"years later: the class decides", d(2029, 1, 5), aftersales.CauseConstruction, aftersales.CoverageUndecided, []string{"部位类别"}},
		{"inside, cause unknown: exclusions may apply", d(2025, 6, 1), "", aftersales.CoverageUndecided, []string{"待查明原因", "第十七条"}},
		{"inside, misuse is still excluded", d(2025, 6, 1), aftersales.CauseMisuse, aftersales.CoverageExcluded, []string{"W3.1"}},
		{"before the start", d(2024, 11, 20), aftersales.CauseConstruction, aftersales.CoverageUndecided, []string{"早于质保期开始日"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dec, err := f.svc.DecideCoverage(f.ctx, aftersales.CoverageQuery{ProjectID: "P-001", ReportedOn: tt.reported, Cause: tt.cause})
			require.NoError(t, err)
			require.Equal(t, tt.outcome, dec.Outcome, dec.Reason)
			if tt.outcome == aftersales.CoverageFree {
				require.Contains(t, dec.Basis, "W1.2")
			}
			for _, w := range tt.words {
				require.Contains(t, dec.Reason, w)
			}
		})
	}

	// Free without a class is sound: on the general period's last day every
	// class, named, is free as well, since no class's term is shorter.
	for _, c := range warranty.Classes() {
		dec, err := f.svc.DecideCoverage(f.ctx, aftersales.CoverageQuery{ProjectID: "P-001", Component: string(c),
			ReportedOn: d(2026, 11, 23), Cause: aftersales.CauseConstruction})
		require.NoError(t, err, c)
		require.Equal(t, aftersales.CoverageFree, dec.Outcome, "%s: %s", c, dec.Reason)
	}

	// A warranty not yet started is undecided with or without a class.
	g := newWfx(t, cst(2027, 3, 1, 10))
	_, err := g.svc.SetUp(g.ctx, warranty.SetUpCommand{ProjectID: "P-001", Actor: manager})
	require.NoError(t, err)
	dec, err := g.svc.DecideCoverage(g.ctx, aftersales.CoverageQuery{ProjectID: "P-001", ReportedOn: d(2025, 6, 1), Cause: aftersales.CauseConstruction})
	require.NoError(t, err)
	require.Equal(t, aftersales.CoverageUndecided, dec.Outcome)
	require.Contains(t, dec.Reason, "尚未开始")
}

func TestCoverageBadInput(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	f.started(d(2024, 11, 20))
	_, err := f.svc.DecideCoverage(f.ctx, aftersales.CoverageQuery{ProjectID: "P-001", Component: "roof", ReportedOn: d(2025, 1, 1), Cause: aftersales.CauseConstruction})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "component_class_unknown"})
	_, err = f.svc.DecideCoverage(f.ctx, aftersales.CoverageQuery{ProjectID: "P-001", Component: "decoration", ReportedOn: d(2025, 1, 1), Cause: "weather"})
	require.ErrorIs(t, err, &aftersales.Error{Kind: aftersales.KindInvalid, Code: "cause_invalid"})
	_, err = f.svc.DecideCoverage(f.ctx, aftersales.CoverageQuery{ProjectID: "P-404", Component: "decoration", ReportedOn: d(2025, 1, 1)})
	require.ErrorIs(t, err, aftersales.ErrNotFound)
}

// TestCoverageRecordedOnTheRequest wires warranty into aftersales: the
// decision is recorded when a request is registered, and again when its
// cause becomes known at forwarding.
func TestCoverageRecordedOnTheRequest(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	f.started(d(2024, 11, 20))
	staff := aftersales.Actor{ID: "u-staff", Role: aftersales.RoleAfterSalesStaff}
	svc, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Coverage: f.svc,
		Clock:     aftersales.ClockFunc(func() time.Time { return f.now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-001", DepartmentID: "项目一部"})})
	require.NoError(t, err)
	r, err := svc.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		ProjectID: "P-001", Component: "waterproofing", Description: "屋面渗漏", Channel: aftersales.ChannelPhone,
		ReceivedAt: cst(2026, 11, 27, 9)}})
	require.NoError(t, err)
	require.Equal(t, aftersales.CoverageUndecided, r.Coverage.Outcome, "cause not yet known")

	r, err = svc.Forward(f.ctx, r.ID, aftersales.ForwardCommand{Cause: aftersales.CauseConstruction, Actor: staff})
	require.NoError(t, err)
	require.Equal(t, aftersales.CoverageFree, r.Coverage.Outcome)
	require.Contains(t, r.Coverage.Reason, "2029-11-20")
	h, err := svc.History(f.ctx, r.ID)
	require.NoError(t, err)
	require.Equal(t, aftersales.EventCoverage, h[len(h)-1].Type)
	replayed, err := aftersales.Replay(h)
	require.NoError(t, err)
	require.Equal(t, r, replayed)

	// A project with no warranty record: registration still succeeds, and
	// the decision says why it is undecided.
	svc2, err := aftersales.NewService(aftersales.Config{Store: aftersales.NewMemStore(), Coverage: f.svc,
		Clock:     aftersales.ClockFunc(func() time.Time { return f.now }),
		Directory: aftersales.NewProjects(aftersales.Project{ID: "P-002", DepartmentID: "项目二部"})})
	require.NoError(t, err)
	r2, err := svc2.Register(f.ctx, aftersales.RegisterCommand{Actor: staff, Registration: aftersales.Registration{Customer: aftersales.Customer{Name: "王女士"},
		ProjectID: "P-002", Description: "x", Channel: aftersales.ChannelPhone, ReceivedAt: cst(2026, 11, 27, 9)}})
	require.NoError(t, err)
	require.Equal(t, aftersales.CoverageUndecided, r2.Coverage.Outcome)
	require.Contains(t, r2.Coverage.Reason, "没有质保记录")
}
