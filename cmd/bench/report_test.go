package main

import (
	"flag"
	"os"
	"strings"
	"testing"
	"time"

	"golesson/internal/browser/trace"
	"golesson/internal/loadgen"
	"golesson/internal/visit"
)

var update = flag.Bool("update", false, "rewrite testdata/report.golden")

// fixture is two variants of two cold runs each with round numbers, so the
// golden report can be checked by hand: medians of two values are their
// mean, ratios ours/plain.
func fixture() (ours, plain *variant) {
	v := func(fcp, tti float64, bytes int64, failed ...string) visit.Visit {
		return visit.Visit{FCP: fcp, Visible: fcp - 50, TTI: tti, App: tti + 200, LCP: fcp + 10, LCPs: 1, CLS: 0.001,
			PageBytes: bytes, ServerBytes: bytes + 100, ServerReqs: 20, WasmServer: max(bytes-1000, 0),
			WasmEncoded: max(bytes-1000, 0), WasmDecoded: 9_030_000, Controlled: true, Failed: failed,
			Trace: &trace.Breakdown{Layout: 300, Script: tti / 2, Longest: 1000, Tasks: []float64{1000, 300, 250, 60, 55, 10}, Painted: tti + 50, Ready: tti + 250, Worker: 20}}
	}
	run := func(fcp, tti float64, bytes int64, paint float64, failed ...string) visit.ColdRun {
		first := v(fcp, tti, bytes, failed...)
		repeat := v(fcp/2, tti/2, 0)
		repeat.ServerReqs = 0
		return visit.ColdRun{First: first, Repeat: repeat, Paint: []float64{paint, paint * 2}, PaintFloor: []float64{10, 12}}
	}
	ours = &variant{name: "ours",
		runs:   []visit.ColdRun{run(500, 1300, 1_530_000, 20), run(600, 1500, 1_530_000, 30)},
		mobile: []visit.Visit{v(2000, 8000, 1_530_000)},
	}
	plain = &variant{name: "plain",
		runs:   []visit.ColdRun{run(550, 1700, 9_150_000, 20, "https://raw.githubusercontent.com/icon.png (net::ERR_FAILED)"), run(650, 1900, 9_150_000, 20)},
		mobile: []visit.Visit{v(2500, 9000, 9_150_000)},
	}
	for _, x := range []*variant{ours, plain} {
		for _, r := range x.runs {
			x.cpu4 = append(x.cpu4, [2]visit.Visit{r.First, r.Repeat})
		}
	}
	return ours, plain
}

// The report's tables keep their shape (the README's are pasted from them).
func TestReportGolden(t *testing.T) {
	ours, plain := fixture()
	var w strings.Builder
	browserTable(&w, ours, plain, true)
	cpu4Table(&w, ours, plain)
	(&loadgen.Result{
		Requests: 300, Concurrency: 4, Wall: 1500 * time.Millisecond,
		P50: 9 * time.Millisecond, P99: 37 * time.Millisecond, PeakHeapInuse: 19_280_000, PeakSys: 43_690_000,
		PerPath: map[string]*loadgen.PathStat{
			"/":                        {N: 150, Bytes: 150 * 10_500, Encoding: map[string]int{"br": 150}, P50: 9 * time.Millisecond, P99: 30 * time.Millisecond},
			"/web/app.0123456789.wasm": {N: 150, Bytes: 150 * 1_460_000, Encoding: map[string]int{"br": 149, "": 1}, P50: 10 * time.Millisecond, P99: 40 * time.Millisecond},
		},
	}).Table(&w)
	devTable(&w, &visit.DevLoop{Build: []float64{30, 40, 90}, Reloaded: []float64{300, 350, 500}})
	raw(&w, ours)
	got := w.String()

	const golden = "testdata/report.golden"
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (go test ./cmd/bench -update writes it)", err)
	}
	if got != string(want) {
		t.Errorf("report differs from %s (go test ./cmd/bench -update, then read the diff):\n%s", golden, got)
	}
}
