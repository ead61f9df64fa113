package main

import (
	"context"
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	chromium "golesson/internal/browser"
)

// probeJS records when the lesson is visible and interactive (see the file).
//
//go:embed probe.js
var probeJS string

// paintJS changes the first slider n times at the current CPU rate and
// returns, per change, the milliseconds from just before the input event to
// the first animation frame after the result text changed.
const paintJS = `(async (n) => {
  const input = document.querySelector("input.slider-input");
  const min = Number(input.min), step = Number(input.step) || 1;
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const out = [];
  for (let i = 0; i < n; i++) {
    await frame(); await frame(); // let the previous change finish painting
    const before = document.querySelector(".calculator-number").textContent;
    const painted = new Promise((resolve, reject) => {
      const mo = new MutationObserver(() => {
        if (document.querySelector(".calculator-number").textContent === before) return;
        mo.disconnect();
        requestAnimationFrame(() => resolve(performance.now()));
      });
      mo.observe(document.body, { subtree: true, childList: true, characterData: true });
      setTimeout(() => { mo.disconnect(); reject(new Error("change " + i + ": no new result within 10 s")); }, 10000);
    });
    input.value = String(Number(input.value) === min ? min + step : min);
    const t0 = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    out.push((await painted) - t0);
  }
  return out;
})(%d)`

// collectJS reads what the page measured once the probe has its numbers.
const collectJS = `(() => {
  const fcp = performance.getEntriesByName("first-contentful-paint")[0];
  const wasm = performance.getEntriesByType("resource").find((e) => /\/app(\.[0-9a-f]+)?\.wasm(\?|$)/.test(e.name));
  return {
    fcp: fcp ? fcp.startTime : -1,
    visible: window.__bench.visible,
    tti: window.__bench.tti,
    wasmEncoded: wasm ? wasm.encodedBodySize : -1,
    wasmDecoded: wasm ? wasm.decodedBodySize : -1,
    controlled: !!(navigator.serviceWorker && navigator.serviceWorker.controller),
    lcp: window.__bench.lcp,
    lcps: window.__bench.lcps,
    cls: window.__bench.cls,
  };
})()`

type collected struct {
	FCP         float64 `json:"fcp"`
	Visible     float64 `json:"visible"`
	TTI         float64 `json:"tti"`
	WasmEncoded int64   `json:"wasmEncoded"`
	WasmDecoded int64   `json:"wasmDecoded"`
	Controlled  bool    `json:"controlled"`
	LCP         float64 `json:"lcp"`
	LCPs        int     `json:"lcps"`
	CLS         float64 `json:"cls"`
}

// visit is what one page load measured.
type visit struct {
	FCP, Visible, TTI float64 // ms since the navigation started
	LCP               float64 // ms, the last largest-contentful-paint entry
	LCPs              int     // largest-contentful-paint entries
	CLS               float64 // Σ layout shifts without recent input
	Trace             *breakdown

	PageBytes   int64 // Σ encodedDataLength of the page's requests (headers included)
	ServerBytes int64 // Σ body bytes the server wrote, service worker fetches included
	ServerReqs  int
	WasmServer  int64 // body bytes of /web/app.wasm the server wrote
	WasmEncoded int64 // resource timing encodedBodySize of the page's wasm fetch
	WasmDecoded int64 // resource timing decodedBodySize
	Controlled  bool  // a service worker controlled the page
	Failed      []string
	Navigations []string // main-frame navigations seen during the visit
}

// profile is how the browser is slowed down for a visit.
type profile struct {
	name     string
	cpuRate  float64 // 1: no throttling
	throttle *network.Conditions
	patience time.Duration // per browser step
}

var (
	desktop = profile{name: "desktop", cpuRate: 1, patience: 60 * time.Second}
	// mobile is Lighthouse's "slow 4G, mid-tier phone": 4× CPU, 150 ms
	// round trip, 1.6 Mbit/s down, 750 kbit/s up.
	mobile = profile{
		name:    "mobile",
		cpuRate: 4,
		throttle: &network.Conditions{
			URLPattern:         "", // every request of the page
			Latency:            150,
			DownloadThroughput: 1.6e6 / 8,
			UploadThroughput:   750e3 / 8,
		},
		patience: 5 * time.Minute,
	}
	// cpu4 is a tablet-class CPU on loopback: what issue 12 measures.
	cpu4 = profile{name: "4× CPU", cpuRate: 4, patience: 2 * time.Minute}
)

// tab is one Chromium with a fresh profile and one page.
type tab struct {
	ctx    context.Context
	cancel func()

	mu     sync.Mutex
	urls   map[network.RequestID]string
	bytes  int64    // Σ encodedDataLength since the last reset
	failed []string // failed loads since the last reset
	navs   []string // main-frame navigations since the last reset

	trace     []traceEvent  // events of the trace in progress (trace.go)
	traceDone chan struct{} // closed when Chromium has sent the whole trace
}

// newTab starts Chromium with the e2e harness's flags and a new profile in
// profileDir. The whole tab dies after limit, whatever it is doing.
func newTab(chrome, profileDir string, limit time.Duration) (*tab, error) {
	opts := chromium.Options(chrome, profileDir)
	life, cancelLife := context.WithTimeout(context.Background(), limit)
	actx, cancelAlloc := chromedp.NewExecAllocator(life, opts...)
	ctx, cancelCtx := chromedp.NewContext(actx)
	t := &tab{ctx: ctx, urls: map[network.RequestID]string{}}
	t.cancel = func() { cancelCtx(); cancelAlloc(); cancelLife() }

	// Listen starts the browser; a browser that does not start within 30 s
	// fails the run instead of hanging it.
	started := make(chan error, 1)
	go func() { started <- chromedp.Listen(ctx, t.onEvent) }()
	select {
	case err := <-started:
		if err != nil {
			t.cancel()
			return nil, fmt.Errorf("starting Chromium: %w", err)
		}
	case <-time.After(30 * time.Second):
		t.cancel()
		return nil, errors.New("starting Chromium: no answer within 30 s")
	}
	if err := t.call("adding the probe script", 10*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: probeJS})
		return err
	}); err != nil {
		t.cancel()
		return nil, err
	}
	return t, nil
}

// onEvent runs on chromedp's reading goroutine: record and return.
func (t *tab) onEvent(ev any) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.onTrace(ev) {
		return
	}
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		t.urls[ev.RequestID] = ev.Request.URL
	case *network.EventLoadingFinished:
		t.bytes += int64(ev.EncodedDataLength)
	case *page.EventFrameNavigated:
		if ev.Frame.ParentID == "" {
			t.navs = append(t.navs, ev.Frame.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			t.failed = append(t.failed, t.urls[ev.RequestID]+" ("+ev.ErrorText+")")
		}
	}
}

func (t *tab) resetNetwork() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.bytes, t.failed, t.navs = 0, nil, nil
}

// call runs f with a deadline and names the step in the error, so a hung
// browser fails loudly instead of hanging the run.
func (t *tab) call(step string, d time.Duration, f func(ctx context.Context) error) error {
	ctx, cancel := context.WithTimeout(t.ctx, d)
	defer cancel()
	if err := f(ctx); err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("%s: no result within %s (%v)", step, d, err)
		}
		return fmt.Errorf("%s: %w", step, err)
	}
	return nil
}

// poll evaluates the JavaScript condition every 50 ms until it is true.
// Unlike chromedp.Poll it survives the page's JavaScript context being
// replaced (a navigation, a reload): it asks again in the new one.
func (t *tab) poll(step string, d time.Duration, cond string) error {
	var last error
	return t.call(step, d, func(ctx context.Context) error {
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

func (t *tab) version() (string, error) {
	var v string
	err := t.call("reading the browser version", 10*time.Second, func(ctx context.Context) error {
		r, err := chromedp.CallBrowser(ctx, browser.GetVersion, cdp.Empty{})
		v = r.Product
		return err
	})
	return v, err
}

func (t *tab) emulate(p profile) error {
	return t.call("emulating "+p.name, 10*time.Second, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, emulation.SetCPUThrottlingRate, emulation.SetCPUThrottlingRateParams{Rate: p.cpuRate}); err != nil {
			return err
		}
		var rules []*network.Conditions
		if p.throttle != nil {
			rules = append(rules, p.throttle)
		}
		_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules})
		return err
	})
}

// load navigates to url and waits for the probe's numbers, for the service
// worker when waitWorker is set, and for the server to go quiet.
func (t *tab) load(srv *liveServer, url string, p profile, waitWorker bool) (visit, error) {
	var v visit
	srv.meter.reset()
	t.resetNetwork()
	if err := t.call("loading "+url, p.patience, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate(url))
	}); err != nil {
		return v, err
	}
	err := t.poll("waiting for the lesson to be visible and the slider to change the result", p.patience,
		`!!(window.__bench && __bench.visible !== null && __bench.tti !== null &&
			performance.getEntriesByName("first-contentful-paint").length)`)
	if err != nil {
		return v, err
	}
	if waitWorker {
		// The next visit must find the service worker active; ours activates
		// only once it has precached every file.
		err := t.poll("waiting for the service worker to be active", p.patience,
			`navigator.serviceWorker.getRegistration().then((r) => !!(r && r.active && r.active.state === "activated"))`)
		if err != nil {
			return v, err
		}
	}
	quiet, cancel := context.WithTimeout(context.Background(), p.patience)
	defer cancel()
	if err := srv.meter.waitIdle(quiet, 500*time.Millisecond); err != nil {
		return v, fmt.Errorf("after loading %s: %w", url, err)
	}

	var c collected
	if err := t.call("reading the page's numbers", 10*time.Second, func(ctx context.Context) error {
		var err error
		c, err = chromedp.Run(ctx, chromedp.Evaluate[collected](collectJS))
		return err
	}); err != nil {
		return v, err
	}
	s := srv.meter.snapshot()
	t.mu.Lock()
	defer t.mu.Unlock()
	// The probe's times count from the last navigation; a page that
	// navigated again (a reload by the app, say) would be measured wrong.
	if len(t.navs) != 1 {
		return v, fmt.Errorf("loading %s: the page navigated %d times during the visit: %v", url, len(t.navs), t.navs)
	}
	return visit{
		FCP: c.FCP, Visible: c.Visible, TTI: c.TTI,
		LCP: c.LCP, LCPs: c.LCPs, CLS: c.CLS,
		PageBytes:   t.bytes,
		ServerBytes: s.bytes, ServerReqs: s.requests, WasmServer: s.wasm,
		WasmEncoded: c.WasmEncoded, WasmDecoded: c.WasmDecoded,
		Controlled:  c.Controlled,
		Failed:      append([]string(nil), t.failed...),
		Navigations: append([]string(nil), t.navs...),
	}, nil
}

// blank leaves the lesson so that the next visit is a new navigation, not
// a reload (Chromium turns a navigation to the same URL into a reload).
func (t *tab) blank() error {
	return t.call("opening about:blank", 10*time.Second, func(ctx context.Context) error {
		return chromedp.Do(ctx, chromedp.Navigate("about:blank"))
	})
}

func (t *tab) sliderPaint(n int) ([]float64, error) {
	if err := t.emulate(profile{name: "4× CPU", cpuRate: 4}); err != nil {
		return nil, err
	}
	var out []float64
	err := t.call(fmt.Sprintf("changing the slider %d times at 4× CPU", n), 3*time.Minute, func(ctx context.Context) error {
		var err error
		out, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(paintJS, n), chromedp.EvalAwaitPromise))
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, t.emulate(desktop)
}

// coldRun is one cold run of a variant: a fresh profile, a first visit, a
// repeat visit once the service worker is active, then the slider test.
type coldRun struct {
	First, Repeat visit
	Paint         []float64
}

func runDesktop(chrome string, srv *liveServer, paints int) (coldRun, error) {
	var r coldRun
	dir, cleanup, err := mkTemp()
	if err != nil {
		return r, err
	}
	defer cleanup()
	t, err := newTab(chrome, dir, 10*time.Minute)
	if err != nil {
		return r, err
	}
	defer t.cancel()
	if r.First, err = t.load(srv, srv.url, desktop, true); err != nil {
		return r, fmt.Errorf("first visit: %w", err)
	}
	if err := t.blank(); err != nil {
		return r, err
	}
	if r.Repeat, err = t.load(srv, srv.url, desktop, false); err != nil {
		return r, fmt.Errorf("repeat visit: %w", err)
	}
	if r.Paint, err = t.sliderPaint(paints); err != nil {
		return r, err
	}
	return r, nil
}

func runMobile(chrome string, srv *liveServer) (visit, error) {
	dir, cleanup, err := mkTemp()
	if err != nil {
		return visit{}, err
	}
	defer cleanup()
	t, err := newTab(chrome, dir, 15*time.Minute)
	if err != nil {
		return visit{}, err
	}
	defer t.cancel()
	if err := t.emulate(mobile); err != nil {
		return visit{}, err
	}
	v, err := t.load(srv, srv.url, mobile, false)
	if err != nil {
		return v, fmt.Errorf("mobile first visit: %w", err)
	}
	return v, nil
}

// browserVersion starts a throwaway Chromium to read its version.
func browserVersion(chrome string) (string, error) {
	dir, cleanup, err := mkTemp()
	if err != nil {
		return "", err
	}
	defer cleanup()
	t, err := newTab(chrome, dir, time.Minute)
	if err != nil {
		return "", err
	}
	defer t.cancel()
	v, err := t.version()
	v = strings.TrimPrefix(strings.TrimPrefix(v, "Headless"), "Chrome/")
	return "Chromium " + v, err
}

// runCPU4 is a cold first visit and a repeat visit (served by the service
// worker) at 4× CPU on loopback, each traced (trace.go).
func runCPU4(chrome string, srv *liveServer) (first, repeat visit, err error) {
	dir, cleanup, err := mkTemp()
	if err != nil {
		return first, repeat, err
	}
	defer cleanup()
	t, err := newTab(chrome, dir, 10*time.Minute)
	if err != nil {
		return first, repeat, err
	}
	defer t.cancel()
	if err := t.emulate(cpu4); err != nil {
		return first, repeat, err
	}
	traced := func(waitWorker bool) (visit, error) {
		if err := t.startTrace(); err != nil {
			return visit{}, err
		}
		v, err := t.load(srv, srv.url, cpu4, waitWorker)
		events, terr := t.endTrace()
		if err != nil {
			return v, err
		}
		if traceDir != "" && terr == nil {
			if err := saveTrace(events, srv, waitWorker); err != nil {
				return v, err
			}
		}
		if terr != nil {
			return v, terr
		}
		b, err := analyse(events, srv.url, v.FCP, v.TTI)
		if err != nil {
			return v, err
		}
		v.Trace = &b
		return v, nil
	}
	if first, err = traced(true); err != nil {
		return first, repeat, fmt.Errorf("4× CPU first visit: %w", err)
	}
	if err := t.blank(); err != nil {
		return first, repeat, err
	}
	if repeat, err = traced(false); err != nil {
		return first, repeat, fmt.Errorf("4× CPU repeat visit: %w", err)
	}
	return first, repeat, nil
}
