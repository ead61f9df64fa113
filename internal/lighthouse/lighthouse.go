// Package lighthouse runs Lighthouse 12.2.3 (pinned in cmd/bench/js) for
// make bench and reads its report: the performance score and its metrics.
package lighthouse

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"golesson/internal/browser"
	"golesson/internal/stats"
)

// Bin is Lighthouse 12.2.3, which .ci/ensure-bench installs with
// npm ci in cmd/bench/js (13 needs Node 22).
const Bin = "cmd/bench/js/node_modules/.bin/lighthouse"

// Run is one Lighthouse run: the performance score (0–100) and the
// metrics it is made of, in ms (CLS unitless).
type Run struct {
	score                       float64
	fcp, lcp, tbt, cls, si, max float64
}

// Check tells whether Lighthouse is installed, so a bench can say so
// before it runs for minutes.
func Check() error {
	if _, err := os.Stat(Bin); err != nil {
		return fmt.Errorf("no Lighthouse at %s: run make bench (it installs it): %w", Bin, err)
	}
	return nil
}

// Measure runs Lighthouse's default mobile profile (simulated 4× CPU and
// slow 4G: what its performance score is defined on), performance only,
// against url in the bench's Chromium with the flags every run here needs.
// Lighthouse starts Chromium itself, with a fresh profile each run, so each
// run is a cold first visit.
func Measure(chrome, url, tmp string) (Run, error) {
	if err := Check(); err != nil {
		return Run{}, err
	}
	out := filepath.Join(tmp, "lighthouse.json")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, Bin, url,
		"--only-categories=performance", "--output=json", "--output-path="+out, "--quiet",
		"--chrome-flags=--headless=new --"+strings.Join(browser.Flags, " --"))
	cmd.Env = append(os.Environ(), "CHROME_PATH="+chrome)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return Run{}, fmt.Errorf("lighthouse %s: %v\n%s", url, err, msg)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		return Run{}, err
	}
	return Parse(data)
}

// Pair runs Lighthouse runs times on each of two variants, alternating
// them, and reports each run through progress.
func Pair(chrome, ours, plain, tmp string, runs int, progress func(string, ...any)) (a, b []Run, err error) {
	for i := range runs {
		for _, v := range []struct {
			name, url string
			to        *[]Run
		}{{"ours", ours, &a}, {"plain", plain, &b}} {
			progress("%s: Lighthouse run %d/%d", v.name, i+1, runs)
			r, err := Measure(chrome, v.url, tmp)
			if err != nil {
				return nil, nil, fmt.Errorf("%s: %w", v.name, err)
			}
			*v.to = append(*v.to, r)
		}
	}
	return a, b, nil
}

// Parse reads a Lighthouse JSON report.
func Parse(data []byte) (Run, error) {
	var r struct {
		RuntimeError *struct{ Code, Message string } `json:"runtimeError"`
		Categories   struct {
			Performance struct {
				Score *float64 `json:"score"`
			} `json:"performance"`
		} `json:"categories"`
		Audits map[string]struct {
			NumericValue float64 `json:"numericValue"`
		} `json:"audits"`
	}
	if err := json.Unmarshal(data, &r); err != nil {
		return Run{}, fmt.Errorf("reading Lighthouse's report: %w", err)
	}
	if r.RuntimeError != nil && r.RuntimeError.Code != "" {
		return Run{}, fmt.Errorf("lighthouse: %s: %s", r.RuntimeError.Code, r.RuntimeError.Message)
	}
	if r.Categories.Performance.Score == nil {
		return Run{}, errors.New("lighthouse gave no performance score")
	}
	a := func(id string) float64 { return r.Audits[id].NumericValue }
	return Run{
		score: *r.Categories.Performance.Score * 100,
		fcp:   a("first-contentful-paint"),
		lcp:   a("largest-contentful-paint"),
		tbt:   a("total-blocking-time"),
		cls:   a("cumulative-layout-shift"),
		si:    a("speed-index"),
		max:   a("max-potential-fid"),
	}, nil
}

// Table writes the medians of both variants' Lighthouse runs.
func Table(w *strings.Builder, a, b []Run) {
	fmt.Fprintf(w, "\n#### Lighthouse 12.2.3, mobile profile (simulated 4× CPU, slow 4G), median of %d cold runs\n\n", len(a))
	fmt.Fprintf(w, "| metric | ours | plain go-app | ours/plain |\n|---|---:|---:|---:|\n")
	row := func(name, unit string, get func(Run) float64) {
		med := func(rs []Run) float64 {
			var xs []float64
			for _, r := range rs {
				xs = append(xs, get(r))
			}
			return stats.Median(xs)
		}
		x, y := med(a), med(b)
		ratio := stats.Ratio(x, y)
		format := "%.0f"
		if unit == "" {
			format = "%.3f"
		}
		fmt.Fprintf(w, "| %s | "+format+"%s | "+format+"%s | %s |\n", name, x, unit, y, unit, ratio)
	}
	row("performance score (0–100)", " ", func(r Run) float64 { return r.score })
	row("first contentful paint", " ms", func(r Run) float64 { return r.fcp })
	row("largest contentful paint", " ms", func(r Run) float64 { return r.lcp })
	row("total blocking time", " ms", func(r Run) float64 { return r.tbt })
	row("max potential first input delay", " ms", func(r Run) float64 { return r.max })
	row("speed index", " ms", func(r Run) float64 { return r.si })
	row("cumulative layout shift", "", func(r Run) float64 { return r.cls })
}
