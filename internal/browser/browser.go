// Package browser is the one browser harness of the end-to-end tests and
// the benchmark: it finds Chromium and starts it with the flags it needs
// here and a fresh profile (Start), and drives a page with deadlines,
// polling that survives navigations, CPU throttling and a record of what
// the page reported wrong (Page, page.go). It also finds the other engines
// the smoke tests run in. Test-only helpers stay in e2e; the Chrome trace
// breakdown is in browser/trace.
package browser

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/chromedp/chromedp"
)

// Path finds Chromium: $CHROME_BIN, or a known name on PATH. make test and
// make bench install Debian's chromium when there is none.
func Path() (string, error) {
	if p := os.Getenv("CHROME_BIN"); p != "" {
		return p, nil
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("no Chromium found: run `make test` (it installs Debian's chromium) or set CHROME_BIN")
}

// Flags are what Chromium needs here besides headless mode and a fresh
// profile: the closed network stalls it without the disable-* ones.
// Options gives them to chromedp; make bench hands them to Lighthouse.
var Flags = []string{
	"no-sandbox", "disable-gpu", "no-first-run", "disable-quic",
	"disable-background-networking", "disable-component-update", "disable-sync",
}

// Options are headless Chromium at path with a fresh profile in dataDir,
// with Flags.
func Options(path, dataDir string) []chromedp.ExecAllocatorOption {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dataDir),
		chromedp.WindowSize(1280, 900),
	)
	for _, f := range Flags {
		opts = append(opts, chromedp.Flag(f, true))
	}
	return opts
}

// The other engines, for the smoke tests: Debian's webkit2gtk-driver
// (WebKitWebDriver, which starts MiniBrowser), xvfb (MiniBrowser has no
// headless mode) and firefox-esr. make test installs all of them.

// WebKitDriver finds WebKitWebDriver: $WEBKIT_DRIVER, or on PATH.
func WebKitDriver() (string, error) {
	return find("WEBKIT_DRIVER", []string{"WebKitWebDriver"}, "WebKitWebDriver", "webkit2gtk-driver")
}

// MiniBrowser finds WebKitGTK's MiniBrowser, which is not on PATH:
// $MINIBROWSER, or the library directory of an installed WebKitGTK.
func MiniBrowser() (string, error) {
	if p := os.Getenv("MINIBROWSER"); p != "" {
		return p, nil
	}
	for _, pattern := range []string{"/usr/lib/*/webkit2gtk-4.1/MiniBrowser", "/usr/lib/*/webkitgtk-6.0/MiniBrowser", "/usr/lib/*/webkit2gtk-4.0/MiniBrowser", "/usr/libexec/webkit2gtk-4.*/MiniBrowser"} {
		if m, _ := filepath.Glob(pattern); len(m) > 0 {
			return m[0], nil
		}
	}
	return "", missing("MiniBrowser", "webkit2gtk-driver", "MINIBROWSER")
}

// Xvfb finds the virtual X server: $XVFB, or on PATH.
func Xvfb() (string, error) {
	return find("XVFB", []string{"Xvfb"}, "Xvfb", "xvfb")
}

// Firefox finds Firefox: $FIREFOX_BIN, or firefox-esr or firefox on PATH.
func Firefox() (string, error) {
	return find("FIREFOX_BIN", []string{"firefox-esr", "firefox"}, "Firefox", "firefox-esr")
}

func find(env string, names []string, what, pkg string) (string, error) {
	if p := os.Getenv(env); p != "" {
		return p, nil
	}
	for _, name := range names {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", missing(what, pkg, env)
}

func missing(what, pkg, env string) error {
	return fmt.Errorf("no %s found: run `make test` (it installs Debian's %s) or set %s", what, pkg, env)
}
