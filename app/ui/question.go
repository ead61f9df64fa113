package ui

import (
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/progress"
)

// question is one quiz question: a dropdown of options, a check button and
// the feedback with the explanation.
type question struct {
	app.Compo

	ID       string
	N        int // the question's number in its quiz, from 1, for the controls' names
	Question *lesson.Question
	UI       *lesson.UI

	saved   lesson.Answer // as the page keeps it
	choice  int           // selected option; the first, as in the notebook's dropdown
	checked bool          // feedback is shown for choice (else: unanswered, in print)
	shown   bool          // the learner asked to see the right answer
	mounted bool          // controls stay inert until the wasm runs
}

func newQuestion(id string, n int, q *lesson.Question, ui *lesson.UI, a lesson.Answer) *question {
	c := &question{ID: id, N: n, Question: q, UI: ui, saved: a}
	c.load()
	return c
}

// load takes the saved answer (the progress keeps only valid ones), or the
// first option, unchecked.
func (c *question) load() {
	a := c.saved
	c.choice, c.checked, c.shown = a.Choice, a.Checked, a.Shown
}

func (c *question) OnMount(ctx app.Context) {
	ctx.ObserveState(answerState(c.ID), &c.saved).OnChange(c.load)
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

func (c *question) onSelect(ctx app.Context, e app.Event) {
	i, err := strconv.Atoi(ctx.JSSrc().Get("value").String())
	if err != nil || i < 0 || i >= len(c.Question.Options) {
		return
	}
	c.answer(ctx, progress.Select(c.current(), i))
}

func (c *question) onCheck(ctx app.Context, e app.Event) {
	c.answer(ctx, progress.Check(c.current()))
}

// onTryAgain clears a wrong try and puts the learner back on the dropdown.
func (c *question) onTryAgain(ctx app.Context, e app.Event) {
	c.answer(ctx, progress.TryAgain(c.current()))
	// Now, before the render removes the focused button: the dropdown
	// stays in the page, so the focus stays with it.
	if el := app.Window().GetElementByID(c.ID + "-select"); el != nil && el.Truthy() {
		el.Call("focus")
	}
}

// onShowAnswer reveals the answer and moves the focus to it: the button
// pressed is gone, and the answer is what the learner wants to hear next.
func (c *question) onShowAnswer(ctx app.Context, e app.Event) {
	c.answer(ctx, progress.ShowAnswer(c.current()))
	focusSoon(c.ID + "-answer")
}

// current is the answer shown.
func (c *question) current() lesson.Answer {
	return lesson.Answer{Choice: c.choice, Checked: c.checked, Shown: c.shown}
}

// answer shows a at once, so this event's render already agrees with the
// dropdown the learner just moved (a later key press is not undone), and
// asks the page to keep it.
func (c *question) answer(ctx app.Context, a lesson.Answer) {
	c.choice, c.checked, c.shown = a.Choice, a.Checked, a.Shown
	id := c.ID
	changeProgress(ctx, func(t *progress.Tracker) { t.SetAnswer(id, a) })
}

func (c *question) Render() app.UI {
	q := c.Question
	selectID := c.ID + "-select"
	sel := app.Select().ID(selectID).Class("question-select").
		Aria("label", fill(c.UI.SelectName, "n", c.N)).OnChange(c.onSelect)
	btn := app.Button().Type("button").Class("question-check").
		Aria("label", fill(c.UI.CheckName, "n", c.N)).Text(c.UI.Check).OnClick(c.onCheck)
	if !c.mounted {
		// Only ever pass true: go-app prerenders Disabled(false) as disabled.
		sel = sel.Disabled(true)
		btn = btn.Disabled(true)
	}

	feedback := app.P().ID(c.ID+"-feedback").Class("question-feedback").Aria("live", "polite")
	wrong := c.checked && !q.Correct(c.choice)
	if c.checked {
		class, tpl := "is-correct", c.UI.Correct
		if wrong {
			class, tpl = "is-wrong", c.UI.Wrong
		}
		verdict, rest := splitVerdict(tpl, c.UI.Feedback(*q, !wrong))
		feedback = feedback.Class(class).Body(
			app.Strong().Class("feedback-verdict").Text(verdict),
			app.Text(rest),
		)
	}

	root := app.Div().ID(c.ID).Class("question")
	if !c.checked {
		root = root.Class("is-unanswered")
	}
	return root.Role("group").Aria("labelledby", c.ID+"-text").Body(
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
			// Printed instead of the dropdown, which would show its first
			// option as if chosen.
			app.If(!c.checked, func() app.UI {
				return app.Span().Class("question-unanswered").Text(c.UI.Unanswered)
			}),
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
			// tabindex -1: "정답 보기" moves the focus here.
			return app.P().ID(c.ID + "-answer").Class("question-answer").TabIndex(-1).Text(fill(c.UI.Answer, "answer", q.Options[q.Answer]))
		}),
	)
}

// splitVerdict cuts feedback, made from the template tpl, into the verdict
// before {explain} ("✅ 정답!"), shown as the callout's accent, and the rest.
func splitVerdict(tpl, feedback string) (verdict, rest string) {
	i := strings.Index(tpl, "{explain}")
	if i < 0 {
		return feedback, ""
	}
	verdict = strings.TrimRight(tpl[:i], " ")
	if !strings.HasPrefix(feedback, verdict) {
		return "", feedback
	}
	return verdict, feedback[len(verdict):]
}
