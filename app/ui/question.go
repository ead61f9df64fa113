package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// question is one quiz question: a dropdown of options, a check button and
// the feedback with the explanation.
type question struct {
	app.Compo

	ID       string
	Question *lesson.Question
	UI       *lesson.UI
	Store    *store

	choice  int  // selected option; the first, as in the notebook's dropdown
	checked bool // feedback is shown for choice
	shown   bool // the learner asked to see the right answer
	mounted bool // controls stay inert until the wasm runs
	synced  int
}

func newQuestion(id string, q *lesson.Question, ui *lesson.UI, st *store) *question {
	c := &question{ID: id, Question: q, UI: ui, Store: st}
	c.load()
	return c
}

// load takes the saved answer (the store keeps only valid ones), or the
// first option, unchecked.
func (c *question) load() {
	a, _ := c.Store.answer(c.ID)
	c.choice, c.checked, c.shown = a.Choice, a.Checked, a.Shown
}

func (c *question) OnMount(ctx app.Context) {
	ctx.ObserveState(progressSynced, &c.synced).OnChange(c.load)
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

func (c *question) onSelect(ctx app.Context, e app.Event) {
	i, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
	if err != nil || i < 0 || i >= len(c.Question.Options) {
		return
	}
	c.choice = i
	c.checked = false // the old feedback was about another answer
	c.save()
}

func (c *question) onCheck(ctx app.Context, e app.Event) {
	c.checked = true
	c.save()
}

// onTryAgain clears a wrong try and puts the learner back on the dropdown.
func (c *question) onTryAgain(ctx app.Context, e app.Event) {
	c.checked, c.shown = false, false
	c.save()
	// Now, before the render removes the focused button: the dropdown
	// stays in the page, so the focus stays with it.
	if el := app.Window().GetElementByID(c.ID + "-select"); el != nil && el.Truthy() {
		el.Call("focus")
	}
}

func (c *question) onShowAnswer(ctx app.Context, e app.Event) {
	c.shown = true
	c.save()
}

func (c *question) save() {
	c.Store.setAnswer(c.ID, lesson.Answer{Choice: c.choice, Checked: c.checked, Shown: c.shown})
}

func (c *question) Render() app.UI {
	q := c.Question
	selectID := c.ID + "-select"
	sel := app.Select().ID(selectID).Class("question-select").OnChange(c.onSelect)
	btn := app.Button().Type("button").Class("question-check").Text(c.UI.Check).OnClick(c.onCheck)
	if !c.mounted {
		// Only ever pass true: go-app prerenders Disabled(false) as disabled.
		sel = sel.Disabled(true)
		btn = btn.Disabled(true)
	}

	feedback := app.P().ID(c.ID+"-feedback").Class("question-feedback").Aria("live", "polite")
	wrong := c.checked && !q.Correct(c.choice)
	if c.checked {
		class := "is-wrong"
		if !wrong {
			class = "is-correct"
		}
		feedback = feedback.Class(class).Text(c.UI.Feedback(*q, !wrong))
	}

	return app.Div().ID(c.ID).Class("question").Role("group").Aria("labelledby", c.ID+"-text").Body(
		app.P().ID(c.ID+"-text").Class("question-text").Body(app.Strong().Text(q.Text)),
		app.Div().Class("question-controls").Body(
			app.Label().For(selectID).Class("question-label").Text(c.UI.Select),
			sel.Body(
				app.Range(q.Options).Slice(func(i int) app.UI {
					o := app.Option().Value(strconv.Itoa(i)).Text(q.Options[i])
					if i == c.choice {
						o = o.Selected(true)
					}
					return o
				}),
			),
			btn,
		),
		feedback,
		app.If(wrong, func() app.UI {
			return app.Div().Class("question-after").Body(
				app.Button().Type("button").Class("question-try-again").Text(c.UI.TryAgain).OnClick(c.onTryAgain),
				app.If(!c.shown, func() app.UI {
					return app.Button().Type("button").Class("question-show").Text(c.UI.ShowAnswer).OnClick(c.onShowAnswer)
				}),
			)
		}),
		app.If(wrong && c.shown, func() app.UI {
			return app.P().Class("question-answer").Text(strings.ReplaceAll(c.UI.Answer, "{answer}", q.Options[q.Answer]))
		}),
	)
}
