package e2e

import (
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"golesson/app/lesson"
	"golesson/internal/server"
)

// serveHeld serves dir at / with the real handler, holding every request
// for the wasm until release is called: the page is parsed and readable,
// and the app cannot run, for as long as the test wants.
func serveHeld(t *testing.T, dir string) (url string, release func()) {
	t.Helper()
	h, err := server.New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	held, release := holding(t, h, func(path string) bool { return strings.HasSuffix(path, ".wasm") })
	return serveOn(t, held) + "/", release
}

// calcReadout is what the calculator shows and says, read from the page.
const calcReadout = `(() => {
  const c = document.querySelector("section.calculator");
  const inputs = [...c.querySelectorAll(".slider-input")];
  return {
    inputs: inputs.map((e) => e.value),
    numbers: [...c.querySelectorAll(".slider-value")].map((e) => e.textContent),
    spoken: inputs.map((e) => e.getAttribute("aria-valuetext")),
    result: c.querySelector(".calculator-number").textContent,
    announce: document.getElementById(c.id + "-announce").textContent,
    moved: JSON.parse(window[lessonContract.early].sliders()),
    focused: document.activeElement ? document.activeElement.dataset.key || "" : "",
  };
})()`

type readout struct {
	Inputs   []string         `json:"inputs"`
	Numbers  []string         `json:"numbers"`
	Spoken   []string         `json:"spoken"`
	Result   string           `json:"result"`
	Announce string           `json:"announce"`
	Moved    map[string]int64 `json:"moved"`
	Focused  string           `json:"focused"`
}

// firstCalc is the seed lesson's calculator.
func firstCalc(t *testing.T, l *lesson.Lesson) *lesson.CalcBlock {
	t.Helper()
	for _, s := range l.Sections {
		for _, b := range s.Blocks {
			if b.Calculator != nil {
				return b.Calculator
			}
		}
	}
	t.Fatal("the seed lesson has no calculator")
	return nil
}

// wantReadout is what app/ui/calculator.go shows for values, computed by
// the lesson model the app uses.
func wantReadout(c *lesson.CalcBlock, values []int64) readout {
	var r readout
	for i, s := range c.Sliders {
		v := strconv.FormatInt(values[i], 10)
		r.Inputs = append(r.Inputs, v)
		r.Numbers = append(r.Numbers, v)
		r.Spoken = append(r.Spoken, s.Label+" "+v)
	}
	r.Result = lesson.FormatInt(c.Compute(values))
	r.Announce = c.Result + " " + r.Result + " " + c.Unit
	return r
}

func sameReadout(a, b readout) bool {
	return reflect.DeepEqual(a.Inputs, b.Inputs) && reflect.DeepEqual(a.Numbers, b.Numbers) &&
		reflect.DeepEqual(a.Spoken, b.Spoken) && a.Result == b.Result && a.Announce == b.Announce
}

// Until the wasm runs (held here for as long as the test needs), the
// calculator already answers from the prerendered page (web/early-answers.js),
// with the very texts the app shows. When the app starts it takes the values
// moved meanwhile: it shows them, keeps the focus where it was, saves them
// as its own, and saves and announces from then on; the script only paints.
func TestEarlyAnswers(t *testing.T) {
	dir, l := seed(t)
	calc := firstCalc(t, l)
	url, release := serveHeld(t, dir)
	tb := newTab(t)
	tb.do(chromedp.Navigate(url))
	tb.waitJS(`[...document.querySelectorAll(".slider-input")].every((e) => !e.disabled)`)
	if !eval[bool](tb, `document.querySelector(".question-check").disabled`) {
		t.Fatal("the quiz is enabled while the wasm is held: the app ran, so this test proves nothing")
	}

	// Rank two steps up (16 → 24), layers to its minimum (32 → 1), by keyboard.
	press := func(slider string, keys ...string) {
		t.Helper()
		tb.do(chromedp.Focus(chromedp.CSS(`.slider-input[data-key$=".` + slider + `"]`)))
		for _, k := range keys {
			tb.key(k)
		}
	}
	press("rank", kb.ArrowRight, kb.ArrowRight)
	press("layers", kb.Home)
	values := []int64{calc.Sliders[0].Default, calc.Sliders[1].Default + 2*calc.Sliders[1].Step, calc.Sliders[2].Min}
	want := wantReadout(calc, values)
	before := eval[readout](tb, calcReadout)
	if !sameReadout(before, want) {
		t.Fatalf("before the wasm the calculator shows\n %+v\nwant what the app shows for %v:\n %+v", before, values, want)
	}
	if len(before.Moved) != 2 {
		t.Errorf("moved before the wasm: %v, want rank and layers", before.Moved)
	}
	if !eval[bool](tb, `document.querySelector(".question-check").disabled`) {
		t.Fatal("the app ran while the wasm was held")
	}

	release()
	tb.waitMounted()
	// The app shows what was moved: mounting adopted the page with the
	// early values (nothing jumped back to the defaults).
	mounted := eval[readout](tb, calcReadout)
	if !reflect.DeepEqual(mounted.Inputs, want.Inputs) || mounted.Result != want.Result {
		t.Errorf("once the app runs, the sliders are %v = %s, want %v = %s as moved before", mounted.Inputs, mounted.Result, want.Inputs, want.Result)
	}
	if !strings.HasSuffix(mounted.Focused, ".layers") {
		t.Errorf("after mounting, the focus is on %q, want still the layers slider", mounted.Focused)
	}

	// The app answers now and the script keeps no more moves, and moving
	// back shows the app's own texts once it has rendered (the
	// announcement comes with that render), which must be the script's.
	press("rank", kb.ArrowRight)
	up := append([]int64(nil), values...)
	up[1] += calc.Sliders[1].Step
	tb.waitJS(`document.querySelector(".calculator-number").textContent === ` + strconv.Quote(wantReadout(calc, up).Result))
	if got := eval[readout](tb, calcReadout); !reflect.DeepEqual(got.Moved, before.Moved) {
		t.Errorf("after the app mounted, the script still keeps moves: %v, want its record unchanged %v", got.Moved, before.Moved)
	}
	tb.key(kb.ArrowLeft)
	// The number is painted at the input event; the announcement comes with
	// the app's render after the save.
	tb.waitJS(`document.querySelector(".calculator-number").textContent === ` + strconv.Quote(want.Result) +
		` && document.querySelector("section.calculator .sr-only").textContent === ` + strconv.Quote(want.Announce))
	if app := eval[readout](tb, calcReadout); !sameReadout(app, before) {
		t.Errorf("the app's texts for %v:\n %+v\ndiffer from the early script's:\n %+v", values, app, before)
	}

	// Saved as the app's own: a new visit restores them.
	tb.open(url)
	if got := eval[readout](tb, calcReadout); !reflect.DeepEqual(got.Inputs, want.Inputs) {
		t.Errorf("after a reload the sliders are %v, want %v saved", got.Inputs, want.Inputs)
	}
	tb.noProblems()
}
