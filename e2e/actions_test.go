package e2e

import (
	"strconv"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"golesson/app/lesson"
)

// Actions as a learner does them: keys, mouse, touch. They go through the
// browser's input pipeline, not through synthetic DOM events.

func clickSel(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

func (tb *tab) focus(sel string) {
	tb.t.Helper()
	tb.do(chromedp.Focus(chromedp.CSS(sel)))
}

// choose picks option i of a dropdown with the keyboard, as a learner with a
// closed dropdown does: focus it, then arrow keys.
func (tb *tab) choose(sel string, i int) {
	tb.t.Helper()
	tb.focus(sel)
	cur := eval[int](tb, `document.querySelector(`+strconv.Quote(sel)+`).selectedIndex`)
	for ; cur < i; cur++ {
		tb.key(kb.ArrowDown)
	}
	for ; cur > i; cur-- {
		tb.key(kb.ArrowUp)
	}
	if got := eval[int](tb, `document.querySelector(`+strconv.Quote(sel)+`).selectedIndex`); got != i {
		tb.t.Fatalf("%s: selected %d, want %d", sel, got, i)
	}
}

func (tb *tab) color(sel string) string {
	tb.t.Helper()
	return eval[string](tb, `getComputedStyle(document.querySelector(`+strconv.Quote(sel)+`)).color`)
}

func (tb *tab) result() string {
	tb.t.Helper()
	return eval[string](tb, `document.querySelector(".calculator-number").textContent`)
}

func (tb *tab) mouse(typ string, x, y float64) {
	tb.t.Helper()
	ctx, cancel := tb.timed(10e9)
	defer cancel()
	p := input.DispatchMouseEventParams{Type: input.DispatchMouseEventType(typ), X: x, Y: y, Button: input.MouseButtonLeft, ClickCount: 1}
	if typ == "mouseMoved" {
		p.Buttons = 1 // the left button is held
	}
	if _, err := chromedp.Call(ctx, input.DispatchMouseEvent, p); err != nil {
		tb.t.Fatal(err)
	}
}

func (tb *tab) touch(typ string, x, y float64) {
	tb.t.Helper()
	ctx, cancel := tb.timed(10e9)
	defer cancel()
	p := input.DispatchTouchEventParams{Type: input.DispatchTouchEventType(typ), TouchPoints: []*input.TouchPoint{{X: x, Y: y}}}
	if typ == "touchEnd" {
		p.TouchPoints = []*input.TouchPoint{}
	}
	if _, err := chromedp.Call(ctx, input.DispatchTouchEvent, p); err != nil {
		tb.t.Fatal(err)
	}
}

func formatInt(n int64) string { return lesson.FormatInt(n) }

// expectText waits until the element's text is want: the app renders on the
// next frame, not within the key press. After 5 s it reports what is there.
func (tb *tab) expectText(sel, want, what string) {
	tb.t.Helper()
	q := `(document.querySelector(` + strconv.Quote(sel) + `) || {}).textContent`
	ctx, cancel := tb.timed(5e9)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](q+` === `+strconv.Quote(want))); err != nil {
		tb.t.Errorf("%s: %s = %q, want %q", what, sel, eval[string](tb, q), want)
	}
}

// run evaluates JavaScript for its effect.
func run(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](js, chromedp.EvalAwaitPromise)
}

func jsString(s string) string { return strconv.Quote(s) }

// clickNavigating clicks something that reloads or navigates the page and
// waits for the new page's load event.
func (tb *tab) clickNavigating(sel string) {
	tb.t.Helper()
	ctx, cancel := tb.timed(30 * time.Second) // a click that misses fails, not hangs
	defer cancel()
	loaded := chromedp.Events(ctx, page.LoadEventFired)
	tb.do(clickSel(sel))
	for _, err := range loaded {
		if err != nil {
			tb.t.Fatalf("%s: no page loaded after the click: %v", sel, err)
		}
		break
	}
}
