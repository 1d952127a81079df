package aftersales_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
)

// An integrator's Store starts its Save with CheckBatch: a batch that
// cannot continue the request's history is refused before any row is
// touched.
func ExampleCheckBatch() {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	r := &aftersales.Request{ID: "AS-1", Version: 3}
	ok := []aftersales.Event{{RequestID: "AS-1", Seq: 2, Type: aftersales.EventForwarded, At: at},
		{RequestID: "AS-1", Seq: 3, Type: aftersales.EventPlanned, At: at}}
	fmt.Println(aftersales.CheckBatch(r, ok))

	for _, bad := range [][]aftersales.Event{
		nil, // nothing to save
		{{RequestID: "AS-1", Seq: 1}, {RequestID: "AS-1", Seq: 3}}, // a gap
		{{RequestID: "AS-2", Seq: 3}},                              // another request's event
		{{RequestID: "AS-1", Seq: 2}},                              // r.Version is not the last Seq
	} {
		var de *aftersales.Error
		err := aftersales.CheckBatch(r, bad)
		fmt.Println(errors.As(err, &de) && de.Kind == aftersales.KindInvalid, de.Code)
	}
	// Output:
	// <nil>
	// true no_events
	// true events_inconsistent
	// true events_inconsistent
	// true events_inconsistent
}
