package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// quiz is a list of questions, each checked on its own.
type quiz struct {
	app.Compo

	ID    string
	Quiz  *lesson.QuizBlock
	UI    *lesson.UI
	Store *store
}

func newQuiz(id string, q *lesson.QuizBlock, ui *lesson.UI, st *store) *quiz {
	return &quiz{ID: id, Quiz: q, UI: ui, Store: st}
}

func (c *quiz) Render() app.UI {
	// The score counts checked answers that are right. The questions save
	// to the store, and re-render this quiz (their parent) when they do.
	correct := 0
	for i, q := range c.Quiz.Questions {
		if a, ok := c.Store.answer(lesson.QuestionID(c.ID, i)); ok && a.Checked && q.Correct(a.Choice) {
			correct++
		}
	}
	total := len(c.Quiz.Questions)
	score := strings.NewReplacer("{correct}", strconv.Itoa(correct), "{total}", strconv.Itoa(total)).Replace(c.UI.Score)
	return app.Div().ID(c.ID).Class("quiz-block").Body(
		app.Ol().Class("quiz").Body(
			app.Range(c.Quiz.Questions).Slice(func(i int) app.UI {
				return app.Li().Class("quiz-item").Body(
					newQuestion(lesson.QuestionID(c.ID, i), i+1, &c.Quiz.Questions[i], c.UI, c.Store),
				)
			}),
		),
		app.Div().Class("quiz-score").Body(
			app.Label().For(c.ID+"-score").ID(c.ID+"-score-label").Class("quiz-score-text").Text(score),
			app.Progress().ID(c.ID+"-score").Class("quiz-score-bar").Max(total).Value(strconv.Itoa(correct)),
		),
	)
}
