package loadgen

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"golesson/internal/stats"
)

// Table writes the load's report, as make bench prints it.
func (r *Result) Table(w *strings.Builder) {
	fmt.Fprintf(w, "\n### Load on our server: %d requests, %d keep-alive clients, loopback, `Accept-Encoding: br, gzip`\n\n", r.Requests, r.Concurrency)
	fmt.Fprintf(w, "| measure | value |\n|---|---:|\n")
	fmt.Fprintf(w, "| errors (transport, non-2xx, short body) | %d |\n", r.Errors)
	fmt.Fprintf(w, "| requests/s | %.0f |\n", float64(r.Requests)/r.Wall.Seconds())
	fmt.Fprintf(w, "| wall time | %s |\n", r.Wall.Round(time.Millisecond))
	fmt.Fprintf(w, "| latency p50 / p99 (request to last body byte) | %s / %s |\n", r.P50.Round(10*time.Microsecond), r.P99.Round(10*time.Microsecond))
	fmt.Fprintf(w, "| peak HeapInuse / Sys, whole process (server and clients in-process) | %s / %s |\n", stats.Size(float64(r.PeakHeapInuse)), stats.Size(float64(r.PeakSys)))
	paths := make([]string, 0, len(r.PerPath))
	for p := range r.PerPath {
		paths = append(paths, p)
	}
	sort.Strings(paths)
	for _, p := range paths {
		s := r.PerPath[p]
		if s.N == 0 {
			continue
		}
		var encs []string
		for e, n := range s.Encoding {
			if e == "" {
				e = "identity"
			}
			encs = append(encs, fmt.Sprintf("%s×%d", e, n))
		}
		sort.Strings(encs)
		fmt.Fprintf(w, "| `%s`: bytes/response (Content-Encoding); latency p50 / p99 | %s (%s); %s / %s |\n", p,
			stats.Size(float64(s.Bytes)/float64(s.N)), strings.Join(encs, ", "), s.P50.Round(10*time.Microsecond), s.P99.Round(10*time.Microsecond))
	}
	for _, e := range r.FirstErrors {
		fmt.Fprintf(w, "\nerror: %s\n", e)
	}
}
