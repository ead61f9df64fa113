package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// skipLink is the first stop for keyboard users: straight past the header
// and contents to the lesson's text. It moves the focus there too, which a
// plain #content link would not (go-app turns it into a navigation).
type skipLink struct {
	app.Compo

	UI *lesson.UI
}

func newSkipLink(ui *lesson.UI) *skipLink { return &skipLink{UI: ui} }

func (c *skipLink) onClick(ctx app.Context, e app.Event) {
	e.PreventDefault()
	e.Call("stopPropagation") // keep go-app's link handler out: no history entry
	if el := app.Window().GetElementByID(lesson.ContentID); el != nil && el.Truthy() {
		el.Call("focus")
		el.Call("scrollIntoView")
	}
}

func (c *skipLink) Render() app.UI {
	return app.A().Class("skip-link").Href("#content").Text(c.UI.Skip).OnClick(c.onClick)
}
