package server

import (
	"math/rand/v2"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golesson/internal/loadgen"
)

// The benchmarks go through a real loopback listener with keep-alive
// clients (httptest.NewServer), not httptest.NewRecorder: a recorder
// buffers the whole 7 MB body in memory and skips the sendfile path, so it
// would measure the recorder more than the server. The clients are make
// bench's (internal/loadgen); allocations include theirs.

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
	client := loadgen.Client(64)
	b.Cleanup(client.CloseIdleConnections)
	url := srv.URL + path

	// One request first: it reads the file into the server's memory, as
	// any request after the first finds it, and tells the size of a response.
	size, _, err := loadgen.Get(b.Context(), client, url, make([]byte, 64<<10))
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(size)
	b.ReportAllocs()
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		buf := make([]byte, 64<<10)
		for pb.Next() {
			if _, _, err := loadgen.Get(b.Context(), client, url, buf); err != nil {
				b.Error(err)
				return
			}
		}
	})
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "req/s")
	b.ReportMetric(float64(size), "B/resp")
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
