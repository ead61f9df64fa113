package e2e

import (
	"os"
	"path/filepath"
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

// Go's start runs first in a worker (web/wasm-warm.js), which compiles the
// functions the runtime and package initialisation call off the page's
// main thread. The page must start whatever the worker does: it runs and
// answers; its script is missing (a 404: the worker fails to load); it never
// answers (the page waits 2 s, then starts, and stops it after 5 s).
func TestWarmUpWorker(t *testing.T) {
	dir, l := seed(t)
	q := l.Questions()[0]
	for _, c := range []struct {
		name    string
		script  string // the worker's new text; "" removes it
		ran     bool   // the worker's script is loaded
		outcome string // as wasm-start.js marks it
	}{
		{"as built", "keep", true, "ran"},
		{"missing", "", false, "failed"},
		{"never answers", "self.onmessage = () => {};", true, "timed out"},
		// The program in the worker decodes the page's data it was sent
		// (the decoder compiles there); sent none, it ends with code 1.
		{"without the page's data", "no data", true, "failed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			site := t.TempDir()
			if err := os.CopyFS(site, os.DirFS(dir)); err != nil {
				t.Fatal(err)
			}
			warm, _ := filepath.Glob(filepath.Join(site, "web", "wasm-warm.*.js"))
			if len(warm) != 1 {
				t.Fatalf("the built site has %d wasm-warm scripts, want 1", len(warm))
			}
			switch c.script {
			case "keep":
			case "no data":
				b, err := os.ReadFile(warm[0])
				if err != nil {
					t.Fatal(err)
				}
				const set = "self[data.global] = "
				if !strings.Contains(string(b), set) {
					t.Fatalf("%s does not set the page's data with %q", warm[0], set)
				}
				for _, f := range []string{warm[0] + ".br", warm[0] + ".gz"} {
					os.Remove(f)
				}
				if err := os.WriteFile(warm[0], []byte(strings.Replace(string(b), set, "void ", 1)), 0o644); err != nil {
					t.Fatal(err)
				}
			case "":
				for _, f := range []string{warm[0], warm[0] + ".br", warm[0] + ".gz"} {
					os.Remove(f)
				}
			default:
				for _, f := range []string{warm[0] + ".br", warm[0] + ".gz"} {
					os.Remove(f)
				}
				if err := os.WriteFile(warm[0], []byte(c.script), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			tb := newTab(t)
			if c.script == "" {
				tb.allow("wasm-warm") // the failed load of the removed script
			}
			tb.open(serve(t, site, "/"))
			// The app runs: the quiz answers (its rules are only in Go).
			tb.choose(".quiz-item:nth-child(1) .question-select", q.Answer)
			tb.do(clickSel(".quiz-item:nth-child(1) .question-check"))
			tb.expectText(".quiz-item:nth-child(1) .question-feedback", "✅ 정답! "+q.Explain, "the first question, right answer")
			loaded := eval[bool](tb, `performance.getEntriesByType("resource").some((r) => /\/wasm-warm\.[0-9a-f]+\.js$/.test(r.name) && r.responseStatus === 200)`)
			if loaded != c.ran {
				t.Errorf("the worker's script loaded: %v, want %v", loaded, c.ran)
			}
			// The page marks the outcome once the worker answers, or after
			// 5 s without an answer (the page itself starts after 2 s).
			tb.waitJS(`performance.getEntriesByName("lesson:warm-up").length > 0`)
			if got := eval[[]string](tb, `performance.getEntriesByName("lesson:warm-up").map((m) => m.detail)`); len(got) != 1 || got[0] != c.outcome {
				t.Errorf("the warm-up's outcomes %q, want [%q]", got, c.outcome)
			}
			tb.noProblems()
		})
	}
}
