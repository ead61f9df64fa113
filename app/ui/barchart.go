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
//
// The SVG scales with its box, and its text with it: the drawing is 360
// units wide with 16-unit text, each group's name on a line of its own
// above its bars, so on a 360 px phone (a box about 300 px wide) the text
// is still over 13 px, and lesson.css caps the width (26rem) so it is not
// huge on a desktop.
func barChart(id, title string, groups []string, ss []series, max float64, format func(float64) string) app.UI {
	const (
		width  = 360.0
		font   = 16.0 // text size in units; lesson.css sets the same
		valueW = 84.0 // room right of the longest bar for its value
		nameH  = 24.0 // a group's name line
		barH   = 18.0
		gap    = 4.0
		groupG = 14.0
		legH   = 30.0
	)
	if max <= 0 {
		max = 1
	}
	groupH := nameH + float64(len(ss))*(barH+gap) - gap
	height := legH + float64(len(groups))*(groupH+groupG)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="%s" viewBox="0 0 %.0f %.0f" role="img" aria-labelledby="%s-title">`, id, width, height, id)
	fmt.Fprintf(&b, `<title id="%s-title">%s</title>`, id, html.EscapeString(title))
	// Legend.
	x := 0.0
	for _, s := range ss {
		fmt.Fprintf(&b, `<rect class="%s" x="%.0f" y="5" width="14" height="14" rx="3"/><text class="chart-text" x="%.0f" y="18">%s</text>`,
			s.class, x, x+20, html.EscapeString(s.name))
		x += 20 + textWidth(s.name, font) + 20
	}
	for gi, g := range groups {
		y := legH + float64(gi)*(groupH+groupG)
		fmt.Fprintf(&b, `<text class="chart-text chart-group" x="0" y="%.1f">%s</text>`, y+nameH-8, html.EscapeString(g))
		for si, s := range ss {
			v := s.values[gi]
			w := (width - valueW) * clamp01(v/max)
			by := y + nameH + float64(si)*(barH+gap)
			fmt.Fprintf(&b, `<rect class="%s" x="0" y="%.1f" width="%.1f" height="%.0f" rx="3"><title>%s · %s: %s</title></rect>`,
				s.class, by, w, barH, html.EscapeString(g), html.EscapeString(s.name), format(v))
			fmt.Fprintf(&b, `<text class="chart-text chart-value" x="%.1f" y="%.1f">%s</text>`, w+6, by+barH-4, format(v))
		}
	}
	b.WriteString(`</svg>`)
	return app.Raw(b.String())
}

// textWidth estimates how wide s is set at size: Hangul and other wide
// letters a full em, the rest about 0.6 em.
func textWidth(s string, size float64) float64 {
	w := 0.0
	for _, r := range s {
		switch {
		case r >= 0x1100 && (r <= 0x115f || r >= 0x2e80):
			w += size
		case r == ' ':
			w += size * 0.3
		default:
			w += size * 0.6
		}
	}
	return w
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
