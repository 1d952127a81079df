package warranty_test

import (
	"testing"

	"github.com/shouhou/shouhou/warranty"
	"github.com/shouhou/shouhou/warranty/storetest"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) warranty.Store { return warranty.NewMemStore() })
}
