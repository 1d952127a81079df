package warranty_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/calendar"
)

// TestG3_2_ServedFromHandoverToTheEndOfTheWarranty: "从项目交付到质保期结束，
// 提供全过程的售后服务": a problem is covered free from the start date of the
// warranty to its last day; the day after, the same problem is still
// served, as a paid repair (W3.1), and before handover there is no warranty
// to decide by.
func TestG3_2_ServedFromHandoverToTheEndOfTheWarranty(t *testing.T) {
	f := newWfx(t, cst(2026, 11, 27, 10))
	f.started(d(2024, 11, 20))
	for _, tc := range []struct {
		reported calendar.Date
		want     aftersales.CoverageOutcome
	}{
		{d(2024, 11, 19), aftersales.CoverageUndecided}, // before handover
		{d(2024, 11, 20), aftersales.CoverageFree},      // the start date (W1.1)
		{d(2026, 11, 20), aftersales.CoverageFree},      // the last day of the 2 years
		{d(2026, 11, 23), aftersales.CoveragePaid},      // the first working day after
	} {
		dec, err := f.svc.DecideCoverage(f.ctx, aftersales.CoverageQuery{ProjectID: "P-001", Component: "decoration",
			ReportedOn: tc.reported, Cause: aftersales.CauseConstruction})
		require.NoError(t, err)
		require.Equal(t, tc.want, dec.Outcome, "%s: %s", tc.reported, dec.Reason)
	}
}
