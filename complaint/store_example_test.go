package complaint_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/complaint"
)

// An integrator's Store starts its Save with CheckBatch: a batch that
// cannot continue the complaint's history is refused before any row is
// touched.
func ExampleCheckBatch() {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	c := &complaint.Complaint{ID: "TS-1", Version: 2}
	fmt.Println(complaint.CheckBatch(c, []complaint.Event{{ComplaintID: "TS-1", Seq: 2, Type: complaint.EventForwarded, At: at}}))

	err := complaint.CheckBatch(c, []complaint.Event{{ComplaintID: "TS-1", Seq: 3, Type: complaint.EventForwarded, At: at}})
	var de *aftersales.Error
	fmt.Println(errors.As(err, &de) && de.Kind == aftersales.KindInvalid, de.Code)
	// Output:
	// <nil>
	// true events_inconsistent
}
