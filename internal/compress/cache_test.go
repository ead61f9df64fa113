package compress

import (
	"os"
	"path/filepath"
	"testing"
	"time"
)

// The compression cache keeps what builds use and drops what none used
// for cacheKeep: without pruning it grows by the wasm's br and gz (2.5 MB)
// with every change of the wasm, forever.
func TestCompressCachePrune(t *testing.T) {
	cache := t.TempDir()
	now := time.Now()
	old := now.Add(-cacheKeep - time.Hour)
	for _, name := range []string{"used", "unused", "tmp-123"} {
		p := filepath.Join(cache, name)
		if err := os.WriteFile(p, []byte(name), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	os.WriteFile(filepath.Join(cache, "recent"), []byte("recent"), 0o644)

	// A hit is served from the cache and marks the entry used.
	b, err := cached(cache, "used", func() ([]byte, error) { t.Fatal("a cached entry was made again"); return nil, nil })
	if err != nil || string(b) != "used" {
		t.Fatalf("cached = %q, %v; want the cached bytes", b, err)
	}
	pruneCache(cache, now)

	for name, want := range map[string]bool{"used": true, "recent": true, "unused": false, "tmp-123": false} {
		_, err := os.Stat(filepath.Join(cache, name))
		if got := err == nil; got != want {
			t.Errorf("after pruning, %s present = %v, want %v", name, got, want)
		}
	}
}
