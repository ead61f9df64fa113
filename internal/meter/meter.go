// Package meter counts what an HTTP server writes, for make bench: the body
// bytes of every response whoever asked (a page, or its service worker,
// which the page's DevTools session does not see), per URL path, and
// whether a request is still in flight, so a visit can wait for the server
// to go quiet.
package meter

import (
	"context"
	"errors"
	"io"
	"net/http"
	"path"
	"sync"
	"time"
)

// Meter wraps a handler (Wrap) and counts what it writes.
type Meter struct {
	mu       sync.Mutex
	inflight int
	last     time.Time        // when the last request finished
	bytes    int64            // body bytes since Reset
	byPath   map[string]int64 // body bytes per URL path since Reset
	requests int
}

// Wrap counts what h writes.
func (m *Meter) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.mu.Lock()
		m.inflight++
		m.mu.Unlock()
		cw := &countingWriter{ResponseWriter: w}
		defer func() {
			m.mu.Lock()
			m.inflight--
			m.last = time.Now()
			m.requests++
			m.bytes += cw.n
			if m.byPath == nil {
				m.byPath = map[string]int64{}
			}
			m.byPath[r.URL.Path] += cw.n
			m.mu.Unlock()
		}()
		h.ServeHTTP(cw, r)
	})
}

// Reset starts counting again from zero.
func (m *Meter) Reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bytes, m.requests, m.byPath = 0, 0, map[string]int64{}
}

// Snapshot is what the server wrote since the last Reset.
type Snapshot struct {
	Bytes    int64 // body bytes
	Requests int   // requests answered
	Wasm     int64 // body bytes of *.wasm paths
}

// Snapshot is what the server wrote since the last Reset.
func (m *Meter) Snapshot() Snapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := Snapshot{Bytes: m.bytes, Requests: m.requests}
	for p, n := range m.byPath {
		if path.Ext(p) == ".wasm" { // ours: /web/app.<hash>.wasm, plain: /web/app.wasm
			s.Wasm += n
		}
	}
	return s
}

// WaitIdle waits until no request is in flight and none has finished for
// quiet: the page and its service worker are done downloading.
func (m *Meter) WaitIdle(ctx context.Context, quiet time.Duration) error {
	t := time.NewTicker(25 * time.Millisecond)
	defer t.Stop()
	for {
		m.mu.Lock()
		idle := m.inflight == 0 && time.Since(m.last) >= quiet
		m.mu.Unlock()
		if idle {
			return nil
		}
		select {
		case <-ctx.Done():
			return errors.New("the server never went quiet (a request still running?)")
		case <-t.C:
		}
	}
}

// countingWriter counts body bytes. ReadFrom keeps the sendfile path that
// http.ServeContent takes for a plain ResponseWriter.
type countingWriter struct {
	http.ResponseWriter
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.ResponseWriter.Write(p)
	c.n += int64(n)
	return n, err
}

func (c *countingWriter) ReadFrom(r io.Reader) (int64, error) {
	var n int64
	var err error
	if rf, ok := c.ResponseWriter.(io.ReaderFrom); ok {
		n, err = rf.ReadFrom(r)
	} else {
		n, err = io.Copy(struct{ io.Writer }{c.ResponseWriter}, r)
	}
	c.n += n
	return n, err
}

func (c *countingWriter) Unwrap() http.ResponseWriter { return c.ResponseWriter }
