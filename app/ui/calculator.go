package ui

import (
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// calculator is the reactive parameter calculator: one range slider per
// input, and the result recomputed on every input event, while dragging.
type calculator struct {
	app.Compo

	ID    string
	Level int
	Calc  *lesson.CalcBlock
	Store *store

	values    []int64
	announced string // the result as last announced to screen readers
	mounted   bool
}

func newCalculator(id string, level int, c *lesson.CalcBlock, st *store) *calculator {
	values := c.Defaults()
	for i, s := range c.Sliders {
		if v, ok := st.slider(id + "." + s.ID); ok {
			values[i] = s.Snap(v)
		}
	}
	return &calculator{ID: id, Level: level, Calc: c, Store: st, values: values}
}

func (c *calculator) OnMount(ctx app.Context) {
	// go-app sets attributes in map order; when value lands before min and
	// max, the browser clamps it to the default 0–100 range and a slider
	// shows 512 while the page says 4096. Set each value again now that the
	// range is in place.
	for i, s := range c.Calc.Sliders {
		if el := app.Window().GetElementByID(c.ID + "-" + s.ID); el != nil && el.Truthy() {
			el.Set("value", strconv.FormatInt(c.values[i], 10))
		}
	}
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

// onInput keeps slider i's value while it moves. valueAsNumber is what the
// browser already clamped and snapped; Snap guards against anything else.
//
// A go-app event re-renders the component and every ancestor, here the
// whole page: too slow for every input event of a drag on a tablet. So the
// three texts that change are written directly, and the render waits for
// onChange (release or key press), which draws the same texts.
func (c *calculator) onInput(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		s := c.Calc.Sliders[i]
		c.values[i] = s.Snap(int64(ctx.JSSrc().Get("valueAsNumber").Float()))
		ctx.PreventUpdate()
		v := strconv.FormatInt(c.values[i], 10)
		ctx.JSSrc().Call("setAttribute", "aria-valuetext", s.Label+" "+v)
		setText(c.ID+"-"+s.ID+"-value", v)
		setText(c.ID+"-result", lesson.FormatInt(c.Calc.Compute(c.values)))
	}
}

func setText(id, text string) {
	if el := app.Window().GetElementByID(id); el != nil && el.Truthy() {
		el.Set("textContent", text)
	}
}

// onChange saves the value once the learner lets go (or per key press),
// not on every input event while dragging, and renders as usual.
func (c *calculator) onChange(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		s := c.Calc.Sliders[i]
		c.values[i] = s.Snap(int64(ctx.JSSrc().Get("valueAsNumber").Float()))
		c.Store.setSlider(c.ID+"."+s.ID, c.values[i])
		// Announced once the change settles, not on every tick of a drag.
		c.announced = c.Calc.Result + " " + lesson.FormatInt(c.Calc.Compute(c.values)) + " " + c.Calc.Unit
	}
}

func (c *calculator) Render() app.UI {
	titleID := c.ID + "-title"
	return app.Section().ID(c.ID).Class("calculator").Aria("labelledby", titleID).Body(
		heading(c.Level).ID(titleID).Class("calculator-title").Text(c.Calc.Title),
		app.Range(c.Calc.Sliders).Slice(func(i int) app.UI {
			s := c.Calc.Sliders[i]
			id := c.ID + "-" + s.ID
			v := strconv.FormatInt(c.values[i], 10)
			in := app.Input().
				Type("range").
				ID(id).
				Class("slider-input").
				Attr("min", strconv.FormatInt(s.Min, 10)).
				Attr("max", strconv.FormatInt(s.Max, 10)).
				Attr("step", strconv.FormatInt(s.Step, 10)).
				Value(v).
				Aria("valuetext", s.Label+" "+v).
				OnInput(c.onInput(i), app.EventScope(c.ID, s.ID)).
				OnChange(c.onChange(i), app.EventScope(c.ID, s.ID))
			if !c.mounted {
				in = in.Disabled(true)
			}
			return app.Div().Class("slider").Body(
				app.Label().For(id).Class("slider-label").Text(s.Label),
				in,
				app.Span().ID(id+"-value").Class("slider-value").Text(v),
			)
		}),
		app.P().Class("calculator-result").Body(
			app.Strong().Text(c.Calc.Result),
			app.Text(" "),
			app.Span().ID(c.ID+"-result").Class("calculator-number").Text(lesson.FormatInt(c.Calc.Compute(c.values))),
			app.Text(" "+c.Calc.Unit),
		),
		app.P().ID(c.ID+"-announce").Class("sr-only").Aria("live", "polite").Text(c.announced),
		app.If(c.Calc.Detail != nil, func() app.UI {
			return newCalcDetail(c.ID, c.Level, c.Calc.Detail, c.Store)
		}),
	)
}
