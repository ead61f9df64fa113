package site

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"text/template"

	"golesson/internal/server"
)

// Group is one cache of the service worker: its name ("shared", "home",
// "lesson-<id>"), and files (URLs relative to the worker) that are
// replaced together, under a version of their own.
type Group struct {
	Name    string   `json:"name"`
	Version string   `json:"version"`
	Files   []string `json:"files"`
}

// workerData is what the worker's template is filled with.
type workerData struct {
	Groups        string // the cache groups, as JSON
	Fingerprinted string // the pattern of names that carry a content hash
}

// writeWorker writes app-worker.js for these cache groups from the
// worker's template (web/app-worker.js, beside the script that registers
// the worker and talks to it).
func writeWorker(dir string, tmpl *template.Template, groups []Group) error {
	b, err := json.Marshal(groups)
	if err != nil {
		return err
	}
	var js bytes.Buffer
	if err := tmpl.Execute(&js, workerData{string(b), server.FingerprintPattern()}); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "app-worker.js"), js.Bytes(), 0o644)
}
