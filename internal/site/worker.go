package site

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"

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

// writeWorker writes app-worker.js for these cache groups from the
// worker's template (web/app-worker.js, beside the script that registers
// the worker and talks to it).
func writeWorker(dir, template string, groups []Group) error {
	b, err := json.Marshal(groups)
	if err != nil {
		return err
	}
	js := strings.NewReplacer("{{.Groups}}", string(b), "{{.Fingerprinted}}", server.FingerprintPattern()).Replace(template)
	return os.WriteFile(filepath.Join(dir, "app-worker.js"), []byte(js), 0o644)
}
