package visit

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"time"

	"golesson/internal/meter"
)

// Server is a variant of the lesson served on loopback, with its meter.
type Server struct {
	URL   string       // http://127.0.0.1:PORT/
	Meter *meter.Meter // nil when not metered
	srv   *http.Server
}

// Serve serves h on 127.0.0.1 at a free port until Stop is called (or the
// program exits), metered if asked.
func Serve(h http.Handler, metered bool) (*Server, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	s := &Server{URL: "http://" + ln.Addr().String() + "/"}
	if metered {
		s.Meter = &meter.Meter{}
		h = s.Meter.Wrap(h)
	}
	s.srv = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	go s.srv.Serve(ln)
	return s, nil
}

// Stop closes the listener and every connection.
func (s *Server) Stop() { s.srv.Close() }

// Warm fetches every file of a visit once (the page, go-app's files and
// paths), so that no run pays for a first request: go-app builds its files
// on the first one, our server hashes each file for its ETag, and the OS
// caches the files. Then the meter starts from zero.
func (s *Server) Warm(paths ...string) error {
	for _, p := range append([]string{"/", "/app.css", "/app.js", "/wasm_exec.js", "/app-worker.js", "/manifest.webmanifest"}, paths...) {
		req, err := http.NewRequest(http.MethodGet, s.URL+p[1:], nil)
		if err != nil {
			return err
		}
		req.Header.Set("Accept-Encoding", "br, gzip") // as a browser: warm the compressed files
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			return fmt.Errorf("warming up %s: %w", req.URL, err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("warming up %s: %s", req.URL, resp.Status)
		}
	}
	if s.Meter != nil {
		s.Meter.Reset()
	}
	return nil
}
