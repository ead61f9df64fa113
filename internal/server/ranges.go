package server

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// notModified reports whether the client's copy is current (RFC 9110
// §13.1.2, §13.1.3): If-None-Match lists the ETag (or "*"), or, without
// If-None-Match, the file has not changed since If-Modified-Since.
func notModified(r *http.Request, rp *rep) bool {
	return notModifiedBy(r.Header.Get("If-None-Match"), r.Header.Get("If-Modified-Since"), rp)
}

// notModifiedBy is notModified given the two header values.
func notModifiedBy(inm, ims string, rp *rep) bool {
	if inm != "" {
		if inm == rp.etag { // what a browser sends back
			return true
		}
		for tag := range strings.SplitSeq(inm, ",") {
			tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/") // weak comparison
			if tag == "*" || tag == rp.etag {
				return true
			}
		}
		return false
	}
	if ims != "" {
		t, err := http.ParseTime(ims)
		return err == nil && !rp.mtime.Truncate(time.Second).After(t)
	}
	return false
}

// byteRange reads a Range header (RFC 9110 §14.2) and tells which bytes of
// the representation to send, and with what status: 200 with all of them,
// 206 with a part, or 416.
//
// Like nginx, only for the file itself (compressed twins are sent whole,
// without Accept-Ranges), and only for GET. Unlike nginx, one range at
// most: a header with several gets the whole file (200), which the RFC
// allows and which no browser, media player or download resumer minds, so
// no client can make us build a multipart answer of a thousand pieces. A
// unit other than bytes, a malformed range and an If-Range that no longer
// matches are ignored (200 whole); a range that starts past the end, or the
// empty suffix bytes=-0, is not satisfiable (416).
func byteRange(r *http.Request, rp *rep) (off, n int64, status int) {
	whole := func() (int64, int64, int) { return 0, rp.size, http.StatusOK }
	spec, ok := strings.CutPrefix(r.Header.Get("Range"), "bytes=")
	if !ok || r.Method != http.MethodGet || rp.header["Accept-Ranges"] == nil {
		return whole()
	}
	if ir := r.Header.Get("If-Range"); ir != "" && ir != rp.etag && ir != rp.header.Get("Last-Modified") {
		return whole()
	}
	first, last, ok := strings.Cut(strings.TrimSpace(spec), "-")
	if !ok || strings.Contains(last, ",") {
		return whole()
	}
	unsatisfiable := func() (int64, int64, int) { return 0, 0, http.StatusRequestedRangeNotSatisfiable }
	if first == "" { // the last bytes: bytes=-500
		suffix, ok := digits(last)
		if !ok {
			return whole()
		}
		if suffix == 0 || rp.size == 0 {
			return unsatisfiable()
		}
		suffix = min(suffix, rp.size)
		return rp.size - suffix, suffix, http.StatusPartialContent
	}
	start, ok := digits(first)
	if !ok {
		return whole()
	}
	end := rp.size - 1 // bytes=500-
	if last != "" {
		if end, ok = digits(last); !ok || end < start {
			return whole()
		}
		end = min(end, rp.size-1)
	}
	if start >= rp.size {
		return unsatisfiable()
	}
	return start, end - start + 1, http.StatusPartialContent
}

// digits parses a non-negative decimal number, nothing else (no sign, no
// space, no overflow).
func digits(s string) (int64, bool) {
	if s == "" || len(s) > 18 {
		return 0, false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	return n, err == nil
}
