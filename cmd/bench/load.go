package main

import (
	"fmt"
	"io"
	"math"
	"net/http"
	"runtime"
	"sort"
	"sync"
	"sync/atomic"
	"time"
)

type loadResult struct {
	Requests, Concurrency int
	Errors                int
	FirstErrors           []string
	Wall                  time.Duration
	P50, P99              time.Duration
	PeakHeapInuse         uint64 // bytes, whole process (server and clients)
	PeakSys               uint64
	PerPath               map[string]*pathStat
}

type pathStat struct {
	n        int
	bytes    int64
	encoding map[string]int // Content-Encoding seen ("" for none) → responses
	P50, P99 time.Duration
}

// runLoad sends n requests from c keep-alive clients to base, cycling over
// paths (URL paths: the page, the stylesheet and the wasm), and samples the process's memory every 50 ms meanwhile. The
// server runs in this process, so the memory is the server's plus the
// clients' (which only discard bodies through a fixed buffer).
func runLoad(base string, paths []string, n, c int) (*loadResult, error) {
	if n < 1 || c < 1 {
		return nil, fmt.Errorf("-requests and -concurrency must be positive")
	}
	tr := &http.Transport{
		MaxIdleConns:        c,
		MaxIdleConnsPerHost: c, // the default, 2, would reconnect all the time
		DisableCompression:  true,
		IdleConnTimeout:     30 * time.Second,
	}
	defer tr.CloseIdleConnections()
	client := &http.Client{Transport: tr, Timeout: time.Minute}

	res := &loadResult{Requests: n, Concurrency: c, PerPath: map[string]*pathStat{}}
	for _, p := range paths {
		res.PerPath[p] = &pathStat{encoding: map[string]int{}}
	}
	latency := make([]time.Duration, n)

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
	var wg sync.WaitGroup
	start := time.Now()
	for range c {
		wg.Add(1)
		go func() {
			defer wg.Done()
			buf := make([]byte, 64<<10)
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				path := paths[i%len(paths)]
				t0 := time.Now()
				size, enc, err := fetch(client, base+path[1:], buf)
				latency[i] = time.Since(t0)
				mu.Lock()
				if err != nil {
					res.Errors++
					if len(res.FirstErrors) < 5 {
						res.FirstErrors = append(res.FirstErrors, path+": "+err.Error())
					}
				} else {
					s := res.PerPath[path]
					s.n++
					s.bytes += size
					s.encoding[enc]++
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	res.Wall = time.Since(start)
	close(done)
	<-sampled

	// Request i asked for paths[i%len(paths)].
	for k, p := range paths {
		var mine []time.Duration
		for i := k; i < n; i += len(paths) {
			mine = append(mine, latency[i])
		}
		if len(mine) > 0 {
			s := res.PerPath[p]
			s.P50, s.P99 = percentiles(mine)
		}
	}
	res.P50, res.P99 = percentiles(latency)
	return res, nil
}

func percentiles(d []time.Duration) (p50, p99 time.Duration) {
	sort.Slice(d, func(i, j int) bool { return d[i] < d[j] })
	return d[rank(len(d), 0.50)], d[rank(len(d), 0.99)]
}

// fetch GETs url as a browser would (asking for brotli or gzip) and reads
// the whole body; a non-2xx status or a short body is an error.
func fetch(client *http.Client, url string, buf []byte) (int64, string, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, "", err
	}
	req.Header.Set("Accept-Encoding", "br, gzip")
	resp, err := client.Do(req)
	if err != nil {
		return 0, "", err
	}
	defer resp.Body.Close()
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

// rank is the index of the p-quantile in a sorted slice of n (nearest rank).
func rank(n int, p float64) int {
	i := int(math.Ceil(p*float64(n))) - 1
	return min(max(i, 0), n-1)
}
