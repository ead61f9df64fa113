// The widgets beyond the notebook's own: the mini-lab (TestMiniLab), the
// calculator's 자세히 panel (TestDeeperCalculator), and the progress they
// keep across reloads and deep links (TestProgressExtras).

package e2e

import (
	"fmt"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"golesson/app/lesson"
)

// miniLab returns the seed lesson's mini-lab block and its page id.
func miniLab(t *testing.T, l *lesson.Lesson) (*lesson.MiniLabBlock, string) {
	t.Helper()
	for _, s := range l.Sections {
		for i, b := range s.Blocks {
			if b.MiniLab != nil {
				return b.MiniLab, lesson.BlockID(s.ID, i)
			}
		}
	}
	t.Fatal("no mini-lab")
	return nil, ""
}

func TestMiniLab(t *testing.T) {
	dir, l := seed(t)
	lab, id := miniLab(t, l)
	tb := newTab(t)
	url := serve(t, dir, "/")
	tb.open(url)

	// Every item and its scores are on the page; the means match the Go
	// metrics (unit-tested against hand-computed values).
	if n := eval[int](tb, `document.querySelectorAll(".minilab-items tbody tr").length`); n != len(lab.Items) {
		t.Fatalf("%d item rows, want %d", n, len(lab.Items))
	}
	want := func(excluded map[int]bool) []string {
		sc := lab.Score(excluded)
		var rows []string
		for _, m := range lab.Metrics {
			b, lo := sc.MeanBaseline.Get(m.ID), sc.MeanLoRA.Get(m.ID)
			rows = append(rows, fmt.Sprintf("%s %.2f %.2f", m.Name, b, lo))
		}
		return rows
	}
	summary := `[...document.querySelectorAll(".minilab-summary tbody tr")].map(r => [...r.children].slice(0, 3).map(c => c.textContent).join(" "))`
	if got := eval[[]string](tb, summary); strings.Join(got, "|") != strings.Join(want(nil), "|") {
		t.Errorf("summary:\n got %q\nwant %q", got, want(nil))
	}
	sc := lab.Score(nil)
	if sc.MeanLoRA.TokenF1 <= sc.MeanBaseline.TokenF1 {
		t.Errorf("the sample data does not show LoRA ahead: %.2f vs %.2f", sc.MeanLoRA.TokenF1, sc.MeanBaseline.TokenF1)
	}
	// The chart is SVG with a title, bars as wide as the values.
	chart := eval[[]string](tb, `(s => [s.namespaceURI, s.getAttribute("role"), s.querySelector("title").textContent, String(s.querySelectorAll("rect.bar-lora").length)])(document.querySelector(".minilab svg.chart"))`)
	if chart[0] != "http://www.w3.org/2000/svg" || chart[1] != "img" || chart[2] == "" || chart[3] != strconv.Itoa(len(lab.Metrics)+1) {
		t.Errorf("chart = %q", chart)
	}
	emBar := func() float64 {
		return eval[float64](tb, `document.querySelectorAll(".minilab svg.chart rect.bar-lora")[1].getBoundingClientRect().width`)
	}
	before := emBar()

	// Leave out the items where LoRA is exactly right: its EM falls, the
	// chart and the count follow.
	excluded := map[int]bool{}
	for i, it := range lab.Items {
		if lesson.ExactMatch(it.LoRA, it.Reference) == 1 && len(excluded) < 3 {
			excluded[i] = true
			tb.do(clickSel(fmt.Sprintf("#%s-item-%d", id, i+1)))
		}
	}
	tb.expectText("#"+id+"-count", fmt.Sprintf("%d개 중 %d개 항목으로 계산", len(lab.Items), len(lab.Items)-3), "count")
	if got := eval[[]string](tb, summary); strings.Join(got, "|") != strings.Join(want(excluded), "|") {
		t.Errorf("after excluding 3 items:\n got %q\nwant %q", got, want(excluded))
	}
	if after := emBar(); after >= before {
		t.Errorf("LoRA's EM bar stayed %.1f px wide (was %.1f) after excluding its exact matches", after, before)
	}
	// Kept after a reload.
	tb.open(url)
	tb.expectText("#"+id+"-count", fmt.Sprintf("%d개 중 %d개 항목으로 계산", len(lab.Items), len(lab.Items)-3), "count after a reload")
	tb.noProblems()
}

func TestDeeperCalculator(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	url := serve(t, dir, "/")
	tb.open(url)
	calc := eval[string](tb, `document.querySelector(".calculator").id`) + "-detail" // the 자세히 panel: its controls' ids start with it
	// The simple mode is unchanged and first.
	tb.expectText(".calculator-number", "4,194,304", "simple mode")
	tb.do(clickSel(".detail-toggle"))
	tb.waitJS(`document.querySelector(".detail-toggle").getAttribute("aria-expanded") === "true"`)

	// Llama-2-7B, q and v, r = 8: what PEFT prints.
	tb.expectText("#"+calc+"-trainable", "4,194,304", "Llama-2-7B q,v r=8 trainable")
	tb.expectText("#"+calc+"-base", "6,738,415,616", "Llama-2-7B base")
	tb.expectText("#"+calc+"-percent", "0.0622%", "Llama-2-7B trainable%")
	tb.expectText("#"+calc+"-peft", "trainable params: 4,194,304 || all params: 6,742,609,920 || trainable%: 0.0622", "PEFT line")

	// Llama-3.1-8B: v projects to 8 KV heads × 128.
	tb.choose("#"+calc+"-model", 1)
	tb.expectText("#"+calc+"-trainable", "3,407,872", "Llama-3.1-8B q,v r=8")
	if got := eval[[]string](tb, `[...document.querySelectorAll(".detail-modules-table tbody tr")].map(r => r.textContent)`); fmt.Sprint(got) != "[q_proj4,096 → 4,0962,097,152 v_proj4,096 → 1,0241,310,720]" {
		t.Errorf("per-module rows = %q", got)
	}
	// Adding k adds r·(4096+1024)·32.
	tb.do(clickSel("#" + calc + "-mod-k_proj"))
	tb.expectText("#"+calc+"-trainable", "4,718,592", "q,k,v")

	// Memory: full > LoRA > QLoRA, numbers and bars.
	mem := eval[[]float64](tb, `[0, 1, 2].map(i => parseFloat(document.getElementById("`+calc+`-mem-" + i).textContent))`)
	if !(mem[0] > mem[1] && mem[1] > mem[2] && mem[2] > 0) {
		t.Errorf("memory GB full/LoRA/QLoRA = %v, want decreasing", mem)
	}
	if n := eval[int](tb, `document.querySelectorAll(".calc-detail svg.chart rect.bar-memory").length`); n != 4 {
		t.Errorf("%d memory bars (legend included), want 4", n)
	}
	if n := eval[int](tb, `document.querySelectorAll(".assumptions li").length`); n < 3 {
		t.Errorf("only %d stated assumptions", n)
	}

	// The settings survive a reload.
	tb.open(url)
	tb.expectText("#"+calc+"-trainable", "4,718,592", "after a reload")
	tb.noProblems()
}

func TestProgressExtras(t *testing.T) {
	dir, l := seed(t)
	tb := newTab(t)
	url := serve(t, dir, "/")
	tb.open(url)

	// Table of contents: a link per section, deep links work.
	links := eval[[]string](tb, `[...document.querySelectorAll(".toc a")].map(a => a.getAttribute("href"))`)
	if len(links) != len(l.Sections) || links[0] != "#"+l.Sections[0].ID {
		t.Errorf("toc links = %v", links)
	}
	// #peft is mid-page and can always reach the top; #adapters is near the
	// end and reaches it only when the page below it is a screen tall.
	tb.open(url + "#peft")
	checkScrolledTo(t, tb, "peft")
	tb.open(url + "#adapters")
	checkScrolledTo(t, tb, "adapters")
	// A section is read once the learner scrolls to its end (what is on
	// screen at load is not yet read): from the top, down to its end.
	tb.do(chromedp.Evaluate[chromedp.Void](`(async () => { scrollTo(0, 0);
		await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
		document.querySelector("#adapters > .section-end").scrollIntoView({block: "end"}); })()`, chromedp.EvalAwaitPromise))
	tb.waitJS(`document.querySelector('.toc a[href="#adapters"]').parentElement.classList.contains("is-visited")`)

	// Quiz: a wrong try offers "다시 풀기" and "정답 보기"; the score counts.
	q := ".quiz-item:nth-child(1) "
	tb.choose(q+".question-select", 0)
	tb.do(clickSel(q + ".question-check"))
	tb.expectText(q+".question-try-again", "다시 풀기", "try again button")
	tb.do(clickSel(q + ".question-show"))
	tb.expectText(q+".question-answer", "정답: Base 모델을 4bit로 양자화해 메모리를 줄인다", "shown answer")
	tb.expectText(".quiz-score-text", "점수 0 / 3", "score after a wrong answer")
	tb.do(clickSel(q + ".question-try-again"))
	tb.expectText(q+".question-feedback", "", "feedback cleared by 다시 풀기")
	if focused := eval[string](tb, `document.activeElement.className`); focused != "question-select" {
		t.Errorf("after 다시 풀기 the focus is on %q, want the dropdown", focused)
	}
	tb.choose(q+".question-select", 1)
	tb.do(clickSel(q + ".question-check"))
	tb.expectText(".quiz-score-text", "점수 1 / 3", "score after a right answer")
	if v := eval[float64](tb, `document.querySelector(".quiz-score-bar").value`); v != 1 {
		t.Errorf("score bar = %v, want 1", v)
	}

	// All of it survives a reload.
	tb.open(url)
	tb.expectText(".quiz-score-text", "점수 1 / 3", "score after a reload")
	if !eval[bool](tb, `document.querySelector('.toc a[href="#adapters"]').parentElement.classList.contains("is-visited")`) {
		t.Errorf("visited sections were forgotten; saved: %s", eval[string](tb, `localStorage.getItem("golesson:day1-00:progress:v1")`))
	}
	tb.noProblems()
}

// checkScrolledTo checks that a deep link to #id brought the section to the
// top of the viewport or, when the section is too near the page's end for
// that, scrolled the page as far as it goes. How far that is depends on the
// fonts (a page without Korean fonts is shorter), so both cases are right.
func checkScrolledTo(t *testing.T, tb *tab, id string) {
	t.Helper()
	type where struct{ Top, ScrollY, MaxScroll float64 }
	w := eval[where](tb, `(() => { const e = document.scrollingElement;
		return {Top: document.getElementById(`+jsString(id)+`).getBoundingClientRect().top,
		        ScrollY: scrollY, MaxScroll: e.scrollHeight - e.clientHeight}; })()`)
	t.Logf("#%s: top %.1f px, scrolled %.1f of %.1f px", id, w.Top, w.ScrollY, w.MaxScroll)
	// 2 px: scroll positions and boxes are fractional (device pixels,
	// sub-pixel layout); a deep link that failed is off by a whole section.
	const slack = 2
	atTop := w.Top > -slack && w.Top < slack
	atEnd := w.Top >= 0 && w.ScrollY >= w.MaxScroll-slack
	if !atTop && !atEnd {
		t.Errorf("a deep link to #%s left it at %.0f px from the top, with the page scrolled %.0f of %.0f px: want it at the top, or the page scrolled to its end",
			id, w.Top, w.ScrollY, w.MaxScroll)
	}
}
