package e2e

import (
	"os"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// h5pResizerScript is the host side of H5P's resize protocol as Moodle,
// WordPress and Drupal pages with H5P run it: testdata/h5p-host.js states
// the behaviour of h5p-php-library's js/h5p-resizer.js message for message
// (that file's code is not ours to commit).
func h5pResizerScript(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/h5p-host.js")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "</script") {
		t.Fatal("h5p-host.js cannot be inlined")
	}
	return "<script>\n" + string(b) + "\n</script>"
}

// h5pHostPage is a page of an H5P host: the iframe as H5P's embed code
// writes it (no height: 150 px until the resizer sizes it), then the
// resizer, and optionally the lesson's own embed.js on the same page.
func h5pHostPage(t *testing.T, lessonURL string, embedJS bool) string {
	s := `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>H5P host</title><link rel="icon" href="data:,"></head>
<body style="margin:0"><h1 style="margin:0;height:60px">Course page</h1>
<iframe id="lesson" class="h5p-iframe" src="` + lessonURL + `" title="lesson" style="border:0;display:block" allowfullscreen></iframe>
<p>after the lesson</p>
<script>window.received = []; addEventListener("message", (e) => received.push(e.data));</script>` + h5pResizerScript(t)
	if embedJS {
		s += `<script src="` + lessonURL + `web/embed.js"></script>`
	}
	return s + `</body></html>`
}

// With H5P's resize protocol (h5p-resizer.js's behaviour) on a cross-site host page, the iframe takes the
// lesson's height (from 150 px), after loading, after feedback expands and
// after the host's window narrows; alone and with embed.js beside it. The
// served path of the second case contains "h5p", so the resizer's ready
// message reaches the lesson too.
func TestH5PResizer(t *testing.T) {
	dir, _ := seed(t)
	for _, tc := range []struct {
		name, base string
		embedJS    bool
	}{
		{"alone", "/", false},
		{"with embed.js", "/h5p/lesson/", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			lessonURL := serve(t, dir, tc.base)
			host := hostServer(t, map[string]string{"/h5p": h5pHostPage(t, lessonURL, tc.embedJS)})
			tb := newTab(t)
			tb.do(chromedp.EmulateViewport(1000, 800))
			tb.do(chromedp.Navigate(host + "/h5p"))
			fr := tb.frame(lessonURL)
			fr.waitMounted()
			checkHeightFits(t, tb, fr, tc.name+", after loading")
			wide := eval[float64](tb, `document.getElementById("lesson").getBoundingClientRect().height`)

			fr.choose(".quiz-item:nth-child(1) .question-select", 2)
			frameClick(tb, fr, ".quiz-item:nth-child(1) .question-check")
			fr.expectText(".quiz-item:nth-child(1) .question-feedback", "❌ 다시 생각해보세요. Tip: QLoRA는 기본 모델을 4bit로 양자화한 뒤 LoRA 어댑터만 학습해 VRAM을 크게 줄입니다.", "question 1")
			checkHeightFits(t, tb, fr, tc.name+", after feedback")

			// The resizer asks the lesson to resize when the host's window
			// resizes; narrower, the lesson is taller.
			tb.do(chromedp.EmulateViewport(420, 800))
			checkHeightFits(t, tb, fr, tc.name+", after the host narrowed")
			if narrow := eval[float64](tb, `document.getElementById("lesson").getBoundingClientRect().height`); narrow <= wide {
				t.Errorf("narrowed to 420 px, the iframe is %.0f px tall, not taller than at 1000 px (%.0f)", narrow, wide)
			}

			// The conversation was H5P's current one: prepareResize with the
			// content's height as both heights, then resize with scrollHeight
			// (h5p-resizer.js reads data.scrollHeight; the old {height} left
			// the iframe at 150 px).
			msgs := eval[[]map[string]any](tb, `received.filter(m => m && m.context === "h5p")`)
			var hello, prepare, resize bool
			for _, m := range msgs {
				switch m["action"] {
				case "hello":
					hello = true
				case "prepareResize":
					prepare = prepare || (m["scrollHeight"] != nil && m["scrollHeight"] == m["clientHeight"])
				case "resize":
					resize = resize || m["scrollHeight"] != nil
				}
			}
			// With embed.js, lti.frameResize (posted first) already sized the
			// iframe, so the resizer finds nothing to do and skips its
			// resizePrepared/resize step, as it should.
			if !hello || !prepare || (!resize && !tc.embedJS) {
				t.Errorf("H5P messages from the lesson: hello %v, prepareResize with equal heights %v, resize with scrollHeight %v", hello, prepare, resize)
			}
			tb.noProblems()
			fr.noProblems()
		})
	}
}
