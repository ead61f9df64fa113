package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/jsapi"
	"golesson/app/lesson"
)

// home is a course's first page: its title, the lessons in order with how
// far the learner is in each, the course's progress, and a link to go on
// where the learner left off. Progress is each lesson's own saved progress,
// read when the page shows; the prerender shows the lessons only.
type home struct {
	app.Compo

	Course *lesson.Course

	saved  func(*lesson.Lesson) lesson.LessonState // how far the learner is in a lesson, by the device's copy
	states []lesson.LessonState                    // nil until read on the device
	onShow app.Func
}

func newHome(c *lesson.Course, saved func(*lesson.Lesson) lesson.LessonState) *home {
	return &home{Course: c, saved: saved}
}

func (c *home) OnNav(ctx app.Context) {
	ctx.Page().SetTitle(c.Course.Title)
}

func (c *home) OnMount(ctx app.Context) {
	c.read()
	// Back from a lesson, the browser may show this page from its
	// back-forward cache: read the progress again.
	c.onShow = app.FuncOf(func(this app.Value, args []app.Value) any {
		ctx.Dispatch(func(app.Context) { c.read() })
		return nil
	})
	app.Window().Call("addEventListener", "pageshow", c.onShow)
	jsapi.Mounted()
}

func (c *home) OnDismount() {
	if c.onShow != nil {
		app.Window().Call("removeEventListener", "pageshow", c.onShow)
		c.onShow.Release()
		c.onShow = nil
	}
}

func (c *home) read() {
	c.states = make([]lesson.LessonState, len(c.Course.Lessons))
	for i, l := range c.Course.Lessons {
		c.states[i] = c.saved(l)
	}
}

// next is the lesson to go on with: the first one begun and not done, else
// the first one not begun; -1 when every lesson is done.
func (c *home) next() (i int, started bool) {
	for i, s := range c.states {
		if s.Started() && !s.Done() {
			return i, true
		}
	}
	for i, s := range c.states {
		if !s.Started() {
			return i, false
		}
	}
	return -1, false
}

func (c *home) Render() app.UI {
	co, ui := c.Course, &c.Course.UI
	listID := lesson.HomeID + "-lessons"
	return app.Div().ID(lesson.HomeID).Class("lesson course-home").Body(
		newSkipLink(ui),
		app.Header().Class("lesson-header").Body(
			app.H1().Text(co.Title),
		),
		app.Main().ID(lesson.ContentID).TabIndex(-1).Body(
			app.P().Class("course-description").Text(co.Description),
			c.progress(),
			app.H2().ID(listID).Text(ui.Lessons),
			app.Ol().Class("course-lessons").Aria("labelledby", listID).Body(
				app.Range(co.Lessons).Slice(func(i int) app.UI {
					return c.lessonItem(i)
				}),
			),
		),
		newOfflineBadge(ui),
		newUpdateBanner(ui),
	)
}

// progress is the course's summary and the link to go on; empty in the
// prerender, which cannot know the learner.
func (c *home) progress() app.UI {
	ui := &c.Course.UI
	box := app.Section().Class("course-progress").Aria("live", "polite")
	if c.states == nil {
		return box
	}
	done := 0
	for _, s := range c.states {
		if s.Done() {
			done++
		}
	}
	total := len(c.states)
	text := fill(ui.CourseProgress, "done", done, "total", total)
	var cont app.UI
	if i, started := c.next(); i >= 0 {
		label := ui.Start
		if started || done > 0 {
			label = ui.Continue
		}
		l := c.Course.Lessons[i]
		cont = app.P().Class("course-continue").Body(
			app.A().Class("course-continue-link").Href(lesson.LessonPath(l.ID)).OnClick(leave).Body(
				app.Span().Class("course-continue-label").Text(label),
				app.Span().Class("course-continue-title").Text(l.Title),
			),
		)
	}
	return box.Body(
		app.P().Class("course-progress-text").Text(text),
		app.Progress().Class("course-progress-bar").Max(total).Value(done).Aria("label", text),
		cont,
	)
}

func (c *home) lessonItem(i int) app.UI {
	l, ui := c.Course.Lessons[i], &c.Course.UI
	var state app.UI
	if c.states != nil {
		s := c.states[i]
		status := ui.NotStarted
		switch {
		case s.Done():
			status = ui.Done
		case s.Started():
			status = ui.InProgress
		}
		facts := []app.UI{app.Li().Class("course-lesson-status").Text(status),
			app.Li().Class("course-lesson-read").Text(fill(ui.SummaryRead, "read", s.Read, "total", s.Sections))}
		if s.Quiz.Total > 0 {
			facts = append(facts, app.Li().Class("course-lesson-score").Text(fill(ui.SummaryScore, "correct", s.Quiz.Correct, "total", s.Quiz.Total)))
		}
		state = app.Ul().Class("course-lesson-state").Body(facts...)
	}
	return app.Li().Class("course-lesson").DataSet("lesson", l.ID).Body(
		app.H3().Class("course-lesson-title").Body(
			app.A().Class("course-lesson-link").Href(lesson.LessonPath(l.ID)).Text(l.Title).OnClick(leave),
		),
		app.P().Class("course-lesson-description").Text(l.Description),
		state,
	)
}
