package web

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/yeqown/go-qrcode/v2"
)

// The QR code drawn is the encoder's matrix, each dark module a square,
// inside a four-module quiet zone; its three finder patterns sit at the
// top-left, top-right and bottom-left corners, as a scanner looks for them.
func TestQRSVG(t *testing.T) {
	text := "https://shouhou.example.com/c/shouhou_0123456789abcdef0123456789abcdef"
	svg, err := qrSVG(text)
	require.NoError(t, err)
	code, err := qrcode.New(text)
	require.NoError(t, err)
	var bits [][]bool
	require.NoError(t, code.Save(bitmap{&bits}))
	n := len(bits)
	dark := 0
	for _, row := range bits {
		for _, on := range row {
			if on {
				dark++
			}
		}
	}
	require.Equal(t, dark, strings.Count(string(svg), "h1v1h-1z"), "one square a dark module")
	require.True(t, strings.Contains(string(svg), `viewBox="0 0 `+strconv.Itoa(n+8)+" "+strconv.Itoa(n+8)+`"`), "the quiet zone: four modules a side")
	finder := func(x0, y0 int) bool {
		for i := range 7 {
			if !bits[y0][x0+i] || !bits[y0+6][x0+i] || !bits[y0+i][x0] || !bits[y0+i][x0+6] {
				return false
			}
		}
		return true
	}
	require.True(t, finder(0, 0))
	require.True(t, finder(n-7, 0))
	require.True(t, finder(0, n-7))
	require.False(t, finder(n-7, n-7), "no finder at the bottom-right")
}
