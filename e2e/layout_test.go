package e2e

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"golesson/internal/browser"
	"golesson/internal/server"
)

// Geometry of what web/lazy-layout.js lays out a piece at a time (the
// sections and the mini-lab): each one's offsetTop and offsetHeight, and
// which are still skipped by content-visibility.
const (
	sectionsJS = `[...document.querySelectorAll(".lesson-section, .summary, .minilab")]`
	geometryJS = sectionsJS + `.map((s) => s.offsetTop + ":" + s.offsetHeight).join(" ")`
	skippedJS  = sectionsJS + `.filter((s) => getComputedStyle(s).contentVisibility !== "visible").map((s) => s.id)`
	laidOutJS  = `performance.getEntriesByName("lesson:laid-out").map((m) => m.detail)`
	// The layout shifts the page has seen (CLS's entries, collected for a
	// moment: buffered entries arrive in a later callback): their sum, and
	// each one's time, value and what moved, to tell why.
	shiftsJS = `new Promise((resolve) => {
		const out = { cls: 0, shifts: [] };
		new PerformanceObserver((l) => l.getEntries().forEach((e) => {
			if (e.hadRecentInput) return;
			out.cls += e.value;
			out.shifts.push(Math.round(e.startTime) + " ms " + e.value.toFixed(4) + ": " + e.sources.map((s) =>
				(s.node ? s.node.nodeName + "#" + s.node.id + "." + s.node.className : "?") + " " + JSON.stringify(s.previousRect) + " → " + JSON.stringify(s.currentRect)).join(" | "));
		})).observe({ type: "layout-shift", buffered: true });
		setTimeout(() => resolve(out), 200);
	})`
)

// TestLazyLayout: while the page starts, the browser lays out only the
// sections on screen (web/lazy-layout.js); the page it ends with is the
// one laid out whole: the same geometry, no layout shift, nothing left
// skipped. Visits that put the reader down the page (a deep link, a
// reload) are laid out whole from the start, and a link followed while
// sections still wait lays out the rest before the browser scrolls.
func TestLazyLayout(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	tb := newTab(t)

	laidOut := func(want string) {
		t.Helper()
		tb.waitJS(browser.LaidOut)
		if got := eval[[]string](tb, laidOutJS); len(got) != 1 || got[0] != want {
			t.Errorf("laid out %q, want [%q]", got, want)
		}
		if s := eval[[]string](tb, skippedJS); len(s) != 0 {
			t.Errorf("sections still skipped once laid out: %v", s)
		}
	}

	tb.open(url)
	laidOut("in steps")
	whole := eval[string](tb, geometryJS)
	if n := len(strings.Fields(whole)); n < 10 {
		t.Fatalf("the lesson has %d sections (%s), want the seed's 14 or so", n, whole)
	}
	// A shift of the sections below the fold as they are laid out would
	// not count (they are off screen); one on screen would.
	type shifts struct {
		CLS    float64  `json:"cls"`
		Shifts []string `json:"shifts"`
	}
	if sh := eval[shifts](tb, shiftsJS); sh.CLS != 0 {
		t.Errorf("layout shift %v while the sections were laid out one at a time, want 0; the shifts:\n%s", sh.CLS, strings.Join(sh.Shifts, "\n"))
	}
	if got := eval[int](tb, `document.querySelectorAll("head style").length`); got != 0 {
		t.Errorf("%d <style> elements left in the head, want 0", got)
	}

	tb.do(chromedp.Navigate("about:blank"), chromedp.Navigate(url+"#mini-lab"))
	tb.waitMounted()
	laidOut("whole (deep link)")
	if got := eval[string](tb, geometryJS); got != whole {
		t.Errorf("a deep link's page has sections at\n%s\nthe page laid out in steps at\n%s", got, whole)
	}

	tb.do(chromedp.Navigate("about:blank"), chromedp.Navigate(url), chromedp.Reload())
	tb.waitMounted()
	laidOut("whole (reload)")
	tb.noProblems()
}

// TestLazyLayoutLinkFirst follows a link of the contents while sections
// still wait: go-app's app.js is held back, so the page is parsed and
// painted but DOMContentLoaded (where the steps begin) never comes. The
// click lays out the rest at once, before the browser scrolls (the lesson
// is whole when the fragment changes): the target lands at the top and
// stays there once the app has run. In an LMS's frame, where lms.js
// scrolls itself and no fragment changes, the same.
func TestLazyLayoutLinkFirst(t *testing.T) {
	dir, _ := seed(t)
	h, err := server.New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { h.Close() })
	for _, framed := range []bool{false, true} {
		name := "top level"
		if framed {
			name = "in a frame"
		}
		t.Run(name, func(t *testing.T) {
			held, free := holding(t, h, func(path string) bool { return path == "/app.js" })
			mux := http.NewServeMux()
			mux.Handle("/", held)
			mux.HandleFunc("/host.html", func(w http.ResponseWriter, r *http.Request) { // an LMS's page, same origin
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write([]byte(`<!doctype html><title>LMS</title><link rel="icon" href="data:,"><iframe id="f" src="/" style="width:1000px;height:700px;border:0"></iframe>`))
			})
			base := serveOn(t, mux)

			tb := newTab(t)
			// Whether the lesson was whole when the fragment changed (before
			// lazy-layout.js's own hashchange listener runs).
			tb.onNewDocument(`addEventListener("hashchange", () => {
				window.__wholeAtHash = ` + browser.LaidOut + `;
			}, true);`)
			url, in := base+"/", func(js string) string { return js }
			if framed {
				url += "host.html"
				in = func(js string) string { return inFrame("f", js) }
			}
			// Not chromedp.Navigate, which waits for the load event: it never comes.
			ctx, cancel := tb.timed(10 * time.Second)
			defer cancel()
			if _, err := chromedp.Call(ctx, page.Navigate, page.NavigateParams{URL: url}); err != nil {
				t.Fatal(err)
			}
			// Parsed, and the sections further down still wait.
			tb.waitJS(in(`document.readyState === "interactive" && !!document.getElementById("summary")`))
			if s := eval[[]string](tb, in(skippedJS)); len(s) == 0 {
				t.Fatal("no section waits to be laid out while the page starts")
			}
			if got := eval[[]string](tb, in(laidOutJS)); len(got) != 0 {
				t.Fatalf("laid out %q before DOMContentLoaded, want nothing yet", got)
			}

			link := `.toc-link[href="#mini-lab"]`
			if framed {
				tb.do(run(in(`document.querySelector(` + strconv.Quote(link) + `).click()`)))
			} else {
				tb.do(clickSel(link))
			}
			if got := eval[[]string](tb, in(laidOutJS)); len(got) != 1 || got[0] != "at once" {
				t.Errorf("after the click: laid out %q, want [\"at once\"]", got)
			}
			if s := eval[[]string](tb, in(skippedJS)); len(s) != 0 {
				t.Errorf("sections still skipped after the click: %v", s)
			}
			if !framed {
				tb.waitJS(`location.hash === "#mini-lab"`)
				if !eval[bool](tb, `window.__wholeAtHash === true`) {
					t.Error("the fragment changed before the lesson was laid out whole")
				}
			}
			// #mini-lab is the seventh of eleven sections and a third of the
			// lesson's height: far enough from the end to be scrolled to the top.
			top := in(`Math.round(document.getElementById("mini-lab").getBoundingClientRect().top) + 0`) // + 0: -0 does not come back as JSON
			landed := eval[int](tb, top)
			if landed < -1 || landed > 1 {
				t.Errorf("the link's target is %d px from the top, want 0", landed)
			}

			free()
			tb.waitJS(in(browser.Settled))
			time.Sleep(500 * time.Millisecond) // the app's first renders
			if got := eval[int](tb, top); got != landed {
				t.Errorf("the link's target moved from %d to %d px once the app ran", landed, got)
			}
			tb.noProblems()
		})
	}
}

// TestScrollBoxesTabStops: a table's scroll box (.table-scroll) is a Tab
// stop exactly while its table is wider than it. The page is built with
// every box a Tab stop; once laid out (sections further down are laid out
// after the start), the seed's tables fit a laptop's width, so none is.
// Then one table grows wider than its box, as a long word or a narrower
// window makes it, and its box becomes a Tab stop; shrunk back, it is not.
func TestScrollBoxesTabStops(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	// Each box: 1 if it scrolls, and 1 if it is a Tab stop.
	const boxes = `[...document.querySelectorAll(".table-scroll")].map((b) =>
		(b.scrollWidth > b.clientWidth ? 1 : 0) + "" + (b.hasAttribute("tabindex") ? 1 : 0))`
	expect := func(want []string, what string) {
		t.Helper()
		// The observer answers in the frame after a change; poll briefly.
		cond := `JSON.stringify(` + boxes + `) === ` + strconv.Quote(`["`+strings.Join(want, `","`)+`"]`)
		ctx, cancel := tb.timed(5 * time.Second)
		defer cancel()
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond)); err != nil {
			t.Errorf("%s: boxes (scrolls, Tab stop) %v, want %v", what, eval[[]string](tb, boxes), want)
		}
	}
	tb.do(chromedp.EmulateViewport(1200, 800))
	tb.open(serve(t, dir, "/"))
	tb.waitJS(browser.LaidOut)
	n := eval[int](tb, `document.querySelectorAll(".table-scroll").length`)
	if n < 2 {
		t.Fatalf("the seed has %d table boxes, want 2 or more", n)
	}
	fit := slices.Repeat([]string{"00"}, n)
	expect(fit, "laid out, 1200 px wide")
	tb.do(run(`document.querySelector(".table-scroll table").style.minWidth = "3000px"`))
	expect(append([]string{"11"}, fit[1:]...), "the first table made wider than its box")
	tb.do(run(`document.querySelector(".table-scroll table").style.minWidth = ""`))
	expect(fit, "the first table back to its width")
	tb.noProblems()
}
