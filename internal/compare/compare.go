// Package compare puts our server (cmd/server, as its own process) and
// nginx (internal/nginx) side by side under wrk on loopback, for make
// bench: the same requests, rounds that alternate which server goes first,
// each server's CPU time and peak memory (internal/proc), and the table of
// medians.
package compare

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"syscall"
	"time"

	"golesson/internal/nginx"
	"golesson/internal/proc"
	"golesson/internal/stats"
	"golesson/internal/wrk"
)

// Case is one kind of request, the same for both servers.
type Case struct {
	Name    string
	Path    string
	Headers []string // "Name: value"; "If-None-Match: ETAG" gets each server's own tag
	Status  int      // what each server must answer, checked once before the load
}

// Cases are the requests compared: the page, its revalidation and the
// brotli wasm at wasmPath.
func Cases(wasmPath string) []Case {
	const ae = "Accept-Encoding: gzip, deflate, br, zstd" // as Chromium asks
	return []Case{
		{"GET / (brotli)", "/", []string{ae}, 200},
		{"304 revalidation of / (If-None-Match)", "/", []string{ae, "If-None-Match: ETAG"}, 304},
		{"the brotli wasm (" + wasmPath + ")", wasmPath, []string{ae}, 200},
	}
}

// Options are what to run: the cases whose name contains Only, at each of
// Concurrencies, Rounds runs of Duration per server.
type Options struct {
	Only          string
	Concurrencies []int
	Rounds        int
	Duration      time.Duration
	Progress      func(format string, args ...any)
}

// Contender is one server under test.
type Contender struct {
	Name string
	URL  string // http://127.0.0.1:PORT/
	PIDs func() []int
	Stop func() error
}

// Run is one wrk run against one server.
type Run struct {
	wrk.Result
	CPU float64 // seconds of CPU the server's processes used meanwhile
}

// Results are every run, by case, concurrency and server.
type Results struct {
	Cases         []Case
	Concurrencies []int
	Rounds        int
	Duration      time.Duration
	Runs          map[Key][]Run
	PeakRSS       [2]int64 // ours, nginx
	LoadBefore    string   // 1-minute load average before and after
	LoadAfter     string
	NginxVersion  string
}

// Key names the runs of one case at one concurrency against one server.
type Key struct {
	Case, Concurrency int
	Server            string
}

// Compare serves dist with our server and nginx and runs the cases.
func Compare(dist, wasmPath string, o Options) (*Results, error) {
	if err := nginx.Check(); err != nil {
		return nil, err
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return nil, errors.New("wrk is missing: run .ci/ensure-bench (installs nginx-light, libnginx-mod-http-brotli-static, wrk)")
	}
	cases := slices.DeleteFunc(Cases(wasmPath), func(c Case) bool { return !strings.Contains(c.Name, o.Only) })
	if len(cases) == 0 {
		return nil, fmt.Errorf("-nginx-cases %q matches no case", o.Only)
	}
	tmp, err := os.MkdirTemp("", "lesson-bench-nginx-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	ours, err := startOurs(tmp, dist)
	if err != nil {
		return nil, err
	}
	defer ours.Stop()
	ng, err := nginx.Start(tmp, dist)
	if err != nil {
		return nil, err
	}
	defer ng.Stop()
	theirs := &Contender{
		Name: "nginx", URL: ng.URL,
		PIDs: func() []int { return append([]int{ng.Master()}, proc.Children(ng.Master())...) },
	}

	res := &Results{Cases: cases, Concurrencies: o.Concurrencies, Rounds: o.Rounds, Duration: o.Duration,
		Runs: map[Key][]Run{}, LoadBefore: proc.LoadAverage(), NginxVersion: nginx.Version()}
	for ci, c := range cases {
		for _, conc := range o.Concurrencies {
			for round := range o.Rounds {
				order := []*Contender{ours, theirs}
				if round%2 == 1 {
					slices.Reverse(order)
				}
				for _, s := range order {
					hdrs, err := Check(s, c)
					if err != nil {
						return nil, err
					}
					if o.Progress != nil {
						o.Progress("nginx comparison: %s, %d connections, round %d/%d: %s", c.Name, conc, round+1, o.Rounds, s.Name)
					}
					before := proc.CPUTime(s.PIDs())
					r, err := wrk.Run(s.URL+strings.TrimPrefix(c.Path, "/"), hdrs, conc, o.Duration)
					if err != nil {
						return nil, fmt.Errorf("%s, %s: %w", s.Name, c.Name, err)
					}
					k := Key{ci, conc, s.Name}
					res.Runs[k] = append(res.Runs[k], Run{Result: r, CPU: proc.CPUTime(s.PIDs()) - before})
				}
			}
		}
	}
	res.PeakRSS = [2]int64{proc.PeakRSS(ours.PIDs()), proc.PeakRSS(theirs.PIDs())}
	res.LoadAfter = proc.LoadAverage()
	return res, nil
}

// Check asks s once the way wrk will, and tells the headers to use: the
// status must be the case's (and a 200 whole and in brotli), and
// If-None-Match gets this server's ETag.
func Check(s *Contender, c Case) ([]string, error) {
	url := s.URL + strings.TrimPrefix(c.Path, "/")
	var hdrs []string
	for _, h := range c.Headers {
		if h == "If-None-Match: ETAG" {
			req, _ := http.NewRequest(http.MethodGet, url, nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				return nil, err
			}
			resp.Body.Close()
			tag := resp.Header.Get("ETag")
			if tag == "" {
				return nil, fmt.Errorf("%s sends no ETag for %s", s.Name, c.Path)
			}
			h = "If-None-Match: " + tag
		}
		hdrs = append(hdrs, h)
	}
	req, _ := http.NewRequest(http.MethodGet, url, nil)
	for _, h := range hdrs {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		return nil, err
	}
	n, _ := io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != c.Status {
		return nil, fmt.Errorf("%s: %s answers %s, want %d", s.Name, c.Name, resp.Status, c.Status)
	}
	if c.Status == 200 && (resp.Header.Get("Content-Encoding") != "br" || n != resp.ContentLength) {
		return nil, fmt.Errorf("%s: %s: Content-Encoding %q, %d bytes of %d; want br, whole", s.Name, c.Name, resp.Header.Get("Content-Encoding"), n, resp.ContentLength)
	}
	return hdrs, nil
}

// startOurs builds cmd/server (from the module root, the working
// directory) and serves dist with it.
func startOurs(tmp, dist string) (*Contender, error) {
	bin := filepath.Join(tmp, "server")
	if out, err := exec.Command("go", "build", "-o", bin, "./cmd/server").CombinedOutput(); err != nil {
		return nil, fmt.Errorf("go build ./cmd/server: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-dir", dist)
	stderr, err := cmd.StderrPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	url := listening(stderr)
	go io.Copy(io.Discard, stderr)
	if url == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, errors.New("our server did not say where it listens")
	}
	return &Contender{
		Name: "ours", URL: url,
		PIDs: func() []int { return []int{cmd.Process.Pid} },
		Stop: func() error {
			cmd.Process.Signal(syscall.SIGTERM)
			return cmd.Wait()
		},
	}, nil
}

var servingAt = regexp.MustCompile(`serving .* at (http://\S+)`)

// listening reads cmd/server's log until it says where it serves.
func listening(log io.Reader) string {
	lines := bufio.NewScanner(log)
	for lines.Scan() {
		if m := servingAt.FindStringSubmatch(lines.Text()); m != nil {
			return m[1]
		}
	}
	return ""
}

// Table writes the results as make bench reports them.
func (r *Results) Table(w *strings.Builder) {
	fmt.Fprintf(w, "\n### Our server and nginx side by side: wrk -t2, %s per run, median of %d runs each, loopback\n\n", r.Duration, r.Rounds)
	fmt.Fprintf(w, "| request | connections | ours req/s | nginx req/s | ours ÷ nginx | round by round: median (min–max) | errors ours / nginx | CPU µs/request ours / nginx |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for ci, c := range r.Cases {
		for _, conc := range r.Concurrencies {
			a, b := r.Runs[Key{ci, conc, "ours"}], r.Runs[Key{ci, conc, "nginx"}]
			ra, rb := medianRate(a), medianRate(b)
			// Each round's two runs are back to back, under about the same
			// load from the rest of the machine: their ratios drift less
			// than the runs themselves.
			var ratios []float64
			for i := range min(len(a), len(b)) {
				ratios = append(ratios, a[i].Rate/b[i].Rate)
			}
			lo, hi := 0.0, 0.0
			if len(ratios) > 0 {
				lo, hi = slices.Min(ratios), slices.Max(ratios)
			}
			fmt.Fprintf(w, "| %s | %d | %.0f | %.0f | %.2f | %.2f (%.2f–%.2f) | %d / %d | %.1f / %.1f |\n", c.Name, conc, ra, rb, ra/rb,
				stats.Median(ratios), lo, hi, sumErrors(a), sumErrors(b), medianCPU(a), medianCPU(b))
		}
	}
	fmt.Fprintf(w, "| peak RSS (VmHWM; nginx: master and workers) | | %s | %s | | | | |\n", stats.Size(float64(r.PeakRSS[0])), stats.Size(float64(r.PeakRSS[1])))
	fmt.Fprintf(w, "\n%s: worker_processes auto (%d CPUs), sendfile, access_log off (ours logs no requests either). Both share the CPUs with wrk.\n", r.NginxVersion, runtime.NumCPU())
	fmt.Fprintf(w, "Load average (1 min) before / after the comparison: %s / %s.\n", r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(w, "CPU µs/request: the server's processes' user and system time during a run over the requests wrk completed (median of the runs); unlike req/s, it hardly depends on what else the machine runs.\n")
}

func medianRate(rs []Run) float64 {
	var xs []float64
	for _, r := range rs {
		xs = append(xs, r.Rate)
	}
	return stats.Median(xs)
}

// medianCPU is the median of the runs' CPU µs per completed request.
func medianCPU(rs []Run) float64 {
	var xs []float64
	for _, r := range rs {
		if r.Count > 0 {
			xs = append(xs, r.CPU/float64(r.Count)*1e6)
		}
	}
	return stats.Median(xs)
}

func sumErrors(rs []Run) int {
	n := 0
	for _, r := range rs {
		n += r.Errors
	}
	return n
}
