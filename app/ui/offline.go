package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// offlineBadge is a small, calm "오프라인" note while the network is gone;
// the lesson keeps working from the service worker's cache meanwhile.
type offlineBadge struct {
	app.Compo

	UI *lesson.UI

	offline bool
}

func newOfflineBadge(ui *lesson.UI) *offlineBadge { return &offlineBadge{UI: ui} }

func (c *offlineBadge) OnMount(ctx app.Context) {
	c.offline = !app.Window().Get("navigator").Get("onLine").Bool()
	listen := func(event string, offline bool) {
		app.Window().Call("addEventListener", event, app.FuncOf(func(app.Value, []app.Value) any {
			ctx.Dispatch(func(app.Context) { c.offline = offline })
			return nil
		}))
	}
	listen("offline", true)
	listen("online", false)
	ctx.Update()
}

func (c *offlineBadge) Render() app.UI {
	// Always rendered, so the live region exists before it has anything to say.
	badge := app.Div().Class("net-status").Role("status")
	if c.offline {
		return badge.Class("is-offline").Text(c.UI.Offline)
	}
	return badge
}
