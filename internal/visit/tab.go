package visit

import (
	"context"
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
	err := t.Poll("waiting for the lesson to be visible, the slider to change the result and the app to run", p.Patience,
		`!!(window.__bench && __bench.visible !== null && __bench.tti !== null && __bench.app !== null &&
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
		FCP: c.FCP, Visible: c.Visible, TTI: c.TTI, App: c.App,
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
// change's input → painted time, in ms, and the same measure's floor: n
// changes of a box that costs the page nothing (see paintJS).
func (t *Tab) SliderPaint(n int) (paint, floor []float64, err error) {
	if err := t.ThrottleCPU(4); err != nil {
		return nil, nil, err
	}
	for _, f := range []bool{false, true} {
		var out []float64
		err := t.Call(fmt.Sprintf("changing the slider %d times at 4× CPU (floor: %v)", n, f), 3*time.Minute, func(ctx context.Context) error {
			var err error
			out, err = chromedp.Run(ctx, chromedp.Evaluate[[]float64](fmt.Sprintf(paintJS, n, f), chromedp.EvalAwaitPromise))
			return err
		})
		if err != nil {
			return nil, nil, err
		}
		if f {
			floor = out
		} else {
			paint = out
		}
	}
	return paint, floor, t.Emulate(Desktop)
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
	b, err := trace.Analyse(events, srv.URL, v.FCP, v.TTI, v.App)
	if err != nil {
		return v, err
	}
	v.Trace = &b
	return v, nil
}
