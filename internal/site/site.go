// Package site builds the static site of a course, or of one lesson: it
// parses the content, has the shared web folder prepared (internal/assets),
// prerenders every page with go-app, writes the web manifest and the
// service worker, and has the result precompressed (internal/compress),
// into one folder any static host can serve as is, at any path. SCORM
// packages of a built site are internal/scorm's; PackageCourseSCORM builds
// what they need.
package site

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"text/template"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/app/ui"
	"golesson/internal/assets"
	"golesson/internal/compress"
	"golesson/internal/files"
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

// Build writes the site for o.Lesson into o.Out. When it returns, go-app's
// router routes every page path to this lesson (see prerender).
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

	tmp, web, err := stage(o.Out, o.Web, o.Wasm, nil)
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(tmp)
	p := lessonPage(l, data)
	res := newResources(web.Names)

	// The version is a hash of everything the build writes, so an unchanged
	// build keeps its version and any change makes a new one. go-app writes
	// the version into its files, so render once with a placeholder, hash,
	// then render for real.
	if err := generate(tmp, l, pageHandler(p, web.WasmSize, "0", res), res, web.Worker); err != nil {
		return nil, err
	}
	version, err := files.Hash(tmp)
	if err != nil {
		return nil, err
	}
	if err := generate(tmp, l, pageHandler(p, web.WasmSize, version, res), res, web.Worker); err != nil {
		return nil, err
	}
	list, err := finish(tmp, o.Out, true)
	if err != nil {
		return nil, err
	}
	return &Result{Lesson: l, Version: version, Files: list, Names: web.Names}, nil
}

// stage makes the folder a build writes into, beside out (so the finished
// build moves into place by renames), with the web folder in it: prepared
// linked in when set, else src and wasm prepared.
func stage(out, src, wasm string, prepared *assets.Folder) (string, *assets.Folder, error) {
	dir, err := os.MkdirTemp(filepath.Dir(filepath.Clean(out)), ".build-")
	if err != nil {
		return "", nil, err
	}
	web := prepared
	if web != nil {
		err = web.Link(dir)
	} else {
		web, err = assets.Prepare(src, wasm, dir)
	}
	if err != nil {
		os.RemoveAll(dir)
		return "", nil, err
	}
	return dir, web, nil
}

// finish writes the precompressed twins (unless told not to), moves the
// build in dir into out, and lists the files written.
func finish(dir, out string, precompress bool) ([]string, error) {
	if precompress {
		if err := compress.Dir(dir); err != nil {
			return nil, err
		}
	}
	list, err := files.List(dir)
	if err != nil {
		return nil, err
	}
	return list, files.Replace(dir, out)
}

// lessonPage is what a lesson's page says of itself.
func lessonPage(l *lesson.Lesson, data []byte) page {
	return page{manifestInfo{l.Title, l.ShortName, l.Description, l.Lang}, l.UI.Loading, lesson.DataElementID, data}
}

// generate writes the site of a lesson built alone into dir: go-app's
// files, the manifest, the worker (one cache group, versioned with the
// build) and the normalized page.
func generate(dir string, l *lesson.Lesson, h *app.Handler, res resources, worker *template.Template) error {
	if err := prerender(dir, h, func() { ui.Register(l) }); err != nil {
		return fmt.Errorf("prerendering: %w", err)
	}
	if err := writeManifest(dir, lessonPage(l, nil).info, res); err != nil {
		return err
	}
	b, err := os.ReadFile(filepath.Join(dir, "app-worker.js"))
	if err != nil {
		return err
	}
	var precache []string
	if err := json.Unmarshal(b, &precache); err != nil {
		return fmt.Errorf("reading go-app's list of files to precache: %w", err)
	}
	if err := writeWorker(dir, worker, []Group{{Name: "lesson-" + l.ID, Version: h.Version, Files: precache}}); err != nil {
		return err
	}
	return normalizeHTML(filepath.Join(dir, "index.html"))
}
