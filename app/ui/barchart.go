package ui

import (
	"fmt"
	"html"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"
)

// series is one set of bars of a chart, drawn in the CSS class class.
type series struct {
	name   string
	class  string
	values []float64
}

// barChart draws horizontal grouped bars as an SVG with a text alternative:
// a title for screen readers, every value written beside its bar. Colours
// come from lesson.css classes, so dark mode restyles it. It is rendered as
// raw markup so the browser parses it into the SVG namespace.
func barChart(id, title string, groups []string, ss []series, max float64, format func(float64) string) app.UI {
	const (
		width  = 640.0
		label  = 170.0 // left column for the group names
		valueW = 90.0  // right room for the value text
		barH   = 18.0
		gap    = 4.0
		groupG = 14.0
	)
	if max <= 0 {
		max = 1
	}
	legendH := 26.0
	groupH := float64(len(ss))*(barH+gap) - gap
	height := legendH + float64(len(groups))*(groupH+groupG)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-title">`, id, width, height, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, html.EscapeString(title))
	// Legend.
	x := label
	for _, s := range ss {
		fmt.Fprintf(&b, `<rect class="%s" x="%.0f" y="4" width="14" height="14" rx="3"/><text class="chart-text" x="%.0f" y="16">%s</text>`,
			s.class, x, x+20, html.EscapeString(s.name))
		x += 20 + 14*float64(len([]rune(s.name))) + 24
	}
	for gi, g := range groups {
		y := legendH + float64(gi)*(groupH+groupG)
		fmt.Fprintf(&b, `<text class="chart-text chart-group" x="%.0f" y="%.1f" text-anchor="end">%s</text>`, label-10, y+groupH/2+5, html.EscapeString(g))
		for si, s := range ss {
			v := s.values[gi]
			w := (width - label - valueW) * clamp01(v/max)
			by := y + float64(si)*(barH+gap)
			fmt.Fprintf(&b, `<rect class="%s" x="%.0f" y="%.1f" width="%.1f" height="%.0f" rx="3"><title>%s · %s: %s</title></rect>`,
				s.class, label, by, w, barH, html.EscapeString(g), html.EscapeString(s.name), format(v))
			fmt.Fprintf(&b, `<text class="chart-text chart-value" x="%.1f" y="%.1f">%s</text>`, label+w+6, by+barH-4, format(v))
		}
	}
	b.WriteString(`</svg>`)
	return app.Raw(b.String())
}

func clamp01(v float64) float64 {
	switch {
	case v < 0:
		return 0
	case v > 1:
		return 1
	}
	return v
}
