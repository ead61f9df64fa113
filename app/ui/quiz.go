package ui

import (
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
	return app.Ol().ID(c.ID).Class("quiz").Body(
		app.Range(c.Quiz.Questions).Slice(func(i int) app.UI {
			return app.Li().Class("quiz-item").Body(
				newQuestion(lesson.QuestionID(c.ID, i), &c.Quiz.Questions[i], c.UI, c.Store),
			)
		}),
	)
}
