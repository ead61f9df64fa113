// Package dev is the authoring loop behind make dev: it serves a course,
// rebuilds its pages whenever a content file is saved (the wasm, which holds
// no lesson, is compiled once), and tells the open tabs to reload. A content
// error is printed and shown in the page, and the last good build stays
// served until the next good one.
package dev

import (
	_ "embed"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"golesson/internal/assets"
	"golesson/internal/files"
	"golesson/internal/server"
	"golesson/internal/site"
)

//go:embed reload.js
var reloadJS []byte

//go:embed worker.js
var workerJS []byte

// ReloadScript is where pages load the reload script from.
const ReloadScript = "/__dev/reload.js"

// Options says what to serve.
type Options struct {
	Course string    // course manifest; its folder is watched
	Web    string    // static assets folder, watched too
	Out    string    // where the builds go
	Wasm   string    // a prebuilt app.wasm; empty compiles ./cmd/wasm once
	Log    io.Writer // build results and errors
}

// Dev is a running authoring loop.
type Dev struct {
	o     Options
	wasm  string // compiled once
	files *server.Handler

	web     *assets.Folder // prepared once per change of the web folder
	webSnap string

	mu      sync.Mutex
	builds  int    // good builds so far
	failure string // the last build's error; "" when it built
	subs    map[chan event]bool
}

type event struct{ name, data string }

// New compiles the wasm, builds the course once and serves it. The first
// build must succeed: there is nothing to serve before it.
func New(o Options) (*Dev, error) {
	if o.Log == nil {
		o.Log = io.Discard
	}
	tmp, err := os.MkdirTemp("", "golesson-dev-")
	if err != nil {
		return nil, err
	}
	d := &Dev{o: o, wasm: filepath.Join(tmp, "app.wasm"), subs: map[chan event]bool{}}
	if o.Wasm != "" {
		err = files.Copy(o.Wasm, d.wasm)
	} else {
		err = assets.CompileWasm(d.wasm)
	}
	if err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if err := d.build(); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	if d.files, err = server.New(o.Out, "/"); err != nil {
		os.RemoveAll(tmp)
		return nil, err
	}
	return d, nil
}

// Close releases the served folder and the compiled wasm.
func (d *Dev) Close() error {
	os.RemoveAll(filepath.Dir(d.wasm))
	return d.files.Close()
}

func (d *Dev) build() error {
	start := time.Now()
	if snap := snapshot(d.o.Web); d.web == nil || snap != d.webSnap {
		dir := filepath.Join(filepath.Dir(d.wasm), "prepared")
		os.RemoveAll(dir)
		w, err := site.PrepareWeb(d.o.Web, d.wasm, dir)
		if err != nil {
			return err
		}
		d.web, d.webSnap = w, snap
	}
	r, err := site.BuildCourse(site.CourseOptions{
		Course: d.o.Course, Out: d.o.Out, Prepared: d.web,
		Dev: true, DevHead: []string{`<script src="` + ReloadScript + `"></script>`},
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(d.o.Log, "built %d lessons in %d ms\n", len(r.Course.Lessons), time.Since(start).Milliseconds())
	return nil
}

// Rebuild builds the course again; on success the open pages reload, on a
// content error they show it and the last good build stays served.
func (d *Dev) Rebuild() error {
	err := d.build()
	d.mu.Lock()
	defer d.mu.Unlock()
	if err != nil {
		d.failure = err.Error()
		fmt.Fprintf(d.o.Log, "%s\n(still serving the last good build)\n", d.failure)
		d.send(event{"build-error", d.failure})
		return err
	}
	d.failure = ""
	d.builds++
	d.send(event{"reload", fmt.Sprint(d.builds)})
	return nil
}

func (d *Dev) send(e event) {
	for ch := range d.subs {
		select {
		case ch <- e:
		default: // a tab that does not read misses nothing it needs: the next event reloads it
		}
	}
}

// Watch rebuilds after every change in the course's folder or the web
// folder, until stop is closed. Polling every interval is enough for a few
// files and needs nothing of the platform.
func (d *Dev) Watch(stop <-chan struct{}, interval time.Duration) {
	last := d.snapshot()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
		}
		if now := d.snapshot(); now != last {
			last = now
			d.Rebuild()
			last = d.snapshot() // what the build read
		}
	}
}

// snapshot names every watched file with its size and time.
func (d *Dev) snapshot() string {
	return snapshot(filepath.Dir(d.o.Course), d.o.Web)
}

// snapshot names every file under dirs with its size and time.
func snapshot(dirs ...string) string {
	var b strings.Builder
	for _, dir := range dirs {
		filepath.WalkDir(dir, func(p string, e fs.DirEntry, err error) error {
			if err != nil || e.IsDir() {
				return nil
			}
			if fi, err := e.Info(); err == nil {
				fmt.Fprintf(&b, "%s %d %d\n", p, fi.Size(), fi.ModTime().UnixNano())
			}
			return nil
		})
	}
	return b.String()
}

// ServeHTTP serves the course, the reload script, the event stream, and a
// service worker that caches nothing.
func (d *Dev) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	switch r.URL.Path {
	case ReloadScript:
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(reloadJS)
	case "/app-worker.js":
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		w.Write(workerJS)
	case "/__dev/events":
		d.events(w, r)
	default:
		d.files.ServeHTTP(w, r)
	}
}

// events is a server-sent event stream: "reload" after a good build,
// "build-error" with the error after a bad one (and at once, for a page
// opened while the last build is broken).
func (d *Dev) events(w http.ResponseWriter, r *http.Request) {
	fl, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	ch := make(chan event, 4)
	d.mu.Lock()
	d.subs[ch] = true
	failure := d.failure
	d.mu.Unlock()
	defer func() {
		d.mu.Lock()
		delete(d.subs, ch)
		d.mu.Unlock()
	}()
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-store")
	io.WriteString(w, "retry: 300\n\n")
	if failure != "" {
		writeEvent(w, event{"build-error", failure})
	}
	fl.Flush()
	for {
		select {
		case <-r.Context().Done():
			return
		case e := <-ch:
			writeEvent(w, e)
			fl.Flush()
		}
	}
}

func writeEvent(w io.Writer, e event) {
	fmt.Fprintf(w, "event: %s\n", e.name)
	for _, line := range strings.Split(e.data, "\n") {
		fmt.Fprintf(w, "data: %s\n", line)
	}
	io.WriteString(w, "\n")
}
