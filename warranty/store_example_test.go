package warranty_test

import (
	"errors"
	"fmt"
	"time"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/warranty"
)

// An integrator's Store starts its Save with CheckChange: a change that
// cannot continue the warranty's history is refused before any row is
// touched.
func ExampleCheckChange() {
	at := time.Date(2026, 11, 2, 9, 0, 0, 0, time.UTC)
	w := &warranty.Warranty{ProjectID: "P-001", Version: 2}
	fmt.Println(warranty.CheckChange(w, warranty.Change{ProjectID: "P-001", Seq: 2, Type: "started", At: at}))

	for _, c := range []warranty.Change{
		{ProjectID: "P-001", Seq: 3, Type: "started", At: at}, // not the record's version
		{ProjectID: "P-002", Seq: 2, Type: "started", At: at}, // another project
	} {
		var de *aftersales.Error
		err := warranty.CheckChange(w, c)
		fmt.Println(errors.As(err, &de) && de.Kind == aftersales.KindInvalid, de.Code)
	}
	// Output:
	// <nil>
	// true change_inconsistent
	// true change_inconsistent
}
