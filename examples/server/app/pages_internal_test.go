package app

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// TestEachListedVisitsEveryRecordOnceAPageAtATime: over 1,234 records
// eachListed asks for pages of listPage after the last ID of the page
// before, visits each record once in order, and stops at the first error.
func TestEachListedVisitsEveryRecordOnceAPageAtATime(t *testing.T) {
	var ids []string
	for i := range 1234 {
		ids = append(ids, fmt.Sprintf("AS-%05d", i))
	}
	var asked []string
	list := func(_ context.Context, after string, limit int) ([]string, error) {
		if limit != listPage {
			t.Fatalf("asked for %d, want pages of %d", limit, listPage)
		}
		asked = append(asked, after)
		i, _ := slices.BinarySearch(ids, after)
		if i < len(ids) && ids[i] == after {
			i++
		}
		return ids[i:min(i+limit, len(ids))], nil
	}
	var seen []string
	err := eachListed(context.Background(), list, func(s string) string { return s }, func(s string) error {
		seen = append(seen, s)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(seen, ids) {
		t.Fatalf("visited %d records, want the 1,234 once each in order", len(seen))
	}
	if want := []string{"", ids[listPage-1], ids[2*listPage-1]}; !slices.Equal(asked, want) {
		t.Fatalf("pages after %q, want %q", asked, want)
	}
	stop := errors.New("stop")
	n := 0
	err = eachListed(context.Background(), list, func(s string) string { return s }, func(s string) error {
		if n++; n == 3 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || n != 3 {
		t.Fatalf("after an error: %v with %d visited, want it returned at the third", err, n)
	}
}
