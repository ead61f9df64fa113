// Package parse reads a lesson from content files into a lesson.Lesson,
// validating everything once, at build time. Every error names the file and
// line: "day1.md:42: quiz answer "x" is not one of the options".
//
// It owns the reading: parse.go (a lesson file and its front matter),
// markdown.go and math.go (prose and formulas to HTML), blocks.go (the
// typed blocks), deeper.go (the calculator's 자세히 mode), minilab.go,
// ui.go (ui.yaml), course.go (course.yaml) and yaml.go (decoding with
// file lines). The values it fills are app/lesson's, whose yaml tags are
// the content's keys.
//
// The WebAssembly client never links this package: it receives the parsed
// lesson as data.
package parse

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"strings"

	"golesson/app/lesson"
)

// UIFile is the name of the interface-words file beside the lessons.
const UIFile = "ui.yaml"

// Error is one problem in a content file.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string { return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg) }

// errs collects problems so an author sees all of them in one build.
type errs struct {
	file string
	list []error
}

func (e *errs) add(line int, format string, args ...any) {
	e.list = append(e.list, &Error{File: e.file, Line: line, Msg: fmt.Sprintf(format, args...)})
}

func (e *errs) err() error { return errors.Join(e.list...) }

// Lesson reads the lesson file name from fsys, and the UI words from
// ui.yaml in the same folder. name is used as given in error messages.
func Lesson(fsys fs.FS, name string) (*lesson.Lesson, error) {
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	uiName := path.Join(path.Dir(name), UIFile)
	uiSrc, err := fs.ReadFile(fsys, uiName)
	if err != nil {
		return nil, fmt.Errorf("%s: every lesson folder needs %s with the interface words: %w", name, UIFile, err)
	}
	return both(name, src, uiName, uiSrc)
}

// File reads a lesson from the file system: the lesson file at p and the
// ui.yaml beside it. Errors name p as given.
func File(p string) (*lesson.Lesson, error) {
	src, err := os.ReadFile(p)
	if err != nil {
		return nil, err
	}
	uiName := filepath.Join(filepath.Dir(p), UIFile)
	uiSrc, err := os.ReadFile(uiName)
	if err != nil {
		return nil, fmt.Errorf("%s: every lesson folder needs %s with the interface words: %w", p, UIFile, err)
	}
	return both(p, src, uiName, uiSrc)
}

func both(name string, src []byte, uiName string, uiSrc []byte) (*lesson.Lesson, error) {
	ui, uiErr := UI(uiName, uiSrc)
	l, err := Source(name, src)
	if err := errors.Join(uiErr, err); err != nil {
		return nil, err
	}
	l.UI = ui
	return l, nil
}

// unifyNewlines turns CRLF and lone CR into LF, so that every part of the
// parser (and the YAML library, which also breaks lines at a lone CR) counts
// the same lines.
func unifyNewlines(b []byte) []byte {
	if !bytes.ContainsRune(b, '\r') {
		return b
	}
	b = bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
	return bytes.ReplaceAll(b, []byte("\r"), []byte("\n"))
}

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9-]*$`)

// iriPattern is an absolute IRI (scheme, then anything but spaces) with no
// fragment: the lesson's questions are <iri>#<question id>.
var iriPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:[^\s#]+$`)

// Source parses one lesson file's bytes. The UI words are left empty.
func Source(name string, src []byte) (*lesson.Lesson, error) {
	src = unifyNewlines(src)
	e := &errs{file: name}
	front, body, ok := splitFrontMatter(e, src)
	if !ok {
		return nil, e.err()
	}
	var meta struct {
		ID          string `yaml:"id"`
		Lang        string `yaml:"lang"`
		Description string `yaml:"description"`
		ShortName   string `yaml:"short_name"`
		Mastery     int    `yaml:"mastery_score"`
		IRI         string `yaml:"iri"`
		Next        *struct {
			Title string `yaml:"title"`
			Href  string `yaml:"href"`
		} `yaml:"next"`
	}
	d, ok := decodeYAML(e, 1, front, &meta)
	if !ok {
		return nil, e.err()
	}
	switch {
	case meta.ID == "":
		e.add(d.line("$.id"), "missing required field %q in front matter", "id")
	case !idPattern.MatchString(meta.ID):
		e.add(d.line("$.id"), "id %q must be lowercase letters, digits and dashes (it names storage keys and packages)", meta.ID)
	}
	if meta.Lang == "" {
		e.add(d.line("$.lang"), "missing required field %q in front matter", "lang")
	}
	if meta.Mastery < 0 || meta.Mastery > 100 {
		e.add(d.line("$.mastery_score"), "mastery_score %d must be a percentage, 0 to 100", meta.Mastery)
	}
	if meta.IRI == "" {
		meta.IRI = lesson.DefaultIRI(meta.ID)
	} else if !iriPattern.MatchString(meta.IRI) {
		e.add(d.line("$.iri"), "iri %q must be an absolute IRI without spaces or a fragment, e.g. https://example.org/lessons/%s", meta.IRI, meta.ID)
	}
	l := &lesson.Lesson{ID: meta.ID, Lang: meta.Lang, Description: meta.Description, ShortName: meta.ShortName, MasteryScore: meta.Mastery, IRI: meta.IRI}
	if n := meta.Next; n != nil {
		for _, f := range []struct{ key, val string }{{"title", n.Title}, {"href", n.Href}} {
			if strings.TrimSpace(f.val) == "" {
				e.add(d.line("$.next."+f.key), "missing required field %q in next", f.key)
			}
		}
		if msg := checkHref(n.Href); n.Href != "" && msg != "" {
			e.add(d.line("$.next.href"), "next href %q %s", n.Href, msg)
		}
		l.Next = &lesson.NextLesson{Title: strings.TrimSpace(n.Title), Href: n.Href}
	}
	markdown(e, body, l)
	if l.ShortName == "" {
		l.ShortName = l.Title
	}
	if len(e.list) > 0 {
		return nil, e.err()
	}
	return l, nil
}

// checkHref says what is wrong with the next lesson's link, or "": a path
// relative to this lesson (../day1-01/) or an http(s) URL, nothing a click
// could run (javascript:, data:).
func checkHref(href string) string {
	u, err := url.Parse(href)
	switch {
	case err != nil:
		return "is not a URL"
	case strings.ContainsAny(href, " \t\n"):
		return "has spaces; write them as %20"
	case u.Scheme != "" && u.Scheme != "https" && u.Scheme != "http":
		return "must be a relative path or an http(s) URL"
	case u.Scheme != "" && u.Host == "":
		return "has no host"
	}
	return ""
}

// splitFrontMatter cuts the leading "---" YAML block. The body keeps the
// front matter's lines as empty lines, so body offsets give file lines.
func splitFrontMatter(e *errs, src []byte) (front, body []byte, ok bool) {
	lines := bytes.SplitAfter(src, []byte("\n"))
	if len(lines) == 0 || strings.TrimSpace(string(lines[0])) != "---" {
		e.add(1, `a lesson starts with front matter: a line "---", then id: and lang:, then "---"`)
		return nil, nil, false
	}
	for i := 1; i < len(lines); i++ {
		if strings.TrimSpace(string(lines[i])) == "---" {
			front = bytes.Join(lines[1:i], nil)
			body = append(bytes.Repeat([]byte("\n"), i+1), bytes.Join(lines[i+1:], nil)...)
			return front, body, true
		}
	}
	e.add(1, `front matter is not closed: add a line "---" after it`)
	return nil, nil, false
}
