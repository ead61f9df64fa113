package meter

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestMeterCounts(t *testing.T) {
	dir := t.TempDir()
	for name, size := range map[string]int{"app.wasm": 5000, "lesson.css": 300} {
		if err := os.WriteFile(filepath.Join(dir, name), make([]byte, size), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var m Meter
	// http.FileServer answers with ServeContent: through ReadFrom (sendfile).
	srv := httptest.NewServer(m.Wrap(http.FileServer(http.Dir(dir))))
	defer srv.Close()
	get := func(p string) {
		resp, err := http.Get(srv.URL + p)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	get("/app.wasm")
	get("/lesson.css")
	get("/missing")
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := m.WaitIdle(ctx, 10*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	s := m.Snapshot()
	if s.Requests != 3 || s.Wasm != 5000 || s.Bytes < 5300 {
		t.Errorf("Snapshot = %+v, want 3 requests, 5000 wasm bytes, at least 5300 bytes (the 404's body too)", s)
	}
	m.Reset()
	if s := m.Snapshot(); s != (Snapshot{}) {
		t.Errorf("after Reset, Snapshot = %+v, want zero", s)
	}
}

func TestWaitIdleWhileInFlight(t *testing.T) {
	var m Meter
	release := make(chan struct{})
	h := m.Wrap(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		io.WriteString(w, "done")
	}))
	srv := httptest.NewServer(h)
	defer srv.Close()
	done := make(chan struct{})
	go func() {
		defer close(done)
		if resp, err := http.Get(srv.URL + "/slow"); err == nil {
			resp.Body.Close()
		}
	}()
	// Wait until the request is in the handler.
	for {
		m.mu.Lock()
		n := m.inflight
		m.mu.Unlock()
		if n == 1 {
			break
		}
		time.Sleep(time.Millisecond)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 100*time.Millisecond)
	defer cancel()
	err := m.WaitIdle(ctx, time.Millisecond)
	close(release)
	<-done
	if err == nil || !strings.Contains(err.Error(), "never went quiet") {
		t.Errorf("WaitIdle with a request in flight = %v, want the server never went quiet", err)
	}
}
