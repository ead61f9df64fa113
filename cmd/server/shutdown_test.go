package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sync"
	"syscall"
	"testing"
	"time"
)

// A SIGTERM under load: the listener closes at once, so new connections are
// refused, while every download already in flight runs to its last byte,
// and then the server exits with status 0.
func TestShutdownUnderLoad(t *testing.T) {
	const (
		clients = 16
		size    = 64 << 20 // far more than the socket buffers hold, so the server is still writing
		chunk   = 16 << 10
		pause   = 5 * time.Millisecond
	)
	// Deadlines only stop hangs; nothing below asserts how long a step takes.
	const hang = 15 * time.Second

	bin := filepath.Join(t.TempDir(), "server")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	site := t.TempDir()
	if err := os.WriteFile(filepath.Join(site, "index.html"), []byte("<h1>hello</h1>"), 0o644); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, size)
	rand.Read(big)
	want := sha256.Sum256(big)
	if err := os.WriteFile(filepath.Join(site, "big.bin"), big, 0o644); err != nil {
		t.Fatal(err)
	}

	srv := startServer(t, bin, "-addr", "127.0.0.1:0", "-dir", site)
	target := srv.url + "big.bin"

	// The slow clients read in small pieces with a pause between them until
	// release is closed, and stop at a quarter of the file if it is not, so
	// they are surely in flight while new connections are tried; once
	// released they read the rest at full speed, well within the server's
	// shutdown deadline (-shutdown-timeout, minutes by default).
	release := make(chan struct{})
	var releaseOnce sync.Once
	releaseAll := func() { releaseOnce.Do(func() { close(release) }) }
	defer releaseAll()

	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true, DisableCompression: true}}
	type result struct {
		n   int64
		sum [sha256.Size]byte
		err error
	}
	started := make(chan struct{}, clients)
	results := make(chan result, clients)
	for range clients {
		go func() {
			res, err := client.Get(target)
			if err != nil {
				started <- struct{}{}
				results <- result{err: err}
				return
			}
			defer res.Body.Close()
			if res.StatusCode != http.StatusOK || res.ContentLength != size {
				started <- struct{}{}
				results <- result{err: fmt.Errorf("status %d, Content-Length %d; want 200, %d", res.StatusCode, res.ContentLength, size)}
				return
			}
			h := sha256.New()
			r := &slowReader{r: res.Body, chunk: chunk, pause: pause, release: release, limit: size / 4, started: started}
			n, err := io.Copy(h, r)
			if !r.signalled {
				started <- struct{}{}
			}
			var sum [sha256.Size]byte
			h.Sum(sum[:0])
			results <- result{n: n, sum: sum, err: err}
		}()
	}
	timeout := time.After(hang)
	for i := range clients {
		select {
		case <-started:
		case <-timeout:
			t.Fatalf("only %d of %d downloads got headers and bytes\nserver log:\n%s", i, clients, srv.log())
		}
	}

	if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	// The listener closes when Shutdown starts; a dial in the moment before
	// may still connect, or be reset mid-handshake, so try until one is
	// refused.
	host := srv.host
	for deadline := time.Now().Add(hang); ; time.Sleep(10 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", host, time.Second)
		if err == nil {
			c.Close()
			err = errors.New("connected")
		} else if errors.Is(err, syscall.ECONNREFUSED) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after SIGTERM, dial %s: %v, want connection refused\nserver log:\n%s", host, err, srv.log())
		}
	}
	select {
	case err := <-srv.done:
		t.Fatalf("the server exited (%v) while %d downloads were in flight\nserver log:\n%s", err, clients, srv.log())
	default:
	}
	releaseAll()

	timeout = time.After(hang)
	for range clients {
		select {
		case r := <-results:
			switch {
			case r.err != nil:
				t.Errorf("download after SIGTERM: %v", r.err)
			case r.n != size:
				t.Errorf("download after SIGTERM: %d bytes, want %d", r.n, size)
			case r.sum != want:
				t.Errorf("download after SIGTERM: SHA-256 %x, want %x", r.sum, want)
			}
		case <-timeout:
			t.Fatalf("downloads still running %v after they were released\nserver log:\n%s", hang, srv.log())
		}
	}
	select {
	case err := <-srv.done:
		if err != nil {
			t.Errorf("after SIGTERM the server exited with %v, want status 0\nserver log:\n%s", err, srv.log())
		}
	case <-time.After(hang):
		t.Fatalf("the server did not exit after its downloads finished\nserver log:\n%s", srv.log())
	}
}

// slowReader reads at most chunk bytes at a time, pausing between reads,
// until release is closed; before that it also stops at limit and waits.
// After its first bytes it sends once on started.
type slowReader struct {
	r         io.Reader
	chunk     int
	pause     time.Duration
	release   <-chan struct{}
	limit     int64
	read      int64
	started   chan<- struct{}
	signalled bool
}

func (s *slowReader) Read(p []byte) (int, error) {
	select {
	case <-s.release:
		return s.r.Read(p)
	default:
	}
	if s.read >= s.limit {
		<-s.release
		return s.r.Read(p)
	}
	if s.read > 0 {
		time.Sleep(s.pause)
	}
	n, err := s.r.Read(p[:min(len(p), s.chunk)])
	s.read += int64(n)
	if n > 0 && !s.signalled {
		s.signalled = true
		s.started <- struct{}{}
	}
	return n, err
}

// runningServer is the binary started by startServer.
type runningServer struct {
	cmd  *exec.Cmd
	url  string        // "http://127.0.0.1:PORT/"
	host string        // "127.0.0.1:PORT"
	done chan error    // the result of Wait, once the process exits
	mu   sync.Mutex    // guards logs
	logs *bytes.Buffer // stderr so far
}

func (s *runningServer) log() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.logs.String()
}

// startServer runs bin with args and waits for it to say where it listens;
// the process is killed at the end of the test if it is still running.
func startServer(t *testing.T, bin string, args ...string) *runningServer {
	t.Helper()
	s := &runningServer{cmd: exec.Command(bin, args...), done: make(chan error, 1), logs: &bytes.Buffer{}}
	pr, pw := io.Pipe()
	s.cmd.Stderr = pw
	if err := s.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		s.done <- s.cmd.Wait()
		pw.Close()
	}()
	t.Cleanup(func() { s.cmd.Process.Kill() })

	found := make(chan string, 1)
	go func() {
		at := regexp.MustCompile(`serving .* at (http://\S+)`)
		lines := bufio.NewScanner(pr)
		for lines.Scan() {
			s.mu.Lock()
			s.logs.WriteString(lines.Text() + "\n")
			s.mu.Unlock()
			if m := at.FindStringSubmatch(lines.Text()); m != nil {
				select {
				case found <- m[1]:
				default:
				}
			}
		}
		io.Copy(io.Discard, pr)
	}()
	select {
	case s.url = <-found:
	case err := <-s.done:
		t.Fatalf("the server exited before serving: %v\n%s", err, s.log())
	case <-time.After(20 * time.Second):
		t.Fatalf("the server did not say where it listens\n%s", s.log())
	}
	u, err := url.Parse(s.url)
	if err != nil {
		t.Fatalf("serving at %q: %v", s.url, err)
	}
	s.host = u.Host
	return s
}
