package ui

import (
	"slices"
	"strings"

	"github.com/maxence-charriere/go-app/v10/pkg/app"

	"golesson/app/lesson"
)

// store holds the learner's progress for the page and saves every change
// on the device through window.lessonStore (web/boot.js), which never
// throws: blocked, full or broken storage falls back to memory. Corrupt or
// old-schema data is discarded. On the server (prerender) it is empty and
// saves nothing, so the prerendered page shows the defaults.
type store struct {
	key    string
	lesson *lesson.Lesson
	data   lesson.Progress
	lms    *lms
	onSync app.Func // the storage listener, kept alive while the page lives
}

// progressSynced is the go-app state that components observe to re-read the
// store after another tab of the same lesson saved (its value counts syncs).
const progressSynced = "golesson.progress-synced"

func newStore(l *lesson.Lesson) *store {
	s := &store{key: lesson.ProgressKey(l.ID), lesson: l, lms: newLMS(l)}
	if app.IsServer {
		return s
	}
	// Under SCORM the LMS's record of the attempt comes first.
	if sd := s.lms.suspendData(); sd != "" {
		if p, err := lesson.DecodeProgress(sd); err == nil {
			s.data = l.Sanitize(p)
			if s.lms != nil {
				s.lms.completed = l.QuizResult(p).Complete()
			}
			return s
		}
	}
	js := jsStore()
	if js == nil {
		return s
	}
	if raw := call(js, "get", s.key); raw.Type() == app.TypeString {
		if p, err := lesson.DecodeProgress(raw.String()); err == nil {
			s.data = l.Sanitize(p)
		} else {
			call(js, "remove", s.key)
		}
	}
	// Progress saved by an older schema cannot be read; drop it.
	prefix := lesson.ProgressKeyPrefix(l.ID)
	if keys := call(js, "keys"); keys.Truthy() {
		for i := 0; i < keys.Length(); i++ {
			if k := keys.Index(i).String(); strings.HasPrefix(k, prefix) && k != s.key {
				call(js, "remove", k)
			}
		}
	}
	if s.lms != nil {
		s.lms.completed = l.QuizResult(s.data).Complete()
	}
	return s
}

// watch calls synced after another tab of this lesson saved its progress,
// with the change to apply on the app's goroutine; the other tab's progress
// is then this page's too. Without it two tabs would each save their own
// answers over the other's.
func (s *store) watch(synced func(apply func())) {
	if s == nil || app.IsServer || s.onSync != nil {
		return
	}
	s.onSync = app.FuncOf(func(this app.Value, args []app.Value) any {
		e := args[0]
		if e.Get("key").String() != s.key {
			return nil
		}
		nv := e.Get("newValue")
		if nv.Type() != app.TypeString {
			return nil // cleared in the other tab: keep what this page shows
		}
		p, err := lesson.DecodeProgress(nv.String())
		if err != nil {
			return nil
		}
		p = s.lesson.Sanitize(p)
		synced(func() { s.data = p })
		return nil
	})
	app.Window().Call("addEventListener", "storage", s.onSync)
}

func jsStore() app.Value {
	v := app.Window().Get("lessonStore")
	if v == nil || !v.Truthy() {
		return nil
	}
	return v
}

// call calls a lessonStore method; a JavaScript exception, which lessonStore
// should never raise, becomes undefined instead of stopping the app.
func call(js app.Value, method string, args ...any) (v app.Value) {
	defer func() {
		if recover() != nil {
			v = app.Undefined()
		}
	}()
	return js.Call(method, args...)
}

// changed saves the progress and reports it to the LMS, if any; checked is
// the id of a question just checked, or "".
func (s *store) changed(checked string) {
	s.save()
	s.lms.changed(s.data, checked)
}

func (s *store) save() {
	if s == nil || app.IsServer {
		return
	}
	if js := jsStore(); js != nil {
		call(js, "set", s.key, s.data.Encode())
	}
}

func (s *store) answer(id string) (lesson.Answer, bool) {
	if s == nil {
		return lesson.Answer{}, false
	}
	a, ok := s.data.Answers[id]
	return a, ok
}

func (s *store) setAnswer(id string, a lesson.Answer) {
	if s == nil {
		return
	}
	if s.data.Answers == nil {
		s.data.Answers = map[string]lesson.Answer{}
	}
	s.data.Answers[id] = a
	checked := ""
	if a.Checked {
		checked = id
	}
	s.changed(checked)
}

func (s *store) excluded(id string) []int {
	if s == nil {
		return nil
	}
	return s.data.Excluded[id]
}

func (s *store) setExcluded(id string, off []int) {
	if s == nil {
		return
	}
	if s.data.Excluded == nil {
		s.data.Excluded = map[string][]int{}
	}
	if len(off) == 0 {
		delete(s.data.Excluded, id)
	} else {
		s.data.Excluded[id] = off
	}
	s.changed("")
}

func (s *store) detail(id string) (lesson.DeeperSettings, bool) {
	if s == nil {
		return lesson.DeeperSettings{}, false
	}
	d, ok := s.data.Deeper[id]
	return d, ok
}

func (s *store) setDetail(id string, v lesson.DeeperSettings) {
	if s == nil {
		return
	}
	if s.data.Deeper == nil {
		s.data.Deeper = map[string]lesson.DeeperSettings{}
	}
	s.data.Deeper[id] = v
	s.changed("")
}

func (s *store) visited() []string {
	if s == nil {
		return nil
	}
	return s.data.Visited
}

// visit records that section id was seen.
func (s *store) visit(id string) {
	if s == nil || slices.Contains(s.data.Visited, id) {
		return
	}
	s.data.Visited = append(s.data.Visited, id)
	s.changed("")
}

func (s *store) slider(id string) (int64, bool) {
	if s == nil {
		return 0, false
	}
	v, ok := s.data.Sliders[id]
	return v, ok
}

func (s *store) setSlider(id string, v int64) {
	if s == nil {
		return
	}
	if s.data.Sliders == nil {
		s.data.Sliders = map[string]int64{}
	}
	s.data.Sliders[id] = v
	s.changed("")
}

// savedState reads how far the learner is in l from the device, for the
// course home: the same key the lesson saves under, read only (the lesson
// itself discards what it cannot read).
func savedState(l *lesson.Lesson) lesson.LessonState {
	js := jsStore()
	if js == nil || app.IsServer {
		return l.State(lesson.Progress{})
	}
	var p lesson.Progress
	if raw := call(js, "get", lesson.ProgressKey(l.ID)); raw.Type() == app.TypeString {
		p, _ = lesson.DecodeProgress(raw.String())
	}
	return l.State(p)
}
