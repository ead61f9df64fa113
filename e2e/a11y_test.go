package e2e

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axe runs axe-core (the pinned npm package) on the page for WCAG 2.2 AA
// and fails the test for every violation.
func axe(t *testing.T, tb *tab, state string) {
	t.Helper()
	src, err := os.ReadFile(jsLib(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	// DevTools evaluation is not bound by the page's CSP.
	tb.do(chromedp.Evaluate[chromedp.Void](string(src)))
	type violation struct {
		ID, Impact, Help string
		Targets          []string
	}
	vs := eval[[]violation](tb, `axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})
		.then(r => r.violations.map(v => ({ID: v.id, Impact: v.impact, Help: v.help, Targets: v.nodes.slice(0, 5).map(n => n.target.join(" "))})))`)
	for _, v := range vs {
		t.Errorf("axe, %s: %s (%s): %s — %s", state, v.ID, v.Impact, v.Help, strings.Join(v.Targets, " | "))
	}
}

func media(t *testing.T, tb *tab, typ string, features ...string) {
	t.Helper()
	p := emulation.SetEmulatedMediaParams{Media: typ}
	for i := 0; i+1 < len(features); i += 2 {
		p.Features = append(p.Features, &emulation.MediaFeature{Name: features[i], Value: features[i+1]})
	}
	if _, err := chromedp.Call(tb.ctx, emulation.SetEmulatedMedia, p); err != nil {
		t.Fatal(err)
	}
}

func TestAxe(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	for _, tc := range []struct {
		name  string
		dark  bool
		query string
	}{{"light", false, ""}, {"dark", true, ""}, {"embedded", false, "?embed=1"}, {"embedded dark", true, "?embed=1"}} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newTab(t)
			if tc.dark {
				media(t, tb, "", "prefers-color-scheme", "dark")
			}
			tb.open(url + tc.query)
			axe(t, tb, "default")
			// A wrong and then a right answer, with the feedback, the
			// "다시 풀기"/"정답 보기" buttons and the revealed answer.
			q := ".quiz-item:nth-child(1) "
			tb.choose(q+".question-select", 0)
			tb.do(clickSel(q + ".question-check"))
			tb.do(clickSel(q + ".question-show"))
			tb.expectText(q+".question-answer", "정답: Base 모델을 4bit로 양자화해 메모리를 줄인다", "answer shown")
			tb.choose(".quiz-item:nth-child(2) .question-select", 2)
			tb.do(clickSel(".quiz-item:nth-child(2) .question-check"))
			tb.expectText(".quiz-item:nth-child(2) .question-feedback", "✅ 정답! 평가 지표는 성능 확인용이지 학습 파라미터 수에는 영향을 주지 않습니다.", "right answer")
			// The deeper calculator open, with a custom model.
			tb.do(clickSel(".detail-toggle"))
			tb.waitJS(`document.querySelector(".detail-memory") !== null`)
			axe(t, tb, "after a wrong and a right answer, detail open")
			tb.noProblems()
		})
	}
}

// Everything can be done with the keyboard alone, starting from the top of
// the page, with the focus always visible.
func TestKeyboardOnly(t *testing.T) {
	dir, l := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))

	focused := func() string {
		return eval[string](tb, `(e => e.tagName + (e.id ? "#" + e.id : "") + "." + e.className)(document.activeElement)`)
	}
	ringVisible := func() bool {
		return eval[bool](tb, `(s => s.outlineStyle !== "none" && parseFloat(s.outlineWidth) >= 2)(getComputedStyle(document.activeElement))`)
	}
	tb.key(kb.Tab)
	if got := eval[string](tb, `document.activeElement.textContent`); got != l.UI.Skip {
		t.Fatalf("first Tab stop is %s %q, want the skip link", focused(), got)
	}
	if !ringVisible() {
		t.Error("the skip link has no visible focus ring")
	}
	tb.key(kb.Enter)
	if got := focused(); !strings.HasPrefix(got, "MAIN#content") {
		t.Errorf("after the skip link, the focus is on %s, want main#content", got)
	}
	history := eval[int](tb, `history.length`)

	// Tab through the lesson; every stop shows its focus ring.
	tabTo := func(sel string) {
		t.Helper()
		for range 120 {
			if eval[bool](tb, `document.activeElement.matches(`+jsString(sel)+`)`) {
				return
			}
			tb.key(kb.Tab)
			if !ringVisible() {
				t.Errorf("no visible focus ring on %s", focused())
			}
		}
		t.Fatalf("Tab never reached %s (stuck at %s)", sel, focused())
	}
	for i, q := range l.Questions() {
		n := fmt.Sprintf(".quiz-item:nth-child(%d) ", i+1)
		tabTo(n + ".question-select")
		cur := eval[int](tb, `document.activeElement.selectedIndex`)
		for ; cur < q.Answer; cur++ {
			tb.key(kb.ArrowDown)
		}
		for ; cur > q.Answer; cur-- {
			tb.key(kb.ArrowUp)
		}
		tabTo(n + ".question-check")
		if i%2 == 0 {
			tb.key(kb.Enter)
		} else {
			tb.key(" ")
		}
		tb.expectText(n+".question-feedback", "✅ 정답! "+q.Explain, fmt.Sprintf("question %d by keyboard", i+1))
	}
	tb.expectText(".quiz-score-text", "점수 3 / 3", "score")

	// The sliders: arrows, Home/End, PageUp/PageDown.
	tabTo(`input[id$="-hidden"]`)
	tb.key(kb.End)
	tb.expectText(".calculator-number", "8,388,608", "hidden → 8192 (End)")
	tb.key(kb.Home)
	tb.expectText(".calculator-number", "524,288", "hidden → 512 (Home)")
	tabTo(`input[id$="-rank"]`)
	tb.key(kb.PageUp)
	if v := eval[int](tb, `+document.activeElement.value`); v <= 16 {
		t.Errorf("PageUp left rank at %d", v)
	}
	tb.key(kb.PageDown)
	tb.key(kb.ArrowLeft)
	tabTo(`input[id$="-layers"]`)
	tb.key(kb.ArrowRight)
	v := eval[[]int64](tb, `[...document.querySelectorAll(".slider-input")].map(e => +e.value)`)
	tb.expectText(".calculator-number", formatInt(2*v[0]*v[1]*v[2]), "after arrows and pages")
	if v[2] != 33 {
		t.Errorf("layers = %d after ArrowRight, want 33", v[2])
	}
	// The "자세히" toggle opens with Enter, and the model is chosen with keys.
	tabTo(".detail-toggle")
	tb.key(kb.Enter)
	tb.waitJS(`document.querySelector(".detail-toggle").getAttribute("aria-expanded") === "true"`)
	tabTo(".detail-select")
	tb.key(kb.ArrowDown)
	tb.expectText(`[id$="-trainable"]`, "3,407,872", "Llama-3.1-8B chosen by keyboard")

	if got := eval[int](tb, `history.length`); got != history {
		t.Errorf("keyboard use added %d history entries", got-history)
	}
	tb.noProblems()
}

// Phones, tablets both ways, laptops: no sideways scrolling of the page,
// and every button, dropdown and slider big enough for a finger.
func TestViewports(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	for _, vp := range []struct {
		w, h   int64
		mobile bool
	}{{320, 640, true}, {375, 667, true}, {768, 1024, true}, {1024, 768, true}, {1366, 768, false}} {
		t.Run(fmt.Sprintf("%dx%d", vp.w, vp.h), func(t *testing.T) {
			tb := newTab(t)
			if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
				Width: vp.w, Height: vp.h, DeviceScaleFactor: 2, Mobile: vp.mobile,
			}); err != nil {
				t.Fatal(err)
			}
			tb.open(url)
			tb.do(clickSel(".detail-toggle")) // the widest part of the lesson
			tb.waitJS(`document.querySelector(".detail-memory") !== null`)
			if sw := eval[float64](tb, `document.documentElement.scrollWidth - innerWidth`); sw > 0 {
				t.Errorf("the page scrolls sideways by %.0f px", sw)
			}
			wide := eval[[]string](tb, `[...document.querySelectorAll("#lesson *")].filter(e => {
				if (e.closest(".table-scroll, .sr-only, .skip-link")) return false;
				const r = e.getBoundingClientRect();
				return r.width > 0 && (r.right > innerWidth + 1 || r.left < -1);
			}).slice(0, 8).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().right))`)
			if len(wide) > 0 {
				t.Errorf("elements wider than the %d px viewport: %v", vp.w, wide)
			}
			small := eval[[]string](tb, `[...document.querySelectorAll("button, select, input[type=range], .open-tab")].filter(e => {
				const r = e.getBoundingClientRect(), s = getComputedStyle(e);
				return s.display !== "none" && s.visibility !== "hidden" && r.width > 0 && (r.width < 44 || r.height < 44);
			}).map(e => e.tagName + "." + e.className + " " + Math.round(e.getBoundingClientRect().width) + "×" + Math.round(e.getBoundingClientRect().height))`)
			if len(small) > 0 {
				t.Errorf("touch targets under 44×44 px: %v", small)
			}
			if fs := eval[float64](tb, `parseFloat(getComputedStyle(document.querySelector(".prose p")).fontSize)`); fs < 16 {
				t.Errorf("body text is %.1f px", fs)
			}
			tb.noProblems()
		})
	}
}

// Printing gives the whole lesson with the learner's numbers and answers.
func TestPrint(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))
	tb.focus(`input[id$="-rank"]`)
	for range 4 {
		tb.key(kb.ArrowRight)
	}
	tb.expectText(".calculator-number", "8,388,608", "rank 32")
	tb.choose(".quiz-item:nth-child(1) .question-select", 1)
	tb.do(clickSel(".quiz-item:nth-child(1) .question-check"))
	tb.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! QLoRA는 기본 모델을 4bit로 양자화한 뒤 LoRA 어댑터만 학습해 VRAM을 크게 줄입니다.", "answer")
	media(t, tb, "print")
	visible := func(sel string) bool {
		return eval[bool](tb, `(e => !!e && getComputedStyle(e).display !== "none" && e.getBoundingClientRect().height > 0)(document.querySelector(`+jsString(sel)+`))`)
	}
	for _, sel := range []string{".calculator-number", ".quiz-item:nth-child(1) .question-feedback", ".question-select", "#peft", ".card", "table"} {
		if !visible(sel) {
			t.Errorf("print: %s is not printed", sel)
		}
	}
	if got := eval[string](tb, `document.querySelector(".calculator-number").textContent`); got != "8,388,608" {
		t.Errorf("print: calculator shows %q", got)
	}
	if got := eval[string](tb, `document.querySelector('input[id$="-rank"]').closest(".slider").querySelector(".slider-value").textContent`); got != "32" || !visible(".slider-value") {
		t.Errorf("print: the rank value %q is not printed", got)
	}
	for _, sel := range []string{".question-check", ".slider-input", ".skip-link", ".detail-toggle"} {
		if visible(sel) {
			t.Errorf("print: the control %s is printed", sel)
		}
	}
	tb.noProblems()
}

// The result of a drag is announced once it settles, not on every tick;
// reduced motion stops the loader's spin.
func TestScreenReaderAndMotion(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	media(t, tb, "", "prefers-reduced-motion", "reduce")
	tb.onNewDocument(`document.addEventListener("DOMContentLoaded", () => {
		const s = document.querySelector(".goapp-spin");
		window.__spin = s ? getComputedStyle(s).animationName : "gone";
	});`)
	tb.open(serve(t, dir, "/"))
	if got := eval[string](tb, `window.__spin`); got != "none" && got != "gone" {
		t.Errorf("with reduced motion the loader spins (%s)", got)
	}

	box := eval[[]float64](tb, `(() => { const e = document.querySelector('input[id$="-layers"]');
		e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect();
		return [r.left, r.top + r.height / 2, r.width]; })()`)
	x, y, w := box[0], box[1], box[2]
	announce := `document.querySelector('[id$="-announce"]').textContent`
	tb.mouse("mousePressed", x+w*0.49, y)
	for i := 1; i <= 4; i++ {
		tb.mouse("mouseMoved", x+w*(0.49+float64(i)*0.08), y)
	}
	layers := eval[int64](tb, `+document.querySelector('input[id$="-layers"]').value`)
	tb.expectText(".calculator-number", formatInt(2*4096*16*layers), "while dragging")
	if got := eval[string](tb, announce); got != "" {
		t.Errorf("announced while dragging: %q", got)
	}
	if vt := eval[string](tb, `document.querySelector('input[id$="-layers"]').getAttribute("aria-valuetext")`); vt != fmt.Sprintf("Layers %d", layers) {
		t.Errorf("aria-valuetext while dragging = %q", vt)
	}
	tb.mouse("mouseReleased", x+w*(0.49+4*0.08), y)
	tb.expectText(`[id$="-announce"]`, "학습 파라미터 추정: "+formatInt(2*4096*16*layers)+" 개", "announced on release")
	tb.noProblems()
}
