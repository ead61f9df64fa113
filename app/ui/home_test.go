package ui

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
	"golesson/app/parse"
	"golesson/content"
)

func seedCourse(t *testing.T) *lesson.Course {
	t.Helper()
	c, err := parse.CourseFS(content.FS(), parse.CourseFile)
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range c.Lessons {
		c.Lessons[i] = l.Outline()
	}
	return c
}

// The prerendered home lists the lessons with links to their folders; it
// cannot know the learner, so it shows no progress and no way on.
func TestHomePrerender(t *testing.T) {
	c := seedCourse(t)
	html := app.HTMLString(newHome(c, nil)) // the prerender reads nothing
	for _, l := range c.Lessons {
		if !strings.Contains(html, `href="`+l.ID+`/"`) || !strings.Contains(html, ">"+l.Title+"<") {
			t.Errorf("the home lacks a link to %s", l.ID)
		}
	}
	if !strings.Contains(html, "<h1>"+c.Title+"</h1>") {
		t.Error("the home lacks the course's title")
	}
	for _, no := range []string{"course-progress-text", "course-continue", "course-lesson-state"} {
		if strings.Contains(html, no) {
			t.Errorf("the prerendered home shows %s", no)
		}
	}
}

// With the learner's progress: each lesson's status and the lesson to go
// on with.
func TestHomeProgress(t *testing.T) {
	c := seedCourse(t)
	first, second := c.Lessons[0], c.Lessons[1]
	all := func(l *lesson.Lesson) lesson.Progress {
		p := lesson.Progress{Answers: map[string]lesson.Answer{}}
		for _, q := range l.Questions() {
			p.Answers[q.ID] = lesson.Answer{Choice: q.Answer, Checked: true}
		}
		for _, s := range l.Sections {
			p.Visited = append(p.Visited, s.ID)
		}
		return p
	}
	for _, tc := range []struct {
		name        string
		states      []lesson.LessonState
		text, label string
		next        string // the lesson to go on with; "" for none
	}{
		{"nothing yet", []lesson.LessonState{first.State(lesson.Progress{}), second.State(lesson.Progress{})}, "완료한 레슨: 0 / 2", "학습 시작하기", first.ID},
		{"first begun", []lesson.LessonState{first.State(lesson.Progress{Visited: []string{first.Sections[0].ID}}), second.State(lesson.Progress{})}, "완료한 레슨: 0 / 2", "이어서 학습하기", first.ID},
		{"first done", []lesson.LessonState{first.State(all(first)), second.State(lesson.Progress{})}, "완료한 레슨: 1 / 2", "이어서 학습하기", second.ID},
		{"second begun, first not", []lesson.LessonState{first.State(lesson.Progress{}), second.State(lesson.Progress{Visited: []string{second.Sections[0].ID}})}, "완료한 레슨: 0 / 2", "이어서 학습하기", second.ID},
		{"all done", []lesson.LessonState{first.State(all(first)), second.State(all(second))}, "완료한 레슨: 2 / 2", "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newHome(c, func(l *lesson.Lesson) lesson.LessonState {
				return tc.states[slices.Index(c.Lessons, l)]
			})
			h.read()
			html := app.HTMLString(h)
			if !strings.Contains(html, tc.text) {
				t.Errorf("no %q in\n%s", tc.text, html)
			}
			if tc.next == "" {
				if strings.Contains(html, "course-continue-link") {
					t.Error("every lesson is done, yet the home offers one to continue")
				}
				return
			}
			link := regexp.MustCompile(`<a [^>]*course-continue-link[^>]*>`).FindString(html)
			if !strings.Contains(html, tc.label) || !strings.Contains(link, `href="`+tc.next+`/"`) {
				t.Errorf("want %q to %s in\n%s", tc.label, tc.next, html)
			}
		})
	}
}
