package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"golesson/internal/assets"
)

// plainWasm compiles ./cmd/wasm into out against go-app v10.1.11 as the Go
// module proxy serves it, with app.wasm's flags: go.mod without its replace,
// so without third_party/go-app's patch (no adopting of the prerendered
// page, net/http linked). That is "plain go-app": the library as published.
func plainWasm(out string) error {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return fmt.Errorf("finding go.mod: %w", err)
	}
	mod := strings.TrimSpace(string(gomod))
	src, err := os.ReadFile(mod)
	if err != nil {
		return err
	}
	sum, err := os.ReadFile(strings.TrimSuffix(mod, ".mod") + ".sum")
	if err != nil {
		return err
	}
	var lines []string
	for _, l := range strings.Split(string(src), "\n") {
		if !strings.HasPrefix(l, "replace github.com/maxence-charriere/go-app/") {
			lines = append(lines, l)
		}
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	plainMod := filepath.Join(filepath.Dir(filepath.Dir(out)), "plain.mod")
	if err := os.WriteFile(plainMod, []byte(strings.Join(lines, "\n")), 0o644); err != nil {
		return err
	}
	if err := os.WriteFile(strings.TrimSuffix(plainMod, ".mod")+".sum", sum, 0o644); err != nil {
		return err
	}
	args := append(append([]string{"build", "-modfile=" + plainMod}, assets.WasmFlags...), "-o", out, "./cmd/wasm")
	cmd := exec.Command("go", args...)
	cmd.Dir = filepath.Dir(mod)
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("compiling the plain go-app wasm: %v\n%s", err, msg)
	}
	return nil
}
