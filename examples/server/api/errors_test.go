package api_test

import (
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/aftersales"
	"github.com/shouhou/shouhou/examples/server/api"
)

// TestStatus: each error kind's HTTP status, the one mapping the API and
// the desk share.
func TestStatus(t *testing.T) {
	for k, want := range map[aftersales.ErrorKind]int{
		aftersales.KindInvalid:     http.StatusBadRequest,
		aftersales.KindNotFound:    http.StatusNotFound,
		aftersales.KindConflict:    http.StatusConflict,
		aftersales.KindForbidden:   http.StatusForbidden,
		aftersales.KindNotAllowed:  http.StatusUnprocessableEntity,
		aftersales.KindUnavailable: http.StatusServiceUnavailable,
		aftersales.KindInternal:    http.StatusInternalServerError,
		"":                         http.StatusInternalServerError,
	} {
		require.Equal(t, want, api.Status(k), "kind %q", k)
	}
}
