package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/chromedp/cdproto/tracing"
	"github.com/chromedp/chromedp"
)

// traceCategories are what DevTools' performance panel records, plus V8's
// wasm events (lazy compilation on the main thread).
var traceCategories = []string{
	"devtools.timeline", "disabled-by-default-devtools.timeline",
	"v8", "v8.wasm", "disabled-by-default-v8.compile",
	"blink.user_timing", "loading", "toplevel",
}

// traceDir, when set (-trace-dir), keeps every traced visit's events as a
// Chrome trace file, to open in DevTools' performance panel.
var traceDir string

// saveTrace writes events to traceDir as {port}-{first|repeat}-{n}.json.
func saveTrace(events []traceEvent, srv *liveServer, first bool) error {
	kind := "repeat"
	if first {
		kind = "first"
	}
	name := strings.NewReplacer("http://", "", "/", "", ":", "-").Replace(srv.url)
	for i := 1; ; i++ {
		p := filepath.Join(traceDir, fmt.Sprintf("%s-%s-%d.json", name, kind, i))
		if _, err := os.Stat(p); err == nil {
			continue
		}
		b, err := json.Marshal(map[string]any{"traceEvents": events})
		if err != nil {
			return err
		}
		return os.WriteFile(p, b, 0o644)
	}
}

// traceEvent is one Chrome trace event (the JSON trace format).
type traceEvent struct {
	Name string          `json:"name"`
	Cat  string          `json:"cat"`
	Ph   string          `json:"ph"`
	Ts   float64         `json:"ts"`  // µs
	Dur  float64         `json:"dur"` // µs, complete events ("X")
	Pid  int             `json:"pid"`
	Tid  int             `json:"tid"`
	Args json.RawMessage `json:"args"`
}

// breakdown is what the page's main thread did from the navigation until
// the lesson was interactive, from a performance trace.
type breakdown struct {
	Layout        float64 // ms in Layout
	LayoutObjects float64 // objects laid out (Σ Layout beginData.dirtyObjects)
	Layouts       float64 // Layout events
	Style         float64 // ms recalculating style (UpdateLayoutTree)
	Script        float64 // ms running script and wasm (outermost script events)
	WasmCompile   float64 // ms compiling wasm on the main thread (wasm.CompileLazy; streaming compile's share, v8.wasm.compileConsume)
	Paint         float64 // ms painting
	Longest       float64 // ms, the longest task from navigation to interactive
	LongAfterFCP  float64 // tasks over 200 ms between first paint and interactive
	LongestAfter  float64 // ms, the longest task between first paint and interactive
	Blocking      float64 // ms, Σ (task − 50 ms) over tasks between first paint and interactive
	Tasks         []float64
	Painted       float64 // ms since navigation: the end of the first paint after the answer
}

func (t *tab) startTrace() error {
	t.mu.Lock()
	t.trace, t.traceDone = nil, make(chan struct{})
	t.mu.Unlock()
	return t.call("starting a trace", 10*time.Second, func(ctx context.Context) error {
		_, err := chromedp.Call(ctx, tracing.Start, tracing.StartParams{
			TransferMode: tracing.StartTransferModeReportEvents,
			TraceConfig:  &tracing.TraceConfig{IncludedCategories: traceCategories},
		})
		return err
	})
}

// endTrace stops the trace and returns its events once Chromium has sent
// them all.
func (t *tab) endTrace() ([]traceEvent, error) {
	err := t.call("ending the trace", time.Minute, func(ctx context.Context) error {
		if _, err := chromedp.Call(ctx, tracing.End, struct{}{}); err != nil {
			return err
		}
		t.mu.Lock()
		done := t.traceDone
		t.mu.Unlock()
		select {
		case <-done:
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	})
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.trace, err
}

// onTrace runs on chromedp's reading goroutine, with t.mu held.
func (t *tab) onTrace(ev any) bool {
	switch ev := ev.(type) {
	case *tracing.EventDataCollected:
		for _, v := range ev.Value {
			var e traceEvent
			if json.Unmarshal(v, &e) == nil {
				t.trace = append(t.trace, e)
			}
		}
		return true
	case *tracing.EventTracingComplete:
		if t.traceDone != nil {
			close(t.traceDone)
			t.traceDone = nil
		}
		return true
	}
	return false
}

// analyse finds the page's main thread (the renderer main thread that
// marked the navigation to url) and sums what it did between the
// navigation and the first paint after tti (a time in ms since the
// navigation started, as the page measured it); fcp likewise.
func analyse(events []traceEvent, url string, fcp, tti float64) (breakdown, error) {
	var b breakdown
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
	// The window ends when the answer is painted: the first Paint after
	// the answer changed the DOM. A relayout of the whole page after the
	// mount falls in it too (it comes before that paint).
	answer := nav + tti*1000
	end := answer
	for _, e := range events {
		if (thread{e.Pid, e.Tid}) == main && e.Ph == "X" && e.Name == "Paint" && e.Ts >= answer && (end == answer || e.Ts+e.Dur < end) {
			end = e.Ts + e.Dur
		}
	}
	b.Painted = (end - nav) / 1000
	firstPaint := nav + fcp*1000

	var scripts []traceEvent
	for _, e := range events {
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
		case e.Name == "EvaluateScript" || e.Name == "FunctionCall" || e.Name == "TimerFire" ||
			e.Name == "EventDispatch" || e.Name == "RunMicrotasks" || e.Name == "FireAnimationFrame" ||
			e.Name == "v8.callFunction" || e.Name == "v8.run" || e.Name == "BlinkScheduler_PerformMicrotaskCheckpoint":
			scripts = append(scripts, e)
		}
	}
	// Script time counts each outermost script event once (they nest).
	slices.SortFunc(scripts, func(x, y traceEvent) int {
		if x.Ts != y.Ts {
			return int(x.Ts - y.Ts)
		}
		return int(y.Dur - x.Dur)
	})
	var covered float64
	for _, e := range scripts {
		if e.Ts+e.Dur <= covered {
			continue
		}
		start := max(e.Ts, covered)
		b.Script += (e.Ts + e.Dur - start) / 1000
		covered = e.Ts + e.Dur
	}
	return b, nil
}

// cpu4Table writes issue 12's measures, ours beside plain go-app: medians
// of the traced 4× CPU visits.
func cpu4Table(w *strings.Builder, a, b *variant) {
	fmt.Fprintf(w, "\n#### 4× CPU, loopback, traced (median of %d cold runs; repeat visit served by the service worker)\n\n", len(a.cpu4))
	fmt.Fprintf(w, "| metric | ours | plain go-app | ours/plain |\n|---|---:|---:|---:|\n")
	for i, label := range []string{"first visit", "repeat visit"} {
		row := func(name string, unit func(float64) string, f func(visit) float64) {
			med := func(v *variant) float64 {
				var xs []float64
				for _, r := range v.cpu4 {
					xs = append(xs, f(r[i]))
				}
				return median(xs)
			}
			x, y := med(a), med(b)
			ratio := "—"
			if y != 0 {
				ratio = fmt.Sprintf("%.2f", x/y)
			}
			fmt.Fprintf(w, "| %s: %s | %s | %s | %s |\n", label, name, unit(x), unit(y), ratio)
		}
		tr := func(f func(*breakdown) float64) func(visit) float64 {
			return func(v visit) float64 {
				if v.Trace == nil {
					return 0
				}
				return f(v.Trace)
			}
		}
		row("first contentful paint", ms, func(v visit) float64 { return v.FCP })
		row("largest contentful paint (last entry)", ms, func(v visit) float64 { return v.LCP })
		row("LCP − FCP", ms, func(v visit) float64 { return v.LCP - v.FCP })
		row("largest-contentful-paint entries", count, func(v visit) float64 { return float64(v.LCPs) })
		row("cumulative layout shift", func(x float64) string { return fmt.Sprintf("%.3f", x) }, func(v visit) float64 { return v.CLS })
		row("a control first answers (slider changes the result)", ms, func(v visit) float64 { return v.TTI })
		row("the answer painted (first paint after it)", ms, tr(func(b *breakdown) float64 { return b.Painted }))
		row("longest main-thread task, navigation → answer painted", ms, tr(func(b *breakdown) float64 { return b.Longest }))
		row("longest task, first paint → answer painted", ms, tr(func(b *breakdown) float64 { return b.LongestAfter }))
		row("tasks over 200 ms, first paint → answer painted", count, tr(func(b *breakdown) float64 { return b.LongAfterFCP }))
		row("total blocking time, first paint → answer painted", ms, tr(func(b *breakdown) float64 { return b.Blocking }))
		row("trace: layout", ms, tr(func(b *breakdown) float64 { return b.Layout }))
		row("trace: layout objects laid out (Σ dirtyObjects)", count, tr(func(b *breakdown) float64 { return b.LayoutObjects }))
		row("trace: layouts", count, tr(func(b *breakdown) float64 { return b.Layouts }))
		row("trace: style recalculation", ms, tr(func(b *breakdown) float64 { return b.Style }))
		row("trace: script and wasm", ms, tr(func(b *breakdown) float64 { return b.Script }))
		row("trace: wasm compiled on the main thread", ms, tr(func(b *breakdown) float64 { return b.WasmCompile }))
		row("trace: paint", ms, tr(func(b *breakdown) float64 { return b.Paint }))
	}
	w.WriteString("\nLongest tasks, navigation → answer painted, each run (ms): \n\n")
	for _, v := range []*variant{a, b} {
		for i, r := range v.cpu4 {
			if r[0].Trace == nil {
				continue
			}
			ts := slices.Sorted(slices.Values(r[0].Trace.Tasks))
			slices.Reverse(ts)
			ts = ts[:min(5, len(ts))]
			parts := make([]string, len(ts))
			for j, x := range ts {
				parts[j] = fmt.Sprintf("%.0f", x)
			}
			fmt.Fprintf(w, "- %s run %d, first visit: %s\n", v.name, i+1, strings.Join(parts, ", "))
		}
	}
}
