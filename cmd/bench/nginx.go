package main

// Our server side by side with nginx (Debian's nginx-light with the
// brotli_static module: gzip_static and brotli_static on, the same headers,
// the same files), under wrk on loopback. Both run as their own processes,
// ours as `go build ./cmd/server` makes it, so the peak RSS is each one's
// own. .ci/ensure-bench installs nginx, the module and wrk when missing.

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	"golesson/internal/server"
)

// brotliModule is where Debian's libnginx-mod-http-brotli-static puts it.
const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// nginxCases picks cases by name, for measuring one change quickly:
// -nginx-cases wasm runs only the wasm rows.
var nginxCases = flag.String("nginx-cases", "", "nginx comparison: only the cases whose name contains this (\"wasm\", \"304\", \"GET /\")")

// loadCase is one kind of request, the same for both servers.
type loadCase struct {
	name    string
	path    string
	headers []string // "Name: value"; "If-None-Match: ETAG" gets each server's own tag
	status  int      // what each server must answer, checked once before the load
}

// contender is one server under test.
type contender struct {
	name string
	url  string // http://127.0.0.1:PORT/
	pids func() []int
	stop func() error
}

type loadRun struct {
	reqs   float64 // per second
	errors int     // socket errors and non-2xx/3xx answers
	count  int     // requests completed
	cpu    float64 // seconds of CPU the server's processes used meanwhile
}

// nginxCompare runs every case at each concurrency, rounds times per
// server (alternating which goes first), and writes the table of medians.
func nginxCompare(w *strings.Builder, dist, wasmPath string, concurrencies []int, rounds int, dur time.Duration) error {
	for _, tool := range []string{"nginx", "wrk"} {
		if _, err := exec.LookPath(tool); err != nil {
			return fmt.Errorf("%s is missing: run .ci/ensure-bench (installs nginx-light, libnginx-mod-http-brotli-static, wrk)", tool)
		}
	}
	if _, err := os.Stat(brotliModule); err != nil {
		return fmt.Errorf("%s is missing: run .ci/ensure-bench", brotliModule)
	}
	tmp, cleanup, err := mkTemp()
	if err != nil {
		return err
	}
	defer cleanup()
	ours, err := startOurs(tmp, dist)
	if err != nil {
		return err
	}
	defer ours.stop()
	theirs, err := startNginx(tmp, dist)
	if err != nil {
		return err
	}
	defer theirs.stop()

	cases := []loadCase{
		{"GET / (brotli)", "/", []string{"Accept-Encoding: gzip, deflate, br, zstd"}, 200},
		{"304 revalidation of / (If-None-Match)", "/", []string{"Accept-Encoding: gzip, deflate, br, zstd", "If-None-Match: ETAG"}, 304},
		{"the brotli wasm (" + wasmPath + ")", wasmPath, []string{"Accept-Encoding: gzip, deflate, br, zstd"}, 200},
	}
	cases = slices.DeleteFunc(cases, func(c loadCase) bool { return !strings.Contains(c.name, *nginxCases) })
	if len(cases) == 0 {
		return fmt.Errorf("-nginx-cases %q matches no case", *nginxCases)
	}
	type key struct {
		c, conc int
		server  string
	}
	results := map[key][]loadRun{}
	loadBefore := loadAverage()
	for ci, c := range cases {
		for _, conc := range concurrencies {
			for round := range rounds {
				order := []*contender{ours, theirs}
				if round%2 == 1 {
					slices.Reverse(order)
				}
				for _, s := range order {
					hdrs, err := s.check(c)
					if err != nil {
						return err
					}
					progress("nginx comparison: %s, %d connections, round %d/%d: %s", c.name, conc, round+1, rounds, s.name)
					before := cpuTime(s.pids())
					r, err := runWrk(s.url+strings.TrimPrefix(c.path, "/"), hdrs, conc, dur)
					if err != nil {
						return fmt.Errorf("%s, %s: %w", s.name, c.name, err)
					}
					r.cpu = cpuTime(s.pids()) - before
					results[key{ci, conc, s.name}] = append(results[key{ci, conc, s.name}], r)
				}
			}
		}
	}

	fmt.Fprintf(w, "\n### Our server and nginx side by side: wrk -t2, %s per run, median of %d runs each, loopback\n\n", dur, rounds)
	fmt.Fprintf(w, "| request | connections | ours req/s | nginx req/s | ours ÷ nginx | round by round: median (min–max) | errors ours / nginx | CPU µs/request ours / nginx |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for ci, c := range cases {
		for _, conc := range concurrencies {
			a, b := results[key{ci, conc, ours.name}], results[key{ci, conc, theirs.name}]
			ra, rb := medianReqs(a), medianReqs(b)
			// Each round's two runs are back to back, under about the same
			// load from the rest of the machine: their ratios drift less
			// than the runs themselves.
			var ratios []float64
			for i := range min(len(a), len(b)) {
				ratios = append(ratios, a[i].reqs/b[i].reqs)
			}
			fmt.Fprintf(w, "| %s | %d | %.0f | %.0f | %.2f | %.2f (%.2f–%.2f) | %d / %d | %.1f / %.1f |\n", c.name, conc, ra, rb, ra/rb,
				median(ratios), slices.Min(ratios), slices.Max(ratios), sumErrors(a), sumErrors(b), medianCPU(a), medianCPU(b))
		}
	}
	fmt.Fprintf(w, "| peak RSS (VmHWM; nginx: master and workers) | | %s | %s | | | | |\n", size(float64(peakRSS(ours.pids()))), size(float64(peakRSS(theirs.pids()))))
	fmt.Fprintf(w, "\nnginx %s: worker_processes auto (%d CPUs), sendfile, access_log off (ours logs no requests either). Both share the CPUs with wrk.\n", nginxVersion(), runtime.NumCPU())
	fmt.Fprintf(w, "Load average (1 min) before / after the comparison: %s / %s.\n", loadBefore, loadAverage())
	fmt.Fprintf(w, "CPU µs/request: the server's processes' user and system time during a run over the requests wrk completed (median of the runs); unlike req/s, it hardly depends on what else the machine runs.\n")
	return nil
}

// nginxReport is -nginx-only: the comparison alone, on a built folder.
func nginxReport(dist, out string, rounds int, dur time.Duration) error {
	wasm, err := filepath.Glob(filepath.Join(dist, "web", "app.*.wasm"))
	if err != nil || len(wasm) != 1 {
		return fmt.Errorf("want one web/app.*.wasm in %s, found %v", dist, wasm)
	}
	var rep strings.Builder
	if err := nginxCompare(&rep, dist, "/web/"+filepath.Base(wasm[0]), []int{16, 64}, rounds, dur); err != nil {
		return err
	}
	fmt.Print(rep.String())
	if out != "" {
		return os.WriteFile(out, []byte(rep.String()), 0o644)
	}
	return nil
}

// check asks once the way wrk will, and tells the headers to use: the
// status must be the case's, and If-None-Match gets this server's ETag.
func (s *contender) check(c loadCase) ([]string, error) {
	var hdrs []string
	for _, h := range c.headers {
		if h == "If-None-Match: ETAG" {
			req, _ := http.NewRequest(http.MethodGet, s.url+strings.TrimPrefix(c.path, "/"), nil)
			req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
			resp, err := http.DefaultTransport.RoundTrip(req)
			if err != nil {
				return nil, err
			}
			resp.Body.Close()
			tag := resp.Header.Get("ETag")
			if tag == "" {
				return nil, fmt.Errorf("%s sends no ETag for %s", s.name, c.path)
			}
			h = "If-None-Match: " + tag
		}
		hdrs = append(hdrs, h)
	}
	req, _ := http.NewRequest(http.MethodGet, s.url+strings.TrimPrefix(c.path, "/"), nil)
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
	if resp.StatusCode != c.status {
		return nil, fmt.Errorf("%s: %s answers %s, want %d", s.name, c.name, resp.Status, c.status)
	}
	if c.status == 200 && (resp.Header.Get("Content-Encoding") != "br" || n != resp.ContentLength) {
		return nil, fmt.Errorf("%s: %s: Content-Encoding %q, %d bytes of %d; want br, whole", s.name, c.name, resp.Header.Get("Content-Encoding"), n, resp.ContentLength)
	}
	return hdrs, nil
}

var (
	wrkRate   = regexp.MustCompile(`Requests/sec:\s+([0-9.]+)`)
	wrkCount  = regexp.MustCompile(`(\d+) requests in`)
	wrkNon2xx = regexp.MustCompile(`Non-2xx or 3xx responses: (\d+)`)
	wrkSocket = regexp.MustCompile(`Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)`)
)

// runWrk is one bounded wrk run (its duration, and a kill after twice
// that plus 30 s if it hangs).
func runWrk(url string, headers []string, conns int, dur time.Duration) (loadRun, error) {
	args := []string{"-t2", "-c" + strconv.Itoa(conns), "-d" + strconv.Itoa(int(dur.Seconds())) + "s", "--timeout", "10s"}
	for _, h := range headers {
		args = append(args, "-H", h)
	}
	cmd := exec.Command("wrk", append(args, url)...)
	timer := time.AfterFunc(2*dur+30*time.Second, func() { cmd.Process.Kill() })
	defer timer.Stop()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return loadRun{}, fmt.Errorf("wrk: %v\n%s", err, out)
	}
	m := wrkRate.FindSubmatch(out)
	if m == nil {
		return loadRun{}, fmt.Errorf("wrk said no Requests/sec:\n%s", out)
	}
	var r loadRun
	r.reqs, _ = strconv.ParseFloat(string(m[1]), 64)
	if m := wrkCount.FindSubmatch(out); m != nil {
		r.count, _ = strconv.Atoi(string(m[1]))
	}
	if m := wrkNon2xx.FindSubmatch(out); m != nil {
		n, _ := strconv.Atoi(string(m[1]))
		r.errors += n
	}
	if m := wrkSocket.FindSubmatch(out); m != nil {
		for _, s := range m[1:] {
			n, _ := strconv.Atoi(string(s))
			r.errors += n
		}
	}
	return r, nil
}

func medianReqs(rs []loadRun) float64 {
	var xs []float64
	for _, r := range rs {
		xs = append(xs, r.reqs)
	}
	return median(xs)
}

func medianCPU(rs []loadRun) float64 {
	var xs []float64
	for _, r := range rs {
		if r.count > 0 {
			xs = append(xs, r.cpu/float64(r.count)*1e6)
		}
	}
	return median(xs)
}

func sumErrors(rs []loadRun) int {
	n := 0
	for _, r := range rs {
		n += r.errors
	}
	return n
}

// startOurs builds cmd/server and serves dist with it.
func startOurs(tmp, dist string) (*contender, error) {
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
	at := regexp.MustCompile(`serving .* at (http://\S+)`)
	lines := bufio.NewScanner(stderr)
	url := ""
	for lines.Scan() {
		if m := at.FindStringSubmatch(lines.Text()); m != nil {
			url = m[1]
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	if url == "" {
		cmd.Process.Kill()
		cmd.Wait()
		return nil, errors.New("our server did not say where it listens")
	}
	return &contender{
		name: "ours", url: url,
		pids: func() []int { return []int{cmd.Process.Pid} },
		stop: func() error {
			cmd.Process.Signal(syscall.SIGTERM)
			return cmd.Wait()
		},
	}, nil
}

// startNginx writes a config for dist in tmp and starts nginx with it.
func startNginx(tmp, dist string) (*contender, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	addr := ln.Addr().String()
	ln.Close()
	abs, err := filepath.Abs(dist)
	if err != nil {
		return nil, err
	}
	prefix := filepath.Join(tmp, "nginx")
	if err := os.MkdirAll(prefix, 0o755); err != nil {
		return nil, err
	}
	conf := filepath.Join(prefix, "nginx.conf")
	if err := os.WriteFile(conf, []byte(nginxConfig(prefix, abs, addr)), 0o644); err != nil {
		return nil, err
	}
	cmd := exec.Command("nginx", "-p", prefix, "-c", conf, "-e", filepath.Join(prefix, "error.log"))
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	for i := 0; ; i++ {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err == nil {
			c.Close()
			break
		}
		if i == 100 {
			cmd.Process.Kill()
			cmd.Wait()
			log, _ := os.ReadFile(filepath.Join(prefix, "error.log"))
			return nil, fmt.Errorf("nginx does not listen on %s: %v\n%s", addr, err, log)
		}
		time.Sleep(100 * time.Millisecond)
	}
	master := cmd.Process.Pid
	return &contender{
		name: "nginx", url: "http://" + addr + "/",
		pids: func() []int { return append([]int{master}, children(master)...) },
		stop: func() error {
			cmd.Process.Signal(syscall.SIGQUIT) // graceful
			return cmd.Wait()
		},
	}, nil
}

// nginxConfig serves dist as our server does: the same types, the .br and
// .gz twins, the same security and caching headers (repeated in each
// location: add_header is not inherited by a location with its own).
func nginxConfig(prefix, dist, addr string) string {
	security := `
			add_header Content-Security-Policy "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors *" always;
			add_header X-Content-Type-Options nosniff always;
			add_header Referrer-Policy strict-origin-when-cross-origin always;
			add_header Permissions-Policy "camera=(), microphone=(), geolocation=(), payment=(), usb=()" always;`
	return fmt.Sprintf(`# Generated by cmd/bench for one run.
daemon off;
worker_processes auto;
pid %[1]s/nginx.pid;
error_log %[1]s/error.log warn;
load_module %[4]s;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path %[1]s/body;
	proxy_temp_path %[1]s/proxy;
	fastcgi_temp_path %[1]s/fastcgi;
	uwsgi_temp_path %[1]s/uwsgi;
	scgi_temp_path %[1]s/scgi;
	types {
		text/html html; text/javascript js; text/css css; application/wasm wasm;
		application/manifest+json webmanifest; application/json json; image/png png;
		image/svg+xml svg; text/plain txt; application/xml xml; application/zip zip;
	}
	default_type application/octet-stream;
	charset utf-8;
	charset_types text/html text/css text/javascript text/plain;
	sendfile on;
	tcp_nopush on;
	keepalive_timeout 120s;
	keepalive_requests 1000000;
	server_tokens off;
	gzip_static on;
	brotli_static on;
	gzip_vary on;
	server {
		listen %[3]s;
		root %[2]s;
		location ~ "%[6]s" {%[5]s
			add_header Cache-Control "public, max-age=31536000, immutable";
		}
		location / {%[5]s
			add_header Cache-Control no-cache;
		}
	}
}
`, prefix, dist, addr, brotliModule, security, server.FingerprintPattern())
}

func nginxVersion() string {
	out, _ := exec.Command("nginx", "-v").CombinedOutput()
	return strings.TrimSpace(strings.TrimPrefix(string(out), "nginx version: "))
}

// children lists the processes whose parent is pid.
func children(pid int) []int {
	var out []int
	entries, _ := os.ReadDir("/proc")
	for _, e := range entries {
		p, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile("/proc/" + e.Name() + "/stat")
		if err != nil {
			continue
		}
		// pid (comm) state ppid …; comm may hold spaces, so after the last ')'.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 1 && fields[1] == strconv.Itoa(pid) {
			out = append(out, p)
		}
	}
	return out
}

// cpuTime sums the processes' user and system time, in seconds.
func cpuTime(pids []int) float64 {
	var ticks int64
	for _, pid := range pids {
		stat, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
		if err != nil {
			continue
		}
		// pid (comm) state … utime stime: fields 14 and 15, counted after comm.
		fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
		if len(fields) > 12 {
			u, _ := strconv.ParseInt(fields[11], 10, 64)
			s, _ := strconv.ParseInt(fields[12], 10, 64)
			ticks += u + s
		}
	}
	return float64(ticks) / clockTicks
}

// loadAverage is the 1-minute load average, to tell a quiet run from a
// busy one: req/s ratios follow what else the machine runs.
func loadAverage() string {
	data, err := os.ReadFile("/proc/loadavg")
	if err != nil {
		return "unknown"
	}
	return strings.Fields(string(data))[0]
}

// clockTicks is USER_HZ, the unit of /proc/PID/stat's times: 100 on Linux
// on every architecture Go supports.
const clockTicks = 100

// peakRSS sums the processes' peak resident set sizes (VmHWM), in bytes.
func peakRSS(pids []int) int64 {
	var total int64
	for _, pid := range pids {
		data, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
		if err != nil {
			continue
		}
		for line := range strings.SplitSeq(string(data), "\n") {
			if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
				kb, _ := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
				total += kb << 10
			}
		}
	}
	return total
}
