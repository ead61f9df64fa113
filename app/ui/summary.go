package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// progressChanged is the go-app state set after this page saved an answer
// or a section read, so the summary, far from the question or the contents
// that changed, shows it.
const progressChanged = "golesson.progress-changed"

func progressChangedBy(ctx app.Context) { ctx.SetState(progressChanged, true) }

// summary closes the lesson: the quiz score, the sections read, a button
// that clears the whole quiz, and the way on: in a course the previous and
// next lessons and the course's home, alone the next lesson when the front
// matter names one.
type summary struct {
	app.Compo

	Lesson *lesson.Lesson
	Store  *store

	mounted bool
	synced  int
	changed bool
}

func newSummary(l *lesson.Lesson, st *store) *summary { return &summary{Lesson: l, Store: st} }

func (c *summary) OnMount(ctx app.Context) {
	// Both only re-render: the numbers are read from the store in Render.
	ctx.ObserveState(progressSynced, &c.synced)
	ctx.ObserveState(progressChanged, &c.changed)
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

// onReset clears every question's answer, has every component read the
// store again, and puts the learner on the first question.
func (c *summary) onReset(ctx app.Context, e app.Event) {
	qs := c.Lesson.Questions()
	for _, q := range qs {
		if _, ok := c.Store.answer(q.ID); ok {
			c.Store.setAnswer(q.ID, lesson.Answer{})
		}
	}
	ctx.SetState(progressSynced, -1)
	if len(qs) == 0 {
		return
	}
	focusSoon(qs[0].ID + "-select")
}

func (c *summary) Render() app.UI {
	l, ui := c.Lesson, &c.Lesson.UI
	r := l.QuizResult(c.progress())
	read := len(c.Store.visited())
	score := strings.NewReplacer("{correct}", strconv.Itoa(r.Correct), "{total}", strconv.Itoa(r.Total)).Replace(ui.SummaryScore)
	sections := strings.NewReplacer("{read}", strconv.Itoa(read), "{total}", strconv.Itoa(len(l.Sections))).Replace(ui.SummaryRead)
	titleID := lesson.SummaryID + "-title"

	reset := app.Button().Type("button").Class("summary-reset").Text(ui.ResetQuiz).OnClick(c.onReset)
	if !c.mounted {
		reset = reset.Disabled(true)
	}
	return app.Section().ID(lesson.SummaryID).Class("summary").Aria("labelledby", titleID).Body(
		app.H2().ID(titleID).Class("summary-title").Text(ui.Summary),
		app.Ul().Class("summary-facts").Body(
			app.If(r.Total > 0, func() app.UI {
				return app.Li().Class("summary-score").Text(score)
			}),
			app.Li().Class("summary-read").Text(sections),
		),
		app.If(r.Total > 0, func() app.UI {
			return app.Div().Class("summary-actions").Body(reset)
		}),
		neighbour("summary-prev", ui.Prev, l.Prev),
		neighbour("summary-next", ui.Next, l.Next),
		neighbour("summary-home", ui.CourseHome, l.Home),
	)
}

// neighbour is the link to the previous or next lesson or the course's
// home, with its label; nothing when there is none.
func neighbour(class, label string, to *lesson.NextLesson) app.UI {
	if to == nil {
		return nil
	}
	return app.P().Class(class+" summary-link").Body(
		app.Span().Class(class+"-label summary-link-label").Text(label),
		app.A().Class(class+"-link").Href(to.Href).Text(to.Title).OnClick(leave),
	)
}

// progress is the saved progress (empty in the prerender).
func (c *summary) progress() lesson.Progress {
	if c.Store == nil {
		return lesson.Progress{}
	}
	return c.Store.data
}
