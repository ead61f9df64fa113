package server

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"
)

// bodyFiles counts this process's copies of the file name for sendfile:
// unnamed files in the temporary folder, or memfds named after it.
func bodyFiles(t *testing.T, name string) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, e := range entries {
		link, _ := os.Readlink("/proc/self/fd/" + e.Name())
		if strings.HasPrefix(link, os.TempDir()+"/#") || link == "/memfd:"+name+" (deleted)" {
			n++
		}
	}
	return n
}

// Large bodies go out with sendfile from one copy per file: many first
// requests at once read the file once, every client gets its bytes
// intact, and after a rebuild the old copy is closed.
func TestSendfileBodies(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<h1>hi</h1>"), 0o644)
	// A temporary folder and a name of its own: copies made by earlier
	// runs (-count) may still be open.
	t.Setenv("TMPDIR", t.TempDir())
	name := fmt.Sprintf("web/sendfile-%d.wasm", time.Now().UnixNano())
	os.Mkdir(filepath.Join(dir, "web"), 0o755)
	// 2 MB, like the wasm twins, in a pattern no shift of which matches.
	data := make([]byte, 2<<20)
	for i := range data {
		data[i] = byte(i ^ i>>8 ^ i>>16)
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	_, addr := serveFast(t, h, config())

	get := func() ([]byte, error) {
		c := &http.Client{Timeout: hang}
		resp, err := c.Get("http://" + addr + "/" + name)
		if err != nil {
			return nil, err
		}
		defer resp.Body.Close()
		if resp.StatusCode != 200 || resp.ContentLength != int64(len(data)) {
			return nil, fmt.Errorf("%s, Content-Length %d", resp.Status, resp.ContentLength)
		}
		return io.ReadAll(resp.Body)
	}
	// 16 first requests at once, on 16 connections. No GC meanwhile, so
	// every copy made is still open to be counted.
	gc := debug.SetGCPercent(-1)
	conns := make([]net.Conn, 16)
	for i := range conns {
		if conns[i], err = net.Dial("tcp", addr); err != nil {
			t.Fatal(err)
		}
		defer conns[i].Close()
		conns[i].SetDeadline(time.Now().Add(hang))
	}
	var wg sync.WaitGroup
	errs := make(chan error, len(conns))
	for _, c := range conns {
		wg.Go(func() {
			io.WriteString(c, "GET /"+name+" HTTP/1.1\r\nHost: x\r\n\r\n")
			resp, err := http.ReadResponse(bufio.NewReader(c), nil)
			if err != nil {
				errs <- err
				return
			}
			got, err := io.ReadAll(io.LimitReader(resp.Body, int64(len(data))+1))
			if err == nil && !bytes.Equal(got, data) {
				err = fmt.Errorf("%d bytes, not the file's", len(got))
			}
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Error(err)
		}
	}
	if n := bodyFiles(t, name); n != 1 {
		t.Errorf("%d copies hold %s after 16 first requests at once, want 1", n, name)
	}
	debug.SetGCPercent(gc)

	// A rebuild: the new bytes are served, from a new copy, and the old
	// one is closed once nothing refers to it (after a GC).
	for i := range data {
		data[i] ^= 0xff
	}
	if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := get(); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("after a rebuild: %d bytes, %v; want the new file", len(got), err)
	}
	for start := time.Now(); bodyFiles(t, name) != 1; {
		if time.Since(start) > hang {
			t.Fatalf("%d copies hold %s after a rebuild, want 1: the old one leaks", bodyFiles(t, name), name)
		}
		runtime.GC()
		time.Sleep(10 * time.Millisecond)
	}
}
