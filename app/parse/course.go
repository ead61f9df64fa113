package parse

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strings"

	"golesson/app/lesson"
)

// CourseFile is the course manifest's usual name in content/.
const CourseFile = "course.yaml"

// ReservedLessonIDs are names a lesson's folder may not take in a course
// site: the shared assets and the server's health check live there.
var ReservedLessonIDs = []string{"web", "healthz"}

// Course reads a course manifest from the file system and every lesson it
// lists (paths relative to the manifest's folder), with the ui.yaml beside
// it. Errors name files as given.
func Course(p string) (*lesson.Course, error) {
	return course(os.DirFS(filepath.Dir(p)), filepath.Base(p), filepath.Dir(p))
}

// CourseFS is Course on fsys; name is used as given in error messages.
func CourseFS(fsys fs.FS, name string) (*lesson.Course, error) {
	return course(fsys, name, "")
}

// course parses the manifest name in fsys; shown prefixes the file names in
// errors (the folder as the author wrote it).
func course(fsys fs.FS, name, shown string) (*lesson.Course, error) {
	show := func(n string) string {
		if shown == "" {
			return n
		}
		return filepath.Join(shown, filepath.FromSlash(n))
	}
	src, err := fs.ReadFile(fsys, name)
	if err != nil {
		return nil, err
	}
	src = unifyNewlines(src)
	e := &errs{file: show(name)}
	var raw struct {
		ID          string   `yaml:"id"`
		Lang        string   `yaml:"lang"`
		Title       string   `yaml:"title"`
		ShortName   string   `yaml:"short_name"`
		Description string   `yaml:"description"`
		IRI         string   `yaml:"iri"`
		Mastery     int      `yaml:"mastery_score"`
		Lessons     []string `yaml:"lessons"`
	}
	d, ok := decodeYAML(e, 0, src, &raw)
	if !ok {
		return nil, e.err()
	}
	for _, f := range []struct{ key, val string }{{"id", raw.ID}, {"lang", raw.Lang}, {"title", raw.Title}, {"description", raw.Description}} {
		if strings.TrimSpace(f.val) == "" {
			e.add(d.line("$."+f.key), "missing required field %q", f.key)
		}
	}
	if raw.ID != "" && !idPattern.MatchString(raw.ID) {
		e.add(d.line("$.id"), "id %q must be lowercase letters, digits and dashes", raw.ID)
	}
	if raw.Mastery < 0 || raw.Mastery > 100 {
		e.add(d.line("$.mastery_score"), "mastery_score %d must be a percentage, 0 to 100", raw.Mastery)
	}
	if raw.IRI == "" {
		raw.IRI = lesson.DefaultIRI(raw.ID)
	} else if !iriPattern.MatchString(raw.IRI) || strings.HasSuffix(raw.IRI, "/") {
		e.add(d.line("$.iri"), "iri %q must be an absolute IRI without spaces, a fragment or a final slash (lessons are <iri>/<lesson id>)", raw.IRI)
	}
	if len(raw.Lessons) == 0 {
		e.add(d.line("$.lessons"), "a course needs at least one lesson under %q", "lessons")
	}
	if raw.ShortName == "" {
		raw.ShortName = raw.Title
	}
	if len([]rune(raw.ShortName)) > 20 {
		e.add(d.line("$.short_name"), "short_name %q is longer than 20 characters, what a home screen shows; set a shorter one", raw.ShortName)
	}
	c := &lesson.Course{ID: raw.ID, Lang: raw.Lang, Title: strings.TrimSpace(raw.Title), ShortName: raw.ShortName,
		Description: raw.Description, IRI: raw.IRI, MasteryScore: raw.Mastery}

	dir := path.Dir(name)
	uiName := path.Join(dir, UIFile)
	uiSrc, err := fs.ReadFile(fsys, uiName)
	if err != nil {
		return nil, fmt.Errorf("%s: a course folder needs %s with the interface words: %w", show(name), UIFile, err)
	}
	ui, uiErr := UI(show(uiName), uiSrc)
	c.UI = ui

	var lessonErrs []error
	used := map[string]string{} // lesson id → the file that took it
	for i, file := range raw.Lessons {
		line := d.line(fmt.Sprintf("$.lessons[%d]", i))
		if !strings.HasSuffix(file, ".md") || path.IsAbs(file) || strings.Contains(file, "..") {
			e.add(line, "lesson %q must be a .md file in this folder or below it", file)
			continue
		}
		p := path.Join(dir, file)
		lsrc, err := fs.ReadFile(fsys, p)
		if err != nil {
			e.add(line, "lesson %q cannot be read: %v", file, unwrapPath(err))
			continue
		}
		l, err := Source(show(p), lsrc)
		if err != nil {
			lessonErrs = append(lessonErrs, err)
			continue
		}
		l.UI = ui
		switch {
		case used[l.ID] != "":
			e.add(line, "lesson id %q of %s is already used by %s; each lesson needs its own id (it names the lesson's folder and storage keys)", l.ID, file, used[l.ID])
		case reserved(l.ID):
			e.add(line, "lesson id %q of %s is a reserved path in the course site (%s); rename the lesson's id", l.ID, file, strings.Join(ReservedLessonIDs, ", "))
		default:
			used[l.ID] = file
		}
		if l.IRI == lesson.DefaultIRI(l.ID) {
			l.IRI = lesson.LessonIRI(c.IRI, l.ID)
		}
		if l.MasteryScore == 0 {
			l.MasteryScore = c.MasteryScore
		}
		c.Lessons = append(c.Lessons, l)
	}
	if err := errors.Join(append([]error{e.err(), uiErr}, lessonErrs...)...); err != nil {
		return nil, err
	}
	link(c)
	return c, nil
}

func reserved(id string) bool {
	for _, r := range ReservedLessonIDs {
		if id == r {
			return true
		}
	}
	return false
}

// link gives every lesson its course neighbours: previous and next in
// course order, and the home page. A next: in a lesson's front matter is
// replaced: in a course, the order is the manifest's.
func link(c *lesson.Course) {
	to := func(l *lesson.Lesson) *lesson.NextLesson {
		return &lesson.NextLesson{Title: l.Title, Href: "../" + lesson.LessonPath(l.ID)}
	}
	for i, l := range c.Lessons {
		l.Prev, l.Next = nil, nil
		if i > 0 {
			l.Prev = to(c.Lessons[i-1])
		}
		if i+1 < len(c.Lessons) {
			l.Next = to(c.Lessons[i+1])
		}
		l.Home = &lesson.NextLesson{Title: c.Title, Href: "../"}
	}
}

// unwrapPath drops the path from a file error: the message names it.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
