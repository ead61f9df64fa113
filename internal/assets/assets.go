// Package assets prepares the web/ folder every page of a site shares:
// app.wasm (compiled from ./cmd/wasm, or a prebuilt one), the static files
// of the source web/ folder, the icons rasterised from its icon.svg, and a
// content hash in every name so browsers and CDNs may keep them for a
// year. It also reads the service worker's template, which lives in the
// source web/ folder beside the script that registers the worker.
package assets

import (
	"os"
	"path/filepath"
	"strings"
	"text/template"

	"golesson/internal/files"
)

// The installed app's colours, from the comparison cards' palette: the
// manifest's and the page's theme colour (also the maskable icon's
// background) and the splash screen's background.
const (
	ThemeColor      = "#1A237E"
	BackgroundColor = "#FFFFFF"
)

// WorkerTemplate is the service worker's template (text/template) in the
// source web/ folder. It is not a web asset: the build fills it in and
// writes it at the site's root as app-worker.js (a worker controls only
// its folder and below).
const WorkerTemplate = "app-worker.js"

// Folder is a prepared web folder.
type Folder struct {
	Dir      string             // holds web/
	Names    map[string]string  // logical web paths ("/web/app.wasm") to fingerprinted ones
	WasmSize int64              // app.wasm's size, uncompressed
	Worker   *template.Template // the service worker's template (WorkerTemplate)
}

// Prepare writes the web folder into dir/web: the wasm (the prebuilt file,
// or compiled from ./cmd/wasm when prebuilt is ""), the static assets of
// src and the icons, every name fingerprinted.
func Prepare(src, prebuilt, dir string) (*Folder, error) {
	web := filepath.Join(dir, "web")
	wasm := filepath.Join(web, "app.wasm")
	if err := os.MkdirAll(web, 0o755); err != nil {
		return nil, err
	}
	var err error
	if prebuilt != "" {
		err = files.Copy(prebuilt, wasm)
	} else {
		err = CompileWasm(wasm)
	}
	if err != nil {
		return nil, err
	}
	worker, err := template.ParseFiles(filepath.Join(src, WorkerTemplate))
	if err != nil {
		return nil, err
	}
	if err := copyWeb(src, web); err != nil {
		return nil, err
	}
	if err := writeIcons(filepath.Join(src, "icon.svg"), web); err != nil {
		return nil, err
	}
	info, err := os.Stat(wasm)
	if err != nil {
		return nil, err
	}
	names, err := fingerprint(web)
	if err != nil {
		return nil, err
	}
	return &Folder{Dir: dir, Names: names, WasmSize: info.Size(), Worker: worker}, nil
}

// copyWeb copies the static assets: not the worker's template, and not a
// stray app.wasm (the build's own goes in).
func copyWeb(src, dst string) error {
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		if e.IsDir() || strings.HasPrefix(e.Name(), ".") || e.Name() == "app.wasm" || e.Name() == WorkerTemplate {
			continue
		}
		if err := files.Copy(filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())); err != nil {
			return err
		}
	}
	return nil
}

// Link puts f's web folder into dir/web: hard links where the file system
// allows, copies elsewhere. Builds that reuse one prepared folder (make
// dev rebuilds on every save; the icons and the wasm's hash are most of a
// build) link it instead of preparing it again.
func (f *Folder) Link(dir string) error {
	src, dst := filepath.Join(f.Dir, "web"), filepath.Join(dir, "web")
	if err := os.MkdirAll(dst, 0o755); err != nil {
		return err
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		return err
	}
	for _, e := range entries {
		from, to := filepath.Join(src, e.Name()), filepath.Join(dst, e.Name())
		if os.Link(from, to) != nil {
			if err := files.Copy(from, to); err != nil {
				return err
			}
		}
	}
	return nil
}
