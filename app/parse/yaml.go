package parse

import (
	"errors"
	"strings"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
)

// yamlDoc remembers a decoded YAML body so that validation can report the
// file line of any field by its path.
type yamlDoc struct {
	file   *ast.File
	offset int // file line of the body's line 0
}

// decodeYAML decodes src into v, rejecting unknown fields. offset is the file
// line just before src's first line. On a syntax or type error it records
// the error with its file line and returns ok == false.
func decodeYAML(e *errs, offset int, src []byte, v any) (d yamlDoc, ok bool) {
	d.offset = offset
	// go-yaml v1.19.2 panics on a tagged scalar where a list is expected
	// (goccy/go-yaml#735, fixed upstream after the last release): report it
	// as the author's error, not a crash of the build.
	defer func() {
		if r := recover(); r != nil {
			e.add(offset+1, "YAML: cannot read this block (%v); check the lists and tags (!x) in it", r)
			ok = false
		}
	}()
	f, err := parser.ParseBytes(src, 0)
	if err != nil {
		e.add(offset+errLine(err), "%s", errMsg(err))
		return d, false
	}
	d.file = f
	if err := yaml.UnmarshalWithOptions(src, v, yaml.DisallowUnknownField()); err != nil {
		e.add(offset+errLine(err), "%s", errMsg(err))
		return d, false
	}
	return d, true
}

// line returns the file line of the node at path (e.g. "$.sliders[1].min"),
// or of its nearest ancestor that exists, or of the body's first line.
func (d yamlDoc) line(path string) int {
	for path != "" && d.file != nil {
		if p, err := yaml.PathString(path); err == nil {
			if n, err := p.FilterFile(d.file); err == nil && n != nil {
				return d.offset + n.GetToken().Position.Line
			}
		}
		i := strings.LastIndexAny(path, ".[")
		if i <= 1 {
			break
		}
		path = path[:i]
	}
	return d.offset + 1
}

func errLine(err error) int {
	var ye yaml.Error
	if errors.As(err, &ye) && ye.GetToken() != nil {
		return ye.GetToken().Position.Line
	}
	return 1
}

// errMsg is the library's message without its source excerpt: the file and
// line already say where.
func errMsg(err error) string {
	var ye yaml.Error
	if errors.As(err, &ye) {
		return "YAML: " + ye.GetMessage()
	}
	return "YAML: " + err.Error()
}
