package site

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/app/ui"
	"golesson/internal/assets"
	"golesson/internal/compress"
	"golesson/internal/files"
)

// CourseOptions says what course to build and where.
type CourseOptions struct {
	Course string // course manifest, e.g. content/course.yaml
	Web    string // static assets folder (web/)
	Out    string // output folder (dist/), replaced
	Wasm   string // a prebuilt app.wasm; empty compiles ./cmd/wasm
	// Dev skips the precompressed twins (make dev rebuilds on every save)
	// and adds these raw head elements to every page (its reload script).
	Dev     bool
	DevHead []string
	// Prepared, when set, is a web folder made by PrepareWeb, linked in
	// instead of prepared again (Web and Wasm are then not read).
	Prepared *assets.Folder
}

// PrepareWeb writes the web folder into dir/web once, for builds that
// reuse it (CourseOptions.Prepared).
func PrepareWeb(webSrc, wasm, dir string) (*assets.Folder, error) {
	return assets.Prepare(webSrc, wasm, dir)
}

// CourseResult describes a finished course build.
type CourseResult struct {
	Course  *lesson.Course
	Version string            // changes when any file changes
	Groups  []Group           // the service worker's cache groups
	Files   []string          // every file written, relative to Out
	Names   map[string]string // logical web paths to their fingerprinted names
}

// BuildCourse writes one site for the course: the home page at the root,
// each lesson in its own folder (<id>/index.html), and the files every page
// shares (one app.wasm, scripts, styles, icons, the manifest and the service
// worker) at the root and in web/.
func BuildCourse(o CourseOptions) (*CourseResult, error) {
	c, err := parse.Course(o.Course)
	if err != nil {
		return nil, err
	}
	tmp, web, err := stage(o.Out, o.Web, o.Wasm, o.Prepared)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	// go-app writes its version into app.js only. It is the shared files'
	// version, so a lesson's text changing leaves every other page as it
	// was; the update check relies on the worker, which lists every group.
	shared, err := files.Hash(tmp)
	if err != nil {
		return nil, err
	}

	home := &lesson.Course{ID: c.ID, Lang: c.Lang, Title: c.Title, ShortName: c.ShortName, Description: c.Description,
		IRI: c.IRI, MasteryScore: c.MasteryScore, UI: c.UI}
	for _, l := range c.Lessons {
		home.Lessons = append(home.Lessons, l.Outline())
	}
	data, err := json.Marshal(home)
	if err != nil {
		return nil, err
	}
	info := manifestInfo{c.Title, c.ShortName, c.Description, c.Lang}
	res := newResources(web.Names)
	h := pageHandler(page{info, c.UI.Loading, lesson.CourseDataElementID, data}, web.WasmSize, shared, res)
	h.RawHeaders = append(h.RawHeaders, o.DevHead...)
	if err := prerender(tmp, h, func() { ui.RegisterHome(home) }); err != nil {
		return nil, fmt.Errorf("prerendering the course home: %w", err)
	}
	if err := writeManifest(tmp, info, res); err != nil {
		return nil, err
	}
	if err := normalizeHTML(filepath.Join(tmp, "index.html")); err != nil {
		return nil, err
	}

	for _, l := range c.Lessons {
		if err := generateLesson(tmp, l, info, web, shared, o.DevHead); err != nil {
			return nil, err
		}
	}

	groups, err := courseGroups(tmp, c)
	if err != nil {
		return nil, err
	}
	if err := writeWorker(tmp, web.Worker, groups); err != nil {
		return nil, err
	}
	version, err := files.Hash(tmp)
	if err != nil {
		return nil, err
	}
	list, err := finish(tmp, o.Out, !o.Dev)
	if err != nil {
		return nil, err
	}
	return &CourseResult{Course: c, Version: version, Groups: groups, Files: list, Names: web.Names}, nil
}

// generateLesson prerenders one lesson of a course into dir/<id>/: its
// page and its own app.js (whose paths lead one folder up). The rest of
// what go-app writes is the same for every page and is the home's.
func generateLesson(dir string, l *lesson.Lesson, info manifestInfo, web *assets.Folder, version string, devHead []string) error {
	data, err := json.Marshal(l)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp(dir, ".lesson-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	h := pageHandler(lessonPage(l, data), web.WasmSize, version, lessonResources(web.Names))
	// Installing from a lesson installs the course.
	h.Name, h.ShortName = info.Title, info.ShortName
	h.RawHeaders = append(h.RawHeaders, devHead...)
	if err := prerender(tmp, h, func() { ui.Register(l) }); err != nil {
		return fmt.Errorf("prerendering %s: %w", l.ID, err)
	}
	out := filepath.Join(dir, l.ID)
	if err := os.MkdirAll(out, 0o755); err != nil {
		return err
	}
	for _, f := range []string{"index.html", "app.js"} {
		if err := os.Rename(filepath.Join(tmp, f), filepath.Join(out, f)); err != nil {
			return err
		}
	}
	return normalizeHTML(filepath.Join(out, "index.html"))
}

// courseGroups splits the site into the worker's cache groups: what every
// page shares, the home page, and each lesson's folder. Each group's
// version is a hash of its own files only.
func courseGroups(dir string, c *lesson.Course) ([]Group, error) {
	list, err := files.List(dir)
	if err != nil {
		return nil, err
	}
	byName := map[string]*Group{}
	var groups []Group
	add := func(name string) {
		groups = append(groups, Group{Name: name})
	}
	add("shared")
	add("home")
	for _, l := range c.Lessons {
		add("lesson-" + l.ID)
	}
	for i := range groups {
		byName[groups[i].Name] = &groups[i]
	}
	lessons := map[string]bool{}
	for _, l := range c.Lessons {
		lessons[l.ID] = true
	}
	sums := map[string][]string{} // group → "file\x00content hash" lines
	for _, f := range list {
		if f == "app-worker.js" || compress.IsVariant(f) {
			continue // the worker is not its own cache's content
		}
		name := "shared"
		switch dirName, _, nested := strings.Cut(f, "/"); {
		case f == "index.html" || f == "app.js":
			name = "home"
		case nested && lessons[dirName]:
			name = "lesson-" + dirName
		}
		g := byName[name]
		url := "./" + f
		if strings.HasSuffix(f, "/index.html") || f == "index.html" {
			// The folder's URL is the page learners open.
			g.Files = append(g.Files, strings.TrimSuffix(url, "index.html"))
		}
		g.Files = append(g.Files, url)
		b, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(f)))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		sums[name] = append(sums[name], f+"\x00"+hex.EncodeToString(sum[:]))
	}
	for i := range groups {
		sum := sha256.Sum256([]byte(strings.Join(sums[groups[i].Name], "\n")))
		groups[i].Version = hex.EncodeToString(sum[:])[:16]
	}
	return groups, nil
}
