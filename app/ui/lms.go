package ui

import (
	"encoding/json"
	"time"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// maxSuspendData is SCORM 1.2's limit for cmi.suspend_data.
const maxSuspendData = 4096

// lms passes the learner's results to whatever embeds the lesson, through
// window.lessonLMS (web/lms.js): xAPI-shaped statements to the parent page
// of an iframe, and score, status and suspend data to a SCORM runtime.
// Standalone, lessonLMS does nothing with them.
type lms struct {
	js        app.Value
	lesson    *lesson.Lesson
	completed bool // the completed statement went out (once per visit)
}

func newLMS(l *lesson.Lesson) *lms {
	if app.IsServer {
		return nil
	}
	v := app.Window().Get("lessonLMS")
	if v == nil || !v.Truthy() {
		return nil
	}
	return &lms{js: v, lesson: l}
}

// suspendData is what the SCORM runtime kept of a previous attempt.
func (b *lms) suspendData() string {
	if b == nil {
		return ""
	}
	if v := call(b.js, "suspendData"); v.Type() == app.TypeString {
		return v.String()
	}
	return ""
}

// changed reports the progress after any change; checked is the id of the
// question just checked, or "".
func (b *lms) changed(p lesson.Progress, checked string) {
	if b == nil {
		return
	}
	iri := lessonIRI()
	now := time.Now().UTC().Format(time.RFC3339)
	if checked != "" {
		for _, q := range b.lesson.Questions() {
			if q.ID == checked {
				b.post(b.lesson.Answered(iri, q, p.Answers[checked].Choice, now))
			}
		}
	}
	r := b.lesson.QuizResult(p)
	call(b.js, "progress", suspendData(p), r.Percent(), b.lesson.Status(r))
	if r.Complete() && !b.completed {
		b.completed = true
		b.post(b.lesson.Completed(iri, r, now))
	}
}

func (b *lms) post(s lesson.Statement) {
	j, err := json.Marshal(s)
	if err == nil {
		call(b.js, "statement", string(j))
	}
}

// suspendData is the progress for cmi.suspend_data, within SCORM's 4096
// characters: calculator settings go first if it ever gets too long.
func suspendData(p lesson.Progress) string {
	s := p.Encode()
	if len(s) > maxSuspendData {
		p.Sliders = nil
		s = p.Encode()
	}
	if len(s) > maxSuspendData {
		return ""
	}
	return s
}

// lessonIRI identifies the lesson in statements: its URL, without query
// string or fragment.
func lessonIRI() string {
	u := app.Window().URL()
	u.RawQuery, u.Fragment = "", ""
	return u.String()
}
