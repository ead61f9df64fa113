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
	register, err := decode()
	// web/wasm-warm.js runs this program in a worker first, with a copy of
	// the page's data, so that the runtime's start, package initialisation
	// and the decoding compile there; without a page there is nothing more
	// to do.
	if !jsapi.OnPage() {
		if err != nil {
			os.Exit(1) // the worker marks the warm-up failed; the page starts anyway
		}
		return
	}
	if err != nil {
		// The prerendered page stays readable; only interaction is lost.
		app.Log("page data:", err)
		return
	}
	yield()
	register()
	yield()
	app.RunWhenOnBrowser()
}

// decode reads the page's data, a lesson (a lesson's page) or a course (a
// course's home), and returns what registers its page.
func decode() (register func(), err error) {
	var l lesson.Lesson
	ok, err := jsapi.PageData(jsapi.LessonData, &l)
	if ok && err == nil {
		return func() { ui.Register(&l) }, nil
	}
	var c lesson.Course
	ok2, err2 := jsapi.PageData(jsapi.CourseData, &c)
	if ok2 && err2 == nil {
		return func() { ui.RegisterHome(&c) }, nil
	}
	return nil, errors.Join(err, err2)
}
