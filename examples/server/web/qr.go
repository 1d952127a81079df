package web

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/yeqown/go-qrcode/v2"
)

// qrSVG draws text as a QR code in SVG, with the four-module quiet zone
// scanners need, for a customer to scan their link off the screen.
func qrSVG(text string) (template.HTML, error) {
	code, err := qrcode.New(text)
	if err != nil {
		return "", err
	}
	var bits [][]bool
	if err := code.Save(bitmap{&bits}); err != nil {
		return "", err
	}
	const quiet = 4
	size := len(bits) + 2*quiet
	var path strings.Builder
	for y, row := range bits {
		for x, on := range row {
			if on {
				fmt.Fprintf(&path, "M%d %dh1v1h-1z", x+quiet, y+quiet)
			}
		}
	}
	// The path is digits and letters only: nothing to escape.
	return template.HTML(fmt.Sprintf(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %d %d" width="200" height="200" role="img" aria-label="客户查询链接的二维码" shape-rendering="crispEdges"><rect width="%d" height="%d" fill="#fff"/><path d="%s" fill="#000"/></svg>`,
		size, size, size, size, path.String())), nil
}

// bitmap is a qrcode.Writer that keeps the modules, row by row.
type bitmap struct{ rows *[][]bool }

func (b bitmap) Write(m qrcode.Matrix) error { *b.rows = m.Bitmap(); return nil }
func (b bitmap) Close() error                { return nil }
