package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp/kb"
)

// snapshotPrerender records, at DOMContentLoaded (styles applied, wasm not
// yet run), what a learner sees before the app starts. The headings are
// those on screen: the sections below it are not laid out yet (the
// browser lays them out a step at a time, web/lazy-layout.js; whole, they
// have the same geometry, TestLazyLayout), and their text is compared as
// the DOM holds it (innerText would lay them out at once), and as shown
// for the intro and the sections that start on screen.
const snapshotPrerender = `
document.addEventListener("DOMContentLoaded", () => {
  const h1 = document.querySelector("h1").getBoundingClientRect();
  const top = document.elementFromPoint(h1.left + 10, h1.top + h1.height / 2);
  const loader = document.getElementById("app-wasm-loader");
  const lr = loader ? loader.getBoundingClientRect() : null;
  window.__pre = {
    text: document.querySelector("h1").textContent + "\n" + document.getElementById("content").textContent,
    headingTops: [...document.querySelectorAll("h2, h3")].map(h => Math.round(h.getBoundingClientRect().top)).filter((t) => t < innerHeight),
    titleOnTop: !!top && !!top.closest("#lesson"),
    loaderArea: lr ? (lr.width * lr.height) / (innerWidth * innerHeight) : 0,
    controls: document.querySelectorAll(".question-select, .question-check, .slider-input").length,
    disabled: document.querySelectorAll(".question-select:disabled, .question-check:disabled, .slider-input:disabled").length,
    result: (document.querySelector(".calculator-number") || {}).textContent,
    hrefs: [...document.querySelectorAll("#lesson [href]")].map(a => a.getAttribute("href")),
    ids: [...document.querySelectorAll("#lesson [id]")].map(e => e.id),
  };
  // The text shown once the browser has drawn a frame: which sections are
  // on screen (laid out) is known from then on. The quiz still waits then.
  requestAnimationFrame(() => setTimeout(() => {
    window.__pre.inert = document.querySelector(".question-check").disabled;
    window.__pre.shown = [...document.querySelectorAll("#content > .intro, .lesson-section.level-2")]
      .filter((e) => e.getBoundingClientRect().top < innerHeight).map((e) => e.innerText);
  }));
});`

func TestPrerenderIsReadableBeforeTheWasm(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	tb := newTab(t)
	tb.onNewDocument(snapshotPrerender)
	tb.open(url)

	type pre struct {
		Text        string   `json:"text"`
		Shown       []string `json:"shown"`
		Inert       bool     `json:"inert"`
		HeadingTops []int    `json:"headingTops"`
		TitleOnTop  bool     `json:"titleOnTop"`
		LoaderArea  float64  `json:"loaderArea"`
		Controls    int      `json:"controls"`
		Disabled    int      `json:"disabled"`
		Result      string   `json:"result"`
		Hrefs       []string `json:"hrefs"`
		IDs         []string `json:"ids"`
	}
	tb.waitJS(`window.__pre && window.__pre.shown !== undefined`)
	p := eval[pre](tb, `window.__pre`)
	if !p.Inert {
		t.Error("the app had mounted a frame after DOMContentLoaded: the text shown before it was not seen")
	}
	if !p.TitleOnTop {
		t.Error("before the wasm, the title is covered by another element (the loader?)")
	}
	if p.LoaderArea > 0.05 {
		t.Errorf("the loader covers %.0f%% of the viewport, want a small indicator", p.LoaderArea*100)
	}
	if p.Result != "4,194,304" {
		t.Errorf("prerendered calculator result = %q, want 4,194,304", p.Result)
	}
	// The quiz waits for the wasm; the sliders are answered by
	// web/early-answers.js as soon as the page is parsed (TestEarlyAnswers).
	if p.Controls != 3+3+3 || p.Disabled != 3+3 {
		t.Errorf("prerendered controls: %d, disabled %d; want 9, the 6 of the quiz inert until the wasm runs", p.Controls, p.Disabled)
	}

	// The first client render matches the prerender: same text, nothing moves.
	after := eval[pre](tb, `({
		text: document.querySelector("h1").textContent + "\n" + document.getElementById("content").textContent,
		shown: [...document.querySelectorAll("#content > .intro, .lesson-section.level-2")].slice(0, `+fmt.Sprint(len(p.Shown))+`).map((e) => e.innerText),
		headingTops: [...document.querySelectorAll("h2, h3")].map(h => Math.round(h.getBoundingClientRect().top)).slice(0, `+fmt.Sprint(len(p.HeadingTops))+`),
		hrefs: [...document.querySelectorAll("#lesson [href]")].map(a => a.getAttribute("href")),
		ids: [...document.querySelectorAll("#lesson [id]")].map(e => e.id),
	})`)
	if after.Text != p.Text {
		t.Errorf("text changed when the wasm mounted:\nbefore: %.300q\nafter:  %.300q", p.Text, after.Text)
	}
	if len(p.Shown) < 2 {
		t.Errorf("%d blocks on screen before the wasm, want the intro and a section at least", len(p.Shown))
	}
	if fmt.Sprint(after.Shown) != fmt.Sprint(p.Shown) {
		t.Errorf("the text on screen changed when the wasm mounted:\nbefore: %.300q\nafter:  %.300q", p.Shown, after.Shown)
	}
	if len(p.HeadingTops) < 3 {
		t.Errorf("%d headings on screen before the wasm, want 3 or more to compare", len(p.HeadingTops))
	}
	if fmt.Sprint(after.HeadingTops) != fmt.Sprint(p.HeadingTops) {
		t.Errorf("headings moved when the wasm mounted: before %v, after %v", p.HeadingTops, after.HeadingTops)
	}
	// Links work the same before the wasm runs (or when it never does): a
	// prerendered ".#peft" would reload the page without its ?launch= query.
	if fmt.Sprint(after.Hrefs) != fmt.Sprint(p.Hrefs) {
		t.Errorf("links changed when the wasm mounted:\nbefore: %q\nafter:  %q", p.Hrefs, after.Hrefs)
	}
	if fmt.Sprint(after.IDs) != fmt.Sprint(p.IDs) {
		t.Errorf("ids changed when the wasm mounted:\nbefore: %q\nafter:  %q", p.IDs, after.IDs)
	}
	for _, h := range p.Hrefs {
		if !strings.HasPrefix(h, "#") && h != "index.html" && !strings.HasPrefix(h, "https://") {
			t.Errorf("prerendered link %q: want a fragment of this page, index.html (the lesson's own page) or an outside https link", h)
		}
	}
	if n := eval[int](tb, `document.querySelectorAll("#app-wasm-loader").length`); n != 0 {
		t.Error("the loader is still there after the wasm started")
	}
	tb.noProblems()
}

func TestWholeLessonRenders(t *testing.T) {
	dir, l := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))

	if got := eval[string](tb, `document.querySelector("h1").textContent`); got != "Day 1-00: 파인튜닝 핵심 개념 빠르게 이해하기" {
		t.Errorf("h1 = %q", got)
	}
	if got := eval[string](tb, `document.title`); got != l.Title {
		t.Errorf("document.title = %q, want %q", got, l.Title)
	}
	if got := eval[string](tb, `document.documentElement.lang`); got != "ko" {
		t.Errorf("html lang = %q, want ko", got)
	}

	// Every section, in the content's order.
	var want []string
	for _, s := range l.Sections {
		want = append(want, s.Title)
	}
	got := eval[[]string](tb, `[...document.querySelectorAll("section.lesson-section > :is(h2,h3)")].map(h => h.textContent)`)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("sections:\n got %q\nwant %q", got, want)
	}
	for _, s := range []string{"1. 파인튜닝이란?", "4. PEFT(파라미터 효율적 파인튜닝) 기법 비교", "LoRA 성능 체험 (미니 실습)", "8. 다음 단계로"} {
		if !strings.Contains(strings.Join(got, "\n"), s) {
			t.Errorf("missing section %q", s)
		}
	}

	// The three cards, in the notebook's colours.
	type card struct {
		Title, Tag, Border, Background, HeadingColor, TagBg, TagColor, DetailBg, Radius, Shadow string
		Top                                                                                     int
	}
	cards := eval[[]card](tb, `[...document.querySelectorAll(".card")].map(c => {
		const s = getComputedStyle(c), h = getComputedStyle(c.querySelector(".card-title")),
		      g = getComputedStyle(c.querySelector(".card-tag")), d = getComputedStyle(c.querySelector(".card-detail"));
		return {Title: c.querySelector(".card-title").textContent, Tag: c.querySelector(".card-tag").textContent,
		  Border: s.borderTopColor, Background: s.backgroundColor, HeadingColor: h.color, TagBg: g.backgroundColor,
		  TagColor: g.color, DetailBg: d.backgroundColor, Radius: s.borderTopLeftRadius, Shadow: s.boxShadow,
		  Top: Math.round(c.getBoundingClientRect().top)};
	})`)
	if len(cards) != 3 {
		t.Fatalf("got %d cards, want 3", len(cards))
	}
	for i, w := range []struct{ title, tag string }{
		{"Full Fine-Tuning", "모든 가중치 학습"}, {"LoRA", "Base 고정 · 어댑터 학습"}, {"QLoRA", "Base 4bit Quantization"},
	} {
		c := cards[i]
		if c.Title != w.title || c.Tag != w.tag {
			t.Errorf("card %d = %q / %q, want %q / %q", i, c.Title, c.Tag, w.title, w.tag)
		}
		// The notebook's colours as accents of one calm box (issue 16): its
		// blue as the top edge, its navy for the title and the tag's text
		// on a light pill; no inner box, no shadow.
		if c.Border != "rgb(48, 79, 254)" || c.Background != "rgb(244, 245, 251)" || c.HeadingColor != "rgb(26, 35, 126)" ||
			c.TagBg != "rgb(255, 255, 255)" || c.TagColor != "rgb(26, 35, 126)" || c.DetailBg != "rgba(0, 0, 0, 0)" ||
			c.Radius != "12px" || c.Shadow != "none" {
			t.Errorf("card %d styles = %+v", i, c)
		}
	}
	if cards[0].Top != cards[1].Top || cards[1].Top != cards[2].Top {
		t.Errorf("at 1280px the cards should sit side by side; tops %d %d %d", cards[0].Top, cards[1].Top, cards[2].Top)
	}

	// Both tables are real tables with header cells.
	tables := eval[[]int](tb, `[...document.querySelectorAll("table")].map(t => t.querySelectorAll("th").length * 100 + t.querySelectorAll("tbody tr").length)`)
	// The seed's two tables first (more come with the mini-lab).
	if len(tables) < 2 || fmt.Sprint(tables[:2]) != "[304 304]" {
		t.Errorf("tables (th×100 + rows) = %v, want [304 304 …]", tables)
	}
	code := eval[[]string](tb, `[...document.querySelectorAll(".prose code")].map(c => c.textContent)`)
	if fmt.Sprint(code) != "[trainer.train() model.save_pretrained()]" {
		t.Errorf("inline code = %q", code)
	}
	bold := eval[int](tb, `document.querySelectorAll(".prose strong").length`)
	if bold < 15 {
		t.Errorf("only %d bold runs in the prose", bold)
	}

	// Math is MathML, laid out as math after the wasm mounted: the subscript
	// of W_0 sits lower than its base.
	type math struct {
		NS, TeX  string
		SubLower bool
	}
	maths := eval[[]math](tb, `[...document.querySelectorAll("math")].map(m => {
		const sub = m.querySelector("msub");
		let lower = true;
		if (sub) { const [b, s] = sub.children; lower = s.getBoundingClientRect().bottom > b.getBoundingClientRect().bottom + 1; }
		return {NS: m.namespaceURI, TeX: m.querySelector("annotation").textContent, SubLower: lower};
	})`)
	var tex []string
	for _, m := range maths {
		tex = append(tex, m.TeX)
		if m.NS != "http://www.w3.org/1998/Math/MathML" || !m.SubLower {
			t.Errorf("math %q: namespace %q, subscript lower %v", m.TeX, m.NS, m.SubLower)
		}
	}
	if got := strings.Join(tex, " | "); !strings.HasPrefix(got, `W_0 | \Delta W | B A | W_0 | B A | W = W_0 + B A | `) {
		t.Errorf("math = %s", got)
	}
	// The wasm came compressed (brotli), and whole.
	wasm := eval[[]float64](tb, `(e => e ? [e.encodedBodySize, e.decodedBodySize] : [0, 0])(performance.getEntriesByType("resource").find(e => /\/web\/app\.[0-9a-f]{10}\.wasm$/.test(e.name)))`)
	if wasm[1] < 1e6 || wasm[0] > wasm[1]*0.3 {
		t.Errorf("app.wasm: %0.f bytes on the wire for %0.f decoded, want a compressed transfer", wasm[0], wasm[1])
	}
	if n := eval[int](tb, `document.querySelectorAll("script[src*=mathjax], script[src*=katex]").length`); n != 0 {
		t.Error("the page loads math JavaScript")
	}
	tb.noProblems()
}

func TestQuizFeedback(t *testing.T) {
	dir, l := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))

	qs := l.Questions()
	if len(qs) != 3 {
		t.Fatalf("the lesson has %d quiz questions, want the seed's 3", len(qs))
	}
	if n := eval[int](tb, `document.querySelectorAll(".question").length`); n != 3 {
		t.Fatalf("page shows %d questions, want 3", n)
	}
	for i, q := range qs {
		id := fmt.Sprintf(".quiz-item:nth-child(%d) ", i+1)
		opts := eval[[]string](tb, `[...document.querySelectorAll("`+id+`option")].map(o => o.textContent)`)
		if strings.Join(opts, "|") != strings.Join(q.Options, "|") {
			t.Errorf("question %d options = %q, want %q", i+1, opts, q.Options)
		}
		if got := eval[string](tb, `document.querySelector("`+id+`.question-check").textContent`); got != "정답 확인" {
			t.Errorf("button = %q, want 정답 확인", got)
		}
		wrong := (q.Answer + 1) % len(q.Options)
		tb.choose(id+".question-select", wrong)
		tb.do(clickSel(id + ".question-check"))
		tb.expectText(id+".question-feedback", "❌ 다시 생각해보세요. Tip: "+q.Explain, fmt.Sprintf("question %d, wrong answer", i+1))
		// The seed's colours mark the callout's edge (issue 16: calm
		// callouts, the seed's colours as accents).
		if color := eval[string](tb, `getComputedStyle(document.querySelector("`+id+`.question-feedback")).borderLeftColor`); color != "rgb(216, 67, 21)" {
			t.Errorf("question %d, wrong answer: edge colour %s, want #d84315", i+1, color)
		}
		tb.choose(id+".question-select", q.Answer)
		tb.do(clickSel(id + ".question-check"))
		tb.expectText(id+".question-feedback", "✅ 정답! "+q.Explain, fmt.Sprintf("question %d, right answer", i+1))
		if color := eval[string](tb, `getComputedStyle(document.querySelector("`+id+`.question-feedback")).borderLeftColor`); color != "rgb(0, 128, 0)" {
			t.Errorf("question %d, right answer: edge colour %s, want green", i+1, color)
		}
	}
	// The seed's own words, not only what the content file says now.
	tb.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! QLoRA는 기본 모델을 4bit로 양자화한 뒤 LoRA 어댑터만 학습해 VRAM을 크게 줄입니다.", "question 1 in the seed's words")
	tb.noProblems()
}

func TestCalculatorKeyboard(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))
	checkCalculatorKeyboard(t, tb)
	tb.noProblems()
}

// checkCalculatorKeyboard: 4,194,304 at the defaults, 8,388,608 after rank
// 16 → 32 with four ArrowRight presses, 134,217,728 at every maximum.
func checkCalculatorKeyboard(t *testing.T, tb *tab) {
	t.Helper()
	tb.expectText(".calculator-number", "4,194,304", "defaults")
	if got := eval[[]string](tb, `[...document.querySelectorAll(".slider-value")].map(v => v.textContent)`); fmt.Sprint(got) != "[4096 16 32]" {
		t.Errorf("slider values = %v, want [4096 16 32]", got)
	}
	tb.focus(`input[id$="-rank"]`)
	for range 4 {
		tb.key(kb.ArrowRight)
	}
	tb.expectText(".calculator-number", "8,388,608", "rank 16 → 32 by ArrowRight ×4")
	tb.expectText(`.slider:has(input[id$="-rank"]) .slider-value`, "32", "rank's shown value")
	for _, s := range []string{"hidden", "rank", "layers"} {
		tb.focus(`input[id$="-` + s + `"]`)
		tb.key(kb.End)
	}
	tb.expectText(".calculator-number", "134,217,728", "every slider at its maximum (End)")
}

func TestCalculatorUpdatesWhileDragging(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))

	box := eval[[]float64](tb, `(() => { const e = document.querySelector('input[id$="-layers"]');
		e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
		return [r.left, r.top + r.height / 2, r.width]; })()`)
	x, y, w := box[0], box[1], box[2]
	// Layers runs 1–64 with default 32: its thumb is near the middle.
	start := x + w*0.49
	tb.mouse("mousePressed", start, y)
	for i := 1; i <= 5; i++ {
		tb.mouse("mouseMoved", start+float64(i)*w*0.08, y)
	}
	// The button is still down: the result must already follow the slider.
	layers := eval[int](tb, `+document.querySelector('input[id$="-layers"]').value`)
	if layers <= 32 {
		t.Fatalf("dragging right moved layers to %d, want more than 32", layers)
	}
	tb.expectText(".calculator-number", formatInt(2*4096*16*int64(layers)), "while dragging, before release")
	tb.mouse("mouseReleased", start+5*w*0.08, y)

	// Touch: a finger drag on the hidden-size slider.
	box = eval[[]float64](tb, `(() => { const r = document.querySelector('input[id$="-hidden"]').getBoundingClientRect();
		return [r.left, r.top + r.height / 2, r.width]; })()`)
	x, y, w = box[0], box[1], box[2]
	before := eval[int](tb, `+document.querySelector('input[id$="-hidden"]').value`)
	tb.touch("touchStart", x+w*0.48, y)
	tb.touch("touchMove", x+w*0.2, y)
	tb.touch("touchMove", x+w*0.1, y)
	tb.touch("touchEnd", x+w*0.1, y)
	after := eval[int](tb, `+document.querySelector('input[id$="-hidden"]').value`)
	if after >= before {
		t.Errorf("touch drag left: hidden %d → %d, want smaller", before, after)
	}
	tb.expectText(".calculator-number", formatInt(2*int64(after)*16*int64(layers)), "after a touch drag")
	tb.noProblems()
}

func TestSubPath(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/courses/ft/")
	for _, u := range []string{url, url + "index.html", url + "?launch=1"} {
		t.Run(strings.TrimPrefix(u, url), func(t *testing.T) {
			tb := newTab(t)
			tb.open(u)
			if got := eval[string](tb, `document.querySelector("h1") ? document.querySelector("h1").textContent : document.body.innerText`); got != "Day 1-00: 파인튜닝 핵심 개념 빠르게 이해하기" {
				t.Fatalf("at %s the page shows %.200q", u, got)
			}
			checkCalculatorKeyboard(t, tb)
			tb.choose(".quiz-item:nth-child(2) .question-select", 2)
			tb.do(clickSel(".quiz-item:nth-child(2) .question-check"))
			tb.expectText(".quiz-item:nth-child(2) .question-feedback", "✅ 정답! 평가 지표는 성능 확인용이지 학습 파라미터 수에는 영향을 주지 않습니다.", "quiz at a sub-path")
			tb.noProblems()
		})
	}
}

// go-app sets attributes in random order; a slider's value set before its
// min and max is clamped by the browser. Every load must still put each
// thumb where the page says.
func TestSlidersStartAtTheirDefaults(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	tb := newTab(t)
	for range 8 {
		tb.open(url)
		got := eval[[]string](tb, `[...document.querySelectorAll(".slider-input")].map(e => e.value)`)
		if fmt.Sprint(got) != "[4096 16 32]" {
			t.Fatalf("after mounting, slider values = %v, want [4096 16 32]", got)
		}
	}
	tb.noProblems()
}
