// Package ui holds the lesson's go-app components, one per file. The same
// components render the prerendered page at build time and run in the
// WebAssembly client, from the same lesson value. They render and change
// state only: progress is saved and reported by app/progress, and the
// page's scripts are called through app/jsapi.
package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/jsapi"
	"golesson/app/lesson"
	"golesson/app/progress"
)

// Register routes every page path to the lesson. The lesson is one page; its
// steps are component state, not routes, so nothing inside it adds history
// entries. The regexp route makes a sub-path such as /courses/ft/ or
// /courses/ft/index.html render the lesson instead of go-app's "Not Found"
// (go-app matches routes against the full path there).
func Register(l *lesson.Lesson) {
	store, lms := device()
	t := progress.Open(l, store, lms) // read once: the saved progress of this lesson
	// Sliders moved while the wasm loaded (web/early-answers.js answered
	// them): the first render shows them, so mounting keeps them in place.
	t.SetSliders(earlySliders())
	embedded := lms.Launch().Embedded
	route(func() app.Composer { return newPage(l, t, embedded) })
}

// RegisterHome routes every page path to a course's home page. Each page of
// a course is its own document (a lesson is reached by a page load), so a
// page registers only what it shows.
func RegisterHome(c *lesson.Course) {
	store, _ := device()
	route(func() app.Composer {
		return newHome(c, func(l *lesson.Lesson) lesson.LessonState { return progress.Saved(store, l) })
	})
}

// device is where progress is kept and reported: the page's scripts in the
// browser; nothing in the prerender, which shows the defaults.
func device() (progress.Store, progress.LMS) {
	if app.IsServer {
		return progress.NewMemoryStore(nil), progress.Standalone{}
	}
	return jsapi.Store(), jsapi.LMS()
}

// earlySliders are the slider values moved before the app ran: none in
// the prerender.
func earlySliders() map[string]int64 {
	if app.IsServer {
		return nil
	}
	return jsapi.EarlySliders()
}

func route(page func() app.Composer) {
	app.Route("/", page)
	app.RouteWithRegexp(`(^|/)(index\.html)?$`, page)
}
