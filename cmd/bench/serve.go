package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/ui"
	"golesson/internal/meter"
	"golesson/internal/server"
	"golesson/internal/site"
	"golesson/internal/visit"
)

// built is the lesson built once by site.Build into a temporary folder.
// Both variants serve the same app.wasm and lesson.css.
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
	for _, f := range []string{"/web/app.wasm", "/web/lesson.css"} {
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
	// site.Build registered this lesson already; registering again replaces
	// the "/" route with the same page (and adds an equal regexp route), so
	// B does not depend on what Build happens to do.
	ui.Register(b.lesson)
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
	meter *meter.Meter
	srv   *http.Server
}

// server is what internal/visit needs of it.
func (ls *liveServer) server() visit.Server { return visit.Server{URL: ls.url, Meter: ls.meter} }

// listen serves h on 127.0.0.1 at a free port until stop is called (or
// the program exits).
func listen(h http.Handler, metered bool) (*liveServer, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	ls := &liveServer{url: "http://" + ln.Addr().String() + "/"}
	if metered {
		ls.meter = &meter.Meter{}
		h = ls.meter.Wrap(h)
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
		ls.meter.Reset()
	}
	return nil
}

// mkTemp is a temporary folder removed by the returned func.
func mkTemp() (string, func(), error) {
	dir, err := os.MkdirTemp("", "lesson-bench-")
	if err != nil {
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}
