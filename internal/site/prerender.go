package site

import (
	"strconv"
	"strings"
	"sync"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/internal/assets"
)

// go-app v10 keeps its routes in one router per process: app.Route adds
// to it, and app.Handler and app.GenerateStaticWebsite render whatever it
// routes a path to; a Handler cannot carry routes of its own. The wasm
// routes once, as go-app expects (cmd/wasm). A build renders several pages
// in one process, each lesson and the course home in turn, so it has to
// point the router at each page before rendering it.
//
// prerender is the one place in the build that touches the router: it
// routes one page and renders it under one lock, so builds running at
// once in a process (tests, make dev, the bench) never render each other's
// pages, and no caller has to route before or after a build. The router
// keeps the last page a build rendered: after Build, the lesson it built
// (a caller that serves go-app's Handler itself in the same process, such
// as cmd/bench's plain go-app variant, serves that page without routing
// again). Routes per Handler would need a second patch to go-app
// (third_party); one lock around go-app's own API is the smaller change.
var routing sync.Mutex

// prerender routes every page path to one page (route calls ui.Register
// or ui.RegisterHome) and writes go-app's static site for h into dir.
func prerender(dir string, h *app.Handler, route func()) error {
	routing.Lock()
	defer routing.Unlock()
	route()
	return app.GenerateStaticWebsite(dir, h)
}

// page is what one prerendered page says of itself: the manifest's names,
// go-app's loading label, and its data (a lesson or the course's outline,
// as JSON) in the element dataID.
type page struct {
	info    manifestInfo
	loading string
	dataID  string
	data    []byte
}

// pageHandler configures go-app for a static site that works at any path:
// every URL is relative ("./web/app.wasm"), icons and styles are local.
func pageHandler(p page, wasmSize int64, version string, res resources) *app.Handler {
	return &app.Handler{
		Name:            p.info.Title,
		ShortName:       p.info.ShortName,
		Title:           p.info.Title,
		Description:     p.info.Description,
		Lang:            p.info.Lang,
		LoadingLabel:    p.loading,
		ThemeColor:      assets.ThemeColor,
		BackgroundColor: assets.BackgroundColor,
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/icon.svg",
		},
		Styles: []string{"/web/lesson.css"},
		// Precached with go-app's own files, icons and styles.
		CacheableResources: append([]string{"/index.html", "/web/embed.js", "/web/icon.svg", "/web/wasm-warm.js"}, pageScripts...),
		// go-app writes only the list of files to precache; writeWorker
		// then writes the real worker around it.
		ServiceWorkerTemplate: "{{.ResourcesToCache}}",
		RawHeaders: append([]string{
			// The lesson travels in the page as data; json.Marshal escapes
			// "<", so the text cannot close the script element.
			`<script type="application/json" id="` + p.dataID + `">` + string(p.data) + `</script>`,
			// Not deferred: they must guard storage and find an LMS before
			// go-app's deferred scripts register a worker or touch storage.
			// In pageScripts' order. The wasm is the longest download and
			// compile: wasm-start.js starts both with the page (data-wasm),
			// not when the deferred app.js asks for it after the whole page
			// is parsed. No <link rel=preload>: WebKit does not hand a
			// preload to a later fetch() and would download the wasm twice.
		}, scriptTags(res)...),
		Resources: res,
		Version:   version,
		// The uncompressed size keeps go-app's progress right when the wasm
		// is served compressed.
		WasmContentLength: strconv.FormatInt(wasmSize, 10),
	}
}

// resources resolves go-app's static paths to the fingerprinted files,
// relative to the page, so the site works at any path.
type resources struct {
	names map[string]string
	base  app.ResourceResolver
	// own are the page's own files, beside it rather than at the site's
	// root: a course lesson's app.js (it carries "../" paths).
	own map[string]bool
}

func newResources(names map[string]string) resources {
	return resources{names: names, base: app.PrefixedLocation(".")}
}

// lessonResources resolves for a lesson page one folder below the course
// root: shared files are "../web/…", the worker is the course's
// ("../app-worker.js"), and the page's app.js is its own.
func lessonResources(names map[string]string) resources {
	return resources{names: names, base: app.PrefixedLocation(".."), own: map[string]bool{"/app.js": true}}
}

// Resolve rewrites only root-relative paths ("/web/app.wasm", "/"): go-app
// passes every href and src through here, and a fragment ("#peft") or a
// page-relative link ("index.html") must reach the page exactly as the
// client renders it, which leaves them alone.
func (r resources) Resolve(location string) string {
	if !strings.HasPrefix(location, "/") {
		return location
	}
	if r.own[location] {
		return "." + location
	}
	if n, ok := r.names[location]; ok {
		location = n
	}
	return r.base.Resolve(location)
}

// pageScripts are the page's own scripts (web/), in the order they run,
// before go-app's: the names every other script uses (contract.js), the
// lesson laid out a section at a time while it starts, the calculators'
// answers until the app runs, the storage guard, the wasm's
// early start, the load-failure note, the
// service worker's client, the LMS connection.
var pageScripts = []string{"/web/contract.js", "/web/lazy-layout.js", "/web/early-answers.js", "/web/storage-guard.js", "/web/wasm-start.js", "/web/load-failure.js", "/web/updates.js", "/web/lms.js"}

func scriptTags(res resources) []string {
	var tags []string
	for _, s := range pageScripts {
		wasm := ""
		if s == "/web/wasm-start.js" {
			wasm = `data-wasm="` + res.Resolve("/web/app.wasm") + `" data-warm="` + res.Resolve("/web/wasm-warm.js") +
				`" data-exec="` + res.Resolve("/wasm_exec.js") + `" `
		}
		tags = append(tags, `<script `+wasm+`src="`+res.Resolve(s)+`"></script>`)
	}
	return tags
}
