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

// TestStatusesAreEveryStatusOnce: Statuses lists each status once, each
// with its label, the open ones among them.
func TestStatusesAreEveryStatusOnce(t *testing.T) {
	all := complaint.Statuses()
	if len(all) != 6 || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Fatalf("Statuses() = %v: six statuses, each once", all)
	}
	for _, s := range all {
		if s.Label() == "" {
			t.Fatalf("status %q has no label", s)
		}
	}
	for _, s := range complaint.OpenStatuses() {
		if !slices.Contains(all, s) {
			t.Fatalf("open status %q not in Statuses()", s)
		}
	}
}
