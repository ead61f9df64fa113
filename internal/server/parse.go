package server

import "bytes"

// request is what the fast path (fast.go) needs from a request head. The
// byte slices point into the connection's buffer and are valid until the
// answer is written.
type request struct {
	path            []byte // the target up to '?'
	head            bool   // HEAD, else GET
	http10          bool   // HTTP/1.0, else HTTP/1.1
	keepAlive10     bool   // HTTP/1.0 with Connection: keep-alive
	close           bool   // close the connection after the answer
	acceptEncoding  []byte // first value, as http.Header.Get gives it
	ifNoneMatch     []byte
	ifModifiedSince []byte
}

// parseHead reads a whole head (request line, header lines and the blank
// line, as headEnd delimits it) and reports whether the fast path may
// answer it. It accepts only what it fully understands, a subset of what
// net/http accepts, with the same meaning:
//
//   - GET or HEAD, HTTP/1.1 or HTTP/1.0;
//   - an origin-form target of at most maxURI bytes whose path has only
//     letters, digits and "-._~/" (no percent-decoding to do) and whose
//     query has only visible ASCII;
//   - exactly one Host, of letters, digits and ".-:[]";
//   - header names that are tokens, values without control bytes, no
//     folded lines;
//   - no body (Content-Length: 0 at most), no Transfer-Encoding, Expect,
//     Upgrade, Range or If-Range, no guard header (conn.go);
//   - at most one Connection header, "close" or "keep-alive".
//
// Everything else, errors included, goes to net/http and ServeHTTP.
func parseHead(head []byte, r *request) bool {
	*r = request{}
	line, rest := cutLine(head)
	method, line, _ := bytes.Cut(line, []byte(" "))
	switch string(method) {
	case "GET":
	case "HEAD":
		r.head = true
	default:
		return false
	}
	target, proto, _ := bytes.Cut(line, []byte(" "))
	switch string(proto) {
	case "HTTP/1.1":
	case "HTTP/1.0":
		r.http10 = true
	default:
		return false
	}
	if len(target) == 0 || target[0] != '/' || len(target) > maxURI {
		return false
	}
	path, query, _ := bytes.Cut(target, []byte("?"))
	for _, c := range path {
		if !pathByte(c) {
			return false
		}
	}
	for _, c := range query {
		if c <= ' ' || c >= 0x7f {
			return false
		}
	}
	r.path = path

	var hosts, conns, lengths int
	var haveAE, haveINM, haveIMS, keepAlive bool
	for {
		line, rest = cutLine(rest)
		if len(line) == 0 {
			break // the blank line that ends the head
		}
		colon := bytes.IndexByte(line, ':')
		if colon <= 0 {
			return false
		}
		name, value := line[:colon], trimSpace(line[colon+1:])
		for _, c := range name {
			if !tokenByte(c) {
				return false
			}
		}
		for _, c := range value {
			if c < ' ' && c != '\t' || c == 0x7f {
				return false
			}
		}
		switch {
		case is(name, "Host"):
			hosts++
			if len(value) == 0 {
				return false
			}
			for _, c := range value {
				if !hostByte(c) {
					return false
				}
			}
		case is(name, "Connection"):
			conns++
			switch {
			case is(value, "close"):
				r.close = true
			case is(value, "keep-alive"):
				keepAlive = true
			default:
				return false
			}
		case is(name, "Content-Length"):
			lengths++
			if string(value) != "0" {
				return false
			}
		case is(name, "Accept-Encoding"):
			if !haveAE {
				r.acceptEncoding, haveAE = value, true
			}
		case is(name, "If-None-Match"):
			if !haveINM {
				r.ifNoneMatch, haveINM = value, true
			}
		case is(name, "If-Modified-Since"):
			if !haveIMS {
				r.ifModifiedSince, haveIMS = value, true
			}
		case is(name, "Transfer-Encoding"), is(name, "Expect"), is(name, "Upgrade"),
			is(name, "Range"), is(name, "If-Range"), is(name, rejectHeader):
			return false
		}
	}
	if hosts != 1 || conns > 1 || lengths > 1 {
		return false
	}
	if r.http10 {
		// net/http: HTTP/1.0 closes unless asked to keep alive.
		r.keepAlive10 = keepAlive
		r.close = !keepAlive
	}
	return true
}

// answerFast finds what the fast path sends for r: the representation,
// and whether it is a 304. It reports false for whatever ServeHTTP must
// answer: /healthz, a path outside base or that clean would refuse, a
// file that cannot be read, or one on disk (larger than maxInMemory).
func (h *Handler) answerFast(r *request) (rp *rep, notMod, ok bool) {
	p := r.path
	if string(p) == "/healthz" || len(p) < len(h.base) || string(p[:len(h.base)]) != h.base {
		return nil, false, false
	}
	// clean's rules on the few bytes parseHead lets through: no empty
	// segment but the last, no dot segment or dotfile.
	rel := p[len(h.base):]
	if bytes.HasPrefix(rel, []byte("/")) || bytes.HasPrefix(rel, []byte(".")) ||
		bytes.Contains(rel, []byte("//")) || bytes.Contains(rel, []byte("/.")) {
		return nil, false, false
	}
	h.syncChanges()
	var f *file
	h.mu.RLock()
	switch {
	case len(rel) == 0:
		f = h.files["index.html"]
	case rel[len(rel)-1] != '/':
		f = h.files[string(rel)] // no copy: a map index
	}
	h.mu.RUnlock()
	if f == nil {
		name := string(rel)
		if name == "" || name[len(name)-1] == '/' {
			name += "index.html"
		}
		var err error
		if f, err = h.fileNamed(name); err != nil {
			return nil, false, false
		}
	}
	rp = f.choose(encodings(r.acceptEncoding))
	if rp.data == nil {
		return nil, false, false
	}
	if len(r.ifNoneMatch) > 0 || len(r.ifModifiedSince) > 0 {
		notMod = string(r.ifNoneMatch) == rp.etag ||
			notModifiedBy(string(r.ifNoneMatch), string(r.ifModifiedSince), rp)
	}
	return rp, notMod, true
}

// cutLine splits off the first line of b, without its LF or CRLF.
func cutLine(b []byte) (line, rest []byte) {
	line, rest, _ = bytes.Cut(b, []byte("\n"))
	return bytes.TrimSuffix(line, []byte("\r")), rest
}

// trimSpace removes the spaces and tabs around a header value.
func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

// is compares a header name or token with s, ignoring ASCII case.
func is(b []byte, s string) bool {
	if len(b) != len(s) {
		return false
	}
	for i, c := range b {
		if lower(c) != lower(s[i]) {
			return false
		}
	}
	return true
}

func lower(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}

func pathByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == '_' || c == '~' || c == '/'
}

func hostByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '.' || c == ':' || c == '[' || c == ']'
}

// tokenByte is a character of an RFC 9110 token (a header name).
func tokenByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c != 0 && bytes.IndexByte([]byte("!#$%&'*+-.^_`|~"), c) >= 0
}
