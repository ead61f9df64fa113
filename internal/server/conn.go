package server

import (
	"bytes"
	"io"
	"net"
	"time"
)

// MaxHeaderBytes is the most a request's head may take (request line and
// headers); the lesson's requests take a few hundred bytes, a browser with
// many cookies a few kB. The same number goes to http.Server.
const MaxHeaderBytes = 16 << 10

// Listener wraps ln so that every connection is guarded: each request's
// head is read whole and checked before net/http sees it, and the error
// responses net/http writes on its own get the security headers.
//
// The guard refuses, at once and closing the connection (RFC 9112):
//   - a head with both Content-Length and Transfer-Encoding (§6.1, request
//     smuggling): 400;
//   - bytes that cannot start a request, such as a TLS ClientHello sent to
//     this plain-HTTP port: 400 (net/http would wait for a line end until
//     its header timeout);
//   - a header line folded onto the next (§5.2): 400;
//   - a head larger than MaxHeaderBytes: 431.
//
// A refused head is replaced by a request that only the handler's
// guard check answers (rejectHost, rejectHeader), so the answer goes
// through the handler, in order after any earlier request on the
// connection. After a request that has a body the rest is passed as is:
// the handler closes such a connection after its answer.
func (h *Handler) Listener(ln net.Listener) net.Listener {
	return &guardListener{Listener: ln, extra: []byte(h.SecurityHeaders())}
}

type guardListener struct {
	net.Listener
	extra []byte // security headers, "Name: value\r\n" each
}

func (l *guardListener) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return &guardConn{Conn: c, extra: l.extra}, nil
}

const (
	rejectHost   = "guard.invalid"
	rejectHeader = "X-Guard-Reject"
)

type guardConn struct {
	net.Conn
	extra   []byte
	buf     []byte // read from the wire, not yet passed on
	ready   int    // buf[:ready] is checked and may be passed on
	passAll bool   // a request with a body came: pass the rest as is
	last    bool   // buf holds the substitute for a refused head: then EOF
}

func (c *guardConn) Read(p []byte) (int, error) {
	for c.ready == 0 {
		if c.last {
			return 0, io.EOF
		}
		if c.passAll {
			if len(c.buf) == 0 {
				return c.Conn.Read(p)
			}
			c.ready = len(c.buf)
			break
		}
		if c.check() {
			continue
		}
		// Not a whole head yet: read more. On an error (a deadline set by
		// net/http, or the client gone) what was read stays for the next
		// call.
		if cap(c.buf)-len(c.buf) < 4096 {
			c.buf = append(make([]byte, 0, len(c.buf)+4096), c.buf...)
		}
		n, err := c.Conn.Read(c.buf[len(c.buf):cap(c.buf)])
		c.buf = c.buf[:len(c.buf)+n]
		if err != nil && n == 0 {
			return 0, err
		}
	}
	n := copy(p, c.buf[:c.ready])
	c.buf, c.ready = c.buf[n:], c.ready-n
	if len(c.buf) == 0 {
		c.buf = c.buf[:0:0] // let a grown buffer go
	}
	return n, nil
}

// check looks at the head at the start of buf. It reports false when the
// head is not complete yet; otherwise it marks the head ready (and the
// rest too after a head announcing a body), or replaces everything with
// the substitute for a refused head.
func (c *guardConn) check() bool {
	if len(c.buf) == 0 {
		return false
	}
	if b := c.buf[0]; b < 'A' || b > 'Z' { // methods are upper-case tokens
		return c.refuse("400 not an HTTP/1 request (TLS to a plain-HTTP port?)")
	}
	end := headEnd(c.buf)
	if end < 0 {
		if len(c.buf) > MaxHeaderBytes {
			return c.refuse("431 request header fields too large")
		}
		return false
	}
	if end > MaxHeaderBytes {
		return c.refuse("431 request header fields too large")
	}
	var hasLength, hasTE, body bool
	head := c.buf[bytes.IndexByte(c.buf, '\n')+1 : end]
	for len(head) > 0 {
		line, rest, _ := bytes.Cut(head, []byte("\n"))
		head, line = rest, bytes.TrimSuffix(line, []byte("\r"))
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			return c.refuse("400 folded header line")
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		name = bytes.TrimSpace(name)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			hasLength = true
			if n, ok := digits(string(bytes.TrimSpace(value))); !ok || n > 0 {
				body = true
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			hasTE, body = true, true
		case bytes.EqualFold(name, []byte(rejectHeader)):
			return c.refuse("400 reserved header")
		}
	}
	if hasLength && hasTE {
		return c.refuse("400 both Content-Length and Transfer-Encoding")
	}
	c.ready, c.passAll = end, body
	return true
}

// headEnd is the length of the head at the start of b, blank line
// included, or -1 if it has not ended yet. Like net/http, a bare LF ends a
// line too.
func headEnd(b []byte) int {
	for i := 0; ; {
		j := bytes.IndexByte(b[i:], '\n')
		if j < 0 {
			return -1
		}
		i += j + 1
		if bytes.HasPrefix(b[i:], []byte("\n")) {
			return i + 1
		}
		if bytes.HasPrefix(b[i:], []byte("\r\n")) {
			return i + 2
		}
	}
}

// refuse replaces what is left to read with a request the handler answers
// with status and reason, and closes after it.
func (c *guardConn) refuse(reason string) bool {
	c.buf = []byte("GET / HTTP/1.1\r\nHost: " + rejectHost + "\r\n" + rejectHeader + ": " + reason + "\r\nConnection: close\r\n\r\n")
	c.ready, c.last = len(c.buf), true
	return true
}

// netHTTPError is how every error response net/http writes by itself
// continues after its status line (400 for a malformed head or Host, 431,
// 501 for an unknown transfer coding, 505): it writes each one whole, in
// one call, straight to the connection.
var netHTTPError = []byte("\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n")

func (c *guardConn) Write(p []byte) (int, error) {
	if bytes.HasPrefix(p, []byte("HTTP/1.1 ")) && len(p) < 512 {
		if i := bytes.Index(p, netHTTPError); i > 0 && !bytes.Contains(p[:i], []byte("\r\n")) {
			at := i + len(netHTTPError) - 2 // before the blank line
			out := append(append(append([]byte{}, p[:at]...), c.extra...), p[at:]...)
			if _, err := c.Conn.Write(out); err != nil {
				return 0, err
			}
			return len(p), nil
		}
	}
	return c.Conn.Write(p)
}

// ReadFrom keeps sendfile for large files; CloseWrite lets net/http send
// its FIN before closing, so a client still sending a body reads the
// answer instead of a reset.
func (c *guardConn) ReadFrom(r io.Reader) (int64, error) {
	if rf, ok := c.Conn.(io.ReaderFrom); ok {
		return rf.ReadFrom(r)
	}
	return io.Copy(struct{ io.Writer }{c.Conn}, r)
}

func (c *guardConn) CloseWrite() error {
	if cw, ok := c.Conn.(interface{ CloseWrite() error }); ok {
		return cw.CloseWrite()
	}
	return nil
}

// Close, after a refused head, first reads what the client still sends
// (as the fast path's linger does): the client may still be writing the
// rest of an oversized head, and closing with that input unread sends a
// reset that can destroy the refusal before the client reads it.
// net/http's own wait before closing only sleeps, which a loaded machine
// can outlast.
func (c *guardConn) Close() error {
	if c.last {
		c.Conn.SetReadDeadline(time.Now().Add(lingerTime))
		io.Copy(io.Discard, io.LimitReader(c.Conn, 256<<10))
	}
	return c.Conn.Close()
}
