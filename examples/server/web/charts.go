package web

import (
	"fmt"
	"html/template"
	"math"
	"strings"
)

// bar is one bar of a bar chart: a label, the value it is drawn to, the
// text written next to it, and an optional class (bad: drawn in the
// warning style, and said so in the text).
type bar struct {
	Label string
	Value float64
	Text  string
	Class string
}

// point is one point of a line chart; a point with N == 0 has no value
// and breaks the line.
type point struct {
	Label string
	Value float64
	N     int
	Text  string
}

// chart is a chart drawn on the server as inline SVG, with its data as a
// table for screen readers and for print.
type chart struct {
	ID, Title, Unit string
	SVG             template.HTML
	Bars            []bar
	Points          []point
	Empty           bool
}

const (
	chartWidth = 640
	labelWidth = 250
	barArea    = 250
	rowHeight  = 34
)

func esc(s string) string { return template.HTMLEscapeString(s) }

// barChart draws horizontal bars, one row per item. Percentages are drawn
// against 100, counts against the largest.
func barChart(id, title, unit string, bars []bar) chart {
	c := chart{ID: id, Title: title, Unit: unit, Bars: bars, Empty: len(bars) == 0}
	if c.Empty {
		return c
	}
	max := 0.0
	for _, b := range bars {
		max = math.Max(max, b.Value)
	}
	switch {
	case unit == "%":
		max = math.Max(max, 100)
	case max == 0:
		max = 1
	}
	height := len(bars)*rowHeight + 16
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`,
		chartWidth, height, id, id)
	fmt.Fprintf(&s, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(describeBars(bars)))
	fmt.Fprintf(&s, `<line class="axis" x1="%d" y1="4" x2="%d" y2="%d"/>`, labelWidth, labelWidth, height-8)
	for i, b := range bars {
		y := 8 + i*rowHeight
		w := 0.0
		if b.Value > 0 {
			w = math.Max(2, b.Value/max*barArea)
		}
		fmt.Fprintf(&s, `<text class="chart-label" x="%d" y="%d" text-anchor="end">%s</text>`, labelWidth-8, y+17, esc(shorten(b.Label, 15)))
		fmt.Fprintf(&s, `<rect class="bar %s" x="%d" y="%d" width="%.1f" height="22" rx="3"/>`, esc(b.Class), labelWidth, y+1, w)
		fmt.Fprintf(&s, `<text class="chart-value" x="%.1f" y="%d">%s</text>`, float64(labelWidth)+w+6, y+17, esc(b.Text))
	}
	s.WriteString(`</svg>`)
	c.SVG = template.HTML(s.String())
	return c
}

func describeBars(bars []bar) string {
	var parts []string
	for _, b := range bars {
		parts = append(parts, b.Label+" "+b.Text)
	}
	return strings.Join(parts, "；")
}

func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// lineChart draws values on a fixed scale from lo to hi, one point per
// label; points without data break the line.
func lineChart(id, title, unit string, lo, hi float64, pts []point) chart {
	c := chart{ID: id, Title: title, Unit: unit, Points: pts}
	any := false
	for _, p := range pts {
		any = any || p.N > 0
	}
	if !any {
		c.Empty = true
		return c
	}
	const height, left, right, top, bottom = 280, 48, 24, 34, 40
	plotW, plotH := float64(chartWidth-left-right), float64(height-top-bottom)
	x := func(i int) float64 {
		if len(pts) == 1 {
			return left + plotW/2
		}
		return left + plotW*float64(i)/float64(len(pts)-1)
	}
	y := func(v float64) float64 { return top + plotH*(1-(v-lo)/(hi-lo)) }
	var s strings.Builder
	fmt.Fprintf(&s, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-labelledby="%s-t %s-d" preserveAspectRatio="xMinYMin meet">`,
		chartWidth, height, id, id)
	var desc []string
	for _, p := range pts {
		if p.N > 0 {
			desc = append(desc, p.Label+" "+p.Text)
		}
	}
	fmt.Fprintf(&s, `<title id="%s-t">%s</title><desc id="%s-d">%s</desc>`, id, esc(title), id, esc(strings.Join(desc, "；")))
	for v := lo; v <= hi; v++ {
		fmt.Fprintf(&s, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/>`, left, y(v), chartWidth-right, y(v))
		fmt.Fprintf(&s, `<text class="chart-label" x="%d" y="%.1f" text-anchor="end">%g</text>`, left-8, y(v)+4, v)
	}
	var path strings.Builder
	pen := false
	for i, p := range pts {
		fmt.Fprintf(&s, `<text class="chart-label" x="%.1f" y="%d" text-anchor="middle">%s</text>`, x(i), height-16, esc(p.Label))
		if p.N == 0 {
			pen = false
			continue
		}
		cmd := "L"
		if !pen {
			cmd = "M"
		}
		fmt.Fprintf(&path, "%s%.1f %.1f ", cmd, x(i), y(p.Value))
		pen = true
	}
	fmt.Fprintf(&s, `<path class="line" d="%s"/>`, strings.TrimSpace(path.String()))
	for i, p := range pts {
		if p.N == 0 {
			continue
		}
		fmt.Fprintf(&s, `<circle class="dot" cx="%.1f" cy="%.1f" r="4"/>`, x(i), y(p.Value))
		fmt.Fprintf(&s, `<text class="chart-value" x="%.1f" y="%.1f" text-anchor="middle">%s</text>`, x(i), y(p.Value)-10, esc(p.Text))
	}
	s.WriteString(`</svg>`)
	c.SVG = template.HTML(s.String())
	return c
}
