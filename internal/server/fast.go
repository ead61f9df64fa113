package server

import (
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"sync"
	"time"
)

// fastConn is one connection on the fast path: a small HTTP/1.1 keep-alive
// loop that answers the common request (a GET or HEAD of a file in memory,
// parse.go) with the head computed when the file was read (rep.wire) and
// the body from memory, in one write. net/http answers such a request
// with the same bytes (fast_test.go checks it), but pays for a background
// read, several goroutine wake-ups and header maps on each.
//
// On the first request it does not answer itself, it hands the connection,
// with the bytes it has read and not answered, to net/http (serve.go),
// which owns it from then on.
type fastConn struct {
	s      *Server
	c      net.Conn
	buf    []byte  // the read buffer; in is a window of it
	in     []byte  // read, not yet answered
	out    []byte  // answers not yet written
	pooled *[]byte // out's buffer, from outPool
	date   []byte  // "Date: …\r\n" for the second at
	at     int64   // Unix second of date

	mu   sync.Mutex // guards idle, which Shutdown reads
	idle bool       // waiting for a request, with nothing read of it
}

// bigBody is the size above which a body is written from its own buffer
// (writev) instead of being copied after the head.
const bigBody = 32 << 10

// lingerTime is how long a connection closed after an answer waits for
// the client to read it (net/http waits 500 ms too): closing a socket
// with unread input sends a reset, which can destroy the answer in flight.
const lingerTime = 500 * time.Millisecond

// outPool holds write buffers (as pointers: a slice in an interface
// would cost an allocation per Put).
var outPool = sync.Pool{New: func() any { b := make([]byte, 0, 16<<10); return &b }}

// serve answers requests until the client leaves, a timeout, shutdown or
// a hand-off.
func (fc *fastConn) serve() {
	defer fc.s.forget(fc)
	first := true
	for {
		end, ok := fc.readHead(first)
		first = false
		if !ok {
			fc.c.Close()
			return
		}
		var r request
		if end < 0 || !parseHead(fc.in[:end], &r) {
			fc.handOff()
			return
		}
		rp, notMod, ok := fc.s.h.answerFast(&r)
		if !ok {
			fc.handOff()
			return
		}
		fc.in = fc.in[end:]
		if !fc.answer(&r, rp, notMod) {
			fc.c.Close()
			return
		}
		if r.close || fc.s.closing.Load() {
			if fc.flush() {
				fc.linger()
			}
			fc.c.Close()
			return
		}
	}
}

// readHead reads until fc.in starts with a whole head and tells its
// length, or -1 when net/http should see what was read (a head too long,
// or bytes that cannot start one: the guard in conn.go answers those). It
// reports false when the connection is to be closed: the client left, a
// timeout passed, or shutdown began while the connection was idle.
//
// The deadlines are net/http's: the header timeout from the accept for
// the first request, and from the first byte of any later one, and the
// idle timeout while waiting for that byte.
func (fc *fastConn) readHead(first bool) (int, bool) {
	headerTimeout, idleTimeout := fc.s.timeouts()
	timed := first // the header deadline for this head is set
	if first {
		fc.c.SetReadDeadline(time.Now().Add(headerTimeout))
	}
	for {
		if len(fc.in) > 0 {
			if fc.in[0] < 'A' || fc.in[0] > 'Z' {
				return -1, true
			}
			end := headEnd(fc.in)
			if end > MaxHeaderBytes || end < 0 && len(fc.in) > MaxHeaderBytes {
				return -1, true
			}
			if end >= 0 {
				return end, true
			}
			if !timed { // the head has begun, not ended
				fc.c.SetReadDeadline(time.Now().Add(headerTimeout))
				timed = true
			}
		}
		// More bytes are needed: first write the answers so far, which the
		// client may be waiting for.
		if !fc.flush() {
			return 0, false
		}
		idle := !timed
		if idle {
			fc.c.SetReadDeadline(time.Now().Add(idleTimeout))
			if !fc.setIdle(true) {
				return 0, false // shutting down
			}
		}
		fc.grow()
		// An error comes with no bytes (the client left, or a deadline
		// passed), or again on the next read.
		n, _ := fc.c.Read(fc.buf[len(fc.buf):cap(fc.buf)])
		if idle {
			fc.setIdle(false)
		}
		if n == 0 {
			return 0, false
		}
		fc.buf = fc.buf[:len(fc.buf)+n]
		fc.in = fc.buf[len(fc.buf)-len(fc.in)-n:]
	}
}

// grow makes room after fc.in for another read: at the start of the
// buffer when nothing is pending, else by moving or enlarging.
func (fc *fastConn) grow() {
	if fc.buf == nil {
		fc.buf = make([]byte, 0, 4<<10)
	}
	if len(fc.in) == 0 {
		fc.buf, fc.in = fc.buf[:0], fc.buf[:0]
		return
	}
	if cap(fc.buf)-len(fc.buf) >= 1<<10 {
		return
	}
	size := cap(fc.buf)
	if len(fc.in) > size/2 {
		size *= 2
	}
	b := append(make([]byte, 0, size), fc.in...)
	fc.buf, fc.in = b, b
}

// setIdle marks the connection idle or not; marking it idle fails once
// shutdown has begun (Shutdown wakes idle connections, serve.go).
func (fc *fastConn) setIdle(idle bool) bool {
	fc.mu.Lock()
	defer fc.mu.Unlock()
	fc.idle = idle
	return !(idle && fc.s.closing.Load())
}

// answer writes or queues the answer to r: rp's head (200, or 304 when
// notMod) and body.
func (fc *fastConn) answer(r *request, rp *rep, notMod bool) bool {
	if fc.out == nil {
		fc.pooled = outPool.Get().(*[]byte)
		fc.out = (*fc.pooled)[:0]
	}
	fc.out = appendHead(fc.out, r, rp, notMod, fc.dateLine())
	if notMod || r.head {
		return true
	}
	if len(rp.data) <= bigBody {
		fc.out = append(fc.out, rp.data...)
		return true
	}
	if d := fc.s.HTTP.WriteTimeout; d > 0 {
		fc.c.SetWriteDeadline(time.Now().Add(d))
	}
	var err error
	if rp.file != nil {
		err = rp.file.send(fc.c, fc.out, len(rp.data))
	} else {
		bufs := net.Buffers{fc.out, rp.data}
		_, err = bufs.WriteTo(fc.c)
	}
	fc.release()
	return err == nil
}

// errNoSendfile is a connection sendfile cannot write to.
var errNoSendfile = errors.New("sendfile: not a socket")

// appendHead appends the head net/http writes for ServeHTTP's answer: the
// status line and headers (rep.wire), then Date, then Connection when the
// connection closes after an HTTP/1.1 request or stays open after an
// HTTP/1.0 one.
func appendHead(out []byte, r *request, rp *rep, notMod bool, date []byte) []byte {
	if r.http10 {
		out = append(out, "HTTP/1.0"...)
	} else {
		out = append(out, "HTTP/1.1"...)
	}
	if notMod {
		out = append(out, rp.wire3...)
	} else {
		out = append(out, rp.wire...)
	}
	out = append(out, date...)
	switch {
	case r.keepAlive10:
		out = append(out, "Connection: keep-alive\r\n"...)
	case r.close && !r.http10:
		out = append(out, "Connection: close\r\n"...)
	}
	return append(out, "\r\n"...)
}

// flush writes the queued answers.
func (fc *fastConn) flush() bool {
	if len(fc.out) == 0 {
		fc.release()
		return true
	}
	if d := fc.s.HTTP.WriteTimeout; d > 0 {
		fc.c.SetWriteDeadline(time.Now().Add(d))
	}
	_, err := fc.c.Write(fc.out)
	fc.release()
	return err == nil
}

// release returns the write buffer, so an idle connection holds none.
func (fc *fastConn) release() {
	if fc.pooled != nil && cap(fc.out) <= 64<<10 {
		*fc.pooled = fc.out[:0]
		outPool.Put(fc.pooled)
	}
	fc.out, fc.pooled = nil, nil
}

// dateLine is the Date header for now, formatted once a second.
func (fc *fastConn) dateLine() []byte {
	now := time.Now()
	if s := now.Unix(); s != fc.at || fc.date == nil {
		fc.at = s
		fc.date = now.UTC().AppendFormat(append(fc.date[:0], "Date: "...), http.TimeFormat)
		fc.date = append(fc.date, "\r\n"...)
	}
	return fc.date
}

// linger half-closes the connection and reads what the client still
// sends, until it closes too or lingerTime passes.
func (fc *fastConn) linger() {
	if cw, ok := fc.c.(interface{ CloseWrite() error }); ok {
		cw.CloseWrite()
	}
	fc.c.SetReadDeadline(time.Now().Add(lingerTime))
	io.Copy(io.Discard, io.LimitReader(fc.c, 256<<10))
}

// handOff gives the connection to net/http, after the answers so far,
// behind the guard (conn.go) that checks the heads still to come.
func (fc *fastConn) handOff() {
	if !fc.flush() {
		fc.c.Close()
		return
	}
	fc.c.SetDeadline(time.Time{})
	g := &guardConn{Conn: fc.c, extra: fc.s.extra, buf: bytes.Clone(fc.in)}
	fc.buf, fc.in = nil, nil
	fc.s.handOff(g)
}
