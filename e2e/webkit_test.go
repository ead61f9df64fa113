package e2e

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golesson/internal/browser"
)

// WebKit through Debian's webkit2gtk-driver: WebKitWebDriver speaks W3C
// WebDriver over HTTP and starts WebKitGTK's MiniBrowser, which has no
// headless mode and so gets a virtual screen from Xvfb.

// webkit is one WebDriver session in MiniBrowser.
type webkit struct {
	t       *testing.T
	base    string // the session's URL
	client  *http.Client
	logs    *syncBuffer // the driver's and MiniBrowser's output
	seen    []string    // problems recorded on pages already left
	version string
}

// syncBuffer collects a process's output while the test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startGroup starts cmd in its own process group and kills the whole group
// (the browser and its helper processes) when the test ends, also when it
// fails or the process hangs.
func startGroup(t *testing.T, cmd *exec.Cmd) {
	t.Helper()
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", cmd.Path, err)
	}
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		cmd.Wait()
	})
}

// startXvfb starts a virtual X server on a display no one uses (Xvfb picks
// it and writes its number to fd 3) and returns the display's name.
func startXvfb(t *testing.T) string {
	t.Helper()
	path, err := browser.Xvfb()
	if err != nil {
		t.Fatal(err) // a missing Xvfb fails the test; it never skips it
	}
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var logs syncBuffer
	cmd := exec.Command(path, "-displayfd", "3", "-screen", "0", "1280x900x24", "-nolisten", "tcp")
	cmd.ExtraFiles = []*os.File{w}
	cmd.Stdout, cmd.Stderr = &logs, &logs
	startGroup(t, cmd)
	w.Close()
	got := make(chan string, 1)
	go func() {
		line, _ := bufio.NewReader(r).ReadString('\n')
		got <- strings.TrimSpace(line)
	}()
	select {
	case n := <-got:
		if _, err := strconv.Atoi(n); err != nil {
			t.Fatalf("Xvfb did not start (display %q): %s", n, logs.String())
		}
		return ":" + n
	case <-time.After(30 * time.Second):
		t.Fatalf("Xvfb named no display in 30 s: %s", logs.String())
	}
	return ""
}

// freePort is a loopback port no one listens on right now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

func startWebKit(t *testing.T) *webkit {
	t.Helper()
	driver, err := browser.WebKitDriver()
	if err != nil {
		t.Fatal(err)
	}
	mini, err := browser.MiniBrowser()
	if err != nil {
		t.Fatal(err)
	}
	display := startXvfb(t)
	port := freePort(t)
	wk := &webkit{t: t, client: &http.Client{Timeout: 2 * time.Minute}, logs: &syncBuffer{}}
	cmd := exec.Command(driver, "--port="+strconv.Itoa(port))
	// NO_AT_BRIDGE: there is no accessibility bus on a virtual screen.
	cmd.Env = append(os.Environ(), "DISPLAY="+display, "NO_AT_BRIDGE=1")
	cmd.Stdout, cmd.Stderr = wk.logs, wk.logs
	startGroup(t, cmd)

	root := fmt.Sprintf("http://127.0.0.1:%d", port)
	wk.base = root
	deadline := time.Now().Add(30 * time.Second)
	for {
		var st struct{ Ready bool }
		if err := wk.call("GET", "/status", nil, &st); err == nil && st.Ready {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("WebKitWebDriver not ready in 30 s: %s", wk.logs.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
	caps := map[string]any{"capabilities": map[string]any{"alwaysMatch": map[string]any{
		"webkitgtk:browserOptions": map[string]any{
			"binary": mini,
			"args":   []string{"--automation"},
		},
	}}}
	var sess struct {
		SessionID    string
		Capabilities struct{ BrowserVersion string }
	}
	if err := wk.call("POST", "/session", caps, &sess); err != nil {
		t.Fatalf("starting MiniBrowser: %v\n%s", err, wk.logs.String())
	}
	wk.base = root + "/session/" + sess.SessionID
	wk.version = sess.Capabilities.BrowserVersion
	t.Cleanup(func() {
		// Close the session (MiniBrowser quits) before the process group
		// is killed; a hung driver gets 10 s.
		wk.client.Timeout = 10 * time.Second
		wk.call("DELETE", "", nil, nil)
	})
	t.Logf("WebKitGTK %s (MiniBrowser) on Xvfb %s", wk.version, display)
	wk.must("POST", "/timeouts", map[string]any{"script": 90_000, "pageLoad": 90_000}, nil)
	wk.must("POST", "/window/rect", map[string]any{"width": 1280, "height": 900}, nil)
	return wk
}

// call sends one WebDriver command and decodes its value into out.
func (wk *webkit) call(method, path string, body, out any) error {
	var rd io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return err
		}
		rd = bytes.NewReader(b)
	}
	req, err := http.NewRequest(method, wk.base+path, rd)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := wk.client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	var r struct{ Value json.RawMessage }
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		return fmt.Errorf("%s %s: %s, %v", method, path, resp.Status, err)
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s %s: %s: %s", method, path, resp.Status, r.Value)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.Value, out)
}

func (wk *webkit) must(method, path string, body, out any) {
	wk.t.Helper()
	if err := wk.call(method, path, body, out); err != nil {
		wk.t.Fatalf("WebKit: %v", err)
	}
}

func (wk *webkit) name() string { return "WebKit" }

func (wk *webkit) goTo(url string) {
	wk.t.Helper()
	wk.collect()
	wk.must("POST", "/url", map[string]string{"url": url}, nil)
	wk.evalJSON(recordProblems)
}

func (wk *webkit) reload() {
	wk.t.Helper()
	wk.collect()
	wk.must("POST", "/refresh", map[string]any{}, nil)
	wk.evalJSON(recordProblems)
}

// recordProblems keeps the page's console errors, Go panics (printed with
// console.log) and uncaught exceptions in window.__problems. WebDriver
// classic has no console, and MiniBrowser does not print it in automation
// mode; so this is installed when the load event has fired, before the
// wasm has mounted (it mounts later), and misses only what happens while
// the document loads.
const recordProblems = `(() => {
	if (window.__problems) return;
	const p = window.__problems = [];
	const text = a => a.map(String).join(" ");
	const error = console.error, log = console.log;
	console.error = (...a) => { p.push("console.error: " + text(a)); error.apply(console, a); };
	console.log = (...a) => { if (/^(panic:|fatal error:)/.test(text(a))) p.push("console.log: " + text(a)); log.apply(console, a); };
	addEventListener("error", e => p.push("exception: " + e.message));
	addEventListener("unhandledrejection", e => p.push("unhandled rejection: " + e.reason));
})()`

// collect moves the current page's recorded problems to wk.seen before the
// page goes away.
func (wk *webkit) collect() {
	wk.t.Helper()
	var p []string
	if err := json.Unmarshal([]byte(wk.evalJSON(`window.__problems || []`)), &p); err != nil {
		wk.t.Fatal(err)
	}
	wk.seen = append(wk.seen, p...)
}

// evalJSON runs js as an async script; the value comes back as JSON text,
// so WebDriver's own conversions do not apply.
func (wk *webkit) evalJSON(js string) string {
	wk.t.Helper()
	script := `const done = arguments[arguments.length - 1];
(async () => (` + js + `))().then(
  v => done(JSON.stringify({v: v === undefined ? null : v})),
  e => done(JSON.stringify({e: String(e && e.stack || e)})));`
	var s string
	wk.must("POST", "/execute/async", map[string]any{"script": script, "args": []any{}}, &s)
	var r struct {
		V json.RawMessage
		E string
	}
	if err := json.Unmarshal([]byte(s), &r); err != nil {
		wk.t.Fatalf("WebKit: %s gave %q: %v", js, s, err)
	}
	if r.E != "" {
		wk.t.Fatalf("WebKit: %s threw %s", js, r.E)
	}
	return string(r.V)
}

func (wk *webkit) click(sel string) {
	wk.t.Helper()
	var el map[string]string
	wk.must("POST", "/element", map[string]string{"using": "css selector", "value": sel}, &el)
	for _, id := range el { // one key, the web element identifier
		wk.must("POST", "/element/"+id+"/click", map[string]any{}, nil)
	}
}

// webdriverKeys are the WebDriver code points of the key names we press.
var webdriverKeys = map[string]string{"ArrowLeft": "\ue012", "ArrowUp": "\ue013", "ArrowRight": "\ue014", "ArrowDown": "\ue015"}

func (wk *webkit) press(sel string, keys ...string) {
	wk.t.Helper()
	wk.evalJSON(`document.querySelector(` + strconv.Quote(sel) + `).focus()`)
	var actions []map[string]string
	for _, k := range keys {
		v, ok := webdriverKeys[k]
		if !ok {
			wk.t.Fatalf("no WebDriver code for key %s", k)
		}
		actions = append(actions, map[string]string{"type": "keyDown", "value": v}, map[string]string{"type": "keyUp", "value": v})
	}
	wk.must("POST", "/actions", map[string]any{"actions": []any{
		map[string]any{"type": "key", "id": "keyboard", "actions": actions},
	}}, nil)
}

func (wk *webkit) problems() []string {
	wk.t.Helper()
	wk.collect()
	p := wk.seen
	wk.seen = nil
	return p
}
