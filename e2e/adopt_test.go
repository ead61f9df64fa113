package e2e

import (
	"testing"
)

// markPrerender tags every node of the prerendered lesson with a JavaScript
// property as soon as the parser is done (readyState "interactive" comes
// before the deferred app.js runs, so before the wasm can touch the page),
// and puts the focus on the skip link, as a keyboard user might. It also
// records the largest-contentful-paint entries and when the app mounted.
const markPrerender = `
window.__lcps = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) window.__lcps.push(e.startTime);
}).observe({ type: "largest-contentful-paint", buffered: true });
// The app has mounted when a control loses its "disabled".
new MutationObserver((records, mo) => {
  if (records.some((r) => r.target.classList && r.target.classList.contains("question-check") && !r.target.disabled)) {
    window.__mountedAt = performance.now();
    mo.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["disabled"] });
document.addEventListener("readystatechange", () => {
  if (document.readyState !== "interactive") return;
  const root = document.getElementById("lesson");
  const w = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  let n = 0;
  for (let node = w.currentNode; node; node = w.nextNode()) { node.__pre = true; n++; }
  document.querySelector(".skip-link").focus();
  window.__marked = n;
});`

// afterMount counts, once the app runs, the lesson's nodes that the page
// did not have before the wasm (new nodes, empty texts and the install
// button aside) and the prerendered nodes still
// in the lesson, and names the parents of the first few new ones.
const afterMount = `(() => {
  const root = document.getElementById("lesson");
  const w = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
  let kept = 0, fresh = 0; const where = [];
  for (let node = w.currentNode; node; node = w.nextNode()) {
    if (node.__pre) { kept++; continue; }
    // An empty text (a live region's, before it speaks) has no markup, so
    // there is no prerendered node to adopt; it draws nothing.
    if (node.nodeType === Node.TEXT_NODE && node.nodeValue === "") continue;
    // The install button comes with the browser's install offer
    // (beforeinstallprompt), which the prerender cannot know.
    const el = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    if (el && el.closest("button.install")) continue;
    fresh++;
    if (where.length < 5) {
      const p = node.parentElement;
      where.push((node.nodeName) + " in " + (p ? p.tagName + "." + p.className : "?"));
    }
  }
  const a = document.activeElement;
  return {marked: window.__marked || 0, kept, fresh, where,
    rootKept: !!root.__pre, focusKept: !!(a && a.__pre && a.classList.contains("skip-link"))};
})()`

type adoption struct {
	Marked    int      `json:"marked"`
	Kept      int      `json:"kept"`
	Fresh     int      `json:"fresh"`
	Where     []string `json:"where"`
	RootKept  bool     `json:"rootKept"`
	FocusKept bool     `json:"focusKept"`
}

// The wasm's first mount adopts the prerendered lesson (the patched go-app
// in third_party/go-app, adopt.go) instead of building a new tree and
// replacing it: after mounting, the lesson is made of the very nodes the
// HTML parser created, so the browser has nothing to lay out or shape
// again, and the focus stays where it was.
func TestMountAdoptsThePrerenderedLesson(t *testing.T) {
	dir, _ := seed(t)
	url := serve(t, dir, "/")
	tb := newTab(t)
	tb.onNewDocument(markPrerender)
	tb.open(url)

	a := eval[adoption](tb, afterMount)
	// A lesson of a few thousand nodes: fewer than 1000 marked means the
	// marking ran on something else than the prerendered lesson.
	if a.Marked < 1000 {
		t.Fatalf("only %d prerendered nodes marked before the wasm ran; the marking missed the lesson", a.Marked)
	}
	if !a.RootKept {
		t.Error("the lesson's root element was replaced on mount")
	}
	// A first visit's client render is the prerender: the controls become
	// enabled by attribute changes, no node needs to be made.
	if a.Fresh != 0 {
		t.Errorf("%d nodes made on mount (first: %v), want 0: every prerendered node adopted", a.Fresh, a.Where)
	}
	if a.Kept != a.Marked {
		t.Errorf("%d of the %d prerendered nodes are still in the lesson, want all", a.Kept, a.Marked)
	}
	if !a.FocusKept {
		t.Error("the focus left the skip link when the app mounted")
	}

	// Nothing the mount did is a new largest contentful paint: every entry
	// was painted before the app mounted (two frames later, any new one
	// would have been reported). A remounted lesson is new content, so it
	// used to be a new, later entry.
	type paints struct {
		LCPs      []float64 `json:"lcps"`
		MountedAt float64   `json:"mountedAt"`
	}
	p := eval[paints](tb, `new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(() =>
		resolve({lcps: window.__lcps, mountedAt: window.__mountedAt || -1}))))`)
	if p.MountedAt < 0 || len(p.LCPs) == 0 {
		t.Fatalf("mounted at %.0f ms, LCP entries %v: want both seen", p.MountedAt, p.LCPs)
	}
	for _, at := range p.LCPs {
		if at > p.MountedAt {
			t.Errorf("a largest-contentful-paint entry at %.0f ms, after the app mounted at %.0f ms (entries: %v)", at, p.MountedAt, p.LCPs)
		}
	}
	tb.noProblems()
}
