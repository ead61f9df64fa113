package main

import (
	"bufio"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// The real binary: it serves on the address it is given, refuses to start
// without a built site, and a SIGTERM stops it cleanly (exit status 0).
func TestServerBinary(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>hello</h1>"), 0o644)

	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-dir", site, "-base", "/sub/")
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()

	// The log says where it listens: "serving … at http://127.0.0.1:PORT/sub/".
	lines := bufio.NewScanner(stderr)
	url := ""
	deadline := time.After(20 * time.Second)
	found := make(chan string, 1)
	go func() {
		for lines.Scan() {
			if m := regexp.MustCompile(`at (http://\S+)`).FindStringSubmatch(lines.Text()); m != nil {
				found <- m[1]
				break
			}
		}
		io.Copy(io.Discard, stderr)
	}()
	select {
	case url = <-found:
	case <-deadline:
		t.Fatal("the server did not say where it listens")
	}
	if !strings.HasPrefix(url, "http://127.0.0.1:") || !strings.HasSuffix(url, "/sub/") {
		t.Fatalf("serving at %s, want 127.0.0.1 and /sub/", url)
	}
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 200 || string(body) != "<h1>hello</h1>" {
		t.Errorf("GET %s = %d %q", url, res.StatusCode, body)
	}

	cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("after SIGTERM the server exited with %v, want status 0", err)
		}
	case <-time.After(15 * time.Second):
		t.Error("the server did not stop after SIGTERM")
	}

	// Without a built site it explains instead of serving 404s.
	out, err := exec.Command(bin, "-addr", "127.0.0.1:0", "-dir", t.TempDir()).CombinedOutput()
	if err == nil || !strings.Contains(string(out), "make build") {
		t.Errorf("with an empty dir: err %v, output %q; want a failure that says to build", err, out)
	}
}

// Hostile clients against the real binary: huge headers get 431, and a
// client that never finishes its request is cut off by the read timeout.
func TestServerLimits(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := t.TempDir()
	os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>hello</h1>"), 0o644)
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-dir", site)
	stderr, _ := cmd.StderrPipe()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Process.Kill()
	lines := bufio.NewScanner(stderr)
	addr := ""
	for lines.Scan() {
		if m := regexp.MustCompile(`at http://(\S+)/`).FindStringSubmatch(lines.Text()); m != nil {
			addr = m[1]
			break
		}
	}
	go io.Copy(io.Discard, stderr)
	if addr == "" {
		t.Fatal("the server did not say where it listens")
	}

	req, _ := http.NewRequest("GET", "http://"+addr+"/", nil)
	req.Header.Set("X-Big", strings.Repeat("x", 64<<10))
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Errorf("64 kB of headers: %d, want 431", res.StatusCode)
	}

	// Half a request, then nothing: the server hangs up after its header
	// timeout (5 s) instead of holding the connection forever.
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	conn.Write([]byte("GET / HTTP/1.1\r\nHost: x\r\n"))
	start := time.Now()
	conn.SetReadDeadline(time.Now().Add(30 * time.Second))
	_, err = io.ReadAll(conn)
	if err != nil {
		t.Errorf("a stalled request was not closed by the server: %v", err)
	}
	if waited := time.Since(start); waited > 25*time.Second {
		t.Errorf("the server held a stalled request for %v", waited)
	}
}
