package e2e

import (
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"

	"golesson/internal/server"
)

// A wasm download cut off half-way (or refused) leaves the prerendered
// lesson readable, with a Korean note and a retry button that works once
// the network does.
func TestWasmDownloadFails(t *testing.T) {
	dir, _ := seed(t)
	h, err := server.New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	var broken atomic.Bool
	broken.Store(true)
	wasm := regexp.MustCompile(`/web/app\.[0-9a-f]{10}\.wasm$`)
	mux := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if broken.Load() && wasm.MatchString(r.URL.Path) {
			// Headers for the whole file, then a cut connection.
			w.Header().Set("Content-Type", "application/wasm")
			w.Header().Set("Content-Length", "7000000")
			w.WriteHeader(http.StatusOK)
			w.Write(make([]byte, 64<<10))
			panic(http.ErrAbortHandler)
		}
		h.ServeHTTP(w, r)
	})
	url := serveOn(t, mux) + "/"

	tb := newTab(t)
	tb.do(chromedp.Navigate(url))
	tb.waitJS(`document.querySelector(".load-failed") !== null`)
	tb.expectText(".load-failed span", "레슨 앱을 불러오지 못했습니다. 내용은 그대로 읽을 수 있습니다.", "failure note")
	tb.expectText(".load-retry", "다시 시도", "retry button")
	// The lesson is still there to read, on top, and nothing pretends to work.
	if !eval[bool](tb, `(r => { const e = document.elementFromPoint(r.left + 10, r.top + r.height / 2); return !!e && !!e.closest("#lesson"); })(document.querySelector("h1").getBoundingClientRect())`) {
		t.Error("after the failure, the title is covered")
	}
	if got := eval[string](tb, `document.querySelector(".calculator-number").textContent`); got != "4,194,304" {
		t.Errorf("calculator shows %q", got)
	}
	if n := eval[int](tb, `document.querySelectorAll(".question-check:disabled").length`); n != 3 {
		t.Errorf("%d quiz buttons inert, want 3: controls must not look usable without the app", n)
	}
	if n := eval[int](tb, `document.querySelectorAll("#app-wasm-loader").length`); n != 0 {
		t.Error("go-app's loader still shows its raw error")
	}
	if area := eval[float64](tb, `(r => r.width * r.height / (innerWidth * innerHeight))(document.querySelector(".load-failed").getBoundingClientRect())`); area > 0.1 {
		t.Errorf("the note covers %.0f%% of the screen", area*100)
	}

	// The network is back: retry loads the app.
	broken.Store(false)
	tb.clickNavigating(".load-retry")
	tb.waitMounted()
	checkWorks(t, tb)

	// The failure itself is logged by go-app and the network stack; nothing else.
	for _, p := range tb.page.Problems() {
		if !strings.Contains(p, "loading wasm failed") && !strings.Contains(p, "ERR_") && !strings.Contains(p, "Failed to load resource") {
			t.Errorf("browser reported %s", p)
		}
	}
}
