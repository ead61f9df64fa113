// Package ui holds the lesson's go-app components, one per file. The same
// components render the prerendered page at build time and run in the
// WebAssembly client, from the same lesson value.
package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// Register routes every page path to the lesson. The lesson is one page; its
// steps are component state, not routes, so nothing inside it adds history
// entries. The regexp route makes a sub-path such as /courses/ft/ or
// /courses/ft/index.html render the lesson instead of go-app's "Not Found"
// (go-app matches routes against the full path there).
func Register(l *lesson.Lesson) {
	st := newStore(l) // read once: the saved progress of this lesson
	route(func() app.Composer { return newPage(l, st) })
}

// RegisterHome routes every page path to a course's home page. Each page of
// a course is its own document (a lesson is reached by a page load), so a
// page registers only what it shows.
func RegisterHome(c *lesson.Course) {
	route(func() app.Composer { return newHome(c) })
}

func route(page func() app.Composer) {
	app.Route("/", page)
	app.RouteWithRegexp(`(^|/)(index\.html)?$`, page)
}
