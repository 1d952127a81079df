package app_test

import (
	"bytes"
	"errors"
	"log/slog"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/shouhou/shouhou/examples/server/app"
)

func TestMaskPhones(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"客户 13800001111 来电", "客户 138****1111 来电"},
		{"tel:+8613800001111", "tel:+86138****1111"},
		{"id=AS-202611020001 order 12345678901234", "id=AS-202611020001 order 12345678901234"},
		{"13800001111", "138****1111"},
	} {
		require.Equal(t, c.want, app.MaskPhones(c.in), c.in)
	}
}

// TestLogsMaskPhones: a log line of the app, through the logger app.New
// builds, never holds a mobile number in full, in its message, a string
// attribute, a group or an error.
func TestLogsMaskPhones(t *testing.T) {
	var buf bytes.Buffer
	l := app.MaskingLogger(slog.New(slog.NewTextHandler(&buf, nil)))
	l.With("who", "13800001111").Info("客户 13900002222 来电", "err", errors.New("row 13700003333"),
		slog.Group("g", "phone", "13600004444"))
	out := buf.String()
	for _, s := range []string{"13800001111", "13900002222", "13700003333", "13600004444"} {
		require.NotContains(t, out, s)
	}
	require.Contains(t, out, "139****2222")
	require.Contains(t, out, "136****4444")
}
