package aftersales_test

import (
	"slices"
	"testing"

	"github.com/shouhou/shouhou/aftersales"
)

// TestStatusesAreEveryStatusOnce: Statuses lists each request status
// once, each with its label, the open ones (OpenStatuses) and the
// terminal ones among them.
func TestStatusesAreEveryStatusOnce(t *testing.T) {
	all := aftersales.Statuses()
	if len(all) != 6 || len(slices.Compact(slices.Clone(all))) != len(all) {
		t.Fatalf("Statuses() = %v: six statuses, each once", all)
	}
	terminal := 0
	for _, s := range all {
		if s.Label() == "" {
			t.Fatalf("status %q has no label", s)
		}
		if s.Terminal() {
			terminal++
		}
	}
	if terminal+len(aftersales.OpenStatuses()) != len(all) {
		t.Fatalf("open %v and %d terminal do not make up %v", aftersales.OpenStatuses(), terminal, all)
	}
	for _, s := range aftersales.OpenStatuses() {
		if !slices.Contains(all, s) || s.Terminal() {
			t.Fatalf("open status %q not in Statuses() or terminal", s)
		}
	}
}
