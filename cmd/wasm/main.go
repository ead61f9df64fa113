// Command wasm is the lesson's browser entry, built with GOOS=js
// GOARCH=wasm into app.wasm. It links the components and the lesson model
// only: no parser, no server, no flags.
package main

import (
	"errors"
	"os"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/jsapi"
	"golesson/app/lesson"
	"golesson/app/ui"
	"golesson/cmd/wasm/pause"
)

func main() {
	// The start runs in several tasks, not one long one that delays input
	// and frames: the browser gets its turn after the runtime and package
	// initialisation, after decoding the page's data and before go-app
	// mounts it (go-app's adopting yields too).
	yield := pause.Turn
	yield()
	// A lesson's page carries the lesson; a course's home, the course.
	var l lesson.Lesson
	var c lesson.Course
	isLesson, err := jsapi.PageData(jsapi.LessonData, &l)
	isCourse, err2 := false, error(nil)
	if !isLesson || err != nil {
		isCourse, err2 = jsapi.PageData(jsapi.CourseData, &c)
	}
	// web/wasm-warm.js runs this program in a worker first, with a copy of
	// the page's data, so that the runtime's start, package initialisation
	// and the decoding compile there; without a page there is nothing more
	// to do.
	if !jsapi.OnPage() {
		if !(isLesson && err == nil) && !(isCourse && err2 == nil) {
			os.Exit(1) // the worker marks the warm-up failed; the page starts anyway
		}
		return
	}
	switch {
	case isLesson && err == nil:
		yield()
		ui.Register(&l)
	case isCourse && err2 == nil:
		yield()
		ui.RegisterHome(&c)
	default:
		// The prerendered page stays readable; only interaction is lost.
		app.Log("page data:", errors.Join(err, err2))
		return
	}
	yield()
	app.RunWhenOnBrowser()
}
