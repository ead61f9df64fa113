package assets

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"

	"golesson/internal/server"
)

// stableNames keep their URL across builds: pages outside the lesson link
// to them (embed.js is included by LMS pages).
var stableNames = map[string]bool{"embed.js": true}

// fingerprint renames every file of the web folder to carry a hash of its
// content (app.wasm → app.3f2a9c01de.wasm), so the server can let browsers
// and CDNs keep them for a year: a new build has new names. It returns the
// map from each logical path ("/web/app.wasm") to the new one.
func fingerprint(webDir string) (map[string]string, error) {
	entries, err := os.ReadDir(webDir)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	for _, e := range entries {
		if e.IsDir() || stableNames[e.Name()] {
			continue
		}
		b, err := os.ReadFile(filepath.Join(webDir, e.Name()))
		if err != nil {
			return nil, err
		}
		sum := sha256.Sum256(b)
		ext := filepath.Ext(e.Name())
		hashed := strings.TrimSuffix(e.Name(), ext) + "." + hex.EncodeToString(sum[:])[:server.HashLen] + ext
		if err := os.Rename(filepath.Join(webDir, e.Name()), filepath.Join(webDir, hashed)); err != nil {
			return nil, err
		}
		names["/web/"+e.Name()] = "/web/" + hashed
	}
	return names, nil
}
