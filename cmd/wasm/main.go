// Command wasm is the lesson's browser entry, built with GOOS=js
// GOARCH=wasm into app.wasm. It links the components and the lesson model
// only: no parser, no server, no flags.
package main

import (
	"encoding/json"
	"errors"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/ui"
)

func main() {
	// The start runs in several tasks, not one long one that delays input
	// and frames: the browser gets its turn after the runtime and package
	// initialisation, after decoding the lesson and before go-app mounts
	// it (go-app's adopting yields too). A sleep with nothing else to run
	// returns to the JavaScript event loop until its timer fires.
	yield := func() { time.Sleep(time.Millisecond) }
	yield()
	l, err := fromPage()
	if err != nil {
		// The prerendered lesson stays readable; only interaction is lost.
		app.Log("lesson data:", err)
		return
	}
	yield()
	ui.Register(l)
	yield()
	app.RunWhenOnBrowser()
}

// fromPage decodes the lesson the build wrote into the page.
func fromPage() (*lesson.Lesson, error) {
	el := app.Window().GetElementByID(lesson.DataElementID)
	if el == nil || !el.Truthy() {
		return nil, errors.New("no #" + lesson.DataElementID + " element in the page")
	}
	var l lesson.Lesson
	if err := json.Unmarshal([]byte(el.Get("textContent").String()), &l); err != nil {
		return nil, err
	}
	return &l, nil
}
