// Package server serves a built lesson (dist/) as static files: the tiny
// server behind `make run`, also used by the end-to-end tests and the
// benchmarks so they measure exactly what users get.
//
// The files live in memory with their response headers computed once
// (files.go); a change in the folder is noticed before the next request
// (watch_linux.go). Conditional and range requests are answered in
// ranges.go. Server (serve.go) puts a fast path (fast.go, parse.go) in
// front of net/http: it answers the common GET and HEAD itself, with the
// bytes net/http would write, and hands everything else to net/http,
// behind conn.go, which checks each request's head on the wire before
// net/http parses it.
package server

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"sync"
)

// Handler serves the files under a directory, mounted at a base path.
type Handler struct {
	root     *os.Root
	base     string // "/" or "/sub/path/"
	security http.Header

	mu      sync.RWMutex
	files   map[string]*file // by name in the folder; see files.go
	gen     uint64           // counts changes seen in the folder
	loading sync.Mutex       // held while a file is read (files.go)
	changes *watcher
}

// Option configures a Handler.
type Option func(*Handler)

// FrameAncestors sets who may embed the lesson in a frame, as a CSP
// frame-ancestors source list: "*" (the default: any LMS), "'none'", or
// origins such as "https://moodle.example.edu https://*.instructure.com".
func FrameAncestors(sources string) Option {
	return func(h *Handler) {
		if s := strings.TrimSpace(sources); s != "" {
			h.security = securityHeaders(s)
		}
	}
}

// New serves dir at base ("/" or a sub-path such as "/courses/ft/").
// A rebuilt dist/ is served at once: files are read on first request and
// read again after any change in the folder.
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
	h := &Handler{root: root, base: base, security: securityHeaders("*"), files: map[string]*file{}}
	for _, o := range opts {
		o(h)
	}
	if h.changes, err = watch(dir); err != nil {
		root.Close()
		return nil, err
	}
	return h, nil
}

// Close releases the directory.
func (h *Handler) Close() error {
	h.changes.Close()
	return h.root.Close()
}

// Base is the URL path the lesson is served under, with slashes at both ends.
func (h *Handler) Base() string { return h.base }

// maxURI is the longest request target served; the lesson's own URLs are a
// few dozen bytes, an LMS launch adds a few hundred.
const maxURI = 4096

// csp is the policy the lesson runs under: only its own files (the
// manifest falls under default-src: WebKit does not know manifest-src and
// logs an error for it); WebAssembly compilation ('wasm-unsafe-eval', not
// eval); inline styles because go-app sets style attributes; no plugins; no
// <base> tricks. The frame-ancestors part comes from the embed flag.
const csp = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; worker-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'none'; frame-ancestors "

// securityHeaders go on every response, errors included. Embedding is the
// point (LMS iframes): allowed by policy, never by accident, and never
// X-Frame-Options: DENY.
func securityHeaders(frameAncestors string) http.Header {
	return http.Header{
		"Content-Security-Policy": {csp + frameAncestors},
		"X-Content-Type-Options":  {"nosniff"},
		"Referrer-Policy":         {"strict-origin-when-cross-origin"},
		"Permissions-Policy":      {"camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
	}
}

// SecurityHeaders is the block of security headers as it goes on the wire,
// for responses written below net/http (see Guard).
func (h *Handler) SecurityHeaders() string {
	var b strings.Builder
	h.security.Write(&b)
	return b.String()
}

func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	for k, v := range h.security {
		hdr[k] = v // shared, never modified
	}
	if r.ContentLength != 0 || len(r.TransferEncoding) > 0 {
		// No request here has a use for a body: answer without reading
		// it, and close, so nothing in it can pass for a next request and
		// no one waits for a slow sender.
		hdr.Set("Connection", "close")
	}
	if reason := r.Header.Get(rejectHeader); reason != "" && r.Host == rejectHost {
		// A head the connection guard refused (conn.go).
		status, text, _ := strings.Cut(reason, " ")
		code := http.StatusBadRequest
		if status == "431" {
			code = http.StatusRequestHeaderFieldsTooLarge
		}
		hdr.Set("Connection", "close")
		http.Error(w, text, code)
		return
	}
	if r.Host == "" && r.ProtoAtLeast(1, 1) {
		// RFC 9112 §3.2: an origin-form target needs a Host; like nginx,
		// an empty one is refused (net/http refuses a missing one).
		hdr.Set("Connection", "close")
		http.Error(w, "empty Host", http.StatusBadRequest)
		return
	}
	if len(r.RequestURI) > maxURI {
		http.Error(w, "URI too long", http.StatusRequestURITooLong)
		return
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	p := r.URL.Path
	if p == "/healthz" {
		hdr.Set("Cache-Control", "no-store")
		hdr.Set("Content-Type", "text/plain; charset=utf-8")
		if r.Method == http.MethodGet {
			w.Write([]byte("ok\n"))
		}
		return
	}
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
	for seg := range strings.SplitSeq(rel, "/") {
		switch {
		case seg == "" || seg == "." || seg == "..":
			return "", http.StatusBadRequest
		case strings.HasPrefix(seg, "."):
			return "", http.StatusNotFound
		}
	}
	return rel, http.StatusOK
}
