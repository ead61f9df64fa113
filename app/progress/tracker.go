// Package progress owns the learner's progress while a lesson is open: the
// changes the lesson's controls make to it (pure methods on a Tracker), where
// it is kept on the device (a Store) and what is reported to an LMS that
// embeds the lesson (an LMS). It calls no browser API itself: app/jsapi
// implements Store and LMS over the page's scripts, and MemoryStore and
// Standalone stand in for them in the prerender and in tests.
package progress

import (
	"maps"
	"slices"
	"strings"

	"golesson/app/lesson"
)

// Store keeps strings on the device under keys. The browser's never fails
// (web/storage-guard.js keeps a refused write in memory for the visit).
type Store interface {
	Get(key string) (value string, ok bool)
	Set(key, value string)
	Remove(key string)
	Keys() []string
	// Watch calls changed with the new value whenever another tab of the
	// same site saves under key (ok is false when it removed it).
	Watch(key string, changed func(value string, ok bool))
}

// Tracker is one lesson's progress while its page is open. Every change
// saves the progress and reports it to the LMS. The value Progress returns
// is never changed afterwards: a change replaces the maps it touches, so a
// component holding an older value can compare it with the new one.
type Tracker struct {
	lesson *lesson.Lesson
	key    string
	store  Store
	lms    *reporter
	data   lesson.Progress

	options map[string]int // how many options each question has, by id
}

// Open reads l's saved progress: under SCORM the LMS's record of the
// attempt, else the device's copy. Corrupt or old-schema data is
// discarded, and what survives is sanitised, so hostile saved data never
// stops the lesson.
func Open(l *lesson.Lesson, store Store, lms LMS) *Tracker {
	t := &Tracker{lesson: l, key: lesson.ProgressKey(l.ID), store: store, options: map[string]int{}}
	for _, q := range l.Questions() {
		t.options[q.ID] = len(q.Options)
	}
	t.lms = newReporter(l, store, lms)
	t.data = t.read(lms)
	t.lms.completed = l.QuizResult(t.data).Complete()
	return t
}

func (t *Tracker) read(lms LMS) lesson.Progress {
	if sd := lms.SuspendData(); sd != "" {
		if p, err := lesson.DecodeProgress(decodeSuspend(t.lesson, sd)); err == nil {
			return t.lesson.Sanitize(p)
		}
	}
	var p lesson.Progress
	if raw, ok := t.store.Get(t.key); ok {
		if saved, err := lesson.DecodeProgress(raw); err == nil {
			p = t.lesson.Sanitize(saved)
		} else {
			t.store.Remove(t.key)
		}
	}
	// Progress saved by an older schema cannot be read; drop it.
	prefix := lesson.ProgressKeyPrefix(t.lesson.ID)
	for _, k := range t.store.Keys() {
		if strings.HasPrefix(k, prefix) && k != t.key {
			t.store.Remove(k)
		}
	}
	return p
}

// Progress is the progress as it is now.
func (t *Tracker) Progress() lesson.Progress { return t.data }

// Watch calls synced after another tab of this lesson saved its progress,
// with the change to apply on the app's goroutine; the other tab's progress
// is then this page's too (not saved again: it is already). Without it two
// tabs would each save their own answers over the other's.
func (t *Tracker) Watch(synced func(apply func())) {
	t.store.Watch(t.key, func(value string, ok bool) {
		if !ok {
			return // cleared in the other tab: keep what this page shows
		}
		p, err := lesson.DecodeProgress(value)
		if err != nil {
			return
		}
		p = t.lesson.Sanitize(p)
		synced(func() { t.data = p })
	})
}

// changed saves the progress and reports it to the LMS; checked is the id
// of a question just checked, or "".
func (t *Tracker) changed(checked string) {
	t.store.Set(t.key, t.data.Encode())
	t.lms.changed(t.data, checked)
}

// Answer is question id's saved answer: the first option, unchecked, when
// there is none.
func (t *Tracker) Answer(id string) lesson.Answer { return t.data.Answers[id] }

func (t *Tracker) setAnswer(id string, a lesson.Answer) {
	t.data.Answers = maps.Clone(t.data.Answers)
	if t.data.Answers == nil {
		t.data.Answers = map[string]lesson.Answer{}
	}
	t.data.Answers[id] = a
	checked := ""
	if a.Checked {
		checked = id
	}
	t.changed(checked)
}

// SetAnswer keeps question id's answer (Select, Check, TryAgain and
// ShowAnswer make it), unless the lesson has no such question or option.
func (t *Tracker) SetAnswer(id string, a lesson.Answer) {
	if a.Choice < 0 || a.Choice >= t.options[id] {
		return
	}
	t.setAnswer(id, a)
}

// Select is a with option i chosen. The old feedback was about another
// answer, so it is unchecked again.
func Select(a lesson.Answer, i int) lesson.Answer {
	a.Choice, a.Checked = i, false
	return a
}

// Check is a with its feedback shown.
func Check(a lesson.Answer) lesson.Answer {
	a.Checked = true
	return a
}

// TryAgain is a with a checked try cleared (the choice stays).
func TryAgain(a lesson.Answer) lesson.Answer {
	a.Checked, a.Shown = false, false
	return a
}

// ShowAnswer is a with the right answer revealed.
func ShowAnswer(a lesson.Answer) lesson.Answer {
	a.Shown = true
	return a
}

// ResetQuiz clears every answer of the lesson.
func (t *Tracker) ResetQuiz() {
	for _, q := range t.lesson.Questions() {
		if _, ok := t.data.Answers[q.ID]; ok {
			t.setAnswer(q.ID, lesson.Answer{})
		}
	}
}

// Slider is slider key's saved value (lesson.SliderKey), if any.
func (t *Tracker) Slider(key string) (int64, bool) {
	v, ok := t.data.Sliders[key]
	return v, ok
}

// SetSlider keeps slider key's value, which the caller has snapped.
func (t *Tracker) SetSlider(key string, v int64) {
	t.data.Sliders = maps.Clone(t.data.Sliders)
	if t.data.Sliders == nil {
		t.data.Sliders = map[string]int64{}
	}
	t.data.Sliders[key] = v
	t.changed("")
}

// SetSliders applies slider values moved before the app ran (by key, as
// the page's early-answers script kept them), saving once. Values that do
// not fit the lesson are dropped, as saved data's are.
func (t *Tracker) SetSliders(moved map[string]int64) {
	valid := t.lesson.Sanitize(lesson.Progress{Sliders: moved}).Sliders
	sliders := maps.Clone(t.data.Sliders)
	if sliders == nil {
		sliders = map[string]int64{}
	}
	n := 0
	for k, v := range valid {
		if old, ok := sliders[k]; !ok || old != v {
			sliders[k] = v
			n++
		}
	}
	if n == 0 {
		return
	}
	t.data.Sliders = sliders
	t.changed("")
}

// Include leaves item i of mini-lab labID in (on) or out of its averages.
func (t *Tracker) Include(labID string, i int, on bool) {
	off := slices.DeleteFunc(slices.Clone(t.data.Excluded[labID]), func(j int) bool { return j == i })
	if !on {
		off = append(off, i)
		slices.Sort(off)
	}
	t.data.Excluded = maps.Clone(t.data.Excluded)
	if t.data.Excluded == nil {
		t.data.Excluded = map[string][]int{}
	}
	if len(off) == 0 {
		delete(t.data.Excluded, labID)
	} else {
		t.data.Excluded[labID] = off
	}
	t.changed("")
}

// SetDeeper keeps calculator calcID's 자세히 settings.
func (t *Tracker) SetDeeper(calcID string, d lesson.DeeperSettings) {
	t.data.Deeper = maps.Clone(t.data.Deeper)
	if t.data.Deeper == nil {
		t.data.Deeper = map[string]lesson.DeeperSettings{}
	}
	t.data.Deeper[calcID] = d
	t.changed("")
}

// Visit records that section id was read.
func (t *Tracker) Visit(id string) {
	if slices.Contains(t.data.Visited, id) {
		return
	}
	t.data.Visited = append(slices.Clip(t.data.Visited), id)
	t.changed("")
}
