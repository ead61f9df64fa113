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
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sort"
	"strings"
	"time"

	chromium "golesson/internal/browser"
)

// paints is how many slider changes each cold run times at 4× CPU.
const paints = 50

// variant is one way of serving the lesson, and what its runs measured.
type variant struct {
	name   string
	srv    *liveServer
	runs   []coldRun
	mobile []visit
	cpu4   [][2]visit // first and repeat visit at 4× CPU, traced
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
	flag.StringVar(&traceDir, "trace-dir", "", "also write each traced 4× CPU visit to this folder (Chrome trace JSON, for DevTools)")
	withDesktop := flag.Bool("desktop", true, "measure the unthrottled first and repeat visits and the slider")
	withMobile := flag.Bool("mobile", true, "also measure first visits with 4× CPU and a slow 4G network")
	mobileRuns := flag.Int("mobile-runs", 0, "cold mobile runs per variant, at most -runs (default: -runs); each downloads the wasm at 1.6 Mbit/s")
	withLighthouse := flag.Bool("lighthouse", true, "also run Lighthouse 12.2.3's mobile profile on both variants (cmd/bench/js)")
	lighthouseRuns := flag.Int("lighthouse-runs", 3, "Lighthouse runs per variant")
	withLoad := flag.Bool("load", true, "also run the loopback load against our server")
	requests := flag.Int("requests", 50000, "load: total requests")
	concurrency := flag.Int("concurrency", 64, "load: concurrent keep-alive clients")
	out := flag.String("out", "", "also write the report to this file")
	nginx := flag.Bool("nginx", true, "also load our server and nginx side by side with wrk (nginx.go)")
	nginxOnly := flag.String("nginx-only", "", "only the nginx comparison, on this built folder (e.g. dist)")
	nginxRounds := flag.Int("nginx-rounds", 3, "nginx comparison: runs per server, case and concurrency")
	nginxDur := flag.Duration("nginx-duration", 5*time.Second, "nginx comparison: length of one wrk run")
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
	if *nginxOnly != "" {
		return nginxReport(*nginxOnly, *out, *nginxRounds, *nginxDur)
	}

	chrome, err := chromium.Path()
	if err != nil {
		return err
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
	if ours.srv, err = listen(hA, true); err != nil {
		return err
	}
	defer ours.srv.stop()
	if plain.srv, err = listen(hB, true); err != nil {
		return err
	}
	defer plain.srv.stop()
	if err := ours.srv.warm(b.webPath("/web/lesson.css"), b.webPath("/web/app.wasm")); err != nil {
		return fmt.Errorf("ours: %w", err)
	}
	if err := plain.srv.warm("/web/lesson.css", "/web/app.wasm"); err != nil {
		return fmt.Errorf("plain: %w", err)
	}

	chromeVersion, err := browserVersion(chrome)
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
				r, err := runDesktop(chrome, v.srv, paints)
				if err != nil {
					return fmt.Errorf("%s, cold run %d: %w", v.name, i+1, err)
				}
				v.runs = append(v.runs, r)
			}
			if *withCPU4 {
				progress("%s: cold run %d/%d at 4× CPU, traced (first and repeat visit)", v.name, i+1, *runs)
				f, r, err := runCPU4(chrome, v.srv)
				if err != nil {
					return fmt.Errorf("%s, cold run %d: %w", v.name, i+1, err)
				}
				v.cpu4 = append(v.cpu4, [2]visit{f, r})
			}
			if *withMobile && i < *mobileRuns {
				progress("%s: cold run %d/%d, mobile profile", v.name, i+1, *mobileRuns)
				m, err := runMobile(chrome, v.srv)
				if err != nil {
					return fmt.Errorf("%s, cold run %d: %w", v.name, i+1, err)
				}
				v.mobile = append(v.mobile, m)
			}
		}
	}
	var lhOurs, lhPlain []lhRun
	for i := range *lighthouseRuns {
		if !*withLighthouse {
			break
		}
		for _, v := range []*variant{ours, plain} {
			progress("%s: Lighthouse run %d/%d", v.name, i+1, *lighthouseRuns)
			r, err := lighthouse(chrome, v.srv.url, tmp)
			if err != nil {
				return fmt.Errorf("%s: %w", v.name, err)
			}
			if v == ours {
				lhOurs = append(lhOurs, r)
			} else {
				lhPlain = append(lhPlain, r)
			}
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
		lighthouseTable(&rep, lhOurs, lhPlain)
	}

	var failed error // reported after the report is printed
	if *withLoad {
		progress("load: %d requests, %d clients", *requests, *concurrency)
		h, closeH, err := oursHandler(b)
		if err != nil {
			return err
		}
		defer closeH()
		srv, err := listen(h, false) // unmetered: the server exactly as shipped
		if err != nil {
			return err
		}
		res, err := runLoad(srv.url, []string{"/", b.webPath("/web/lesson.css"), b.webPath("/web/app.wasm")}, *requests, *concurrency)
		srv.stop()
		if err != nil {
			return err
		}
		loadTable(&rep, res)
		if res.Errors > 0 {
			failed = fmt.Errorf("load: %d of %d requests failed", res.Errors, res.Requests)
		}
	}

	if *withDev {
		progress("make dev: %d saves", *devSaves)
		r, err := benchDev(chrome, tmp, filepath.Dir(*lessonFile), *webDir, filepath.Join(b.dir, filepath.FromSlash(b.webPath("/web/app.wasm"))), *devSaves)
		if err != nil {
			return fmt.Errorf("make dev: %w", err)
		}
		devTable(&rep, r)
	}

	if *nginx {
		if err := nginxCompare(&rep, b.dir, b.webPath("/web/app.wasm"), []int{16, 64}, *nginxRounds, *nginxDur); err != nil {
			return err
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

// browserTable writes the side-by-side table and what failed to load.
func browserTable(w *strings.Builder, a, b *variant, withMobile bool) {
	fmt.Fprintf(w, "| metric (median of %d cold runs) | ours | plain go-app | ours/plain |\n|---|---:|---:|---:|\n", len(a.runs))
	row := func(name string, unit func(float64) string, get func(*variant) []float64) {
		x, y := median(get(a)), median(get(b))
		ratio := "—"
		if y != 0 {
			ratio = fmt.Sprintf("%.2f", x/y)
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s |\n", name, unit(x), unit(y), ratio)
	}
	visitRows := func(label string, visits func(*variant) []visit, wasmSizes bool) {
		field := func(f func(visit) float64) func(*variant) []float64 {
			return func(v *variant) []float64 {
				var out []float64
				for _, x := range visits(v) {
					out = append(out, f(x))
				}
				return out
			}
		}
		row(label+": first contentful paint", ms, field(func(x visit) float64 { return x.FCP }))
		row(label+": lesson title visible and on top", ms, field(func(x visit) float64 { return x.Visible }))
		row(label+": interactive (slider changes the result)", ms, field(func(x visit) float64 { return x.TTI }))
		row(label+": bytes to the page (Σ CDP encodedDataLength)", size, field(func(x visit) float64 { return float64(x.PageBytes) }))
		row(label+": bytes the server sent (bodies, service worker included)", size, field(func(x visit) float64 { return float64(x.ServerBytes) }))
		row(label+": requests the server answered", count, field(func(x visit) float64 { return float64(x.ServerReqs) }))
		row(label+": wasm bytes the server sent", size, field(func(x visit) float64 { return float64(x.WasmServer) }))
		if wasmSizes {
			row(label+": wasm body on the wire (encodedBodySize)", size, field(func(x visit) float64 { return float64(x.WasmEncoded) }))
			row(label+": wasm body decoded (decodedBodySize)", size, field(func(x visit) float64 { return float64(x.WasmDecoded) }))
		}
	}
	visitRows("first visit", func(v *variant) []visit { return collect(v, func(r coldRun) visit { return r.First }) }, true)
	fmt.Fprintf(w, "| repeat visit: controlled by the service worker | %s | %s | — |\n", controlled(a), controlled(b))
	visitRows("repeat visit", func(v *variant) []visit { return collect(v, func(r coldRun) visit { return r.Repeat }) }, false)
	// A median hides a bimodal result: count the runs that fetched the wasm.
	fmt.Fprintf(w, "| repeat visit: runs in which the server sent wasm bytes | %s | %s | — |\n", refetched(a), refetched(b))
	if withMobile {
		visitRows("mobile first visit", func(v *variant) []visit { return v.mobile }, false)
	}
	pooled := func(p float64) func(*variant) []float64 {
		return func(v *variant) []float64 {
			var all []float64
			for _, r := range v.runs {
				all = append(all, r.Paint...)
			}
			return []float64{quantile(all, p)}
		}
	}
	row(fmt.Sprintf("slider input → painted, 4× CPU, median of %d×%d", len(a.runs), paints), ms, pooled(0.5))
	row(fmt.Sprintf("slider input → painted, 4× CPU, p95 of %d×%d", len(a.runs), paints), ms, pooled(0.95))

	w.WriteString("\nRequests that failed (every distinct one, all runs):\n\n")
	for _, v := range []*variant{a, b} {
		fails := failures(v)
		if len(fails) == 0 {
			fmt.Fprintf(w, "- %s: none\n", v.name)
			continue
		}
		for _, f := range fails {
			fmt.Fprintf(w, "- %s: %s\n", v.name, f)
		}
	}
}

func loadTable(w *strings.Builder, r *loadResult) {
	fmt.Fprintf(w, "\n### Load on our server: %d requests, %d keep-alive clients, loopback, `Accept-Encoding: br, gzip`\n\n", r.Requests, r.Concurrency)
	fmt.Fprintf(w, "| measure | value |\n|---|---:|\n")
	fmt.Fprintf(w, "| errors (transport, non-2xx, short body) | %d |\n", r.Errors)
	fmt.Fprintf(w, "| requests/s | %.0f |\n", float64(r.Requests)/r.Wall.Seconds())
	fmt.Fprintf(w, "| wall time | %s |\n", r.Wall.Round(time.Millisecond))
	fmt.Fprintf(w, "| latency p50 / p99 (request to last body byte) | %s / %s |\n", r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond))
	fmt.Fprintf(w, "| peak HeapInuse / Sys, whole process (server and clients in-process) | %s / %s |\n", size(float64(r.PeakHeapInuse)), size(float64(r.PeakSys)))
	paths := make([]string, 0, len(r.PerPath))
	for p := range r.PerPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		s := r.PerPath[p]
		if s.n == 0 {
			continue
		}
		var encs []string
		for e, n := range s.encoding {
			if e == "" {
				e = "identity"
			}
			encs = append(encs, fmt.Sprintf("%s×%d", e, n))
		}
		sort.Strings(encs)
		fmt.Fprintf(w, "| `%s`: bytes/response (Content-Encoding); latency p50 / p99 | %s (%s); %s / %s |\n", p,
			size(float64(s.bytes)/float64(s.n)), strings.Join(encs, ", "), s.P50.Round(10*time.Microsecond), s.P99.Round(10*time.Microsecond))
	}
	for _, e := range r.FirstErrors {
		fmt.Fprintf(w, "\nerror: %s\n", e)
	}
}

func raw(w *strings.Builder, v *variant) {
	line := func(label string, x visit) {
		fmt.Fprintf(w, "- %s %s: fcp %.1f ms, visible %.1f ms, interactive %.1f ms, page %d B, server %d B in %d requests (wasm %d B), wasm encoded %d B decoded %d B, controlled %v, navigations %v\n",
			v.name, label, x.FCP, x.Visible, x.TTI, x.PageBytes, x.ServerBytes, x.ServerReqs, x.WasmServer, x.WasmEncoded, x.WasmDecoded, x.Controlled, x.Navigations)
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
		fmt.Fprintf(w, "- %s run %d slider→paint ms (median %.1f, p95 %.1f): %s\n", v.name, i+1, quantile(r.Paint, 0.5), quantile(r.Paint, 0.95), strings.Join(ps, " "))
	}
}

func collect(v *variant, f func(coldRun) visit) []visit {
	out := make([]visit, len(v.runs))
	for i, r := range v.runs {
		out[i] = f(r)
	}
	return out
}

func controlled(v *variant) string {
	n := 0
	for _, r := range v.runs {
		if r.Repeat.Controlled {
			n++
		}
	}
	return fmt.Sprintf("%d/%d", n, len(v.runs))
}

func refetched(v *variant) string {
	n := 0
	for _, r := range v.runs {
		if r.Repeat.WasmServer > 0 {
			n++
		}
	}
	return fmt.Sprintf("%d/%d", n, len(v.runs))
}

func failures(v *variant) []string {
	seen := map[string]bool{}
	var all []visit
	for _, r := range v.runs {
		all = append(all, r.First, r.Repeat)
	}
	all = append(all, v.mobile...)
	for _, x := range all {
		for _, f := range x.Failed {
			seen[f] = true
		}
	}
	out := make([]string, 0, len(seen))
	for f := range seen {
		out = append(out, f)
	}
	sort.Strings(out)
	return out
}

func median(xs []float64) float64 { return quantile(xs, 0.5) }

// quantile is the nearest-rank p-quantile; the median of an even count is
// the mean of the two middle values.
func quantile(xs []float64, p float64) float64 {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	if p == 0.5 && len(s)%2 == 0 {
		return (s[len(s)/2-1] + s[len(s)/2]) / 2
	}
	return s[rank(len(s), p)]
}

func ms(x float64) string { return fmt.Sprintf("%.0f ms", x) }

func count(x float64) string { return fmt.Sprintf("%.0f", x) }

func size(x float64) string {
	switch {
	case x < 1000:
		return fmt.Sprintf("%.0f B", x)
	case x < 1e6:
		return fmt.Sprintf("%.1f kB", x/1e3)
	default:
		return fmt.Sprintf("%.2f MB", x/1e6)
	}
}
