package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// fitScrollBoxes lets a wide table's box (.table-scroll) take the keyboard
// focus only while it scrolls: a box that fits its table would be a Tab stop
// with nothing to do. It runs once the page is mounted, again when the fonts
// are in, and after a resize (in the next frame, once per frame at most).
// Each check waits for the frame after the change to be laid out, so that
// reading the boxes' widths never forces a layout of its own.
func fitScrollBoxes() {
	fit := func() {
		boxes := app.Window().Get("document").Call("querySelectorAll", ".table-scroll")
		for i := 0; i < boxes.Length(); i++ {
			b := boxes.Index(i)
			if b.Get("scrollWidth").Int() > b.Get("clientWidth").Int() {
				b.Call("setAttribute", "tabindex", "0")
			} else {
				b.Call("removeAttribute", "tabindex")
			}
		}
	}
	pending := false
	var laidOut, frame, onResize, onFonts app.Func
	laidOut = app.FuncOf(func(app.Value, []app.Value) any {
		pending = false
		fit()
		return nil
	})
	// A task queued from an animation frame runs after that frame's
	// layout and paint: the widths are known by then.
	frame = app.FuncOf(func(app.Value, []app.Value) any {
		app.Window().Call("setTimeout", laidOut, 0)
		return nil
	})
	onResize = app.FuncOf(func(app.Value, []app.Value) any {
		if !pending {
			pending = true
			app.Window().Call("requestAnimationFrame", frame)
		}
		return nil
	})
	onResize.Invoke()
	app.Window().Call("addEventListener", "resize", onResize)
	if fonts := app.Window().Get("document").Get("fonts"); fonts.Truthy() {
		onFonts = app.FuncOf(func(app.Value, []app.Value) any { return onResize.Invoke() })
		fonts.Get("ready").Call("then", onFonts)
	}
}
