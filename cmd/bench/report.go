package main

import (
	"fmt"
	"slices"
	"strings"

	"golesson/internal/browser/trace"
	"golesson/internal/stats"
	"golesson/internal/visit"
)

// The report's tables: ours beside plain go-app, medians and ratios.

var (
	ms    = stats.Millis
	count = stats.Count
	size  = stats.Size
)

// row writes one "| name | ours | plain | ours/plain |" line.
func row(w *strings.Builder, name string, unit func(float64) string, x, y float64) {
	fmt.Fprintf(w, "| %s | %s | %s | %s |\n", name, unit(x), unit(y), stats.Ratio(x, y))
}

// browserTable writes the side-by-side table and what failed to load.
func browserTable(w *strings.Builder, a, b *variant, withMobile bool) {
	fmt.Fprintf(w, "| metric (median of %d cold runs) | ours | plain go-app | ours/plain |\n|---|---:|---:|---:|\n", len(a.runs))
	row := func(name string, unit func(float64) string, get func(*variant) []float64) {
		row(w, name, unit, stats.Median(get(a)), stats.Median(get(b)))
	}
	visitRows := func(label string, visits func(*variant) []visit.Visit, wasmSizes bool) {
		field := func(f func(visit.Visit) float64) func(*variant) []float64 {
			return func(v *variant) []float64 {
				var out []float64
				for _, x := range visits(v) {
					out = append(out, f(x))
				}
				return out
			}
		}
		row(label+": first contentful paint", ms, field(func(x visit.Visit) float64 { return x.FCP }))
		row(label+": lesson title visible and on top", ms, field(func(x visit.Visit) float64 { return x.Visible }))
		row(label+": interactive (slider changes the result)", ms, field(func(x visit.Visit) float64 { return x.TTI }))
		row(label+": the app runs (the quiz answers too)", ms, field(func(x visit.Visit) float64 { return x.App }))
		row(label+": bytes to the page (Σ CDP encodedDataLength)", size, field(func(x visit.Visit) float64 { return float64(x.PageBytes) }))
		row(label+": bytes the server sent (bodies, service worker included)", size, field(func(x visit.Visit) float64 { return float64(x.ServerBytes) }))
		row(label+": requests the server answered", count, field(func(x visit.Visit) float64 { return float64(x.ServerReqs) }))
		row(label+": wasm bytes the server sent", size, field(func(x visit.Visit) float64 { return float64(x.WasmServer) }))
		if wasmSizes {
			row(label+": wasm body on the wire (encodedBodySize)", size, field(func(x visit.Visit) float64 { return float64(x.WasmEncoded) }))
			row(label+": wasm body decoded (decodedBodySize)", size, field(func(x visit.Visit) float64 { return float64(x.WasmDecoded) }))
		}
	}
	visitRows("first visit", func(v *variant) []visit.Visit {
		return collect(v, func(r visit.ColdRun) visit.Visit { return r.First })
	}, true)
	fmt.Fprintf(w, "| repeat visit: controlled by the service worker | %s | %s | — |\n", visit.Controlled(a.runs), visit.Controlled(b.runs))
	visitRows("repeat visit", func(v *variant) []visit.Visit {
		return collect(v, func(r visit.ColdRun) visit.Visit { return r.Repeat })
	}, false)
	// A median hides a bimodal result: count the runs that fetched the wasm.
	fmt.Fprintf(w, "| repeat visit: runs in which the server sent wasm bytes | %s | %s | — |\n", visit.Refetched(a.runs), visit.Refetched(b.runs))
	if withMobile {
		visitRows("mobile first visit", func(v *variant) []visit.Visit { return v.mobile }, false)
	}
	pooled := func(p float64, floor bool) func(*variant) []float64 {
		return func(v *variant) []float64 {
			var all []float64
			for _, r := range v.runs {
				if floor {
					all = append(all, r.PaintFloor...)
				} else {
					all = append(all, r.Paint...)
				}
			}
			return []float64{stats.Quantile(all, p)}
		}
	}
	row(fmt.Sprintf("slider input → painted, 4× CPU, median of %d×%d", len(a.runs), paints), ms, pooled(0.5, false))
	row(fmt.Sprintf("slider input → painted, 4× CPU, p95 of %d×%d", len(a.runs), paints), ms, pooled(0.95, false))
	row("the same measure's floor (a change that costs the page nothing), median", ms, pooled(0.5, true))

	w.WriteString("\nRequests that failed (every distinct one, all runs):\n\n")
	for _, v := range []*variant{a, b} {
		fails := visit.Failures(v.runs, v.mobile)
		if len(fails) == 0 {
			fmt.Fprintf(w, "- %s: none\n", v.name)
			continue
		}
		for _, f := range fails {
			fmt.Fprintf(w, "- %s: %s\n", v.name, f)
		}
	}
}

func raw(w *strings.Builder, v *variant) {
	line := func(label string, x visit.Visit) {
		fmt.Fprintf(w, "- %s %s: fcp %.1f ms, visible %.1f ms, interactive %.1f ms, app %.1f ms, page %d B, server %d B in %d requests (wasm %d B), wasm encoded %d B decoded %d B, controlled %v, navigations %v\n",
			v.name, label, x.FCP, x.Visible, x.TTI, x.App, x.PageBytes, x.ServerBytes, x.ServerReqs, x.WasmServer, x.WasmEncoded, x.WasmDecoded, x.Controlled, x.Navigations)
	}
	for i, r := range v.runs {
		line(fmt.Sprintf("run %d first", i+1), r.First)
		line(fmt.Sprintf("run %d repeat", i+1), r.Repeat)
		if i < len(v.mobile) {
			line(fmt.Sprintf("run %d mobile", i+1), v.mobile[i])
		}
		ps := make([]string, len(r.Paint))
		for j, p := range r.Paint {
			ps[j] = fmt.Sprintf("%.1f", p)
		}
		fmt.Fprintf(w, "- %s run %d slider→paint ms (median %.1f, p95 %.1f): %s\n", v.name, i+1, stats.Median(r.Paint), stats.Quantile(r.Paint, 0.95), strings.Join(ps, " "))
	}
}

func collect(v *variant, f func(visit.ColdRun) visit.Visit) []visit.Visit {
	out := make([]visit.Visit, len(v.runs))
	for i, r := range v.runs {
		out[i] = f(r)
	}
	return out
}

// cpu4Table writes issue 12's measures, ours beside plain go-app: medians
// of the traced 4× CPU visits.
func cpu4Table(w *strings.Builder, a, b *variant) {
	fmt.Fprintf(w, "\n#### 4× CPU, loopback, traced (median of %d cold runs; repeat visit served by the service worker)\n\n", len(a.cpu4))
	fmt.Fprintf(w, "| metric | ours | plain go-app | ours/plain |\n|---|---:|---:|---:|\n")
	for i, label := range []string{"first visit", "repeat visit"} {
		row := func(name string, unit func(float64) string, f func(visit.Visit) float64) {
			med := func(v *variant) float64 {
				var xs []float64
				for _, r := range v.cpu4 {
					xs = append(xs, f(r[i]))
				}
				return stats.Median(xs)
			}
			row(w, label+": "+name, unit, med(a), med(b))
		}
		tr := func(f func(*trace.Breakdown) float64) func(visit.Visit) float64 {
			return func(v visit.Visit) float64 {
				if v.Trace == nil {
					return 0
				}
				return f(v.Trace)
			}
		}
		row("first contentful paint", ms, func(v visit.Visit) float64 { return v.FCP })
		row("largest contentful paint (last entry)", ms, func(v visit.Visit) float64 { return v.LCP })
		row("LCP − FCP", ms, func(v visit.Visit) float64 { return v.LCP - v.FCP })
		row("largest-contentful-paint entries", count, func(v visit.Visit) float64 { return float64(v.LCPs) })
		row("cumulative layout shift", func(x float64) string { return fmt.Sprintf("%.3f", x) }, func(v visit.Visit) float64 { return v.CLS })
		row("a control first answers (slider changes the result)", ms, func(v visit.Visit) float64 { return v.TTI })
		row("the answer painted (first paint after it)", ms, tr(func(b *trace.Breakdown) float64 { return b.Painted }))
		row("longest task, first paint → the answer painted", ms, tr(func(b *trace.Breakdown) float64 { return b.LongestToAnswer }))
		row("the app runs: every control answers (the quiz too)", ms, func(v visit.Visit) float64 { return v.App })
		row("every control answers, painted (the trace's window ends)", ms, tr(func(b *trace.Breakdown) float64 { return b.Ready }))
		// The page waits for its warm-up worker, which the throttling does
		// not slow: on the tablet it stands for, the worker takes ~4× as long.
		row("the app runs, the worker slowed 4× too (estimate: + 3 × its time)", ms, func(v visit.Visit) float64 {
			if v.Trace == nil {
				return v.App
			}
			return v.App + 3*v.Trace.Worker
		})
		row("longest main-thread task, navigation → every control answers", ms, tr(func(b *trace.Breakdown) float64 { return b.Longest }))
		row("longest task, first paint → every control answers", ms, tr(func(b *trace.Breakdown) float64 { return b.LongestAfter }))
		row("tasks over 200 ms, first paint → every control answers", count, tr(func(b *trace.Breakdown) float64 { return b.LongAfterFCP }))
		row("total blocking time, first paint → every control answers", ms, tr(func(b *trace.Breakdown) float64 { return b.Blocking }))
		row("trace: layout", ms, tr(func(b *trace.Breakdown) float64 { return b.Layout }))
		row("trace: layout objects laid out (Σ dirtyObjects)", count, tr(func(b *trace.Breakdown) float64 { return b.LayoutObjects }))
		row("trace: layouts", count, tr(func(b *trace.Breakdown) float64 { return b.Layouts }))
		row("trace: style recalculation", ms, tr(func(b *trace.Breakdown) float64 { return b.Style }))
		row("trace: script and wasm", ms, tr(func(b *trace.Breakdown) float64 { return b.Script }))
		row("trace: wasm compiled on the main thread", ms, tr(func(b *trace.Breakdown) float64 { return b.WasmCompile }))
		row("trace: paint", ms, tr(func(b *trace.Breakdown) float64 { return b.Paint }))
		row("trace: ran in a worker (not throttled: ×4 on the tablet)", ms, tr(func(b *trace.Breakdown) float64 { return b.Worker }))
	}
	w.WriteString("\nLongest tasks, navigation → every control answers, each run (ms): \n\n")
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

// devTable reports the authoring loop.
func devTable(w *strings.Builder, r *visit.DevLoop) {
	fmt.Fprintf(w, "\n## make dev: save → reloaded (%d saves)\n\n", len(r.Reloaded))
	w.WriteString("| | median | max |\n|---|---|---|\n")
	fmt.Fprintf(w, "| rebuild of the pages (site.BuildCourse in dev mode: no wasm compile, web folder prepared once) | %s | %s |\n", ms(stats.Median(r.Build)), ms(stats.Quantile(r.Build, 1)))
	fmt.Fprintf(w, "| content file saved → open tab shows the new page (watch every 50 ms, rebuild, event, reload) | %s | %s |\n", ms(stats.Median(r.Reloaded)), ms(stats.Quantile(r.Reloaded, 1)))
}
