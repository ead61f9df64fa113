// Package e2e tests the built lesson in real headless Chromium, driven by
// chromedp, against dist/ served by the real server on 127.0.0.1.
//
// A missing browser fails the tests; it never skips them. Set CHROME_BIN to
// use a browser that is not on PATH.
package e2e

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"golesson/app/lesson"
	"golesson/internal/browser"
	"golesson/internal/server"
	"golesson/internal/site"
)

// built is the seed lesson's site, built once for the whole package.
var built struct {
	dir    string
	lesson *lesson.Lesson
	names  map[string]string // logical web paths to fingerprinted names
	err    error
}

func TestMain(m *testing.M) {
	tmp, err := os.MkdirTemp("", "lesson-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	built.dir = filepath.Join(tmp, "dist")
	r, err := site.Build(site.Options{
		Lesson: "../content/day1-00-finetuning.md",
		Web:    "../web",
		Out:    built.dir,
	})
	if err != nil {
		built.err = err
	} else {
		built.lesson = r.Lesson
		built.names = r.Names
	}
	code := m.Run()
	os.RemoveAll(tmp)
	os.Exit(code)
}

func seed(t *testing.T) (string, *lesson.Lesson) {
	t.Helper()
	if built.err != nil {
		t.Fatalf("building the lesson: %v", built.err)
	}
	return built.dir, built.lesson
}

// serve starts the real server on a free loopback port for dir mounted at
// base, and stops it when the test ends. It returns the lesson's URL.
func serve(t *testing.T, dir, base string) string {
	return startServer(t, dir, base).url
}

// serveOn serves h on a free loopback port until the test ends, and
// returns its base URL, "http://127.0.0.1:PORT".
func serveOn(t *testing.T, h http.Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	t.Cleanup(func() { srv.Close() })
	return "http://" + ln.Addr().String()
}

// holding wraps h: a request whose path hold matches waits until release
// is called (or its client goes away). The test's end releases it.
func holding(t *testing.T, h http.Handler, hold func(path string) bool) (held http.Handler, release func()) {
	ch := make(chan struct{})
	var once sync.Once
	release = func() { once.Do(func() { close(ch) }) }
	t.Cleanup(release)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if hold(r.URL.Path) {
			select {
			case <-ch:
			case <-r.Context().Done():
				return
			}
		}
		h.ServeHTTP(w, r)
	}), release
}

// inFrame is js evaluated in the same-origin iframe #id, with the frame's
// window, document, performance, location and getComputedStyle under the
// page's names; false until the frame has a document.
func inFrame(id, js string) string {
	return `(() => { const f = document.getElementById(` + strconv.Quote(id) + `), w = f && f.contentWindow; if (!w || !w.document) return false;
		return ((window, document, performance, location, getComputedStyle) => (` + js + `))(w, w.document, w.performance, w.location, w.getComputedStyle.bind(w)); })()`
}

// testServer is the real server on loopback that a test can stop (to be
// offline for real, not only in DevTools) and start again on the same port.
type testServer struct {
	t    *testing.T
	h    *server.Handler
	addr string
	url  string
	srv  *server.Server
}

func startServer(t *testing.T, dir, base string) *testServer {
	t.Helper()
	h, err := server.New(dir, base)
	if err != nil {
		t.Fatal(err)
	}
	ts := &testServer{t: t, h: h, addr: "127.0.0.1:0"}
	ts.start()
	ts.url = "http://" + ts.addr + h.Base()
	t.Cleanup(func() {
		ts.stop()
		h.Close()
	})
	return ts
}

func (ts *testServer) start() {
	ts.t.Helper()
	var ln net.Listener
	var err error
	for try := 0; try < 50; try++ { // the port may linger for a moment after stop
		if ln, err = net.Listen("tcp", ts.addr); err == nil {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err != nil {
		ts.t.Fatal(err)
	}
	ts.addr = ln.Addr().String()
	ts.srv = ts.h.NewServer(&http.Server{ReadHeaderTimeout: 5 * time.Second}) // fast path and net/http, as cmd/server
	go ts.srv.Serve(ln)
}

// stop closes the listener and every connection: requests now fail as
// they do with no network.
func (ts *testServer) stop() {
	if ts.srv != nil {
		ts.srv.Close()
		ts.srv = nil
	}
}

// tab is one fresh browser (its own profile, so no storage or service
// worker leaks between tests) with one page: internal/browser's Page, which
// records every console error, uncaught exception and failed load, bound to
// the test.
type tab struct {
	t    *testing.T
	page *browser.Page
	ctx  context.Context // page.Context(), for chromedp calls

	mu      sync.Mutex
	allowed []string // problems containing one of these are expected
}

// allow marks problems containing s as expected for this test.
func (tb *tab) allow(s string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.allowed = append(tb.allowed, s)
}

func newTab(t *testing.T) *tab {
	t.Helper()
	p, stop, err := browser.Start(t.TempDir(), 0, nil)
	if err != nil {
		t.Fatal(err) // a missing browser fails the test; it never skips it
	}
	t.Cleanup(stop)
	return &tab{t: t, page: p, ctx: p.Context()}
}

// frame returns a tab for the cross-site iframe whose URL starts with
// prefix: Chromium runs it as its own target, with its own console.
func (tb *tab) frame(prefix string) *tab {
	tb.t.Helper()
	f, detach, err := tb.page.Frame(prefix, 30*time.Second)
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Cleanup(detach)
	return &tab{t: tb.t, page: f, ctx: f.Context()}
}

// noProblems fails the test for every console error, exception or failed
// load seen so far.
func (tb *tab) noProblems() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
next:
	for _, p := range tb.page.Problems() {
		for _, a := range tb.allowed {
			if strings.Contains(p, a) {
				continue next
			}
		}
		tb.t.Errorf("browser reported %s", p)
	}
}

// timed runs f with a deadline; a hung browser fails the test instead of
// hanging the suite.
func (tb *tab) timed(d time.Duration) (context.Context, context.CancelFunc) {
	return context.WithTimeout(tb.ctx, d)
}

func (tb *tab) do(steps ...chromedp.Action[chromedp.Void]) {
	tb.t.Helper()
	ctx, cancel := tb.timed(30 * time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		tb.t.Fatal(err)
	}
}

// eval evaluates a JavaScript expression and decodes its value into T.
func eval[T any](tb *tab, js string) T {
	tb.t.Helper()
	ctx, cancel := tb.timed(30 * time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js, chromedp.EvalAwaitPromise))
	if err != nil {
		tb.t.Fatalf("evaluating %s: %v", js, err)
	}
	return v
}

// onNewDocument runs js in every page before the page's own scripts.
func (tb *tab) onNewDocument(js string) {
	tb.t.Helper()
	if err := tb.page.OnNewDocument(js); err != nil {
		tb.t.Fatal(err)
	}
}

// open loads url and waits until the wasm has mounted (the controls, inert
// in the prerendered page, become enabled) and the lesson is laid out
// whole (browser.Settled).
func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(url))
	tb.waitMounted()
}

func (tb *tab) waitMounted() {
	tb.t.Helper()
	tb.waitJS(browser.Settled)
}

// waitJS polls a JavaScript condition until it is true.
func (tb *tab) waitJS(cond string) {
	tb.t.Helper()
	ctx, cancel := tb.timed(30 * time.Second)
	defer cancel()
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](cond)); err != nil {
		tb.t.Fatalf("waiting for %s: %v", cond, err)
	}
}

// key presses one key; use the names in chromedp/kb, e.g. kb.ArrowRight.
func (tb *tab) key(k string) {
	tb.t.Helper()
	tb.do(chromedp.KeyEvent(k))
}

// sibling opens a second page in the same browser (same profile, storage
// and service worker), as a learner's second tab.
func (tb *tab) sibling() *tab {
	tb.t.Helper()
	p, closeTab, err := tb.page.NewTab()
	if err != nil {
		tb.t.Fatal(err)
	}
	tb.t.Cleanup(closeTab)
	return &tab{t: tb.t, page: p, ctx: p.Context()}
}
