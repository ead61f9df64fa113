package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// quiz is a list of questions, each checked on its own.
type quiz struct {
	app.Compo

	ID   string
	Quiz *lesson.QuizBlock
	UI   *lesson.UI

	progress lesson.Progress
}

func newQuiz(id string, q *lesson.QuizBlock, ui *lesson.UI, p lesson.Progress) *quiz {
	return &quiz{ID: id, Quiz: q, UI: ui, progress: p}
}

// OnMount observes the progress: the score changes when a question is
// checked, which the question reports as a change of the progress.
func (c *quiz) OnMount(ctx app.Context) {
	observeProgress(ctx, &c.progress, nil)
}

func (c *quiz) Render() app.UI {
	// The score counts checked answers that are right.
	correct := 0
	for i, q := range c.Quiz.Questions {
		if a, ok := c.progress.Answers[lesson.QuestionID(c.ID, i)]; ok && a.Checked && q.Correct(a.Choice) {
			correct++
		}
	}
	total := len(c.Quiz.Questions)
	score := fill(c.UI.Score, "correct", correct, "total", total)
	return app.Div().ID(c.ID).Class("quiz-block").Body(
		app.Ol().Class("quiz").Body(
			app.Range(c.Quiz.Questions).Slice(func(i int) app.UI {
				id := lesson.QuestionID(c.ID, i)
				return app.Li().Class("quiz-item").Body(
					newQuestion(id, i+1, &c.Quiz.Questions[i], c.UI, c.progress.Answers[id]),
				)
			}),
		),
		app.Div().Class("quiz-score").Body(
			app.Label().For(c.ID+"-score").ID(c.ID+"-score-label").Class("quiz-score-text").Text(score),
			app.Progress().ID(c.ID+"-score").Class("quiz-score-bar").Max(total).Value(strconv.Itoa(correct)),
		),
	)
}
