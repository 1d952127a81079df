package complaint_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/calendar"
	"github.com/shouhou/shouhou/complaint"
)

// TestReportBuilderAddsByMonthOfReceipt: a ReportBuilder given the
// complaints of the month, of the month before and of an earlier month, in
// any order, gives the report BuildReport gives for the month's and the
// month before's (C5.1, C5.2): the earlier month's are left out.
func TestReportBuilderAddsByMonthOfReceipt(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 12))
	replayed := func(m complaint.Month, n int) []*complaint.Complaint {
		templates, err := cxBenchTemplates(rng, m, n)
		require.NoError(t, err)
		var out []*complaint.Complaint
		for _, events := range templates {
			c, err := complaint.Replay(events)
			require.NoError(t, err)
			out = append(out, c)
		}
		return out
	}
	cur := replayed(cxBenchMonth, 40)
	prev := replayed(cxBenchMonth.Prev(), 15)
	earlier := replayed(cxBenchMonth.Prev().Prev(), 5)
	cal, p := calendar.China(), complaint.DefaultPolicy()
	want := complaint.BuildReport(cxBenchMonth, cur, prev, cxBenchNow, cal, p)
	require.Equal(t, 40, want.Total)
	require.Equal(t, 15, want.VsPrevious.Previous)

	all := append(append(append([]*complaint.Complaint{}, cur...), prev...), earlier...)
	rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	b := complaint.NewReportBuilder(cxBenchMonth, cxBenchNow, cal, p)
	for _, c := range all {
		b.Add(c)
	}
	require.Equal(t, want, b.Report())
	require.Equal(t, want, b.Report(), "asked twice, the same")
}
