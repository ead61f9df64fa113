package e2e

import (
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// testdata/h5p-host.js is our restatement of h5p-resizer.js, the host side
// of H5P's resize protocol. TestH5PHostSpeaksH5P checks it against H5P's
// real iframe side: H5P core's h5p.js, as the npm package h5p-standalone
// bundles it in dist/frame.bundle.js (pinned in e2e/js; not committed).

// Heights of the probe content: whole CSS pixels, so every height in the
// conversation is an exact integer and the iframe can be held to 0 px.
const (
	probeHeight   = 1234 // at start
	probeGrown    = 1734 // after the content's own button
	probeShrunk   = 900  // after a call from the page's script
	probeOverhang = 300  // a popup hanging below the content
)

// h5pProbePage is an H5P content page as H5P's embed.php writes one for
// embedding on another site: html.h5p-iframe, H5P core's CSS and script,
// one div.h5p-content, and H5PIntegration with the fields H5P.init reads
// (contents["cid-1"]: library, jsonContent, displayOptions; l10n for its
// dialogs; saveFreq false: no user data requests). Its library is
// H5P.Probe 1.0, defined here: a block of a known height with a button
// that makes it taller, which then triggers H5P's "resize" event as content
// types do. Before H5P's code loads, the page records what the host posts
// to it; what it posts, the host page records.
func h5pProbePage() string {
	return `<!doctype html><html lang="en" class="h5p-iframe"><head><meta charset="utf-8"><title>H5P probe</title><link rel="icon" href="data:,">
<link rel="stylesheet" href="core/styles/h5p.css">
<script>window.fromHost = []; addEventListener("message", (e) => { if (e.source === parent) fromHost.push(e.data); });</script>
<script src="core/frame.bundle.js"></script>
<script>
H5P.Probe = function (params) { this.params = params; };
H5P.Probe.prototype.attach = function ($container) {
  this.block = document.createElement("div");
  this.block.className = "probe";
  this.block.style.cssText = "box-sizing:border-box;margin:0;padding:8px;background:#def";
  const grow = document.createElement("button");
  grow.className = "probe-grow";
  grow.textContent = "Grow";
  grow.onclick = () => this.setHeight(this.params.grown);
  this.block.append(grow);
  $container.get(0).append(this.block);
  this.setHeight(this.params.height);
};
H5P.Probe.prototype.setHeight = function (px) {
  this.block.style.height = px + "px";
  this.trigger("resize");
};
// overhang shows (px > 0) or hides a popup hanging px below the content, in
// .h5p-content, out of the flow, as H5P's dialogs and tooltips are: the
// body's scrollHeight then exceeds its clientHeight.
H5P.Probe.prototype.overhang = function (px) {
  if (!this.popup) {
    this.popup = document.createElement("div");
    this.popup.className = "probe-popup";
    this.popup.style.cssText = "position:absolute;left:0;right:0;bottom:0;background:#fed";
    this.block.closest(".h5p-content").append(this.popup);
  }
  this.popup.style.height = (px + 100) + "px";
  this.popup.style.bottom = -px + "px";
  this.popup.hidden = px <= 0;
  this.trigger("resize");
};
</script></head>
<body><div class="h5p-content" data-content-id="1"></div>
<script>H5PIntegration = ` + fmt.Sprintf(`{
  url: "/h5p", siteUrl: "/", postUserStatistics: false, saveFreq: false,
  l10n: {H5P: {}}, core: {scripts: [], styles: []},
  contents: {"cid-1": {library: "H5P.Probe 1.0", jsonContent: JSON.stringify({height: %d, grown: %d}),
    fullScreen: false, displayOptions: {frame: false, export: false, embed: false, copyright: false, icon: false},
    metadata: {title: "probe"}, url: "/h5p/embed.html", title: "probe"}}
};`, probeHeight, probeGrown) + `</script>
</body></html>`
}

// h5pContentServer serves the probe page at /h5p/embed.html and
// h5p-standalone's dist/ at /h5p/core/, on 127.0.0.1 (the host page is on
// localhost: another site). The path holds "h5p", as H5P's embed URLs do,
// so the host posts its "ready" to it too; whether that arrives before
// H5P's code listens is timing, so nothing below depends on it.
func h5pContentServer(t *testing.T) string {
	t.Helper()
	core := filepath.Dir(jsLib(t, "h5p-standalone/dist/frame.bundle.js")) // fails, never skips, without npm ci
	jsLib(t, "h5p-standalone/dist/styles/h5p.css")
	mux := http.NewServeMux()
	mux.Handle("/h5p/core/", http.StripPrefix("/h5p/core/", http.FileServer(http.Dir(core))))
	mux.HandleFunc("/h5p/embed.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, h5pProbePage())
	})
	return serveOn(t, mux) + "/h5p/"
}

// withHeightLog adds to an H5P host page, before the host's script, a log
// of every height the page gives the iframe (window.heights, "1234px"):
// the steps of the host's side, which the iframe's final height alone
// does not show.
func withHeightLog(t *testing.T, page string) string {
	t.Helper()
	const at = "<script>window.received"
	if !strings.Contains(page, at) {
		t.Fatalf("the H5P host page has no %q to put the height log before", at)
	}
	return strings.Replace(page, at, `<script>window.heights = [];
new MutationObserver(() => {
  const h = document.getElementById("lesson").style.height;
  if (h !== heights[heights.length - 1]) heights.push(h);
}).observe(document.getElementById("lesson"), {attributes: true, attributeFilter: ["style"]});
</script>`+at, 1)
}

// waitFrameHeight waits until the host's iframe is exactly want px tall and
// the content's document as tall: the content reports integer heights and
// the host copies them into style.height, with no border, so any
// difference is a step of the protocol that did not happen.
func waitFrameHeight(t *testing.T, tb, fr *tab, want int, what string) {
	t.Helper()
	var frameH float64
	var docH int
	deadline := time.Now().Add(10 * time.Second)
	for {
		frameH = eval[float64](tb, `document.getElementById("lesson").getBoundingClientRect().height`)
		docH = eval[int](fr, `document.documentElement.scrollHeight`)
		if frameH == float64(want) && docH == want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s: the iframe is %.1f px tall, the content's document %d px, want both %d px", what, frameH, docH, want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// h5pMessage is one message of H5P's protocol, as the receiving side got it.
type h5pMessage = map[string]any

// dialect is what a side's messages say: each action with its fields and
// their types as JSON decodes them ("action:string ... scrollHeight:float64").
func dialect(msgs []h5pMessage) map[string]string {
	d := map[string]string{}
	for _, m := range msgs {
		var fields []string
		for k, v := range m {
			fields = append(fields, fmt.Sprintf("%s:%T", k, v))
		}
		sort.Strings(fields)
		action, _ := m["action"].(string)
		f := strings.Join(fields, " ")
		if prev, ok := d[action]; ok && prev != f {
			f = prev + " | " + f // the same action in two shapes shows as both
		}
		d[action] = f
	}
	return d
}

func actions(msgs []h5pMessage) []string {
	var a []string
	for _, m := range msgs {
		s, _ := m["action"].(string)
		a = append(a, s)
	}
	return a
}

// contentOrder checks the order of what a content side posted: hello until
// the host answers, then prepareResize, and resize only after a
// prepareResize (it answers the host's resizePrepared); no hello once
// resizing has begun, since neither side got a new "ready".
func contentOrder(a []string) error {
	if len(a) == 0 || a[0] != "hello" {
		return fmt.Errorf("does not start with hello: %v", a)
	}
	prepared := false
	for i, s := range a {
		switch s {
		case "hello":
			if prepared {
				return fmt.Errorf("hello after prepareResize at %d: %v", i, a)
			}
		case "prepareResize":
			prepared = true
		case "resize":
			if !prepared {
				return fmt.Errorf("resize before any prepareResize at %d: %v", i, a)
			}
		default:
			return fmt.Errorf("unknown action %q at %d: %v", s, i, a)
		}
	}
	if !prepared {
		return fmt.Errorf("no prepareResize: %v", a)
	}
	return nil
}

// TestH5PHostSpeaksH5P runs H5P's real iframe-side code (h5p.js in
// h5p-standalone's frame.bundle.js) in a cross-site iframe under our
// restated host (testdata/h5p-host.js): the handshake completes and the
// iframe takes the content's height, follows it when the content grows
// and shrinks, and asks it again when the host's window resizes. Then the
// lesson, under the same host, must speak the same dialect: the same
// actions with the same fields.
func TestH5PHostSpeaksH5P(t *testing.T) {
	contentURL := h5pContentServer(t)
	host := hostServer(t, map[string]string{"/h5p": withHeightLog(t, h5pHostPage(t, contentURL+"embed.html", false))})
	tb := newTab(t)
	tb.do(chromedp.EmulateViewport(1000, 800))
	tb.do(chromedp.Navigate(host + "/h5p"))
	fr := tb.frame(contentURL)
	fr.waitJS(`window.H5P && H5P.instances && H5P.instances.length === 1 && document.querySelector(".probe") !== null`)

	// From 150 px (an iframe with no height) to the content's height.
	waitFrameHeight(t, tb, fr, probeHeight, "after loading")
	if got := eval[float64](fr, `document.querySelector(".probe").getBoundingClientRect().bottom`); got != probeHeight {
		t.Errorf("the probe's block ends at %.1f px, want %d: the page around it is not what the test assumes", got, probeHeight)
	}

	// The content grows (its own button, through the browser's input) and
	// triggers H5P's resize event: prepareResize, resizePrepared, resize.
	frameClick(tb, fr, ".probe-grow")
	waitFrameHeight(t, tb, fr, probeGrown, "after the content grew")

	// In one step, the content shrinks and a popup opens below it, out of
	// the flow: the body's clientHeight is the content's, its scrollHeight
	// reaches the popup's end. H5P's two steps show on the host: the
	// iframe first goes to clientHeight (prepareResize), then, once H5P's
	// code has measured again, to scrollHeight (resize).
	mark := eval[int](tb, `heights.length`)
	fr.do(run(fmt.Sprintf(`(p => { p.overhang(%d); p.setHeight(%d); })(H5P.instances[0])`, probeOverhang, probeShrunk)))
	waitFrameHeight(t, tb, fr, probeShrunk+probeOverhang, "after the content shrank and a popup opened")
	want := []string{fmt.Sprint(probeShrunk, "px"), fmt.Sprint(probeShrunk+probeOverhang, "px")}
	if got := eval[[]string](tb, fmt.Sprintf(`heights.slice(%d)`, mark)); !slices.Equal(got, want) {
		t.Errorf("the host set the iframe's height to %v, want %v (clientHeight, then scrollHeight)", got, want)
	}

	// The host's window resizes, the popup still open: the host tells the
	// content "resize"; H5P's code measures and asks again, and as its two
	// heights still differ, the host takes both steps again, though the
	// iframe already fits. (The first step is for content whose height
	// follows its viewport's, which the probe does not do: in a cross-site
	// iframe, its own process, resizePrepared can reach the content before
	// its viewport has shrunk, so what H5P then measures is a race of the
	// protocol itself, whatever the host.)
	mark = eval[int](tb, `heights.length`)
	tb.do(chromedp.EmulateViewport(600, 800))
	if !tb.poll(fmt.Sprintf(`heights.length >= %d`, mark+2), 10*time.Second) {
		t.Error("the host's window resized, and the host did not resize the iframe again")
	}
	waitFrameHeight(t, tb, fr, probeShrunk+probeOverhang, "after the host's window resized")
	if got := eval[[]string](tb, fmt.Sprintf(`heights.slice(%d)`, mark)); len(got) == 0 || len(got)%2 != 0 || !slices.Equal(got[len(got)-2:], want) || !slices.Equal(got[:2], want) {
		t.Errorf("after the host's window resized, the host set the iframe's height to %v, want %v (once per resize event)", got, want)
	}

	// The popup closes: the iframe shrinks to the content.
	fr.do(run(`H5P.instances[0].overhang(0)`))
	waitFrameHeight(t, tb, fr, probeShrunk, "after the popup closed")
	t.Logf("heights the host gave the iframe: %v", eval[[]string](tb, `heights`))

	fromContent := eval[[]h5pMessage](tb, `received.filter(m => m && m.context === "h5p")`)
	fromHost := eval[[]h5pMessage](fr, `fromHost.filter(m => m && m.context === "h5p")`)
	t.Logf("H5P content → host: %v", actions(fromContent))
	t.Logf("host → H5P content: %v", actions(fromHost))
	if err := contentOrder(actions(fromContent)); err != nil {
		t.Errorf("H5P's content posted out of order: %v", err)
	}
	// Each side answered the other: the host a hello to each hello (its
	// "ready" may reach the iframe before H5P listens, so it is not
	// counted), H5P a resize to each resizePrepared; and the host said
	// resize when its window resized.
	count := func(msgs []h5pMessage, action string) int {
		return len(slices.DeleteFunc(actions(msgs), func(s string) bool { return s != action }))
	}
	if c, h := count(fromContent, "hello"), count(fromHost, "hello"); c != h {
		t.Errorf("H5P's content said hello %d times, the host answered %d", c, h)
	}
	if h, c := count(fromHost, "resizePrepared"), count(fromContent, "resize"); h == 0 || h != c {
		t.Errorf("the host sent resizePrepared %d times, H5P's content answered resize %d", h, c)
	}
	if count(fromHost, "resize") == 0 {
		t.Error("the host's window resized, and it never told the content")
	}

	// The dialect H5P's real code speaks, literally: if h5p.js ever
	// changes it, this test says so before a host does.
	wantDialect := map[string]string{
		"hello":         "action:string context:string",
		"prepareResize": "action:string clientHeight:float64 context:string scrollHeight:float64",
		"resize":        "action:string context:string scrollHeight:float64",
	}
	h5pDialect := dialect(fromContent)
	if !reflect.DeepEqual(h5pDialect, wantDialect) {
		t.Errorf("H5P's content speaks\n %v\nwant\n %v", h5pDialect, wantDialect)
	}
	tb.noProblems()
	fr.noProblems()

	// The lesson, under the same host, speaks the same dialect.
	t.Run("lesson", func(t *testing.T) {
		dir, _ := seed(t)
		lessonURL := serve(t, dir, "/")
		host := hostServer(t, map[string]string{"/h5p": h5pHostPage(t, lessonURL, false)})
		tb := newTab(t)
		tb.do(chromedp.EmulateViewport(1000, 800))
		tb.do(chromedp.Navigate(host + "/h5p"))
		fr := tb.frame(lessonURL)
		fr.waitMounted()
		checkHeightFits(t, tb, fr, "the lesson under the host")
		fr.choose(".quiz-item:nth-child(1) .question-select", 2)
		frameClick(tb, fr, ".quiz-item:nth-child(1) .question-check")
		checkHeightFits(t, tb, fr, "the lesson, after feedback")
		// The lesson's own (non-H5P) message, lti.frameResize, is filtered
		// out: the host ignores all but context "h5p".
		fromLesson := eval[[]h5pMessage](tb, `received.filter(m => m && m.context === "h5p")`)
		t.Logf("lesson → host: %v", actions(fromLesson))
		if err := contentOrder(actions(fromLesson)); err != nil {
			t.Errorf("the lesson posted out of H5P's order: %v", err)
		}
		if got := dialect(fromLesson); !reflect.DeepEqual(got, h5pDialect) {
			t.Errorf("the lesson speaks\n %v\nH5P's content\n %v", got, h5pDialect)
		}
		tb.noProblems()
		fr.noProblems()
	})
}
