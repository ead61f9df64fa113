package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// leave follows a link to another page of the course as a plain page load:
// go-app would take a link on this host for one of its own routes and
// render it in place. A modified click (new tab, new window) is the
// browser's.
func leave(ctx app.Context, e app.Event) {
	if e.Get("ctrlKey").Bool() || e.Get("metaKey").Bool() || e.Get("shiftKey").Bool() {
		e.Call("stopPropagation")
		return
	}
	e.PreventDefault()
	e.Call("stopPropagation")
	app.Window().Get("location").Call("assign", e.Get("currentTarget").Get("href").String())
}
