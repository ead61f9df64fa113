// Package site builds a lesson into a self-contained static site: parse and
// validate the content, compile the wasm, rasterize the icons, prerender the
// page with go-app and write everything to one folder that any static host
// can serve as is, at any path.
package site

import (
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/app/ui"
	"golesson/internal/server"
)

// Options says what to build and where.
type Options struct {
	Lesson string // lesson file, e.g. content/day1-00-finetuning.md
	Web    string // static assets folder (web/)
	Out    string // output folder (dist/), replaced
	Wasm   string // a prebuilt app.wasm; empty compiles ./cmd/wasm
}

// Result describes a finished build.
type Result struct {
	Lesson  *lesson.Lesson
	Version string
	Files   []string          // every file written, slash-separated, relative to Out
	Names   map[string]string // logical web paths to their fingerprinted names
}

//go:embed app-worker.js
var workerJS string

// themeColor and backgroundColor come from the comparison cards' palette.
const (
	themeColor      = "#1A237E"
	backgroundColor = "#FFFFFF"
)

// Build writes the site for o.Lesson into o.Out.
func Build(o Options) (*Result, error) {
	l, err := parse.File(o.Lesson)
	if err != nil {
		return nil, err
	}
	return buildLesson(l, o)
}

// buildLesson is Build for a lesson already parsed.
func buildLesson(l *lesson.Lesson, o Options) (*Result, error) {
	data, err := json.Marshal(l)
	if err != nil {
		return nil, err
	}

	tmp, err := os.MkdirTemp(filepath.Dir(filepath.Clean(o.Out)), ".build-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)

	names, wasmSize, err := prepareWeb(o.Web, o.Wasm, tmp)
	if err != nil {
		return nil, err
	}
	res := newResources(names)

	// The version is a hash of everything the build writes, so an unchanged
	// build keeps its version and any change makes a new one. go-app writes
	// the version into its files, so render once with a placeholder, hash,
	// then render for real.
	ui.Register(l)
	h := handler(l, data, wasmSize, "0", res)
	if err := generate(tmp, h, l, res); err != nil {
		return nil, err
	}
	version, err := hashDir(tmp)
	if err != nil {
		return nil, err
	}
	h = handler(l, data, wasmSize, version, res)
	if err := generate(tmp, h, l, res); err != nil {
		return nil, err
	}
	if err := precompress(tmp); err != nil {
		return nil, err
	}

	files, err := listFiles(tmp)
	if err != nil {
		return nil, err
	}
	if err := replaceDir(tmp, o.Out); err != nil {
		return nil, err
	}
	return &Result{Lesson: l, Version: version, Files: files, Names: names}, nil
}

// handler configures go-app for a static site that works at any path:
// every URL is relative ("./web/app.wasm"), icons and styles are local.
func handler(l *lesson.Lesson, data []byte, wasmSize int64, version string, res resources) *app.Handler {
	return pageHandler(manifestOf(l), l.UI.Loading, lesson.DataElementID, data, wasmSize, version, res)
}

// pageHandler is handler for any page: a lesson, or a course's home, whose
// data travels in the element dataID.
func pageHandler(m manifestInfo, loading, dataID string, data []byte, wasmSize int64, version string, res resources) *app.Handler {
	return &app.Handler{
		Name:            m.Title,
		ShortName:       m.ShortName,
		Title:           m.Title,
		Description:     m.Description,
		Lang:            m.Lang,
		LoadingLabel:    loading,
		ThemeColor:      themeColor,
		BackgroundColor: backgroundColor,
		Icon: app.Icon{
			Default:  "/web/icon-192.png",
			Large:    "/web/icon-512.png",
			Maskable: "/web/icon-maskable-512.png",
			SVG:      "/web/icon.svg",
		},
		Styles: []string{"/web/lesson.css"},
		// Precached with go-app's own files, icons and styles.
		CacheableResources: append([]string{"/index.html", "/web/embed.js", "/web/icon.svg"}, pageScripts...),
		// go-app writes only the list of files to precache; writeWorker
		// then writes the real worker around it.
		ServiceWorkerTemplate: "{{.ResourcesToCache}}",
		RawHeaders: append([]string{
			// The lesson travels in the page as data; json.Marshal escapes
			// "<", so the text cannot close the script element.
			`<script type="application/json" id="` + dataID + `">` + string(data) + `</script>`,
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

// pageScripts are the page's own scripts (web/), in the order they run,
// before go-app's: the names every other script uses (contract.js), the
// storage guard, the wasm's early start, the load-failure note, the
// service worker's client, the LMS connection.
var pageScripts = []string{"/web/contract.js", "/web/storage-guard.js", "/web/wasm-start.js", "/web/load-failure.js", "/web/updates.js", "/web/lms.js"}

func scriptTags(res resources) []string {
	var tags []string
	for _, s := range pageScripts {
		wasm := ""
		if s == "/web/wasm-start.js" {
			wasm = `data-wasm="` + res.Resolve("/web/app.wasm") + `" `
		}
		tags = append(tags, `<script `+wasm+`src="`+res.Resolve(s)+`"></script>`)
	}
	return tags
}

func generate(dir string, h *app.Handler, l *lesson.Lesson, res resources) error {
	if err := app.GenerateStaticWebsite(dir, h); err != nil {
		return fmt.Errorf("prerendering: %w", err)
	}
	if err := writeManifest(dir, manifestOf(l), res); err != nil {
		return err
	}
	// One lesson on its own is one cache group, versioned with the build.
	b, err := os.ReadFile(filepath.Join(dir, "app-worker.js"))
	if err != nil {
		return err
	}
	var files []string
	if err := json.Unmarshal(b, &files); err != nil {
		return fmt.Errorf("reading go-app's list of files to precache: %w", err)
	}
	if err := writeWorker(dir, []Group{{Name: "lesson-" + l.ID, Version: h.Version, Files: files}}); err != nil {
		return err
	}
	return normalizeHTML(filepath.Join(dir, "index.html"))
}

// Group is one cache of the service worker: its name ("shared", "home",
// "lesson-<id>"), and files (URLs relative to the worker) that are
// replaced together, under a version of their own.
type Group struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Files   []string `json:"files"`
}

// writeWorker writes app-worker.js for these cache groups.
func writeWorker(dir string, groups []Group) error {
	b, err := json.Marshal(groups)
	if err != nil {
		return err
	}
	js := strings.NewReplacer("{{.Groups}}", string(b), "{{.Fingerprinted}}", server.FingerprintPattern()).Replace(workerJS)
	return os.WriteFile(filepath.Join(dir, "app-worker.js"), []byte(js), 0o644)
}

// prepareWeb writes the web folder into dir/web: the wasm (prebuilt, or
// compiled from ./cmd/wasm), the static assets and the icons, every name
// fingerprinted. It returns the names and the wasm's size.
func prepareWeb(webSrc, prebuilt, dir string) (map[string]string, int64, error) {
	wasm := filepath.Join(dir, "web", "app.wasm")
	if err := os.MkdirAll(filepath.Dir(wasm), 0o755); err != nil {
		return nil, 0, err
	}
	var err error
	if prebuilt != "" {
		err = copyFile(prebuilt, wasm)
	} else {
		err = CompileWasm(wasm)
	}
	if err != nil {
		return nil, 0, err
	}
	if err := copyWeb(webSrc, filepath.Join(dir, "web")); err != nil {
		return nil, 0, err
	}
	if err := writeIcons(filepath.Join(webSrc, "icon.svg"), filepath.Join(dir, "web")); err != nil {
		return nil, 0, err
	}
	info, err := os.Stat(wasm)
	if err != nil {
		return nil, 0, err
	}
	names, err := fingerprint(filepath.Join(dir, "web"))
	return names, info.Size(), err
}

func hashDir(dir string) (string, error) {
	files, err := listFiles(dir)
	if err != nil {
		return "", err
	}
	sum := sha256.New()
	for _, f := range files {
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			return "", err
		}
		fmt.Fprintf(sum, "%s\x00%d\x00", f, len(b))
		sum.Write(b)
	}
	return hex.EncodeToString(sum.Sum(nil))[:16], nil
}

func listFiles(dir string) ([]string, error) {
	var files []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(dir, p)
		files = append(files, filepath.ToSlash(rel))
		return err
	})
	sort.Strings(files)
	return files, err
}

// copyWeb copies the static assets, except the icon source, which the build
// rasterizes instead.
func copyWeb(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "app.wasm" {
			continue
		}
		if err := copyFile(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

func copyFile(src, dst string) error {
	b, err := os.ReadFile(src)
	if err != nil {
		return err
	}
	return os.WriteFile(dst, b, 0o644)
}

// replaceDir moves the new build into out, keeping out itself (a server
// that has it open keeps serving the new files).
func replaceDir(tmp, out string) error {
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	old, err := os.ReadDir(out)
	if err != nil {
		return err
	}
	for _, e := range old {
		if err := os.RemoveAll(filepath.Join(out, e.Name())); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(tmp)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if err := os.Rename(filepath.Join(tmp, e.Name()), filepath.Join(out, e.Name())); err != nil {
			return err
		}
	}
	return nil
}
