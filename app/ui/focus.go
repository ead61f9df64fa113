package ui

import "github.com/maxence-charriere/go-app/v10/pkg/app"

// focusSoon puts the focus on element id once it is in the page: the render
// that adds it comes a frame or two after the handler that asked for it
// (go-app renders on its next tick, after ctx.Defer has run). It gives up
// after a second of frames.
func focusSoon(id string) {
	tries := 0
	var f app.Func
	f = app.FuncOf(func(app.Value, []app.Value) any {
		if el := app.Window().GetElementByID(id); el != nil && el.Truthy() {
			el.Call("focus")
			f.Release()
			return nil
		}
		if tries++; tries < 60 {
			app.Window().Call("requestAnimationFrame", f)
		} else {
			f.Release()
		}
		return nil
	})
	app.Window().Call("requestAnimationFrame", f)
}
