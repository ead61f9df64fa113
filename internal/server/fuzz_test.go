package server

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
)

// FuzzRequestPath throws request targets at the handler. Whatever the
// spelling, it must answer with a client status, never leak a file from
// outside the served folder, and answer 200 only for a regular, non-dot file
// inside it.
func FuzzRequestPath(f *testing.F) {
	site, secret := fuzzSite(f)
	h, err := New(site, "/")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })

	for _, c := range readCases(f, "testdata/requests.txt") {
		f.Add(c.target)
	}
	for _, s := range []string{
		"/..",
		"/%2e%2e/",
		"/%2E%2E/%2E%2E/secret.txt",
		"/web/..%2f..%2fetc/passwd",
		"//etc/passwd",
		`/\..\`,
		"/web/%00",
		"/web/app.wasm%00.html",
		"/.git/config",
		"/web/.%2e/.%2e/secret.txt",
		"/web/./app.wasm",
		"/web//app.wasm",
		"/leak.txt",
		"/web/up.txt",
		"/outside/secret.txt",
		"/outside/site/index.html",
		"/alias.css",
		"/web/app.wasm?x=1#frag",
		"http://evil.example/../secret.txt",
		"*",
		"",
		"/healthz",
		"/" + strings.Repeat("web/", 1000) + "app.wasm",
		"/web/" + strings.Repeat("a/", 2500) + "b",
		strings.Repeat("/", 5000),
		"/web/лекция.css",
		"/%C3%BC/%E2%80%AE",
		"/\uff0e\uff0e/secret.txt", // fullwidth dots
		"/%c0%ae%c0%ae/secret.txt", // overlong UTF-8 dots
		"/web/%ff%fe",
	} {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, target string) {
		for _, r := range fuzzRequests(target) {
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			p, body := r.URL.Path, w.Body.Bytes()
			switch w.Code {
			case 200, 206, 301, 304, 400, 404, 405, 414:
			default:
				t.Fatalf("GET %q (path %q) = %d %q, want a client status, never 5xx", r.RequestURI, p, w.Code, body)
			}
			if bytes.Contains(body, secret) {
				t.Fatalf("GET %q (path %q) = %d and leaks the file outside the served folder", r.RequestURI, p, w.Code)
			}
			if w.Code != http.StatusOK {
				continue
			}
			if p == "/healthz" && string(body) == "ok\n" {
				continue // the health check, not a file
			}
			file, ok := servable(site, p)
			if !ok {
				t.Fatalf("GET %q (path %q) = 200 %q, want no regular non-dot file inside the served folder behind it", r.RequestURI, p, body)
			}
			want, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(body, want) {
				t.Fatalf("GET %q (path %q) = 200 %q, want the content of %s, %q", r.RequestURI, p, body, file, want)
			}
		}
	})
}

// fuzzSite is fixture for a fuzz target, plus a secret beside the served
// folder and symlinks that try to reach it: absolute, relative, and through a
// linked directory. One symlink stays inside, which os.Root may follow.
func fuzzSite(f *testing.F) (site string, secret []byte) {
	f.Helper()
	root := f.TempDir()
	site = filepath.Join(root, "site")
	if err := os.CopyFS(site, os.DirFS("testdata/site")); err != nil {
		f.Fatal(err)
	}
	for _, name := range []string{"app.wasm", "app.0123456789.wasm"} {
		if err := os.WriteFile(filepath.Join(site, "web", name), []byte("\x00asm\x01\x00\x00\x00"), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	// Random, so no file in the site can contain it by chance.
	secret = []byte("secret-" + rand.Text())
	secretFile := filepath.Join(root, "secret.txt")
	if err := os.WriteFile(secretFile, secret, 0o644); err != nil {
		f.Fatal(err)
	}
	for link, to := range map[string]string{
		"leak.txt":   secretFile,
		"web/up.txt": "../../secret.txt",
		"outside":    root,
		"alias.css":  "web/lesson.css",
	} {
		if err := os.Symlink(to, filepath.Join(site, filepath.FromSlash(link))); err != nil {
			f.Fatal(err)
		}
	}
	return site, secret
}

// fuzzRequests builds the GET requests for a fuzz input: as a request-target
// on the wire when it is a valid one, and always as an already-decoded
// URL path, which reaches clean with any bytes at all.
func fuzzRequests(target string) []*http.Request {
	var rs []*http.Request
	// httptest.NewRequest panics on what http.ReadRequest refuses; a target
	// with a space or CRLF could also smuggle in a different request line.
	wire := "GET " + target + " HTTP/1.0\r\n\r\n"
	if r, err := http.ReadRequest(bufio.NewReader(strings.NewReader(wire))); err == nil && r.RequestURI == target {
		rs = append(rs, httptest.NewRequest(http.MethodGet, target, nil))
	}
	r := httptest.NewRequest(http.MethodGet, "/", nil)
	r.URL.Path, r.URL.RawPath, r.URL.RawQuery = target, "", ""
	r.RequestURI = r.URL.RequestURI()
	return append(rs, r)
}

// servable resolves a URL path the way a correct server would, without the
// handler's code: the file it names (index.html for a folder path), symlinks
// followed, if that is a regular file inside site and no part of its name,
// asked for or resolved, starts with a dot.
func servable(site, urlPath string) (string, bool) {
	rel, ok := strings.CutPrefix(urlPath, "/")
	if !ok {
		return "", false
	}
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if hasDotSegment(rel) {
		return "", false
	}
	realSite, err := filepath.EvalSymlinks(site)
	if err != nil {
		return "", false
	}
	real, err := filepath.EvalSymlinks(filepath.Join(realSite, filepath.FromSlash(rel)))
	if err != nil {
		return "", false
	}
	inside, err := filepath.Rel(realSite, real)
	if err != nil || hasDotSegment(filepath.ToSlash(inside)) {
		return "", false // ".." included: outside the folder
	}
	info, err := os.Stat(real)
	if err != nil || !info.Mode().IsRegular() {
		return "", false
	}
	return real, true
}

func hasDotSegment(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") {
			return true
		}
	}
	return false
}

// FuzzFastHead throws request heads at the fast path's parser (parse.go).
// It must never panic; a head it accepts, net/http must accept too, with
// the same method, path, protocol, connection handling and header values;
// and the fast path's answer (fast.go) must be ServeHTTP's: the same
// status, headers and body.
func FuzzFastHead(f *testing.F) {
	site, _ := fuzzSite(f)
	h, err := New(site, "/")
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { h.Close() })
	for _, s := range streams {
		for len(s) > 0 {
			end := headEnd([]byte(s))
			if end < 0 {
				f.Add([]byte(s))
				break
			}
			f.Add([]byte(s[:end]))
			s = s[end:]
		}
	}
	for _, c := range readCases(f, "testdata/requests.txt") {
		var b bytes.Buffer
		b.WriteString(c.method + " " + c.target + " HTTP/1.1\r\nHost: x\r\n")
		c.reqHdr.Write(&b)
		f.Add(append(b.Bytes(), "\r\n"...))
	}

	f.Fuzz(func(t *testing.T, data []byte) {
		var r request
		parseHead(data, &r) // any bytes: no panic
		end := headEnd(data)
		if end < 0 || !parseHead(data[:end], &r) {
			return
		}
		req, err := http.ReadRequest(bufio.NewReader(bytes.NewReader(data[:end])))
		if err != nil {
			t.Fatalf("the fast path takes %q, net/http refuses it: %v", data[:end], err)
		}
		for _, c := range []struct{ name, fast, nethttp string }{
			{"method", map[bool]string{false: "GET", true: "HEAD"}[r.head], req.Method},
			{"path", string(r.path), req.URL.Path},
			{"protocol", map[bool]string{false: "HTTP/1.1", true: "HTTP/1.0"}[r.http10], req.Proto},
			{"close", strconv.FormatBool(r.close), strconv.FormatBool(req.Close)},
			{"Accept-Encoding", string(r.acceptEncoding), req.Header.Get("Accept-Encoding")},
			{"If-None-Match", string(r.ifNoneMatch), req.Header.Get("If-None-Match")},
			{"If-Modified-Since", string(r.ifModifiedSince), req.Header.Get("If-Modified-Since")},
		} {
			if c.fast != c.nethttp {
				t.Fatalf("%q: %s %q on the fast path, %q in net/http", data[:end], c.name, c.fast, c.nethttp)
			}
		}
		rp, notMod, ok := h.answerFast(&r)
		if !ok {
			return // net/http answers
		}
		raw := appendHead(nil, &r, rp, notMod, []byte("Date: x\r\n"))
		if !notMod && !r.head {
			raw = append(raw, rp.data...)
		}
		got, err := http.ReadResponse(bufio.NewReader(bytes.NewReader(raw)), req)
		if err != nil {
			t.Fatalf("%q: the fast answer does not parse: %v\n%q", data[:end], err, raw)
		}
		body, _ := io.ReadAll(got.Body)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, req)
		got.Header.Del("Date")
		got.Header.Del("Connection")
		if got.StatusCode != w.Code || !reflect.DeepEqual(got.Header, w.Header()) || !bytes.Equal(body, w.Body.Bytes()) {
			t.Fatalf("%q: fast path %d %v %q, ServeHTTP %d %v %q", data[:end], got.StatusCode, got.Header, body, w.Code, w.Header(), w.Body.Bytes())
		}
	})
}
