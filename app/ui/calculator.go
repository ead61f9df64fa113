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
	synced    int
}

func newCalculator(id string, level int, c *lesson.CalcBlock, st *store) *calculator {
	calc := &calculator{ID: id, Level: level, Calc: c, Store: st}
	calc.load()
	return calc
}

// load takes the saved values (the store keeps only valid ones), or the
// content's defaults.
func (c *calculator) load() {
	c.values = c.Calc.Defaults()
	for i, s := range c.Calc.Sliders {
		if v, ok := c.Store.slider(lesson.SliderKey(c.ID, s.ID)); ok {
			c.values[i] = v
		}
	}
}

func (c *calculator) OnMount(ctx app.Context) {
	ctx.ObserveState(progressSynced, &c.synced).OnChange(c.load)
	// go-app sets attributes in map order; when value lands before min and
	// max, the browser clamps it to the default 0–100 range and a slider
	// shows 512 while the page says 4096. Set each value again now that the
	// range is in place.
	inputs := make([]app.Value, len(c.Calc.Sliders))
	for i, s := range c.Calc.Sliders {
		el := app.Window().GetElementByID(c.ID + "-" + s.ID)
		if el == nil || !el.Truthy() {
			return
		}
		el.Set("value", strconv.FormatInt(c.values[i], 10))
		inputs[i] = el
	}
	// A drag must repaint within the frame. go-app hands events to its own
	// goroutine and renders on its next tick, a frame or two later; this
	// listener runs in the input event itself and writes the three texts
	// that change, reading the values from the sliders, so it shares no
	// state with the component (onInput keeps that, without rendering).
	paint := app.FuncOf(func(this app.Value, args []app.Value) any {
		values := make([]int64, len(inputs))
		for i, in := range inputs {
			values[i] = c.Calc.Sliders[i].Snap(int64(in.Get("valueAsNumber").Float()))
		}
		for i, in := range inputs {
			if in.Equal(this) {
				s := c.Calc.Sliders[i]
				v := strconv.FormatInt(values[i], 10)
				in.Call("setAttribute", "aria-valuetext", s.Label+" "+v)
				setText(c.ID+"-"+s.ID+"-value", v)
			}
		}
		setText(c.ID+"-result", lesson.FormatInt(c.Calc.Compute(values)))
		return nil
	})
	for _, in := range inputs {
		in.Call("addEventListener", "input", paint)
	}
	ctx.Dispatch(func(app.Context) { c.mounted = true })
}

// onInput keeps slider i's value while it moves. valueAsNumber is what the
// browser already clamped and snapped; Snap guards against anything else.
//
// A go-app event re-renders the component and every ancestor, here the
// whole page: too slow for every input event of a drag on a tablet. The
// texts that change are painted by the listener set in OnMount; the render
// waits for onChange (release or key press), which draws the same texts.
func (c *calculator) onInput(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.values[i] = c.Calc.Sliders[i].Snap(int64(ctx.JSSrc().Get("valueAsNumber").Float()))
		ctx.PreventUpdate()
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
		c.Store.setSlider(lesson.SliderKey(c.ID, s.ID), c.values[i])
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
			// The number and its unit never part at a line's end.
			app.Span().Class("calculator-value").Body(
				app.Span().ID(c.ID+"-result").Class("calculator-number").Text(lesson.FormatInt(c.Calc.Compute(c.values))),
				app.Text(" "+c.Calc.Unit),
			),
		),
		app.P().ID(c.ID+"-announce").Class("sr-only").Aria("live", "polite").Text(c.announced),
		app.If(c.Calc.Deeper != nil, func() app.UI {
			return newCalcDetail(c.ID, c.Level, c.Calc.Deeper, c.Store)
		}),
	)
}
