// Package visit measures visits of the lesson in headless Chromium for make
// bench (on internal/browser), under a desktop, mobile or 4× CPU profile,
// traced when asked (internal/browser/trace), against a variant served on
// loopback and metered (Serve, internal/meter), and times make dev's
// save → reloaded loop (TimeDevLoop, Reloads).
//
// Each cold run starts Chromium with a new profile and measures, in the page
// (probe.js) and around it:
//
//   - first contentful paint: the "first-contentful-paint" paint entry;
//   - lesson title visible and on top: the first animation frame in which
//     elementFromPoint at the centre of "#lesson h1" hits the lesson;
//   - interactive: the first time the calculator's result changes after the
//     first enabled slider is set to another value and sent "input";
//   - the app runs: the quiz's check button is enabled (only the wasm
//     enables it), so every control answers;
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
	"time"

	"github.com/chromedp/cdproto/network"

	"golesson/internal/browser/trace"
)

// Visit is what one page load measured.
type Visit struct {
	FCP, Visible, TTI float64 // ms since the navigation started
	App               float64 // ms: the app runs (every control answers)
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
