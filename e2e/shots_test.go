package e2e

import (
	"bytes"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// The four sizes a design review looks at: a small phone, a tablet upright
// and sideways, a laptop.
var reviewSizes = []struct{ w, h int64 }{{360, 740}, {768, 1024}, {1024, 768}, {1366, 768}}

// setViewport sizes the page as a phone or tablet would (a touch device
// under 1200 px) at device scale 1, so a screenshot's pixels are CSS pixels.
func setViewport(t *testing.T, tb *tab, w, h int64) {
	t.Helper()
	if _, err := chromedp.Call(tb.ctx, emulation.SetDeviceMetricsOverride, emulation.SetDeviceMetricsOverrideParams{
		Width: w, Height: h, DeviceScaleFactor: 1, Mobile: w < 1200,
	}); err != nil {
		t.Fatal(err)
	}
}

// interact puts the page in the state a reviewer wants to see: a wrong
// answer with the right one shown, a right answer, the "자세히" panel open.
func interact(tb *tab) {
	tb.t.Helper()
	q := ".quiz-item:nth-child(1) "
	tb.choose(q+".question-select", 0)
	tb.do(clickSel(q + ".question-check"))
	tb.do(clickSel(q + ".question-show"))
	// 정답 보기 moves the focus to the answer it reveals.
	tb.waitJS(`document.activeElement === document.querySelector(".quiz-item:nth-child(1) .question-answer")`)
	tb.choose(".quiz-item:nth-child(2) .question-select", 2)
	tb.do(clickSel(".quiz-item:nth-child(2) .question-check"))
	tb.waitJS(`document.querySelector(".quiz-item:nth-child(2) .question-feedback.is-correct") !== null`)
	tb.do(clickSel(".detail-toggle"))
	tb.waitJS(`document.querySelector(".detail-memory") !== null`)
}

// TestShots writes screenshots of the lesson for a design review: at each
// review size, light and dark, the first screen as loaded and the whole page
// after interacting, plus the printed page (print media, A4 width) as a PNG
// and as the PDF Chromium prints. `make shots` keeps them in shots/
// (SHOTS_DIR); otherwise they go to a temporary folder, and the test checks
// each is a real PNG of the size asked for.
func TestShots(t *testing.T) {
	dir := os.Getenv("SHOTS_DIR")
	if dir == "" {
		dir = t.TempDir()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	site, _ := seed(t)
	url := serve(t, site, "/")
	save := func(name string, b []byte, w int64) {
		t.Helper()
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			t.Fatalf("%s: not a PNG: %v", name, err)
		}
		// Device scale 1: the image is as wide as the viewport in CSS px.
		if got := int64(img.Bounds().Dx()); got != w {
			t.Errorf("%s is %d px wide, want %d", name, got, w)
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, scheme := range []string{"light", "dark"} {
		for _, vp := range reviewSizes {
			t.Run(fmt.Sprintf("%s %dx%d", scheme, vp.w, vp.h), func(t *testing.T) {
				tb := newTab(t)
				media(t, tb, "", "prefers-color-scheme", scheme)
				setViewport(t, tb, vp.w, vp.h)
				tb.open(url)
				tb.waitJS(`document.fonts.status === "loaded"`)
				top, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
				if err != nil {
					t.Fatal(err)
				}
				save(fmt.Sprintf("%04d-%s-1-first-screen.png", vp.w, scheme), top, vp.w)
				interact(tb)
				full, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
				if err != nil {
					t.Fatal(err)
				}
				save(fmt.Sprintf("%04d-%s-2-whole-page.png", vp.w, scheme), full, vp.w)
				tb.noProblems()
			})
		}
	}
	t.Run("print", func(t *testing.T) {
		tb := newTab(t)
		setViewport(t, tb, 794, 1123) // A4 at 96 px per inch
		tb.open(url)
		interact(tb)
		r, err := chromedp.Call(tb.ctx, page.PrintToPDF, page.PrintToPDFParams{PrintBackground: new(true)})
		if err != nil {
			t.Fatal(err)
		}
		pdf := []byte(r.Data)
		if !bytes.HasPrefix(pdf, []byte("%PDF-")) {
			t.Fatal("PrintToPDF returned no PDF")
		}
		if err := os.WriteFile(filepath.Join(dir, "print.pdf"), pdf, 0o644); err != nil {
			t.Fatal(err)
		}
		media(t, tb, "print")
		full, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatal(err)
		}
		save("print.png", full, 794)
		tb.noProblems()
	})
	t.Logf("screenshots in %s", dir)
}
