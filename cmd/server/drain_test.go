package main

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// P8: a download on a slow line that is still running well after SIGTERM
// (longer than the fixed 10 s the server used to allow) completes byte for
// byte under the default -shutdown-timeout, and the server exits 0.
func TestSlowDownloadAcrossSIGTERM(t *testing.T) {
	const size = 8750864 // the raw app.wasm
	site := rawSite(t)
	data := make([]byte, size)
	rand.Read(data)
	if err := os.WriteFile(filepath.Join(site, "app.wasm"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, serverBinary(t), "-addr", "127.0.0.1:0", "-dir", site)
	resp, err := (&http.Client{Transport: &http.Transport{DisableCompression: true}}).Get(srv.url + "app.wasm")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()

	// 16 kB every 20 ms: about 800 kB/s, 11 s for the file. SIGTERM goes
	// after the first 100 kB, so nearly all of it is read during shutdown.
	h := sha256.New()
	buf := make([]byte, 16<<10)
	var got int64
	signalled := false
	for {
		n, err := io.ReadFull(resp.Body, buf)
		h.Write(buf[:n])
		got += int64(n)
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			t.Fatalf("after %d bytes: %v\nserver log:\n%s", got, err, srv.log())
		}
		if !signalled && got >= 100<<10 {
			if err := srv.cmd.Process.Signal(syscall.SIGTERM); err != nil {
				t.Fatal(err)
			}
			signalled = true
		}
		time.Sleep(20 * time.Millisecond)
	}
	if want := sha256.Sum256(data); got != size || !bytes.Equal(h.Sum(nil), want[:]) {
		t.Fatalf("downloaded %d bytes (hash match %v), want all %d\nserver log:\n%s", got, bytes.Equal(h.Sum(nil), want[:]), size, srv.log())
	}
	select {
	case err := <-srv.done:
		if err != nil {
			t.Errorf("exit: %v, want status 0\nserver log:\n%s", err, srv.log())
		}
	case <-time.After(time.Minute): // only stops a hang
		t.Fatalf("still running after the download\nserver log:\n%s", srv.log())
	}
	if !strings.Contains(srv.log(), "shutting down") {
		t.Errorf("the log does not say it is shutting down:\n%s", srv.log())
	}
}

// A -shutdown-timeout shorter than a download cuts it off, and the exit
// status says so (1), so an operator's short deadline is not a silent loss.
func TestShutdownTimeoutCutsOff(t *testing.T) {
	site := rawSite(t)
	if err := os.WriteFile(filepath.Join(site, "big.bin"), make([]byte, 32<<20), 0o644); err != nil {
		t.Fatal(err)
	}
	srv := startServer(t, serverBinary(t), "-addr", "127.0.0.1:0", "-dir", site, "-shutdown-timeout", "1s")
	resp, err := http.Get(srv.url + "big.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	io.ReadFull(resp.Body, make([]byte, 1<<10)) // in flight, then never read again
	srv.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-srv.done:
		if err == nil || !strings.Contains(srv.log(), "cut off") {
			t.Errorf("exit %v, log:\n%s\nwant status 1 and a log line that says responses were cut off", err, srv.log())
		}
	case <-time.After(time.Minute): // only stops a hang
		t.Fatal("the server did not stop after its shutdown timeout")
	}
}
