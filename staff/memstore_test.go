package staff_test

import (
	"testing"

	"github.com/shouhou/shouhou/staff"
	"github.com/shouhou/shouhou/staff/storetest"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) staff.Store { return staff.NewMemStore() })
}
