package parse

import (
	"strings"
	"testing"
	"testing/fstest"

	"golesson/app/lesson"
)

const courseYAML = `id: demo
lang: en
title: Demo course
description: Two small lessons
iri: https://lessons.example.org/demo
mastery_score: 80
lessons:
  - one.md
  - two.md
`

// courseFS is a course of two copies of the small lesson, with ids one
// and two.
func courseFS(manifest string) fstest.MapFS {
	return fstest.MapFS{
		"c/course.yaml": {Data: []byte(manifest)},
		"c/ui.yaml":     {Data: []byte(uiYAML)},
		"c/one.md":      {Data: []byte(strings.Replace(small, "id: small", "id: one", 1))},
		"c/two.md":      {Data: []byte(strings.Replace(small, "id: small", "id: two", 1))},
	}
}

func TestCourse(t *testing.T) {
	c, err := CourseFS(courseFS(courseYAML), "c/course.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if c.ID != "demo" || c.Title != "Demo course" || c.ShortName != "Demo course" || len(c.Lessons) != 2 {
		t.Fatalf("course = %+v, want id demo, title and short name \"Demo course\", 2 lessons", c)
	}
	one, two := c.Lessons[0], c.Lessons[1]
	if one.ID != "one" || two.ID != "two" {
		t.Fatalf("lessons %s, %s; want the manifest's order one, two", one.ID, two.ID)
	}
	// Neighbours in course order; the front matter's next is replaced.
	if one.Prev != nil || one.Next == nil || one.Next.Href != "../two/" || one.Next.Title != two.Title {
		t.Errorf("first lesson: prev %+v, next %+v; want no prev, next ../two/ titled %q", one.Prev, one.Next, two.Title)
	}
	if two.Next != nil || two.Prev == nil || two.Prev.Href != "../one/" {
		t.Errorf("last lesson: prev %+v, next %+v; want prev ../one/, no next", two.Prev, two.Next)
	}
	for _, l := range c.Lessons {
		if l.Home == nil || l.Home.Href != "../" || l.Home.Title != c.Title {
			t.Errorf("%s: home %+v, want ../ titled %q", l.ID, l.Home, c.Title)
		}
		if want := "https://lessons.example.org/demo/" + l.ID; l.IRI != want {
			t.Errorf("%s: IRI %q, want %q", l.ID, l.IRI, want)
		}
		if l.MasteryScore != 80 {
			t.Errorf("%s: mastery %d, want the course's 80", l.ID, l.MasteryScore)
		}
		if l.UI.Check != "Check" {
			t.Errorf("%s: UI check word %q, want %q from ui.yaml", l.ID, l.UI.Check, "Check")
		}
	}
}

// A lesson's own IRI and mastery score win over the course's.
func TestCourseLessonOwnSettings(t *testing.T) {
	fsys := courseFS(courseYAML)
	fsys["c/two.md"] = &fstest.MapFile{Data: []byte(strings.Replace(small, "id: small", "id: two\niri: https://other.example/two\nmastery_score: 50", 1))}
	c, err := CourseFS(fsys, "c/course.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if l := c.Lessons[1]; l.IRI != "https://other.example/two" || l.MasteryScore != 50 {
		t.Errorf("lesson two: IRI %q, mastery %d; want its own", l.IRI, l.MasteryScore)
	}
}

var invalidCourses = []struct {
	name     string
	old, new string
	files    map[string]string // replaced lesson files
	file     string            // where the error is
	line     int
	msg      string
}{
	{name: "lesson id used twice", files: map[string]string{"c/two.md": strings.Replace(small, "id: small", "id: one", 1)}, file: "c/course.yaml", line: 9,
		msg: `lesson id "one" of two.md is already used by one.md`},
	{name: "lesson id is a reserved path", files: map[string]string{"c/two.md": strings.Replace(small, "id: small", "id: web", 1)}, file: "c/course.yaml", line: 9,
		msg: `lesson id "web" of two.md is a reserved path`},
	{name: "health check path", files: map[string]string{"c/one.md": strings.Replace(small, "id: small", "id: healthz", 1)}, file: "c/course.yaml", line: 8,
		msg: `lesson id "healthz" of one.md is a reserved path`},
	{name: "missing lesson file", old: "  - two.md\n", new: "  - three.md\n", file: "c/course.yaml", line: 9, msg: `lesson "three.md" cannot be read`},
	{name: "lesson outside the folder", old: "  - two.md\n", new: "  - ../two.md\n", file: "c/course.yaml", line: 9, msg: `must be a .md file in this folder`},
	{name: "no lessons", old: "lessons:\n  - one.md\n  - two.md\n", new: "lessons: []\n", file: "c/course.yaml", line: 7, msg: `at least one lesson`},
	{name: "missing title", old: "title: Demo course\n", new: "", file: "c/course.yaml", line: 1, msg: `missing required field "title"`},
	{name: "bad id", old: "id: demo", new: "id: Demo Course", file: "c/course.yaml", line: 1, msg: `id "Demo Course" must be lowercase`},
	{name: "unknown field", old: "lang: en\n", new: "lang: en\ncolour: red\n", file: "c/course.yaml", line: 3, msg: `unknown field "colour"`},
	{name: "iri with a slash at the end", old: "iri: https://lessons.example.org/demo", new: "iri: https://lessons.example.org/demo/", file: "c/course.yaml", line: 5, msg: `final slash`},
	{name: "error in a lesson", files: map[string]string{"c/two.md": strings.Replace(strings.Replace(small, "id: small", "id: two", 1), "lang: en\n", "", 1)}, file: "c/two.md", line: 2,
		msg: `missing required field "lang"`},
}

// A broken course fails with file:line: what is wrong.
func TestInvalidCourses(t *testing.T) {
	for _, tc := range invalidCourses {
		t.Run(tc.name, func(t *testing.T) {
			manifest := courseYAML
			if tc.old != "" {
				if !strings.Contains(manifest, tc.old) {
					t.Fatalf("test case: %q not in the course", tc.old)
				}
				manifest = strings.Replace(manifest, tc.old, tc.new, 1)
			}
			fsys := courseFS(manifest)
			for name, src := range tc.files {
				fsys[name] = &fstest.MapFile{Data: []byte(src)}
			}
			_, err := CourseFS(fsys, "c/course.yaml")
			wantErrorAt(t, err, tc.file, tc.line, tc.msg)
		})
	}
}

// The outline keeps what progress is scored against and nothing to read.
func TestOutline(t *testing.T) {
	l, err := Source("small.md", []byte(small))
	if err != nil {
		t.Fatal(err)
	}
	o := l.Outline()
	if len(o.Questions()) != len(l.Questions()) || len(o.Sections) != len(l.Sections) {
		t.Fatalf("outline has %d questions and %d sections, want %d and %d", len(o.Questions()), len(o.Sections), len(l.Questions()), len(l.Sections))
	}
	for i, q := range o.Questions() {
		if q.ID != l.Questions()[i].ID {
			t.Errorf("question %d id %s, want %s", i, q.ID, l.Questions()[i].ID)
		}
	}
	var p lesson.Progress
	p.Answers = map[string]lesson.Answer{}
	for _, q := range l.Questions() {
		p.Answers[q.ID] = lesson.Answer{Choice: q.Answer, Checked: true}
	}
	p.Visited = []string{l.Sections[0].ID}
	if got, want := o.State(p), l.State(p); got != want {
		t.Errorf("outline state %+v, lesson state %+v", got, want)
	}
	for _, s := range o.Sections {
		for _, b := range s.Blocks {
			if b.HTML != "" || b.Cards != nil || b.Calculator != nil || b.MiniLab != nil {
				t.Errorf("section %s keeps a %s block's content, want only its kind and quiz", s.ID, b.Kind)
			}
		}
	}
}
