// Package browser finds Chromium and gives the options it needs here, for
// the end-to-end tests and the benchmark alike.
package browser

import (
	"errors"
	"os"
	"os/exec"

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

// Options are headless Chromium at path with a fresh profile in dataDir.
// The closed network here stalls Chromium without the disable-* flags.
func Options(path, dataDir string) []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.UserDataDir(dataDir),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.WindowSize(1280, 900),
	)
}
