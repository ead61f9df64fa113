package main

import (
	"os"
	"os/exec"
	"strings"
	"testing"
)

// The browser binary links the components and the lesson model only: no
// parsers (the build parses), no server, no flags. Each would add to the
// megabytes every learner downloads.
func TestWasmLinksNoServerOrParser(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	deps := strings.Fields(string(out))
	if len(deps) < 20 {
		t.Fatalf("go list returned only %d packages: %q", len(deps), out)
	}
	forbidden := []string{
		"flag", "os/signal",
		// go-app's server half: third_party/go-app keeps it out of the
		// browser build (with it, net/http, crypto/tls and their package
		// initialisers added 2.1 MB and start-up work).
		"net/http", "crypto/tls",
		"github.com/yuin/goldmark", "github.com/goccy/go-yaml", "github.com/wyatt915/treeblood",
		"github.com/srwiley/oksvg", "golang.org/x/net/html",
		"golesson/app/parse", "golesson/content",
		"golesson/internal", // the server, the build (site, assets, compress, scorm, files), the tools
	}
	for _, d := range deps {
		for _, f := range forbidden {
			if d == f || strings.HasPrefix(d, f+"/") {
				t.Errorf("app.wasm links %s", d)
			}
		}
	}
	// And it does link what it needs, so the list above is meaningful.
	for _, need := range []string{"golesson/app/ui", "golesson/app/lesson", "github.com/maxence-charriere/go-app/v10/pkg/app"} {
		if !strings.Contains(" "+strings.Join(deps, " ")+" ", " "+need+" ") {
			t.Errorf("app.wasm does not link %s", need)
		}
	}
}

// pause gives the browser its turn early in package initialisation only as
// long as it waits on nothing but syscall/js: any other import makes Go
// initialise that first, and the turn moves later.
func TestPauseImportsOnlySyscallJS(t *testing.T) {
	deps := func(pkg string) map[string]bool {
		cmd := exec.Command("go", "list", "-deps", pkg)
		cmd.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go list %s: %v\n%s", pkg, err, out)
		}
		m := map[string]bool{}
		for _, d := range strings.Fields(string(out)) {
			m[d] = true
		}
		return m
	}
	js := deps("syscall/js")
	pause := deps("golesson/cmd/wasm/pause")
	if !pause["syscall/js"] {
		t.Fatal("pause does not import syscall/js: it cannot wait for the browser")
	}
	for d := range pause {
		if !js[d] && d != "golesson/cmd/wasm/pause" {
			t.Errorf("pause depends on %s, which syscall/js does not", d)
		}
	}
	if !deps(".")["golesson/cmd/wasm/pause"] {
		t.Error("cmd/wasm does not import pause")
	}
}
