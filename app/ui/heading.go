package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// heading returns an h2…h6 element for level, so nested blocks keep the
// page's headings in order.
func heading(level int) app.HTMLElem {
	tag := "h6"
	if level >= 2 && level <= 6 {
		tag = "h" + string(rune('0'+level))
	}
	return app.Elem(tag)
}
