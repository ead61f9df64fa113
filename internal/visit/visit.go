// Package visit measures visits of the lesson in headless Chromium for make
// bench (on internal/browser), under a desktop, mobile or 4× CPU profile,
// traced when asked (internal/browser/trace), against a variant served on
// loopback and metered (Serve, internal/meter).
//
// Each cold run starts Chromium with a new profile and measures, in the page
// (probe.js) and around it:
//
//   - first contentful paint: the "first-contentful-paint" paint entry;
//   - lesson title visible and on top: the first animation frame in which
//     elementFromPoint at the centre of "#lesson h1" hits the lesson;
//   - interactive: the first time the calculator's result changes after the
//     first enabled slider is set to another value and sent "input";
//   - bytes to the page: Σ encodedDataLength of Network.loadingFinished on
//     the page's DevTools session (headers included; responses a service
//     worker answers count 0, and its own fetches are not seen);
//   - bytes the server sent: response bodies counted in the server, service
//     worker fetches included, until the server has been idle for 500 ms;
//   - wasm on the wire / decoded: resource timing encodedBodySize and
//     decodedBodySize of the page's app.wasm fetch;
//   - repeat visit: the same, after about:blank, once the service worker
//     is active;
//   - slider input → painted: at 4× CPU, the time from just before an
//     "input" event to the first animation frame after the result changed.
package visit

import (
	"context"
	_ "embed"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"golesson/internal/browser"
	"golesson/internal/browser/trace"
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

// Visit is what one page load measured.
type Visit struct {
	FCP, Visible, TTI float64 // ms since the navigation started
	LCP               float64 // ms, the last largest-contentful-paint entry
	LCPs              int     // largest-contentful-paint entries
	CLS               float64 // Σ layout shifts without recent input
	Trace             *trace.Breakdown

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

// Profile is how the browser is slowed down for a visit.
type Profile struct {
	Name     string
	CPURate  float64 // 1: no throttling
	Throttle *network.Conditions
	Patience time.Duration // per browser step
}

var (
	Desktop = Profile{Name: "desktop", CPURate: 1, Patience: 60 * time.Second}
	// Mobile is Lighthouse's "slow 4G, mid-tier phone": 4× CPU, 150 ms
	// round trip, 1.6 Mbit/s down, 750 kbit/s up.
	Mobile = Profile{
		Name:    "mobile",
		CPURate: 4,
		Throttle: &network.Conditions{
			URLPattern:         "", // every request of the page
			Latency:            150,
			DownloadThroughput: 1.6e6 / 8,
			UploadThroughput:   750e3 / 8,
		},
		Patience: 5 * time.Minute,
	}
	// CPU4 is a tablet-class CPU on loopback: what issue 12 measures.
	CPU4 = Profile{Name: "4× CPU", CPURate: 4, Patience: 2 * time.Minute}
)

// netLog is what the page's DevTools session saw since the last reset.
type netLog struct {
	mu     sync.Mutex
	urls   map[network.RequestID]string
	bytes  int64    // Σ encodedDataLength
	failed []string // failed loads
	navs   []string // main-frame navigations
}

// onEvent runs on chromedp's reading goroutine: record and return.
func (n *netLog) onEvent(ev any) {
	n.mu.Lock()
	defer n.mu.Unlock()
	switch ev := ev.(type) {
	case *network.EventRequestWillBeSent:
		n.urls[ev.RequestID] = ev.Request.URL
	case *network.EventLoadingFinished:
		n.bytes += int64(ev.EncodedDataLength)
	case *page.EventFrameNavigated:
		if ev.Frame.ParentID == "" {
			n.navs = append(n.navs, ev.Frame.URL)
		}
	case *network.EventLoadingFailed:
		if !ev.Canceled {
			n.failed = append(n.failed, n.urls[ev.RequestID]+" ("+ev.ErrorText+")")
		}
	}
}

func (n *netLog) reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.bytes, n.failed, n.navs = 0, nil, nil
}

// Tab is one Chromium with a fresh profile and one page, with the probe in
// every document.
type Tab struct {
	*browser.Page
	Close func()
	net   netLog
	trace trace.Recorder
}

// NewTab starts Chromium with a new profile in profileDir. The whole tab
// dies after limit, whatever it is doing.
func NewTab(profileDir string, limit time.Duration) (*Tab, error) {
	t := &Tab{net: netLog{urls: map[network.RequestID]string{}}}
	p, stop, err := browser.Start(profileDir, limit, func(ev any) {
		t.trace.OnEvent(ev)
		t.net.onEvent(ev)
	})
	if err != nil {
		return nil, err
	}
	t.Page, t.Close = p, stop
	if err := p.OnNewDocument(probeJS); err != nil {
		stop()
		return nil, fmt.Errorf("adding the probe script: %w", err)
	}
	return t, nil
}

// Emulate slows the page's CPU and network down as p says.
func (t *Tab) Emulate(p Profile) error {
	if err := t.ThrottleCPU(p.CPURate); err != nil {
		return err
	}
	return t.Call("emulating "+p.Name, 10*time.Second, func(ctx context.Context) error {
		var rules []*network.Conditions
		if p.Throttle != nil {
			rules = append(rules, p.Throttle)
		}
		_, err := chromedp.Call(ctx, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{MatchedNetworkConditions: rules})
		return err
	})
}

// Load navigates to the server's page and waits for the probe's numbers,
// for the service worker when waitWorker is set, and for the server to go
// quiet.
func (t *Tab) Load(srv *Server, p Profile, waitWorker bool) (Visit, error) {
	var v Visit
	srv.Meter.Reset()
	t.net.reset()
	if err := t.Navigate(srv.URL, p.Patience); err != nil {
		return v, err
	}
	err := t.Poll("waiting for the lesson to be visible and the slider to change the result", p.Patience,
		`!!(window.__bench && __bench.visible !== null && __bench.tti !== null &&
			performance.getEntriesByName("first-contentful-paint").length)`)
	if err != nil {
		return v, err
	}
	if waitWorker {
		// The next visit must find the service worker active; ours activates
		// only once it has precached every file.
		err := t.Poll("waiting for the service worker to be active", p.Patience,
			`navigator.serviceWorker.getRegistration().then((r) => !!(r && r.active && r.active.state === "activated"))`)
		if err != nil {
			return v, err
		}
	}
	quiet, cancel := context.WithTimeout(context.Background(), p.Patience)
	defer cancel()
	if err := srv.Meter.WaitIdle(quiet, 500*time.Millisecond); err != nil {
		return v, fmt.Errorf("after loading %s: %w", srv.URL, err)
	}

	var c collected
	if err := t.Call("reading the page's numbers", 10*time.Second, func(ctx context.Context) error {
		var err error
		c, err = chromedp.Run(ctx, chromedp.Evaluate[collected](collectJS))
		return err
	}); err != nil {
		return v, err
	}
	s := srv.Meter.Snapshot()
	t.net.mu.Lock()
	defer t.net.mu.Unlock()
	// The probe's times count from the last navigation; a page that
	// navigated again (a reload by the app, say) would be measured wrong.
	if len(t.net.navs) != 1 {
		return v, fmt.Errorf("loading %s: the page navigated %d times during the visit: %v", srv.URL, len(t.net.navs), t.net.navs)
	}
	return Visit{
		FCP: c.FCP, Visible: c.Visible, TTI: c.TTI,
		LCP: c.LCP, LCPs: c.LCPs, CLS: c.CLS,
		PageBytes:   t.net.bytes,
		ServerBytes: s.Bytes, ServerReqs: s.Requests, WasmServer: s.Wasm,
		WasmEncoded: c.WasmEncoded, WasmDecoded: c.WasmDecoded,
		Controlled:  c.Controlled,
		Failed:      append([]string(nil), t.net.failed...),
		Navigations: append([]string(nil), t.net.navs...),
	}, nil
}

// Blank leaves the lesson so that the next visit is a new navigation, not
// a reload (Chromium turns a navigation to the same URL into a reload).
func (t *Tab) Blank() error { return t.Navigate("about:blank", 10*time.Second) }

// SliderPaint changes the slider n times at 4× CPU and returns each
// change's input → painted time, in ms.
func (t *Tab) SliderPaint(n int) ([]float64, error) {
	if err := t.ThrottleCPU(4); err != nil {
		return nil, err
	}
	var out []float64
	err := t.Call(fmt.Sprintf("changing the slider %d times at 4× CPU", n), 3*time.Minute, func(ctx context.Context) error {
		var err error
		out, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(paintJS, n), chromedp.EvalAwaitPromise))
		return err
	})
	if err != nil {
		return nil, err
	}
	return out, t.Emulate(Desktop)
}

// Traced is Load with a performance trace, broken down; with traceDir
// set, the trace is also saved there for DevTools.
func (t *Tab) Traced(srv *Server, p Profile, waitWorker bool, traceDir string) (Visit, error) {
	if err := t.trace.Start(t.Page); err != nil {
		return Visit{}, err
	}
	v, err := t.Load(srv, p, waitWorker)
	events, terr := t.trace.End(t.Page)
	if err != nil {
		return v, err
	}
	if terr != nil {
		return v, terr
	}
	if traceDir != "" {
		kind := "repeat"
		if waitWorker {
			kind = "first"
		}
		name := strings.NewReplacer("http://", "", "/", "", ":", "-").Replace(srv.URL)
		if err := trace.Save(filepath.Join(traceDir, name+"-"+kind), events); err != nil {
			return v, err
		}
	}
	b, err := trace.Analyse(events, srv.URL, v.FCP, v.TTI)
	if err != nil {
		return v, err
	}
	v.Trace = &b
	return v, nil
}
