package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// fitScrollBoxes lets a wide table's box (.table-scroll) take the keyboard
// focus only while it scrolls: a box that fits its table would be a Tab stop
// with nothing to do. A ResizeObserver watches each box and its table, so a
// box is checked whenever either changes size: once it is laid out (while
// the page starts, web/lazy-layout.js lays the lesson out a section at a
// time, and reading a width in a section not laid out yet would lay it out
// at once), after a resize, once the fonts are in. Its callback runs after
// the frame's layout, so reading the widths never forces one.
func fitScrollBoxes() {
	observer := app.Window().Get("ResizeObserver")
	if !observer.Truthy() {
		return // the boxes keep the tabindex the page was built with
	}
	onSize := app.FuncOf(func(_ app.Value, args []app.Value) any {
		entries := args[0]
		for i := 0; i < entries.Length(); i++ {
			b := entries.Index(i).Get("target")
			if !b.Get("classList").Call("contains", "table-scroll").Bool() {
				b = b.Get("parentElement") // the table
			}
			if b.Get("scrollWidth").Int() > b.Get("clientWidth").Int() {
				b.Call("setAttribute", "tabindex", "0")
			} else {
				b.Call("removeAttribute", "tabindex")
			}
		}
		return nil
	})
	o := observer.New(onSize)
	boxes := app.Window().Get("document").Call("querySelectorAll", ".table-scroll")
	for i := 0; i < boxes.Length(); i++ {
		b := boxes.Index(i)
		o.Call("observe", b)
		if t := b.Get("firstElementChild"); t.Truthy() {
			o.Call("observe", t)
		}
	}
}
