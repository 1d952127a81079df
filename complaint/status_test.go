package complaint_test

import (
	"slices"
	"testing"

	"github.com/shouhou/shouhou/complaint"
)

// TestOpenStatusesAreTheOnesNotClosed: OpenStatuses lists exactly the
// statuses that are not Closed (C2–C4 may still owe a step in them).
func TestOpenStatusesAreTheOnesNotClosed(t *testing.T) {
	all := []complaint.Status{complaint.StatusRegistered, complaint.StatusInvestigating, complaint.StatusAnswered,
		complaint.StatusResolved, complaint.StatusUnresolved, complaint.StatusWithdrawn}
	var want []complaint.Status
	for _, s := range all {
		if s.Label() == "" {
			t.Fatalf("status %q has no label: the list above is out of date", s)
		}
		if !s.Closed() {
			want = append(want, s)
		}
	}
	if got := complaint.OpenStatuses(); !slices.Equal(got, want) {
		t.Fatalf("OpenStatuses() = %v, want %v", got, want)
	}
}
