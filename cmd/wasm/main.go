// Command wasm is the lesson's browser entry, built with GOOS=js
// GOARCH=wasm into app.wasm. It links the components and the lesson model
// only: no parser, no server, no flags.
package main

import (
	"errors"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/jsapi"
	"golesson/app/lesson"
	"golesson/app/ui"
	"golesson/cmd/wasm/pause"
)

func main() {
	// web/wasm-warm.js runs this program in a worker first, so that the
	// runtime's start and package initialisation compile there; without a
	// page there is nothing more to do.
	if !jsapi.OnPage() {
		return
	}
	// The start runs in several tasks, not one long one that delays input
	// and frames: the browser gets its turn after the runtime and package
	// initialisation, after decoding the page's data and before go-app
	// mounts it (go-app's adopting yields too).
	yield := pause.Turn
	yield()
	// A lesson's page carries the lesson; a course's home, the course.
	var l lesson.Lesson
	var c lesson.Course
	if ok, err := jsapi.PageData(jsapi.LessonData, &l); ok && err == nil {
		yield()
		ui.Register(&l)
	} else if ok2, err2 := jsapi.PageData(jsapi.CourseData, &c); ok2 && err2 == nil {
		yield()
		ui.RegisterHome(&c)
	} else {
		// The prerendered page stays readable; only interaction is lost.
		app.Log("page data:", errors.Join(err, err2))
		return
	}
	yield()
	app.RunWhenOnBrowser()
}
