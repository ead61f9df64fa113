package main

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"golesson/internal/dev"
	"golesson/internal/site"
	"golesson/internal/stats"
	"golesson/internal/visit"
)

// devResult is make dev's authoring loop, timed.
type devResult struct {
	build    []float64 // a page rebuild (site.BuildCourse, dev mode), ms
	reloaded []float64 // content file written → the open tab's new page parsed, ms
}

// benchDev runs make dev's loop on a copy of the content folder: it saves
// a changed course description saves times and measures, with the clock
// the browser shares with us, from just before the write to the open tab
// showing the reloaded page with the new text.
func benchDev(tmp, contentDir, webDir, wasm string, saves int) (*devResult, error) {
	src := filepath.Join(tmp, "dev-content")
	if err := os.CopyFS(src, os.DirFS(contentDir)); err != nil {
		return nil, err
	}
	course := filepath.Join(src, "course.yaml")
	res := &devResult{}
	// As make dev builds: the web folder prepared once, the pages each time.
	prepared, err := site.PrepareWeb(webDir, wasm, filepath.Join(tmp, "dev-web"))
	if err != nil {
		return nil, err
	}
	for i := range saves {
		start := time.Now()
		if _, err := site.BuildCourse(site.CourseOptions{Course: course, Out: filepath.Join(tmp, fmt.Sprintf("dev-build-%d", i)), Prepared: prepared, Dev: true}); err != nil {
			return nil, err
		}
		res.build = append(res.build, float64(time.Since(start).Microseconds())/1000)
	}

	d, err := dev.New(dev.Options{Course: course, Web: webDir, Out: filepath.Join(tmp, "dev-site"), Wasm: wasm})
	if err != nil {
		return nil, err
	}
	defer d.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	srv := &http.Server{Handler: d, ReadHeaderTimeout: 5 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	stop := make(chan struct{})
	defer close(stop)
	go d.Watch(stop, 50*time.Millisecond)
	url := "http://" + ln.Addr().String() + "/"

	res.reloaded, err = visit.Reloads(url, filepath.Join(tmp, "dev-profile"), course, saves)
	return res, err
}

// devTable reports the authoring loop.
func devTable(w *strings.Builder, r *devResult) {
	fmt.Fprintf(w, "\n## make dev: save → reloaded (%d saves)\n\n", len(r.reloaded))
	w.WriteString("| | median | max |\n|---|---|---|\n")
	fmt.Fprintf(w, "| rebuild of the pages (site.BuildCourse in dev mode: no wasm compile, web folder prepared once) | %s | %s |\n", ms(stats.Median(r.build)), ms(stats.Quantile(r.build, 1)))
	fmt.Fprintf(w, "| content file saved → open tab shows the new page (watch every 50 ms, rebuild, event, reload) | %s | %s |\n", ms(stats.Median(r.reloaded)), ms(stats.Quantile(r.reloaded, 1)))
}
