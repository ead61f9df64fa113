// Package server serves a built lesson (dist/) as static files: the tiny
// server behind `make run`, also used by the end-to-end tests and the
// benchmarks so they measure exactly what users get.
package server

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// contentTypes are set explicitly: a wrong type breaks the app (a wasm not
// served as application/wasm fails to instantiate) and the system's MIME
// table differs from machine to machine.
var contentTypes = map[string]string{
	".html":        "text/html; charset=utf-8",
	".js":          "text/javascript; charset=utf-8",
	".css":         "text/css; charset=utf-8",
	".wasm":        "application/wasm",
	".webmanifest": "application/manifest+json",
	".json":        "application/json",
	".png":         "image/png",
	".svg":         "image/svg+xml",
	".txt":         "text/plain; charset=utf-8",
	".xml":         "application/xml",
	".zip":         "application/zip",
}

// Handler serves the files under a directory, mounted at a base path.
type Handler struct {
	root           *os.Root
	base           string // "/" or "/sub/path/"
	frameAncestors string

	mu    sync.Mutex
	etags map[string]etag
}

type etag struct {
	size  int64
	mtime time.Time
	value string
}

// Option configures a Handler.
type Option func(*Handler)

// FrameAncestors sets who may embed the lesson in a frame, as a CSP
// frame-ancestors source list: "*" (the default: any LMS), "'none'", or
// origins such as "https://moodle.example.edu https://*.instructure.com".
func FrameAncestors(sources string) Option {
	return func(h *Handler) { h.frameAncestors = strings.TrimSpace(sources) }
}

// New serves dir at base ("/" or a sub-path such as "/courses/ft/").
// Files are read per request, so a rebuilt dist/ is served at once.
func New(dir, base string, opts ...Option) (*Handler, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	if _, err := root.Stat("index.html"); err != nil {
		root.Close()
		return nil, fmt.Errorf("%s has no index.html: build the lesson first (make build)", dir)
	}
	base = "/" + strings.Trim(base, "/") + "/"
	if base == "//" {
		base = "/"
	}
	h := &Handler{root: root, base: base, frameAncestors: "*", etags: map[string]etag{}}
	for _, o := range opts {
		o(h)
	}
	if h.frameAncestors == "" {
		h.frameAncestors = "*"
	}
	return h, nil
}

// Close releases the directory.
func (h *Handler) Close() error { return h.root.Close() }

// maxURI is the longest request target served; the lesson's own URLs are a
// few dozen bytes, an LMS launch adds a few hundred.
const maxURI = 4096

// csp is the policy the lesson runs under: only its own files; WebAssembly
// compilation ('wasm-unsafe-eval', not eval); inline styles because go-app
// sets style attributes; no plugins; no <base> tricks. The frame-ancestors
// part comes from the embed flag.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; worker-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors "

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// On every response, errors included. Embedding is the point (LMS
	// iframes): allowed by policy, never by accident, and never
	// X-Frame-Options: DENY.
	hdr := w.Header()
	hdr.Set("Content-Security-Policy", csp+h.frameAncestors)
	hdr.Set("X-Content-Type-Options", "nosniff")
	hdr.Set("Referrer-Policy", "strict-origin-when-cross-origin")
	hdr.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()")
	if len(r.RequestURI) > maxURI {
		http.Error(w, "URI too long", http.StatusRequestURITooLong)
		return
	}
	if r.URL.Path == "/healthz" {
		hdr.Set("Cache-Control", "no-store")
		hdr.Set("Content-Type", "text/plain; charset=utf-8")
		if r.Method == http.MethodGet {
			io.WriteString(w, "ok\n")
		}
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p+"/" == h.base {
		// Relative URLs in the page need the trailing slash.
		http.Redirect(w, r, h.base, http.StatusMovedPermanently)
		return
	}
	rel, ok := strings.CutPrefix(p, h.base)
	if !ok {
		http.NotFound(w, r)
		return
	}
	name, status := clean(rel)
	switch status {
	case http.StatusBadRequest:
		http.Error(w, "bad path", status)
	case http.StatusNotFound:
		http.NotFound(w, r)
	default:
		h.serveFile(w, r, name)
	}
}

// clean turns the part of the URL path below base into a file name in the
// directory. It refuses dot segments, backslashes and empty segments (400)
// instead of resolving them, so no spelling of ".." can climb out, and hides
// dotfiles (404); os.Root guards against symlinks leading out.
func clean(rel string) (string, int) {
	if rel == "" || strings.HasSuffix(rel, "/") {
		rel += "index.html"
	}
	if strings.ContainsAny(rel, "\\\x00") {
		return "", http.StatusBadRequest
	}
	for _, seg := range strings.Split(rel, "/") {
		switch {
		case seg == "" || seg == "." || seg == "..":
			return "", http.StatusBadRequest
		case strings.HasPrefix(seg, "."):
			return "", http.StatusNotFound
		}
	}
	return rel, http.StatusOK
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	f, err := h.root.Open(name)
	if err != nil {
		// Missing, forbidden, outside the folder, a file used as a folder
		// (/index.html/x) or a name too long for the file system: all are
		// "not found" to a client, never a server error.
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || isEscape(err) ||
			errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ENAMETOOLONG) {
			http.NotFound(w, r)
			return
		}
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		// Directories are never listed.
		http.NotFound(w, r)
		return
	}
	hdr := w.Header()
	if ct, ok := contentTypes[path.Ext(name)]; ok {
		hdr.Set("Content-Type", ct)
	} else if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		hdr.Set("Content-Type", ct)
	} else {
		hdr.Set("Content-Type", "application/octet-stream")
	}
	// The build writes name.br and name.gz beside compressible files: send
	// the best one the client accepts, with the original's type.
	served, servedInfo := name, info
	if compressible[path.Ext(name)] {
		hdr.Set("Vary", "Accept-Encoding")
		for _, enc := range acceptedEncodings(r.Header.Get("Accept-Encoding")) {
			vf, err := h.root.Open(name + encodings[enc])
			if err != nil {
				continue
			}
			vi, err := vf.Stat()
			if err != nil || !vi.Mode().IsRegular() {
				vf.Close()
				continue
			}
			defer vf.Close()
			f, served, servedInfo = vf, name+encodings[enc], vi
			hdr.Set("Content-Encoding", enc)
			break
		}
	}
	tag, err := h.etag(served, f, servedInfo)
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	hdr.Set("ETag", tag)
	if fingerprinted.MatchString(name) {
		// The name carries a hash of the content: it never changes.
		hdr.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		// Revalidate the rest (index.html, app-worker.js, …): a new build
		// must always be noticed, and an unchanged file costs only a 304.
		hdr.Set("Cache-Control", "no-cache")
	}
	if served != name {
		// net/http leaves Content-Length out of encoded responses; we know
		// it. A byte range of a compressed body helps no one: send it whole.
		hdr.Set("Content-Length", strconv.FormatInt(servedInfo.Size(), 10))
		r.Header.Del("Range")
	}
	// ServeContent answers HEAD, Range and If-None-Match from the ETag.
	http.ServeContent(w, r, served, servedInfo.ModTime(), f)
}

// fingerprinted matches the names the build gives web assets:
// app.4572cd7686.wasm.
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{10}\.[a-z0-9]+$`)

// compressible file types have precompressed variants.
var compressible = map[string]bool{
	".html": true, ".js": true, ".css": true, ".wasm": true, ".webmanifest": true,
	".svg": true, ".json": true, ".xml": true, ".txt": true,
}

// encodings maps a content coding to the suffix of its variant file.
var encodings = map[string]string{"br": ".br", "gzip": ".gz"}

// acceptedEncodings lists the codings of an Accept-Encoding header that we
// have, best first (brotli is smaller than gzip), leaving out q=0.
func acceptedEncodings(header string) []string {
	listed := map[string]bool{} // coding → accepted (false: q=0, refused)
	star := false
	for _, part := range strings.Split(header, ",") {
		token, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		token = strings.ToLower(strings.TrimSpace(token))
		q := 1.0
		if v, found := strings.CutPrefix(strings.TrimSpace(params), "q="); found {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		if token == "*" {
			star = q > 0
		} else if token != "" {
			listed[token] = q > 0
		}
	}
	var out []string
	for _, enc := range []string{"br", "gzip"} {
		if accepted, ok := listed[enc]; accepted || !ok && star {
			out = append(out, enc)
		}
	}
	return out
}

// etag is a hash of the file's bytes, cached while its size and modification
// time stay the same. Content, not time: two builds within one second must
// still get different tags.
func (h *Handler) etag(name string, f io.ReadSeeker, info fs.FileInfo) (string, error) {
	h.mu.Lock()
	e, ok := h.etags[name]
	h.mu.Unlock()
	if ok && e.size == info.Size() && e.mtime.Equal(info.ModTime()) {
		return e.value, nil
	}
	sum := sha256.New()
	if _, err := io.Copy(sum, f); err != nil {
		return "", err
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return "", err
	}
	e = etag{size: info.Size(), mtime: info.ModTime(), value: `"` + hex.EncodeToString(sum.Sum(nil)[:16]) + `"`}
	h.mu.Lock()
	h.etags[name] = e
	h.mu.Unlock()
	return e.value, nil
}

// isEscape reports os.Root's refusal of a path leaving the directory, which
// a client should see as "not found", not as a server error.
func isEscape(err error) bool {
	return strings.Contains(err.Error(), "path escapes from parent")
}

// Base is the URL path the lesson is served under, with slashes at both ends.
func (h *Handler) Base() string { return h.base }
