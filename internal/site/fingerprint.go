package site

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

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

// resources resolves go-app's static paths to the fingerprinted files,
// relative to the page, so the site works at any path.
type resources struct {
	names map[string]string
	base  app.ResourceResolver
	// own are the page's own files, beside it rather than at the site's
	// root: a course lesson's app.js (it carries "../" paths).
	own map[string]bool
}

func newResources(names map[string]string) resources {
	return resources{names: names, base: app.PrefixedLocation(".")}
}

// lessonResources resolves for a lesson page one folder below the course
// root: shared files are "../web/…", the worker is the course's
// ("../app-worker.js"), and the page's app.js is its own.
func lessonResources(names map[string]string) resources {
	return resources{names: names, base: app.PrefixedLocation(".."), own: map[string]bool{"/app.js": true}}
}

// Resolve rewrites only root-relative paths ("/web/app.wasm", "/"): go-app
// passes every href and src through here, and a fragment ("#peft") or a
// page-relative link ("index.html") must reach the page exactly as the
// client renders it, which leaves them alone.
func (r resources) Resolve(location string) string {
	if !strings.HasPrefix(location, "/") {
		return location
	}
	if r.own[location] {
		return "." + location
	}
	if n, ok := r.names[location]; ok {
		location = n
	}
	return r.base.Resolve(location)
}
