// Package trace records a Chrome performance trace of a page (Recorder)
// and breaks down what the page's main thread did from the navigation until
// an answer was painted (Analyse): layout, style, script and wasm, paint,
// long tasks. make bench reports it for the 4× CPU visits.
package trace

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"

	"golesson/internal/browser"
)

// Categories are what DevTools' performance panel records, plus V8's wasm
// events (lazy compilation on the main thread).
var Categories = []string{
	"devtools.timeline", "disabled-by-default-devtools.timeline",
	"v8", "v8.wasm", "disabled-by-default-v8.compile",
	"blink.user_timing", "loading", "toplevel",
}

// Event is one Chrome trace event (the JSON trace format).
type Event struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`  // µs
	Dur  float64         `json:"dur"` // µs, complete events ("X")
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	Args json.RawMessage `json:"args"`
}

// Recorder collects one trace at a time from a page: pass its OnEvent to
// browser.Start, then Start and End around what to trace.
type Recorder struct {
	mu     sync.Mutex
	events []Event
	done   chan struct{} // closed when Chromium has sent the whole trace
}

// OnEvent takes the trace's events as Chromium sends them. It runs on
// chromedp's reading goroutine: it records and returns.
func (r *Recorder) OnEvent(ev any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch ev := ev.(type) {
	case *tracing.EventDataCollected:
		for _, v := range ev.Value {
			var e Event
			if json.Unmarshal(v, &e) == nil {
				r.events = append(r.events, e)
			}
		}
	case *tracing.EventTracingComplete:
		if r.done != nil {
			close(r.done)
			r.done = nil
		}
	}
}

// Start starts tracing the page.
func (r *Recorder) Start(p *browser.Page) error {
	r.mu.Lock()
	r.events, r.done = nil, make(chan struct{})
	r.mu.Unlock()
	return p.Call("starting a trace", 10*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: Categories},
		})
		return err
	})
}

// End stops the trace and returns its events once Chromium has sent them
// all.
func (r *Recorder) End(p *browser.Page) ([]Event, error) {
	r.mu.Lock()
	done := r.done
	r.mu.Unlock()
	err := p.Call("ending the trace", time.Minute, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, tracing.End, struct{}{}); err != nil {
			return err
		}
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.events, err
}

// Save writes events as a Chrome trace file (to open in DevTools'
// performance panel) at the first free path "{prefix}-{n}.json".
func Save(prefix string, events []Event) error {
	b, err := json.Marshal(map[string]any{"traceEvents": events})
	if err != nil {
		return err
	}
	for i := 1; ; i++ {
		p := fmt.Sprintf("%s-%d.json", prefix, i)
		if _, err := os.Stat(p); err == nil {
			continue
		}
		return os.WriteFile(p, b, 0o644)
	}
}

// Breakdown is what the page's main thread did from the navigation until
// the answer was painted.
type Breakdown struct {
	Layout        float64 // ms in Layout
	LayoutObjects float64 // objects laid out (Σ Layout beginData.dirtyObjects)
	Layouts       float64 // Layout events
	Style         float64 // ms recalculating style (UpdateLayoutTree)
	Script        float64 // ms running script and wasm (outermost script events)
	WasmCompile   float64 // ms compiling wasm on the main thread (wasm.Compile*, v8.wasm.compileConsume, wasm.SyncCompile)
	Paint         float64 // ms painting
	// Worker is the ms the page's dedicated workers ran (their tasks).
	// DevTools' CPU throttling slows only the main thread: on the tablet a
	// 4× throttle stands for, this work would take about 4× as long.
	Worker       float64
	Longest      float64   // ms, the longest task from navigation to Ready
	LongAfterFCP float64   // tasks over 200 ms between first paint and Ready
	LongestAfter float64   // ms, the longest task between first paint and Ready
	Blocking     float64   // ms, Σ (task − 50 ms) over tasks between first paint and Ready
	Tasks        []float64 // ms, every task until Ready, in order
	Painted      float64   // ms since navigation: the end of the first paint after the answer
	// LongestToAnswer is the longest task between first paint and Painted:
	// what delays the first answer, where LongestAfter also counts the
	// app's start after an early answer.
	LongestToAnswer float64
	Ready           float64 // ms since navigation: the end of the first paint once the app runs too (the window's end)
}

// scriptEvents are the events that run script or wasm; they nest, so
// Analyse counts the outermost ones.
var scriptEvents = []string{
	"EvaluateScript", "FunctionCall", "TimerFire", "EventDispatch", "RunMicrotasks",
	"FireAnimationFrame", "v8.callFunction", "v8.run", "BlinkScheduler_PerformMicrotaskCheckpoint",
}

// Analyse finds the page's main thread (the renderer main thread that
// marked the navigation to url) and sums what it did between the
// navigation and the first paint after both tti (a control first answers)
// and app (the app runs: every control answers), times in ms since the
// navigation started, as the page measured them; fcp likewise. Painted is
// the first paint after tti.
func Analyse(events []Event, url string, fcp, tti, app float64) (Breakdown, error) {
	var b Breakdown
	type thread struct{ pid, tid int }
	var main thread
	var nav float64 = -1
	for _, e := range events {
		if e.Name != "navigationStart" {
			continue
		}
		var a struct {
			Data struct {
				URL       string `json:"documentLoaderURL"`
				MainFrame bool   `json:"isLoadingMainFrame"`
			} `json:"data"`
		}
		if json.Unmarshal(e.Args, &a) == nil && a.Data.MainFrame && strings.HasPrefix(a.Data.URL, url) {
			main, nav = thread{e.Pid, e.Tid}, e.Ts
		}
	}
	if nav < 0 {
		return b, fmt.Errorf("no navigationStart to %s in the trace (%d events)", url, len(events))
	}
	// The first Paint after the answer changed the DOM, and the window's
	// end: the first Paint once the app runs too. A relayout of the whole
	// page after the mount falls in it (it comes before that paint).
	paintAfter := func(at float64) float64 {
		end := at
		for _, e := range events {
			if (thread{e.Pid, e.Tid}) == main && e.Ph == "X" && e.Name == "Paint" && e.Ts >= at && (end == at || e.Ts+e.Dur < end) {
				end = e.Ts + e.Dur
			}
		}
		return end
	}
	painted := paintAfter(nav + tti*1000)
	b.Painted = (painted - nav) / 1000
	end := paintAfter(nav + max(tti, app)*1000)
	b.Ready = (end - nav) / 1000
	firstPaint := nav + fcp*1000

	workers := map[thread]bool{}
	for _, e := range events {
		var a struct {
			Name string `json:"name"`
		}
		if e.Ph == "M" && e.Name == "thread_name" && e.Pid == main.pid && json.Unmarshal(e.Args, &a) == nil && a.Name == "DedicatedWorker thread" {
			workers[thread{e.Pid, e.Tid}] = true
		}
	}

	var scripts []Event
	for _, e := range events {
		if workers[thread{e.Pid, e.Tid}] && e.Ph == "X" && e.Name == "RunTask" && e.Ts >= nav && e.Ts <= end {
			b.Worker += e.Dur / 1000
			continue
		}
		if (thread{e.Pid, e.Tid}) != main || e.Ph != "X" || e.Ts < nav || e.Ts > end {
			continue
		}
		d := e.Dur / 1000
		switch {
		case e.Name == "RunTask": // the outermost task event (ThreadControllerImpl::RunTask nests in it)
			b.Tasks = append(b.Tasks, d)
			b.Longest = max(b.Longest, d)
			if e.Ts+e.Dur >= firstPaint { // running at or after first paint
				b.LongestAfter = max(b.LongestAfter, d)
				if d > 200 {
					b.LongAfterFCP++
				}
				if d > 50 {
					b.Blocking += d - 50
				}
				if e.Ts < painted { // and before the answer was painted
					b.LongestToAnswer = max(b.LongestToAnswer, d)
				}
			}
		case e.Name == "Layout":
			b.Layout += d
			b.Layouts++
			var a struct {
				Begin struct {
					Dirty float64 `json:"dirtyObjects"`
				} `json:"beginData"`
			}
			if json.Unmarshal(e.Args, &a) == nil {
				b.LayoutObjects += a.Begin.Dirty
			}
		case e.Name == "UpdateLayoutTree":
			b.Style += d
		case e.Name == "Paint":
			b.Paint += d
		case strings.HasPrefix(e.Name, "wasm.Compile") || e.Name == "v8.wasm.compileConsume" || e.Name == "wasm.SyncCompile":
			b.WasmCompile += d
		case slices.Contains(scriptEvents, e.Name):
			scripts = append(scripts, e)
		}
	}
	b.Script = outermost(scripts) / 1000
	return b, nil
}

// outermost is the time (µs) the events cover, each instant counted once
// however deeply they nest or overlap.
func outermost(events []Event) float64 {
	// By start, and the longer first among events that start together.
	slices.SortFunc(events, func(x, y Event) int {
		return cmp.Or(cmp.Compare(x.Ts, y.Ts), cmp.Compare(y.Dur, x.Dur))
	})
	var covered, total float64
	for _, e := range events {
		if e.Ts+e.Dur <= covered {
			continue
		}
		start := max(e.Ts, covered)
		total += e.Ts + e.Dur - start
		covered = e.Ts + e.Dur
	}
	return total
}
