package aftersales_test

import (
	"testing"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/aftersales/storetest"
)

func TestMemStoreConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) aftersales.Store { return aftersales.NewMemStore() })
}
