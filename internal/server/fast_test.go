package server

import (
	"bufio"
	"bytes"
	"errors"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"
)

// hang bounds every wait in these tests; nothing asserts how long a step
// takes.
const hang = 30 * time.Second

// config is cmd/server's http.Server, with timeouts a test may shorten.
func config() *http.Server {
	return &http.Server{
		ReadHeaderTimeout:            5 * time.Second,
		ReadTimeout:                  15 * time.Second,
		WriteTimeout:                 time.Minute,
		IdleTimeout:                  time.Minute,
		MaxHeaderBytes:               MaxHeaderBytes,
		DisableGeneralOptionsHandler: true,
	}
}

// serveFast serves h as cmd/server does (the fast path, then net/http) on
// a loopback port, until the test ends.
func serveFast(t *testing.T, h *Handler, srv *http.Server) (*Server, string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := h.NewServer(srv)
	go s.Serve(ln)
	t.Cleanup(func() { s.Close() })
	return s, ln.Addr().String()
}

// servePlain serves h with net/http alone, behind the guard: the server
// as it was before the fast path, which the fast path must equal.
func servePlain(t *testing.T, h *Handler) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := config()
	srv.Handler = h
	go srv.Serve(h.Listener(ln))
	t.Cleanup(func() { srv.Close() })
	return ln.Addr().String()
}

// The requests table, sent on the wire to the real listener: the fast
// path and net/http behind it meet the same expectations as ServeHTTP.
func TestRequestsOnTheWire(t *testing.T) {
	h, err := New(fixture(t), "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	_, addr := serveFast(t, h, config())
	const file = "testdata/requests.txt"
	fast := 0
	for _, c := range readCases(t, file) {
		var raw strings.Builder
		raw.WriteString(c.method + " " + c.target + " HTTP/1.1\r\n")
		if c.reqHdr.Get("Host") == "" {
			raw.WriteString("Host: example\r\n")
		}
		c.reqHdr.Write(&raw)
		raw.WriteString("\r\n")
		var r request
		if parseHead([]byte(raw.String()), &r) {
			if _, _, ok := h.answerFast(&r); ok {
				fast++
			}
		}
		a := roundTrip(t, addr, raw.String(), c.method)
		c.check(t, file, a.StatusCode, a.Header, a.body)
	}
	// GET /, the files, HEAD, 304s and encodings: 26 rows today. Errors,
	// ranges, /healthz and odd spellings go to net/http.
	if fast < 20 {
		t.Errorf("the fast path answers %d rows of %s, want at least 20", fast, file)
	}
}

// roundTrip sends raw on a new connection and reads the answer; method
// tells whether a body comes.
func roundTrip(t *testing.T, addr, raw, method string) answer {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, raw); err != nil {
		t.Fatal(err)
	}
	c.SetReadDeadline(time.Now().Add(hang))
	resp, err := http.ReadResponse(bufio.NewReader(c), &http.Request{Method: method})
	if err != nil {
		t.Fatalf("%q: %v", raw, err)
	}
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%q: body: %v", raw, err)
	}
	return answer{resp, string(body)}
}

type answer struct {
	*http.Response
	body string
}

// paritySite is the fixture with a file above bigBody (written with
// writev), one above sendfileMin (sendfile from a copy, on Linux) and
// one above maxInMemory (on disk: net/http sends it).
func paritySite(t *testing.T) string {
	dir := fixture(t)
	for name, size := range map[string]int{"web/big.0123456789.js": bigBody + 1000, "web/app.0123456789.wasm": sendfileMin + 1000, "huge.bin": maxInMemory + 1} {
		data := bytes.Repeat([]byte("0123456789abcdef"), size/16+1)[:size]
		if err := os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// streams are whole conversations: each ends with the server closing.
var streams = []string{
	"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	// Pipelined, answered in order, through a hand-off (/healthz) after
	// which net/http answers the rest.
	"GET / HTTP/1.1\r\nHost: x\r\n\r\n" +
		"HEAD /web/lesson.css HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip, deflate, br\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"2708d73bf31c36cdfa1aa466551ed101\"\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n" +
		"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	// HTTP/1.0: closed after the answer unless asked to keep alive.
	"GET / HTTP/1.0\r\nHost: x\r\n\r\n",
	"GET / HTTP/1.0\r\nHost: x\r\nConnection: keep-alive\r\n\r\nHEAD / HTTP/1.0\r\nHost: x\r\nconnection: Keep-Alive\r\nIf-None-Match: *\r\n\r\nGET /app.js HTTP/1.0\r\nHost: x\r\n\r\n",
	"GET / HTTP/1.0\r\nHost: x\r\nConnection: close\r\n\r\n",
	// Bare LF line ends, odd case, a query, Content-Length: 0.
	"GET /?launch=abc&x=%2e HTTP/1.1\nhost: x\naccept-encoding: gzip\n\nGET /index.html HTTP/1.1\nHost: x\nContent-Length: 0\nCONNECTION: CLOSE\n\n",
	// Codings: q-values, *, the first of two headers.
	"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br;q=0, gzip;q=0.5\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: *;q=1, br;q=0\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: identity\r\nAccept-Encoding: br\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nConnection: close\r\n\r\n",
	// Revalidation: lists, weak tags, the twin's tag, If-Modified-Since.
	"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"0000\", W/\"2708d73bf31c36cdfa1aa466551ed101\"\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\nIf-None-Match: \"54b8e7925ff601e94970703856675fc2\"\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nIf-None-Match: \"0000\"\r\nIf-Modified-Since: Fri, 01 Jan 2100 00:00:00 GMT\r\n\r\n" +
		"HEAD /web/lesson.css HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: Mon, 01 Jan 1990 00:00:00 GMT\r\n\r\n" +
		"GET /web/lesson.css HTTP/1.1\r\nHost: x\r\nIf-Modified-Since: not a date\r\nConnection: close\r\n\r\n",
	// Large bodies: over bigBody from memory, over maxInMemory from disk.
	"GET /web/big.0123456789.js HTTP/1.1\r\nHost: x\r\n\r\nGET /web/icon.1234567890.png HTTP/1.1\r\nHost: x\r\n\r\nGET /huge.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	// Sendfile: whole, after HEAD, pipelined with answers from memory
	// before and after it, and a range of it (net/http's).
	"GET /web/app.0123456789.wasm HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	"HEAD /web/app.0123456789.wasm HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET /web/app.0123456789.wasm HTTP/1.1\r\nHost: x\r\n\r\nGET /app.js HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET /web/app.0123456789.wasm HTTP/1.1\r\nHost: x\r\nIf-None-Match: *\r\n\r\n" +
		"GET /web/app.0123456789.wasm HTTP/1.0\r\nHost: x\r\n\r\n",
	"GET /web/app.0123456789.wasm HTTP/1.1\r\nHost: x\r\n\r\nGET /web/app.0123456789.wasm HTTP/1.1\r\nHost: x\r\nRange: bytes=262140-262150\r\nConnection: close\r\n\r\n",
	// What the fast path leaves to net/http, after a request it answers.
	"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /web/lesson.css HTTP/1.1\r\nHost: x\r\nRange: bytes=0-3\r\nConnection: close\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\n\r\nPOST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /web/%6cesson.css HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\n\r\n\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03",
	"GET /. HTTP/1.1\r\nHost: x\r\n\r\nGET /.env HTTP/1.1\r\nHost: x\r\n\r\nGET //index.html HTTP/1.1\r\nHost: x\r\n\r\nGET /web/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n",
	"GET /index.html HTTP/1.1\r\nHost: x\r\n" + strings.Repeat("X-Many: 0123456789\r\n", 1000) + "\r\n",
	"GET / HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, close\r\n\r\n",
}

// dateLine differs between two answers a second apart.
var dateLine = regexp.MustCompile(`\r\nDate: [^\r]*\r\n`)

// The fast path writes what net/http writes, byte for byte but the Date:
// every stream, sent whole and sent a byte at a time (heads arriving in
// pieces), gets the same answers from both servers.
func TestFastMatchesNetHTTP(t *testing.T) {
	site := paritySite(t)
	for base, streams := range map[string][]string{"/": streams, "/courses/ft/": subStreams} {
		h, err := New(site, base)
		if err != nil {
			t.Fatal(err)
		}
		defer h.Close()
		_, fast := serveFast(t, h, config())
		plain := servePlain(t, h)
		compare(t, fast, plain, streams)
	}
}

// subStreams are for the lesson served under /courses/ft/.
var subStreams = []string{
	"GET /courses/ft/ HTTP/1.1\r\nHost: x\r\n\r\nGET /courses/ft/index.html HTTP/1.1\r\nHost: x\r\n\r\n" +
		"GET /courses/ft/web/lesson.css HTTP/1.1\r\nHost: x\r\nAccept-Encoding: br\r\n\r\nGET /courses/ft HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	"GET /courses/ft/web/lesson.css HTTP/1.1\r\nHost: x\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
	"GET /courses/ftx/index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
}

func compare(t *testing.T, fast, plain string, streams []string) {
	for i, s := range streams {
		want := converse(t, plain, s, false)
		if len(want) == 0 {
			t.Fatalf("stream %d: no answer from net/http", i)
		}
		for _, slow := range []bool{false, true} {
			if got := converse(t, fast, s, slow); !bytes.Equal(got, want) {
				t.Errorf("stream %d (a byte at a time: %v) %q:\ngot  %q\nwant %q", i, slow, s, clip(got), clip(want))
			}
		}
	}
}

// converse sends s and reads until the server closes; dates are blanked.
func converse(t *testing.T, addr, s string, slow bool) []byte {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(hang))
	go func() {
		if !slow {
			io.WriteString(c, s)
			return
		}
		for i := range len(s) {
			if _, err := c.Write([]byte{s[i]}); err != nil {
				return
			}
		}
	}()
	got, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatalf("%q: the server did not close the connection", s)
	}
	return dateLine.ReplaceAll(got, []byte("\r\nDate: -\r\n"))
}

func clip(b []byte) []byte {
	if len(b) > 2000 {
		return append(b[:2000:2000], "…"...)
	}
	return b
}

// An idle keep-alive connection is closed by Shutdown, a new one refused,
// and Serve returns http.ErrServerClosed.
func TestShutdownClosesIdle(t *testing.T) {
	h, err := New(fixture(t), "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := h.NewServer(config())
	served := make(chan error, 1)
	go func() { served <- s.Serve(ln) }()
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.SetDeadline(time.Now().Add(hang))
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReader(c)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, resp.Body)

	if err := s.Shutdown(t.Context()); err != nil {
		t.Errorf("Shutdown: %v", err)
	}
	if n, err := r.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("idle connection after Shutdown: read %d, %v; want EOF", n, err)
	}
	if err := <-served; err != http.ErrServerClosed {
		t.Errorf("Serve returned %v, want http.ErrServerClosed", err)
	}
	if c, err := net.Dial("tcp", ln.Addr().String()); err == nil {
		c.Close()
		t.Error("a new connection after Shutdown was accepted")
	}
}

// A download on the fast path that is still being written when Shutdown
// begins runs to its last byte, and Shutdown waits for it.
func TestShutdownWaitsForFastAnswer(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<h1>hi</h1>"), 0o644)
	const size = 3 << 20 // in memory (under maxInMemory), far over bigBody
	data := bytes.Repeat([]byte("lesson!\n"), size/8)
	if err := os.WriteFile(filepath.Join(dir, "app.wasm"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	h, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	// Small socket buffers: the server is surely still writing when the
	// client has read a third.
	s := h.NewServer(config())
	go s.Serve(smallBuffers{ln})
	c, err := net.Dial("tcp", ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	c.(*net.TCPConn).SetReadBuffer(16 << 10)
	c.SetDeadline(time.Now().Add(hang))
	io.WriteString(c, "GET /app.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReaderSize(c, 4<<10)
	resp, err := http.ReadResponse(r, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.CopyN(io.Discard, resp.Body, size/3); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- s.Shutdown(t.Context()) }()
	// Shutdown has begun once the listener refuses connections.
	for {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
	}
	select {
	case err := <-done:
		t.Fatalf("Shutdown returned (%v) with two thirds of an answer unsent", err)
	default:
	}
	rest, err := io.ReadAll(resp.Body)
	if err != nil || len(rest) != size-size/3 || !bytes.Equal(rest, data[size/3:]) {
		t.Fatalf("after Shutdown began: %d more bytes (%v), want the other %d, intact", len(rest), err, size-size/3)
	}
	if err := <-done; err != nil {
		t.Errorf("Shutdown: %v", err)
	}
}

// smallBuffers gives accepted connections a small send buffer.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		tc.SetWriteBuffer(16 << 10)
	}
	return c, err
}

// The fast path keeps net/http's timeouts: a head that never ends is cut
// off after the header timeout, an idle connection after the idle
// timeout, an answer the client does not read after the write timeout.
func TestFastTimeouts(t *testing.T) {
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "index.html"), []byte("<h1>hi</h1>"), 0o644)
	const size = 3 << 20
	os.WriteFile(filepath.Join(dir, "app.wasm"), make([]byte, size), 0o644)
	h, err := New(dir, "/")
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	srv := config()
	srv.ReadHeaderTimeout, srv.IdleTimeout, srv.WriteTimeout = 100*time.Millisecond, 100*time.Millisecond, 100*time.Millisecond
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := h.NewServer(srv)
	go s.Serve(smallBuffers{ln})
	defer s.Close()
	dial := func() net.Conn {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		c.SetDeadline(time.Now().Add(hang))
		return c
	}

	for _, part := range []string{"", "GET / HT", "GET / HTTP/1.1\r\nHost: x\r\n"} {
		c := dial()
		io.WriteString(c, part)
		if got, err := io.ReadAll(c); err != nil || len(got) != 0 {
			t.Errorf("head %q never finished: read %q, %v; want the connection closed without an answer", part, got, err)
		}
		c.Close()
	}

	c := dial()
	io.WriteString(c, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")
	r := bufio.NewReader(c)
	if resp, err := http.ReadResponse(r, nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("first request: %v", err)
	} else {
		io.Copy(io.Discard, resp.Body)
	}
	if n, err := r.Read(make([]byte, 1)); n != 0 || err != io.EOF {
		t.Errorf("idle connection: read %d, %v; want EOF after the idle timeout", n, err)
	}
	c.Close()

	c = dial()
	c.(*net.TCPConn).SetReadBuffer(16 << 10)
	io.WriteString(c, "GET /app.wasm HTTP/1.1\r\nHost: x\r\n\r\n")
	time.Sleep(10 * srv.WriteTimeout) // not reading, well past the write timeout
	got, err := io.ReadAll(c)
	if ne, ok := err.(net.Error); ok && ne.Timeout() {
		t.Fatal("an unread answer kept the connection open past the write timeout")
	}
	if len(got) >= size || errors.Is(err, os.ErrDeadlineExceeded) {
		t.Errorf("unread answer: got %d bytes of %d (%v); want it cut off", len(got), size, err)
	}
	c.Close()
}
