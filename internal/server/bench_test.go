package server

import (
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The benchmarks go through a real loopback listener with keep-alive
// clients (httptest.NewServer), not httptest.NewRecorder: a recorder
// buffers the whole 7 MB body in memory and skips the sendfile path, so it
// would measure the recorder more than the server. Allocations include the
// clients'.

func BenchmarkSmallFile(b *testing.B) { benchServe(b, "/web/lesson.css") }

// BenchmarkWasm asks for brotli or gzip like a browser and gets
// app.wasm.br, from memory. B/resp says which one came back.
func BenchmarkWasm(b *testing.B) { benchServe(b, "/web/app.wasm") }

func benchServe(b *testing.B, path string) {
	h, err := New(benchSite(b), "/")
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	b.Cleanup(func() {
		srv.Close()
		h.Close()
	})
	tr := &http.Transport{MaxIdleConnsPerHost: 64, DisableCompression: true}
	b.Cleanup(tr.CloseIdleConnections)
	client := &http.Client{Transport: tr}
	url := srv.URL + path

	// One request first: it reads the file into the server's memory, as
	// any request after the first finds it, and tells the size of a response.
	size, err := benchGet(client, url)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := benchGet(client, url); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(size), "B/resp")
}

// benchGet fetches url as a browser would and reads the whole body.
func benchGet(client *http.Client, url string) (int64, error) {
	req, err := http.NewRequest(http.MethodGet, url, nil)
	if err != nil {
		return 0, err
	}
	req.Header.Set("Accept-Encoding", "br, gzip")
	resp, err := client.Do(req)
	if err != nil {
		return 0, err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return n, err
	}
	if resp.StatusCode != http.StatusOK {
		return n, fmt.Errorf("GET %s: %s", url, resp.Status)
	}
	return n, nil
}

// benchSite writes what the server needs from a build: index.html, a small
// stylesheet, a 7 MB app.wasm and a 1.4 MB app.wasm.br beside it (the sizes
// of the real ones). Random bytes: compressed output is incompressible too,
// and no server-side compression can make the benchmark look faster.
func benchSite(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	rnd := rand.NewChaCha8([32]byte{1})
	random := func(n int) []byte {
		p := make([]byte, n)
		rnd.Read(p)
		return p
	}
	files := map[string][]byte{
		"index.html":      []byte("<!doctype html><title>bench</title><p>lesson</p>\n"),
		"web/lesson.css":  []byte(strings.Repeat(".lesson { margin: 0 auto; max-width: 48rem; }\n", 110)),
		"web/app.wasm":    random(7 << 20),
		"web/app.wasm.br": random(1400 << 10),
	}
	for name, data := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(p, data, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}
