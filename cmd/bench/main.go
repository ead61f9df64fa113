// Command bench measures the lesson as we ship it ("ours": site.Build and
// internal/server) side by side with the same lesson served the plain
// go-app way ("plain": app.Handler with its defaults), in headless Chromium,
// then puts our server under a bounded loopback load.
//
//	go run ./cmd/bench [-runs 5] [-v] [-mobile=false] [-load=false] [-out FILE]
//
// Run it from the module root. The report (Markdown) goes to stdout,
// progress to stderr. Absolute times depend on the machine; compare the
// medians and the ratios.
//
// What each measure means, and how the page takes it, is in internal/visit.
// The packages named by what they do hold the rest (README: "Where things
// are"); this command keeps the flags, the two variants (serve.go), the tables
// (report.go).
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"time"

	"golesson/internal/browser"
	"golesson/internal/compare"
	"golesson/internal/lighthouse"
	"golesson/internal/loadgen"
	"golesson/internal/visit"
)

// paints is how many slider changes each cold run times at 4× CPU.
const paints = 50

// variant is one way of serving the lesson, and what its runs measured.
type variant struct {
	name   string
	srv    *visit.Server
	runs   []visit.ColdRun
	mobile []visit.Visit
	cpu4   [][2]visit.Visit // first and repeat visit at 4× CPU, traced
}

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run() error {
	runs := flag.Int("runs", 5, "cold runs per variant (fresh browser profile each)")
	verbose := flag.Bool("v", false, "also print every run's raw numbers")
	withCPU4 := flag.Bool("cpu4", true, "also measure traced first and repeat visits at 4× CPU on loopback (issue 12)")
	traceDir := flag.String("trace-dir", "", "also write each traced 4× CPU visit to this folder (Chrome trace JSON, for DevTools)")
	withDesktop := flag.Bool("desktop", true, "measure the unthrottled first and repeat visits and the slider")
	withMobile := flag.Bool("mobile", true, "also measure first visits with 4× CPU and a slow 4G network")
	mobileRuns := flag.Int("mobile-runs", 0, "cold mobile runs per variant, at most -runs (default: -runs); each downloads the wasm at 1.6 Mbit/s")
	withLighthouse := flag.Bool("lighthouse", true, "also run Lighthouse 12.2.3's mobile profile on both variants (cmd/bench/js)")
	lighthouseRuns := flag.Int("lighthouse-runs", 3, "Lighthouse runs per variant")
	withLoad := flag.Bool("load", true, "also run the loopback load against our server")
	requests := flag.Int("requests", 50000, "load: total requests")
	concurrency := flag.Int("concurrency", 64, "load: concurrent keep-alive clients")
	out := flag.String("out", "", "also write the report to this file")
	nginx := flag.Bool("nginx", true, "also load our server and nginx side by side with wrk (internal/compare)")
	nginxOnly := flag.String("nginx-only", "", "only the nginx comparison, on this built folder (e.g. dist)")
	nginxRounds := flag.Int("nginx-rounds", 3, "nginx comparison: runs per server, case and concurrency")
	nginxDur := flag.Duration("nginx-duration", 5*time.Second, "nginx comparison: length of one wrk run")
	nginxCases := flag.String("nginx-cases", "", "nginx comparison: only the cases whose name contains this (\"wasm\", \"304\", \"GET /\")")
	nginxPin := flag.Bool("nginx-pin", true, "nginx comparison: wrk on half the CPUs, the server under test on the other half (false: all share them)")
	lessonFile := flag.String("lesson", "content/day1-00-finetuning.md", "lesson to build")
	withDev := flag.Bool("dev", true, "also time make dev's save → reloaded loop on a copy of content/")
	devSaves := flag.Int("dev-saves", 7, "make dev: saves to time")
	webDir := flag.String("web", "web", "static assets folder")
	wasm := flag.String("wasm", "", "prebuilt app.wasm (default: compile ./cmd/wasm)")
	flag.Parse()
	if *runs < 1 {
		return fmt.Errorf("-runs must be at least 1")
	}
	if *mobileRuns <= 0 || *mobileRuns > *runs {
		*mobileRuns = *runs
	}
	nginxOpts := compare.Options{Only: *nginxCases, Concurrencies: []int{16, 64}, Rounds: *nginxRounds, Duration: *nginxDur, Pin: *nginxPin, Progress: progress}
	if *nginxOnly != "" {
		return nginxReport(*nginxOnly, *out, nginxOpts)
	}

	chrome, err := browser.Path()
	if err != nil {
		return err
	}
	if *withLighthouse {
		if err := lighthouse.Check(); err != nil {
			return err // now, not after the browser runs
		}
	}
	tmp, cleanup, err := mkTemp()
	if err != nil {
		return err
	}
	defer cleanup()

	progress("building %s", *lessonFile)
	b, err := buildSite(tmp, *lessonFile, *webDir, *wasm)
	if err != nil {
		return err
	}
	hA, closeA, err := oursHandler(b)
	if err != nil {
		return err
	}
	defer closeA()
	hB, err := plainHandler(b)
	if err != nil {
		return err
	}
	ours, plain := &variant{name: "ours"}, &variant{name: "plain"}
	if ours.srv, err = visit.Serve(hA, true); err != nil {
		return err
	}
	defer ours.srv.Stop()
	if plain.srv, err = visit.Serve(hB, true); err != nil {
		return err
	}
	defer plain.srv.Stop()
	if err := ours.srv.Warm(b.webPath("/web/lesson.css"), b.webPath("/web/app.wasm")); err != nil {
		return fmt.Errorf("ours: %w", err)
	}
	if err := plain.srv.Warm("/web/lesson.css", "/web/app.wasm"); err != nil {
		return fmt.Errorf("plain: %w", err)
	}

	chromeVersion, err := visit.BrowserVersion()
	if err != nil {
		return err
	}

	began := time.Now()
	for i := range *runs {
		// Alternate the order, so neither variant always runs on a machine
		// warmed (or disturbed) by the other.
		order := []*variant{ours, plain}
		if i%2 == 1 {
			slices.Reverse(order)
		}
		for _, v := range order {
			if *withDesktop {
				progress("%s: cold run %d/%d (first visit, repeat visit, %d slider changes)", v.name, i+1, *runs, paints)
				r, err := visit.Cold(v.srv, paints)
				if err != nil {
					return fmt.Errorf("%s, cold run %d: %w", v.name, i+1, err)
				}
				v.runs = append(v.runs, r)
			}
			if *withCPU4 {
				progress("%s: cold run %d/%d at 4× CPU, traced (first and repeat visit)", v.name, i+1, *runs)
				f, r, err := visit.ColdCPU4(v.srv, *traceDir)
				if err != nil {
					return fmt.Errorf("%s, cold run %d: %w", v.name, i+1, err)
				}
				v.cpu4 = append(v.cpu4, [2]visit.Visit{f, r})
			}
			if *withMobile && i < *mobileRuns {
				progress("%s: cold run %d/%d, mobile profile", v.name, i+1, *mobileRuns)
				m, err := visit.ColdMobile(v.srv)
				if err != nil {
					return fmt.Errorf("%s, cold run %d: %w", v.name, i+1, err)
				}
				v.mobile = append(v.mobile, m)
			}
		}
	}
	var lhOurs, lhPlain []lighthouse.Run
	if *withLighthouse {
		if lhOurs, lhPlain, err = lighthouse.Pair(chrome, ours.srv.URL, plain.srv.URL, tmp, *lighthouseRuns, progress); err != nil {
			return err
		}
	}
	progress("browser runs took %s", time.Since(began).Round(time.Second))

	var rep strings.Builder
	fmt.Fprintf(&rep, "Lesson benchmark, %s: %s, %s, %d CPUs (%s/%s), %d cold runs per variant, build %s.\n",
		time.Now().Format("2006-01-02 15:04 MST"), runtime.Version(), chromeVersion, runtime.NumCPU(),
		runtime.GOOS, runtime.GOARCH, *runs, b.result.Version)
	if *withMobile {
		fmt.Fprintf(&rep, "Mobile profile: %d cold runs per variant, 4× CPU, 150 ms latency, 1.6 Mbit/s down, 750 kbit/s up.\n", *mobileRuns)
	}
	fmt.Fprintf(&rep, "Absolute times depend on the machine (and on what else runs on it); compare the medians and the ratios.\n\n")
	if *withDesktop {
		browserTable(&rep, ours, plain, *withMobile)
	}
	if *withCPU4 {
		cpu4Table(&rep, ours, plain)
	}
	if len(lhOurs) > 0 {
		lighthouse.Table(&rep, lhOurs, lhPlain)
	}

	var failed error // reported after the report is printed
	if *withLoad {
		progress("load: %d requests, %d clients", *requests, *concurrency)
		h, closeH, err := oursHandler(b)
		if err != nil {
			return err
		}
		defer closeH()
		srv, err := visit.Serve(h, false) // unmetered: the server exactly as shipped
		if err != nil {
			return err
		}
		// Bounded in time too: 10 minutes is 50 times what the default load takes here.
		res, err := loadgen.Run(srv.URL, []string{"/", b.webPath("/web/lesson.css"), b.webPath("/web/app.wasm")},
			loadgen.Options{Requests: *requests, Concurrency: *concurrency, Limit: 10 * time.Minute})
		srv.Stop()
		if err != nil {
			return err
		}
		res.Table(&rep)
		if res.Errors > 0 {
			failed = fmt.Errorf("load: %d of %d requests failed", res.Errors, res.Requests)
		}
	}

	if *withDev {
		progress("make dev: %d saves", *devSaves)
		r, err := visit.TimeDevLoop(tmp, filepath.Dir(*lessonFile), *webDir, filepath.Join(b.dir, filepath.FromSlash(b.webPath("/web/app.wasm"))), *devSaves)
		if err != nil {
			return fmt.Errorf("make dev: %w", err)
		}
		devTable(&rep, r)
	}

	if *nginx {
		// A failure here still prints the minutes of measures above.
		res, err := compare.Compare(b.dir, b.webPath("/web/app.wasm"), nginxOpts)
		if err != nil {
			failed = errors.Join(failed, fmt.Errorf("nginx comparison: %w", err))
		} else {
			res.Table(&rep)
		}
	}

	if *verbose {
		rep.WriteString("\n## Raw numbers\n\n")
		raw(&rep, ours)
		raw(&rep, plain)
	}

	fmt.Print(rep.String())
	if *out != "" {
		if err := os.WriteFile(*out, []byte(rep.String()), 0o644); err != nil {
			return err
		}
	}
	return failed
}

func progress(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "bench: "+format+"\n", args...)
}

// nginxReport is -nginx-only: the comparison alone, on a built folder.
func nginxReport(dist, out string, o compare.Options) error {
	wasm, err := filepath.Glob(filepath.Join(dist, "web", "app.*.wasm"))
	if err != nil || len(wasm) != 1 {
		return fmt.Errorf("want one web/app.*.wasm in %s, found %v", dist, wasm)
	}
	res, err := compare.Compare(dist, "/web/"+filepath.Base(wasm[0]), o)
	if err != nil {
		return err
	}
	var rep strings.Builder
	res.Table(&rep)
	fmt.Print(rep.String())
	if out != "" {
		return os.WriteFile(out, []byte(rep.String()), 0o644)
	}
	return nil
}
