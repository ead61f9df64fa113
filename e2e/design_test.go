package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

func chromedpEval(js string) chromedp.Action[chromedp.Void] {
	return chromedp.Evaluate[chromedp.Void](js)
}

// The design at the four review sizes (shots_test.go), each checked as a
// reviewer would look at it: nothing sideways, nothing broken inside a word
// or number, nothing too small to read or to touch, the contents' numbers
// the content's own.

// layoutJS measures the page; every field is a list of offenders.
const layoutJS = `(() => {
  const lesson = document.getElementById("lesson");
  const visible = e => { const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    return r.width > 0 && r.height > 0 && s.visibility === "visible"; };
  const name = e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") + (e.className && e.className.baseVal === undefined ? "." + [...e.classList].join(".") : "");
  const out = {split: [], small: [], targets: [], tracks: []};

  // A Latin or number token inside a table cell (or another place numbers
  // are set: the calculator's lists and results) lies on one line: all its
  // boxes share a top. A hyphen or a space may end a line; nothing else.
  const token = /[A-Za-z0-9_][A-Za-z0-9_.,%]*[A-Za-z0-9_%]|[A-Za-z0-9]/g;
  for (const cell of lesson.querySelectorAll("td, th, dd, .calculator-result, .slider, .peft-line, .summary-facts li")) {
    // The mini-lab's header row is for screen readers only, 1 px wide.
    if (!visible(cell) || cell.closest(".minilab-items thead")) continue;
    const walk = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    for (let n; (n = walk.nextNode());) {
      for (const m of n.data.matchAll(token)) {
        const r = document.createRange();
        r.setStart(n, m.index); r.setEnd(n, m.index + m[0].length);
        const tops = [...r.getClientRects()].filter(b => b.width > 0).map(b => b.top);
        if (tops.length > 1 && Math.max(...tops) - Math.min(...tops) > 2) out.split.push(m[0] + " in " + name(cell));
      }
    }
  }

  // Every visible text: its size as rendered, an SVG's scale included.
  const walk = document.createTreeWalker(lesson, NodeFilter.SHOW_TEXT);
  for (let n; (n = walk.nextNode());) {
    if (!n.data.trim()) continue;
    const el = n.parentElement;
    if (el.closest(".sr-only, option, title, annotation, .skip-link")) continue;
    const r = document.createRange(); r.selectNodeContents(n);
    const box = r.getBoundingClientRect();
    if (box.width === 0 || box.height === 0 || getComputedStyle(el).visibility !== "visible") continue;
    let size = parseFloat(getComputedStyle(el).fontSize), min = 13;
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      size *= Math.hypot(m.a, m.b);
      min = 12;
      // The drawn glyphs agree with the computed size.
      if (box.height < 12) out.small.push(JSON.stringify(n.data.trim().slice(0, 20)) + " drawn " + box.height.toFixed(1) + " px high");
    } else if (el.closest("math")) {
      min = 12; // a subscript is set smaller than its base
    }
    if (size < min - 0.05) out.small.push(JSON.stringify(n.data.trim().slice(0, 20)) + " " + size.toFixed(1) + " px in " + name(el));
  }

  for (const e of lesson.querySelectorAll("button, select, input[type=range], input[type=number], summary, .toc-link, .item-include-target, .detail-module, .summary-next-link, .open-tab")) {
    if (!visible(e)) continue;
    const r = e.getBoundingClientRect();
    if (r.width < 44 || r.height < 44) out.targets.push(name(e) + " " + Math.round(r.width) + "×" + Math.round(r.height));
  }
  for (const e of lesson.querySelectorAll(".slider-input")) {
    if (e.getBoundingClientRect().width < 200) out.tracks.push(name(e) + " " + Math.round(e.getBoundingClientRect().width));
  }
  out.overflow = document.documentElement.scrollWidth - innerWidth;
  return out;
})()`

type layout struct {
	Split, Small, Targets, Tracks []string
	Overflow                      float64
}

func TestDesignLayout(t *testing.T) {
	dir, l := seed(t)
	url := serve(t, dir, "/")
	for _, vp := range reviewSizes {
		t.Run(fmt.Sprintf("%dx%d", vp.w, vp.h), func(t *testing.T) {
			tb := newTab(t)
			setViewport(t, tb, vp.w, vp.h)
			tb.open(url)
			tb.waitJS(`document.fonts.status === "loaded"`)
			wide := vp.w >= 1200

			// The contents: closed at first below 1200 px, so the first
			// screen is the lesson; open and sticky beside it above.
			type tocState struct {
				Open     bool
				Position string
				Bottom   float64
				Marks    int
				Current  int
				Markers  []string
			}
			ts := eval[tocState](tb, `(() => { const d = document.querySelector(".toc-details");
				return {Open: d.open, Position: getComputedStyle(document.querySelector(".toc")).position,
					Bottom: document.querySelector(".toc").getBoundingClientRect().bottom,
					Marks: document.querySelectorAll(".toc-mark, .toc-item.is-visited").length,
					Current: document.querySelectorAll(".toc [aria-current]").length,
					Markers: [...document.querySelectorAll(".toc-list")].map(o => getComputedStyle(o).listStyleType)}; })()`)
			if wide && (!ts.Open || ts.Position != "sticky") {
				t.Errorf("at %d px the contents are open=%v, %s; want open and sticky", vp.w, ts.Open, ts.Position)
			}
			// A closed contents box is one line (the 44 px summary): the
			// text starts within the first third of the screen.
			if !wide && (ts.Open || ts.Bottom > float64(vp.h)/3) {
				t.Errorf("at %d px the contents are open=%v and end %.0f px down; want closed, near the top", vp.w, ts.Open, ts.Bottom)
			}
			// A fresh learner has read nothing yet, whatever is on screen.
			if ts.Marks != 0 {
				t.Errorf("%d read marks on a first load", ts.Marks)
			}
			for _, m := range ts.Markers {
				if m != "none" {
					t.Errorf("a contents list numbers its items (%s) besides the content's own numbers", m)
				}
			}

			// The contents' entries are the headings, number and all, in
			// order; level-3 sections nested under the one before.
			type entry struct{ Text, Href string }
			entries := eval[[]entry](tb, `[...document.querySelectorAll(".toc-link")].map(a => ({
				Text: [...a.querySelectorAll(".toc-num, .toc-text")].map(s => s.textContent).join(" "), Href: a.getAttribute("href")}))`)
			if len(entries) != len(l.Sections) {
				t.Fatalf("%d contents entries, want %d", len(entries), len(l.Sections))
			}
			for i, s := range l.Sections {
				if entries[i].Text != s.Title || entries[i].Href != "#"+s.ID {
					t.Errorf("contents entry %d = %q → %s, want %q → #%s", i, entries[i].Text, entries[i].Href, s.Title, s.ID)
				}
				nested := eval[bool](tb, `!!document.querySelector('.toc-sub a[href="#`+s.ID+`"]')`)
				if nested != (s.Level == 3) {
					t.Errorf("contents entry %q: nested %v, level %d", s.Title, nested, s.Level)
				}
			}

			interact(tb)
			lay := eval[layout](tb, layoutJS)
			if lay.Overflow > 0 {
				t.Errorf("the page scrolls sideways by %.0f px", lay.Overflow)
			}
			for _, s := range lay.Split {
				t.Errorf("a token breaks across lines: %s", s)
			}
			for _, s := range lay.Small {
				t.Errorf("text under the minimum (13 px, 12 in SVG and math scripts): %s", s)
			}
			// WCAG 2.5.5's 44 px: a finger's size.
			for _, s := range lay.Targets {
				t.Errorf("touch target under 44×44 px: %s", s)
			}
			// 200 px: the rank slider's 32 steps at least 6 px apart.
			for _, s := range lay.Tracks {
				t.Errorf("slider track under 200 px: %s", s)
			}
			if n := eval[int](tb, `[...document.querySelectorAll(".minilab-items tr")].filter(r => getComputedStyle(r).display === "table-row").length`); n != 0 {
				t.Errorf("%d mini-lab rows are table rows, want one card per item", n)
			}
			if fs := eval[float64](tb, `parseFloat(getComputedStyle(document.querySelector(".prose p")).fontSize)`); fs < 16 {
				t.Errorf("body text is %.1f px, want at least 16", fs)
			}
			hs := eval[[]float64](tb, `["p", "h1", "h2", "h3", "h4", "h5"].map(s => { const e = document.querySelector("#lesson " + s); return e ? parseFloat(getComputedStyle(e).fontSize) : 99; })`)
			for i, h := range hs[1:] {
				if h <= hs[0] {
					t.Errorf("h%d is %.1f px, not larger than the body's %.1f", i+1, h, hs[0])
				}
			}
			tb.noProblems()
		})
	}
}

// The contents take the learner to a section and put the focus on its
// heading, without a history entry; a section counts as read only once the
// learner has scrolled to its end; the section on screen is marked.
func TestDesignContents(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	for _, vp := range []struct{ w, h int64 }{{360, 740}, {1366, 768}} {
		t.Run(fmt.Sprintf("%dx%d", vp.w, vp.h), func(t *testing.T) {
			tb := newTab(t)
			setViewport(t, tb, vp.w, vp.h)
			tb.open(url)
			history := eval[int](tb, `history.length`)
			if vp.w < 1200 {
				tb.do(clickSel(".toc-summary"))
				tb.waitJS(`document.querySelector(".toc-details").open`)
			}
			tb.do(clickSel(`.toc a[href="#peft"]`))
			tb.waitJS(`document.activeElement.id === "peft-title"`)
			type where struct {
				Top    float64
				Hash   string
				Open   bool
				Hist   int
				Marked string
			}
			w := eval[where](tb, `({Top: document.getElementById("peft-title").getBoundingClientRect().top, Hash: location.hash,
				Open: document.querySelector(".toc-details").open, Hist: history.length,
				Marked: (document.querySelector(".toc [aria-current]") || {}).textContent || ""})`)
			// The heading is at the top (its margin collapses into the
			// section's, so it starts where the section does); 2 px for
			// fractional layout, as in checkScrolledTo. #peft is mid-page
			// and can always reach the top.
			if w.Top < -2 || w.Top > 2 {
				t.Errorf("after the contents link, #peft's heading is %.0f px from the top", w.Top)
			}
			if w.Hash != "#peft" || w.Hist != history {
				t.Errorf("URL fragment %q and %d new history entries; want #peft and none", w.Hash, w.Hist-history)
			}
			if vp.w < 1200 && w.Open {
				t.Error("on a phone the contents stay open over the lesson after a link")
			}
			tb.waitJS(`(document.querySelector(".toc [aria-current=location]") || {}).getAttribute?.("href") === "#peft"`)

			// Read once its end has been on screen.
			tb.do(chromedpEval(`window.scrollBy(0, document.getElementById("peft").getBoundingClientRect().height)`))
			tb.waitJS(`document.querySelector('.toc a[href="#peft"]').parentElement.classList.contains("is-visited")`)
			if got := eval[string](tb, `document.querySelector(".summary-read").textContent`); !strings.HasPrefix(got, "읽은 섹션: ") || strings.HasPrefix(got, "읽은 섹션: 0 ") {
				t.Errorf("summary after reading: %q", got)
			}
			tb.noProblems()
		})
	}
}

// The end of the lesson: the score, and "퀴즈 전체 다시 풀기" clears every
// answer, here and after a reload, and puts the learner on question 1.
func TestDesignSummary(t *testing.T) {
	dir, l := seed(t)
	url := serve(t, dir, "/")
	tb := newTab(t)
	tb.open(url)
	if n := eval[int](tb, `document.querySelectorAll(".summary-next").length`); n != 0 || l.Next != nil {
		t.Errorf("the seed names no next lesson, yet %d next links", n)
	}
	tb.expectText(".summary-score", "퀴즈 점수: 0 / 3", "score at first")
	for i, q := range l.Questions() {
		sel := fmt.Sprintf(".quiz-item:nth-child(%d) ", i+1)
		tb.choose(sel+".question-select", q.Answer)
		tb.do(clickSel(sel + ".question-check"))
	}
	tb.expectText(".summary-score", "퀴즈 점수: 3 / 3", "score after three right answers")
	tb.do(clickSel(".summary-reset"))
	tb.expectText(".summary-score", "퀴즈 점수: 0 / 3", "score after the reset")
	tb.expectText(".quiz-score-text", "점수 0 / 3", "the quiz's own score after the reset")
	if n := eval[int](tb, `[...document.querySelectorAll(".question-feedback")].filter(f => f.textContent !== "").length`); n != 0 {
		t.Errorf("%d questions keep their feedback after the reset", n)
	}
	tb.waitJS(`document.activeElement.id === ` + jsString(l.Questions()[0].ID+"-select"))
	tb.open(url)
	tb.expectText(".summary-score", "퀴즈 점수: 0 / 3", "score after the reset and a reload")
	tb.noProblems()
}

// Before the app runs, the loader is a small pill over no text, with no
// percentage.
func TestDesignLoader(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	for _, vp := range []struct{ w, h int64 }{{360, 740}, {1366, 768}} {
		t.Run(fmt.Sprintf("%dx%d", vp.w, vp.h), func(t *testing.T) {
			tb := newTab(t)
			setViewport(t, tb, vp.w, vp.h)
			tb.onNewDocument(`document.addEventListener("DOMContentLoaded", () => {
				const l = document.getElementById("app-wasm-loader");
				if (!l) { window.__loader = {missing: true}; return; }
				const r = l.getBoundingClientRect(), over = [];
				for (const e of document.querySelectorAll("#lesson h1, #lesson summary, #lesson p, #lesson li, #lesson h2")) {
					const b = e.getBoundingClientRect();
					if (b.width && b.left < r.right && b.right > r.left && b.top < r.bottom && b.bottom > r.top) over.push(e.tagName + " " + e.textContent.slice(0, 20));
				}
				window.__loader = {label: l.textContent.trim(), over, height: r.height};
			});`)
			tb.open(url)
			type loader struct {
				Missing bool
				Label   string
				Over    []string
				Height  float64
			}
			ld := eval[loader](tb, `window.__loader`)
			if ld.Missing {
				t.Fatal("no loader before the app ran")
			}
			if strings.ContainsAny(ld.Label, "%0123456789") {
				t.Errorf("the loader says %q: want no percentage (it cannot know the compile's progress)", ld.Label)
			}
			if len(ld.Over) > 0 {
				t.Errorf("the loader lies over text: %v", ld.Over)
			}
			if ld.Height > 32 {
				t.Errorf("the loader is %.0f px high, want a small pill", ld.Height)
			}
			if n := eval[int](tb, `document.querySelectorAll("#app-wasm-loader").length`); n != 0 {
				t.Error("the loader is still there once the lesson is interactive")
			}
			tb.noProblems()
		})
	}
}

// Printed: every text readable, an unanswered question marked so, no
// interface, no contents, no forced page breaks.
func TestDesignPrint(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))
	q := ".quiz-item:nth-child(1) "
	tb.choose(q+".question-select", 1)
	tb.do(clickSel(q + ".question-check"))
	tb.waitJS(`document.querySelector(".quiz-item:nth-child(1) .question-feedback.is-correct") !== null`)
	media(t, tb, "print")
	type printed struct {
		Shown, Chrome, Breaks, Pale []string
		Unanswered                  string
	}
	p := eval[printed](tb, `(() => {
		const shown = e => !!e && getComputedStyle(e).display !== "none" && e.getBoundingClientRect().height > 0;
		const lum = c => { const v = c.match(/[\d.]+/g).slice(0, 3).map(x => { x /= 255; return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4; });
			return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
		const out = {Shown: [], Chrome: [], Breaks: [], Pale: []};
		for (const s of [".toc", ".quiz-item:nth-child(2) .question-select", ".quiz-item:nth-child(3) .question-select"]) if (shown(document.querySelector(s))) out.Shown.push(s);
		for (const e of document.querySelectorAll("button, input[type=range], summary, .skip-link")) if (shown(e)) out.Chrome.push(e.tagName + "." + e.className);
		for (const e of document.querySelectorAll("#lesson *")) { const s = getComputedStyle(e);
			if ([s.breakBefore, s.breakAfter].some(b => b === "page" || b === "always")) out.Breaks.push(e.tagName + "." + e.className); }
		// Text on paper: dark enough on white (WCAG's 4.5:1 against white
		// means a luminance under 0.18).
		for (const e of document.querySelectorAll(".card-tag, .card-title, .card-detail, .question-feedback, .toc-mark, th, td, .summary-facts li")) {
			if (!shown(e)) continue;
			if (lum(getComputedStyle(e).color) > 0.18) out.Pale.push(e.className || e.tagName);
		}
		out.Unanswered = [...document.querySelectorAll(".quiz-item:nth-child(3) .question-unanswered")].filter(shown).map(e => e.textContent).join();
		return out; })()`)
	for _, s := range p.Shown {
		t.Errorf("print shows %s (the contents, or an unanswered question's dropdown with its first option as if chosen)", s)
	}
	for _, s := range p.Chrome {
		t.Errorf("print shows the control %s", s)
	}
	for _, s := range p.Breaks {
		t.Errorf("forced page break at %s", s)
	}
	for _, s := range p.Pale {
		t.Errorf("pale text on paper: %s", s)
	}
	if p.Unanswered != "미응답" {
		t.Errorf("question 3 prints %q, want 미응답", p.Unanswered)
	}
	if !eval[bool](tb, `getComputedStyle(document.querySelector(".quiz-item:nth-child(1) .question-select")).display !== "none"`) {
		t.Error("the answered question's choice is not printed")
	}
	tb.noProblems()
}

// htmlcs runs HTML_CodeSniffer (the pinned npm package) for WCAG 2 AA and
// fails the test for every error (warnings and notices ask a human).
func htmlcs(t *testing.T, tb *tab, state string) {
	t.Helper()
	src, err := os.ReadFile(jsLib(t, "html_codesniffer/build/HTMLCS.js"))
	if err != nil {
		t.Fatal(err)
	}
	tb.do(chromedpEval(string(src)))
	type msg struct{ Code, Msg, El string }
	ms := eval[[]msg](tb, `new Promise((ok, fail) => HTMLCS.process("WCAG2AA", document, () => ok(HTMLCS.getMessages()
		.filter(m => m.type === HTMLCS.ERROR)
		.map(m => ({Code: m.code, Msg: m.msg, El: m.element.outerHTML ? m.element.outerHTML.slice(0, 160) : String(m.element)}))), fail, "en"))`)
	for _, m := range ms {
		t.Errorf("HTML_CodeSniffer, %s: %s: %s — %s", state, m.Code, m.Msg, m.El)
	}
}

// axe-core and HTML_CodeSniffer find nothing in any state: as loaded, with
// answers (wrong, shown, right) and the 자세히 panel open; light and dark;
// a phone and a laptop.
func TestDesignAudit(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	for _, tc := range []struct {
		scheme string
		w, h   int64
	}{{"light", 360, 740}, {"dark", 360, 740}, {"light", 1366, 768}, {"dark", 1366, 768}} {
		t.Run(fmt.Sprintf("%s %dx%d", tc.scheme, tc.w, tc.h), func(t *testing.T) {
			tb := newTab(t)
			media(t, tb, "", "prefers-color-scheme", tc.scheme)
			setViewport(t, tb, tc.w, tc.h)
			tb.open(url)
			axe(t, tb, "default")
			htmlcs(t, tb, "default")
			interact(tb)
			axe(t, tb, "answered, 자세히 open")
			htmlcs(t, tb, "answered, 자세히 open")
			tb.noProblems()
		})
	}
}
