package visit

import (
	"fmt"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"golesson/internal/dev"
	"golesson/internal/site"
)

// DevLoop is make dev's authoring loop, timed.
type DevLoop struct {
	Build    []float64 // a page rebuild (site.BuildCourse, dev mode), ms
	Reloaded []float64 // content file written → the open tab's new page parsed, ms
}

// TimeDevLoop runs make dev's loop on a copy of the content folder: it saves
// a changed course description saves times and measures, with the clock
// the browser shares with us, from just before the write to the open tab
// showing the reloaded page with the new text.
func TimeDevLoop(tmp, contentDir, webDir, wasm string, saves int) (*DevLoop, error) {
	src := filepath.Join(tmp, "dev-content")
	if err := os.CopyFS(src, os.DirFS(contentDir)); err != nil {
		return nil, err
	}
	course := filepath.Join(src, "course.yaml")
	res := &DevLoop{}
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
		res.Build = append(res.Build, float64(time.Since(start).Microseconds())/1000)
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

	res.Reloaded, err = Reloads(url, filepath.Join(tmp, "dev-profile"), course, saves)
	return res, err
}
