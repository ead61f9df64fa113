// Package content holds the lessons as files: Markdown with typed blocks,
// plus ui.yaml for the interface words. Go code holds no lesson text.
package content

import (
	"embed"
	"io/fs"
)

//go:embed *.md ui.yaml course.yaml
var files embed.FS

// FS returns the content folder, for tests that check every lesson.
func FS() fs.FS { return files }
