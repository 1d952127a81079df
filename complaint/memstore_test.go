package complaint_test

import (
	"testing"

	"github.com/shouhou/shouhou/complaint"
	"github.com/shouhou/shouhou/complaint/storetest"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) complaint.Store { return complaint.NewMemStore() })
}
