package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Saved data that once stopped the app: a custom model with kv_heads 0
// (the panel divided by zero, go-app re-panicked and the wasm stopped) and
// one with fields of 1<<20 (the counts overflowed int64). Written before
// the page's own scripts run, as another build or a hostile page would.
func TestHostileSavedDataNeverStopsTheLesson(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	for _, tc := range []struct {
		name, saved string
		open        bool   // the panel opens with the saved model
		trainable   string // what it shows then
	}{
		{"kv_heads 0", `{"v":2,"d":{"calculator-2":{"o":true,"p":-1,"r":8,"m":["q_proj","v_proj"],"c":{"hidden":4096,"intermediate":11008,"layers":32,"heads":32,"kvHeads":0,"headDim":0,"vocab":32000}}}}`, true, "4,194,304"},
		{"heads 0, in the old nested form", `{"v":1,"d":{"calculator-2":"{\"o\":true,\"p\":-1,\"r\":8,\"m\":[\"q_proj\"],\"c\":{\"hidden\":4096,\"heads\":0,\"layers\":32,\"vocab\":32000}}"}}`, false, ""},
		{"fields of 1<<20", `{"v":2,"d":{"calculator-2":{"o":true,"p":-1,"r":1024,"m":["q_proj"],"c":{"hidden":1048576,"intermediate":1048576,"layers":1048576,"heads":1048576,"kvHeads":1048576,"headDim":1048576,"vocab":1048576}}}}`, false, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tb := newTab(t)
			tb.onNewDocument(`if (!sessionStorage.getItem("seeded")) { sessionStorage.setItem("seeded", "1"); localStorage.setItem("` + progressKey + `", ` + jsString(tc.saved) + `); }`)
			tb.open(url) // waits until the wasm has mounted: it did not stop
			expanded := eval[string](tb, `document.querySelector(".detail-toggle").getAttribute("aria-expanded")`)
			if (expanded == "true") != tc.open {
				t.Fatalf("the 자세히 panel is expanded=%s, want %v", expanded, tc.open)
			}
			if tc.open {
				tb.expectText("#calculator-2-detail-trainable", tc.trainable, "the restored custom model")
				// Typing kv_heads 0 ("as many as heads") now counts, too.
				tb.do(run(`(e => { e.value = "0"; e.dispatchEvent(new Event("change", {bubbles: true})); })(document.getElementById("calculator-2-detail-f-kv_heads"))`))
				tb.expectText("#calculator-2-detail-trainable", tc.trainable, "kv_heads typed as 0")
			}
			// The rest of the lesson answers.
			checkWorks(t, tb)
			tb.noProblems()
		})
	}
}

// Two tabs of one lesson share one saved progress: each takes the other's
// changes as they are saved, so neither writes its own stale answers over
// the other's.
func TestTwoTabsShareProgress(t *testing.T) {
	dir, l := seed(t)
	url := serve(t, dir, "/")
	a := newTab(t)
	a.open(url)
	b := a.sibling()
	b.open(url)

	a.choose(".quiz-item:nth-child(1) .question-select", 1)
	a.do(clickSel(".quiz-item:nth-child(1) .question-check"))
	b.waitJS(`document.querySelector(".quiz-item:nth-child(1) .question-select").selectedIndex === 1 && document.querySelector(".quiz-item:nth-child(1) .question-feedback").textContent.startsWith("✅")`)

	b.choose(".quiz-item:nth-child(2) .question-select", 2)
	b.do(clickSel(".quiz-item:nth-child(2) .question-check"))
	a.waitJS(`document.querySelector(".quiz-item:nth-child(2) .question-select").selectedIndex === 2 && document.querySelector(".quiz-item:nth-child(2) .question-feedback").textContent !== ""`)

	// A third look, fresh from storage: both answers are there.
	a.open(url)
	got := eval[[]int](a, `[...document.querySelectorAll(".question-select")].map(s => s.selectedIndex)`)
	if len(got) != 3 || got[0] != 1 || got[1] != 2 {
		t.Errorf("after both tabs answered, a reload shows %v, want question 1 → 1 and question 2 → 2", got)
	}
	// Question 1's option 1 is right; question 2's option 2 is right in the
	// seed only if its answer says so: the score counts both tabs' checks.
	right := 1
	if l.Questions()[1].Answer == 2 {
		right++
	}
	if s := eval[string](a, `document.querySelector(".quiz-score-text").textContent`); !strings.Contains(s, fmt.Sprintf("%d / 3", right)) {
		t.Errorf("score after both tabs checked = %q, want %d / 3", s, right)
	}
	a.noProblems()
	b.noProblems()
}

// No state of the page gives two elements one id: a duplicate sends a
// label, a deep link or saved answers to the wrong control.
func TestNoDuplicateIDs(t *testing.T) {
	dir, _ := seed(t)
	tb := newTab(t)
	tb.open(serve(t, dir, "/"))
	check := func(state string) {
		t.Helper()
		dups := eval[[]string](tb, `(() => {
			const seen = new Map();
			for (const e of document.querySelectorAll("[id]")) seen.set(e.id, (seen.get(e.id) || 0) + 1);
			const out = [...seen].filter(([, n]) => n > 1).map(([id]) => id);
			for (const l of document.querySelectorAll("label[for]")) if (!document.getElementById(l.htmlFor)) out.push("label for missing #" + l.htmlFor);
			for (const e of document.querySelectorAll("[aria-labelledby], [aria-controls]")) for (const id of ((e.getAttribute("aria-labelledby") || "") + " " + (e.getAttribute("aria-controls") || "")).split(/\s+/).filter(Boolean)) if (!document.getElementById(id)) out.push("aria reference to missing #" + id);
			return out;
		})()`)
		if len(dups) > 0 {
			t.Errorf("%s: duplicate or dangling ids %q", state, dups)
		}
	}
	check("default")
	tb.choose(".quiz-item:nth-child(1) .question-select", 0)
	tb.do(clickSel(".quiz-item:nth-child(1) .question-check"))
	tb.waitJS(`document.querySelector(".question-try-again") !== null`)
	check("after a wrong answer")
	tb.do(clickSel(".detail-toggle"))
	tb.waitJS(`document.querySelector(".detail-toggle").getAttribute("aria-expanded") === "true"`)
	check("자세히 open")
	tb.choose(".detail-select", eval[int](tb, `document.querySelector(".detail-select").options.length`)-1)
	tb.waitJS(`document.querySelector(".detail-fields") !== null`)
	check("자세히 with a custom model")
	tb.noProblems()
}

// The calculator follows a slider moved in another tab, even after this
// tab's own moves, whose numbers are painted at once outside go-app's render
// (the text must stay the node go-app updates).
func TestTwoTabsShareTheCalculator(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	a := newTab(t)
	a.open(url)
	b := a.sibling()
	b.open(url)
	rank := chromedp.CSS(`.slider-input[data-key$=".rank"]`)

	a.do(chromedp.Focus(rank))
	a.key(kb.ArrowRight) // 16 → 20
	a.expectText(".calculator-number", "5,242,880", "a: rank 20")
	b.expectText(".calculator-number", "5,242,880", "b follows a")
	b.do(chromedp.Focus(rank))
	b.key(kb.ArrowRight) // 20 → 24
	b.expectText(".calculator-number", "6,291,456", "b: rank 24")
	a.waitJS(`document.querySelector('.slider-input[data-key$=".rank"]').value === "24"`)
	a.expectText(".calculator-number", "6,291,456", "a follows b after its own move")
	a.expectText(`[id$="-rank-value"]`, "24", "a's rank number follows b")
	a.noProblems()
	b.noProblems()
}
