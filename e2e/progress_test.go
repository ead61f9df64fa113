package e2e

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

const progressKey = "golesson:day1-00:progress:v1"

// doSomeWork answers question 1 right (checked), picks a wrong option in
// question 2 without checking, and sets rank to 32.
func doSomeWork(tb *tab) {
	tb.t.Helper()
	tb.choose(".quiz-item:nth-child(1) .question-select", 1)
	tb.do(clickSel(".quiz-item:nth-child(1) .question-check"))
	tb.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! QLoRA는 기본 모델을 4bit로 양자화한 뒤 LoRA 어댑터만 학습해 VRAM을 크게 줄입니다.", "question 1")
	tb.choose(".quiz-item:nth-child(2) .question-select", 0)
	tb.focus(`input[id$="-rank"]`)
	for range 4 {
		tb.key(kb.ArrowRight)
	}
	tb.expectText(".calculator-number", "8,388,608", "rank → 32")
}

// checkRestored checks that the work of doSomeWork is back.
func checkRestored(t *testing.T, tb *tab, where string) {
	t.Helper()
	got := eval[[]int](tb, `[...document.querySelectorAll(".question-select")].map(s => s.selectedIndex)`)
	if fmt.Sprint(got) != "[1 0 0]" {
		t.Errorf("%s: selected options %v, want [1 0 0]", where, got)
	}
	tb.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! QLoRA는 기본 모델을 4bit로 양자화한 뒤 LoRA 어댑터만 학습해 VRAM을 크게 줄입니다.", where+": question 1's checked result")
	tb.expectText(".quiz-item:nth-child(2) .question-feedback", "", where+": question 2 was not checked")
	tb.expectText(".calculator-number", "8,388,608", where+": calculator")
	if v := eval[string](tb, `document.querySelector('input[id$="-rank"]').value`); v != "32" {
		t.Errorf("%s: the rank slider's thumb is at %s, want 32", where, v)
	}
}

func TestProgressSurvivesReloadAndOffline(t *testing.T) {
	dir, _ := seed(t)
	ts := startServer(t, dir, "/")
	tb := newTab(t)
	tb.visitOnce(ts.url, dir)
	doSomeWork(tb)
	if s := eval[string](tb, `localStorage.getItem("`+progressKey+`") || ""`); !strings.Contains(s, `"v":2`) {
		t.Fatalf("saved progress = %q", s)
	}
	tb.open(ts.url)
	checkRestored(t, tb, "after a reload")
	ts.stop()
	tb.open(ts.url + "?launch=1")
	checkRestored(t, tb, "offline")
	tb.noProblems()
}

// Storage that throws, is full, or holds corrupt or old data never breaks
// the lesson.
func TestBrokenStorage(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")

	t.Run("blocked", func(t *testing.T) {
		// As in a sandboxed iframe: reading window.localStorage throws.
		tb := newTab(t)
		tb.onNewDocument(`for (const n of ["localStorage", "sessionStorage"]) Object.defineProperty(window, n, {
			configurable: true, get() { throw new DOMException("The document is sandboxed", "SecurityError"); } });`)
		tb.open(url)
		doSomeWork(tb)
		checkWorks(t, tb)
		tb.noProblems()
	})

	t.Run("full", func(t *testing.T) {
		tb := newTab(t)
		tb.open(url)
		doSomeWork(tb)
		// Now every write fails as with a full quota; reading still works.
		tb.onNewDocument(`Storage.prototype.setItem = function () { throw new DOMException("full", "QuotaExceededError"); };`)
		tb.open(url)
		checkRestored(t, tb, "with a full storage")
		tb.choose(".quiz-item:nth-child(3) .question-select", 2)
		tb.do(clickSel(".quiz-item:nth-child(3) .question-check"))
		tb.expectText(".quiz-item:nth-child(3) .question-feedback", "❌ 다시 생각해보세요. Tip: 모든 가중치를 학습하므로 자원이 넉넉할 때 최대 성능을 기대할 수 있습니다.", "question 3 with a full storage")
		tb.noProblems()
	})

	t.Run("corrupt", func(t *testing.T) {
		tb := newTab(t)
		tb.open(url)
		// Storage is written from a page of the same origin where the app is
		// not running (it would save over the bad value).
		tb.allow("/favicon.ico") // the text page asks for one; the lesson has its icon
		corrupt := func(value string) {
			tb.do(chromedp.Navigate(url + "healthz"))
			tb.do(run(`localStorage.setItem("` + progressKey + `", ` + jsString(value) + `)`))
		}
		for _, bad := range []string{`{not json`, `{"v":1,"a":{"day1":"x"}}`, `null`} {
			corrupt(bad)
			tb.open(url)
			tb.expectText(".calculator-number", "4,194,304", "corrupt "+bad)
			checkWorks(t, tb)
		}
		// A value out of range is dropped (the default shows), a choice out
		// of range ignored, and what is valid beside them kept.
		corrupt(`{"v":1,"a":{"quiz-2-q1":{"c":7,"k":true}},"s":{"calculator-2.rank":1000,"calculator-2.layers":8}}`)
		tb.open(url)
		tb.expectText(".calculator-number", formatInt(2*4096*16*8), "rank saved as 1000 dropped (default 16), layers 8 kept")
		if got := eval[int](tb, `document.querySelector(".question-select").selectedIndex`); got != 0 {
			t.Errorf("an impossible saved choice gave selectedIndex %d", got)
		}
		tb.noProblems()
	})

	t.Run("old schema", func(t *testing.T) {
		tb := newTab(t)
		tb.open(url)
		tb.do(run(`localStorage.setItem("golesson:day1-00:progress:v0", "whatever"); localStorage.setItem("other-app", "keep")`))
		tb.open(url)
		if got := eval[string](tb, `String(localStorage.getItem("golesson:day1-00:progress:v0"))`); got != "null" {
			t.Errorf("old-schema progress kept: %q", got)
		}
		if got := eval[string](tb, `localStorage.getItem("other-app")`); got != "keep" {
			t.Errorf("another app's key was touched: %q", got)
		}
		checkWorks(t, tb)
		tb.noProblems()
	})
}
