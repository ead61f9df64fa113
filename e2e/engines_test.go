package e2e

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"golesson/app/lesson"
	"golesson/internal/browser"
)

// The smoke flow in the engines besides Chromium: WebKit (what iPads run)
// and Firefox. Chromium stays the engine of the detailed tests; this flow
// checks that each part of the lesson works at all in the others, against
// the real server, the way a learner goes through it.

// engine is a browser driven by something other than chromedp. Each method
// fails the test on an error; every call has a deadline.
type engine interface {
	name() string
	goTo(url string)                  // navigate and wait for the load event
	reload()                          // reload and wait for the load event
	evalJSON(js string) string        // an expression's value as JSON; js may await
	click(sel string)                 // a click in the middle of the element
	press(sel string, keys ...string) // focus sel, then press keys (W3C key names)
	problems() []string               // console errors and uncaught exceptions so far
}

// evalAs evaluates js in e and decodes its value into T.
func evalAs[T any](t *testing.T, e engine, js string) T {
	t.Helper()
	var v T
	raw := e.evalJSON(js)
	if err := json.Unmarshal([]byte(raw), &v); err != nil {
		t.Fatalf("%s: decoding %.200s from %s: %v", e.name(), raw, js, err)
	}
	return v
}

// waitFor polls a JavaScript condition until it is true, for at most d.
func waitFor(t *testing.T, e engine, what, cond string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !evalAs[bool](t, e, `(async () => { try { return !!(`+cond+`); } catch (e) { return false; } })()`) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: %s: %s still false after %s", e.name(), what, cond, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitText waits until the element's text is want. The app renders on the
// next frame, so a few seconds are plenty; a wrong text stays wrong.
func waitText(t *testing.T, e engine, sel, want, what string) {
	t.Helper()
	q := `(document.querySelector(` + strconv.Quote(sel) + `) || {}).textContent`
	deadline := time.Now().Add(10 * time.Second)
	for {
		got := evalAs[*string](t, e, q)
		if got != nil && *got == want {
			return
		}
		if time.Now().After(deadline) {
			g := "no element"
			if got != nil {
				g = strconv.Quote(*got)
			}
			t.Fatalf("%s: %s: %s shows %s, want %q", e.name(), what, sel, g, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// waitMountedIn waits for the wasm. Three minutes: WebKitGTK compiles the
// wasm slowly (20 s on an idle two-core machine, 51 s seen with other
// browser tests running beside it); a wasm that never mounts still fails.
func waitMountedIn(t *testing.T, e engine) {
	t.Helper()
	waitFor(t, e, "the wasm mounts and the lesson is laid out whole", browser.Settled, 3*time.Minute)
}

// chooseIn picks option i of a dropdown with arrow keys, as a learner with
// a closed dropdown does, and checks that the page took it.
func chooseIn(t *testing.T, e engine, sel string, i int) {
	t.Helper()
	idx := `document.querySelector(` + strconv.Quote(sel) + `).selectedIndex`
	cur := evalAs[int](t, e, idx)
	var keys []string
	for ; cur < i; cur++ {
		keys = append(keys, "ArrowDown")
	}
	for ; cur > i; cur-- {
		keys = append(keys, "ArrowUp")
	}
	e.press(sel, keys...)
	if got := evalAs[int](t, e, idx); got != i {
		t.Fatalf("%s: %s: selected %d after the arrow keys, want %d", e.name(), sel, got, i)
	}
}

// peftLlama2 is what PEFT prints for Llama-2-7B with LoRA r=8 on q_proj
// and v_proj, the detail mode's defaults.
const peftLlama2 = "trainable params: 4,194,304 || all params: 6,742,609,920 || trainable%: 0.0622"

// The rank slider, not the detail mode's rank field.
const rankSlider = `.slider-input[id$="-rank"]`

// smoke runs the flow in e against the lesson served by ts from dir.
func smoke(t *testing.T, e engine, ts *testServer, dir string, l *lesson.Lesson) {
	start := time.Now()
	q := l.Questions()[0]
	item := ".quiz-item:nth-child(1) "
	right := "✅ 정답! " + q.Explain
	lab, labID := miniLab(t, l)
	drop := -1 // an item where LoRA is exactly right: leaving it out lowers LoRA's EM
	for i, it := range lab.Items {
		if lesson.ExactMatch(it.LoRA, it.Reference) == 1 {
			drop = i
			break
		}
	}
	if drop < 0 {
		t.Fatal("the mini-lab has no item LoRA answers exactly")
	}
	emRow := -1
	for i, m := range lab.Metrics {
		if m.ID == "em" {
			emRow = i
		}
	}
	if emRow < 0 {
		t.Fatalf("the mini-lab has no exact-match metric: %+v", lab.Metrics)
	}
	loraEM := fmt.Sprintf(`document.querySelectorAll(".minilab-summary tbody tr")[%d].children[2].textContent`, emRow)
	countText := func(excluded int) string {
		return fmt.Sprintf("%d개 중 %d개 항목으로 계산", len(lab.Items), len(lab.Items)-excluded)
	}

	// Before the wasm (held back by this server until released), the
	// calculator answers from web/early-answers.js; the quiz waits. Then
	// the app keeps what was moved.
	held, release := serveHeld(t, dir)
	e.goTo(held)
	waitFor(t, e, "the sliders answer before the wasm", `[...document.querySelectorAll(".slider-input")].every((e) => !e.disabled)`, 30*time.Second)
	e.press(rankSlider, "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight")
	waitText(t, e, ".calculator-number", "8,388,608", "before the wasm: rank 16 → 32 by ArrowRight ×4")
	if evalAs[bool](t, e, `!document.querySelector(".question-check").disabled`) {
		t.Errorf("%s: the quiz is enabled while the wasm is held back", e.name())
	}
	release()
	waitMountedIn(t, e)
	waitText(t, e, ".calculator-number", "8,388,608", "once the app runs: the early rank 32 kept")

	e.goTo(ts.url)
	waitMountedIn(t, e)
	t.Logf("%s: mounted after %s", e.name(), time.Since(start).Round(time.Millisecond))

	// The wasm is downloaded once: wasm-start.js's early fetch, which go-app's
	// loader is handed (WebKit did not reuse the <link rel=preload> it
	// replaced and downloaded the wasm twice). Every download is a resource
	// timing entry.
	if n := evalAs[int](t, e, `performance.getEntriesByType("resource").filter((r) => /\/app\.[0-9a-f]+\.wasm$/.test(r.name)).length`); n != 1 {
		t.Errorf("%s: the wasm was downloaded %d times, want once", e.name(), n)
	}

	// Quiz: wrong, then right.
	chooseIn(t, e, item+".question-select", (q.Answer+1)%len(q.Options))
	e.click(item + ".question-check")
	waitText(t, e, item+".question-feedback", "❌ 다시 생각해보세요. Tip: "+q.Explain, "a wrong answer")
	chooseIn(t, e, item+".question-select", q.Answer)
	e.click(item + ".question-check")
	waitText(t, e, item+".question-feedback", right, "the right answer")

	// Calculator: rank 16 → 32 with the keyboard doubles the count.
	waitText(t, e, ".calculator-number", "4,194,304", "the calculator at its defaults")
	e.press(rankSlider, "ArrowRight", "ArrowRight", "ArrowRight", "ArrowRight")
	waitText(t, e, ".calculator-number", "8,388,608", "rank 16 → 32 by ArrowRight ×4")

	// 자세히: the line PEFT prints.
	e.click(".detail-toggle")
	waitFor(t, e, "자세히 opens", `document.querySelector(".detail-toggle").getAttribute("aria-expanded") === "true"`, 10*time.Second)
	waitText(t, e, ".peft-line", peftLlama2, "자세히's PEFT line")

	// Mini-lab: leaving out an item LoRA got exactly right lowers its EM.
	want := fmt.Sprintf("%.2f", lab.Score(map[int]bool{drop: true}).MeanLoRA.Get("em"))
	waitText(t, e, "#"+labID+"-count", countText(0), "the mini-lab's count")
	before := evalAs[string](t, e, loraEM)
	e.click(fmt.Sprintf("#%s-item-%d", labID, drop+1))
	waitText(t, e, "#"+labID+"-count", countText(1), "the count after leaving an item out")
	if after := evalAs[string](t, e, loraEM); after != want || after == before {
		t.Errorf("%s: LoRA's mean EM went %s → %s after leaving item %d out, want %s", e.name(), before, after, drop+1, want)
	}

	restored := func(where string) {
		t.Helper()
		waitMountedIn(t, e)
		waitText(t, e, item+".question-feedback", right, where+": the checked answer")
		if got := evalAs[int](t, e, `document.querySelector(".quiz-item:nth-child(1) .question-select").selectedIndex`); got != q.Answer {
			t.Errorf("%s: %s: question 1 shows option %d, want %d", e.name(), where, got, q.Answer)
		}
		waitText(t, e, ".calculator-number", "8,388,608", where+": the calculator")
		if v := evalAs[string](t, e, `document.querySelector('`+rankSlider+`').value`); v != "32" {
			t.Errorf("%s: %s: the rank slider's thumb is at %s, want 32", e.name(), where, v)
		}
		waitText(t, e, ".peft-line", peftLlama2, where+": 자세히 stays open")
		waitText(t, e, "#"+labID+"-count", countText(1), where+": the mini-lab's items")
		if got := evalAs[string](t, e, loraEM); got != want {
			t.Errorf("%s: %s: LoRA's mean EM %s, want %s", e.name(), where, got, want)
		}
	}

	// What the first visit leaves behind works offline: the worker is
	// active and its cache holds every file it precaches.
	waitFor(t, e, "ready offline", offlineReadyJS(len(precacheList(t, dir))), 2*time.Minute)
	e.reload()
	restored("after a reload")

	ts.stop()
	if resp, err := http.Get(ts.url); err == nil {
		resp.Body.Close()
		t.Fatalf("the stopped server still answers: %s", resp.Status)
	}
	e.reload()
	restored("offline, the server stopped")
	if !evalAs[bool](t, e, `navigator.serviceWorker.controller !== null`) {
		t.Errorf("%s: offline, the page is not served by the service worker", e.name())
	}

	for _, p := range e.problems() {
		t.Errorf("%s reported %s", e.name(), p)
	}
	t.Logf("%s: the whole flow took %s", e.name(), time.Since(start).Round(time.Millisecond))
}

func TestWebKitSmoke(t *testing.T) {
	dir, l := seed(t)
	ts := startServer(t, dir, "/")
	smoke(t, startWebKit(t), ts, dir, l)
}

func TestFirefoxSmoke(t *testing.T) {
	dir, l := seed(t)
	ts := startServer(t, dir, "/")
	smoke(t, startFirefox(t), ts, dir, l)
}
