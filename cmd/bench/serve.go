package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/internal/assets"
	"golesson/internal/server"
	"golesson/internal/site"
)

// built is the lesson built once by site.Build into a temporary folder.
// Both variants serve the same lesson.css; the plain variant's app.wasm is
// the same program built against go-app as published (assets.CompilePlainWasm).
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
	if err := os.MkdirAll(filepath.Join(b.plainDir, "web"), 0o755); err != nil {
		return nil, err
	}
	if err := assets.CompilePlainWasm(filepath.Join(b.plainDir, "web", "app.wasm")); err != nil {
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

// mkTemp is a temporary folder removed by the returned func. It is
// readable by all (MkdirTemp makes it 0700): when the bench runs as root,
// nginx's workers run as another user and must reach the site built in it.
func mkTemp() (string, func(), error) {
	dir, err := os.MkdirTemp("", "lesson-bench-")
	if err != nil {
		return "", nil, err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return dir, func() { os.RemoveAll(dir) }, nil
}
