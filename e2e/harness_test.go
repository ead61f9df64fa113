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
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
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
// worker leaks between tests) with one page, recording every console error,
// uncaught exception and failed load.
type tab struct {
	t   *testing.T
	ctx context.Context

	mu       sync.Mutex
	problems []string
	allowed  []string // problems containing one of these are expected
}

// allow marks problems containing s as expected for this test.
func (tb *tab) allow(s string) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.allowed = append(tb.allowed, s)
}

func newTab(t *testing.T) *tab {
	t.Helper()
	path, err := browser.Path()
	if err != nil {
		t.Fatal(err) // a missing browser fails the test; it never skips it
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browser.Options(path, t.TempDir())...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelCtx()
		cancelAlloc()
	})
	tb := &tab{t: t, ctx: ctx}
	if err := tb.listen(); err != nil {
		t.Fatalf("starting Chromium: %v", err)
	}
	return tb
}

// listen records the console errors, exceptions and failed loads of the
// tab's target.
func (tb *tab) listen() error {
	return chromedp.Listen(tb.ctx, func(ev any) {
		switch ev := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			var parts []string
			for _, a := range ev.Args {
				parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
			}
			text := strings.Join(parts, " ")
			// Go's wasm runtime prints a panic with console.log, not
			// console.error: catch those too.
			goCrash := strings.HasPrefix(text, "panic:") || strings.HasPrefix(text, "fatal error:")
			if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert || goCrash {
				tb.problem("console.%s: %s", ev.Type, text)
			}
		case *runtime.EventExceptionThrown:
			msg := ev.ExceptionDetails.Text
			if ev.ExceptionDetails.Exception != nil {
				msg += " " + ev.ExceptionDetails.Exception.Description
			}
			tb.problem("exception: %s", msg)
		case *log.EventEntryAdded:
			if ev.Entry.Level == log.EntryLevelError {
				tb.problem("log: %s %s", ev.Entry.Text, ev.Entry.URL)
			}
		}
	})
}

// frame returns a tab for the cross-site iframe whose URL starts with
// prefix: Chromium runs it as its own target (site isolation stays on, as
// for learners), so it gets its own chromedp context and its own console.
func (tb *tab) frame(prefix string) *tab {
	tb.t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		infos, err := chromedp.Targets(tb.ctx)
		if err != nil {
			tb.t.Fatal(err)
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasPrefix(info.URL, prefix) {
				ctx, cancel := chromedp.NewContext(tb.ctx, chromedp.WithTargetID(info.TargetID))
				tb.t.Cleanup(cancel)
				ft := &tab{t: tb.t, ctx: ctx}
				if err := ft.listen(); err != nil {
					tb.t.Fatal(err)
				}
				return ft
			}
		}
		if time.Now().After(deadline) {
			tb.t.Fatalf("no iframe target at %s", prefix)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func (tb *tab) problem(format string, args ...any) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.problems = append(tb.problems, fmt.Sprintf(format, args...))
}

// noProblems fails the test for every console error, exception or failed
// load seen so far.
func (tb *tab) noProblems() {
	tb.t.Helper()
	tb.mu.Lock()
	defer tb.mu.Unlock()
next:
	for _, p := range tb.problems {
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
	if _, err := chromedp.Call(tb.ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js}); err != nil {
		tb.t.Fatal(err)
	}
}

// open loads url and waits until the wasm has mounted: the controls, inert
// in the prerendered page, become enabled.
func (tb *tab) open(url string) {
	tb.t.Helper()
	tb.do(chromedp.Navigate(url))
	tb.waitMounted()
}

func (tb *tab) waitMounted() {
	tb.t.Helper()
	tb.waitJS(`document.querySelector(".question-check") !== null &&
		[...document.querySelectorAll(".question-check, .question-select, .slider-input")].every(e => !e.disabled)`)
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
	ctx, cancel := chromedp.NewContext(tb.ctx)
	tb.t.Cleanup(cancel)
	s := &tab{t: tb.t, ctx: ctx}
	if err := s.listen(); err != nil {
		tb.t.Fatalf("opening a second tab: %v", err)
	}
	return s
}
