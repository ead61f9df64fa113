// Package loadgen is the load generator of make bench and of
// internal/server's Go benchmarks: keep-alive clients that GET URLs as a
// browser would (asking for brotli or gzip) and check each answer. Every
// load is bounded in count and in time, and meant for 127.0.0.1.
package loadgen

import (
	"context"

	"fmt"
	"io"
	"net/http"
	"runtime"
	"sync"
	"sync/atomic"
	"time"

	"golesson/internal/stats"
)

// Options bound one load.
type Options struct {
	Requests    int           // requests in all
	Concurrency int           // keep-alive clients sending them
	Limit       time.Duration // the whole load stops after this; requests not yet sent count as errors
}

// Result is what one load measured.
type Result struct {
	Requests, Concurrency int
	Errors                int      // transport errors, non-2xx, short bodies, requests cut by Limit
	FirstErrors           []string // the first few, to say what went wrong
	Wall                  time.Duration
	P50, P99              time.Duration // request sent → last body byte read
	PeakHeapInuse         uint64        // bytes, whole process (a server in it included)
	PeakSys               uint64
	PerPath               map[string]*PathStat
}

// PathStat is what the answers for one URL path were.
type PathStat struct {
	N        int            // answers read whole
	Bytes    int64          // Σ body bytes of those
	Encoding map[string]int // Content-Encoding ("" for none) → answers
	P50, P99 time.Duration
}

// Client is an HTTP client with room for c idle keep-alive connections
// (the default, 2, would reconnect all the time) that leaves
// Content-Encoding alone, as Get needs. Close its idle connections with
// CloseIdleConnections when done.
func Client(c int) *http.Client {
	return &http.Client{
		Transport: &http.Transport{
			MaxIdleConns:        c,
			MaxIdleConnsPerHost: c,
			DisableCompression:  true,
			IdleConnTimeout:     30 * time.Second,
		},
		Timeout: time.Minute,
	}
}

// Run sends o.Requests requests from o.Concurrency keep-alive clients to
// base (e.g. "http://127.0.0.1:8080/"), cycling over paths (URL paths
// starting with "/"), and samples the process's memory every 50 ms
// meanwhile: with the server in this process, the memory is the server's
// plus the clients' (which only discard bodies through a fixed buffer).
func Run(base string, paths []string, o Options) (*Result, error) {
	if o.Requests < 1 || o.Concurrency < 1 || o.Limit <= 0 || len(paths) == 0 {
		return nil, fmt.Errorf("loadgen: requests (%d), concurrency (%d), limit (%s) and paths (%d) must be positive", o.Requests, o.Concurrency, o.Limit, len(paths))
	}
	ctx, cancel := context.WithTimeout(context.Background(), o.Limit)
	defer cancel()
	client := Client(o.Concurrency)
	defer client.CloseIdleConnections()

	n := o.Requests
	res := &Result{Requests: n, Concurrency: o.Concurrency, PerPath: map[string]*PathStat{}}
	for _, p := range paths {
		res.PerPath[p] = &PathStat{Encoding: map[string]int{}}
	}
	latency := make([]time.Duration, n)
	answered := make([]bool, n)

	// Memory: a baseline after a GC, then the peaks while the load runs.
	runtime.GC()
	done := make(chan struct{})
	sampled := make(chan struct{})
	go func() {
		defer close(sampled)
		var ms runtime.MemStats
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			res.PeakHeapInuse = max(res.PeakHeapInuse, ms.HeapInuse)
			res.PeakSys = max(res.PeakSys, ms.Sys)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()

	var next atomic.Int64
	var mu sync.Mutex // guards Errors, FirstErrors and PerPath
	fail := func(path string, err error) {
		mu.Lock()
		defer mu.Unlock()
		res.Errors++
		if len(res.FirstErrors) < 5 {
			res.FirstErrors = append(res.FirstErrors, path+": "+err.Error())
		}
	}
	var wg sync.WaitGroup
	start := time.Now()
	for range o.Concurrency {
		wg.Go(func() {
			buf := make([]byte, 64<<10)
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				path := paths[i%len(paths)]
				if ctx.Err() != nil {
					fail(path, fmt.Errorf("not sent within %s", o.Limit))
					continue
				}
				t0 := time.Now()
				size, enc, err := Get(ctx, client, base+path[1:], buf)
				latency[i] = time.Since(t0)
				if err != nil {
					fail(path, err)
					continue
				}
				answered[i] = true
				mu.Lock()
				s := res.PerPath[path]
				s.N++
				s.Bytes += size
				s.Encoding[enc]++
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	res.Wall = time.Since(start)
	close(done)
	<-sampled

	// Request i asked for paths[i%len(paths)]; only answers count.
	var all []time.Duration
	for k, p := range paths {
		var mine []time.Duration
		for i := k; i < n; i += len(paths) {
			if answered[i] {
				mine = append(mine, latency[i])
			}
		}
		all = append(all, mine...)
		s := res.PerPath[p]
		s.P50, s.P99 = stats.Median(mine), stats.Quantile(mine, 0.99)
	}
	res.P50, res.P99 = stats.Median(all), stats.Quantile(all, 0.99)
	return res, nil
}

// Get GETs url as a browser would (Accept-Encoding: br, gzip) and reads
// the whole body through buf; a non-2xx status or a body shorter or longer
// than its Content-Length is an error. It returns the body's size and its
// Content-Encoding.
func Get(ctx context.Context, client *http.Client, url string, buf []byte) (int64, string, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Accept-Encoding", "br, gzip")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
	// The struct hides the body's WriterTo, so the copy goes through buf.
	n, err := io.CopyBuffer(io.Discard, struct{ io.Reader }{resp.Body}, buf)
	if err != nil {
		return n, "", err
	}
	if resp.StatusCode/100 != 2 {
		return n, "", fmt.Errorf("status %s", resp.Status)
	}
	if resp.ContentLength >= 0 && n != resp.ContentLength {
		return n, "", fmt.Errorf("body of %d bytes, Content-Length %d", n, resp.ContentLength)
	}
	return n, resp.Header.Get("Content-Encoding"), nil
}
