package loadgen

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// site answers /ok with 1000 bytes (brotli when asked), /missing with 404
// and /short with fewer bytes than its Content-Length.
func site(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		if strings.Contains(r.Header.Get("Accept-Encoding"), "br") {
			w.Header().Set("Content-Encoding", "br")
		}
		w.Write(make([]byte, 1000))
	})
	mux.HandleFunc("/short", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		w.Write([]byte("12345"))
	})
	srv := httptest.NewServer(mux) // listens on 127.0.0.1
	t.Cleanup(srv.Close)
	return srv
}

func TestRunCountsAnswersAndErrors(t *testing.T) {
	srv := site(t)
	res, err := Run(srv.URL+"/", []string{"/ok", "/missing"}, Options{Requests: 40, Concurrency: 4, Limit: time.Minute})
	if err != nil {
		t.Fatal(err)
	}
	ok := res.PerPath["/ok"]
	if ok.N != 20 || ok.Bytes != 20*1000 || ok.Encoding["br"] != 20 {
		t.Errorf("/ok: %d answers, %d bytes, encodings %v; want 20, 20000, br×20", ok.N, ok.Bytes, ok.Encoding)
	}
	if res.Errors != 20 || res.PerPath["/missing"].N != 0 {
		t.Errorf("errors %d, /missing answered %d; want 20 (every 404) and 0", res.Errors, res.PerPath["/missing"].N)
	}
	if len(res.FirstErrors) != 5 || !strings.Contains(res.FirstErrors[0], "/missing: status 404") {
		t.Errorf("FirstErrors = %q, want the first 5, each /missing: status 404", res.FirstErrors)
	}
	if ok.P50 <= 0 || ok.P99 < ok.P50 || res.P50 <= 0 {
		t.Errorf("latencies p50 %v p99 %v (all %v); want 0 < p50 ≤ p99", ok.P50, ok.P99, res.P50)
	}
	if res.PeakSys == 0 {
		t.Error("no memory sampled")
	}
}

func TestRunStopsAtLimit(t *testing.T) {
	srv := site(t)
	// 1 ns: the deadline has passed before the first request is sent, so
	// every request is refused rather than sent.
	res, err := Run(srv.URL+"/", []string{"/ok"}, Options{Requests: 10, Concurrency: 2, Limit: time.Nanosecond})
	if err != nil {
		t.Fatal(err)
	}
	if res.Errors != 10 || res.PerPath["/ok"].N != 0 {
		t.Errorf("errors %d, answered %d; want every request cut by the limit", res.Errors, res.PerPath["/ok"].N)
	}
}

func TestRunRejectsUnboundedLoads(t *testing.T) {
	for _, o := range []Options{
		{Requests: 0, Concurrency: 1, Limit: time.Second},
		{Requests: 1, Concurrency: 0, Limit: time.Second},
		{Requests: 1, Concurrency: 1},
	} {
		if _, err := Run("http://127.0.0.1:1/", []string{"/"}, o); err == nil {
			t.Errorf("Run(%+v) = nil error, want one", o)
		}
	}
}

func TestGetShortBody(t *testing.T) {
	srv := site(t)
	c := Client(1)
	defer c.CloseIdleConnections()
	if _, _, err := Get(context.Background(), c, srv.URL+"/short", make([]byte, 512)); err == nil {
		t.Error("Get of a body shorter than its Content-Length: no error")
	}
	n, enc, err := Get(context.Background(), c, srv.URL+"/ok", make([]byte, 512))
	if err != nil || n != 1000 || enc != "br" {
		t.Errorf("Get /ok = %d, %q, %v; want 1000, br, nil", n, enc, err)
	}
}
