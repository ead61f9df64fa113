package server

import (
	"bufio"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// reqCase is one paragraph of testdata/requests.txt.
type reqCase struct {
	line     int
	method   string
	target   string
	reqHdr   http.Header
	status   int
	respHdr  [][2]string // name, value ("" value: must be absent)
	contains []string
}

func readCases(t testing.TB, name string) []reqCase {
	t.Helper()
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var (
		cases []reqCase
		cur   *reqCase
		resp  bool
	)
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(line, "#"):
		case line == "":
			cur, resp = nil, false
		case cur == nil:
			method, target, ok := strings.Cut(line, " ")
			if !ok {
				t.Fatalf("%s:%d: want a request line such as GET /", name, n)
			}
			cases = append(cases, reqCase{line: n, method: method, target: target, reqHdr: http.Header{}})
			cur = &cases[len(cases)-1]
		case strings.HasPrefix(line, "=>"):
			status, err := strconv.Atoi(strings.TrimSpace(line[2:]))
			if err != nil {
				t.Fatalf("%s:%d: bad status: %v", name, n, err)
			}
			cur.status, resp = status, true
		case strings.HasPrefix(line, "~"):
			cur.contains = append(cur.contains, strings.TrimSpace(line[1:]))
		default:
			k, v, ok := strings.Cut(line, ":")
			if !ok {
				t.Fatalf("%s:%d: want a header line Name: value", name, n)
			}
			if resp {
				cur.respHdr = append(cur.respHdr, [2]string{k, strings.TrimSpace(v)})
			} else {
				cur.reqHdr.Add(k, strings.TrimSpace(v))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return cases
}

// fixture copies testdata/site and adds a tiny app.wasm (git ignores .wasm
// files, which are build output).
func fixture(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS("testdata/site")); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"app.wasm", "app.0123456789.wasm"} {
		if err := os.WriteFile(filepath.Join(dir, "web", name), []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// A tiny PNG signature stands in for an icon.
	if err := os.WriteFile(filepath.Join(dir, "web", "icon.1234567890.png"), []byte("\x89PNG\r\n\x1a\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	// Symlinks out of the folder: to a file and to a folder.
	outside := t.TempDir()
	if err := os.WriteFile(filepath.Join(outside, "secret.txt"), []byte("secret"), 0o644); err != nil {
		t.Fatal(err)
	}
	for link, to := range map[string]string{"leak.txt": filepath.Join(outside, "secret.txt"), "outdir": outside} {
		if err := os.Symlink(to, filepath.Join(dir, link)); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestRequests(t *testing.T) {
	h, err := New(fixture(t), "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	const file = "testdata/requests.txt"
	cases := readCases(t, file)
	if len(cases) < 10 {
		t.Fatalf("only %d cases in %s", len(cases), file)
	}
	for _, c := range cases {
		r := httptest.NewRequest(c.method, c.target, nil)
		r.Header = c.reqHdr
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		c.check(t, file, w.Code, w.Header(), w.Body.String())
	}
}

// check compares an answer with the case's expectations.
func (c reqCase) check(t *testing.T, file string, status int, hdr http.Header, body string) {
	t.Helper()
	where := file + ":" + strconv.Itoa(c.line) + ": " + c.method + " " + c.target
	if status != c.status {
		t.Errorf("%s: status %d, want %d", where, status, c.status)
		return
	}
	for _, kv := range c.respHdr {
		got := hdr.Get(kv[0])
		if kv[1] == "" && got != "" {
			t.Errorf("%s: header %s = %q, want none", where, kv[0], got)
		} else if kv[1] != "" && got != kv[1] {
			t.Errorf("%s: header %s = %q, want %q", where, kv[0], got, kv[1])
		}
	}
	for _, s := range c.contains {
		if !strings.Contains(body, s) {
			t.Errorf("%s: body lacks %q", where, s)
		}
	}
}

func get(t *testing.T, h http.Handler, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// ETags come from the content: a revalidation of an unchanged file is a
// 304, and a new build is noticed even within the same second.
func TestETag(t *testing.T) {
	dir := t.TempDir()
	index := filepath.Join(dir, "index.html")
	if err := os.WriteFile(index, []byte("version one"), 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	first := get(t, h, "/").Header().Get("ETag")
	if !strings.HasPrefix(first, `"`) || len(first) < 10 {
		t.Fatalf("ETag = %q, want a strong content tag", first)
	}
	if w := get(t, h, "/", "If-None-Match", first); w.Code != http.StatusNotModified {
		t.Errorf("If-None-Match with the current tag: %d, want 304", w.Code)
	}
	// Same size, same second, new bytes.
	if err := os.WriteFile(index, []byte("version two"), 0o644); err != nil {
		t.Fatal(err)
	}
	w := get(t, h, "/", "If-None-Match", first)
	if w.Code != http.StatusOK || w.Header().Get("ETag") == first {
		t.Errorf("after a rebuild: status %d, ETag %q (old %q); want 200 and a new tag", w.Code, w.Header().Get("ETag"), first)
	}
}

func TestSubPath(t *testing.T) {
	h, err := New(fixture(t), "/courses/ft/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, c := range []struct {
		target string
		status int
	}{
		{"/courses/ft/", 200},
		{"/courses/ft/index.html", 200},
		{"/courses/ft/web/app.wasm", 200},
		{"/courses/ft", 301},
		{"/", 404},
		{"/index.html", 404},
		{"/courses/other/", 404},
	} {
		if w := get(t, h, c.target); w.Code != c.status {
			t.Errorf("GET %s = %d, want %d", c.target, w.Code, c.status)
		}
	}
	if loc := get(t, h, "/courses/ft").Header().Get("Location"); loc != "/courses/ft/" {
		t.Errorf("redirect to %q, want /courses/ft/", loc)
	}
}

// A symlink that leads out of the folder is refused like a missing file.
func TestSymlinkOutside(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("ok"), 0o644)
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("secret"), 0o644)
	if err := os.Symlink(secret, filepath.Join(dir, "leak.txt")); err != nil {
		t.Fatal(err)
	}
	h, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if w := get(t, h, "/leak.txt"); w.Code != http.StatusNotFound || strings.Contains(w.Body.String(), "secret") {
		t.Errorf("symlink out of the folder: %d %q, want 404", w.Code, w.Body.String())
	}
}

func TestNewNeedsABuiltSite(t *testing.T) {
	_, err := New(t.TempDir(), "/")
	if err == nil || !strings.Contains(err.Error(), "make build") {
		t.Errorf("New on an empty folder: %v, want an error that says to build first", err)
	}
}

func TestFrameAncestors(t *testing.T) {
	h, err := New(fixture(t), "/", FrameAncestors("https://moodle.example.edu https://*.instructure.com"))
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	for _, target := range []string{"/", "/nope", "/web/lesson.css"} {
		w := get(t, h, target)
		if got := w.Header().Get("Content-Security-Policy"); !strings.HasSuffix(got, "; frame-ancestors https://moodle.example.edu https://*.instructure.com") {
			t.Errorf("GET %s: CSP %q", target, got)
		}
		if w.Header().Get("X-Frame-Options") != "" {
			t.Errorf("GET %s sets X-Frame-Options", target)
		}
	}
}

func TestLongURI(t *testing.T) {
	h, err := New(fixture(t), "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if w := get(t, h, "/index.html?launch="+strings.Repeat("x", 5000)); w.Code != http.StatusRequestURITooLong {
		t.Errorf("a 5 kB URL: %d, want 414", w.Code)
	}
	if w := get(t, h, "/index.html?launch="+strings.Repeat("x", 1000)); w.Code != http.StatusOK {
		t.Errorf("a 1 kB LMS launch URL: %d, want 200", w.Code)
	}
}

// Files are kept in memory, yet every change in the folder is served at
// once: a new file in a new folder, then new bytes in it, then its removal.
func TestChangesServedAtOnce(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("v1"), 0o644)
	h, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	if w := get(t, h, "/new/deep/a.css"); w.Code != http.StatusNotFound {
		t.Fatalf("before: %d, want 404", w.Code)
	}
	if err := os.MkdirAll(filepath.Join(dir, "new", "deep"), 0o755); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "new", "deep", "a.css")
	for _, content := range []string{"one", "two", "three!"} {
		if err := os.WriteFile(file, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		if w := get(t, h, "/new/deep/a.css"); w.Code != http.StatusOK || w.Body.String() != content {
			t.Errorf("after writing %q: %d %q", content, w.Code, w.Body.String())
		}
	}
	os.Remove(file)
	if w := get(t, h, "/new/deep/a.css"); w.Code != http.StatusNotFound {
		t.Errorf("after removal: %d, want 404", w.Code)
	}
	// A twin that appears later is offered from then on.
	os.WriteFile(filepath.Join(dir, "index.html.br"), []byte("BR"), 0o644)
	if w := get(t, h, "/", "Accept-Encoding", "br"); w.Header().Get("Content-Encoding") != "br" || w.Body.String() != "BR" {
		t.Errorf("new twin: encoding %q, body %q", w.Header().Get("Content-Encoding"), w.Body.String())
	}
}
