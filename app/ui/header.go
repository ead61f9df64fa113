package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// header is the lesson's title bar: the title, an install button where the
// browser offers one, and, inside an LMS iframe, a link that opens the lesson
// in its own tab (installing and offline use only work there).
type header struct {
	app.Compo

	Lesson   *lesson.Lesson
	Embedded bool // in an LMS's frame: installing works only in a tab of its own

	installable bool
}

func newHeader(l *lesson.Lesson, embedded bool) *header {
	return &header{Lesson: l, Embedded: embedded}
}

func (c *header) OnMount(ctx app.Context) {
	c.OnAppInstallChange(ctx)
}

// OnAppInstallChange follows the browser's install offer. Apple browsers
// install from the share menu, so they get no button.
func (c *header) OnAppInstallChange(ctx app.Context) {
	c.installable = !c.Embedded && ctx.IsAppInstallable() && !ctx.IsAppleBrowser()
	ctx.Update()
}

func (c *header) onInstall(ctx app.Context, e app.Event) {
	ctx.ShowAppInstallPrompt()
}

func (c *header) Render() app.UI {
	ui := &c.Lesson.UI
	return app.Header().Class("lesson-header").Body(
		app.H1().Text(c.Lesson.Title),
		app.Div().Class("lesson-actions").Body(
			// Always in the page, shown by CSS only when embedded, so the
			// prerender and the app agree.
			app.A().Class("open-tab").Href("index.html").Target("_blank").Rel("noopener").Text(ui.OpenTab),
			app.If(c.installable, func() app.UI {
				return app.Button().Type("button").Class("install").Text(ui.Install).OnClick(c.onInstall)
			}),
		),
	)
}
