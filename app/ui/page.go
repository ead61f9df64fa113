package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/jsapi"
	"golesson/app/lesson"
	"golesson/app/progress"
)

// page is the whole lesson: its title, intro and sections in order. It
// owns the learner's progress: it applies the components' changes
// (changeAction) and publishes the result (progressState).
type page struct {
	app.Compo

	Lesson   *lesson.Lesson
	Progress *progress.Tracker
	Embedded bool // in an LMS's frame
}

func newPage(l *lesson.Lesson, t *progress.Tracker, embedded bool) *page {
	return &page{Lesson: l, Progress: t, Embedded: embedded}
}

func (p *page) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(p.Lesson.Title)
}

// OnMount runs before the components' own (go-app mounts from the root),
// so the state they observe is there when they do. It then tells the page's
// scripts that the app runs: the service worker may now precache without
// slowing the start.
func (p *page) OnMount(ctx app.Context) {
	questions := p.Lesson.Questions()
	// publish sets the states of what changed since before; all of them
	// when all is true.
	publish := func(ctx app.Context, before lesson.Progress, all bool) {
		now := p.Progress.Progress()
		for _, q := range questions {
			if a := now.Answers[q.ID]; all || a != before.Answers[q.ID] {
				ctx.SetState(answerState(q.ID), a)
			}
		}
		ctx.SetState(progressState, now)
	}
	// Moved while the page mounted, after Register took the earlier ones;
	// the page's script keeps no more once told the app runs (Mounted).
	p.Progress.SetSliders(earlySliders())
	publish(ctx, lesson.Progress{}, true)
	ctx.Handle(changeAction, func(ctx app.Context, a app.Action) {
		if f, ok := a.Value.(progressChange); ok {
			before := p.Progress.Progress()
			f(p.Progress)
			publish(ctx, before, false)
		}
	})
	p.Progress.Watch(func(apply func()) {
		ctx.Dispatch(func(ctx app.Context) {
			before := p.Progress.Progress()
			apply()
			publish(ctx, before, false)
		})
	})
	fitScrollBoxes()
	jsapi.Mounted()
}

func (p *page) Render() app.UI {
	l := p.Lesson
	saved := p.Progress.Progress()
	return app.Div().ID(lesson.PageID).Class("lesson").Body(
		newSkipLink(&l.UI),
		newHeader(l, p.Embedded),
		newTOC(l, saved),
		// tabindex -1: the skip link can move the focus here.
		app.Main().ID(lesson.ContentID).TabIndex(-1).Body(
			app.Div().Class("intro").Body(
				app.Range(l.Intro).Slice(func(i int) app.UI {
					return block(l, saved, lesson.IntroID, 2, i, l.Intro[i])
				}),
			),
			app.Range(l.Sections).Slice(func(i int) app.UI {
				return newSection(l, saved, &l.Sections[i])
			}),
			newSummary(l, saved),
		),
		newOfflineBadge(&l.UI),
		newUpdateBanner(&l.UI),
	)
}
