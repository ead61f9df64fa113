package e2e

import (
	"strings"
	"testing"
)

// watchLoader records every text go-app's loader shows until it goes.
const watchLoader = `
window.__loaderTexts = [];
document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;
  const l = document.getElementById("app-wasm-loader");
  if (!l) return;
  window.__loaderTexts.push(l.textContent.trim());
  new MutationObserver(() => window.__loaderTexts.push(l.textContent.trim()))
    .observe(l, { subtree: true, childList: true, characterData: true });
});`

// The start as wasm-start.js runs it: the wasm is downloaded once (its
// early fetch, handed to go-app's loader), and the loader never shows a
// percentage: it cannot know how far the compile is, and "100%" while the
// wasm still compiles and runs is a promise it cannot keep.
func TestWasmStartsOnceWithoutPercentages(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	tb := newTab(t)
	tb.onNewDocument(watchLoader)
	tb.open(url)

	if n := eval[int](tb, `performance.getEntriesByType("resource").filter((r) => /\/app\.[0-9a-f]+\.wasm$/.test(r.name)).length`); n != 1 {
		t.Errorf("the wasm was downloaded %d times, want once", n)
	}
	texts := eval[[]string](tb, `window.__loaderTexts`)
	if len(texts) == 0 {
		t.Fatal("the loader was never seen before the app ran")
	}
	for _, s := range texts {
		if strings.ContainsAny(s, "%0123456789") {
			t.Errorf("the loader said %q: want no number", s)
		}
	}
	tb.noProblems()
}
