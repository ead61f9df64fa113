package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/internal/assets"
	"golesson/internal/server"
	"golesson/internal/site"
)

// built is the lesson built once by site.Build into a temporary folder.
// Both variants serve the same lesson.css; the plain variant's app.wasm is
// the same program built against go-app as published (plainWasm).
type built struct {
	dir      string // ours: the site as site.Build wrote it
	plainDir string // plain: web/app.wasm and web/lesson.css, under their plain names
	lesson   *lesson.Lesson
	result   *site.Result
}

func buildSite(tmp, lessonFile, webDir, wasm string) (*built, error) {
	b := &built{dir: filepath.Join(tmp, "dist"), plainDir: filepath.Join(tmp, "plain")}
	r, err := site.Build(site.Options{Lesson: lessonFile, Web: webDir, Out: b.dir, Wasm: wasm})
	if err != nil {
		return nil, fmt.Errorf("building %s: %w", lessonFile, err)
	}
	b.lesson, b.result = r.Lesson, r
	// go-app's file server knows nothing of our fingerprinted names.
	if err := plainWasm(filepath.Join(b.plainDir, "web", "app.wasm")); err != nil {
		return nil, err
	}
	for _, f := range []string{"/web/lesson.css"} {
		data, err := os.ReadFile(filepath.Join(b.dir, filepath.FromSlash(b.webPath(f))))
		if err != nil {
			return nil, err
		}
		if f == "/web/lesson.css" {
			// Plain go-app keeps its own full-screen loader: drop our rules
			// that shrink it to a corner pill.
			data = loaderRules.ReplaceAll(data, nil)
		}
		dst := filepath.Join(b.plainDir, filepath.FromSlash(f))
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(dst, data, 0o644); err != nil {
			return nil, err
		}
	}
	return b, nil
}

// loaderRules are lesson.css's rules for go-app's loader.
var loaderRules = regexp.MustCompile(`#app-wasm-loader[^{]*\{[^}]*\}`)

// webPath is the URL path under which our build serves a web asset:
// "/web/app.wasm" → "/web/app.3f2a9c01de.wasm" (the name carries a hash).
func (b *built) webPath(logical string) string {
	if n, ok := b.result.Names[logical]; ok {
		return n
	}
	return logical
}

// oursHandler is variant A: the built site behind our static server.
func oursHandler(b *built) (http.Handler, func(), error) {
	h, err := server.New(b.dir, "/")
	if err != nil {
		return nil, nil, err
	}
	return h, func() { h.Close() }, nil
}

// plainHandler is variant B: the same lesson served the way go-app's
// documentation does it: app.Handler with its defaults (default loader,
// default service worker, default icons, no compression), lesson.css as
// the only style, and the lesson JSON in the page because our wasm reads
// the lesson from there.
func plainHandler(b *built) (http.Handler, error) {
	data, err := json.Marshal(b.lesson)
	if err != nil {
		return nil, err
	}
	// go-app's router already routes every path to this lesson: site.Build
	// leaves it on the lesson it built (see internal/site/prerender.go).
	return &app.Handler{
		Title: b.lesson.Title,
		Lang:  b.lesson.Lang,
		// Icon stays unset: go-app then points at raw.githubusercontent.com.
		Styles: []string{"/web/lesson.css"},
		RawHeaders: []string{
			`<script type="application/json" id="` + lesson.DataElementID + `">` + string(data) + `</script>`,
		},
		Resources: localDirAt(b.plainDir),
	}, nil
}

// plainResources is app.LocalDir("") (go-app's default: /web/… URLs served
// by http.FileServer from ./web) with the file server rooted at dir instead
// of the working directory. app.LocalDir(dir) itself cannot be used with a
// temporary folder: it writes dir into the page's URLs ("/tmp/…/web/app.wasm"),
// which go-app then answers with its page handler, not the file server.
type plainResources struct {
	app.ResourceResolver // Resolve from app.LocalDir(""): "/web/x" stays "/web/x"
	http.Handler         // what go-app's LocalDir uses: http.FileServer
}

func localDirAt(dir string) plainResources {
	return plainResources{
		ResourceResolver: app.LocalDir(""),
		Handler:          http.FileServer(http.Dir(dir)),
	}
}

// liveServer is one variant on a loopback port, metered.
type liveServer struct {
	url   string
	meter *meter
	srv   *http.Server
}

// listen serves h on 127.0.0.1 at a free port until stop is called (or
// the program exits).
func listen(h http.Handler, metered bool) (*liveServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ls := &liveServer{url: "http://" + ln.Addr().String() + "/"}
	if metered {
		ls.meter = &meter{}
		h = ls.meter.wrap(h)
	}
	ls.srv = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		IdleTimeout:       60 * time.Second,
	}
	go ls.srv.Serve(ln)
	return ls, nil
}

func (ls *liveServer) stop() { ls.srv.Close() }

// warm fetches every file of a visit once, so that no run pays for a
// first request: go-app builds its files on the first one, our server
// hashes each file for its ETag, and the OS caches the files.
func (ls *liveServer) warm(paths ...string) error {
	for _, p := range append([]string{"/", "/app.css", "/app.js", "/wasm_exec.js", "/app-worker.js", "/manifest.webmanifest"}, paths...) {
		req, err := http.NewRequest(http.MethodGet, ls.url+p[1:], nil)
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
	if ls.meter != nil {
		ls.meter.reset()
	}
	return nil
}

// meter counts what the server writes: the bytes of every response body,
// whoever asked (the page, or its service worker, which the page's DevTools
// session does not see), and whether a request is still in flight.
type meter struct {
	mu       sync.Mutex
	inflight int
	last     time.Time        // when the last request finished
	bytes    int64            // body bytes since reset
	byPath   map[string]int64 // body bytes per URL path since reset
	requests int
}

func (m *meter) wrap(h http.Handler) http.Handler {
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

func (m *meter) reset() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.bytes, m.requests, m.byPath = 0, 0, map[string]int64{}
}

type meterSnapshot struct {
	bytes    int64
	requests int
	wasm     int64 // body bytes of *.wasm
}

func (m *meter) snapshot() meterSnapshot {
	m.mu.Lock()
	defer m.mu.Unlock()
	s := meterSnapshot{bytes: m.bytes, requests: m.requests}
	for p, n := range m.byPath {
		if path.Ext(p) == ".wasm" { // ours: /web/app.<hash>.wasm, plain: /web/app.wasm
			s.wasm += n
		}
	}
	return s
}

// waitIdle waits until no request is in flight and none has finished for
// quiet: the page and its service worker are done downloading.
func (m *meter) waitIdle(ctx context.Context, quiet time.Duration) error {
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

// mkTemp is a temporary folder removed by the returned func.
func mkTemp() (string, func(), error) {
	dir, err := os.MkdirTemp("", "lesson-bench-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}

// plainWasm compiles ./cmd/wasm into out against go-app v10.1.11 as the Go
// module proxy serves it, with app.wasm's flags: go.mod without its replace,
// so without third_party/go-app's patch (no adopting of the prerendered
// page, net/http linked). That is "plain go-app": the library as published.
func plainWasm(out string) error {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("finding go.mod: %w", err)
	}
	mod := strings.TrimSpace(string(gomod))
	src, err := os.ReadFile(mod)
	if err != nil {
		return err
	}
	sum, err := os.ReadFile(strings.TrimSuffix(mod, ".mod") + ".sum")
	if err != nil {
		return err
	}
	var lines []string
	for _, l := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(l, "replace github.com/maxence-charriere/go-app/") {
			lines = append(lines, l)
		}
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	plainMod := filepath.Join(filepath.Dir(filepath.Dir(out)), "plain.mod")
	if err := os.WriteFile(plainMod, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(strings.TrimSuffix(plainMod, ".mod")+".sum", sum, 0o644); err != nil {
		return err
	}
	args := append(append([]string{"build", "-modfile=" + plainMod}, assets.WasmFlags...), "-o", out, "./cmd/wasm")
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Dir(mod)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compiling the plain go-app wasm: %v\n%s", err, msg)
	}
	return nil
}
