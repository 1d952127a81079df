package sqlstore_test

import (
	"testing"

	"github.com/shouhou/shouhou/aftersales"
	asstoretest "github.com/shouhou/shouhou/aftersales/storetest"
	"github.com/shouhou/shouhou/complaint"
	cstoretest "github.com/shouhou/shouhou/complaint/storetest"
	"github.com/shouhou/shouhou/staff"
	sstoretest "github.com/shouhou/shouhou/staff/storetest"
	"github.com/shouhou/shouhou/warranty"
	wstoretest "github.com/shouhou/shouhou/warranty/storetest"
)

// The packages' conformance suites, on a new database for every subtest.

func TestRequestsConformance(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		asstoretest.Run(t, func(t *testing.T) aftersales.Store { return d.fresh(t).Requests() })
	})
}

func TestComplaintsConformance(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		cstoretest.Run(t, func(t *testing.T) complaint.Store { return d.fresh(t).Complaints() })
	})
}

func TestWarrantiesConformance(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		wstoretest.Run(t, func(t *testing.T) warranty.Store { return d.fresh(t).Warranties() })
	})
}

func TestStaffConformance(t *testing.T) {
	eachDialect(t, func(t *testing.T, d dialect) {
		sstoretest.Run(t, func(t *testing.T) staff.Store { return d.fresh(t).Staff() })
	})
}
