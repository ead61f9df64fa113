package assets

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// wasmFlags are app.wasm's go build flags.
//
// -gcflags=all=-l turns inlining off: the binary grows (8.0 → 8.7 MB) but
// compresses better (brotli 1.54 → 1.46 MB on the wire), and make bench
// showed no slower start or drag. What learners download is what counts.
var wasmFlags = []string{"-trimpath", "-ldflags=-s -w", "-gcflags=all=-l"}

// CompileWasm builds ./cmd/wasm into out with the same Go toolchain that
// runs the build, so go-app's wasm_exec.js matches the binary.
func CompileWasm(out string) error {
	return compileWasm(out, "app.wasm")
}

// CompilePlainWasm builds ./cmd/wasm into out as CompileWasm does, but
// against go-app v10.1.11 as the Go module proxy serves it: go.mod without
// its replace, so without third_party/go-app's patch (no adopting of the
// prerendered page, net/http linked). make bench's "plain go-app" runs it:
// the library as published.
func CompilePlainWasm(out string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		return err
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		return err
	}
	var lines []string
	for _, l := range strings.Split(string(mod), "\n") {
		if !strings.HasPrefix(l, "replace github.com/maxence-charriere/go-app/") {
			lines = append(lines, l)
		}
	}
	dir, err := os.MkdirTemp("", "plain-mod-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	plain := filepath.Join(dir, "plain.mod") // its go.sum is plain.sum
	if err := os.WriteFile(plain, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "plain.sum"), sum, 0o644); err != nil {
		return err
	}
	return compileWasm(out, "the plain go-app wasm", "-modfile="+plain)
}

func compileWasm(out, what string, extra ...string) error {
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	abs, err := filepath.Abs(out)
	if err != nil {
		return err
	}
	args := append(append(append([]string{"build"}, extra...), wasmFlags...), "-o", abs, "./cmd/wasm")
	cmd := exec.Command("go", args...)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("compiling %s: %v\n%s", what, err, stderr.String())
	}
	return nil
}

func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("finding the module: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("run the build inside the lesson's module (no go.mod found)")
	}
	return filepath.Dir(mod), nil
}
