package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/jsapi"
	"golesson/app/lesson"
)

// updateBanner offers a new version once it is fully downloaded. It never
// blocks the lesson: the learner reloads when it suits them, and until then
// the page keeps running its own version.
type updateBanner struct {
	app.Compo

	UI *lesson.UI

	ready bool
}

func newUpdateBanner(ui *lesson.UI) *updateBanner { return &updateBanner{UI: ui} }

func (c *updateBanner) OnMount(ctx app.Context) {
	// An update found before the wasm started is reported here.
	if ctx.AppUpdateAvailable() {
		c.ready = true
		ctx.Update()
	}
}

func (c *updateBanner) OnAppUpdate(ctx app.Context) {
	c.ready = true
	ctx.Update()
}

func (c *updateBanner) onReload(ctx app.Context, e app.Event) {
	jsapi.ApplyUpdate()
}

func (c *updateBanner) Render() app.UI {
	banner := app.Div().Class("update-banner").Role("status")
	if !c.ready {
		return banner
	}
	return banner.Class("is-ready").Body(
		app.Span().Class("update-text").Text(c.UI.Update),
		app.Button().Type("button").Class("update-reload").Text(c.UI.Reload).OnClick(c.onReload),
	)
}
