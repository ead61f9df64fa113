// This file is the server's file table: which files exist, their
// precompressed twins, their precomputed headers, and sending them (from
// memory, or from disk with sendfile). It stays one file because every part
// reads the same file and rep values; split, the reader would jump between
// files for one request's path.

package server

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// file is one name in the folder as served: its representations (the
// file itself and the build's .br and .gz twins), each read on first
// request.
type file struct {
	reps map[string]*rep // by content coding, "" for the file itself; nil: absent
}

// rep is one representation with every header that does not change
// between requests, computed once. Files up to maxInMemory are kept in
// memory; a larger one is read from disk for each response (sendfile).
type rep struct {
	name    string // in the folder: "web/app.wasm.br"
	size    int64
	mtime   time.Time
	etag    string
	data    []byte      // nil for a large file
	file    *bodyFile   // a copy of data for sendfile, if at least sendfileMin
	header  http.Header // 200: type, length, caching, ETag, encoding, ranges
	header3 http.Header // 304: the subset RFC 9110 §15.4.5 asks for

	// The same with the security headers, as net/http writes them after
	// "HTTP/1.x": status line and sorted headers, without Date and the
	// blank line; for the fast path (fast.go).
	wire, wire3 []byte
}

// maxInMemory keeps the brotli and gzip wasm (1.5 and 2.3 MB) in memory,
// where a write is a single copy, and leaves the 8.75 MB raw wasm, which
// only a client without brotli or gzip asks for, on disk.
const maxInMemory = 4 << 20

// sendfileMin is the size from which the fast path sends a body in memory
// with sendfile (sendfile_linux.go) instead of writev: the wasm twins
// (1.5 and 2.1 MB; nothing else in a build comes close), where sending
// pages instead of copying bytes saves a tenth to a quarter of the CPU per
// answer. Below it, one writev, which the socket buffer usually takes in
// one call, is fewer system calls than a send and a sendfile.
const sendfileMin = 256 << 10

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

// compressible file types have precompressed variants (the build writes
// them: internal/compress); images are compressed already.
var compressible = map[string]bool{
	".html": true, ".js": true, ".css": true, ".wasm": true, ".webmanifest": true,
	".svg": true, ".json": true, ".xml": true, ".txt": true,
}

// Compressible reports whether files of extension ext (".wasm") are
// served with precompressed variants, and so whether a build writes them.
func Compressible(ext string) bool { return compressible[ext] }

// HashLen is how many hex digits of a web asset's content hash the build
// puts in its name (app.4572cd7686.wasm): such a file never changes.
const HashLen = 10

// fingerprinted matches those names; the worker and the nginx comparison
// take the same pattern (FingerprintPattern).
var fingerprinted = regexp.MustCompile(`\.[0-9a-f]{` + strconv.Itoa(HashLen) + `}\.[a-z0-9]+$`)

// FingerprintPattern is the regular expression, in syntax that JavaScript
// and nginx read the same way, of a fingerprinted name.
func FingerprintPattern() string { return fingerprinted.String() }

// suffixes maps a content coding to the suffix of its variant file.
var suffixes = map[string]string{"": "", "br": ".br", "gzip": ".gz"}

// errNotFound is every reason a client should see 404: missing, not a
// regular file, forbidden, outside the folder, a file used as a folder
// (/index.html/x), a name too long for the file system.
var errNotFound = errors.New("not found")

// lookup finds the representation of name to send for the request's
// Accept-Encoding: the best accepted twin that exists, else the file.
func (h *Handler) lookup(name, acceptEncoding string) (*rep, error) {
	f, err := h.fileNamed(name)
	if err != nil {
		return nil, err
	}
	return f.choose(acceptedEncodings(acceptEncoding)), nil
}

// fileNamed is name's file, from memory or read now.
func (h *Handler) fileNamed(name string) (*file, error) {
	h.syncChanges()
	h.mu.RLock()
	f, gen := h.files[name], h.gen
	h.mu.RUnlock()
	if f != nil {
		return f, nil
	}
	// One file read at a time: the first requests after a start or a
	// build, dozens at once for the same wasm, must not each read it
	// (64 copies of the wasm twins would be 230 MB).
	h.loading.Lock()
	defer h.loading.Unlock()
	h.mu.RLock()
	f, gen = h.files[name], h.gen
	h.mu.RUnlock()
	if f != nil {
		return f, nil
	}
	f = &file{reps: map[string]*rep{}}
	id, err := h.load(name, "")
	if err != nil {
		return nil, err
	}
	f.reps[""] = id
	if compressible[path.Ext(name)] {
		for _, enc := range []string{"br", "gzip"} {
			if r, err := h.load(name, enc); err == nil {
				f.reps[enc] = r
			}
		}
	}
	h.mu.Lock()
	if h.gen == gen { // else the folder changed while we read: serve, do not keep
		h.files[name] = f
	}
	h.mu.Unlock()
	return f, nil
}

// syncChanges forgets every file if the folder changed since the last
// request (watch_linux.go).
func (h *Handler) syncChanges() {
	h.changes.sync(func() {
		h.mu.Lock()
		clear(h.files)
		h.gen++
		h.mu.Unlock()
	})
}

// choose picks the representation for the accepted codings, best first.
func (f *file) choose(accepted []string) *rep {
	if len(f.reps) > 1 {
		for _, enc := range accepted {
			if r := f.reps[enc]; r != nil {
				return r
			}
		}
	}
	return f.reps[""]
}

// load reads one representation of name and computes its headers.
func (h *Handler) load(name, enc string) (*rep, error) {
	r := &rep{name: name + suffixes[enc]}
	f, err := h.root.Open(r.name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) || errors.Is(err, fs.ErrPermission) || isEscape(err) ||
			errors.Is(err, syscall.ENOTDIR) || errors.Is(err, syscall.ENAMETOOLONG) {
			return nil, errNotFound
		}
		return nil, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return nil, errNotFound // directories are never listed
	}
	r.size, r.mtime = info.Size(), info.ModTime()
	// The ETag is a hash of the bytes, not the time: two builds within the
	// same second must still get different tags.
	sum := sha256.New()
	if r.size <= maxInMemory {
		if r.data, err = io.ReadAll(f); err != nil {
			return nil, err
		}
		r.size = int64(len(r.data))
		sum.Write(r.data)
		if r.size >= sendfileMin {
			r.file = newBodyFile(r.name, r.data)
		}
	} else if _, err := io.Copy(sum, f); err != nil {
		return nil, err
	}
	r.etag = `"` + hex.EncodeToString(sum.Sum(nil)[:16]) + `"`

	one := func(v string) []string { return []string{v} }
	r.header3 = http.Header{"Etag": one(r.etag)}
	if fingerprinted.MatchString(name) {
		// The name carries a hash of the content: it never changes.
		r.header3["Cache-Control"] = one("public, max-age=31536000, immutable")
	} else {
		// Revalidate the rest (index.html, app-worker.js, …): a new build
		// must always be noticed, and an unchanged file costs only a 304.
		r.header3["Cache-Control"] = one("no-cache")
	}
	if compressible[path.Ext(name)] {
		r.header3["Vary"] = one("Accept-Encoding")
	}
	r.header = r.header3.Clone()
	r.header["Content-Type"] = one(contentType(name))
	r.header["Content-Length"] = one(strconv.FormatInt(r.size, 10))
	r.header["Last-Modified"] = one(r.mtime.UTC().Format(http.TimeFormat))
	if enc != "" {
		r.header["Content-Encoding"] = one(enc)
	} else {
		// Byte ranges of the file itself only: a range of a compressed
		// twin helps no client, so those are sent whole and say nothing.
		r.header["Accept-Ranges"] = one("bytes")
	}
	r.wire, r.wire3 = h.wire(http.StatusOK, r.header), h.wire(http.StatusNotModified, r.header3)
	return r, nil
}

// wire is a response head as net/http writes it for ServeHTTP's headers
// (see rep.wire): both sort the header names.
func (h *Handler) wire(status int, hdr http.Header) []byte {
	all := http.Header{}
	for k, v := range h.security {
		all[k] = v
	}
	for k, v := range hdr {
		all[k] = v
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, " %d %s\r\n", status, http.StatusText(status))
	all.Write(&b)
	return b.Bytes()
}

func contentType(name string) string {
	if ct, ok := contentTypes[path.Ext(name)]; ok {
		return ct
	}
	if ct := mime.TypeByExtension(path.Ext(name)); ct != "" {
		return ct
	}
	return "application/octet-stream"
}

// isEscape reports os.Root's refusal of a path leaving the directory, which
// a client should see as "not found", not as a server error.
func isEscape(err error) bool {
	return strings.Contains(err.Error(), "path escapes from parent")
}

func (h *Handler) serveFile(w http.ResponseWriter, r *http.Request, name string) {
	rp, err := h.lookup(name, r.Header.Get("Accept-Encoding"))
	if err == errNotFound {
		// A course's lesson folder named without its slash: its page's
		// relative URLs need the slash.
		if fi, err := h.root.Stat(name + "/index.html"); err == nil && fi.Mode().IsRegular() {
			http.Redirect(w, r, r.URL.Path+"/", http.StatusMovedPermanently)
			return
		}
		http.NotFound(w, r)
		return
	}
	if err != nil {
		http.Error(w, "cannot read file", http.StatusInternalServerError)
		return
	}
	hdr := w.Header()
	if notModified(r, rp) {
		for k, v := range rp.header3 {
			hdr[k] = v
		}
		w.WriteHeader(http.StatusNotModified)
		return
	}
	for k, v := range rp.header {
		hdr[k] = v // shared, never modified
	}
	off, n, status := byteRange(r, rp)
	switch status {
	case http.StatusRequestedRangeNotSatisfiable:
		hdr.Set("Content-Range", "bytes */"+strconv.FormatInt(rp.size, 10))
		delete(hdr, "Content-Length")
		http.Error(w, "range not satisfiable", status)
		return
	case http.StatusPartialContent:
		hdr.Set("Content-Range", "bytes "+strconv.FormatInt(off, 10)+"-"+strconv.FormatInt(off+n-1, 10)+"/"+strconv.FormatInt(rp.size, 10))
		hdr.Set("Content-Length", strconv.FormatInt(n, 10))
	}
	w.WriteHeader(status)
	if r.Method == http.MethodHead {
		return
	}
	if rp.data != nil {
		w.Write(rp.data[off : off+n])
		return
	}
	h.sendFromDisk(w, rp, off, n)
}

// sendFromDisk writes a large file's bytes (sendfile when the connection
// allows). The headers are already out: if the file changed since it was
// read, the connection is cut rather than sending other bytes under them.
func (h *Handler) sendFromDisk(w http.ResponseWriter, rp *rep, off, n int64) {
	f, err := h.root.Open(rp.name)
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	defer f.Close()
	if info, err := f.Stat(); err != nil || info.Size() != rp.size || !info.ModTime().Equal(rp.mtime) {
		panic(http.ErrAbortHandler)
	}
	if _, err := f.Seek(off, io.SeekStart); err != nil {
		panic(http.ErrAbortHandler)
	}
	io.Copy(w, io.LimitReader(f, n))
}
