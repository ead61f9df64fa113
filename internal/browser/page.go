package browser

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// Mounted is true, as JavaScript, once the wasm has mounted a lesson: its
// controls, inert in the prerendered page, are enabled.
const Mounted = `document.querySelector(".question-check") !== null &&
	[...document.querySelectorAll(".question-check, .question-select, .slider-input")].every(e => !e.disabled)`

// Settled is true, as JavaScript, once the wasm has mounted (Mounted) and
// the lesson is laid out whole: web/lazy-layout.js lays out the sections
// below the screen a step at a time after the start. A test's click is
// aimed at coordinates; aimed into a section not laid out yet, it lands
// where that section's content no longer is once the browser lays it out
// (a learner taps what is on screen, which always is).
const Settled = Mounted + ` && ` + LaidOut

// LaidOut is true, as JavaScript, once web/lazy-layout.js has marked the
// lesson laid out whole (in steps, at once, or from the start).
const LaidOut = `performance.getEntriesByName("lesson:laid-out").length > 0`

// Page is one page of a Chromium that Start started (or a frame or a
// second tab of it). It records every console error, uncaught exception
// and error log entry the page reports (Problems).
type Page struct {
	ctx context.Context

	mu       sync.Mutex
	problems []string
}

// Start starts Chromium (Path) with the team's flags (Options) and a fresh
// profile in dataDir, and opens a page. onEvent, when not nil, also gets
// every event of the page, on chromedp's reading goroutine: it must record
// and return. With limit > 0, the whole browser dies after limit whatever it
// is doing. Stop it with the returned func.
func Start(dataDir string, limit time.Duration, onEvent func(ev any)) (*Page, func(), error) {
	path, err := Path()
	if err != nil {
		return nil, nil, err
	}
	life, cancelLife := context.Background(), context.CancelFunc(func() {})
	if limit > 0 {
		life, cancelLife = context.WithTimeout(life, limit)
	}
	actx, cancelAlloc := chromedp.NewExecAllocator(life, Options(path, dataDir)...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	stop := func() { cancelCtx(); cancelAlloc(); cancelLife() }

	// Listening starts the browser; one that does not start within a
	// minute fails instead of hanging (it takes seconds, but the machines
	// this runs on are shared and busy).
	p := &Page{ctx: ctx}
	started := make(chan error, 1)
	go func() { started <- p.listen(onEvent) }()
	select {
	case err := <-started:
		if err != nil {
			stop()
			return nil, nil, fmt.Errorf("starting Chromium: %w", err)
		}
	case <-time.After(time.Minute):
		stop()
		return nil, nil, errors.New("starting Chromium: no answer within a minute")
	}
	return p, stop, nil
}

func (p *Page) listen(onEvent func(ev any)) error {
	return chromedp.Listen(p.ctx, func(ev any) {
		if msg, ok := Problem(ev); ok {
			p.mu.Lock()
			p.problems = append(p.problems, msg)
			p.mu.Unlock()
		}
		if onEvent != nil {
			onEvent(ev)
		}
	})
}

// Problem says whether a page event reports something wrong, and how: a
// console error or assertion, a Go panic (Go's wasm runtime prints it with
// console.log), an uncaught exception, or an error log entry (a failed
// load, a refused script).
func Problem(ev any) (string, bool) {
	switch ev := ev.(type) {
	case *runtime.EventConsoleAPICalled:
		var parts []string
		for _, a := range ev.Args {
			parts = append(parts, strings.Trim(string(a.Value), `"`)+a.Description)
		}
		text := strings.Join(parts, " ")
		goCrash := strings.HasPrefix(text, "panic:") || strings.HasPrefix(text, "fatal error:")
		if ev.Type == runtime.ConsoleAPICalledTypeError || ev.Type == runtime.ConsoleAPICalledTypeAssert || goCrash {
			return fmt.Sprintf("console.%s: %s", ev.Type, text), true
		}
	case *runtime.EventExceptionThrown:
		msg := ev.ExceptionDetails.Text
		if ev.ExceptionDetails.Exception != nil {
			msg += " " + ev.ExceptionDetails.Exception.Description
		}
		return "exception: " + msg, true
	case *log.EventEntryAdded:
		if ev.Entry.Level == log.EntryLevelError {
			return fmt.Sprintf("log: %s %s", ev.Entry.Text, ev.Entry.URL), true
		}
	}
	return "", false
}

// Problems are what the page reported wrong so far, in order.
func (p *Page) Problems() []string {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]string(nil), p.problems...)
}

// Context is the page's chromedp context, for chromedp.Run and friends.
func (p *Page) Context() context.Context { return p.ctx }

// Call runs f with a deadline and names the step in the error, so a hung
// browser fails loudly instead of hanging the run.
func (p *Page) Call(step string, d time.Duration, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(p.ctx, d)
	defer cancel()
	if err := f(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: no result within %s (%v)", step, d, err)
		}
		return fmt.Errorf("%s: %w", step, err)
	}
	return nil
}

// Poll evaluates the JavaScript condition every 50 ms until it is true.
// Unlike chromedp.Poll it survives the page's JavaScript context being
// replaced (a navigation, a reload): it asks again in the new one.
func (p *Page) Poll(step string, d time.Duration, cond string) error {
	var last error
	return p.Call(step, d, func(ctx context.Context) error {
		for {
			ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](cond, chromedp.EvalAwaitPromise))
			if err == nil && ok {
				return nil
			}
			if err != nil {
				last = err
			}
			select {
			case <-ctx.Done():
				if last != nil {
					return fmt.Errorf("%w (last error: %v)", ctx.Err(), last)
				}
				return ctx.Err()
			case <-time.After(50 * time.Millisecond):
			}
		}
	})
}

// Navigate loads url, within d.
func (p *Page) Navigate(url string, d time.Duration) error {
	return p.Call("loading "+url, d, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate(url))
	})
}

// OnNewDocument runs js in every new document of the page, before the
// page's own scripts.
func (p *Page) OnNewDocument(js string) error {
	return p.Call("adding a script to every document", 10*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: js})
		return err
	})
}

// ThrottleCPU slows the page's CPU down rate times (1: full speed).
func (p *Page) ThrottleCPU(rate float64) error {
	return p.Call(fmt.Sprintf("throttling the CPU %g×", rate), 10*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: rate})
		return err
	})
}

// Version is the browser's product name and version, e.g.
// "Chromium 156.0.8078.114".
func (p *Page) Version() (string, error) {
	var v string
	err := p.Call("reading the browser version", 10*time.Second, func(ctx context.Context) error {
		r, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
		v = r.Product
		return err
	})
	return "Chromium " + strings.TrimPrefix(strings.TrimPrefix(v, "Headless"), "Chrome/"), err
}

// NewTab opens a second page in the same browser (same profile, storage and
// service worker), as a learner's second tab. Close it with the func.
func (p *Page) NewTab() (*Page, func(), error) {
	ctx, cancel := chromedp.NewContext(p.ctx)
	s := &Page{ctx: ctx}
	if err := s.listen(nil); err != nil {
		cancel()
		return nil, nil, fmt.Errorf("opening a second tab: %w", err)
	}
	return s, cancel, nil
}

// Frame is the cross-site iframe whose URL starts with prefix, waited for
// up to d: Chromium runs it as its own target (site isolation stays on, as
// for learners), so it is a page of its own, with its own console. Detach
// from it with the func.
func (p *Page) Frame(prefix string, d time.Duration) (*Page, func(), error) {
	deadline := time.Now().Add(d)
	for {
		infos, err := chromedp.Targets(p.ctx)
		if err != nil {
			return nil, nil, err
		}
		for _, info := range infos {
			if info.Type == "iframe" && strings.HasPrefix(info.URL, prefix) {
				ctx, cancel := chromedp.NewContext(p.ctx, chromedp.WithTargetID(info.TargetID))
				f := &Page{ctx: ctx}
				if err := f.listen(nil); err != nil {
					cancel()
					return nil, nil, err
				}
				return f, cancel, nil
			}
		}
		if time.Now().After(deadline) {
			return nil, nil, fmt.Errorf("no iframe target at %s within %s", prefix, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
