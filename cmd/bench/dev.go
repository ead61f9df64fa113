package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/chromedp/chromedp"

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

// shownAt records, in every new document, the wall-clock time at which the
// page was parsed (its prerendered text is then on screen).
const shownAt = `addEventListener("DOMContentLoaded", () => { window.benchShownAt = Date.now(); });`

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

	t, err := visit.NewTab(filepath.Join(tmp, "dev-profile"), 5*time.Minute)
	if err != nil {
		return nil, err
	}
	defer t.Close()
	if err := t.OnNewDocument(shownAt); err != nil {
		return nil, err
	}
	if err := t.Navigate(url, 30*time.Second); err != nil {
		return nil, err
	}
	if err := t.Poll("waiting for the course home", 30*time.Second, `document.querySelector(".course-progress-text") !== null`); err != nil {
		return nil, err
	}
	b, err := os.ReadFile(course)
	if err != nil {
		return nil, err
	}
	const line = "description: "
	at := strings.Index(string(b), line)
	if at < 0 {
		return nil, fmt.Errorf("%s has no description", course)
	}
	for i := range saves {
		marker := fmt.Sprintf("저장 %d ", i+1)
		changed := string(b[:at+len(line)]) + marker + string(b[at+len(line):])
		// Let the watcher settle: saves seconds apart, as an author's.
		time.Sleep(300 * time.Millisecond)
		before := time.Now().UnixMilli()
		if err := os.WriteFile(course, []byte(changed), 0o644); err != nil {
			return nil, err
		}
		cond := fmt.Sprintf(`document.querySelector(".course-description") !== null && document.querySelector(".course-description").textContent.startsWith(%q) && window.benchShownAt > %d`, marker, before)
		if err := t.Poll(fmt.Sprintf("save %d: waiting for the reloaded page", i+1), 30*time.Second, cond); err != nil {
			return nil, err
		}
		var shown float64
		if err := t.Call("reading the time", 10*time.Second, func(ctx context.Context) error {
			var err error
			shown, err = chromedp.Run(ctx, chromedp.Evaluate[float64](`window.benchShownAt`))
			return err
		}); err != nil {
			return nil, err
		}
		res.reloaded = append(res.reloaded, shown-float64(before))
	}
	return res, nil
}

// devTable reports the authoring loop.
func devTable(w *strings.Builder, r *devResult) {
	fmt.Fprintf(w, "\n## make dev: save → reloaded (%d saves)\n\n", len(r.reloaded))
	w.WriteString("| | median | max |\n|---|---|---|\n")
	fmt.Fprintf(w, "| rebuild of the pages (site.BuildCourse in dev mode: no wasm compile, web folder prepared once) | %s | %s |\n", ms(stats.Median(r.build)), ms(stats.Quantile(r.build, 1)))
	fmt.Fprintf(w, "| content file saved → open tab shows the new page (watch every 50 ms, rebuild, event, reload) | %s | %s |\n", ms(stats.Median(r.reloaded)), ms(stats.Quantile(r.reloaded, 1)))
}
