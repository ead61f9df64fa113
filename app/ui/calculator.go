package ui

import (
	"slices"
	"strconv"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/progress"
)

// calculator is the reactive parameter calculator: one range slider per
// input, and the result recomputed on every input event, while dragging.
type calculator struct {
	app.Compo

	ID    string
	Level int
	Calc  *lesson.CalcBlock

	progress  lesson.Progress
	saved     []int64 // the values in progress (or the defaults), as last read
	values    []int64 // the values shown: saved, or moved since
	announced string  // the result as last announced to screen readers
	dragging  bool    // a pointer is down on a slider
}

func newCalculator(id string, level int, c *lesson.CalcBlock, p lesson.Progress) *calculator {
	calc := &calculator{ID: id, Level: level, Calc: c, progress: p}
	calc.load()
	return calc
}

// load takes the saved values (the progress keeps only valid ones), or the
// content's defaults. A slider being dragged keeps its value unless the
// saved one changed (another tab, or this slider's own save).
func (c *calculator) load() {
	saved := c.Calc.Defaults()
	for i, s := range c.Calc.Sliders {
		if v, ok := c.progress.Sliders[lesson.SliderKey(c.ID, s.ID)]; ok {
			saved[i] = v
		}
	}
	if c.values == nil {
		c.values = slices.Clone(saved)
	}
	for i := range saved {
		if c.saved == nil || saved[i] != c.saved[i] {
			c.values[i] = saved[i]
		}
	}
	c.saved = saved
}

// readout is what the calculator shows for values: each slider's number
// and its spoken text, and the result. Render shows it; during a drag,
// web/early-answers.js paints the same texts (TestEarlyAnswers compares).
type readout struct {
	numbers, spoken []string
	result          string
}

func (c *calculator) readout(values []int64) readout {
	r := readout{result: lesson.FormatInt(c.Calc.Compute(values))}
	for i, s := range c.Calc.Sliders {
		v := strconv.FormatInt(values[i], 10)
		r.numbers = append(r.numbers, v)
		r.spoken = append(r.spoken, s.Label+" "+v)
	}
	return r
}

func (c *calculator) OnMount(ctx app.Context) {
	observeProgress(ctx, &c.progress, c.load)
	// go-app sets attributes in map order; when value lands before min and
	// max, the browser clamps it to the default 0–100 range and a slider
	// shows 512 while the page says 4096. Set each value again now that the
	// range is in place.
	for i, s := range c.Calc.Sliders {
		if el := app.Window().GetElementByID(c.ID + "-" + s.ID); el != nil && el.Truthy() {
			el.Set("value", strconv.FormatInt(c.values[i], 10))
		}
	}
}

// onInput keeps slider i's value while it moves. valueAsNumber is what the
// browser already clamped and snapped; Snap guards against anything else.
//
// A go-app event re-renders the component and every ancestor, here the
// whole page, a frame or two later: too slow for every input event of a
// drag on a tablet. The texts that change are painted in the input event
// itself by web/early-answers.js, before the app runs and after; during a
// drag the render waits for onChange (release), which draws the same texts.
func (c *calculator) onInput(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		if !c.dragging {
			// A key press (or assistive technology) moves the slider a
			// step at a time: save each step. Firefox does not always
			// follow a key press with a change event, and the last step
			// was lost on a reload.
			c.save(ctx, i)
			return
		}
		c.values[i] = c.Calc.Sliders[i].Snap(int64(ctx.JSSrc().Get("valueAsNumber").Float()))
		ctx.PreventUpdate()
	}
}

// onPointer notes whether a pointer (mouse, finger, pen) is down on a
// slider: only then is an input event part of a drag.
func (c *calculator) onPointer(down bool) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.dragging = down
		ctx.PreventUpdate()
	}
}

// onChange saves the value once the learner lets go (or per key press),
// not on every input event while dragging, and renders as usual.
func (c *calculator) onChange(i int) app.EventHandler {
	return func(ctx app.Context, e app.Event) {
		c.dragging = false
		c.save(ctx, i)
	}
}

// save keeps slider i's value in the progress and renders as usual.
func (c *calculator) save(ctx app.Context, i int) {
	s := c.Calc.Sliders[i]
	v := s.Snap(int64(ctx.JSSrc().Get("valueAsNumber").Float()))
	c.values[i] = v
	if v == c.saved[i] {
		// Already saved: the change event that follows a key press
		// repeats the input event's value.
		ctx.PreventUpdate()
		return
	}
	c.saved[i] = v // what the progress holds once the change is applied
	// Announced once the change settles, not on every tick of a drag.
	c.announced = c.Calc.Result + " " + c.readout(c.values).result + " " + c.Calc.Unit
	key := lesson.SliderKey(c.ID, s.ID)
	changeProgress(ctx, func(t *progress.Tracker) { t.SetSlider(key, v) })
}

func (c *calculator) Render() app.UI {
	titleID := c.ID + "-title"
	r := c.readout(c.values)
	// data-factor and each slider's data-key are what web/early-answers.js
	// needs to answer the sliders before the app runs.
	return app.Section().ID(c.ID).Class("calculator").Aria("labelledby", titleID).DataSet("factor", c.Calc.Factor).Body(
		heading(c.Level).ID(titleID).Class("calculator-title").Text(c.Calc.Title),
		app.Range(c.Calc.Sliders).Slice(func(i int) app.UI {
			s := c.Calc.Sliders[i]
			id := c.ID + "-" + s.ID
			v := r.numbers[i]
			in := app.Input().
				Type("range").
				ID(id).
				Class("slider-input").
				Attr("min", strconv.FormatInt(s.Min, 10)).
				Attr("max", strconv.FormatInt(s.Max, 10)).
				Attr("step", strconv.FormatInt(s.Step, 10)).
				Value(v).
				DataSet("key", lesson.SliderKey(c.ID, s.ID)).
				Aria("valuetext", r.spoken[i]).
				OnInput(c.onInput(i), app.EventScope(c.ID, s.ID)).
				OnChange(c.onChange(i), app.EventScope(c.ID, s.ID)).
				On("pointerdown", c.onPointer(true), app.EventScope(c.ID, s.ID)).
				On("pointerup", c.onPointer(false), app.EventScope(c.ID, s.ID)).
				On("pointercancel", c.onPointer(false), app.EventScope(c.ID, s.ID))
			// Inert as prerendered, until web/early-answers.js answers it
			// (as soon as the page is parsed). The app's own render never
			// disables it: mounting takes no focus or drag away.
			if app.IsServer {
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
				app.Span().ID(c.ID+"-result").Class("calculator-number").Text(r.result),
				app.Text(" "+c.Calc.Unit),
			),
		),
		app.P().ID(c.ID+"-announce").Class("sr-only").Aria("live", "polite").Text(c.announced),
		app.If(c.Calc.Deeper != nil, func() app.UI {
			return newDeeperCalc(c.ID, c.Level, c.Calc.Deeper, c.progress)
		}),
	)
}
