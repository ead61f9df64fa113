package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// page is the whole lesson: its title, intro and sections in order.
type page struct {
	app.Compo

	Lesson *lesson.Lesson
	Store  *store
}

func newPage(l *lesson.Lesson, st *store) *page { return &page{Lesson: l, Store: st} }

func (p *page) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(p.Lesson.Title)
}

// OnMount tells web/boot.js that the app runs: the service worker may now
// precache without slowing the start.
func (p *page) OnMount(ctx app.Context) {
	syncs := 0
	p.Store.watch(func(apply func()) {
		ctx.Dispatch(func(ctx app.Context) {
			apply()
			syncs++
			ctx.SetState(progressSynced, syncs)
		})
	})
	fitScrollBoxes()
	if f := app.Window().Get("lessonMounted"); f != nil && f.Truthy() {
		app.Window().Call("lessonMounted")
	}
}

func (p *page) Render() app.UI {
	l := p.Lesson
	return app.Div().ID(lesson.PageID).Class("lesson").Body(
		newSkipLink(&l.UI),
		newHeader(l),
		newTOC(l, p.Store),
		// tabindex -1: the skip link can move the focus here.
		app.Main().ID(lesson.ContentID).TabIndex(-1).Body(
			app.Div().Class("intro").Body(
				app.Range(l.Intro).Slice(func(i int) app.UI {
					return block(l, p.Store, lesson.IntroID, 2, i, l.Intro[i])
				}),
			),
			app.Range(l.Sections).Slice(func(i int) app.UI {
				return newSection(l, p.Store, &l.Sections[i])
			}),
			newSummary(l, p.Store),
		),
		newOfflineBadge(&l.UI),
		newUpdateBanner(&l.UI),
	)
}
