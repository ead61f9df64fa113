package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/progress"
)

// summary closes the lesson: the quiz score, the sections read, a button
// that clears the whole quiz, and the way on: in a course the previous and
// next lessons and the course's home, alone the next lesson when the front
// matter names one.
type summary struct {
	app.Compo

	Lesson *lesson.Lesson

	progress lesson.Progress
	mounted  bool
}

func newSummary(l *lesson.Lesson, p lesson.Progress) *summary {
	return &summary{Lesson: l, progress: p}
}

func (c *summary) OnMount(ctx app.Context) {
	// The numbers are counted from the progress in Render.
	observeProgress(ctx, &c.progress, nil)
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

// onReset clears every question's answer and puts the learner on the
// first question.
func (c *summary) onReset(ctx app.Context, e app.Event) {
	changeProgress(ctx, (*progress.Tracker).ResetQuiz)
	qs := c.Lesson.Questions()
	if len(qs) == 0 {
		return
	}
	focusSoon(qs[0].ID + "-select")
}

func (c *summary) Render() app.UI {
	l, ui := c.Lesson, &c.Lesson.UI
	r := l.QuizResult(c.progress)
	score := fill(ui.SummaryScore, "correct", r.Correct, "total", r.Total)
	sections := fill(ui.SummaryRead, "read", len(c.progress.Visited), "total", len(l.Sections))
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
