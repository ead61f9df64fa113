package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// page is the whole lesson: its title, intro and sections in order.
type page struct {
	app.Compo

	Lesson *lesson.Lesson
}

func newPage(l *lesson.Lesson) *page { return &page{Lesson: l} }

func (p *page) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(p.Lesson.Title)
}

func (p *page) Render() app.UI {
	l := p.Lesson
	return app.Div().ID("lesson").Class("lesson").Body(
		app.Header().Class("lesson-header").Body(
			app.H1().Text(l.Title),
		),
		app.Main().ID("content").Body(
			app.Div().Class("intro").Body(
				app.Range(l.Intro).Slice(func(i int) app.UI {
					return block(l, "intro", 2, i, l.Intro[i])
				}),
			),
			app.Range(l.Sections).Slice(func(i int) app.UI {
				return newSection(l, &l.Sections[i])
			}),
		),
	)
}
