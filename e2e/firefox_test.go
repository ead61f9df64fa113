package e2e

import (
	"bufio"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"syscall"
	"testing"
	"time"

	"golesson/internal/browser"
)

// Firefox through Debian's firefox-esr, over WebDriver BiDi: the pinned
// puppeteer-core in js/smoke-firefox.mjs runs each command this side sends.

type firefox struct {
	t       *testing.T
	in      io.WriteCloser
	out     chan string // the script's answers, one JSON line each
	logs    *syncBuffer // its stderr
	version string
}

func startFirefox(t *testing.T) *firefox {
	t.Helper()
	ff, err := browser.Firefox()
	if err != nil {
		t.Fatal(err) // a missing browser fails the test; it never skips it
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatal("no node on PATH: run `make test` (it installs Debian's nodejs and npm)")
	}
	if _, err := os.Stat("js/node_modules/puppeteer-core"); err != nil {
		t.Fatal("puppeteer-core is not installed in e2e/js: run `make test` or ./.ci/ensure-js")
	}
	f := &firefox{t: t, out: make(chan string, 1), logs: &syncBuffer{}}
	cmd := exec.Command(node, "js/smoke-firefox.mjs")
	// The profile goes to TMPDIR: the test's own directory, removed after.
	cmd.Env = append(os.Environ(), "FIREFOX_BIN="+ff, "TMPDIR="+t.TempDir())
	cmd.Stderr = f.logs
	if f.in, err = cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	startGroup(t, cmd)
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			f.out <- sc.Text()
		}
		close(f.out)
	}()

	var ready struct {
		Ready   bool
		PID     int
		Version string
	}
	select {
	case line, ok := <-f.out:
		if !ok || json.Unmarshal([]byte(line), &ready) != nil || !ready.Ready {
			t.Fatalf("Firefox did not start: %s\n%s", line, f.logs.String())
		}
	case <-time.After(90 * time.Second):
		t.Fatalf("Firefox did not start in 90 s:\n%s", f.logs.String())
	}
	f.version = ready.Version
	t.Logf("%s (pid %d)", ready.Version, ready.PID)
	t.Cleanup(func() {
		// Closing stdin closes the browser; puppeteer starts Firefox in a
		// process group of its own, which is killed in any case.
		f.in.Close()
		select {
		case <-drain(f.out):
		case <-time.After(15 * time.Second):
		}
		syscall.Kill(-ready.PID, syscall.SIGKILL)
	})
	return f
}

// drain reads ch to its end and then closes the returned channel.
func drain(ch chan string) chan struct{} {
	done := make(chan struct{})
	go func() {
		for range ch {
		}
		close(done)
	}()
	return done
}

// do sends one command and returns its value as JSON. A command that gets
// no answer in two minutes fails the test (the script's own timeouts are
// one minute).
func (f *firefox) do(cmd map[string]any) json.RawMessage {
	f.t.Helper()
	b, _ := json.Marshal(cmd)
	if _, err := f.in.Write(append(b, '\n')); err != nil {
		f.t.Fatalf("Firefox: sending %s: %v\n%s", b, err, f.logs.String())
	}
	select {
	case line, ok := <-f.out:
		if !ok {
			f.t.Fatalf("Firefox: the driver script ended during %s:\n%s", b, f.logs.String())
		}
		var r struct {
			Value json.RawMessage
			Error string
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			f.t.Fatalf("Firefox: %s answered %q", b, line)
		}
		if r.Error != "" {
			f.t.Fatalf("Firefox: %s: %s", b, r.Error)
		}
		return r.Value
	case <-time.After(2 * time.Minute):
		f.t.Fatalf("Firefox: no answer to %s in 2 minutes:\n%s", b, f.logs.String())
	}
	return nil
}

func (f *firefox) name() string { return "Firefox" }

func (f *firefox) goTo(url string) { f.t.Helper(); f.do(map[string]any{"op": "goto", "url": url}) }

func (f *firefox) reload() { f.t.Helper(); f.do(map[string]any{"op": "reload"}) }

func (f *firefox) evalJSON(js string) string {
	f.t.Helper()
	return string(f.do(map[string]any{"op": "eval", "js": js}))
}

func (f *firefox) click(sel string) { f.t.Helper(); f.do(map[string]any{"op": "click", "sel": sel}) }

func (f *firefox) press(sel string, keys ...string) {
	f.t.Helper()
	f.do(map[string]any{"op": "press", "sel": sel, "keys": keys})
}

func (f *firefox) problems() []string {
	f.t.Helper()
	var p []string
	if err := json.Unmarshal(f.do(map[string]any{"op": "problems"}), &p); err != nil {
		f.t.Fatal(err)
	}
	return p
}
