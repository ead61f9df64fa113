package ui

import (
	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// cards is the side-by-side comparison of Full Fine-Tuning, LoRA and QLoRA:
// a list, so screen readers announce how many there are.
type cards struct {
	app.Compo

	Level int // heading level of each card's title
	Cards []lesson.Card
}

func newCards(level int, cs []lesson.Card) *cards { return &cards{Level: level, Cards: cs} }

func (c *cards) Render() app.UI {
	return app.Ul().Class("cards").Body(
		app.Range(c.Cards).Slice(func(i int) app.UI {
			card := c.Cards[i]
			return app.Li().Class("card").Body(
				heading(c.Level).Class("card-title").Text(card.Title),
				app.Span().Class("card-tag").Text(card.Tag),
				app.Div().Class("card-detail").Body(
					app.Range(card.Lines).Slice(func(j int) app.UI {
						return app.Span().Class("card-line").Text(card.Lines[j])
					}),
				),
			)
		}),
	)
}
