package compare

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

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

func TestTable(t *testing.T) {
	run := func(rate, cpu float64, count, errors int) Run {
		return Run{Result: wrk.Result{Rate: rate, Count: count, Errors: errors}, CPU: cpu}
	}
	r := &Results{
		Cases:         Cases("/web/app.1234567890.wasm")[:1],
		Concurrencies: []int{16},
		Rounds:        2,
		Duration:      3 * time.Second,
		Runs: map[Key][]Run{
			{0, 16, "ours"}:  {run(200, 0.01, 1000, 0), run(300, 0.02, 1000, 1)},
			{0, 16, "nginx"}: {run(100, 0.02, 1000, 0), run(200, 0.04, 1000, 0)},
		},
		PeakRSS:      [2]int64{19_130_000, 17_270_000},
		LoadBefore:   "0.87",
		LoadAfter:    "4.17",
		NginxVersion: "nginx/1.22.1",
	}
	var w strings.Builder
	r.Table(&w)
	for _, want := range []string{
		"wrk -t2, 3s per run, median of 2 runs each",
		// medians 250 and 150: 1.67; round ratios 2.00 and 1.50: median 1.75;
		// CPU 15 and 30 µs per request.
		"| GET / (brotli) | 16 | 250 | 150 | 1.67 | 1.75 (1.50–2.00) | 1 / 0 | 15.0 / 30.0 |",
		"| peak RSS (VmHWM; nginx: master and workers) | | 19.13 MB | 17.27 MB |",
		"nginx/1.22.1: worker_processes auto",
		"before / after the comparison: 0.87 / 4.17.",
	} {
		if !strings.Contains(w.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, w.String())
		}
	}
}
