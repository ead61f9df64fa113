package compare

import (
	"bufio"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"golesson/internal/nginx"
	"golesson/internal/proc"
	"golesson/internal/wrk"
)

// page answers / in brotli with an ETag, 304 to that ETag, and the wasm
// in gzip only (wrong for a brotli case).
func page(t *testing.T) *Contender {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"v1"`)
		if r.Header.Get("If-None-Match") == `"v1"` {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		if r.URL.Path == "/web/app.wasm" {
			w.Header().Set("Content-Encoding", "gzip")
		} else {
			w.Header().Set("Content-Encoding", "br")
		}
		w.Write([]byte("body"))
	}))
	t.Cleanup(srv.Close)
	return &Contender{Name: "test", URL: srv.URL + "/"}
}

func TestCheck(t *testing.T) {
	s := page(t)
	cases := Cases("/web/app.wasm")
	hdrs, err := Check(s, cases[0])
	if err != nil || !slices.Equal(hdrs, cases[0].Headers) {
		t.Errorf("Check(GET /) = %q, %v; want the case's headers, nil", hdrs, err)
	}
	hdrs, err = Check(s, cases[1])
	if want := []string{"Accept-Encoding: gzip, deflate, br, zstd", `If-None-Match: "v1"`}; err != nil || !slices.Equal(hdrs, want) {
		t.Errorf("Check(304) = %q, %v; want %q (the server's own ETag), nil", hdrs, err, want)
	}
	if _, err := Check(s, cases[2]); err == nil || !strings.Contains(err.Error(), `Content-Encoding "gzip"`) {
		t.Errorf("Check(wasm in gzip) = %v, want an error naming the encoding", err)
	}
	if _, err := Check(s, Case{Name: "x", Path: "/", Status: 404}); err == nil {
		t.Error("Check of a case wanting 404 from a 200: no error")
	}
}

func TestListening(t *testing.T) {
	log := "server: reading dist\nserver: serving dist at http://127.0.0.1:43210/ (loopback)\nlater\n"
	if got := listening(strings.NewReader(log)); got != "http://127.0.0.1:43210/" {
		t.Errorf("listening = %q, want http://127.0.0.1:43210/", got)
	}
	if got := listening(strings.NewReader("exit status 1\n")); got != "" {
		t.Errorf("listening of a log without an address = %q, want \"\"", got)
	}
}

func TestSplit(t *testing.T) {
	for _, tc := range []struct {
		cpus, load, servers []int
	}{
		{nil, nil, nil},
		{[]int{0}, nil, nil}, // one CPU: nothing to divide, no pinning
		{[]int{0, 1}, []int{0}, []int{1}},
		{[]int{0, 1, 2}, []int{0}, []int{1, 2}}, // the server gets the odd one
		{[]int{2, 3, 6, 7}, []int{2, 3}, []int{6, 7}},
	} {
		load, servers := Split(tc.cpus)
		if !slices.Equal(load, tc.load) || !slices.Equal(servers, tc.servers) {
			t.Errorf("Split(%v) = %v, %v; want %v, %v", tc.cpus, load, servers, tc.load, tc.servers)
		}
	}
}

func TestPlace(t *testing.T) {
	for _, tc := range []struct {
		cpus          []int
		pin           bool
		load, servers []int
		threads       int
	}{
		{[]int{0, 1}, true, []int{0}, []int{1}, 1},
		{[]int{0, 1, 2, 3}, true, []int{0, 1}, []int{2, 3}, 2},
		{[]int{0, 1, 2, 3}, false, nil, nil, 2}, // as before pinning: wrk -t2
		{[]int{0}, true, nil, nil, 2},
	} {
		p := place(tc.cpus, tc.pin)
		if !slices.Equal(p.Load, tc.load) || !slices.Equal(p.Servers, tc.servers) || p.Threads != tc.threads {
			t.Errorf("place(%v, %v) = %+v; want wrk on %v with %d threads, servers on %v",
				tc.cpus, tc.pin, p, tc.load, tc.threads, tc.servers)
		}
	}
}

func TestTable(t *testing.T) {
	run := func(rate, cpu, wrkCPU float64, count, errors int) Run {
		return Run{Result: wrk.Result{Rate: rate, Count: count, Errors: errors, CPU: wrkCPU}, ServerCPU: cpu}
	}
	results := func(p Placement, workers int) *Results {
		p.Workers = workers
		return &Results{
			Cases:         Cases("/web/app.1234567890.wasm")[:1],
			Concurrencies: []int{16},
			Rounds:        2,
			Duration:      3 * time.Second,
			Runs: map[Key][]Run{
				{0, 16, "ours"}:  {run(200, 0.01, 3, 1000, 0), run(300, 0.02, 2.4, 1000, 1)},
				{0, 16, "nginx"}: {run(100, 0.02, 1.5, 1000, 0), run(200, 0.04, 1.5, 1000, 0)},
			},
			PeakRSS:      [2]int64{19_130_000, 17_270_000},
			LoadBefore:   "0.87",
			LoadAfter:    "4.17",
			NginxVersion: "nginx/1.22.1",
			Placement:    p,
		}
	}
	for _, tc := range []struct {
		p       Placement
		workers int
		want    []string
	}{
		{place([]int{0, 1}, true), 1, []string{
			"wrk -t1, 3s per run, median of 2 runs each",
			// medians 250 and 150: 1.67; round ratios 2.00 and 1.50: median 1.75;
			// CPU 15 and 30 µs per request; wrk, on 1 CPU for 3 s, busy
			// 100 % and 80 % (median 90 %) against ours, 50 % against nginx.
			"| GET / (brotli) | 16 | 250 | 150 | 1.67 | 1.75 (1.50–2.00) | 1 / 0 | 15.0 / 30.0 | 90% / 50% |",
			"| peak RSS (VmHWM; nginx: master and workers) | | 19.13 MB | 17.27 MB |",
			"nginx/1.22.1: worker_processes 1,",
			"wrk runs on CPU 0 and each server (nginx's master and workers, every thread of ours: GOMAXPROCS 1) on CPU 1, of the 2 CPUs here",
			"the 1 CPU(s) it may use",
			"before / after the comparison: 0.87 / 4.17.",
		}},
		{place([]int{0, 1}, false), 2, []string{
			"wrk -t2, 3s per run",
			// wrk may use both CPUs: half the shares above.
			"| 15.0 / 30.0 | 45% / 25% |",
			"nginx/1.22.1: worker_processes 2,",
			"wrk and both servers share CPUs 0,1 (-nginx-pin=false).",
		}},
		{place([]int{3}, true), 1, []string{
			"worker_processes 1,",
			"wrk and both servers share the one CPU here (CPU 3): there is no second to give wrk its own.",
		}},
	} {
		var w strings.Builder
		results(tc.p, tc.workers).Table(&w)
		for _, want := range tc.want {
			if !strings.Contains(w.String(), want) {
				t.Errorf("placement %+v: table lacks %q:\n%s", tc.p, want, w.String())
			}
		}
	}
}

// The processes Compare starts run where it puts them: nginx's master
// and each of its workers, one per CPU, and every thread of our server on
// the servers' CPUs only, with GOMAXPROCS their number, and wrk on its
// own. With 2 CPUs or more those are fewer than this test's, so the test
// tells pinned from not; with one, Compare pins nothing, and the test
// checks that everything then runs on that CPU, nginx with one worker.
func TestPinned(t *testing.T) {
	if err := nginx.Check(); err != nil {
		t.Fatal(err)
	}
	if err := proc.CheckTaskset(); err != nil {
		t.Fatal(err)
	}
	cpus, err := proc.CPUs(os.Getpid())
	if err != nil {
		t.Fatal(err)
	}
	p := place(cpus, true)
	load, servers := p.Load, p.Servers // nil with one CPU: unpinned
	wantLoad, wantServers := load, servers
	if servers == nil {
		wantLoad, wantServers = cpus, cpus
	}
	// Run as root, nginx's workers run as nobody and must reach dist:
	// t.TempDir's folders are 0700.
	tmp := t.TempDir()
	dist := filepath.Join(tmp, "dist")
	for _, dir := range []string{filepath.Dir(tmp), tmp} {
		if err := os.Chmod(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Mkdir(dist, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dist, "index.html"), []byte("<!doctype html><title>x</title>"), 0o644); err != nil {
		t.Fatal(err)
	}
	bin, err := buildOurs(tmp)
	if err != nil {
		t.Fatal(err)
	}
	ours, err := startOurs(bin, dist, servers)
	if err != nil {
		t.Fatal(err)
	}
	defer ours.Stop()
	ng, err := nginx.Start(tmp, dist, servers)
	if err != nil {
		t.Fatal(err)
	}
	defer ng.Stop()

	// nginx listens before its master has forked every worker; wait for
	// them (bounded).
	var workers []int
	for i := 0; len(workers) < len(wantServers); i++ {
		if i == 100 {
			t.Fatalf("nginx has %d workers, want %d (one per CPU it is given)", len(workers), len(wantServers))
		}
		time.Sleep(50 * time.Millisecond)
		workers = proc.Children(ng.Master())
	}
	// A request each, so that the servers have started what threads
	// serving takes.
	for _, url := range []string{ours.URL, ng.URL} {
		resp, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	for _, pid := range append([]int{ng.Master(), ours.PIDs()[0]}, workers...) {
		tids, err := os.ReadDir(fmt.Sprintf("/proc/%d/task", pid))
		if err != nil || len(tids) == 0 {
			t.Fatalf("threads of %d: %v, %v", pid, tids, err)
		}
		for _, tid := range tids {
			id, _ := strconv.Atoi(tid.Name())
			if got, err := proc.CPUs(id); err != nil || !slices.Equal(got, wantServers) {
				t.Errorf("process %d, thread %d runs on CPUs %v, %v; want %v", pid, id, got, err, wantServers)
			}
		}
	}
	if len(workers) != len(wantServers) || ng.Workers != len(wantServers) {
		t.Errorf("nginx has %d workers (worker_processes %d), want %d", len(workers), ng.Workers, len(wantServers))
	}

	// Go's runtime sizes GOMAXPROCS from the affinity it starts with; the
	// scheduler's trace says the size as the server starts.
	cmd := proc.Command(servers, bin, "-addr", "127.0.0.1:0", "-dir", dist)
	cmd.Env = append(os.Environ(), "GODEBUG=schedtrace=60000")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { cmd.Process.Kill(); cmd.Wait() }()
	kill := time.AfterFunc(10*time.Second, func() { cmd.Process.Kill() }) // bounds the scan below
	trace := bufio.NewScanner(stderr)
	for trace.Scan() && !strings.Contains(trace.Text(), "gomaxprocs=") {
	}
	kill.Stop()
	if want := fmt.Sprintf("gomaxprocs=%d ", len(wantServers)); !strings.Contains(trace.Text(), want) {
		t.Errorf("our server's scheduler trace %q lacks %q", trace.Text(), want)
	}

	// wrk, during a 1 s run, on the load's CPUs.
	done := make(chan error, 1)
	go func() {
		_, err := wrk.Run(load, p.Threads, ng.URL, nil, p.Threads, time.Second) // a connection per thread, as wrk requires
		done <- err
	}()
	var wrkCPUs []int
	for wrkCPUs == nil {
		select {
		case err := <-done:
			t.Fatalf("wrk ended before it was seen: %v", err)
		case <-time.After(10 * time.Millisecond):
		}
		for _, pid := range proc.Children(os.Getpid()) {
			if comm, _ := os.ReadFile(fmt.Sprintf("/proc/%d/comm", pid)); string(comm) == "wrk\n" {
				wrkCPUs, _ = proc.CPUs(pid)
			}
		}
	}
	if !slices.Equal(wrkCPUs, wantLoad) {
		t.Errorf("wrk runs on CPUs %v, want %v", wrkCPUs, wantLoad)
	}
	if err := <-done; err != nil {
		t.Error(err)
	}
}
