package visit

import (
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

func TestServeWarm(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.URL.Path+" "+r.Header.Get("Accept-Encoding"))
		mu.Unlock()
		if r.URL.Path == "/missing.css" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte("x"))
	})
	s, err := Serve(h, true)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Stop()
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %s, want loopback only", s.URL)
	}
	if err := s.Warm("/web/app.wasm"); err != nil {
		t.Fatal(err)
	}
	want := []string{"/ br, gzip", "/app.css br, gzip", "/app.js br, gzip", "/wasm_exec.js br, gzip", "/app-worker.js br, gzip", "/manifest.webmanifest br, gzip", "/web/app.wasm br, gzip"}
	if !slices.Equal(asked, want) {
		t.Errorf("Warm asked for %q, want %q", asked, want)
	}
	if snap := s.Meter.Snapshot(); snap.Requests != 0 {
		t.Errorf("after Warm the meter counts %d requests, want 0 (reset)", snap.Requests)
	}
	if err := s.Warm("/missing.css"); err == nil || !strings.Contains(err.Error(), "404") {
		t.Errorf("Warm of a missing file = %v, want a 404 error", err)
	}
}
