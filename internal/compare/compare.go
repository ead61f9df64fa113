// Package compare puts our server (cmd/server, as its own process) and
// nginx (internal/nginx) side by side under wrk on loopback, for make
// bench: the same requests, rounds that alternate which server goes first,
// wrk on CPUs of its own and the server under test on the others, each
// server's CPU time and peak memory (internal/proc), and the table of
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
// Concurrencies, Rounds runs of Duration per server; with Pin, wrk and the
// servers on separate CPUs (Split).
type Options struct {
	Only          string
	Concurrencies []int
	Rounds        int
	Duration      time.Duration
	Pin           bool
	Progress      func(format string, args ...any)
}

// Split divides the CPUs this process may use between the load generator
// and the server under test: the first half to wrk, the rest (the larger
// half, if odd) to the server, so that wrk's own work of reading answers
// never takes CPU from the server it measures. With fewer than 2 CPUs
// there is nothing to divide: both are nil, and everyone shares.
func Split(cpus []int) (load, servers []int) {
	if len(cpus) < 2 {
		return nil, nil
	}
	n := len(cpus) / 2
	return slices.Clone(cpus[:n]), slices.Clone(cpus[n:])
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
	ServerCPU float64 // seconds of CPU the server's processes used meanwhile
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
	Placement
}

// Placement is which CPUs wrk and the servers ran on.
type Placement struct {
	CPUs    []int // all this process may use
	Pin     bool  // asked for (-nginx-pin)
	Load    []int // wrk's CPUs and the servers'; nil when not pinned
	Servers []int
	Threads int // wrk's threads
	Workers int // nginx's worker_processes, as nginx.Start chose them
}

// place is the placement on cpus, pinned if pin asks and cpus allow.
func place(cpus []int, pin bool) Placement {
	p := Placement{CPUs: cpus, Pin: pin, Threads: 2}
	if pin {
		p.Load, p.Servers = Split(cpus)
	}
	if p.Load != nil {
		p.Threads = len(p.Load) // a thread per CPU
	}
	return p
}

// wrkCPUs is how many CPUs wrk may run on.
func (p Placement) wrkCPUs() int {
	if p.Load != nil {
		return len(p.Load)
	}
	return len(p.CPUs)
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
	cpus, err := proc.CPUs(os.Getpid())
	if err != nil {
		return nil, err
	}
	p := place(cpus, o.Pin)
	if p.Load != nil {
		if err := proc.CheckTaskset(); err != nil {
			return nil, err
		}
	}
	tmp, err := os.MkdirTemp("", "lesson-bench-nginx-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	bin, err := buildOurs(tmp)
	if err != nil {
		return nil, err
	}
	ours, err := startOurs(bin, dist, p.Servers)
	if err != nil {
		return nil, err
	}
	defer ours.Stop()
	ng, err := nginx.Start(tmp, dist, p.Servers)
	if err != nil {
		return nil, err
	}
	defer ng.Stop()
	p.Workers = ng.Workers
	theirs := &Contender{
		Name: "nginx", URL: ng.URL,
		PIDs: func() []int { return append([]int{ng.Master()}, proc.Children(ng.Master())...) },
	}

	res := &Results{Cases: cases, Concurrencies: o.Concurrencies, Rounds: o.Rounds, Duration: o.Duration,
		Runs: map[Key][]Run{}, LoadBefore: proc.LoadAverage(), NginxVersion: nginx.Version(), Placement: p}
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
					r, err := wrk.Run(p.Load, p.Threads, s.URL+strings.TrimPrefix(c.Path, "/"), hdrs, conc, o.Duration)
					if err != nil {
						return nil, fmt.Errorf("%s, %s: %w", s.Name, c.Name, err)
					}
					k := Key{ci, conc, s.Name}
					res.Runs[k] = append(res.Runs[k], Run{Result: r, ServerCPU: proc.CPUTime(s.PIDs()) - before})
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

// buildOurs builds cmd/server into tmp.
func buildOurs(tmp string) (string, error) {
	bin := filepath.Join(tmp, "server")
	if out, err := exec.Command("go", "build", "-o", bin, "golesson/cmd/server").CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build golesson/cmd/server: %v\n%s", err, out)
	}
	return bin, nil
}

// startOurs serves dist with the server bin on cpus (all this process's
// if none); Go's runtime sets GOMAXPROCS to their number as it starts.
func startOurs(bin, dist string, cpus []int) (*Contender, error) {
	cmd := proc.Command(cpus, bin, "-addr", "127.0.0.1:0", "-dir", dist)
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
	fmt.Fprintf(w, "\n### Our server and nginx side by side: wrk -t%d, %s per run, median of %d runs each, loopback\n\n", r.Threads, r.Duration, r.Rounds)
	fmt.Fprintf(w, "| request | connections | ours req/s | nginx req/s | ours ÷ nginx | round by round: median (min–max) | errors ours / nginx | CPU µs/request ours / nginx | wrk busy ours / nginx |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n")
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
			fmt.Fprintf(w, "| %s | %d | %.0f | %.0f | %.2f | %.2f (%.2f–%.2f) | %d / %d | %.1f / %.1f | %.0f%% / %.0f%% |\n", c.Name, conc, ra, rb, ra/rb,
				stats.Median(ratios), lo, hi, sumErrors(a), sumErrors(b), medianCPU(a), medianCPU(b), r.medianBusy(a), r.medianBusy(b))
		}
	}
	fmt.Fprintf(w, "| peak RSS (VmHWM; nginx: master and workers) | | %s | %s | | | | | |\n", stats.Size(float64(r.PeakRSS[0])), stats.Size(float64(r.PeakRSS[1])))
	fmt.Fprintf(w, "\n%s: worker_processes %d, sendfile, access_log off (ours logs no requests either). ", r.NginxVersion, r.Workers)
	switch {
	case r.Load != nil:
		fmt.Fprintf(w, "wrk runs on %s and each server (nginx's master and workers, every thread of ours: GOMAXPROCS %d) on %s, of the %d CPUs here: wrk's work of reading the answers takes no CPU from the server it measures.\n",
			cpuNames(r.Load), len(r.Servers), cpuNames(r.Servers), len(r.CPUs))
	case r.Pin:
		fmt.Fprintf(w, "wrk and both servers share the one CPU here (%s): there is no second to give wrk its own.\n", cpuNames(r.CPUs))
	default:
		fmt.Fprintf(w, "wrk and both servers share %s (-nginx-pin=false).\n", cpuNames(r.CPUs))
	}
	fmt.Fprintf(w, "Load average (1 min) before / after the comparison: %s / %s.\n", r.LoadBefore, r.LoadAfter)
	fmt.Fprintf(w, "CPU µs/request: the server's processes' user and system time during a run over the requests wrk completed (median of the runs); unlike req/s, it hardly depends on what else the machine runs.\n")
	fmt.Fprintf(w, "wrk busy: wrk's own user and system time over the run's length times the %d CPU(s) it may use (median of the runs); near 100%% the load generator, not the server, sets the pace.\n", r.wrkCPUs())
}

// cpuNames is "CPU 1" or "CPUs 0-3".
func cpuNames(cpus []int) string {
	if len(cpus) == 1 {
		return "CPU " + proc.CPUList(cpus)
	}
	return "CPUs " + proc.CPUList(cpus)
}

// medianBusy is the median of the runs' share of wrk's CPUs it used, in
// percent.
func (r *Results) medianBusy(rs []Run) float64 {
	var xs []float64
	for _, run := range rs {
		xs = append(xs, run.Result.CPU/(r.Duration.Seconds()*float64(r.wrkCPUs()))*100)
	}
	return stats.Median(xs)
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
			xs = append(xs, r.ServerCPU/float64(r.Count)*1e6)
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
