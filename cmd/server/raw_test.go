package main

import (
	"bufio"
	"crypto/tls"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Requests written byte for byte to the real binary, for what only the
// wire shows: how the connection ends, and the answers net/http (or the
// connection guard in internal/server/conn.go) writes instead of the
// handler.
func TestRawRequests(t *testing.T) {
	srv := startServer(t, serverBinary(t), "-addr", "127.0.0.1:0", "-dir", rawSite(t))
	many := func(n, size int) string {
		var b strings.Builder
		for i := range n {
			fmt.Fprintf(&b, "X-H%d: %s\r\n", i, strings.Repeat("v", size))
		}
		return b.String()
	}
	for _, c := range []struct {
		name, send string
		status     int  // of the first (or only) answer
		answers    int  // how many answers the connection gives
		closed     bool // the server closes after them
		body       string
	}{
		// P1: a second request hidden in the body must not be served.
		{"Content-Length and Transfer-Encoding (smuggling)",
			"POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\n\r\n",
			400, 1, true, "both Content-Length and Transfer-Encoding"},
		{"the same on a GET", "GET / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n0\r\n\r\n",
			400, 1, true, ""},
		// P2: what net/http answers by itself still carries the headers.
		{"no Host", "GET / HTTP/1.1\r\n\r\n", 400, 1, true, ""},
		{"empty Host", "GET / HTTP/1.1\r\nHost: \r\n\r\n", 400, 1, true, ""},
		{"bad Host", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", 400, 1, true, ""},
		{"two Hosts", "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 400, 1, true, ""},
		{"NUL in a header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x00b\r\n\r\n", 400, 1, true, ""},
		{"unknown transfer coding", "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n", 501, 1, true, ""},
		{"HTTP/2.0 on the wire", "GET / HTTP/2.0\r\nHost: x\r\n\r\n", 505, 1, true, ""},
		{"OPTIONS *", "OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n", 405, 1, false, ""},
		{"folded header", "GET / HTTP/1.1\r\nHost: x\r\nX-A: a\r\n b\r\n\r\n", 400, 1, true, "folded"},
		{"1,000 headers of 20 bytes (20 kB)", "GET / HTTP/1.1\r\nHost: x\r\n" + many(1000, 10) + "\r\n", 431, 1, true, ""},
		{"1,000 headers of 9 bytes (9 kB)", "GET / HTTP/1.1\r\nHost: x\r\n" + many(1000, 0) + "Connection: close\r\n\r\n", 200, 1, true, "<h1>hello</h1>"},
		{"absolute-form target", "GET http://evil.example/index.html HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n", 200, 1, true, "<h1>hello</h1>"},
		{"overlong UTF-8 dots", "GET /%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404, 1, false, ""},
		{"double-encoded dots", "GET /%252e%252e/%252e%252e/etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n", 404, 1, false, ""},
		{"backslashes", "GET /..\\..\\etc\\passwd HTTP/1.1\r\nHost: x\r\n\r\n", 400, 1, false, ""},
		// Keep-alive and pipelining still work through the guard.
		{"two pipelined GETs", "GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /index.html HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 200, 2, false, "<h1>hello</h1>"},
		// P7: no waiting for a body nobody needs (net/http would first
		// read up to 256 kB of it, until its read timeout, unless the
		// handler says Connection: close).
		{"POST with an unfinished body", "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc", 405, 1, true, "method not allowed"},
	} {
		t.Run(c.name, func(t *testing.T) {
			answers, closed := exchange(t, srv.host, []byte(c.send))
			if len(answers) != c.answers {
				t.Fatalf("%d answers, want %d", len(answers), c.answers)
			}
			first := answers[0]
			if first.StatusCode != c.status {
				t.Errorf("status %d, want %d", first.StatusCode, c.status)
			}
			for _, h := range []string{"Content-Security-Policy", "X-Content-Type-Options"} {
				if first.Header.Get(h) == "" {
					t.Errorf("no %s on the %d answer", h, first.StatusCode)
				}
			}
			if c.body != "" && !strings.Contains(first.body, c.body) {
				t.Errorf("body %q lacks %q", first.body, c.body)
			}
			if closed != c.closed {
				t.Errorf("connection closed by the server: %v, want %v", closed, c.closed)
			}
		})
	}

	// P7: a TLS ClientHello on this plain port is answered in plain HTTP
	// by the guard, from the first byte, and the connection closed.
	t.Run("TLS ClientHello", func(t *testing.T) {
		c, err := net.Dial("tcp", srv.host)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(time.Minute)) // only stops a hang
		// A real ClientHello, as crypto/tls writes it, caught on a pipe.
		a, b := net.Pipe()
		go tls.Client(a, &tls.Config{ServerName: "x", InsecureSkipVerify: true}).Handshake()
		hello := make([]byte, 64<<10)
		n, err := b.Read(hello)
		a.Close()
		if err != nil || n < 5 || hello[0] != 0x16 {
			t.Fatalf("no ClientHello from crypto/tls: %d bytes, %v", n, err)
		}
		if _, err := c.Write(hello[:n]); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode != 400 || !strings.Contains(string(body), "TLS") || resp.Header.Get("Content-Security-Policy") == "" {
			t.Errorf("answer %d %q (CSP %q), want the guard's 400 that names TLS", resp.StatusCode, body, resp.Header.Get("Content-Security-Policy"))
		}
	})
}

type answer struct {
	*http.Response
	body string
}

// exchange sends raw, reads every answer, and tells whether the server
// closed the connection (else it stays open after the last answer, which
// a short read deadline shows).
func exchange(t *testing.T, host string, raw []byte) ([]answer, bool) {
	t.Helper()
	c, err := net.Dial("tcp", host)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Write(raw); err != nil {
		t.Fatal(err)
	}
	r := bufio.NewReader(c)
	var out []answer
	for {
		// A long deadline for answers: it only stops a hang. Once the
		// answers are in, a server that keeps the connection shows as a
		// timeout (open), one that closed as EOF.
		c.SetReadDeadline(time.Now().Add(time.Minute))
		if len(out) > 0 {
			c.SetReadDeadline(time.Now().Add(2 * time.Second))
		}
		resp, err := http.ReadResponse(r, nil)
		if err != nil {
			if ne, ok := err.(net.Error); ok && ne.Timeout() {
				return out, false
			}
			if len(out) == 0 {
				t.Fatalf("no answer: %v", err)
			}
			return out, true
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		out = append(out, answer{resp, string(body)})
		if resp.Close {
			_, err := r.ReadByte()
			return out, err == io.EOF
		}
	}
}

var (
	buildOnce sync.Once
	builtBin  string
	buildErr  error
)

// serverBinary builds the server once for the tests of this package.
func serverBinary(t *testing.T) string {
	buildOnce.Do(func() {
		dir, err := os.MkdirTemp("", "server-test-")
		if err != nil {
			buildErr = err
			return
		}
		builtBin = filepath.Join(dir, "server")
		if out, err := exec.Command("go", "build", "-o", builtBin, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return builtBin
}

func rawSite(t *testing.T) string {
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>hello</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	return site
}
