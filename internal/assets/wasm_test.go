package assets

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// The plain go-app reference is built against go-app as published, ours
// against third_party's patched copy. The build information every Go
// binary carries (go version -m) names the module a replace pointed to.
func TestCompilePlainWasmIsGoAppAsPublished(t *testing.T) {
	dir := t.TempDir()
	ours, plain := filepath.Join(dir, "ours.wasm"), filepath.Join(dir, "plain.wasm")
	if err := CompileWasm(ours); err != nil {
		t.Fatal(err)
	}
	if err := CompilePlainWasm(plain); err != nil {
		t.Fatal(err)
	}
	// With -trimpath a replaced module is listed as "=> ./third_party/go-app".
	marker := []byte("third_party/go-app")
	for _, c := range []struct {
		file string
		want bool
	}{{ours, true}, {plain, false}} {
		data, err := os.ReadFile(c.file)
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Contains(data, marker); got != c.want {
			t.Errorf("%s contains %q: %v, want %v", filepath.Base(c.file), marker, got, c.want)
		}
	}
}
