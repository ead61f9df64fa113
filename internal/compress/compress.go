// Package compress writes the precompressed twins of a built site (name.br
// and name.gz beside every compressible file, for servers that pick one by
// Accept-Encoding) and keeps the results in a cache in the user cache
// folder, keyed by content and pruned of what no build used for 30 days.
package compress

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/andybalholm/brotli"

	"golesson/internal/files"
	"golesson/internal/server"
)

// Dir writes name.br (brotli, best quality) and name.gz (gzip,
// best compression) beside every compressible file of dir, for the server
// to pick by Accept-Encoding. Brotli at quality 11 takes seconds for the
// wasm, so results are cached by content hash across builds.
func Dir(dir string) error {
	list, err := files.List(dir)
	if err != nil {
		return err
	}
	cache := compressCache()
	if cache != "" {
		defer pruneCache(cache, time.Now())
	}
	for _, f := range list {
		if !server.Compressible(filepath.Ext(f)) {
			continue
		}
		p := filepath.Join(dir, filepath.FromSlash(f))
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		key := hex.EncodeToString(sum[:])
		for _, enc := range []struct {
			ext string
			fn  func([]byte) ([]byte, error)
		}{{".br", brotliBytes}, {".gz", gzipBytes}} {
			out, err := cached(cache, key+enc.ext, func() ([]byte, error) { return enc.fn(b) })
			if err != nil {
				return err
			}
			// A variant that saves nothing is left out: the server then
			// sends the file as it is.
			if len(out) >= len(b) {
				continue
			}
			if err := os.WriteFile(p+enc.ext, out, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func brotliBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w := brotli.NewWriterLevel(&buf, brotli.BestCompression)
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func gzipBytes(b []byte) ([]byte, error) {
	var buf bytes.Buffer
	w, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := w.Write(b); err != nil {
		return nil, err
	}
	if err := w.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// compressCache is a folder for compressed results keyed by the input's
// hash, or "" when the machine has no cache folder.
func compressCache() string {
	dir, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	dir = filepath.Join(dir, "golesson", "compressed")
	if os.MkdirAll(dir, 0o755) != nil {
		return ""
	}
	return dir
}

func cached(cache, key string, make func() ([]byte, error)) ([]byte, error) {
	if cache != "" {
		p := filepath.Join(cache, key)
		if b, err := os.ReadFile(p); err == nil {
			os.Chtimes(p, time.Time{}, time.Now()) // used: kept by pruneCache
			return b, nil
		}
	}
	b, err := make()
	if err != nil {
		return nil, err
	}
	if cache != "" {
		// Write then rename: a build running at the same time never reads
		// half a file.
		tmp, err := os.CreateTemp(cache, "tmp-")
		if err == nil {
			_, werr := tmp.Write(b)
			tmp.Close()
			if werr == nil {
				os.Rename(tmp.Name(), filepath.Join(cache, key))
			} else {
				os.Remove(tmp.Name())
			}
		}
	}
	return b, nil
}

// cacheKeep is how long a compressed result stays in the cache unused.
// Every build touches what it uses, so what goes is the output of files
// that changed long ago (each edit of the lesson leaves its old page's).
const cacheKeep = 30 * 24 * time.Hour

// pruneCache removes what no build used within cacheKeep of now, and
// temporary files left by a build that was stopped.
func pruneCache(cache string, now time.Time) {
	entries, err := os.ReadDir(cache)
	if err != nil {
		return
	}
	for _, e := range entries {
		if fi, err := e.Info(); err == nil && now.Sub(fi.ModTime()) > cacheKeep {
			os.Remove(filepath.Join(cache, e.Name()))
		}
	}
}

// IsVariant reports a precompressed twin written by Dir: packages and the
// worker's cache groups leave them out (they serve the plain files).
func IsVariant(f string) bool { return strings.HasSuffix(f, ".br") || strings.HasSuffix(f, ".gz") }
